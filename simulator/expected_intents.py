"""Which intents a held-out line's meaning should reach, derived from its category and tokens.

A line does not name an intent: it says what the skill must hold afterwards. Several intents
can carry the same meaning (a plain "yes" is AMAZON.YesIntent, "yeah, I've had a fever" is
AnswerYesIntent), so each line expects a group of intents, the intents the skill takes that
meaning from (hipback/handlers). The first intent of a group is the one an annotation names
when nothing says which of the group a line should reach.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

INFO_INTENTS = (
    "CausesIntent", "ConditionInfoIntent", "HeatIceIntent", "FastestReliefIntent",
    "WhenToWorryIntent", "OneSidedPainIntent", "PhysicalTherapyIntent", "SurgeryIntent",
    "MedicationIntent", "AlternativeTherapyIntent", "HomeCareIntent", "ContactClinicIntent",
)  # fmt: skip

# group -> the intents that carry that meaning, the most typical first.
EXPECTED_INTENTS: dict[str, tuple[str, ...]] = {
    # "No better" and "about the same" answer the home-care question with a yes, "much better"
    # with a no (ProgressIntent).
    "yes": ("AMAZON.YesIntent", "AnswerYesIntent", "ProgressIntent"),
    # A bare no, a no with more said ("no fever"), a denial that names the sign, or a sentence
    # about the sign that undoes it ("my legs aren't weak": the core reads the denial).
    "no": (
        "AMAZON.NoIntent", "AnswerNoIntent", "DenySymptomIntent", "ReportSymptomIntent",
        "ProgressIntent",
    ),
    "hedge": ("HedgeIntent",),
    # Every intent with a slot that records a sign as said: a sentence about symptoms, a yes
    # or a no with more ("no, but my leg gave way" fills AnswerNoIntent's detail), a hedge
    # with a sign, a duration with a sign, a first sentence about the pain.
    "sign": (
        "ReportSymptomIntent", "AnswerYesIntent", "AnswerNoIntent", "HedgeIntent",
        "DurationIntent", "StartAssessmentIntent",
    ),
    # StartAssessmentIntent carries the same duration and date slots ("I've had it for a week").
    "duration": ("DurationIntent", "StartAssessmentIntent"),
    "question": INFO_INTENTS,
    # A conversation's answer with no category: any intent the skill takes as an answer.
    "answer": (
        "ReportSymptomIntent", "AMAZON.YesIntent", "AMAZON.NoIntent", "AnswerYesIntent",
        "AnswerNoIntent", "DenySymptomIntent", "HedgeIntent", "DurationIntent",
        "StartAssessmentIntent",
    ),
}
# Categories whose meaning is the category itself, whatever the reply token says (a hedge
# that counts as yes is still a hedge; a sign said with a no is still a sign).
_BY_CATEGORY = {
    "hedge_partial": "hedge", "hedge_unknown": "hedge", "sign": "sign",
    "topic_question": "question",
}  # fmt: skip
# Otherwise the first expected token decides (home_care lines and negations answer yes, no or
# a duration, and their first token says which).
_BY_TOKEN = {
    "yes": "yes", "no": "no", "unsure": "hedge", "days": "duration", "question": "question",
    "not": "no", "sign": "sign",
}  # fmt: skip


def expected_group(category: str, expected: tuple[str, ...]) -> str:
    """The group of intents a line with this category and these expected tokens should reach."""
    if category in _BY_CATEGORY:
        return _BY_CATEGORY[category]
    kind = expected[0].partition(":")[0] if expected else "no"
    return _BY_TOKEN.get(kind, "no")


def reached(group: str, intent: str | None) -> bool:
    return intent in EXPECTED_INTENTS[group]


def intent_lines(pairs: Iterable[tuple[str, str | None]]) -> list[str]:
    """Per expected group: the lines that reached one of its intents, and a confusion row
    naming the intents that took the rest ("no  140/150  took 10: HedgeIntent 6, ...")."""
    rows: dict[str, Counter[str]] = {}
    for group, intent in pairs:
        rows.setdefault(group, Counter())[intent or "(no intent)"] += 1
    lines = []
    for group in sorted(rows):
        row = rows[group]
        total = sum(row.values())
        right = sum(n for intent, n in row.items() if reached(group, intent))
        others = ", ".join(f"{i} {n}" for i, n in row.most_common() if not reached(group, i))
        taken = f"  took {total - right}: {others}" if others else ""
        lines.append(f"  {group:9} {right:4}/{total:<4} {100 * right / total:5.1f}%{taken}")
    return lines


def taken_lines(results: Iterable[tuple[str | None, bool]]) -> list[str]:
    """Per intent the resolver took: how many of those lines the skill then understood."""
    counts: dict[str, list[int]] = {}
    for intent, ok in results:
        tally = counts.setdefault(intent or "(no intent)", [0, 0])
        tally[0] += ok
        tally[1] += 1
    width = max((len(name) for name in counts), default=0)
    return [
        f"  {name:{width}} {ok:4}/{total:<4} {100 * ok / total:5.1f}%"
        for name, (ok, total) in sorted(counts.items())
    ]
