"""Spanish as the offline resolver hears it (es-US, es-MX, es-ES): words, numbers, lengths of
time, dates, the built-in intents, and whole utterances through the built Spanish models."""

from __future__ import annotations

from datetime import date

import pytest

from interaction_model.languages import for_locale
from interaction_model.languages.es import number_to_words, parse_number
from interaction_model.resolver import Resolver
from simulator.utterances import Launch, OneShot, Said, parse
from simulator.voice import espeak_voice

SPANISH = for_locale("es-MX")
# The held-out sets' reference day: Wednesday 25 November 2026.
WEDNESDAY = date(2026, 11, 25)


def said(text: str) -> list[str]:
    tokens, _ = SPANISH.text.tokenize(text)
    return [t.text for t in SPANISH.text.strip_fillers(tokens)]


def test_every_spanish_locale_reads_spanish():
    assert {for_locale(loc).code for loc in ("es-US", "es-MX", "es-ES")} == {"es"}


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("¿Desde cuándo? Dos DÍAS", ["desde", "cuando", "dos", "dias"]),
        ("hace un año", ["hace", "un", "año"]),
        ("15 días", ["quince", "dias"]),
        ("pues no sé", ["no", "sé"]),
        ("no se", ["no", "sé"]),
        ("no se si tengo fiebre", ["no", "sé", "si", "tengo", "fiebre"]),
        ("no se me duermen", ["no", "se", "me", "duermen"]),
        ("o sea, me caí", ["me", "cai"]),
        ("sí, gracias", ["si"]),
    ],
)
def test_words_lose_accents_but_keep_ñ_and_sé(text, words):
    assert said(text) == words


@pytest.mark.parametrize(
    ("words", "value"),
    [
        ("quince", 15), ("veintiún", 21), ("veintiuno", 21), ("treinta y cinco", 35),
        ("un par de", 2), ("cien", 100), ("ciento veinte", 120), ("dos mil", 2000),
    ],
)
def test_number_words(words, value):
    tokens = [t.text for t in SPANISH.text.tokenize(words)[0]]
    assert parse_number(tokens, 0) == (value, len(tokens))


def test_digits_are_said_as_words():
    assert [number_to_words(n) for n in (1, 16, 21, 35, 100, 215)] == [
        "uno", "dieciseis", "veintiuno", "treinta y cinco", "cien", "doscientos quince",
    ]


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("tres días", "P3D"), ("un par de semanas", "P2W"), ("quince días", "P15D"),
        ("desde ayer", "P1D"), ("desde antier", "P2D"), ("una quincena", "P2W"),
        ("seis meses", "P6M"), ("un año", "P1Y"), ("dos meses y medio", "P2.5M"),
        ("media hora", "PT30M"), ("un rato", "?"), ("dos semanas y tres días", "P2W3D"),
    ],
)
def test_lengths_of_time_as_amazon_duration(text, iso):
    assert SPANISH.durations.parse(" ".join(said(text))) == iso


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("ayer", "2026-11-24"), ("anteayer", "2026-11-23"), ("hoy", "2026-11-25"),
        # Alexa resolves a weekday to the next one; the skill counts back from a future date.
        ("el domingo", "2026-11-29"), ("el domingo pasado", "2026-11-22"),
        ("el lunes", "2026-11-30"), ("la semana pasada", "2026-W47"),
        ("el fin de semana pasado", "2026-W47-WE"), ("el mes pasado", "2026-10"),
        ("el tres de noviembre", "2027-11-03"), ("el primero de diciembre", "2026-12-01"),
        ("navidad", "2026-12-25"), ("el día de acción de gracias", "2026-11-26"),
        # A weekday of last week, in a week that starts on Sunday; a weekday with its number.
        ("el lunes de la semana pasada", "2026-11-16"),
        ("el domingo de la semana pasada", "2026-11-15"),
        ("el viernes 13", "2026-11-13"), ("san juan", "2027-06-24"),
    ],
)
def test_dates_as_amazon_date(text, value):
    words = said(text)
    spans = SPANISH.find_dates(words, WEDNESDAY)
    assert spans and (spans[0].start, spans[0].end, spans[0].value) == (0, len(words), value)


@pytest.fixture(scope="module")
def resolver() -> Resolver:
    return Resolver("es-US", today=lambda: WEDNESDAY)


