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
    "sleep",
    "exercise",
    "pain_relief",
    "imaging",
    "manual_therapy",
    "recovery_time",
    "pregnancy",
    "see_doctor",
)

CONDITIONS: tuple[str, ...] = (
    "strain_sprain",
    "posture",
    "herniated_disc",
    "si_joint",
    "hip_impingement",
    "nerve_impingement",
    "arthritis",
    "bursitis",
    "rheumatoid_arthritis",
    "sciatica",
)

# Emergencies beyond hip and back pain that the skill listens for in any state (docs/clinical.md,
# the safety net): each gets the emergency number at once; self-harm adds the crisis line.
EMERGENCIES: tuple[str, ...] = ("breathing", "stroke", "bleeding", "overdose", "self_harm")
