"""Hypothesis strategies for Alexa request envelopes: well-formed ones with hostile contents,
sessions of turns in random order, and malformed ones.

Every slot value may carry MARKER, a token no content string contains, so a test can prove that
nothing the user said is ever echoed back.
"""

from __future__ import annotations

import copy
import json
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

REPO_ROOT = Path(__file__).resolve().parents[1]
MODEL_PATH = REPO_ROOT / "skill-package" / "interactionModels" / "custom" / "en-US.json"

MARKER = "ZQXMARKER"

Json = dict[str, Any]


def _load_model() -> tuple[dict[str, dict[str, str]], dict[str, list[str]]]:
    """Intents with their slots (name to type), and custom slot types with their value ids."""
    model = json.loads(MODEL_PATH.read_text(encoding="utf-8"))["interactionModel"]["languageModel"]
    intents = {
        intent["name"]: {slot["name"]: slot["type"] for slot in intent.get("slots", [])}
        for intent in model["intents"]
    }
    types = {kind["name"]: [value["id"] for value in kind["values"]] for kind in model["types"]}
    return intents, types


MODEL_INTENTS, SLOT_TYPE_IDS = _load_model()
# Built-ins Alexa may send whether or not the model lists them, and names it never will.
EXTRA_INTENTS = [
    "AMAZON.PauseIntent", "AMAZON.ResumeIntent", "AMAZON.MoreIntent", "AMAZON.NextIntent",
    "AMAZON.PreviousIntent", "AMAZON.SelectIntent", "AMAZON.ScrollDownIntent",
    "AMAZON.SendToPhoneIntent", "UnknownIntent", "", "StartAssessmentIntentX",
]  # fmt: skip
ALL_SLOT_NAMES = sorted({name for slots in MODEL_INTENTS.values() for name in slots})
ALL_IDS = sorted({value for ids in SLOT_TYPE_IDS.values() for value in ids})

LOCALES = [
    "en-US", "en-GB", "en-AU", "en-IN", "en-CA", "fr-FR", "de-DE", "ja-JP", "es-MX", "pt-BR",
    "en", "EN_us", "en-us", "", "xx-YY", "-", "en-", "<speak>", "en-GB-oxendict",
]  # fmt: skip
DIALOG_STATES = ["STARTED", "IN_PROGRESS", "COMPLETED"]
# Request types the SDK's model knows but the skill has no handler for.
OTHER_REQUEST_TYPES = [
    "CanFulfillIntentRequest", "Connections.Response", "AlexaSkillEvent.SkillEnabled",
    "AlexaSkillEvent.ProactiveSubscriptionChanged", "Display.ElementSelected",
    "System.ExceptionEncountered", "Alexa.Presentation.APL.UserEvent",
]  # fmt: skip
SESSION_END_REASONS = ["USER_INITIATED", "ERROR", "EXCEEDED_MAX_REPROMPTS"]

HOSTILE_TEXT = [
    "", " ", "\t\n", "?", "&", "&amp;", "<", ">", "<speak>", "</speak>", "]]>", "<![CDATA[x]]>",
    '<break time="10s"/>', '<audio src="https://example.com/x.mp3"/>', "<p>hello", "\"'",
    "<!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]>&e;", "{clinic_name}", "{phone}",
    "{include:dialog.error}", "{0}", "%s%s%n", "{{7*7}}", "${jndi:ldap://127.0.0.1/a}",
    "'; DROP TABLE profiles; --", "\" OR 1=1 --", "../../etc/passwd", "\x00", "\ufeff", "\u202e",
    "\ud7ff", "e\u0301", "\U0001f600", "こんにちは", "مرحبا", "P3D", "PT5M", "P1000000Y", "P",
    "-P3D", "P1.5D", "P99999999999999999999999D", "PT", "P3DT", "bladder_bowel", "emergency",
]  # fmt: skip


def _slot_values() -> st.SearchStrategy[str | None]:
    marked = st.text(max_size=30).map(lambda text: f"{text}{MARKER}{text}")
    return st.one_of(
        st.none(),
        st.sampled_from(HOSTILE_TEXT),
        st.text(max_size=60),
        marked,
        st.sampled_from(["a", MARKER + "<&>", "\U0001f600"]).map(lambda piece: piece * 4000),
    )


# Strategies are built once: building them per draw costs more than running the skill.
SLOT_VALUES = _slot_values()


def _value_ids(slot_type: str | None) -> st.SearchStrategy[Any]:
    valid = SLOT_TYPE_IDS.get(slot_type or "", ALL_IDS)
    return st.one_of(
        st.sampled_from(valid),
        st.sampled_from(ALL_IDS),
        st.sampled_from(["", " ", "unknown_id", MARKER, "FEVER", "fever ", "__proto__"]),
        st.text(max_size=20),
    )


VALUE_IDS = {kind: _value_ids(kind) for kind in [*SLOT_TYPE_IDS, None]}
STATUS_CODES = st.sampled_from(
    ["ER_SUCCESS_MATCH", "ER_SUCCESS_NO_MATCH", "ER_ERROR_TIMEOUT", "ER_ERROR_EXCEPTION"]
)


