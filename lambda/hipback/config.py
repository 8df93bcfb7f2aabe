"""Deployment settings, read once from the environment (see README, "Configuration")."""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import NamedTuple


class Settings(NamedTuple):
    skill_id: str | None
    clinic_name: str | None
    clinic_phone: str | None

    @classmethod
    def from_env(cls, env: Mapping[str, str] = os.environ) -> Settings:
        def value(name: str) -> str | None:
            text = env.get(name, "").strip()
            return text or None

        return cls(
            skill_id=value("SKILL_ID"),
            clinic_name=value("CLINIC_NAME"),
            clinic_phone=value("CLINIC_PHONE"),
        )
