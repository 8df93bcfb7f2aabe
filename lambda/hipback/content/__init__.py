"""What the skill says, per locale, and how it is rendered to SSML and card text.

The words live in TOML files beside this module, not in code:

- ``en.toml`` holds the English text that every English locale shares; ``es.toml`` the Spanish
  that es-US, es-MX and es-ES share (spoken to usted: its header says why).
- ``en-US.toml`` and ``en-GB.toml`` declare ``base = "en"``, give the locale's facts in
  ``[facts]`` (emergency number, where to get urgent help, what the emergency department is
  called) and override any English string whose wording differs (GP, A and E, physio).
- A new locale is a new ``<language>-<COUNTRY>.toml`` file; no code changes.

How a clinician reviews or edits the content:

1. Open ``en.toml``. Each table is one thing the skill says: ``[questions.cauda_equina]`` holds
   the question, its short reprompt, its help and the explanation given after "not sure";
   ``[outcomes.<tier>]`` holds the guidance for each urgency tier: ``speech`` is the first
   layer everyone hears (what to do now, when, and the one sign to act on, at most sixty
   words; emergency: the number first, at most forty), ``more`` follows it for users who asked
   for detailed answers, and ``card_text`` is read in the Alexa app. ``[topics.*]`` and
   ``[conditions.*]`` answer the user's questions in three lengths (brief, standard, more).
   When the user asks for someone else ("it's for my mum"), a table ``<table>.her`` (``.him``,
   ``.them``) holds the words said instead, about that person and to the one asking
   (``[outcomes.self_care.her]``); a "you" that is said to the one asking, not the patient, is
   written ``{listener:you}``. The tests fail on any other "you" in what is said for someone
   else, and on a string of the outcome flow that says "you" without its forms.
2. Read the locale files for the local wording and facts. Placeholders in braces are filled in
   when the skill speaks: ``{emergency}`` is the local emergency number, ``{urgent_help}`` is
   where to get help today, ``{er}`` is the emergency department's local name, and
   ``{crisis_line}`` is the line to call about thoughts of suicide or self-harm.
3. Edit the sentence in place. Keep sentences short, one idea each, one question a turn, at
   most three items in a spoken list (also across sentences), the plain name before any
   medical term ("a pinched nerve, which doctors call..."), numbers as words, and the few SSML
   tags already in use (``<break/>`` for a pause). Never write "&": write "and".
4. Run ``make content`` to compile the files the skill reads (``compiled/``) and
   ``make transcripts`` to write what the skill now says into ``docs/transcripts``, for
   review, then ``make test``: the content tests check every locale has every key, every
   string renders as valid SSML, questions end with "?", and each locale speaks its own
   emergency number only. The rules for the ear are the same in every language; how a list,
   a lead-in, a medical term or an unsafe leg check is worded is each language's own, in
   ``tests/content_languages.py``.

Requests from a locale without a file get the US English wording with no emergency number:
the skill says "your local emergency number" rather than a number that may be wrong.

A locale that serves more than one country (en-AU also serves New Zealand) says every
country's number (``[facts] emergency_spoken``: "000 in Australia, or 111 in New Zealand")
until the device's country is known, and then only that country's (``[countries.NZ.facts]``);
``country_for_zone`` tells the country from the device's time zone. Nothing waits to learn it.
"""

from __future__ import annotations

from functools import cache
from types import MappingProxyType
from typing import Any

from hipback.content.loader import ContentFileError, compiled_locales, read_locale
from hipback.content.render import MONTHS, PERSONS, Content, emergency_fact

__all__ = ["FALLBACK_LOCALE", "SUPPORTED_LOCALES", "Content", "country_for_zone", "for_locale"]

SUPPORTED_LOCALES: tuple[str, ...] = compiled_locales()
FALLBACK_LOCALE = "en-US"
SOURCE_FACT = "source_"
# How the emergency number is said when digit by digit is not enough (two countries' numbers).
EMERGENCY_SPOKEN = "emergency_spoken"


