"""What an outcome advises, as the content keys of its words: the core owns which advice fits.

The tier picks the advice; some reasons change its wording. Handlers speak these keys in order
and never look at the reasons themselves.
"""

from __future__ import annotations

from typing import NamedTuple

from .model import Reply, Tier
from .rules import RULES, Outcome, Said

# Reasons from a "not sure" to a warning-sign question: urgent out of caution, not a finding,
# and said so (docs/clinical.md, "Hedged and denied answers").
UNSURE_REASONS = frozenset(
    rule.reason
    for rule in RULES
    if isinstance(rule.finding, Said) and rule.finding.reply is Reply.UNSURE
)
# Said after the first layer when the reason is among the outcome's reasons, in this order.
ADDED_FOR_REASON = {
    "duration_months": "outcomes.doctor.specialist",
    "duration_unknown": "outcomes.doctor.unknown_duration",
}


class Advice(NamedTuple):
    # The first layer, which everyone hears (and the outcome screen shows).
    first_layer: str
    # What is said after the first layer, for this outcome's reasons.
    added: tuple[str, ...]
    # The detail layer, for who asked for detailed answers; None when there is none.
    more: str | None
    card_title: str
    card_text: str
    # Why, in the card: one key per reason.
    card_reasons: tuple[str, ...]

    @property
    def speech(self) -> tuple[str, ...]:
        return (self.first_layer, *self.added)


def advice_for(outcome: Outcome) -> Advice:
    tier = outcome.tier.id
    first_layer = _first_layer(outcome)
    return Advice(
        first_layer=first_layer,
        added=tuple(key for reason, key in ADDED_FOR_REASON.items() if reason in outcome.reasons),
        # Emergency advice is one thing to do, with nothing after it.
        # The first layer's own detail: a child's is said to a parent.
        more=None if outcome.tier is Tier.EMERGENCY else _more(first_layer),
        card_title=f"outcomes.{tier}.card_title",
        card_text=f"outcomes.{tier}.card_text",
        card_reasons=tuple(f"reasons.{reason}" for reason in outcome.reasons),
    )


def _first_layer(outcome: Outcome) -> str:
    if outcome.tier is Tier.URGENT and set(outcome.reasons) <= UNSURE_REASONS:
        return "outcomes.urgent.unsure_speech"
    if outcome.tier is Tier.DOCTOR and "child" in outcome.reasons:
        # Said to a parent: why a child's pain needs a doctor, and what to do about them.
        return "outcomes.doctor.child.speech"
    return f"outcomes.{outcome.tier.id}.speech"


def _more(first_layer: str) -> str:
    """The detail layer beside a first layer: "outcomes.doctor.child.more" for a child's,
    "outcomes.urgent.more" for the urgent tier's (its not-sure wording included)."""
    return f"{first_layer.rpartition('.')[0]}.more"

