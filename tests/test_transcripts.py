"""The transcripts clinicians review (docs/transcripts) are what the skill says now."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from hipback.content import SUPPORTED_LOCALES, for_locale
from scripts.transcripts import OUTPUT, ROOT, stale, transcripts


@cache
def spoken(locale: str) -> dict[Path, str]:
    """A locale's transcript files as the skill speaks now: about a second each to write."""
    return transcripts((locale,))


@pytest.fixture(scope="module")
def files() -> dict[Path, str]:
    return {path: text for locale in SUPPORTED_LOCALES for path, text in spoken(locale).items()}


def assert_current(files: dict[Path, str], locales: tuple[str, ...]) -> None:
    """The committed transcripts of `locales` are `files`, as the skill speaks now."""
    differing = [str(path.relative_to(ROOT)) for path in stale(files)
                 if path.parent.name in locales]
    assert differing == [], (
        f"the transcripts differ from what the skill says now: {differing}; "
        "run `make transcripts` and commit docs/transcripts"
    )


# Every locale, about eight seconds; the fast set checks one locale of each language, below.
@pytest.mark.slow
def test_committed_transcripts_are_what_the_skill_says(files: dict[Path, str]) -> None:
    assert_current(files, SUPPORTED_LOCALES)


def test_committed_transcripts_of_one_locale_a_language_are_what_the_skill_says() -> None:
    locales = ("en-US", "es-US")
    assert_current({path: text for locale in locales for path, text in spoken(locale).items()},
                   locales)


# Writes every locale; the fast set's test above holds the words of en-US and es-US.
@pytest.mark.slow
def test_transcripts_cover_every_locale_and_kind(files: dict[Path, str]) -> None:
    names = sorted(str(path.relative_to(OUTPUT)) for path in files)
    assert names == [f"{locale}/{kind}.md" for locale in SUPPORTED_LOCALES
                     for kind in ("answers", "conversations", "outcomes", "questions")]
    us = files[OUTPUT / "en-US" / "outcomes.md"]
    assert "Call 911 now" in us and "999" not in us
    assert "Call 999 now" in files[OUTPUT / "en-GB" / "outcomes.md"]
    for locale in SUPPORTED_LOCALES:
        number = for_locale(locale).emergency_number
        call = "Llame al" if locale.startswith("es-") else "Call"
        assert f"{call} {number}" in files[OUTPUT / locale / "outcomes.md"], locale
    # Spanish, the user's words too.
    for locale in ("es-US", "es-MX", "es-ES"):
        conversation = files[OUTPUT / locale / "conversations.md"]
        assert "**User:** abre ayuda para cadera y espalda" in conversation


@pytest.mark.slow  # generates a transcript a second time: one locale, as the code is shared
def test_transcripts_are_the_same_every_time(files: dict[Path, str]) -> None:
    again = transcripts(("en-AU",))
    assert again == {path: text for path, text in files.items() if path.parent.name == "en-AU"}


def test_a_stale_or_extra_transcript_is_found() -> None:
    # The committed files: what they say does not matter here, only that one differs or is gone.
    files = {path: path.read_text(encoding="utf-8") for path in sorted(OUTPUT.glob("*/*.md"))}
    assert stale(files) == []
    path = next(iter(files))
    changed = {**files, path: files[path] + "changed\n"}
    assert stale(changed) == [path]
    fewer = {other: text for other, text in files.items() if other != path}
    assert stale(fewer) == [path]  # committed, but no longer written
