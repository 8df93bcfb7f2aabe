"""The triage core: pure rules and question flow, with no Alexa or AWS imports.

Handlers translate Alexa requests into calls here and speak what comes back; nothing else in
the project decides a tier.

Reading a sentence (``reading``, ``hearing``, and ``answering``, which records what was read)
is imported from its own modules, not from here: it is the core's largest part, and a Launch
or a one-shot question never needs it.
"""

from .advice import Advice, advice_for
from .answers import (
    Answers,
    deny_sign,
    record_child,
    record_duration,
    record_duration_unsure,
    record_location,
    record_reply,
    volunteer_sign,
)
from .hours import hours_since, parse_iso_duration, vague_duration_hours
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
from .topics import CONDITIONS, EMERGENCIES, TOPICS

__all__ = [
    "ALL_SIGNS",
    "ASKED_SIGNS",
    "CONDITIONS",
    "DURATION",
    "EMERGENCIES",
    "HOME_CARE",
    "LOCATIONS",
    "QUESTIONS",
    "QUESTIONS_BY_ID",
    "QUESTION_OF_SIGN",
    "RULES",
    "TOPICS",
    "VOLUNTEER_ONLY_SIGNS",
    "Advice",
    "Answers",
    "Outcome",
    "Question",
    "Reply",
    "Rule",
    "Step",
    "Tier",
    "advice_for",
    "deny_sign",
    "evaluate",
    "highest_tier_of",
    "hours_since",
    "next_step",
    "parse_iso_duration",
    "record_child",
    "record_duration",
    "record_duration_unsure",
    "record_location",
    "record_reply",
    "vague_duration_hours",
    "volunteer_sign",
]