def for_locale(locale: str | None, country: str | None = None) -> Content:
    """The content for a request's locale; unsupported or missing locales get the fallback.

    `country`: the device's country when the skill already knows it (a two-letter code); it
    changes the facts only where the locale's file has facts for that country."""
    canonical = _canonical(locale)
    if canonical in SUPPORTED_LOCALES:
        zones = read_locale(canonical).country_zones
        return _build(canonical, supported=True, country=country if country in zones else None)
    return _build(FALLBACK_LOCALE, supported=False)


def country_for_zone(locale: str | None, zone: str) -> str | None:
    """The country a device time zone tells, among those the locale's facts depend on."""
    canonical = _canonical(locale)
    if canonical not in SUPPORTED_LOCALES:
        return None
    for country, listed in read_locale(canonical).country_zones.items():
        for name in listed.split():
            if zone == name or (name.endswith("/") and zone.startswith(name)):
                return country
    return None


def _canonical(locale: str | None) -> str | None:
    # Alexa sends "en-US"; accept "en_us" or "EN-us" from tests and tools as the same locale.
    if not locale:
        return None
    language, _, country = locale.replace("_", "-").partition("-")
    return f"{language.lower()}-{country.upper()}" if country else language.lower()


@cache
def _build(locale: str, *, supported: bool, country: str | None = None) -> Content:
    files = read_locale(locale)
    # An unsupported locale keeps the fallback's wording but none of its local facts: a US
    # number spoken in India would be wrong, so the base file's neutral facts are used.
    facts = dict(files.facts) if supported else dict(files.base_facts)
    if country is not None:
        # The country's own facts; its number is said alone, not beside the others'.
        facts.pop(EMERGENCY_SPOKEN, None)
        prefix = f"{country}."
        facts.update({name.removeprefix(prefix): value
                      for name, value in files.country_facts.items()
                      if name.startswith(prefix)})
    number = facts.get("emergency_number", "") if supported else ""
    if supported and not number.isdigit():
        # A supported locale must never fall back to words silently: that is a missing fact.
        raise ContentFileError(f"{locale}.toml: [facts] emergency_number must be digits")
    spoken = facts.get(EMERGENCY_SPOKEN) if supported else None
    return Content(
        locale=locale,
        supported=supported,
        emergency_number=number,
        # Read-only views: one cached Content is shared by every request in the container.
        templates=MappingProxyType(dict(files.strings)),
        facts=MappingProxyType({
            "emergency": spoken or emergency_fact(number, facts["no_emergency_number"]),
            "urgent_help": facts["urgent_help"],
            # The same, for the person the user is asking about ("her doctor"): said in the
            # words about someone else; a locale without them says its own.
            **{f"urgent_help_{person}": facts.get(f"urgent_help_{person}", facts["urgent_help"])
               for person in PERSONS},
            "er": facts["er"],
            "crisis_line": facts["crisis_line"],
        }),
        reviewed=MappingProxyType(dict(files.reviewed)),
        sources=MappingProxyType(dict(files.sources)),
        # The locale's own names for sources ([facts] source_<id>); an empty one is not named.
        source_names=MappingProxyType({
            name.removeprefix(SOURCE_FACT): value for name, value in files.facts.items()
            if name.startswith(SOURCE_FACT) and value
        }),
        sources_line=facts["sources_line"],
        **_language_words(facts, locale),
    )


def _language_words(facts: dict[str, str], locale: str) -> dict[str, Any]:
    """The card's month names and list word, where the base file gives its language's own."""
    words: dict[str, Any] = {}
    if "month_names" in facts:
        names = tuple(facts["month_names"].split())
        if len(names) != len(MONTHS):
            raise ContentFileError(f"{locale}: [facts] month_names must name twelve months")
        words["month_names"] = names
    if "list_and" in facts:
        words["list_and"] = facts["list_and"]
    return words
