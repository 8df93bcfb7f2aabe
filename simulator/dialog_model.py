"""The dialog part of the built interaction model: which intents Alexa manages a dialog for."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
MODELS_DIR = REPO_ROOT / "skill-package" / "interactionModels" / "custom"


@dataclass(frozen=True)
class DialogSlot:
    name: str
    elicitation_required: bool
    elicitation_prompt: str | None


@dataclass(frozen=True)
class DialogIntent:
    name: str
    slots: tuple[DialogSlot, ...]


@dataclass(frozen=True)
class DialogModel:
    intents: dict[str, DialogIntent] = field(default_factory=dict)

    def has_dialog(self, intent: str) -> bool:
        return intent in self.intents

    def missing_required_slot(self, intent: str, slots: dict[str, Any]) -> DialogSlot | None:
        """The first required slot with no value: what Alexa asks for next on Dialog.Delegate."""
        dialog = self.intents.get(intent)
        if dialog is None:
            return None
        for slot in dialog.slots:
            filled = slots.get(slot.name)
            if slot.elicitation_required and not (isinstance(filled, dict) and filled.get("value")):
                return slot
        return None


def _prompt_texts(model: dict[str, Any]) -> dict[str, str]:
    texts: dict[str, str] = {}
    for prompt in model.get("prompts") or []:
        variations = prompt.get("variations") or []
        if variations:
            texts[str(prompt.get("id"))] = str(variations[0].get("value", ""))
    return texts


def parse_dialog_model(document: dict[str, Any]) -> DialogModel:
    model = document.get("interactionModel") or {}
    prompts = _prompt_texts(model)
    intents: dict[str, DialogIntent] = {}
    for intent in (model.get("dialog") or {}).get("intents") or []:
        slots = tuple(
            DialogSlot(
                name=str(slot.get("name")),
                elicitation_required=bool(slot.get("elicitationRequired")),
                elicitation_prompt=prompts.get(str((slot.get("prompts") or {}).get("elicitation"))),
            )
            for slot in intent.get("slots") or []
        )
        intents[str(intent.get("name"))] = DialogIntent(name=str(intent.get("name")), slots=slots)
    return DialogModel(intents)


def load_dialog_model(locale: str, models_dir: Path = MODELS_DIR) -> DialogModel:
    """The locale's built model's dialog, or none when the model has not been built yet."""
    path = models_dir / f"{locale}.json"
    if not path.is_file():
        return DialogModel()
    return parse_dialog_model(json.loads(path.read_text(encoding="utf-8")))
