"""The skill, assembled once per container from its handlers, settings and profile store."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from typing import Any

from ask_sdk_core.skill_builder import SkillBuilder

from hipback.config import Settings
from hipback.handlers import CatchAllHandler, Services, request_handlers
from hipback.persistence import ProfileService, make_adapter

LambdaHandler = Callable[[dict[str, Any], Any], dict[str, Any]]

log = logging.getLogger("hipback")


def build(
    settings: Settings | None = None, profiles: ProfileService | None = None
) -> LambdaHandler:
    settings = settings or Settings.from_env()
    if profiles is None:
        profiles = ProfileService(make_adapter())
    services = Services(settings=settings, profiles=profiles)
    builder = SkillBuilder()
    # Requests from any other skill are refused before a handler runs.
    builder.skill_id = settings.skill_id  # type: ignore[assignment]
    for request_handler in request_handlers(services):
        builder.add_request_handler(request_handler)
    builder.add_exception_handler(CatchAllHandler(services))
    entry_point: LambdaHandler = builder.lambda_handler()  # type: ignore[assignment]
    return entry_point


def configure_logging() -> None:
    level = os.environ.get("LOG_LEVEL", "INFO").upper()
    logging.getLogger("hipback").setLevel(
        level if level in logging.getLevelNamesMapping() else "INFO"
    )
