"""The triage core reads answers said in sentences: signs, denials, hedges, in context.

The sentences here are ones people say (docs/clinical.md, "Hedged and denied answers") and the
voice model's own values; the blind held-out sets are measured in test_understanding_heldout.py.
"""

from __future__ import annotations

import json
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import date

import pytest

from hipback.triage import (
    ALL_SIGNS,
    HOME_CARE,
    QUESTION_OF_SIGN,
    Answers,
    Reply,
    hours_since,
    record_duration,
)
from hipback.triage.answering import take_length, take_reading
from hipback.triage.hearing import AFTER_NO, DENIED, SAID, SlotWords, hear
from hipback.triage.model import SEVERE_PAIN
from hipback.triage.reading import (
    HEDGE_REPLIES,
    duration_hours,
    lexicon,
    may_be_a_child,
    person_said,
    read,
    read_after_no,
    story_of_another,
    words,
)
from interaction_model.builder import model_path
from interaction_model.locales import locales
from tests.fast_set import slow_except

# The rules and the reader are shared by every English locale; their words are not. The whole
# vocabulary is swept in these two, and each other locale's own words (those neither has) in it.
SWEPT = ("en-US", "en-GB")
LOCALES = tuple(locale for locale in locales() if locale.startswith("en-"))
# The fast set sweeps the US vocabulary whole, and each other locale's own words; the British
# sweep, mostly the same words again, is in `make test`.
FAST_LOCALES = slow_except(LOCALES, *(locale for locale in LOCALES if locale != "en-GB"))


def own_values(locale: str, slot_type: str) -> list[tuple[str, str]]:
    """model_values, less those the swept locales' models have (all of them for a swept one)."""
    if locale in SWEPT:
        return model_values(locale, slot_type)
    swept = {pair for other in SWEPT for pair in model_values(other, slot_type)}
    return [pair for pair in model_values(locale, slot_type) if pair not in swept]


def model_values(locale: str, slot_type: str) -> list[tuple[str, str]]:
    """(value id, phrase) for every value and synonym of a slot type in the built model."""
    model = json.loads(model_path(locale).read_text())
    (kind,) = [t for t in model["interactionModel"]["languageModel"]["types"]
               if t["name"] == slot_type]
    return [
        (value["id"], phrase)
        for value in kind["values"]
        for phrase in [value["name"]["value"], *value["name"].get("synonyms", [])]
    ]


