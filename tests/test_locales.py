"""The locale registry: every place that lists locales agrees with the files that define them.

A locale is one the voice model sources name, and it has a content file; the built models,
skill.json's publishing information, the facts table of docs/locales.md and the transcripts
follow (interaction_model/locales.py)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from hipback.content import SUPPORTED_LOCALES, for_locale
from hipback.triage.reading import LEXICON_DIR
from interaction_model.builder import MODELS_DIR, model_path
from interaction_model.languages import for_locale as language_for
from interaction_model.locales import REPO_ROOT, content_locales, locales
from interaction_model.source import load_sources

MANIFEST = json.loads((REPO_ROOT / "skill-package" / "skill.json").read_text())["manifest"]
FACTS_TABLE = (REPO_ROOT / "docs" / "locales.md").read_text(encoding="utf-8")
TRANSCRIPTS = REPO_ROOT / "docs" / "transcripts"


def test_every_model_locale_has_content_and_every_content_locale_a_model() -> None:
    assert sorted(locales()) == list(content_locales())
    assert list(SUPPORTED_LOCALES) == list(content_locales())


def test_every_locale_has_its_built_model_and_no_other_model_is_built() -> None:
    built = sorted(path.stem for path in MODELS_DIR.glob("*.json"))
    assert built == sorted(locales())
    for locale in locales():
        assert model_path(locale).is_file()


def test_every_language_has_its_resolver_rules_and_its_reading_lexicon() -> None:
    for source in load_sources():
        for locale in source.locales:
            assert language_for(locale).code == source.language
        assert (Path(LEXICON_DIR) / f"{source.language}.toml").is_file(), source.language


def test_the_store_lists_every_locale_and_no_other() -> None:
    assert sorted(MANIFEST["publishingInformation"]["locales"]) == sorted(locales())


def test_the_facts_table_has_every_locale_with_its_emergency_number() -> None:
    table = [line.strip("|").split("|") for line in FACTS_TABLE.splitlines()
             if line.startswith("| ")]
    rows: dict[str, list[str]] = {}
    for cells in table:
        # "en-AU, New Zealand": a row for one country the locale serves; the first row counts.
        if len(cells) > 2:
            rows.setdefault(cells[0].split(",")[0].strip(), [c.strip() for c in cells])
    for locale in locales():
        assert locale in rows, f"docs/locales.md has no row for {locale}"
        number = for_locale(locale).emergency_number
        assert re.search(rf"\b{number}\b", rows[locale][1]), (locale, rows[locale][1])


def test_every_locale_has_its_transcripts() -> None:
    assert sorted(path.name for path in TRANSCRIPTS.iterdir() if path.is_dir()) == sorted(
        locales()
    )
