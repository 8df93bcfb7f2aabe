"""What the offline resolver and the linter need to know about a language, one module each.

A language's module (``interaction_model/languages/<language>.py``, the language code of its
locales: ``en`` for en-US, en-GB ...) defines ``LANGUAGE``, a `Language`: how its words are
tidied (contractions, fillers, accents, digits to words), its number words, how it says lengths
of time (AMAZON.DURATION) and days (AMAZON.DATE), what it says for Alexa's built-in intents,
the small words the resolver weighs, and the linter's launch words. `for_locale` picks it by
the locale's language. Adding a locale of a language that has a module needs no code.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache

from interaction_model.dates import DateSpan
from interaction_model.durations import DurationWords
from interaction_model.normalize import TextRules


@dataclass(frozen=True)
class ResolverWords:
    """Small words the resolver weighs when it compares an utterance with the samples."""

    # Too common to tell one slot type from another.
    function_words: frozenset[str]
    # Never a slot value on their own ("tell me about it").
    not_a_value: frozenset[str]
    # A question opens with one of these; a question matches a sample by its shape.
    question_words: frozenset[str]
    # The turn of a sentence ("no, but the pain is unbearable").
    contrasts: frozenset[str]
    # Said after a value, these undo it ("my temperature's been normal").
    reassurances: frozenset[str]
    # Yes and no words: a sample that opens with one is an answer.
    polarity: frozenset[str]
    # Never skipped inside a value, never corrected as a typo.
    negations: frozenset[str]
    # Samples may not say "help"; an utterance ending with it is also compared without it.
    help_words: frozenset[str]
    # Words of numbers and units of time, known to the typo corrector.
    number_words: frozenset[str]
    unit_words: frozenset[str]
    # Words of dates ("friday", "viernes"), known to the typo corrector.
    date_words: frozenset[str] = frozenset()
    # Said right after a value, these deny it ("fiebre no tengo", "numbness, none"): the slot
    # holds the words up to the next value, so that what the value means is read whole.
    denials_after: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Language:
    code: str
    text: TextRules
    durations: DurationWords
    # Every date phrase in the tokens, against the request's day.
    find_dates: Callable[[list[str], date], list[DateSpan]]
    # What people say for Alexa's built-in intents (a model lists them without samples).
    builtin_phrases: Mapping[str, tuple[str, ...]]
    words: ResolverWords
    # The invocation name's rules: no launch or wake words; a two-word name has no article
    # or preposition.
    launch_words: frozenset[str]
    articles_and_prepositions: frozenset[str]


def language_code(locale: str) -> str:
    """The language of a locale: "en" for "en-GB"."""
    return locale.split("-", 1)[0].lower()


@cache
def for_language(code: str) -> Language:
    """The language's rules; a language without a module is an error, not English."""
    try:
        module = importlib.import_module(f"interaction_model.languages.{code}")
    except ModuleNotFoundError as missing:
        raise LookupError(
            f"no interaction_model/languages/{code}.py: the resolver cannot read {code!r}"
        ) from missing
    language: Language = module.LANGUAGE
    return language


def for_locale(locale: str) -> Language:
    return for_language(language_code(locale))
