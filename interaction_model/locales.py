"""Which locales the skill speaks, found in the files that define them, never listed in code.

A locale is in the registry when it has both
- a content file, ``lambda/hipback/content/<locale>.toml`` (its facts and local words), and
- an entry in its language's voice model source (``locales`` of ``interaction_model/model.toml``
  for English, ``model.<language>.toml`` for another language).
tests/test_locales.py holds every other place to these: the built models, skill.json's
publishing information, the facts table of docs/locales.md. The held-out sets of a locale are
whatever files ``tests/heldout/<locale>/`` holds.
"""

from __future__ import annotations

import re
from pathlib import Path

from interaction_model.source import load_sources

REPO_ROOT = Path(__file__).resolve().parent.parent
CONTENT_DIR = REPO_ROOT / "lambda" / "hipback" / "content"
HELDOUT_DIR = REPO_ROOT / "tests" / "heldout"
_LOCALE = re.compile(r"[a-z]{2}-[A-Z]{2}")


def model_locales() -> tuple[str, ...]:
    """Every locale of every language's voice model source, in the sources' order."""
    return tuple(locale for source in load_sources() for locale in source.locales)


def content_locales() -> tuple[str, ...]:
    """Every locale that has a content file, sorted."""
    return tuple(sorted(p.stem for p in CONTENT_DIR.glob("*.toml") if _LOCALE.fullmatch(p.stem)))


def locales() -> tuple[str, ...]:
    """The skill's locales: those of the voice model sources (each needs a content file too)."""
    return model_locales()


def heldout_locales() -> tuple[str, ...]:
    """The locales with a held-out set of answers (tests/heldout/<locale>/answers.tsv)."""
    return tuple(
        locale for locale in locales() if (HELDOUT_DIR / locale / "answers.tsv").is_file()
    )


def locale_named(text: str) -> str | None:
    """The one locale of the skill a path or name mentions, or None."""
    named = [locale for locale in locales() if locale in text]
    return named[0] if len(named) == 1 else None
