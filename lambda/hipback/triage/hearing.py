"""What an answer's slots say, put together: the voice model's matches and the words read.

The voice model fills a few slots of one intent; this module turns them into one Reading for
``answering.take_reading``. Its rules, in order of precedence:

- A value entity resolution matched counts as that sign or hedge, unless the words themselves
  deny it ("my legs aren't weak" is never leg weakness, whatever was matched).
- Words that matched nothing are read by the core (reading.read); words that mean nothing to
  it are a miss, to be asked again, never a guess.
- The intent says how the words were introduced: after "I don't have" every sign in them is
  denied; after a leading "no" a bare sign name is denied ("no fever") but a sentence is read
  as said ("no, but my leg gives way"); `noSymptom` slots are always denied.
- A `detail` slot follows a turn of the sentence ("no, but {detail}") and is read as said;
  a sign it says stands even where another slot denied it ("no, but the pain is unbearable"):
  a warning sign always wins.
- The slots are also read as one sentence: a denial the whole answer makes ("nothing" |
  "numb down there") wins over a sign one part names alone.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from .model import ALL_SIGNS, Reply
from .reading import (
    HEDGE_REPLIES,
    Reading,
    denies_after_denial,
    denies_after_no,
    no_may_belong,
    read,
    read_after_no,
)

# How the words of the symptom slot were introduced (the intent's carrier words).
SAID = "said"  # as said: "my leg's gone weak"
DENIED = "denied"  # after a denial: "I haven't had {symptom}"
AFTER_NO = "after_no"  # after a leading no: "no {symptom}", "no, but {symptom}"

# Slots whose words are always denied, whatever introduced them.
DENIAL_SLOTS = frozenset({"noSymptom"})
# Slots whose words follow a turn of the sentence ("no, but ..."): always read as said.
DETAIL_SLOTS = frozenset({"detail"})
# Words heard beside a length the voice model could not resolve ("a while, but lately my leg
# keeps buckling"): read for signs, but never a miss, since the length may still be read.
QUIET_SLOTS = frozenset({"vagueDuration"})


class SlotWords(NamedTuple):
    """One filled slot: its name, the words heard, and the value id entity resolution gave."""

    name: str
    words: str
    id: str | None
    unmatched: bool


class Heard(NamedTuple):
    reading: Reading
    # Words were heard that meant nothing to us.
    missed: bool
    # NO when the answer was a denial that named nothing we know ("no, it just crept up").
    polarity: Reply | None


class _Parts:
    def __init__(self) -> None:
        self.signs: set[str] = set()
        self.denied: set[str] = set()
        # Signs said after a turn of the sentence ("no {noSymptom} but {detail}").
        self.turned: set[str] = set()
        self.reply: Reply | None = None
        self.answers: dict[str, Reply] = {}
        self.missed = False

    def add(self, slot: SlotWords, said: Reading, negated: bool) -> None:
        if said.question:
            self.missed = True
            return
        self.signs |= said.signs
        self.denied |= said.denied
        if slot.name in DETAIL_SLOTS:
            self.turned |= said.signs
            if slot.id is not None and slot.id in ALL_SIGNS:
                self.turned.add(slot.id)
        self.reply = self.reply or said.reply
        self.answers.update(said.answers)
        if slot.id in ALL_SIGNS and slot.id not in said.denied:
            (self.denied if negated else self.signs).add(slot.id)
        elif slot.id is not None and slot.id in HEDGE_REPLIES:
            self.reply = HEDGE_REPLIES[slot.id]
        elif slot.unmatched and said.empty and slot.name not in QUIET_SLOTS:
            self.missed = True


def hear(slots: Iterable[SlotWords], carrier: str = SAID, locale: str | None = None) -> Heard:
    """One Reading from an intent's filled slots (see the module's rules)."""
    slots = list(slots)
    parts = _Parts()
    for slot in slots:
        said, negated = _read_slot(slot, carrier, locale)
        parts.add(slot, said, negated)
    # A detail follows a turn of the sentence ("no {noSymptom} but {detail}"): a clause of
    # its own, which a denial before it does not reach.
    spoken = " ".join(f", {s.words}" if s.name in DETAIL_SLOTS else s.words
                      for s in _in_spoken_order(slots))
    whole = read(spoken, locale,
                 after_denial=carrier == DENIED and denies_after_denial(spoken, locale))
    parts.signs -= whole.denied
    parts.denied |= whole.denied
    parts.denied -= parts.turned - whole.denied
    if whole.reply is Reply.UNSURE or parts.reply is Reply.UNSURE:
        # An answer that does not know ("I can't tell if it's swollen or not") denies nothing
        # that the whole sentence does not deny.
        parts.denied &= whole.denied
    polarity = None
    if carrier == DENIED and not parts.signs:
        # The carrier said the no; the words' own reading ("not able to wee") has already
        # turned an inability back into a sign.
        polarity = Reply.NO
    reading = Reading(
        parts.reply,
        frozenset(parts.signs - parts.denied),
        frozenset(parts.denied),
        parts.answers,
    )
    return Heard(reading, parts.missed, polarity)


def _read_slot(slot: SlotWords, carrier: str, locale: str | None) -> tuple[Reading, bool]:
    if slot.name in DETAIL_SLOTS:
        return read(slot.words, locale), False
    if carrier == AFTER_NO and slot.name == "symptom":
        unclear = no_may_belong(slot.words, locale)
        if unclear is not None:
            # Only a clear no is no: "no la apoyo" may be the sign, so it does not know.
            return unclear, False
        return read_after_no(slot.words, locale), denies_after_no(slot.words, locale)
    negated = slot.name in DENIAL_SLOTS or (
        carrier == DENIED and denies_after_denial(slot.words, locale)
    )
    return read(slot.words, locale, after_denial=negated), negated


def _in_spoken_order(slots: list[SlotWords]) -> list[SlotWords]:
    # A hedge comes first in every sample that has one, and a denial before what follows it.
    order = {"vagueDuration": 0, "hedge": 0, "noSymptom": 1, "symptom": 2, "detail": 3}
    return sorted((s for s in slots if s.name in order and s.words),
                  key=lambda s: order[s.name])
