"""The triage rules of docs/clinical.md as a table, and their evaluation to exactly one tier.

Each row says: when this finding is present, the pain is at least this urgent, for this reason.
The outcome is the highest tier any row gives; its reasons are the rows that gave it. A clinician
reviews this table, not code: keep it flat, one finding per row, with its source.
"""

from __future__ import annotations

from typing import NamedTuple

from .answers import Answers
from .model import DURATION, HOME_CARE, QUESTIONS_BY_ID, SEVERE_PAIN, Reply, Tier

DAY = 24
THREE_WEEKS = 21 * DAY
THREE_MONTHS = 90 * DAY


class Finding:
    """Something the user told us. `question` names the question that can reveal it."""

    __slots__ = ("question",)

    def __init__(self, question: str) -> None:
        self.question = question

    def present(self, answers: Answers) -> bool:
        raise NotImplementedError


class Said(Finding):
    """The user replied `reply` to `question`."""

    __slots__ = ("reply",)

    def __init__(self, question: str, reply: Reply) -> None:
        super().__init__(question)
        self.reply = reply

    def present(self, answers: Answers) -> bool:
        return answers.replies.get(self.question) is self.reply


class Sign(Finding):
    """The user told us about this warning sign, asked or volunteered."""

    __slots__ = ("sign",)

    def __init__(self, question: str, sign: str) -> None:
        super().__init__(question)
        self.sign = sign

    def present(self, answers: Answers) -> bool:
        return self.sign in answers.signs


class LastedAtLeast(Finding):
    __slots__ = ("below_hours", "hours")

    def __init__(self, question: str, hours: int, below_hours: int | None = None) -> None:
        super().__init__(question)
        self.hours = hours
        self.below_hours = below_hours

    def present(self, answers: Answers) -> bool:
        hours = answers.duration_hours
        if hours is None or hours < self.hours:
            return False
        return self.below_hours is None or hours < self.below_hours


class DurationUnknown(Finding):
    __slots__ = ()

    def present(self, answers: Answers) -> bool:
        return answers.duration_unknown


class Child(Finding):
    """The person in pain is a child under sixteen."""

    __slots__ = ()

    def present(self, answers: Answers) -> bool:
        return answers.child


def said_yes(question: str) -> Said:
    return Said(question, Reply.YES)


def unsure(question: str) -> Said:
    return Said(question, Reply.UNSURE)


def sign(name: str, question: str = "") -> Sign:
    return Sign(question, name)


class Rule(NamedTuple):
    finding: Finding
    tier: Tier
    reason: str
    source: str


E, U, P, D = Tier.EMERGENCY, Tier.URGENT, Tier.PROMPT, Tier.DOCTOR
CAUDA, LEGS, INJURY, INFECTION = "cauda_equina", "leg_function", "injury", "infection_swelling"

# fmt: off
RULES: tuple[Rule, ...] = (
    # finding                                             tier reason                        source
    Rule(said_yes(CAUDA),                                    E, "cauda_equina",              "seed; NHS, CKS"),
    Rule(sign("bladder_bowel", CAUDA),                       E, "bladder_bowel",             "seed; NHS, CKS"),
    Rule(sign("saddle_numbness", CAUDA),                     E, "saddle_numbness",           "seed; NHS"),
    Rule(said_yes(LEGS),                                     E, "leg_function",              "seed; NHS"),
    Rule(sign("leg_weakness", LEGS),                         E, "leg_weakness",              "seed; NHS"),
    Rule(sign("cannot_move", LEGS),                          E, "cannot_move",               "seed; NHS"),
    Rule(said_yes(INJURY),                                   E, "serious_injury",            "NHS"),
    Rule(sign("serious_injury", INJURY),                     E, "serious_injury",            "NHS"),
    Rule(sign("chest_pain"),                                 E, "chest_pain",                "guidelines"),
    Rule(sign("collapse"),                                   E, "collapse",                  "guidelines"),
    Rule(said_yes(INFECTION),                                U, "infection_swelling",        "seed; NHS"),
    Rule(sign("fever", INFECTION),                           U, "fever",                     "seed; NHS"),
    Rule(sign("hip_swelling", INFECTION),                    U, "hip_swelling",              "seed; NHS"),
    Rule(sign("cancer_history"),                             U, "cancer_history",            "NICE CKS"),
    Rule(sign("weight_loss"),                                U, "weight_loss",               "NICE CKS"),
    Rule(sign("night_pain"),                                 U, "night_pain",                "NICE CKS"),
    Rule(sign("new_over_fifty"),                             U, "new_over_fifty",            "NICE CKS"),
    # "Not sure" is never "no": still unsure after an explanation is at least urgent.
    Rule(unsure(CAUDA),                                      U, "unsure_cauda_equina",       "invariant"),
    Rule(unsure(LEGS),                                       U, "unsure_leg_function",       "invariant"),
    Rule(unsure(INJURY),                                     U, "unsure_injury",             "invariant"),
    Rule(unsure(INFECTION),                                  U, "unsure_infection_swelling", "invariant"),
    Rule(said_yes(SEVERE_PAIN),                              P, "severe_pain",               "seed"),
    Rule(sign(SEVERE_PAIN, SEVERE_PAIN),                     P, "severe_pain",               "seed"),
    Rule(unsure(SEVERE_PAIN),                                P, "unsure_severe_pain",        "cautious"),
    Rule(LastedAtLeast(DURATION, THREE_WEEKS, THREE_MONTHS), D, "duration_three_weeks",      "seed; NHS"),
    Rule(LastedAtLeast(DURATION, THREE_MONTHS),              D, "duration_months",           "seed"),
    Rule(DurationUnknown(DURATION),                          D, "duration_unknown",          "cautious"),
    Rule(said_yes(HOME_CARE),                                D, "home_care_failed",          "seed"),
    Rule(unsure(HOME_CARE),                                  D, "home_care_unsure",          "cautious"),
    # Back pain is uncommon in children and more often has a cause that needs finding.
    Rule(Child(""),                                          D, "child",                     "clinical brief; NHS"),
)
# fmt: on

NO_FINDINGS = "none"


class Outcome(NamedTuple):
    tier: Tier
    reasons: tuple[str, ...]

    @property
    def level(self) -> str:
        return self.tier.id


def evaluate(answers: Answers) -> Outcome:
    """The one tier these answers lead to, with the reasons that led there."""
    fired = [rule for rule in RULES if rule.finding.present(answers)]
    if not fired:
        return Outcome(Tier.SELF_CARE, (NO_FINDINGS,))
    tier = max(rule.tier for rule in fired)
    reasons = tuple(dict.fromkeys(rule.reason for rule in fired if rule.tier == tier))
    return Outcome(tier, reasons)


def highest_tier_of(question: str) -> Tier:
    """The most urgent tier any reply to this question can lead to."""
    tiers = [rule.tier for rule in RULES if rule.finding.question == question]
    return max(tiers, default=Tier.SELF_CARE)


def _check_table() -> None:
    for rule in RULES:
        if rule.finding.question and rule.finding.question not in QUESTIONS_BY_ID:
            raise ValueError(f"rule {rule.reason!r} names unknown question")


_check_table()
