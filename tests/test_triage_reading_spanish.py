"""The triage core reads Spanish answers (lexicon/es.toml): a negation is never a sign, a hedge
is never a no, a sign inside a sentence is heard, and a "no" that belongs to the sign ("no
puedo orinar", "no siento nada entre las piernas") denies nothing."""

from __future__ import annotations

import pytest

from hipback.triage.hearing import AFTER_NO, DENIED, SlotWords, hear
from hipback.triage.model import Reply
from hipback.triage.reading import (
    duration_hours,
    language_of,
    may_be_a_child,
    read,
    story_of_another,
)

LOCALES = ("es-US", "es-MX", "es-ES")


def test_every_spanish_locale_reads_spanish():
    assert {language_of(locale) for locale in LOCALES} == {"es"}


@pytest.mark.parametrize(
    ("text", "sign"),
    [
        ("no tengo fiebre", "fever"),
        ("ni fiebre ni nada", "fever"),
        ("no, nada de calentura ni escalofríos", "fever"),
        ("la temperatura está normal", "fever"),
        ("no se me duermen las nalgas", "saddle_numbness"),
        ("no tengo problemas para orinar", "bladder_bowel"),
        ("las piernas están bien", "leg_weakness"),
        ("no me caí", "serious_injury"),
        ("no tuve ningún accidente", "serious_injury"),
        ("no me duele el pecho", "chest_pain"),
        ("la cadera no está hinchada", "hip_swelling"),
        ("no he perdido peso", "weight_loss"),
        ("el pie no me arrastra", "leg_weakness"),
        # The pain is not new: the age is no sign, whichever clause says so.
        ("no, y tengo cincuenta y dos pero lumbagos he tenido un montón", "new_over_fifty"),
        ("tengo sesenta, esto no es nuevo, me da de vez en cuando", "new_over_fifty"),
        ("tengo sesenta y dos pero de la espalda siempre he sufrido", "new_over_fifty"),
        # A relative's cancer, then "not me" as a clause of its own.
        ("mi mamá tuvo cáncer pero yo no", "cancer_history"),
        ("en mi familia sí hubo cáncer pero yo nunca he tenido", "cancer_history"),
        # Any sign of another person's, then the speaker's own "yo no" or denial; with or
        # without the "mi" a sample may have taken.
        ("padre tuvo cáncer de colon pero yo nunca, y llevo una semana de reposo",
         "cancer_history"),
        ("mis niños andan con gripa y calentura pero yo no, yo sin fiebre", "fever"),
        ("compadre tiene una pierna que le falla, pero a mí no, yo ando bien parado",
         "leg_weakness"),
        ("mi hijo tuvo un accidente con la moto, pero yo no, lo mío vino sin golpe",
         "serious_injury"),
        ("la neta no, controlo bien el intestino, voy al baño diario", "bladder_bowel"),
        ("mamá murió de cáncer pero yo nunca lo he tenido, y sí llevo una semana con reposo",
         "cancer_history"),
        ("tengo cincuenta y ocho y ya me había dado antes", "new_over_fifty"),
    ],
)
def test_a_denied_sign_is_never_a_sign(text, sign):
    reading = read(text, "es-US")
    assert sign not in reading.signs
    assert sign in reading.denied


