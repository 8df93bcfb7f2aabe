"""What the user can ask about: the information topics and the conditions the article explains.

The voice model's CONDITION values and the content's `topics.*` and `conditions.*` keys are
named after these ids.
"""

TOPICS: tuple[str, ...] = (
    "causes",
    "heat_ice",
    "fastest_relief",
    "when_to_worry",
    "one_sided",
    "physical_therapy",
    "surgery",
    "medication",
    "alternative_therapy",
    "home_care",
)

CONDITIONS: tuple[str, ...] = (
    "strain_sprain",
    "posture",
    "herniated_disc",
    "si_joint",
    "hip_impingement",
    "nerve_impingement",
    "arthritis",
)
