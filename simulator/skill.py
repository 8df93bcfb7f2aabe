"""Load the real skill and the offline resolver, the way Lambda and Alexa would find them."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from simulator.conversation import SkillHandler
from simulator.understanding import ResolverUnderstander, Understander

REPO_ROOT = Path(__file__).resolve().parent.parent
LAMBDA_DIR = REPO_ROOT / "lambda"
# The skill's own default (docs/architecture.md, HIPBACK_STORE_PATH), relative to where you run.
DEFAULT_STORE = Path(".local") / "hipback.sqlite3"


def _on_path(directory: Path) -> None:
    if str(directory) not in sys.path:
        sys.path.insert(0, str(directory))


def choose_store(store: str | None) -> Path:
    """The skill's embedded store: `store`, else HIPBACK_STORE_PATH, else the skill's default."""
    return Path(store or os.environ.get("HIPBACK_STORE_PATH") or DEFAULT_STORE).resolve()


def load_handler(store: Path) -> SkillHandler:
    """lambda_function.lambda_handler, imported as Lambda imports it (lambda/ on sys.path).

    The store is set first: the skill reads its configuration once, at import.
    """
    store.parent.mkdir(parents=True, exist_ok=True)
    os.environ["HIPBACK_STORE_PATH"] = str(store)
    _on_path(LAMBDA_DIR)
    import lambda_function  # here, not at the top: the store must be chosen first

    return lambda_function.lambda_handler


def load_understander(
    locale: str, skill_id: str, today: Callable[[], date] = date.today
) -> Understander:
    """The voice model's offline resolver for `locale`; entity authorities name `skill_id`.

    Dates are resolved against `today` (the request's date), as Alexa does.
    """
    _on_path(REPO_ROOT)
    from interaction_model.resolver import Resolution, Resolver, to_request_slots

    def request_slots(resolution: Resolution) -> dict[str, Any]:
        return to_request_slots(resolution, skill_id, locale)

    return ResolverUnderstander(Resolver(locale, today=today), request_slots)