@pytest.mark.parametrize(
    ("text", "signs"),
    [
        (
            "yeah actually, I've been having a hard time peeing since this started",
            {"bladder_bowel"},
        ),
        ("my bum's gone sort of numb, and the inside of my thighs", {"saddle_numbness"}),
        ("I've not been able to wee properly since yesterday", {"bladder_bowel"}),
        ("I slipped on the ice and came down hard on my back", {"serious_injury"}),
        ("my leg's gone really weak, I keep tripping over my foot", {"leg_weakness"}),
        ("the hip's come up all hot and puffy overnight", {"hip_swelling"}),
        ("honestly I can barely get out of bed it's so bad", {"severe_pain"}),
        ("yeah, I was awake all night with it", {"severe_pain"}),
        ("I can't feel my inner thighs", {"saddle_numbness"}),
        ("I have numbness around my bottom", {"saddle_numbness"}),
        ("my inner thighs have gone numb", {"saddle_numbness"}),
        (
            "I had breast cancer a few years back and I've lost a bunch of weight without trying",
            {"cancer_history", "weight_loss"},
        ),
        (
            "it's worse at night and I'm sixty two and I've never had back trouble before",
            {"night_pain", "new_over_fifty"},
        ),
        ("a couple of accidents with my bladder", {"bladder_bowel"}),
        ("I came off my bike", {"serious_injury"}),
        ("a car hit me", {"serious_injury"}),
        # After a denial complete in itself, a new subject says what did happen.
        ("I didn't fall, my right leg just gave out on me", {"leg_weakness"}),
        # A hedge inside the sign's own words is the sign, not a doubt about it.
        ("I can't tell when I need to go number two any more", {"bladder_bowel"}),
        # "didn't feel it coming" is about the sign, not a denial of it.
        ("I pooped myself and didn't even feel it coming", {"bladder_bowel"}),
        ("I've been wetting myself, never had that before", {"bladder_bowel"}),
        # "when" and "did" tell here; they ask only before an asking verb or a pronoun.
        ("when I wipe I can't feel it properly", {"saddle_numbness"}),
        ("it gets real bad after dark", {"night_pain"}),
        ("I got t-boned by a pickup truck", {"serious_injury"}),
        # "Me" for "my", and about someone else.
        ("I've got pins and needles right between me legs", {"saddle_numbness"}),
        ("mum can't shift her hip at all", {"cannot_move"}),
        ("she's wet herself twice today", {"bladder_bowel"}),
        # "No matter how" denies nothing.
        ("the pain's always worse at night no matter how I lie", {"night_pain"}),
        # Getting to the toilet is moving about; "and he" starts a clause of its own.
        (
            "he can't get comfortable at all and he can barely shuffle to the loo",
            {"severe_pain"},
        ),
        # Indian English: a topic named first, "is" before someone else's age.
        ("what is worrying me is urine, whole night i could not pass even one drop",
         {"bladder_bowel"}),
        ("weight loss is there, not dieting nothing, still six kgs gone", {"weight_loss"}),
        ("the pain is not allowing me to sleep", {"severe_pain"}),
        ("my father is seventy two, he never had back pain, this is first time",
         {"new_over_fifty"}),
        ("i am sixty eight years and never in my life i had back pain before this",
         {"new_over_fifty"}),
        ("back pain is there, but now chest also paining", {"chest_pain"}),
        # A relative's cancer with no "not me" may be the person the questions are about.
        ("my mum had cancer", {"cancer_history"}),
        ("i had cancer and so did my mum", {"cancer_history"}),
        # Of the bladder "the same as ever" is normal; of a numbness it is still there.
        ("the numbness down there is the same as ever", {"saddle_numbness"}),
        # Another person's sign with no "not me" of the speaker's own: it may be the person
        # the questions are about ("mum had a bad fall" when asking for mum), or the speaker's
        # too ("now I've got chills").
        ("my mum had a bad fall, no broken bones", {"serious_injury"}),
        ("she had a fever last week, not me", {"fever"}),
        ("my wife had a fever and now i've got chills too, no fever though", {"fever"}),
        # Another person named, but the speaker the sign's subject.
        ("i collapsed at my son's wedding, no, i didn't faint, i just went down", {"collapse"}),
        ("my son was with me, i collapsed in the kitchen, i didn't faint though", {"collapse"}),
        # A denial of another person's ("my son doesn't") is not the speaker's.
        ("my husband has a fever but my son doesn't have a fever", {"fever"}),
        # A negation that insists denies nothing (said as speech arrives, without a comma).
        ("i've got a fever no doubt about it", {"fever"}),
        ("no lie i wet myself", {"bladder_bowel"}),
        # A negation said later, of another sign, does not reach back.
        ("i can't feel my bum and no fever", {"saddle_numbness"}),
        ("my leg gives way no fever though", {"leg_weakness"}),
        # How a person says they are is no reassurance about the sign.
        ("he did keel over in the bathroom this morning he says he's fine now", {"collapse"}),
        # Swelling said with another part of the body may be the hip's too.
        ("my hip and my knee swelled up overnight", {"hip_swelling"}),
    ],
)
def test_a_sign_inside_a_sentence_is_heard(text: str, signs: set[str]) -> None:
    reading = read(text)
    assert reading.signs == signs
    assert not reading.denied & signs