@pytest.mark.parametrize(
    ("text", "sign"),
    [
        ("no puedo orinar", "bladder_bowel"),
        ("se me sale la orina sin darme cuenta", "bladder_bowel"),
        ("me hice pipí encima", "bladder_bowel"),
        ("no controlo la vejiga", "bladder_bowel"),
        ("no siento nada entre las piernas", "saddle_numbness"),
        ("cuando me limpio no siento nada", "saddle_numbness"),
        ("tengo un hormigueo en la entrepierna", "saddle_numbness"),
        ("se me doblan las piernas", "leg_weakness"),
        ("no puedo apoyar la pierna", "cannot_move"),
        ("me caí de la escalera", "serious_injury"),
        ("me resbalé en el hielo", "serious_injury"),
        ("me atropellaron", "serious_injury"),
        ("tengo calentura", "fever"),
        ("tengo escalofríos y sudores", "fever"),
        ("la cadera está roja y caliente", "hip_swelling"),
        ("me duele el pecho", "chest_pain"),
        ("me mareo y me dan sudores fríos", "collapse"),
        ("tuve cáncer de mama hace años", "cancer_history"),
        ("mi mamá tuvo cáncer", "cancer_history"),
        ("mi mamá tuvo cáncer pero yo no puedo orinar", "cancer_history"),
        ("mi mamá tuvo cáncer y yo", "cancer_history"),
        ("mi marido tuvo fiebre y ahora yo tengo escalofríos", "fever"),
        ("ella tuvo fiebre, yo no", "fever"),
        ("me caí en la boda de mi hijo, pero yo no me pegué", "serious_injury"),
        ("mi hijo estaba conmigo, me caí de la escalera, pero no me pegué", "serious_injury"),
        ("mi marido tiene fiebre, pero mi hijo no tiene fiebre", "fever"),
        ("tengo fiebre sin duda", "fever"),
        ("sin duda tengo fiebre", "fever"),
        ("no tengo fiebre y no puedo caminar", "cannot_move"),
        ("no controlo bien el intestino", "bladder_bowel"),
        ("he bajado mucho de peso sin querer", "weight_loss"),
        ("me duele más por la noche, ni acostado se me quita", "night_pain"),
        ("tengo sesenta y dos años", "new_over_fifty"),
        ("no me deja dormir", "severe_pain"),
        ("es un dolor insoportable", "severe_pain"),
        # Signs inside longer sentences, after a turn.
        ("no tengo fiebre, pero se me duerme la entrepierna", "saddle_numbness"),
        ("no me caí, pero la pierna se me dobla sola", "leg_weakness"),
        ("no, lo que pasa es que se me duermen las nalgas", "saddle_numbness"),
        ("no, pero estoy adelgazando sin querer, se me caen los pantalones", "weight_loss"),
        ("he perdido peso sin ponerme a dieta", "weight_loss"),
        ("de noche me duele más, aunque esté tumbada no se alivia", "night_pain"),
        ("voy arrastrando el pie, no lo levanto", "leg_weakness"),
        ("es horroroso, no me puedo ni dar la vuelta en la cama", "severe_pain"),
        ("tengo sesenta y siete y jamás había tenido dolor de espalda", "new_over_fifty"),
    ],
)
def test_a_sign_said_is_heard(text, sign):
    reading = read(text, "es-US")
    assert sign in reading.signs, reading


def test_a_denial_after_a_negation_is_no_denial():
    assert "cannot_move" in read("no puedo caminar bien", "es-US").signs
    assert "cannot_move" in read("puedo caminar bien", "es-US").denied


@pytest.mark.parametrize(
    ("text", "reply"),
    [
        ("no sé", Reply.UNSURE), ("pues no se", Reply.UNSURE), ("no estoy segura", Reply.UNSURE),
        ("no sé, creo que no", Reply.UNSURE), ("quizás", Reply.UNSURE), ("puede ser", Reply.UNSURE),
        ("no me acuerdo", Reply.UNSURE), ("sepa", Reply.UNSURE),
        ("no me he puesto el termómetro", Reply.UNSURE), ("pues no sé qué decirte", Reply.UNSURE),
        ("un poco", Reply.YES), ("más o menos", Reply.YES), ("a veces", Reply.YES),
        ("creo que no", Reply.NO), ("para nada", Reply.NO), ("sí", Reply.YES),
        ("no puedo orinar", None), ("no siento nada ahí abajo", None),
    ],
)
def test_replies_in_so_many_words(text, reply):
    assert read(text, "es-US").reply is reply


def test_a_question_says_no_sign():
    for text in ("puedo tomar ibuprofeno", "qué es la ciática", "cuándo debo preocuparme"):
        assert read(text, "es-US").question


def test_no_then_a_verb_denies_it_and_no_then_a_sentence_says_it():
    fell = hear([SlotWords("symptom", "me caí", None, True)], AFTER_NO, "es-US").reading
    assert "serious_injury" in fell.denied and not fell.signs
    leg = hear([SlotWords("symptom", "la pierna se me dobla", None, True)], AFTER_NO, "es-US")
    assert "leg_weakness" in leg.reading.signs
    fever = hear([SlotWords("symptom", "fiebre", None, True)], DENIED, "es-US").reading
    assert "fever" in fever.denied and not fever.signs