def _resolved_values(slot_type: str | None) -> st.SearchStrategy[list[Json]]:
    value = st.fixed_dictionaries(
        {"name": st.one_of(st.none(), SLOT_VALUES), "id": VALUE_IDS[slot_type]}
    )
    return st.lists(st.fixed_dictionaries({"value": value}), max_size=3)


RESOLVED_VALUES = {kind: _resolved_values(kind) for kind in [*SLOT_TYPE_IDS, None]}


@st.composite
def resolutions(draw: st.DrawFn, slot_type: str | None) -> Json | None:
    """Entity resolution as Alexa fills it: matches with valid or bogus ids, no match, errors."""
    count = draw(st.integers(min_value=0, max_value=2))
    if count == 0:
        return None
    authorities = []
    for _ in range(count):
        code = draw(STATUS_CODES)
        authority: Json = {
            "authority": f"amzn1.er-authority.echo-sdk.skill.{slot_type or 'TYPE'}",
            "status": {"code": code},
        }
        if code == "ER_SUCCESS_MATCH" or draw(st.booleans()):
            known = slot_type if slot_type in SLOT_TYPE_IDS else None
            authority["values"] = draw(RESOLVED_VALUES[known])
        authorities.append(authority)
    return {"resolutionsPerAuthority": authorities}


@st.composite
def slots_for(draw: st.DrawFn, intent: str) -> Json:
    """The intent's own slots (some filled, some empty) and sometimes slots it does not have."""
    declared = MODEL_INTENTS.get(intent, {})
    names = set(draw(st.lists(st.sampled_from(ALL_SLOT_NAMES), max_size=2))) | {
        name for name in declared if draw(st.booleans())
    }
    slots: Json = {}
    for name in sorted(names):
        slot: Json = {"name": name, "confirmationStatus": "NONE"}
        value = draw(SLOT_VALUES)
        if value is not None:
            slot["value"] = value
        resolution = draw(resolutions(declared.get(name)))
        if resolution is not None:
            slot["resolutions"] = resolution
        slots[name] = slot
    return slots


def _junk_json() -> st.SearchStrategy[Any]:
    scalars = st.one_of(
        st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
        st.text(max_size=20), st.sampled_from(HOSTILE_TEXT),
    )  # fmt: skip
    return st.recursive(
        scalars,
        lambda children: st.one_of(
            st.lists(children, max_size=4),
            st.dictionaries(st.text(max_size=10), children, max_size=4),
        ),
        max_leaves=12,
    )


JUNK = _junk_json()

STATE_KEYS = ["answers", "assessment", "pending", "last", "misses", "profile"]


PENDING_REFS = [
    "duration", "cauda_equina", "home_care", "contact", "heat_ice", "nonsense", "", "severe_pain",
]  # fmt: skip
LEVELS = ["self_care", "doctor", "prompt", "urgent", "emergency", "x"]
STATE_VALUES = st.one_of(
    JUNK,
    st.fixed_dictionaries(
        {},
        optional={
            "kind": st.one_of(
                st.sampled_from(["question", "follow_up", "start", "forget", "anything"]),
                JUNK,
            ),
            "ref": st.one_of(st.sampled_from(PENDING_REFS), JUNK),
            "level": st.one_of(st.sampled_from(LEVELS), JUNK),
            "replies": JUNK,
            "volunteered": JUNK,
            "duration_hours": JUNK,
            "speech": JUNK,
            "reprompt": JUNK,
            "visits": JUNK,
            "version": JUNK,
            "storage": st.one_of(
                st.sampled_from(["unread", "read", "written", "off", "forgotten"]),
                JUNK,
            ),
            "pending": JUNK,
            "style": JUNK,
        },
    ),
)


@st.composite
def junk_attributes(draw: st.DrawFn) -> Json:
    """Session attributes as a broken or hostile device might return them."""
    keys = draw(st.lists(st.sampled_from(STATE_KEYS), min_size=1, max_size=4, unique=True))
    attributes: Json = {}
    for key in keys:
        attributes[key] = draw(STATE_VALUES)
    return attributes


@dataclass
class TurnPlan:
    """One request of a session, before it is wrapped in an envelope."""

    request_type: str
    intent: str | None = None
    slots: Json = field(default_factory=dict)
    dialog_state: str | None = None
    reason: str | None = None
    # Replaces (some of) the attributes the skill returned last turn.
    junk: Json | None = None


@st.composite
def turn_plans(draw: st.DrawFn) -> TurnPlan:
    request_type = draw(
        st.sampled_from(["IntentRequest"] * 6 + ["LaunchRequest", "SessionEndedRequest"])
    )
    junk = draw(st.one_of(st.none(), st.none(), st.none(), junk_attributes()))
    if request_type == "IntentRequest":
        intent = draw(st.sampled_from([*MODEL_INTENTS, *EXTRA_INTENTS]))
        return TurnPlan(
            request_type,
            intent=intent,
            slots=draw(slots_for(intent)),
            dialog_state=draw(st.one_of(st.none(), st.sampled_from(DIALOG_STATES))),
            junk=junk,
        )
    if request_type == "SessionEndedRequest":
        return TurnPlan(request_type, reason=draw(st.sampled_from(SESSION_END_REASONS)), junk=junk)
    return TurnPlan(request_type, junk=junk)