@pytest.mark.parametrize(
    ("text", "sign"),
    [
        ("no fever", "fever"),
        ("I don't have any numbness down there", "saddle_numbness"),
        ("my legs aren't weak", "leg_weakness"),
        ("no accident", "serious_injury"),
        ("not peeing any differently", "bladder_bowel"),
        ("nah, I didn't fall or anything", "serious_injury"),
        ("it's bad but I can still sleep okay", "severe_pain"),
        ("my temperature's been normal", "fever"),
        ("no fever but my legs are weak", "fever"),
        ("my mum had breast cancer but i haven't", "cancer_history"),
        ("my dad died of cancer, not me though", "cancer_history"),
        # Another person's sign, then the speaker's own "not me" or denial: any sign.
        ("mum had cancer but not me", "cancer_history"),
        ("my wife's knee gave way on the ice but mine haven't, both legs are solid",
         "leg_weakness"),
        ("the kids had the flu with a temperature but i never caught it, no fever on my end",
         "fever"),
        ("my wife had a fever last week but not me", "fever"),
        ("i didnae fall, it just went when i sneezed", "serious_injury"),
        ("i know these questions are about cancer but i've never had cancer", "cancer_history"),
        ("i'm over fifty but this isn't my first bad back", "new_over_fifty"),
        ("i'm sixty one but my back's been acting up on and off for years", "new_over_fifty"),
        ("she's seventy nine, she's had a dodgy back for donkey's years", "new_over_fifty"),
        ("he says his waterworks are the same as ever", "bladder_bowel"),
    ],
)
def test_a_denied_sign_is_never_a_sign(text: str, sign: str) -> None:
    reading = read(text)
    assert sign in reading.denied
    assert sign not in reading.signs


def test_a_negation_reaches_only_its_own_clause() -> None:
    reading = read("no fever but my legs are weak")
    assert reading.signs == {"leg_weakness"} and reading.denied == {"fever"}


@pytest.mark.parametrize(
    "text",
    [
        "can losing weight help my back",
        "is walking good for a numb leg",
        "what does it mean if your hip is swollen",
        "should I worry about numbness",
    ],
)
def test_a_question_about_a_topic_is_no_sign(text: str) -> None:
    reading = read(text)
    assert reading.question and not reading.signs


@pytest.mark.slow  # every synonym of every sign, in three carriers
@pytest.mark.parametrize("locale", LOCALES)
def test_every_sign_the_model_knows_is_denied_after_a_denial(locale: str) -> None:
    """The negation invariant over the whole vocabulary: whatever words Alexa hears for a sign,
    said after "I don't have", "no" or as a denial slot, they never become that sign."""
    lex = lexicon()
    wrong = []
    for sign, phrase in own_values(locale, "WARNING_SIGN"):
        carriers = [DENIED]
        said = words(phrase)
        opens_inability = any(tuple(said[: len(p)]) == p for p in lex.inabilities)
        if said[0] not in lex.sentence_starts and not opens_inability:
            # "no fever" denies; "no, had an accident with my bladder" says a sentence of its
            # own, "no, can't wee" an inability no "no" undoes, and a sign said is never
            # dropped on a guess.
            carriers.append(AFTER_NO)
        elif sign not in hear([SlotWords("symptom", phrase, sign, False)], AFTER_NO,
                              locale).reading.signs:
            wrong.append(("kept after no", phrase))
        for carrier in carriers:
            heard = hear([SlotWords("symptom", phrase, sign, False)], carrier, locale).reading
            if sign in heard.signs or sign not in heard.denied:
                wrong.append((carrier, phrase))
        if sign in read(phrase, locale, after_denial=True).signs:
            wrong.append(("read", phrase))
    assert wrong == []


@pytest.mark.parametrize("locale", FAST_LOCALES)
def test_the_reader_knows_every_sign_the_voice_model_knows(locale: str) -> None:
    """The model's synonyms and the core's phrase lists agree: each value, read alone, is its
    own sign (so the skill hears the same sign whether or not Alexa matched it)."""
    wrong = [
        (sign, phrase, sorted(read(phrase, locale).signs))
        for sign, phrase in own_values(locale, "WARNING_SIGN")
        if sign not in read(phrase, locale).signs
    ]
    assert wrong == []


@pytest.mark.slow  # every synonym of every sign
@pytest.mark.parametrize("locale", LOCALES)
def test_what_the_model_matches_the_reader_never_contradicts(locale: str) -> None:
    """A value the voice model matched counts as its own sign when said plainly."""
    wrong = []
    for sign, phrase in own_values(locale, "WARNING_SIGN"):
        heard = hear([SlotWords("symptom", phrase, sign, False)], SAID, locale).reading
        if sign not in heard.signs:
            wrong.append(phrase)
    assert wrong == []


