"""The conversation's state in session attributes, and nothing else.

Session attributes hold the assessment only for the life of the session: Alexa keeps them in
memory and they are never written to storage. They come back from the device on every turn,
so everything read here is validated, and junk becomes a fresh state rather than a crash.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, MutableMapping
from typing import Any, NamedTuple

from hipback.content import Content
from hipback.handlers.speech import MAX_PARTS, Speech
from hipback.persistence.profile import SESSION_KEY as PROFILE
from hipback.triage import QUESTIONS_BY_ID, TOPICS, Answers, Outcome, Tier

ANSWERS = "answers"
ASSESSMENT = "assessment"
PENDING = "pending"
LAST = "last"
MISSES = "misses"
# Who the questions are about when the user asks for someone else: "her", "him" or "them".
PERSON = "person"
PRONOUNS = ("her", "him", "them")
# The device's country, once the skill has read something that tells it this session (the
# time zone, for a reminder): a two-letter code. It picks the facts of a locale that serves
# more than one country (en-AU: Australia and New Zealand); never stored.
COUNTRY = "country"

Session = MutableMapping[str, Any]

# Every session attribute the skill sets. Anything else a request's session carries is not
# ours: it is dropped rather than echoed back to Alexa.
OWNED = frozenset({ANSWERS, ASSESSMENT, PENDING, LAST, MISSES, PROFILE, PERSON, COUNTRY})
# Our own attributes take well under 2,000 characters of JSON; more is forged or broken, and
# the session starts again from its defaults rather than echo it into every reply.
MAX_SESSION_JSON = 10_000

# What the skill is waiting for after it asked a question.
QUESTION = "question"  # a triage question; `ref` names it
FOLLOW_UP = "follow_up"  # an offer after the outcome; `ref` names the topic
START = "start"  # an offer to start the assessment
FORGET = "forget"  # "shall I forget you?"; `ref` names the question to resume on "no"
ANYTHING = "anything"  # "what else would you like to know?"
EMERGENCY = "emergency"  # emergency advice given: "shall I say that again?"
CARE = "care"  # hands-free care: an offer or a question; `ref` names it (CARE_REFS)
ROUTINE = "routine"  # a movement of the guided routine was said; `ref` names it
PAUSED = "paused"  # the routine is paused at the movement `ref`
KINDS = (QUESTION, FOLLOW_UP, START, FORGET, ANYTHING, EMERGENCY, CARE, ROUTINE, PAUSED)
# The offers and questions of hands-free care (hipback/handlers/care.py, routine.py).
CARE_REFS = frozenset({
    "ice_offer", "heat_check", "consent", "reminder_offer", "routine_offer", "routine_check",
    "checkin",
})  # fmt: skip
# The guided routine's movements, in order: content keys `routine.<id>`.
ROUTINE_STEPS = ("knee_rolls", "pelvic_tilts", "knee_to_chest", "glute_bridge")
# What a follow-up offer can be about: a topic, or how to contact the clinic.
FOLLOW_UP_REFS = frozenset({*TOPICS, "contact"})


class Pending(NamedTuple):
    kind: str
    ref: str = ""


def get_answers(session: Session) -> Answers | None:
    """The answers of the assessment in progress, or None when there is none."""
    data = session.get(ANSWERS)
    if data is None:
        return None
    return Answers.from_dict(data)


def put_answers(session: Session, answers: Answers) -> None:
    session[ANSWERS] = answers.to_dict()


def finish(session: Session, outcome: Outcome) -> None:
    session.pop(ANSWERS, None)
    session[ASSESSMENT] = {"level": outcome.level, "reasons": list(outcome.reasons)}


def finished_tier(session: Session) -> Tier | None:
    """The tier of the assessment finished in this session, if any."""
    data = session.get(ASSESSMENT)
    level = data.get("level") if isinstance(data, dict) else None
    # Junk from the device may be unhashable: test the type before membership.
    if not isinstance(level, str) or level not in {tier.id for tier in Tier}:
        return None
    return Tier.from_id(level)


def get_pending(session: Session) -> Pending | None:
    data = session.get(PENDING)
    if not isinstance(data, dict):
        return None
    kind, ref = data.get("kind"), data.get("ref", "")
    if not isinstance(kind, str) or kind not in KINDS or not isinstance(ref, str):
        return None
    # The ref names content to speak: one we never set would be a missing content key.
    if kind == QUESTION and ref not in QUESTIONS_BY_ID:
        return None
    if kind == FORGET and ref and ref not in QUESTIONS_BY_ID:
        return None
    if kind == FOLLOW_UP and ref not in FOLLOW_UP_REFS:
        return None
    if kind == CARE and ref not in CARE_REFS:
        return None
    if kind in (ROUTINE, PAUSED) and ref not in ROUTINE_STEPS:
        return None
    return Pending(kind, ref)


def set_pending(session: Session, pending: Pending | None) -> None:
    if pending is None:
        session.pop(PENDING, None)
    else:
        session[PENDING] = {"kind": pending.kind, "ref": pending.ref}


def owned(attributes: object) -> dict[str, Any]:
    """The session attributes the skill owns, or none when they are too large to be ours."""
    if not isinstance(attributes, dict):
        return {}
    kept = {key: attributes[key] for key in OWNED if key in attributes}
    try:
        size = len(json.dumps(kept))
    except (TypeError, ValueError, RecursionError):
        return {}
    return kept if size <= MAX_SESSION_JSON else {}


def remember_last(session: Session, speech: str, reprompt: str | None) -> None:
    """Record what was said as content keys, never as SSML.

    Session attributes come back from the device: SSML stored there could be replaced by
    anything (an <audio> tag, a closing </speak>) and would be spoken on Repeat. Keys are
    rendered again from the content, with parameter values from the skill's configuration.
    """
    said, asked = Speech.kept(speech), Speech.kept(reprompt)
    if said is None or asked is None:
        session.pop(LAST, None)
        return
    session[LAST] = {"speech": said, "reprompt": asked}


def last_said(
    session: Session, content: Content, values: Mapping[str, str]
) -> tuple[str, str] | None:
    """What the skill last asked, spoken again from the content and `values` (the parameter
    values the skill's configuration gives), or None."""
    data = session.get(LAST)
    said = data if isinstance(data, dict) else {}
    speech = Speech.render(content, said.get("speech"), values)
    reprompt = Speech.render(content, said.get("reprompt"), values)
    if not speech or not reprompt:
        session.pop(LAST, None)  # not ours: never echoed back either
        return None
    return speech, reprompt


def last_keys(session: Session) -> tuple[str, ...]:
    """The content keys of what the skill last said, as the session claims them.

    Not checked against the content: whoever uses a key checks that the content has it, so a
    forged session can at worst name other content, as with Repeat.
    """
    data = session.get(LAST)
    kept = data.get("speech") if isinstance(data, dict) else None
    if not isinstance(kept, str):
        return ()
    keys = tuple(kept.split(" "))
    return keys if len(keys) <= MAX_PARTS else ()


def assessment_in_progress(session: object) -> bool:
    """Questions asked and not all answered, or emergency advice given: whatever goes wrong
    then, the user must still hear the emergency number."""
    if not isinstance(session, dict):
        return False
    pending = get_pending(session)
    asking = pending is not None and pending.kind in (QUESTION, EMERGENCY)
    return asking or isinstance(session.get(ANSWERS), dict)


def get_pronoun(session: Session) -> str | None:
    """Who the questions are about, when the user asked for someone else."""
    pronoun = session.get(PERSON)
    return pronoun if isinstance(pronoun, str) and pronoun in PRONOUNS else None


def set_pronoun(session: Session, pronoun: str) -> None:
    if pronoun in PRONOUNS:
        session[PERSON] = pronoun


def count_miss(session: Session) -> int:
    misses = session.get(MISSES)
    count = (misses if isinstance(misses, int) and not isinstance(misses, bool) else 0) + 1
    session[MISSES] = count
    return count


def clear_misses(session: Session) -> None:
    session.pop(MISSES, None)


def get_country(session: Mapping[str, Any]) -> str | None:
    """The device's country as the session knows it, or None (anything else is junk)."""
    country = session.get(COUNTRY)
    if isinstance(country, str) and len(country) == 2 and country.isalpha() and country.isupper():
        return country
    return None
