"""An answer to the assessment, read in the context of the question it answers.

The words of a sentence are read by the triage core's reading (hipback/triage/reading.py and
hearing.py), its largest part and one a Launch or a one-shot question never needs: the
answering intents import this module when the first answer arrives (handlers/assessment.py).
"""

from __future__ import annotations

from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils.request_util import get_intent_name
from ask_sdk_model.response import Response

from hipback.handlers import attributes, care, flow, reply, someone_else, state
from hipback.handlers.assessment import ask_duration_choices, welcome_prefix
from hipback.handlers.reply import join
from hipback.handlers.slots import Heard as Slot
from hipback.handlers.slots import heard
from hipback.handlers.yes_no import answer_yes_no
from hipback.triage import (
    DURATION,
    HOME_CARE,
    Answers,
    Reply,
    hours_since,
    next_step,
    parse_iso_duration,
    record_location,
    record_reply,
    vague_duration_hours,
)
from hipback.triage.answering import Taken, take_length, take_reading
from hipback.triage.hearing import AFTER_NO, DENIED, SAID, Heard, SlotWords, hear
from hipback.triage.reading import (
    HEDGE_REPLIES,
    PROGRESS_REPLIES,
    Person,
    duration_hours,
    story_of_another,
)

# A yes or no said before the words of the symptom slot.
SAID_FIRST = {"AnswerYesIntent": Reply.YES, "AnswerNoIntent": Reply.NO}
# How each intent's carrier words introduce the symptom slot (hipback/triage/hearing.py).
CARRIERS = {"DenySymptomIntent": DENIED, "AnswerNoIntent": AFTER_NO}
# The slots that carry an answer's words.
ANSWER_SLOTS = ("symptom", "hedge", "noSymptom", "detail", "emergency")


def answer(handler_input: HandlerInput) -> Response:
    """Record what the user said, read in the context of the pending question, and go on."""
    session = attributes.session(handler_input)
    if attributes.is_new(handler_input):
        attributes.profiles(handler_input).record_visit(session)
    intent = get_intent_name(handler_input)
    if intent == "StartAssessmentIntent" and session.get(state.ASSESSMENT) is not None:
        # A new assessment after a finished one starts from nothing.
        session.pop(state.ANSWERS, None)
    pending = state.get_pending(session)
    if pending == state.Pending(state.CARE, "checkin") and not _names_signs(handler_input):
        return _answer_check_in(handler_input)
    question = pending.ref if pending is not None and pending.kind == state.QUESTION else None
    if intent == "ProgressIntent":
        return _answer_progress(handler_input, question)
    if intent == "HedgeIntent" and question is None and not _names_signs(handler_input):
        return _hedge_outside_question(handler_input)
    return _take_answer(handler_input, question)


def _take_answer(handler_input: HandlerInput, question: str | None) -> Response:
    """Record the answer's slots and ask the next question, or the same one again when its
    words told nothing."""
    session = attributes.session(handler_input)
    answers = flow.current_answers(handler_input)
    session.pop(state.ASSESSMENT, None)
    story, words = _story_of_another(handler_input, answers, question)
    introduced = (
        someone_else.introduce(handler_input, answers, story.who, story.age, words)
        if story
        else ""
    )
    taken, missed, duration_missed = record_slots(handler_input, answers, question)
    missed = missed and story is None
    advice_first = flow.emergency_now(answers)
    welcome = welcome_prefix(handler_input, launch=False, advice_first=advice_first)
    prefix = join(
        welcome,
        "" if advice_first else introduced,
        reply.say(handler_input, "dialog.noted_symptom")
        if taken.noted and next_step(answers)
        else "",
    )
    if duration_missed and answers.duration_hours is None and not answers.duration_unknown:
        return ask_duration_choices(handler_input, answers, prefix)
    if missed and question is not None and not taken.understood:
        # Heard words, understood nothing: never guess; ask again, with the choices.
        state.put_answers(session, answers)
        return flow.reask_with_choices(
            handler_input, join(prefix, reply.say(handler_input, "dialog.answer_no_match"))
        )
    return flow.advance(handler_input, answers, prefix)


def _story_of_another(
    handler_input: HandlerInput, answers: Answers, question: str | None
) -> tuple[Person | None, str]:
    """Whose the pain is, and the words that say so, when the first thing said is someone
    else's story ("my son is eleven and he's been complaining about his hip"), wherever the
    voice model put its words. Once anything is answered, or the questions are already about
    someone, the story is read as an answer."""
    if (
        question not in (None, DURATION)
        or state.get_pronoun(attributes.session(handler_input)) is not None
        or answers != Answers()
    ):
        return None, ""
    locale = attributes.locale(handler_input)
    for name in (*ANSWER_SLOTS, "location"):
        slot = heard(handler_input, name)
        if slot is not None and slot.unmatched and slot.value:
            found = story_of_another(slot.value, locale)
            if found is not None:
                return found, slot.value
    return None, ""


def _names_signs(handler_input: HandlerInput) -> bool:
    reading = _heard(handler_input).reading
    return bool(reading.signs or reading.denied)


def tells_signs(handler_input: HandlerInput) -> bool:
    """Whether the answer's slots say a warning sign."""
    return bool(_heard(handler_input).reading.signs)