def test_the_hedge_table_follows_clinical_md() -> None:
    # docs/clinical.md: partly admitting a sign is yes; not knowing is not sure; neither is no.
    assert HEDGE_REPLIES == {"partly": Reply.YES, "unknown": Reply.UNSURE}


@pytest.mark.parametrize("locale", FAST_LOCALES)
def test_no_hedge_is_ever_a_no(locale: str) -> None:
    wrong: list[tuple[str, str, object]] = []
    for kind, phrase in own_values(locale, "HEDGE"):
        heard = hear([SlotWords("hedge", phrase, kind, False)], SAID, locale).reading
        if heard.reply is not HEDGE_REPLIES[kind]:
            wrong.append((kind, phrase, heard.reply))
        # Said without the voice model's match, the words alone are never a no either.
        if read(phrase, locale).reply is Reply.NO:
            wrong.append((kind, phrase, "read as no"))
    assert wrong == []


@pytest.mark.parametrize(
    ("text", "reply"),
    [
        ("dunno really", Reply.UNSURE),
        ("haven't checked", Reply.UNSURE),
        ("could be", Reply.UNSURE),
        ("on and off", Reply.YES),
        ("sort of, yeah", Reply.YES),
        ("I guess so", Reply.YES),
        ("afraid so", Reply.YES),
        ("unfortunately yes", Reply.YES),
    ],
)
def test_hedges_in_the_issue_are_read_by_the_table(text: str, reply: Reply) -> None:
    assert read(text).reply is reply


def test_words_after_a_leading_no_are_a_denial_or_a_sentence() -> None:
    assert read_after_no("numbness down there").denied == {"saddle_numbness"}
    assert read_after_no("I'm in remission from myeloma though").signs == {"cancer_history"}


def test_the_lexicon_names_only_the_cores_signs_and_questions() -> None:
    lex = lexicon()
    assert set(lex.signs) <= set(ALL_SIGNS)
    assert {"bladder_bowel", "saddle_numbness", "fever", "night_pain"} <= set(lex.signs)


# -- in the context of the pending question ----------------------------------------------------


def fresh() -> Answers:
    answers = Answers()
    record_duration(answers, 48)
    return answers


def test_a_sign_of_the_pending_question_answers_it() -> None:
    answers = fresh()
    taken = take_reading(answers, "cauda_equina", read("I can't feel my bum"))
    assert taken.answered and "saddle_numbness" in answers.signs


def test_a_yes_beside_another_questions_sign_is_about_that_sign() -> None:
    answers = fresh()
    taken = take_reading(answers, "cauda_equina", read("yes I've got a fever"))
    assert not taken.answered and "cauda_equina" not in answers.replies
    assert answers.signs == {"fever"}


def test_a_leading_no_answers_the_question_and_the_sign_after_it_counts() -> None:
    answers = fresh()
    taken = take_reading(answers, "injury", read("my leg keeps giving way"), said=Reply.NO)
    assert taken.answered and answers.replies["injury"] is Reply.NO
    assert answers.signs == {"leg_weakness"}


def test_denying_the_pending_questions_sign_is_no() -> None:
    answers = fresh()
    take_reading(answers, "infection_swelling", read("fever", after_denial=True))
    assert answers.replies["infection_swelling"] is Reply.NO


def test_denying_another_questions_sign_is_remembered_not_taken_as_no() -> None:
    answers = fresh()
    taken = take_reading(answers, "cauda_equina", read("fever", after_denial=True),
                         polarity=Reply.NO)
    assert not taken.answered and "cauda_equina" not in answers.replies
    assert answers.denied == {"fever"}
    # Its own question is still asked: one of its two signs is not denied.
    assert "infection_swelling" not in answers.replies


def test_every_sign_of_a_question_denied_answers_that_question_no() -> None:
    answers = fresh()
    take_reading(answers, "cauda_equina", read("no fever and no swelling"))
    assert answers.replies["infection_swelling"] is Reply.NO


def test_a_sign_said_wins_over_an_earlier_denial() -> None:
    answers = fresh()
    take_reading(answers, "cauda_equina", read("fever", after_denial=True))
    take_reading(answers, "cauda_equina", read("actually I have got a fever"))
    assert "fever" in answers.signs and "fever" not in answers.denied


