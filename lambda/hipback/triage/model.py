"""The vocabulary of the triage: tiers, replies, warning signs and the questions that ask them."""

from __future__ import annotations

from enum import IntEnum, StrEnum
from typing import NamedTuple


class Tier(IntEnum):
    """Urgency, ordered so that a higher tier always wins."""

    SELF_CARE = 0
    DOCTOR = 1
    PROMPT = 2
    URGENT = 3
    EMERGENCY = 4

    @property
    def id(self) -> str:
        """The contract name used in session attributes and content keys."""
        return self.name.lower()

    @classmethod
    def from_id(cls, value: str) -> Tier:
        return cls[value.upper()]


class Reply(StrEnum):
    YES = "yes"
    NO = "no"
    UNSURE = "unsure"


class Question(NamedTuple):
    """One spoken question. A warning-sign question asks about at most three signs at once."""

    id: str
    signs: tuple[str, ...] = ()
    # The home-care question only makes sense once the pain is at least this old.
    min_duration_hours: int = 0

    @property
    def is_warning(self) -> bool:
        return bool(self.signs)


DURATION = "duration"
HOME_CARE = "home_care"
SEVERE_PAIN = "severe_pain"

# Asked in this order: how long first (it frames everything), then the warning signs, most
# dangerous first, then what can only raise the tier a little.
QUESTIONS: tuple[Question, ...] = (
    Question(DURATION),
    Question("cauda_equina", signs=("bladder_bowel", "saddle_numbness")),
    Question("leg_function", signs=("leg_weakness", "cannot_move")),
    Question("injury", signs=("serious_injury",)),
    Question("infection_swelling", signs=("fever", "hip_swelling")),
    Question(SEVERE_PAIN, signs=(SEVERE_PAIN,)),
    Question(HOME_CARE, min_duration_hours=7 * 24),
)

QUESTIONS_BY_ID: dict[str, Question] = {question.id: question for question in QUESTIONS}

# Signs the guidelines add that are never asked in a short dialog but are always acted on
# when the user volunteers them.
VOLUNTEER_ONLY_SIGNS: tuple[str, ...] = (
    "chest_pain",
    "collapse",
    "cancer_history",
    "weight_loss",
    "night_pain",
    "new_over_fifty",
)

ASKED_SIGNS: tuple[str, ...] = tuple(sign for q in QUESTIONS for sign in q.signs)
ALL_SIGNS: tuple[str, ...] = ASKED_SIGNS + VOLUNTEER_ONLY_SIGNS

QUESTION_OF_SIGN: dict[str, str] = {sign: q.id for q in QUESTIONS for sign in q.signs}

LOCATIONS: tuple[str, ...] = ("hip", "lower_back", "both")