@pytest.mark.parametrize(
    ("text", "intent", "slots"),
    [
        ("sí, la verdad", "AMAZON.YesIntent", {}),
        ("no, nada de eso", "AMAZON.NoIntent", {}),
        ("creo que no", "AMAZON.NoIntent", {}),
        # A yes word turned by "no" is a no; on its own it stays a yes.
        ("claro que no", "AMAZON.NoIntent", {}),
        ("por supuesto que no", "AMAZON.NoIntent", {}),
        ("claro que sí", "AMAZON.YesIntent", {}),
        ("hace una hora", "DurationIntent", {"vagueDuration": "today"}),
        ("desde esta tarde", "DurationIntent", {"vagueDuration": "today"}),
        ("una hora", "DurationIntent", {"duration": "PT1H"}),
        ("pues no sé", "HedgeIntent", {"hedge": "unknown"}),
        ("más o menos", "HedgeIntent", {"hedge": "partly"}),
        ("un poco", "HedgeIntent", {"hedge": "partly"}),
        ("se me duermen las nalgas", "ReportSymptomIntent", {"symptom": "saddle_numbness"}),
        ("no siento nada entre las piernas", "ReportSymptomIntent",
         {"symptom": "saddle_numbness"}),
        ("no puedo orinar", "ReportSymptomIntent", {"symptom": "bladder_bowel"}),
        ("me hice pipí", "ReportSymptomIntent", {"symptom": "bladder_bowel"}),
        ("me atropellaron", "ReportSymptomIntent", {"symptom": "serious_injury"}),
        ("tengo calentura", "ReportSymptomIntent", {"symptom": "fever"}),
        ("no tengo fiebre", "DenySymptomIntent", {"symptom": "fever"}),
        ("ni fiebre ni nada", "DenySymptomIntent", {"symptom": "fever"}),
        ("no, pero se me doblan las piernas", "AnswerNoIntent", {"detail": "leg_weakness"}),
        # A denial after the sign ("fiebre no he tenido") is in the slot, read whole; a value
        # with its own negation is an inability, and what follows it another sentence.
        ("hinchada no la tengo", "DenySymptomIntent", {"symptom": "hinchada no la tengo"}),
        ("no puedo pararme, no la puedo apoyar para nada", "ReportSymptomIntent",
         {"symptom": "cannot_move"}),
        ("fiebre no, pero me he orinado en la cama", "AnswerNoIntent",
         {"noSymptom": "fever", "detail": "bladder_bowel"}),
        ("me baja un dolor por la pierna, será ciática", "ConditionInfoIntent",
         {"condition": "sciatica", "symptom": "me baja un dolor por la pierna"}),
        ("tres días", "DurationIntent", {"duration": "P3D"}),
        ("quince días", "DurationIntent", {"duration": "P15D"}),
        ("un par de semanas", "DurationIntent", {"vagueDuration": "couple_of_weeks"}),
        ("desde el domingo", "DurationIntent", {"since": "2026-11-29"}),
        ("hace una semana", "DurationIntent", {"duration": "P1W"}),
        ("me caí hace una semana", "DurationIntent",
         {"duration": "P1W", "symptom": "serious_injury"}),
        ("no puedo respirar", "EmergencyIntent", {"emergency": "breathing"}),
        ("me quiero morir", "EmergencyIntent", {"emergency": "self_harm"}),
        ("me duele el pecho", "ReportSymptomIntent", {"symptom": "chest_pain"}),
        ("me duele la espalda desde hace tres días", "StartAssessmentIntent",
         {"duration": "P3D", "location": "lower_back"}),
        ("qué es la ciática", "ConditionInfoIntent", {"condition": "sciatica"}),
        # The longer value said, not the shorter one inside it ("la artritis").
        ("qué es la artritis reumatoide", "ConditionInfoIntent",
         {"condition": "rheumatoid_arthritis"}),
        ("puedo tomar paracetamol para el dolor de espalda", "PainReliefIntent", {}),
        ("puedo tomar paracetamol", "PainReliefIntent", {}),
        ("es para mi mamá", "ForSomeoneElseIntent", {"person": "her"}),
        ("repite", "AMAZON.RepeatIntent", {}),
        ("mande", "AMAZON.RepeatIntent", {}),
        ("empezar de nuevo", "AMAZON.StartOverIntent", {}),
        ("cancela", "AMAZON.CancelIntent", {}),
        ("para", "AMAZON.StopIntent", {}),
        ("ayuda", "AMAZON.HelpIntent", {}),
    ],
)
def test_spanish_utterances(resolver, text, intent, slots):
    resolution = resolver.resolve(text)
    heard = {name: slot.id or slot.value for name, slot in resolution.slots.items()}
    assert (resolution.intent, heard) == (intent, slots)


def test_a_spanish_device_opens_the_skill_by_its_spanish_name():
    assert parse("abre ayuda para cadera y espalda", "es-US") == Launch()
    assert parse("Alexa, abre ayuda para cadera y espalda por favor", "es-MX") == Launch()
    assert parse("pídele a ayuda para cadera y espalda que revise mi espalda", "es-ES") == (
        OneShot(("revise mi espalda", "que revise mi espalda"))
    )
    assert parse("open hip and back helper", "es-US") == Said("open hip and back helper")
    assert parse("open hip and back helper") == Launch()


def test_espeak_speaks_latin_american_spanish_in_the_americas():
    assert [espeak_voice(loc) for loc in ("es-US", "es-MX", "es-ES", "en-GB")] == [
        "es-419", "es-419", "es", "en-gb",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "pues me he hecho daño en la espalda cogiendo una caja pido cita en el ambulatorio o no "
        "hace falta",
        "me hice daño en la cadera, tengo que ir al médico",
    ],
)
def test_getting_hurt_is_no_loss_of_bladder_control(resolver, text):
    # "me he hecho daño" is how people say they got hurt: only "me he hecho encima" (or "en
    # los pantalones", "en la cama") is the warning sign.
    resolution = resolver.resolve(text)
    assert "bladder_bowel" not in {slot.id for slot in resolution.slots.values()}, resolution


@pytest.mark.parametrize("text", ["me he hecho encima", "me hice en la cama", "me he hecho pis"])
def test_wetting_oneself_stays_a_warning_sign(resolver, text):
    resolution = resolver.resolve(text)
    assert resolution.slots["symptom"].id == "bladder_bowel", resolution