@pytest.mark.parametrize(
    ("text", "reply"),
    [
        ("did the whole rest and stretch routine for nine days and no improvement", Reply.YES),
        ("the hot tub has made a big difference", Reply.NO),
        ("the ice hasn't made a big difference", Reply.YES),
        ("did a week of it and it's loads better", Reply.NO),
        ("the stretches seem to be helping some", Reply.NO),
    ],
)
def test_a_home_care_story_answers_the_home_care_question(text: str, reply: Reply) -> None:
    assert read(text).answers == {HOME_CARE: reply}


@pytest.mark.parametrize("text", ["when should I worry", "did I hurt it", "where does it hurt"])
def test_when_and_did_still_ask(text: str) -> None:
    assert read(text).question


def test_not_knowing_whether_home_care_helped_is_not_sure() -> None:
    answers = fresh()
    take_reading(answers, HOME_CARE, read("I'm not sure whether it's helped or not"))
    assert HOME_CARE in answers.unsure_once and HOME_CARE not in answers.replies


def test_a_length_said_to_the_home_care_question_is_how_long_home_care_was_tried() -> None:
    for hours, reply in ((10 * 24, Reply.YES), (7 * 24, Reply.YES), (3 * 24, Reply.NO)):
        answers = fresh()
        record_duration(answers, 30 * 24)
        take_length(answers, HOME_CARE, hours)
        # The pain's own length is kept: the home-care question is about the care.
        assert (answers.replies[HOME_CARE], answers.duration_hours) == (reply, 30 * 24)


def test_about_a_week_sits_on_the_line_and_answers_nothing() -> None:
    answers = fresh()
    record_duration(answers, 30 * 24)
    take_length(answers, HOME_CARE, 7 * 24, approximate=True)
    assert HOME_CARE not in answers.replies


def test_a_length_before_the_pains_length_is_known_is_the_pains_length() -> None:
    answers = Answers()
    take_length(answers, HOME_CARE, 10 * 24)
    assert answers.duration_hours == 10 * 24 and answers.replies == {}


def test_a_sign_said_after_the_turn_stands_beside_a_denial_of_it() -> None:
    # "no {noSymptom} but {detail}": a warning sign always wins over the slot that denied it.
    heard = hear(
        [SlotWords("noSymptom", "unbearable", SEVERE_PAIN, False),
         SlotWords("detail", "can't even sleep", SEVERE_PAIN, False)],
        AFTER_NO,
    )
    assert SEVERE_PAIN in heard.reading.signs


def test_an_inability_after_a_no_is_said_not_denied() -> None:
    # "no, I can't walk": the voice model may keep only "can't walk" in the slot.
    for said in ("can't walk", "i can't walk", "can't put any weight on it"):
        heard = hear([SlotWords("symptom", said, "cannot_move", False)], AFTER_NO)
        assert "cannot_move" in heard.reading.signs, said
        assert "cannot_move" not in heard.reading.denied, said
    fine = hear([SlotWords("symptom", "i can walk fine", None, True)], AFTER_NO)
    assert "cannot_move" in fine.reading.denied and "cannot_move" not in fine.reading.signs


def test_a_question_records_nothing() -> None:
    answers = fresh()
    taken = take_reading(answers, "cauda_equina", read("can losing weight help my back"))
    assert not taken.understood and answers.signs == set() and answers.replies == {}


@pytest.mark.parametrize("question", sorted(set(QUESTION_OF_SIGN.values())))
def test_a_hedge_is_never_recorded_as_no(question: str) -> None:
    for phrase in ("sort of", "dunno", "maybe", "a little", "could be", "on and off"):
        answers = fresh()
        take_reading(answers, question, read(phrase))
        assert answers.replies.get(question) is not Reply.NO, phrase


# -- dates said for "how long" ------------------------------------------------------------------

WEDNESDAY = date(2026, 11, 25)


@pytest.mark.parametrize(
    ("value", "days"),
    [
        ("2026-11-29", 3),  # "since sunday": Alexa gives the coming one; it was last Sunday
        ("2026-11-17", 8),  # "since last tuesday"
        ("2026-11-24", 1),  # "yesterday"
        ("2026-W48-WE", 4),  # "since the weekend": last weekend
        ("2026-12-10", 15),  # "since the tenth": last month's
        ("2026-12-25", 335),  # "since christmas": last year's
        ("2026-11", 24),  # "since november"
    ],
)
def test_a_date_becomes_the_time_since_it(value: str, days: int) -> None:
    assert hours_since(value, WEDNESDAY) == days * 24


