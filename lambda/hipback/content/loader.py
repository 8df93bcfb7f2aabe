"""Reads the content TOML files: one base file per language and one small file per locale.

A locale file (``en-GB.toml``) names its base (``base = "en"``), holds the locale's facts in a
``[facts]`` table and overrides any base string by writing the same dotted key. Strings are
flattened to dotted keys (``outcomes.urgent.speech``) and the locale's values win.

Some facts hold only where the device's country is known: a locale file's
``[countries.<CC>]`` table (en-AU: ``NZ``, as Alexa serves New Zealand in en-AU) has
``time_zones``, the device time zones that tell the country (a name ending in "/" is a prefix),
and ``[countries.<CC>.facts]``, the facts that replace the locale's there. They are kept apart
from the strings, as ``country_facts`` (``NZ.emergency_number``) and ``country_zones``.

An answer may carry a review table (``[topics.sleep.review]``: ``on``, the date a clinician
last checked it against its sources, and ``sources``, their ids). It is not spoken: it is kept
apart from the strings, and the answer's card ends with the sources and the month of review.

A string may include another whole string with ``{include:ibuprofen.cautions}`` so that safety
wording is written once; includes are resolved after merging, so a locale's override of the
included string is what every includer speaks. Includes do not nest.

The skill itself reads the ``compiled`` directory: the same merged strings, written by
``make content`` (scripts/compile_content.py), one file per language, so that a request
parses only its own language's. Parsing the TOML files on every cold start cost about five
milliseconds and the tomllib import; JSON is already loaded on Lambda. A test fails when the
compiled files differ from the TOML files.
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from collections.abc import Mapping
from datetime import date, datetime
from functools import cache
from types import MappingProxyType
from typing import Any, NamedTuple

CONTENT_DIR = os.path.dirname(os.path.abspath(__file__))
COMPILED_DIR = os.path.join(CONTENT_DIR, "compiled")

# Only files named like a locale are locales; anything else (en.toml) is a base file.
_LOCALE_FILE = re.compile(r"^[a-z]{2}-[A-Z]{2}\.toml$")
_INCLUDE = re.compile(r"\{include:([a-z0-9_.]+)\}")
_BASE_KEY = "base"
_FACTS_KEY = "facts"
_REVIEW_KEY = "review"
_COUNTRIES_KEY = "countries"
_COUNTRY = re.compile(r"^[A-Z]{2}$")


class ContentFileError(ValueError):
    """A content file is malformed; the message names the file and the key."""


class LocaleFiles(NamedTuple):
    """What one locale's files hold once merged."""

    strings: Mapping[str, str]
    # Facts after the locale's overrides, and the base file's own facts: the base facts are the
    # neutral wording used when a request's locale is not supported.
    facts: Mapping[str, str]
    base_facts: Mapping[str, str]
    # Per answer (``topics.sleep``): the ISO date it was last reviewed, and its source ids
    # separated by spaces. The locale's review of an answer replaces the base file's.
    reviewed: Mapping[str, str]
    sources: Mapping[str, str]
    # Facts that replace the locale's where the device's country is known (``NZ.er``), and
    # the time zones that tell each country (separated by spaces).
    country_facts: Mapping[str, str] = MappingProxyType({})
    country_zones: Mapping[str, str] = MappingProxyType({})


def discover_locales(directory: str = CONTENT_DIR) -> tuple[str, ...]:
    """The locales that have a file in ``directory``, sorted."""
    names = os.listdir(directory)
    return tuple(sorted(name.removesuffix(".toml") for name in names if _LOCALE_FILE.match(name)))


def load_locale(locale: str, directory: str = CONTENT_DIR) -> LocaleFiles:
    """Parse a locale file and its base file, and merge them."""
    path = os.path.join(directory, f"{locale}.toml")
    data = dict(_read_toml(path))
    base_name = data.pop(_BASE_KEY, None)
    if not isinstance(base_name, str) or not base_name:
        raise ContentFileError(f"{path}: a locale file must declare base = \"<language>\"")
    base_path = os.path.join(directory, f"{base_name}.toml")
    base = dict(_read_toml(base_path))
    if _BASE_KEY in base:
        raise ContentFileError(f"{base_path}: a base file cannot itself declare a base")

    base_facts = _facts(base, base_path)
    facts = {**base_facts, **_facts(data, path)}
    country_facts, country_zones = _countries(data, path)
    base_reviewed, base_sources = _reviews(base, base_path)
    reviewed, sources = _reviews(data, path)
    base_strings = _flatten(base, base_path)
    overrides = _flatten(data, path)
    _check_shapes(base_strings, overrides, path)
    strings = _resolve_includes({**base_strings, **overrides}, path)
    return LocaleFiles(strings=strings, facts=facts, base_facts=base_facts,
                       reviewed={**base_reviewed, **reviewed},
                       sources={**base_sources, **sources},
                       country_facts=country_facts, country_zones=country_zones)