def test_a_no_that_may_belong_to_an_inability_does_not_know():
    # "no la apoyo" is "I can't put weight on it", or "no, la apoyo": only a clear no is no.
    for words in ("la apoyo", "lo apoyo"):
        weight = hear([SlotWords("symptom", words, None, True)], AFTER_NO, "es-MX").reading
        assert weight.reply is Reply.UNSURE and not weight.denied, words
    # A sign said with it stands.
    fever = hear([SlotWords("symptom", "la apoyo pero tengo fiebre", None, True)], AFTER_NO,
                 "es-MX").reading
    assert fever.reply is Reply.UNSURE and "fever" in fever.signs
    # A no that opens an inability says it ("no puedo apoyar la pierna", the no heard apart).
    leg = hear([SlotWords("symptom", "puedo apoyar la pierna", None, True)], AFTER_NO,
               "es-ES").reading
    assert "cannot_move" in leg.signs and leg.reply is not Reply.UNSURE
    fine = hear([SlotWords("symptom", "la muevo bien", None, True)], AFTER_NO, "es-ES").reading
    assert fine.reply is not Reply.UNSURE and "cannot_move" not in fine.signs
    walk = hear([SlotWords("symptom", "no puedo caminar", "cannot_move", False)], AFTER_NO,
                "es-MX").reading
    assert "cannot_move" in walk.signs


def test_what_the_leg_cannot_do_said_after_the_sign_is_no_denial_of_it():
    said = read("se me dobla la rodilla no la apoyo", "es-MX")
    assert {"leg_weakness", "cannot_move"} <= said.signs and not said.denied
    assert "cannot_move" in read("la pierna no la apoyo", "es-ES").signs
    assert "cannot_move" in read("la muevo bien", "es-ES").denied
    # Moving it little, or not feeling it swollen, is no inability.
    assert "cannot_move" not in read("no la muevo mucho", "es-MX").signs
    assert "hip_swelling" in read("no lo siento hinchado", "es-MX").denied


def test_a_denial_before_the_turn_does_not_reach_the_detail_after_it():
    # "fiebre no he tenido, pero he bajado ocho kilos sin estar a dieta"
    heard = hear([SlotWords("noSymptom", "fiebre no he tenido", None, True),
                  SlotWords("detail", "he bajado ocho kilos sin estar a dieta", None, True)],
                 AFTER_NO, "es-US").reading
    assert heard.signs == {"weight_loss"} and "fever" in heard.denied


@pytest.mark.parametrize(
    ("text", "reply"),
    [
        ("llevo dos semanas con hielo y reposo y sigue igual", Reply.YES),
        ("no ha mejorado nada", Reply.YES),
        ("sí me ha ayudado bastante", Reply.NO),
        ("todavía no lo he probado", Reply.NO),
    ],
)
def test_home_care_stories(text, reply):
    assert read(text, "es-US").answers.get("home_care") is reply


@pytest.mark.parametrize(
    ("text", "hours"),
    [
        ("unos seis meses ya", 6 * 720), ("un par de semanas", 2 * 168),
        ("treinta y cinco días", 35 * 24), ("cuatro o cinco días", 4 * 24),
        ("una semana y media", 252), ("unas cuantas semanas", 3 * 168),
        ("tengo sesenta días con esto", 60 * 24),
        # Years said as how old are no length; said with the pain, they are.
        ("tengo sesenta años y me duele la espalda", None),
        ("mi hija tiene once años y le duele la cadera", None),
        ("mi nieta de nueve años se queja de la cadera", None),
        ("tengo dos años con este dolor", 2 * 8760),
        ("desde hace once años", 11 * 8760),
    ],
)
def test_lengths_in_words(text, hours):
    assert duration_hours(text, "es-US") == hours


def test_an_age_said_with_a_length_is_no_age():
    assert "new_over_fifty" not in read("tengo sesenta días con esto", "es-US").signs


@pytest.mark.parametrize(
    ("text", "who", "age"),
    [
        ("hija tiene trece años y juega fútbol y se queja de la cadera", "her", 13),
        ("chamaco de catorce anda diciendo que le duele la espalda baja", "child", 14),
        ("mi nieta de nueve años se queja en las noches de dolor en la cadera", "her", 9),
        ("a mi hijo le duele la espalda desde el partido", "him", None),
        ("niños pueden tener dolor de espalda", "child", None),
    ],
)
def test_a_story_that_opens_with_someone_else_is_theirs(
    text: str, who: str, age: int | None
) -> None:
    assert story_of_another(text, "es-MX") == (who, age)


@pytest.mark.parametrize("text", [
    "esposa dice que tengo ciática",
    "hijo me ayudó a levantarme y me duele la cadera",
    "espalda me duele mucho",
    "dolor de cinco días",
])
def test_a_story_that_does_not_open_with_someone_else_is_not_theirs(text: str) -> None:
    assert story_of_another(text, "es-ES") is None


@pytest.mark.parametrize(("text", "may"), [("hijo", True), ("mi nieta", True), ("mamá", False),
                                           ("niña", False)])
def test_who_may_be_a_child_or_grown_up(text: str, may: bool) -> None:
    assert may_be_a_child(text, "es-US") is may