@pytest.mark.parametrize("value", ["", "junk", "2026-13-40", "1800-01-01", "PRESENT_REF"])
def test_a_date_we_cannot_trust_is_no_duration(value: str) -> None:
    assert hours_since(value, WEDNESDAY) is None


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("about six months now, I kept thinking it would go away", 180),
        ("maybe four or five days", 4),  # the lower figure
        ("twenty one days", 21),
        ("a week and a half", 10.5),
        ("three days and it feels like three weeks", 3),  # felt gives way to said
        ("it feels like it's been three weeks", 21),  # only felt: still the answer
        ("years on and off, but this flare up is about a week old", 7),  # the last said
        ("more than three weeks", 21),
        ("so about 36 hours", 1.5),
        ("my ten year old says his back hurts", None),  # an age
        ("I'm seventy two", None),
        ("it came on when I lifted the baby", None),
    ],
)
def test_a_length_said_in_words(text: str, days: float | None) -> None:
    hours = duration_hours(text, "en-US")
    assert (None if hours is None else hours / 24) == days


@pytest.mark.parametrize(
    ("text", "said", "denied"),
    [
        # A denial complete in itself ends where a new subject begins.
        ("nothing like that, I'm seventy two and never had a bad back", {"new_over_fifty"}, set()),
        ("not really, I've had a fever since Saturday", {"fever"}, set()),
        ("nothing like that at all", set(), set()),
        # An age is denied only by a negation before it.
        ("I'm not over fifty", set(), {"new_over_fifty"}),
        # "won't bend" says the hip cannot move; it denies nothing.
        ("I can't move my hip at all, it won't bend", {"cannot_move"}, set()),
        ("I haven't tried much because my leg keeps giving way", {"leg_weakness"}, set()),
    ],
)
def test_what_a_denial_reaches(text: str, said: set[str], denied: set[str]) -> None:
    reading = read_after_no(text) if text.startswith("nothing") else read(text)
    assert set(reading.signs) >= said
    assert set(reading.denied) == denied


@pytest.mark.parametrize("reply", [Reply.YES, Reply.UNSURE])
def test_a_hedge_beside_a_denied_sign_of_the_question_is_never_no(reply: Reply) -> None:
    answers = fresh()
    reading = read("it hasn't gone from under me")
    assert "leg_weakness" in reading.denied
    taken = take_reading(answers, "leg_function", reading, said=reply)
    assert taken.answered and answers.replies.get("leg_function") is not Reply.NO
    # A first "not sure" is explained and asked again; a partial yes is a yes.
    recorded = answers.replies.get("leg_function")
    assert recorded is reply or (reply is Reply.UNSURE and "leg_function" in answers.unsure_once)


def test_a_plain_denial_of_the_questions_sign_is_no() -> None:
    answers = fresh()
    take_reading(answers, "leg_function", read("my legs are working fine"))
    assert answers.replies["leg_function"] is Reply.NO


@pytest.mark.parametrize(
    ("text", "reply"),
    [
        ("can't say I have, no", Reply.NO),  # British understatement
        ("nope, can't say I have", Reply.NO),
        ("I can't say", Reply.UNSURE),  # alone, it does not know
        ("can't say, I have no idea", Reply.UNSURE),  # the not knowing wins
        ("honestly I've lost track", Reply.UNSURE),
    ],
)
def test_understated_replies(text: str, reply: Reply) -> None:
    assert read(text).reply is reply


@pytest.mark.parametrize(
    "text",
    [
        "pain is very severe, i cannot walk around the house even because of pain",
        "i can't stand long enough to cook dinner",
    ],
)
def test_getting_about_is_the_severe_pain_question_not_a_leg_that_cannot_move(text: str) -> None:
    assert "cannot_move" not in read(text).signs


def test_pain_too_bad_to_move_is_severe_pain_not_a_hip_that_cannot_move() -> None:
    reading = read("it's agony, I can't move without screaming")
    assert "severe_pain" in reading.signs and "cannot_move" not in reading.signs