def compile_locales(directory: str = CONTENT_DIR) -> dict[str, dict[str, dict[str, str]]]:
    """Every locale's merged files, whole."""
    compiled: dict[str, dict[str, dict[str, str]]] = {}
    for locale in discover_locales(directory):
        files = load_locale(locale, directory)
        compiled[locale] = {name: dict(table) for name, table in files._asdict().items()}
    return compiled


# The compiled directory holds one file per language (``en.json``): what its locales share
# (each key they all have, with the value most of them say) once, and per locale only what
# differs. A request parses its own language's file, about half of all the content; one file
# per language keeps the package small, since the locales' differences compress together.
# ``locales.json`` lists the locales, so that knowing them parses no content.
INDEX = "locales.json"

Tables = dict[str, dict[str, str]]


def compiled_files(directory: str = CONTENT_DIR) -> dict[str, str]:
    """The compiled directory's files, by name, as ``make content`` writes them."""
    full = compile_locales(directory)
    languages: dict[str, list[str]] = {}
    for locale in sorted(full):
        languages.setdefault(locale.split("-")[0], []).append(locale)
    files: dict[str, Any] = {INDEX: languages}
    for language, locales in languages.items():
        shared = _shared([full[locale] for locale in locales])
        files[f"{language}.json"] = {
            "shared": shared,
            "locales": {
                locale: {name: {key: value for key, value in table.items()
                                if shared[name].get(key) != value}
                         for name, table in full[locale].items()}
                for locale in locales
            },
        }
    return {name: json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
            for name, data in files.items()}


def _shared(kin: list[Tables]) -> Tables:
    """Per table, each key every locale has, with the value most of them give it."""
    shared: Tables = {}
    for name in kin[0]:
        tables = [locale.get(name, {}) for locale in kin]
        keys = set(tables[0]).intersection(*tables[1:])
        shared[name] = {key: Counter(table[key] for table in tables).most_common(1)[0][0]
                        for key in sorted(keys)}
    return shared


@cache
def compiled_locales(path: str = COMPILED_DIR) -> tuple[str, ...]:
    """The locales the compiled directory holds, sorted (the TOML files' without one)."""
    try:
        languages: dict[str, list[str]] = _read_json(os.path.join(path, INDEX))
    except FileNotFoundError:
        return discover_locales(os.path.dirname(path))
    return tuple(sorted(locale for locales in languages.values() for locale in locales))


@cache
def read_locale(locale: str, path: str = COMPILED_DIR) -> LocaleFiles:
    """The compiled content one locale speaks from.

    Without a compiled directory (a checkout before its first `make content`), the locale's
    TOML files are compiled in memory: slower, same words.
    """
    try:
        data = _read_json(os.path.join(path, f"{locale.split('-')[0]}.json"))
        shared, own = data["shared"], data["locales"][locale]
        tables = {name: {**shared.get(name, {}), **own.get(name, {})}
                  for name in set(shared) | set(own)}
    except FileNotFoundError:
        files = load_locale(locale, os.path.dirname(path))
        tables = {name: dict(table) for name, table in files._asdict().items()}
    # A compiled file from before a table was added (say, taken whole in a merge) still loads,
    # so that `make content` can run and rewrite it; the drift test fails until it has.
    empty: Tables = {name: {} for name in LocaleFiles._fields}
    return LocaleFiles(**{**empty, **tables})


@cache
def _read_json(path: str) -> Any:
    # Cached: the locales of one language share their file; callers copy, never mutate.
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


@cache
def _read_toml(path: str) -> Mapping[str, Any]:
    # Only the compiler and the tests parse TOML; the skill reads the compiled files.
    import tomllib

    # Cached so that several locales sharing one base parse it once; callers copy, never mutate.
    with open(path, "rb") as handle:
        try:
            return tomllib.load(handle)
        except tomllib.TOMLDecodeError as error:
            raise ContentFileError(f"{path}: {error}") from error


