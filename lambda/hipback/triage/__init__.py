"""The triage core: pure rules and question flow, with no Alexa or AWS imports.

Handlers translate Alexa requests into calls here and speak what comes back; nothing else in
the project decides a tier.
"""

from .answers import (
    Answers,
    record_duration,
    record_duration_unsure,
    record_location,
    record_reply,
    volunteer_sign,
)
from .durations import parse_iso_duration, vague_duration_hours
from .model import (
    ALL_SIGNS,
    ASKED_SIGNS,
    DURATION,
    HOME_CARE,
    LOCATIONS,
    QUESTION_OF_SIGN,
    QUESTIONS,
    QUESTIONS_BY_ID,
    VOLUNTEER_ONLY_SIGNS,
    Question,
    Reply,
    Tier,
)
from .plan import Step, next_step
from .rules import RULES, Outcome, Rule, evaluate, highest_tier_of
from .topics import CONDITIONS, TOPICS

__all__ = [
    "ALL_SIGNS",
    "ASKED_SIGNS",
    "CONDITIONS",
    "DURATION",
    "HOME_CARE",
    "LOCATIONS",
    "QUESTIONS",
    "QUESTIONS_BY_ID",
    "QUESTION_OF_SIGN",
    "RULES",
    "TOPICS",
    "VOLUNTEER_ONLY_SIGNS",
    "Answers",
    "Outcome",
    "Question",
    "Reply",
    "Rule",
    "Step",
    "Tier",
    "evaluate",
    "highest_tier_of",
    "next_step",
    "parse_iso_duration",
    "record_duration",
    "record_duration_unsure",
    "record_location",
    "record_reply",
    "vague_duration_hours",
    "volunteer_sign",
]
