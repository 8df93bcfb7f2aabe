"""ASK CLI dialog replay files: {"skillId", "locale", "type": "text", "userInput": [...]}."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path


class ReplayError(ValueError):
    pass


@dataclass(frozen=True)
class ReplayFile:
    skill_id: str | None
    locale: str | None
    user_input: tuple[str, ...]


def load_replay(path: Path) -> ReplayFile:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        raise ReplayError(f"cannot read replay file {path}: {error}") from error
    if not isinstance(document, dict):
        raise ReplayError(f"{path}: a replay file is a JSON object")
    if document.get("type", "text") != "text":
        raise ReplayError(f"{path}: only replay files of type \"text\" are supported")
    user_input = document.get("userInput")
    if not isinstance(user_input, list) or not all(isinstance(u, str) for u in user_input):
        raise ReplayError(f"{path}: \"userInput\" must be a list of strings")
    skill_id, locale = document.get("skillId"), document.get("locale")
    return ReplayFile(
        skill_id=skill_id if isinstance(skill_id, str) and skill_id else None,
        locale=locale if isinstance(locale, str) and locale else None,
        user_input=tuple(user_input),
    )
