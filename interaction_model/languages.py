"""The words of each language the voice model is written in, for the offline resolver and the
linter: how an utterance becomes tokens, how lengths of time and dates are said, what Alexa's
built-in intents take, and the small word lists the resolver weighs a match with. A locale's
language is the part of its name before the dash; a new language is one entry here, its source
(model.<language>.toml) and its module of words (spanish.py for "es")."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date

from interaction_model import dates, normalize, spanish
from interaction_model.builtin_phrases import PHRASES_BY_LANGUAGE
from interaction_model.durations import ENGLISH as ENGLISH_DURATIONS
from interaction_model.durations import DurationSpan, DurationWords, find_durations
from interaction_model.numbers import WORD_VALUES


@dataclass(frozen=True)
class Language:
    code: str
    tokenize: Callable[[str], tuple[list[normalize.Token], list[str]]]
    strip_fillers: Callable[[list[normalize.Token]], list[normalize.Token]]
    durations: DurationWords
    find_dates: Callable[[list[str], date], list[dates.DateSpan]]
    builtin_phrases: Mapping[str, tuple[str, ...]]
    # Words too common to tell one slot type from another.
    function_words: frozenset[str]
    # Words that are never a slot's value on their own.
    not_a_value: frozenset[str]
    # An utterance that opens with one of these asks something.
    question_words: frozenset[str]
    # Where a sentence turns ("no, but ...").
    contrasts: frozenset[str]
    # Said after a value, these undo it ("my temperature's been normal").
    reassurances: frozenset[str]
    # A yes or a no.
    polarity_words: frozenset[str]
    # Never skipped inside a value, never corrected as a typo.
    negations: frozenset[str]
    number_words: frozenset[str]
    unit_words: frozenset[str]
    # The built-in help intent's word: a custom sample may not say it.
    help_words: frozenset[str]
    # The linter's invocation rules: launch and wake words, and short function words.
    launch_words: frozenset[str]
    articles_and_prepositions: frozenset[str]
    # Letters an invocation name may be written with.
    invocation_letters: str
    # Words of dates ("friday", "viernes"): known words, never corrected as typos.
    date_words: frozenset[str] = frozenset()

    def find_durations(self, tokens: list[str]) -> list[DurationSpan]:
        return find_durations(tokens, self.durations)


ENGLISH = Language(
    code="en",
    tokenize=normalize.tokenize,
    strip_fillers=normalize.strip_fillers,
    durations=ENGLISH_DURATIONS,
    find_dates=dates.find_dates,
    builtin_phrases=PHRASES_BY_LANGUAGE["en"],
    function_words=frozenset(
        [
            "the", "and", "but", "not", "can", "have", "has", "had", "been", "got", "get", "feel",
            "felt", "when", "what", "with", "that", "this", "than", "for", "from", "into", "out",
            "off", "any", "all", "was", "were", "are", "you", "your", "our", "its", "his", "her",
            "their", "them", "they", "very", "really", "just", "only", "still", "also", "too",
            "now", "then", "there", "here", "some", "more", "most", "much", "many", "i'm", "i've",
            "don't", "can't", "won't", "it's", "able", "keep", "keeps", "going", "went", "gone",
            "come", "came"
        ]
    ),
    not_a_value=frozenset({"it", "this", "that", "them", "me", "you", "so", "there", "a", "the"}),
    question_words=frozenset(
        ["can", "could", "should", "would", "will", "is", "are", "does", "do", "did", "how",
         "what", "why", "when", "where", "which", "who"]
    ),
    contrasts=frozenset({"but", "though", "although", "however", "except"}),
    reassurances=frozenset({"normal", "fine", "ok", "alright", "grand", "good", "usual", "same"}),
    polarity_words=frozenset(["yes", "yeah", "yep", "yup", "aye", "no", "nope", "nah"]),
    negations=frozenset(
        {"not", "no", "never", "nothing", "none", "nor", "without", "nah", "nope", "naw", "nae"}
    ),
    number_words=frozenset(WORD_VALUES) | {"hundred", "thousand", "half", "quarter"},
    unit_words=frozenset(["day", "days", "week", "weeks", "month", "months", "year", "years"]),
    help_words=frozenset({"help", "helps"}),
    launch_words=frozenset(
        {"ask", "tell", "open", "launch", "begin", "start", "load", "play", "resume", "run",
         "use", "alexa", "amazon", "echo", "computer", "skill", "app"}
    ),
    articles_and_prepositions=frozenset(
        {"a", "an", "the", "for", "to", "of", "with", "by", "in", "on", "at", "from", "about"}
    ),
    invocation_letters="a-z",
    date_words=frozenset(dates.WEEKDAYS) | frozenset(dates.MONTHS),
)

SPANISH = Language(
    code="es",
    tokenize=spanish.tokenize,
    strip_fillers=spanish.strip_fillers,
    durations=spanish.DURATIONS,
    find_dates=spanish.find_dates,
    builtin_phrases=PHRASES_BY_LANGUAGE["es"],
    function_words=frozenset(
        [
            "el", "la", "los", "las", "un", "una", "unos", "unas", "de", "del", "al", "que", "y",
            "pero", "con", "sin", "por", "para", "en", "me", "mi", "mis", "se", "le", "lo", "les",
            "ha", "he", "has", "han", "tengo", "tiene", "muy", "mas", "ya", "todo", "toda",
            "esta", "este", "eso", "esto", "como", "cuando", "tambien", "solo", "nada", "algo",
            "siento", "estoy", "es", "son", "fue", "era", "hay", "poco", "mucho", "bien", "asi",
            "desde", "hace", "hasta", "sobre", "entre", "su", "sus", "yo", "tu", "te", "nos",
        ]
    ),
    not_a_value=frozenset({"eso", "esto", "ello", "me", "te", "lo", "la", "el", "un", "una",
                           "asi", "ahi", "alli", "que"}),
    question_words=frozenset(
        ["puedo", "debo", "deberia", "sirve", "sirven", "funciona", "como", "que", "por",
         "cuando", "donde", "cual", "cuales", "cuanto", "cuantos", "quien", "necesito",
         "conviene"]
    ),
    contrasts=frozenset({"pero", "aunque", "sino", "excepto", "salvo", "menos"}),
    reassurances=frozenset({"normal", "bien", "perfecto", "perfecta", "igual", "estable"}),
    polarity_words=frozenset(["si", "no", "claro", "nop", "nel"]),
    negations=frozenset({"no", "nunca", "nada", "ninguno", "ninguna", "ningun", "ni", "sin",
                         "tampoco", "jamas"}),
    number_words=spanish.NUMBER_WORDS,
    unit_words=frozenset(["dia", "dias", "semana", "semanas", "mes", "meses", "año", "años",
                          "hora", "horas", "noche", "noches"]),
    help_words=frozenset({"ayuda", "ayudar", "ayude"}),
    launch_words=frozenset(
        {"abre", "abrir", "inicia", "iniciar", "empieza", "empezar", "comienza", "comenzar",
         "lanza", "ejecuta", "usa", "usar", "pide", "pregunta", "preguntale", "dile", "juega",
         "carga", "alexa", "amazon", "echo", "computadora", "ordenador", "skill", "app"}
    ),
    articles_and_prepositions=frozenset(
        {"el", "la", "los", "las", "un", "una", "de", "del", "a", "al", "para", "por", "con",
         "en", "sobre", "y"}
    ),
    invocation_letters="a-záéíóúüñ",
    date_words=frozenset(spanish.WEEKDAYS) | frozenset(spanish.MONTHS) | frozenset(
        ["hoy", "ayer", "anoche", "anteayer", "antier", "pasado", "pasada", "navidad", "finde",
         "principios", "mediados", "finales", "mañana"]
    ),
)

LANGUAGES: dict[str, Language] = {language.code: language for language in (ENGLISH, SPANISH)}


def language_of(locale: str) -> Language:
    """The language a locale's model is written in; English for one not known here."""
    return LANGUAGES.get(locale.split("-")[0].lower(), ENGLISH)