def test_a_denial_of_an_inability_denies_the_sign() -> None:
    # "It's not like I can't move it": the voice model keeps "like ..." after its denial.
    heard = hear([SlotWords("symptom", "like i can't move it i can it's just stiff", None, True)],
                 DENIED, "en-GB")
    assert "cannot_move" not in heard.reading.signs


@pytest.mark.parametrize(
    ("text", "who", "age"),
    [
        ("son he's twelve he's had a sore back for about five days", "him", 12),
        ("husband really he's been in agony since monday", "him", None),
        ("mum she is only 80", "her", 80),
        ("kid who is nine", "child", 9),
        ("neighbour", "them", None),
        # An age said after who, and a length that is no age (she is an adult, pregnant).
        ("son is eleven and he's been complaining about his hip", "him", 11),
        ("wife she is three months pregnant and her back's killing her", "her", None),
        ("daughter she is three months old", "her", 0),
        ("father he is eighty years old", "him", 80),
        # An age said before who, or with the "is" of "daughter's" lost.
        ("twelve year old daughter is having lower back pain", "her", 12),
        ("my fourteen year old plays basketball", None, 14),
        ("daughter's eleven and she's a gymnast", "her", 11),
        ("son two days ago hurt his back", "him", None),
    ],
)
def test_who_a_sentence_for_someone_else_names(text: str, who: str, age: int | None) -> None:
    assert person_said(text) == (who, age)


@pytest.mark.parametrize(
    ("text", "who", "age"),
    [
        # The voice model may have kept "my" as its carrier words.
        ("son is eleven and he's been complaining about his hip", "him", 11),
        ("my daughter's backpack weighs a ton could that be why her back hurts", "her", None),
        ("twelve year old's shot up this year and now his back aches", None, 12),
        ("our lad's got a sore back after football", "him", None),
        ("kids had the swimming carnival and now my daughter reckons her back's sore", "child",
         None),
        ("little one's sore back", "child", None),
        ("teenager does competitive dance and her lower back is always stiff", "them", None),
    ],
)
def test_a_story_that_opens_with_someone_else_is_theirs(
    text: str, who: str | None, age: int | None
) -> None:
    assert story_of_another(text, "en-GB") == (who, age)


@pytest.mark.parametrize(
    "text",
    [
        # The speaker's own pain after the person: the speaker's story.
        "wife says my back looks swollen",
        "son helped me up and now i can't walk",
        "husband says i have sciatica",
        "kids were jumping on me and now me back's gone",
        # Opening otherwise: a pronoun may be the person already asked about.
        "back is killing me",
        "she has had it for a week",
        "the pain started when my son was born",
    ],
)
def test_a_story_that_does_not_open_with_someone_else_is_not_theirs(text: str) -> None:
    assert story_of_another(text, "en-GB") is None


@pytest.mark.parametrize(("text", "may"), [
    ("son", True), ("my teenager", True), ("our lad", True), ("granddaughter", True),
    ("mum", False), ("husband", False), ("little girl", False), ("kid", False),
])
def test_who_may_be_a_child_or_grown_up(text: str, may: bool) -> None:
    assert may_be_a_child(text, "en-US") is may



def test_sessions_reading_their_first_answer_at_once_read_the_lexicon_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Reading the lexicon takes about a tenth of a second; sessions that each read it while
    the others wait hold the interpreter long enough for storage calls to run out of time."""
    from hipback.triage import reading

    parsed: list[str] = []
    real = reading.parse_lexicon

    def counting(data: dict[str, object]) -> reading.Lexicon:
        parsed.append("en")
        return real(data)

    monkeypatch.setattr(reading, "parse_lexicon", counting)
    reading._read_lexicon.cache_clear()
    start = threading.Barrier(8)

    def first_answer() -> reading.Lexicon:
        start.wait()
        return reading.lexicon("en")

    try:
        with ThreadPoolExecutor(max_workers=8) as pool:
            found = list(pool.map(lambda _: first_answer(), range(8)))
    finally:
        reading._read_lexicon.cache_clear()  # the next test reads the real one again
    assert parsed == ["en"]
    assert all(lex is found[0] for lex in found)
