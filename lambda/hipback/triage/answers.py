"""What the user has told us so far in one assessment, and how each reply is recorded.

Lives only in the session: nothing here is ever stored or logged (docs/clinical.md, policy).
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from .model import ALL_SIGNS, DURATION, LOCATIONS, QUESTION_OF_SIGN, QUESTIONS_BY_ID, Reply


class Answers:
    """Mutable, and compared by value (tests and session round trips rely on it)."""

    __slots__ = (
        "child",
        "denied",
        "duration_hours",
        "duration_unknown",
        "location",
        "replies",
        "signs",
        "unsure_once",
    )

    def __init__(self) -> None:
        self.duration_hours: int | None = None
        # True once the user has twice said they don't know how long it has lasted.
        self.duration_unknown = False
        self.location: str | None = None
        # Final replies to asked questions, by question id.
        self.replies: dict[str, Reply] = {}
        # Warning signs the user told us about, asked or not.
        self.signs: set[str] = set()
        # Warning signs the user said they do not have ("no fever"): never a sign.
        self.denied: set[str] = set()
        # Questions where the user said "not sure" once and gets an explanation and a second ask.
        self.unsure_once: set[str] = set()
        # The pain is a child's (under sixteen): asked by a parent or carer.
        self.child = False

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Answers):
            return NotImplemented
        return self.to_dict() == other.to_dict()

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Answers({self.to_dict()!r})"

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe form for session attributes, without what is still as it began: the
        attributes travel with every request and reply, and the SDK copies them on each turn."""
        full = {
            "child": self.child,
            "denied": sorted(self.denied),
            "duration_hours": self.duration_hours,
            "duration_unknown": self.duration_unknown,
            "location": self.location,
            "replies": {question: reply.value for question, reply in self.replies.items()},
            "signs": sorted(self.signs),
            "unsure_once": sorted(self.unsure_once),
        }
        return {key: value for key, value in full.items() if not _unset(value)}

    @classmethod
    def from_dict(cls, data: object) -> Answers:
        """Rebuild from session attributes, dropping anything that is not ours.

        Session attributes round-trip through the device, so treat them as untrusted input:
        an unknown key or value is ignored rather than trusted or crashed on.
        """
        answers = cls()
        if not isinstance(data, dict):
            return answers
        hours = data.get("duration_hours")
        if isinstance(hours, int) and not isinstance(hours, bool) and hours >= 0:
            answers.duration_hours = hours
        answers.duration_unknown = data.get("duration_unknown") is True
        answers.child = data.get("child") is True
        location = data.get("location")
        if location in LOCATIONS:
            answers.location = location
        replies = data.get("replies")
        if isinstance(replies, dict):
            for question, reply in replies.items():
                if question in QUESTIONS_BY_ID and reply in {r.value for r in Reply}:
                    answers.replies[question] = Reply(reply)
        answers.signs = _known(data.get("signs"), ALL_SIGNS)
        answers.denied = _known(data.get("denied"), ALL_SIGNS) - answers.signs
        answers.unsure_once = _known(data.get("unsure_once"), QUESTIONS_BY_ID)
        return answers


def _unset(value: object) -> bool:
    # A duration of 0 hours is an answer; only None, False and empty collections are unset.
    return value is None or value is False or value == [] or value == {}


def _known(values: object, allowed: Collection[str]) -> set[str]:
    if not isinstance(values, list):
        return set()
    return {value for value in values if isinstance(value, str) and value in allowed}


def record_reply(answers: Answers, question: str, reply: Reply) -> None:
    """Record a yes, no or not-sure reply to a question.

    The first "not sure" is not an answer: the question is explained and asked again. A second
    one is final, and the rules treat it as at least urgent, never as "no".
    """
    if question not in QUESTIONS_BY_ID:
        raise ValueError(f"unknown question {question!r}")
    if question == DURATION:
        if reply is Reply.UNSURE:
            record_duration_unsure(answers)
        return
    if reply is Reply.UNSURE and question not in answers.unsure_once:
        answers.unsure_once.add(question)
        return
    answers.unsure_once.discard(question)
    answers.replies[question] = reply


def record_duration(answers: Answers, hours: int) -> None:
    answers.duration_hours = hours
    answers.duration_unknown = False
    answers.unsure_once.discard(DURATION)


def record_duration_unsure(answers: Answers) -> None:
    """"I don't know" (or an answer we could not understand) about how long it has lasted."""
    if DURATION in answers.unsure_once:
        answers.unsure_once.discard(DURATION)
        answers.duration_unknown = True
    else:
        answers.unsure_once.add(DURATION)


def volunteer_sign(answers: Answers, sign: str) -> None:
    """A warning sign the user mentioned, asked or not: it counts at once."""
    if sign not in ALL_SIGNS:
        raise ValueError(f"unknown warning sign {sign!r}")
    answers.signs.add(sign)
    answers.denied.discard(sign)


def deny_sign(answers: Answers, sign: str) -> None:
    """A warning sign the user said they do not have. It answers its question with no only
    when every sign that question asks about has been denied; a sign said wins over a denial.
    """
    if sign not in ALL_SIGNS:
        raise ValueError(f"unknown warning sign {sign!r}")
    if sign in answers.signs:
        return
    answers.denied.add(sign)
    question = QUESTION_OF_SIGN.get(sign)
    if question is None or question in answers.replies:
        return
    if set(QUESTIONS_BY_ID[question].signs) <= answers.denied:
        answers.unsure_once.discard(question)
        answers.replies[question] = Reply.NO


def record_child(answers: Answers) -> None:
    """The person in pain is a child under sixteen (docs/clinical.md: at least a doctor).

    The voice model says so (an age under sixteen said with the person, or words that can only
    mean a child); the rules decide what follows."""
    answers.child = True


def record_location(answers: Answers, location: str) -> None:
    if location in LOCATIONS:
        answers.location = location
