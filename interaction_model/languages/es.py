"""Spanish (es-US, es-MX, es-ES) as the offline resolver hears it: words, numbers, lengths of
time and dates, the way Alexa's Spanish models fill AMAZON.DURATION and AMAZON.DATE, what its
built-in intents take, and the small words the resolver weighs.

Accents are folded ("día" and "dia" are one word) but ñ is kept ("año" is not "ano"), and "sé"
(I know) is told from the pronoun "se" where the accent was left off: "no se si" is "no sé si",
"no se me duerme" keeps its pronoun.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta

from interaction_model.builtin_phrases import SPANISH_PHRASES
from interaction_model.dates import DateSpan, on_or_after, safe_date
from interaction_model.durations import DurationWords
from interaction_model.languages import Language, ResolverWords
from interaction_model.normalize import TextRules, Token

_UNITS = [
    "cero", "uno", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve", "diez",
    "once", "doce", "trece", "catorce", "quince", "dieciseis", "diecisiete", "dieciocho",
    "diecinueve", "veinte", "veintiuno", "veintidos", "veintitres", "veinticuatro", "veinticinco",
    "veintiseis", "veintisiete", "veintiocho", "veintinueve",
]  # fmt: skip
_TENS = {"treinta": 30, "cuarenta": 40, "cincuenta": 50, "sesenta": 60, "setenta": 70,
         "ochenta": 80, "noventa": 90}
_HUNDREDS = {"cien": 100, "ciento": 100, "doscientos": 200, "doscientas": 200, "trescientos": 300,
             "trescientas": 300, "cuatrocientos": 400, "quinientos": 500, "seiscientos": 600,
             "setecientos": 700, "ochocientos": 800, "novecientos": 900}
WORD_VALUES: dict[str, int] = {word: value for value, word in enumerate(_UNITS)}
WORD_VALUES.update(_TENS)
WORD_VALUES.update({"un": 1, "una": 1, "veintiun": 21, "veintiuna": 21, "diez y seis": 16})
NUMBER_WORDS = frozenset(WORD_VALUES) | frozenset(_HUNDREDS) | {"mil", "medio", "media", "par"}


def number_to_words(value: int) -> str:
    """Spelled-out Spanish (accents folded) of 0..999999, as digits are heard."""
    if value < 30:
        return _UNITS[value]
    if value < 100:
        tens, unit = divmod(value, 10)
        name = next(word for word, amount in _TENS.items() if amount == tens * 10)
        return name if unit == 0 else f"{name} y {_UNITS[unit]}"
    if value < 1000:
        hundreds, rest = divmod(value, 100)
        if value == 100:
            return "cien"
        name = "ciento" if hundreds == 1 else next(
            word for word, amount in _HUNDREDS.items() if amount == hundreds * 100
        )
        return name if rest == 0 else f"{name} {number_to_words(rest)}"
    thousands, rest = divmod(value, 1000)
    head = "mil" if thousands == 1 else f"{number_to_words(thousands)} mil"
    return head if rest == 0 else f"{head} {number_to_words(rest)}"


def parse_number(tokens: list[str], start: int) -> tuple[int, int] | None:
    """A number spelled out from tokens[start] ("quince", "treinta y cinco", "un par de"):
    (value, tokens used), or None."""
    words = tokens[start : start + 3]
    if words[:2] in (["un", "par"], ["par", "de"]):
        return 2, 3 if words[:3] == ["un", "par", "de"] else 2
    if words[:1] == ["par"]:
        return 2, 1
    if start >= len(tokens):
        return None
    word = tokens[start]
    if word in _HUNDREDS:
        value, end = _HUNDREDS[word], start + 1
        rest = parse_number(tokens, end) if end < len(tokens) and tokens[end] != "y" else None
        if rest is not None and rest[0] < 100:
            value, end = value + rest[0], end + rest[1]
        return _thousands(tokens, value, end, start)
    if word in _TENS:
        value, end = _TENS[word], start + 1
        if tokens[end : end + 1] == ["y"] and end + 1 < len(tokens):
            unit = WORD_VALUES.get(tokens[end + 1], 0)
            if 0 < unit < 10:
                value, end = value + unit, end + 2
        return _thousands(tokens, value, end, start)
    if word in WORD_VALUES:
        return _thousands(tokens, WORD_VALUES[word], start + 1, start)
    if word == "mil":
        return _thousands(tokens, 1, start, start)
    return None


def _thousands(tokens: list[str], value: int, end: int, start: int) -> tuple[int, int]:
    if tokens[end : end + 1] == ["mil"]:
        value, end = value * 1000, end + 1
    return value, end - start


# -- words ------------------------------------------------------------------------------------

_CONTRACTIONS = {"pa": "para", "pal": "para el", "q": "que", "xq": "porque", "porq": "porque",
                 "okey": "ok", "okay": "ok", "na": "nada", "pos": "pues", "pus": "pues"}
# "se" heard where "sé" (I know) was meant: after these, and at the end or before these.
_KNOW_AFTER = frozenset({"no", "yo", "ni", "ya", "pues", "que"})
_KNOW_BEFORE = frozenset(
    {"si", "que", "cuanto", "cuantos", "cuantas", "cuando", "como", "donde", "bien", "nada",
     "exactamente", "decir", "decirte", "decirle", "muy", "seguro", "seguir", "igual", "ni",
     "tal", "quizas", "verdad", "creo", "pero", "y", "la"}
)
# Said first and dropped, as one piece: "o sea", "a ver", "la verdad es que".
_LEADING_PHRASES = (("o", "sea"), ("a", "ver"), ("la", "verdad", "es", "que"))


def fold(word: str) -> str:
    """A lowercased word without its accents but ñ, ¿ and ¡ gone; "sé" kept as said."""
    if word.isascii():
        return word
    if word.strip("¿¡.,;:!?") == "sé":
        return word.replace("¿", "").replace("¡", "")
    kept = word.replace("ñ", "\x01").replace("¿", "").replace("¡", "")
    bare = "".join(
        c for c in unicodedata.normalize("NFD", kept) if unicodedata.category(c) != "Mn"
    )
    return bare.replace("\x01", "ñ")


@dataclass(frozen=True)
class SpanishText(TextRules):
    """English's way of tidying words, with two Spanish steps: "se" heard as "sé" where it can
    only mean "I know", and fillers said as phrases at the start ("o sea", "a ver")."""

    def tokenize(self, text: str) -> tuple[list[Token], list[str]]:
        tokens, source_words = super().tokenize(text)
        return _know(tokens), source_words

    def strip_fillers(self, tokens: list[Token]) -> list[Token]:
        kept = list(tokens)
        for phrase in _LEADING_PHRASES:
            if len(kept) > len(phrase) and tuple(t.text for t in kept[: len(phrase)]) == phrase:
                kept = kept[len(phrase) :]
        if len(kept) > 2 and [t.text for t in kept[-2:]] == ["de", "gracias"]:
            # "acción de gracias" is Thanksgiving, not a thank-you.
            return super().strip_fillers(kept[:-1]) + kept[-1:]
        return super().strip_fillers(kept) if kept else tokens


def _know(tokens: list[Token]) -> list[Token]:
    """"no se" said for "no sé": after a subject or a no, at the end or before a clause."""
    out = list(tokens)
    for i, token in enumerate(out):
        if token.text != "se" or i == 0 or out[i - 1].text not in _KNOW_AFTER:
            continue
        following = out[i + 1].text if i + 1 < len(out) else None
        if following is None or following in _KNOW_BEFORE:
            out[i] = Token("sé", token.source)
    return out


TEXT = SpanishText(
    contractions=_CONTRACTIONS,
    fillers=frozenset({"eh", "ehh", "em", "emm", "mm", "mmm", "hmm", "alexa", "ay", "uy"}),
    # "bueno, creo que sí" ("bueno" is also "good").
    leading_fillers=frozenset({"pues", "bueno", "mira", "oye", "ah", "ok", "vale", "este", "ahh",
                               "entonces", "osea"}),
    hedges=(),
    hedge_keeper="",
    trailing_fillers=(("gracias",), ("por", "favor"), ("muchas", "gracias")),
    number_to_words=number_to_words,
    not_word=re.compile(r"[^a-zñé0-9' ]+"),
    fold=fold,
)


# -- lengths of time --------------------------------------------------------------------------

DURATIONS = DurationWords(
    units={
        "segundo": ("S", True), "minuto": ("M", True), "hora": ("H", True), "dia": ("D", False),
        "noche": ("D", False), "semana": ("W", False), "mes": ("M", False), "año": ("Y", False),
        "ano": ("Y", False),
        # Said small, the same length: "una semanita", "sus dos semanitas", "unos diitas".
        "semanita": ("W", False), "diita": ("D", False), "mesecito": ("M", False),
        "añito": ("Y", False), "horita": ("H", True),
    },
    fixed={
        ("desde", "ayer"): "P1D", ("desde", "anteayer"): "P2D", ("desde", "antier"): "P2D",
        ("desde", "antes", "de", "ayer"): "P2D", ("una", "quincena"): "P2W",
        ("quincena",): "P2W", ("media", "hora"): "PT30M", ("medio", "dia"): "PT12H",
        ("medio", "año"): "P6M", ("medio", "ano"): "P6M", ("mes", "y", "medio"): "P1.5M",
        ("año", "y", "medio"): "P1.5Y", ("semana", "y", "media"): "P1.5W",
        ("dia", "y", "medio"): "P1.5D", ("hora", "y", "media"): "PT1.5H",
    },
    unparsable=(
        ("un", "rato"), ("un", "ratito"), ("un", "tiempo"), ("un", "tiempito"), ("poco", "tiempo"),
        ("hace", "poco"), ("algun", "tiempo"),
    ),
    # "dos meses y medio"; "y media" after a feminine unit is in `fixed`.
    half=("y", "medio"), joiner="y",
    parse_number=parse_number,
    plurals={"meses": "mes"},
)


# -- dates ------------------------------------------------------------------------------------

WEEKDAYS = ("lunes", "martes", "miercoles", "jueves", "viernes", "sabado", "domingo")
MONTHS = (
    "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre",
    "octubre", "noviembre", "diciembre",
)  # fmt: skip
_HOLIDAYS: dict[tuple[str, ...], tuple[int, int]] = {
    ("navidad",): (12, 25), ("nochebuena",): (12, 24), ("año", "nuevo"): (1, 1),
    ("nochevieja",): (12, 31), ("fin", "de", "año"): (12, 31), ("reyes",): (1, 6),
    ("dia", "de", "reyes"): (1, 6), ("dia", "de", "muertos"): (11, 2),
    ("dia", "de", "los", "muertos"): (11, 2), ("halloween",): (10, 31),
    ("dia", "de", "la", "independencia"): (9, 16), ("cuatro", "de", "julio"): (7, 4),
    ("san", "valentin"): (2, 14), ("dia", "de", "san", "valentin"): (2, 14),
    ("san", "juan"): (6, 24), ("noche", "de", "san", "juan"): (6, 23),
    ("dia", "de", "la", "hispanidad"): (10, 12), ("todos", "los", "santos"): (11, 1),
    ("dia", "de", "todos", "los", "santos"): (11, 1), ("constitucion",): (12, 6),
    ("dia", "de", "la", "constitucion"): (12, 6), ("inmaculada",): (12, 8),
    ("dia", "de", "la", "virgen"): (12, 12), ("guadalupana",): (12, 12),
}  # fmt: skip


def find_dates(tokens: list[str], today: date) -> list[DateSpan]:
    """Every date phrase in the tokens (at most one per start position)."""
    spans: list[DateSpan] = []
    for start in range(len(tokens)):
        rest = tokens[start:]
        for reader in (_relative_day, _past_period, _weekday, _holiday, _thanksgiving,
                       _month_day, _month):
            found = reader(rest, today)
            if found is not None:
                spans.append(DateSpan(start, start + found[0], found[1]))
                break
    return spans


def _relative_day(words: list[str], today: date) -> tuple[int, str] | None:
    offsets = {("hoy",): 0, ("esta", "mañana"): 0, ("esta", "manana"): 0, ("esta", "noche"): 0,
               ("ayer",): -1, ("anoche",): -1, ("anteayer",): -2, ("antier",): -2,
               ("antes", "de", "ayer"): -2, ("antenoche",): -2}
    for phrase, offset in sorted(offsets.items(), key=lambda item: -len(item[0])):
        if tuple(words[: len(phrase)]) == phrase:
            return len(phrase), (today + timedelta(days=offset)).isoformat()
    return None


def _iso_week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def _past_period(words: list[str], today: date) -> tuple[int, str] | None:
    """"la semana pasada", "el fin de semana (pasado)", "el mes pasado", "esta semana"."""
    lead = 1 if words[:1] in (["la"], ["el"], ["esta"], ["este"]) else 0
    this = words[:1] in (["esta"], ["este"])
    rest = words[lead:]
    for phrase, kind in ((("fin", "de", "semana"), "weekend"), (("finde",), "weekend"),
                         (("semana",), "week"), (("mes",), "month")):
        if tuple(rest[: len(phrase)]) != phrase or not (lead or kind == "weekend"):
            continue
        used = lead + len(phrase)
        past = words[used : used + 1] in (["pasado"], ["pasada"])
        if not past and not this and kind != "weekend":
            return None
        used += past
        day = today - timedelta(days=7 if past else 0)
        if kind == "month":
            month = (today.replace(day=1) - timedelta(days=1)) if past else today
            return used, f"{month.year}-{month.month:02d}"
        suffix = "-WE" if kind == "weekend" else ""
        return used, _iso_week(day) + suffix
    return None


def _weekday(words: list[str], today: date) -> tuple[int, str] | None:
    used = 1 if words[:1] in (["el"], ["este"], ["del"]) else 0
    if used >= len(words) or words[used] not in WEEKDAYS:
        return None
    target = WEEKDAYS.index(words[used])
    used += 1
    # "el lunes de la semana pasada": that day in the week before this one, a week that
    # starts on Sunday as the calendar on the wall does ("el domingo de la semana pasada" is
    # not the Sunday three days ago, which is just "el domingo").
    for phrase, weeks in ((("de", "la", "semana", "pasada"), 1),
                          (("de", "la", "semana", "antepasada"), 2)):
        if tuple(words[used : used + len(phrase)]) == phrase:
            sunday = today - timedelta(days=(today.weekday() + 1) % 7 + 7 * weeks)
            return used + len(phrase), (sunday + timedelta(days=(target + 1) % 7)).isoformat()
    # "el viernes 13": the last day with that number that fell on that weekday.
    said = _day_number(words, used) if used < len(words) else None
    if said is not None:
        day = _last_weekday_numbered(today, target, said[0])
        if day is not None:
            return used + said[1], day.isoformat()
    if words[used : used + 1] in (["pasado"], ["antepasado"]):
        weeks = 2 if words[used] == "antepasado" else 1
        monday = today - timedelta(days=today.weekday() + 7 * weeks)
        return used + 1, (monday + timedelta(days=target)).isoformat()
    ahead = (target - today.weekday()) % 7
    return used, (today + timedelta(days=ahead)).isoformat()


def _last_weekday_numbered(today: date, weekday: int, number: int) -> date | None:
    """The latest day on or before today numbered `number` that falls on `weekday`, within a
    year (a Friday the 13th comes at least once a year)."""
    year, month = today.year, today.month
    for _ in range(14):
        day = safe_date(year, month, number)
        if day is not None and day <= today and day.weekday() == weekday:
            return day
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return None


def _holiday(words: list[str], today: date) -> tuple[int, str] | None:
    start = 1 if words[:1] in (["el"], ["la"]) else 0
    for phrase, (month, day) in sorted(_HOLIDAYS.items(), key=lambda item: -len(item[0])):
        if tuple(words[start : start + len(phrase)]) == phrase:
            return start + len(phrase), on_or_after(today, month, day).isoformat()
    return None


def _thanksgiving(words: list[str], today: date) -> tuple[int, str] | None:
    """Thanksgiving (es-US): the fourth Thursday of November, the next one."""
    start = 1 if words[:1] == ["el"] else 0
    for phrase in (("dia", "de", "accion", "de", "gracias"), ("accion", "de", "gracias"),
                   ("thanksgiving",)):
        if tuple(words[start : start + len(phrase)]) == phrase:
            day = _fourth_thursday(today.year)
            if day < today:
                day = _fourth_thursday(today.year + 1)
            return start + len(phrase), day.isoformat()
    return None


def _fourth_thursday(year: int) -> date:
    first = date(year, 11, 1)
    return first + timedelta(days=(3 - first.weekday()) % 7 + 21)


def _month_day(words: list[str], today: date) -> tuple[int, str] | None:
    """"el tres de noviembre", "el primero de noviembre", "el 3", "a mediados de octubre"."""
    part = {("a", "principios", "de"): 1, ("a", "mediados", "de"): 15, ("a", "finales", "de"): 25,
            ("principios", "de"): 1, ("mediados", "de"): 15, ("finales", "de"): 25}
    for phrase, day in part.items():
        used = len(phrase)
        if tuple(words[:used]) == phrase and used < len(words) and words[used] in MONTHS:
            return used + 1, on_or_after(today, MONTHS.index(words[used]) + 1, day).isoformat()
    if words[:1] != ["el"]:
        return None
    day_said = _day_number(words, 1)
    if day_said is None:
        return None
    day, used = day_said[0], 1 + day_said[1]
    if words[used : used + 1] == ["de"] and used + 1 < len(words) and words[used + 1] in MONTHS:
        return used + 2, on_or_after(today, MONTHS.index(words[used + 1]) + 1, day).isoformat()
    candidate = safe_date(today.year, today.month, day)
    if candidate is None:
        return None
    if candidate < today:
        following = (today.replace(day=1) + timedelta(days=32)).replace(day=1)
        candidate = safe_date(following.year, following.month, day) or candidate
    return used, candidate.isoformat()


def _day_number(words: list[str], i: int) -> tuple[int, int] | None:
    if words[i : i + 1] == ["primero"]:
        return 1, 1
    number = parse_number(words, i)
    if number is None or not 1 <= number[0] <= 31 or words[i] in ("un", "una", "par"):
        return None
    return number


def _month(words: list[str], today: date) -> tuple[int, str] | None:
    start = 1 if words[:1] == ["en"] else 0
    if start >= len(words) or words[start] not in MONTHS:
        return None
    month = MONTHS.index(words[start]) + 1
    year = today.year if month >= today.month else today.year + 1
    return start + 1, f"{year}-{month:02d}"


# -- the language -----------------------------------------------------------------------------

WORDS = ResolverWords(
    function_words=frozenset([
        "el", "la", "los", "las", "un", "una", "unos", "unas", "de", "del", "al", "que", "y",
        "pero", "con", "sin", "por", "para", "en", "me", "mi", "mis", "se", "le", "lo", "les",
        "ha", "he", "has", "han", "tengo", "tiene", "muy", "mas", "ya", "todo", "toda", "esta",
        "este", "eso", "esto", "como", "cuando", "tambien", "solo", "nada", "algo", "siento",
        "estoy", "es", "son", "fue", "era", "hay", "poco", "mucho", "bien", "asi", "desde",
        "hace", "hasta", "sobre", "entre", "su", "sus", "yo", "tu", "te", "nos",
    ]),
    not_a_value=frozenset({"eso", "esto", "ello", "me", "te", "lo", "la", "el", "un", "una",
                           "asi", "ahi", "alli", "que"}),
    # Spanish asks without turning the sentence round: these open a question.
    question_words=frozenset([
        "puedo", "debo", "deberia", "sirve", "sirven", "funciona", "como", "que", "por",
        "cuando", "donde", "cual", "cuales", "cuanto", "cuantos", "quien", "necesito", "conviene",
    ]),
    contrasts=frozenset({"pero", "aunque", "sino", "excepto", "salvo", "menos"}),
    # Never a bare "bien" or "fuerte": "me duele bien fuerte" is a bad pain (Mexico).
    reassurances=frozenset({"normal", "perfecto", "perfecta", "igual", "estable"}),
    polarity=frozenset(["si", "no", "claro", "nop", "nel"]),
    negations=frozenset({"no", "nunca", "nada", "ninguno", "ninguna", "ningun", "ni", "sin",
                         "tampoco", "jamas"}),
    denials_after=frozenset({"no", "nunca", "tampoco", "jamas"}),
    help_words=frozenset({"ayuda", "ayudar", "ayude"}),
    number_words=NUMBER_WORDS,
    unit_words=frozenset(["dia", "dias", "semana", "semanas", "mes", "meses", "año", "años",
                          "hora", "horas", "noche", "noches", "quincena", "semanita", "semanitas",
                          "diita", "diitas", "mesecito", "mesecitos"]),
    date_words=frozenset(WEEKDAYS) | frozenset(MONTHS) | frozenset(
        ["hoy", "ayer", "anoche", "anteayer", "antier", "pasado", "pasada", "navidad", "finde",
         "principios", "mediados", "finales", "mañana", "san", "juan", "santos", "hispanidad",
         "constitucion", "inmaculada", "guadalupana"]
    ),
)

LANGUAGE = Language(
    code="es",
    text=TEXT,
    durations=DURATIONS,
    find_dates=find_dates,
    builtin_phrases=SPANISH_PHRASES,
    words=WORDS,
    launch_words=frozenset({
        "abre", "abrir", "inicia", "iniciar", "empieza", "empezar", "comienza", "comenzar", "lanza",
        "ejecuta", "usa", "usar", "pide", "pregunta", "preguntale", "dile", "juega", "carga",
        "alexa", "amazon", "echo", "computadora", "ordenador", "skill", "app",
    }),
    articles_and_prepositions=frozenset({
        "el", "la", "los", "las", "un", "una", "de", "del", "a", "al", "para", "por", "con", "en",
        "sobre", "y",
    }),
)