def _facts(data: dict[str, Any], path: str) -> dict[str, str]:
    table = data.pop(_FACTS_KEY, {})
    if not isinstance(table, dict) or not all(isinstance(v, str) for v in table.values()):
        raise ContentFileError(f"{path}: [facts] must be a table of strings")
    return dict(table)


def _countries(data: dict[str, Any], path: str) -> tuple[dict[str, str], dict[str, str]]:
    """Take the ``[countries]`` table out of `data`: each country's facts, by dotted key, and
    its time zones."""
    table = data.pop(_COUNTRIES_KEY, {})
    facts: dict[str, str] = {}
    zones: dict[str, str] = {}
    if not isinstance(table, dict):
        raise ContentFileError(f"{path}: [countries] must be a table of countries")
    for country, entry in table.items():
        listed = entry.get("time_zones") if isinstance(entry, dict) else None
        if not _COUNTRY.match(country) or not isinstance(listed, list) or not listed \
                or not all(isinstance(zone, str) and zone for zone in listed):
            raise ContentFileError(f"{path}: countries.{country} needs a two-letter country "
                                   "code and time_zones = [<time zone names>]")
        zones[country] = " ".join(listed)
        facts.update({f"{country}.{name}": value
                      for name, value in _facts(dict(entry), path).items()})
    return facts, zones


def _reviews(
    data: dict[str, Any], path: str, prefix: str = ""
) -> tuple[dict[str, str], dict[str, str]]:
    """Take every ``review`` table out of `data` (so that it is never flattened into the
    strings): the date each answer was reviewed, and its sources."""
    reviewed: dict[str, str] = {}
    sources: dict[str, str] = {}
    for name, value in list(data.items()):
        if not isinstance(value, dict):
            continue
        if name == _REVIEW_KEY and prefix:
            entry = prefix.rstrip(".")
            on, ids = value.get("on"), value.get("sources")
            if not isinstance(on, date) or isinstance(on, datetime) or not isinstance(ids, list) \
                    or not ids or not all(isinstance(i, str) for i in ids):
                raise ContentFileError(f"{path}: {entry}.review needs on = <date> and "
                                       "sources = [<source ids>]")
            reviewed[entry] = on.isoformat()
            sources[entry] = " ".join(ids)
            del data[name]
            continue
        if name == _FACTS_KEY and not prefix:
            continue
        inner = dict(value)
        found = _reviews(inner, path, f"{prefix}{name}.")
        if found[0]:
            data[name] = inner
            reviewed.update(found[0])
            sources.update(found[1])
    return reviewed, sources


def _flatten(table: Mapping[str, Any], path: str, prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for name, value in table.items():
        key = f"{prefix}{name}"
        if isinstance(value, dict):
            flat.update(_flatten(value, path, f"{key}."))
        elif isinstance(value, str):
            flat[key] = value
        else:
            raise ContentFileError(f"{path}: {key} must be a string or a table")
    return flat


def _check_shapes(base: Mapping[str, str], overrides: Mapping[str, str], path: str) -> None:
    # An override must replace a string with a string: "a.b" over a base table "a.b.c" would
    # leave both and make the key set ambiguous.
    base_tables = {key.rsplit(".", n)[0] for key in base for n in range(1, key.count(".") + 1)}
    override_tables = {
        key.rsplit(".", n)[0] for key in overrides for n in range(1, key.count(".") + 1)
    }
    clashes = (base_tables & overrides.keys()) | (override_tables & base.keys())
    if clashes:
        raise ContentFileError(f"{path}: these keys are a table in one file and a string in the "
                               f"other: {', '.join(sorted(clashes))}")


def _resolve_includes(strings: Mapping[str, str], path: str) -> dict[str, str]:
    def include(match: re.Match[str]) -> str:
        name = match.group(1)
        target = strings.get(name)
        if target is None or _INCLUDE.search(target):
            raise ContentFileError(f"{path}: cannot include {name!r} (missing, or it includes)")
        return target

    return {key: _INCLUDE.sub(include, value) for key, value in strings.items()}


REVIEW_VALID_DAYS = 365


def stale_reviews(reviewed: Mapping[str, str], today: date) -> list[str]:
    """The answers whose last review is more than twelve months before `today`."""
    return sorted(entry for entry, on in reviewed.items()
                  if (today - date.fromisoformat(on)).days > REVIEW_VALID_DAYS)