@dataclass
class Identity:
    skill_id: str
    user_id: str
    device_id: str
    locale: str
    api_token: str


def envelope(
    identity: Identity, plan: TurnPlan, attributes: Json, *, new: bool, session_id: str
) -> Json:
    """The envelope Alexa would send for `plan`, carrying the attributes of the last reply."""
    application = {"applicationId": identity.skill_id}
    user = {"userId": identity.user_id}
    request: Json = {
        "type": plan.request_type,
        "requestId": f"amzn1.echo-api.request.{uuid.uuid4()}",
        "timestamp": "2025-06-01T10:00:00Z",
        "locale": identity.locale,
    }
    if plan.request_type == "IntentRequest":
        request["intent"] = {
            "name": plan.intent,
            "confirmationStatus": "NONE",
            "slots": copy.deepcopy(plan.slots),
        }
        if plan.dialog_state is not None:
            request["dialogState"] = plan.dialog_state
    if plan.request_type == "SessionEndedRequest":
        request["reason"] = plan.reason
    body: Json = {
        "version": "1.0",
        "session": {
            "new": new,
            "sessionId": session_id,
            "application": dict(application),
            "attributes": copy.deepcopy(attributes),
            "user": dict(user),
        },
        "context": {
            "System": {
                "application": dict(application),
                "user": dict(user),
                "device": {"deviceId": identity.device_id, "supportedInterfaces": {}},
                "apiEndpoint": "https://api.amazonalexa.com",
                "apiAccessToken": identity.api_token,
            }
        },
        "request": request,
    }
    if plan.request_type.startswith("AlexaSkillEvent."):
        # Skill events arrive without a session.
        del body["session"]
    return body


# --- malformed envelopes ---

# Paths into an envelope, for removing or retyping a field.
ENVELOPE_PATHS: list[tuple[str, ...]] = [
    ("version",), ("session",), ("session", "new"), ("session", "sessionId"),
    ("session", "application"), ("session", "attributes"), ("session", "user"),
    ("session", "user", "userId"), ("context",), ("context", "System"),
    ("context", "System", "user"), ("context", "System", "user", "userId"),
    ("context", "System", "device"), ("context", "System", "apiAccessToken"),
    ("request",), ("request", "type"), ("request", "requestId"), ("request", "timestamp"),
    ("request", "locale"), ("request", "intent"), ("request", "intent", "name"),
    ("request", "intent", "slots"), ("request", "intent", "confirmationStatus"),
    ("request", "dialogState"), ("request", "reason"),
]  # fmt: skip


def _parent(body: Json, path: tuple[str, ...]) -> Json | None:
    node: Any = body
    for name in path[:-1]:
        node = node.get(name) if isinstance(node, dict) else None
    return node if isinstance(node, dict) else None


@st.composite
def damage(draw: st.DrawFn, body: Json) -> Json:
    """One to three breakages of a valid envelope: a missing field, a wrong type, an unknown
    request type or enum value, a structure cut short."""
    body = copy.deepcopy(body)
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        path = draw(st.sampled_from(ENVELOPE_PATHS))
        parent = _parent(body, path)
        if parent is None:
            continue
        kind = draw(st.sampled_from(["drop", "retype", "truncate", "enum"]))
        key = path[-1]
        if kind == "drop":
            parent.pop(key, None)
        elif kind == "retype":
            parent[key] = draw(JUNK)
        elif kind == "truncate" and isinstance(parent.get(key), dict):
            # A structure cut short: only its first keys survive.
            kept = draw(st.integers(min_value=0, max_value=max(0, len(parent[key]) - 1)))
            parent[key] = dict(list(parent[key].items())[:kept])
        else:
            parent[key] = draw(
                st.one_of(
                    st.sampled_from(
                        ["NotARequest", "IntentRequestX", *OTHER_REQUEST_TYPES, "ER_BOGUS", ""]
                    ),
                    st.text(max_size=12),
                )
            )
    if draw(st.booleans()):
        # An intent slot cut short, or given an unknown resolution status.
        request = body.get("request")
        intent = request.get("intent") if isinstance(request, dict) else None
        slots = intent.get("slots") if isinstance(intent, dict) else None
        if isinstance(slots, dict) and slots:
            name = draw(st.sampled_from(sorted(slots)))
            slot = slots[name]
            if isinstance(slot, dict):
                choice = draw(st.sampled_from(["status", "values", "resolutions", "slot"]))
                resolution = {"resolutionsPerAuthority": [{"authority": "x", "status": {}}]}
                if choice == "status":
                    resolution["resolutionsPerAuthority"][0]["status"] = {
                        "code": draw(st.text(max_size=12))
                    }
                elif choice == "values":
                    resolution["resolutionsPerAuthority"][0]["values"] = draw(JUNK)
                elif choice == "resolutions":
                    slot["resolutions"] = draw(JUNK)
                    return body
                else:
                    slots[name] = draw(JUNK)
                    return body
                slot["resolutions"] = resolution
    return body