def _answer_check_in(handler_input: HandlerInput) -> Response:
    """ "It's much better", "no, still the same": the check-in asks the home-care question again
    ("a week of care at home, and no better?"), so its words are read as an answer to that, and
    better is a no to it. A yes or no said first counts when nothing else tells."""
    found = _heard(handler_input)
    to_home_care = found.reading.answers.get(HOME_CARE) or _progress(handler_input)
    # Otherwise a yes ("a little" too) says it is better, a no that it is not.
    to_check_in = found.reading.reply or SAID_FIRST.get(str(get_intent_name(handler_input)))
    if to_home_care is not None:
        better = to_home_care is Reply.NO
    elif to_check_in in (Reply.YES, Reply.NO):
        better = to_check_in is Reply.YES
    else:
        return flow.reask(handler_input, reply.say(handler_input, "dialog.answer_no_match"))
    state.set_pending(attributes.session(handler_input), None)
    return care.answer_check_in(handler_input, better=better)


def _progress(handler_input: HandlerInput) -> Reply | None:
    """ProgressIntent's answer to the home-care question, if that is the intent."""
    progress = heard(handler_input, "progress")
    return PROGRESS_REPLIES.get(progress.id or "") if progress is not None else None


def _answer_progress(handler_input: HandlerInput, question: str | None) -> Response:
    """ "About the same" answers the home-care question; it answers no warning-sign question,
    so that one is asked again and nothing is lost."""
    said = _progress(handler_input)
    if question != HOME_CARE or said is None:
        return flow.reask_with_choices(
            handler_input, reply.say(handler_input, "dialog.answer_no_match")
        )
    answers = flow.current_answers(handler_input)
    record_reply(answers, HOME_CARE, said)
    return flow.advance(handler_input, answers)


def _hedge_outside_question(handler_input: HandlerInput) -> Response:
    """A hedge with no question pending: "sort of" to an offer is a yes, "dunno" needs nothing."""
    hedge = heard(handler_input, "hedge")
    hedged = HEDGE_REPLIES.get(hedge.id or "") if hedge is not None else None
    if hedged is Reply.YES and state.get_pending(attributes.session(handler_input)) is not None:
        return answer_yes_no(handler_input, yes=True)
    return flow.reask(handler_input, reply.say(handler_input, "dialog.not_sure_unexpected"))


def record_slots(
    handler_input: HandlerInput, answers: Answers, question: str | None
) -> tuple[Taken, bool, bool]:
    """Record every slot the user filled. Returns what was taken, whether words were heard that
    meant nothing to us, and whether a duration was not understood. A length taken answers
    the length question: the story told with it ("since saturday, I was digging the beds")
    may hold no sign and still answers it."""
    location = heard(handler_input, "location")
    if location is not None and location.id:
        record_location(answers, location.id)
    took_length, duration_missed = record_length_said(handler_input, answers, question)
    found = _heard(handler_input)
    said = SAID_FIRST.get(str(get_intent_name(handler_input)))
    taken = take_reading(answers, question, found.reading, found.polarity, said)
    answered = took_length and question in (None, DURATION)
    return taken, found.missed and not (taken.understood or answered), duration_missed


def _heard(handler_input: HandlerInput) -> Heard:
    """What the answer's slots say, as the triage core reads them."""
    filled = []
    for name in ANSWER_SLOTS:
        slot = heard(handler_input, name)
        if slot is not None and slot.value:
            filled.append(SlotWords(name, slot.value, slot.id, slot.unmatched))
    vague = heard(handler_input, "vagueDuration")
    if vague is not None and vague.value and vague.unmatched:
        filled.append(SlotWords("vagueDuration", vague.value, None, True))
    carrier = CARRIERS.get(str(get_intent_name(handler_input)), SAID)
    return hear(filled, carrier, attributes.locale(handler_input))


def record_length_said(
    handler_input: HandlerInput, answers: Answers, question: str | None
) -> tuple[bool, bool]:
    """Record a length said in any of the duration slots: whether one was taken, and whether
    one was said that could not be understood."""
    vague = heard(handler_input, "vagueDuration")
    exact = heard(handler_input, "duration")
    since = heard(handler_input, "since")
    hours = vague_duration_hours(vague.id) if vague is not None else None
    if hours is None and exact is not None:
        hours = parse_iso_duration(exact.value)
    if hours is None and since is not None:
        hours = hours_since(since.value, attributes.today(handler_input))
    if hours is None and answers.duration_hours is None:
        hours = _duration_in_words(handler_input, vague)
    if hours is not None:
        approximate = vague is not None and vague.id is not None
        take_length(answers, question, hours, approximate=approximate)
    return hours is not None, hours is None and any(
        slot is not None for slot in (vague, exact, since))


def _duration_in_words(handler_input: HandlerInput, vague: Slot | None) -> int | None:
    """A length said in words no slot resolved: "about six months now, I kept thinking it
    would go away", "it feels like forever but it's only been five days"."""
    slots = [vague] if vague is not None and vague.unmatched else []
    slots += [slot for name in ANSWER_SLOTS if (slot := heard(handler_input, name))]
    for slot in slots:
        hours = duration_hours(slot.value or "", attributes.locale(handler_input))
        if hours is not None:
            return hours
    return None
