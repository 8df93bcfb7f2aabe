"""An answer in the context of the question being asked.

When a question is pending, what the user says is first understood as an answer to it: a
sentence that names one of its signs is yes (and the sign counts), one that denies its sign is
no, a hedge is yes or not sure (reading.HEDGE_REPLIES). Signs of other questions count at once
and denials of them are remembered, but a bare yes or no beside them is not taken as the
answer to the pending question: only a clear no is no.
"""

from __future__ import annotations

from typing import NamedTuple

from .answers import Answers, deny_sign, record_duration, record_reply, volunteer_sign
from .model import DURATION, HOME_CARE, QUESTIONS_BY_ID, Reply
from .reading import Reading


class Taken(NamedTuple):
    # The pending question got its reply (or a sign that settles it).
    answered: bool
    # New warning signs were recorded.
    noted: bool
    # Anything at all was recorded: signs, denials or a reply.
    understood: bool


def take_length(
    answers: Answers, pending: str | None, hours: int, *, approximate: bool = False
) -> None:
    """Record a length of time said in an answer.

    While the home-care question is pending and the pain's length is known, a length is how
    long home care was tried ("two weeks of heat and stretches"). The question asks about a
    week or more without it getting better, so a week or more is yes (the cautious reading:
    a doctor's appointment) and less is no. An approximate "about a week" ("this week") sits
    on the line and answers nothing: the question is asked again. Words that say it helped
    are read after this and win ("a week of ice and it's loads better").
    """
    if pending == HOME_CARE and answers.duration_hours is not None:
        week = QUESTIONS_BY_ID[HOME_CARE].min_duration_hours
        if approximate and hours == week:
            return
        record_reply(answers, HOME_CARE, Reply.YES if hours >= week else Reply.NO)
        return
    record_duration(answers, hours)


def take_reading(
    answers: Answers,
    pending: str | None,
    reading: Reading,
    polarity: Reply | None = None,
    said: Reply | None = None,
) -> Taken:
    """Record what a sentence says.

    `polarity` is NO when the words came after a denial ("no {symptom}", "I don't have
    {symptom}"): every sign in them is denied. `said` is a yes or no the user said before the
    words ("no, but my leg gives way"): it answers the pending question.
    """
    if reading.question:
        return Taken(answered=False, noted=False, understood=False)
    signs, denied = set(reading.signs), set(reading.denied)
    if polarity is Reply.NO:
        denied |= signs
        signs = set()
    new_signs = signs - answers.signs
    for sign in sorted(signs):
        volunteer_sign(answers, sign)
    for sign in sorted(denied):
        deny_sign(answers, sign)
    answered = _answer_pending(answers, pending, reading, signs, denied, polarity, said)
    understood = answered or bool(signs or denied)
    return Taken(answered=answered, noted=bool(new_signs), understood=understood)


def _answer_pending(
    answers: Answers,
    pending: str | None,
    reading: Reading,
    signs: set[str],
    denied: set[str],
    polarity: Reply | None,
    said: Reply | None,
) -> bool:
    if pending == DURATION and (said or reading.reply) is Reply.UNSURE:
        record_reply(answers, DURATION, Reply.UNSURE)  # "dunno how long": explained, then caution
        return True
    if pending is None or pending == DURATION or pending not in QUESTIONS_BY_ID:
        return False
    asked = set(QUESTIONS_BY_ID[pending].signs)
    if signs & asked:
        return True  # a volunteered sign settles its question (plan._settled)
    explicit = said or reading.reply
    if reading.reply is Reply.UNSURE and asked:
        # Only a clear no is no: "no sé, mi mamá no me sabe decir" opens with a no and does
        # not know.
        explicit = Reply.UNSURE
    if pending in reading.answers and explicit is not Reply.UNSURE:
        # "I'm not sure whether it's helped or not" does not know: never its "helped".
        record_reply(answers, pending, reading.answers[pending])
        return True
    if denied & asked:
        # Only a clear no is no: "a bit, it's wobbly, but it hasn't gone from under me" partly
        # admits, and "dunno, no fever I don't think" does not know.
        hedged = explicit if explicit in (Reply.YES, Reply.UNSURE) else None
        record_reply(answers, pending, hedged or Reply.NO)
        return True
    if explicit is Reply.NO or (explicit is not None and not signs - asked):
        # A yes beside another question's sign is about that sign, not this question.
        record_reply(answers, pending, explicit)
        return True
    if polarity is Reply.NO and not (signs or denied):
        # "No, it just crept up on me": a denial that names nothing we know is a plain no.
        record_reply(answers, pending, Reply.NO)
        return True
    return False
