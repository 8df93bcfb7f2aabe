"""Privacy audit: the whole conversation suite, with every logger captured at DEBUG, leaves no
user ID, device ID, API token, symptom answer, tier or slot value, and none of the AWS role's
credentials or request signatures, in any log line.

Every test of tests/test_skill_conversations.py is run (with its parameters) against a
DynamoDB-backed handler on dynalite, so botocore's own DEBUG logging is audited too; a handler
wrapper gives each request a distinctive user ID, device ID and API token and collects every
slot value sent. Failures of the skill (a handler error, a malformed envelope, a dead store)
are audited as well, since error paths are where values leak.
"""

from __future__ import annotations

import inspect
import itertools
import logging
import re
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from hipback.config import Settings
from hipback.content import SUPPORTED_LOCALES, for_locale
from hipback.persistence import DynamoDbStore, ProfileService, SqliteStore
from hipback.persistence.keys import DEV_SALT, storage_key
from hipback.skill import LambdaHandler, build
from hipback.triage import ALL_SIGNS, Tier
from simulator.alexa_api import AlexaApiServer
from simulator.client import SKILL_ID, Match, NoMatch, SkillClient
from tests import test_care_conversations as care_conversations
from tests import test_skill_conversations as conversations
from tests.conftest import DynaliteTable
from tests.fuzz_support import LogRecorder, announce, recording_logs
from tests.persistence_support import closed_port

TIERS = [tier.id for tier in Tier]
STORED_FIELDS = {
    "id", "visits", "first_visit", "last_visit", "style", "expires", "forgotten", "check_in",
}  # fmt: skip
SECRET_USER = f"amzn1.ask.account.AUDIT-{uuid.uuid4().hex.upper()}"
SECRET_DEVICE = f"amzn1.ask.device.AUDIT-{uuid.uuid4().hex.upper()}"
SECRET_TOKEN = f"eyJAUDIT.{uuid.uuid4().hex}.token"
# The function role's credentials, as Lambda puts them in the environment.
AWS_KEY_ID = "ASIA" + uuid.uuid4().hex[:16].upper()
AWS_SECRET = f"AUDITSECRET{uuid.uuid4().hex}"
AWS_SESSION_TOKEN = f"IQoJAUDIT{uuid.uuid4().hex}{uuid.uuid4().hex}"


class AuditedHandler:
    """Gives every request the audit's identifiers and collects the slot values it carries."""

    def __init__(self, handler: LambdaHandler, user: str) -> None:
        self.handler = handler
        self.user = user
        self.slot_values: set[str] = set()
        self.requests = 0

    def __call__(self, event: dict[str, Any], context: Any) -> dict[str, Any]:
        system = event.get("context", {}).get("System", {})
        # Granted permissions stay: the care conversations need them.
        user = {"userId": self.user, "accessToken": SECRET_TOKEN}
        system["user"] = {**system.get("user", {}), **user}
        # The device's own interfaces stay: a screen conversation needs its screen.
        interfaces = (system.get("device") or {}).get("supportedInterfaces") or {}
        system["device"] = {"deviceId": SECRET_DEVICE, "supportedInterfaces": interfaces}
        system["apiAccessToken"] = SECRET_TOKEN
        if isinstance(event.get("session"), dict):
            event["session"]["user"] = {"userId": self.user, "accessToken": SECRET_TOKEN}
        for slot in (event["request"].get("intent") or {}).get("slots", {}).values():
            self.slot_values |= set(slot_strings(slot))
        self.requests += 1
        return self.handler(event, context)


def slot_strings(slot: dict[str, Any]) -> Iterator[str]:
    if slot.get("value"):
        yield str(slot["value"])
    resolutions = slot.get("resolutions", {}).get("resolutionsPerAuthority", [])
    for authority in resolutions:
        for value in authority.get("values", []):
            yield str(value["value"].get("name", ""))
            yield str(value["value"].get("id", ""))


# What pytest.param makes (pytest names the class only in a private module).
ParameterSet = type(pytest.param(None))


def parameter_sets(test: Callable[..., Any]) -> list[dict[str, Any]]:
    """Every combination of a test's pytest parameters."""
    axes: list[list[dict[str, Any]]] = []
    for mark in getattr(test, "pytestmark", []):
        if mark.name == "parametrize":
            given = mark.args[0]
            names = [n.strip() for n in (given.split(",") if isinstance(given, str) else given)]
            # A pytest.param (a case marked slow) holds its arguments in `values`.
            cases = [
                tuple(v.values) if isinstance(v, ParameterSet) else v if len(names) > 1 else (v,)
                for v in mark.args[1]
            ]
            axes.append([dict(zip(names, case, strict=True)) for case in cases])
    combos = []
    for combo in itertools.product(*axes):
        merged: dict[str, Any] = {}
        for part in combo:
            merged |= part
        combos.append(merged)
    return combos


def run_conversation_suite(
    table: DynaliteTable, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[int, int, set[str], set[str]]:
    """Run every conversation test through audited DynamoDB-backed handlers."""
    handlers: list[AuditedHandler] = []

    def audited_client(
        store: Path,
        locale: str = "en-US",
        user: str = SECRET_USER,
        settings: Settings | None = None,
        handler: LambdaHandler | None = None,
    ) -> SkillClient:
        settings = settings or Settings(SKILL_ID, None, None)
        # A folder for a store is the suite's way to make every store call fail: keep it.
        adapter = SqliteStore(store) if store.is_dir() else DynamoDbStore(table.table_name)
        real = handler or build(settings, ProfileService(adapter))
        # A user of its own, as each client of the suite has a store of its own.
        audited = AuditedHandler(real, f"{SECRET_USER}-{len(handlers)}")
        handlers.append(audited)
        return SkillClient(store, locale=locale, settings=settings, handler=audited)

    monkeypatch.setattr(conversations, "SkillClient", audited_client)
    ran = 0
    for test, arguments, folder in each_test(conversations, tmp_path, ""):
        if "client" in inspect.signature(test).parameters:
            arguments["client"] = audited_client(folder / "store.sqlite3")
        test(**arguments)
        ran += 1
    values = set().union(*(handler.slot_values for handler in handlers))
    users = {handler.user for handler in handlers}
    return ran, sum(handler.requests for handler in handlers), values, users


def each_test(
    module: ModuleType, tmp_path: Path, prefix: str
) -> Iterator[tuple[Callable[..., Any], dict[str, Any], Path]]:
    """Every test function of a module with each of its parameter sets: the function, its
    arguments (with a folder of its own as `tmp_path`) and that folder."""
    tests = [function for name, function in vars(module).items()
             if name.startswith("test_") and inspect.isfunction(function)]
    ran = 0
    for index, test in enumerate(tests):
        for params in parameter_sets(test):
            folder = tmp_path / f"{prefix}{index}-{ran}"
            folder.mkdir()
            arguments: dict[str, Any] = dict(params)
            if "tmp_path" in inspect.signature(test).parameters:
                arguments["tmp_path"] = folder
            yield test, arguments, folder
            ran += 1


def run_care_suite(
    table: DynaliteTable, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[int, int, list[Any], set[str], set[str]]:
    """Run every hands-free care conversation (timers, reminders, check-in, routine) through
    audited DynamoDB-backed handlers, against Alexa's APIs on loopback. Returns the tests run,
    the requests, every body the skill sent to Alexa's APIs, and the users."""
    handlers: list[AuditedHandler] = []
    bodies: list[Any] = []
    # One store (one botocore client, made now): a client made in a turn's storage call can
    # take the turn's whole storage budget on a loaded machine, and the check-in conversations
    # need their reads.
    shared = DynamoDbStore(table.table_name)
    shared.read("warm-up")

    def audited_client(store: Path, locale: str = "en-US", user: str = SECRET_USER,
                       api: AlexaApiServer | None = None, **kw: Any) -> SkillClient:
        settings = Settings(SKILL_ID, None, None)
        real = build(settings, ProfileService(shared))
        # One user per store, as in the suite: a store's second client is the same person.
        name = f"{SECRET_USER}-care-{abs(hash(store.parent))}"
        audited = AuditedHandler(real, name)
        handlers.append(audited)
        return SkillClient(store, locale=locale, settings=settings, handler=audited, api=api, **kw)

    monkeypatch.setattr(care_conversations, "SkillClient", audited_client)
    ran = 0
    for test, arguments, _folder in each_test(care_conversations, tmp_path, "care-"):
        with AlexaApiServer() as api:
            api.services.token = SECRET_TOKEN  # what the audited envelopes carry
            if "api" in inspect.signature(test).parameters:
                arguments["api"] = api
            test(**arguments)
            bodies += [call.body for call in api.services.calls]
        ran += 1
    users = {handler.user for handler in handlers}
    values = set().union(*(handler.slot_values for handler in handlers))
    return ran, sum(handler.requests for handler in handlers), bodies, users, values


# Words of a symptom that must never be in what a timer or reminder says, or in its label.
SYMPTOM_WORDS = {"pain", "numb", "numbness", "fever", "bladder", "bowel", "weak", "swelling",
                 "tingling", "sciatica", "emergency", "urgent", "injury"}  # fmt: skip


def alert_texts(body: Any) -> list[str]:
    """What a timer or reminder request would make Alexa say or show."""
    if not isinstance(body, dict):
        return []
    operation = body.get("triggeringBehavior", {}).get("operation", {})
    spoken = body.get("alertInfo", {}).get("spokenInfo", {}).get("content", [])
    items = [*operation.get("textToAnnounce", []), *spoken]
    return [str(item.get("text")) for item in items] + (
        [str(body["timerLabel"])] if body.get("timerLabel") else []
    )


def preference_and_forget(table: DynaliteTable, tmp_path: Path) -> tuple[int, set[str]]:
    """What the suite does not cover: a stored preference, a returning user, forget me."""
    service = ProfileService(DynamoDbStore(table.table_name))
    handler = AuditedHandler(build(Settings(SKILL_ID, None, None), service), SECRET_USER)
    client = SkillClient(tmp_path / "preference.sqlite3", handler=handler)
    client.launch()
    client.say("SetPreferenceIntent", style=Match("detailed"))
    client.say("ConditionInfoIntent", condition=Match("herniated_disc"))
    client.say("AMAZON.StopIntent")  # writes the visit and the style
    client.launch()  # returning: reads them back
    client.say("SetPreferenceIntent", style=Match("brief"))
    client.say("StartAssessmentIntent", duration="P1W", location=Match("hip"))
    client.say("ReportSymptomIntent", symptom=Match("saddle_numbness"))
    client.launch()
    client.say("ForgetMeIntent")
    client.say("AMAZON.YesIntent")
    return handler.requests, handler.slot_values


def error_paths(table: DynaliteTable, tmp_path: Path) -> int:
    """Failures, where values most often leak: a handler crash, a broken envelope, no store."""
    dead = DynamoDbStore(table.table_name, client_factory=_dead_client)
    handler = AuditedHandler(
        build(Settings(SKILL_ID, None, None), ProfileService(dead)), SECRET_USER
    )
    client = SkillClient(tmp_path / "errors.sqlite3", handler=handler)
    client.launch()
    client.say("DurationIntent", duration="P2D", symptom=NoMatch("AUDITSLOT bladder"))
    client.say("AMAZON.YesIntent")  # emergency: the write fails and is logged
    # A request the SDK cannot read (its error message quotes the value): logged by the entry
    # point.
    client.launch()
    broken = client.envelopes.intent(client._session(), "ReportSymptomIntent", {})
    broken["request"]["timestamp"] = "AUDITSLOT bladder_bowel emergency"
    client.send(broken)
    # A handler that raises with the user's words in its message: only the type is logged.
    failing = AuditedHandler(
        build(Settings(SKILL_ID, None, None), ExplodingProfiles(None)), SECRET_USER
    )
    crashing = SkillClient(tmp_path / "crash.sqlite3", handler=failing)
    crashing.launch()
    crashing.say("ReportSymptomIntent", symptom=NoMatch("AUDITSLOT"))
    return handler.requests + failing.requests


def _dead_client() -> Any:
    from hipback.persistence.dynamodb import default_client

    return default_client(f"http://127.0.0.1:{closed_port()}")


CARELESS_MESSAGE = " ".join([SECRET_USER, SECRET_DEVICE, SECRET_TOKEN, TIERS[-1], ALL_SIGNS[0]])


class ExplodingProfiles(ProfileService):
    """A profile service that fails with a message quoting what a careless log would print."""

    def load(self, envelope: Any, session: Any, deadline: Any) -> Any:
        # Built elsewhere: a traceback shows this source line, and the line is code, not data.
        raise RuntimeError(CARELESS_MESSAGE)


def leaks(recorder: LogRecorder, secrets: set[str]) -> list[str]:
    """Log lines (message and any exception text) that contain a secret as a whole word."""
    patterns = {
        secret: re.compile(rf"(?<![A-Za-z0-9_]){re.escape(secret)}(?![A-Za-z0-9_])")
        for secret in secrets
        if secret.strip()
    }
    found = []
    formatter = logging.Formatter()
    for record in recorder.records:
        text = record.getMessage()
        if record.exc_info:
            text += "\n" + formatter.formatException(record.exc_info)
        for secret, pattern in patterns.items():
            if pattern.search(text):
                found.append(f"{record.name}: {secret!r} in {text[:300]!r}")
    return found


def role_credentials(monkeypatch: pytest.MonkeyPatch) -> set[str]:
    """The role's key ID, secret and session token in the environment; returns the set that
    will hold every request signature botocore computes."""
    import botocore.auth

    monkeypatch.setenv("AWS_ACCESS_KEY_ID", AWS_KEY_ID)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", AWS_SECRET)
    monkeypatch.setenv("AWS_SESSION_TOKEN", AWS_SESSION_TOKEN)
    signatures: set[str] = set()
    sign = botocore.auth.SigV4Auth.signature

    def recorded(self: Any, string_to_sign: str, request: Any) -> str:
        signature: str = sign(self, string_to_sign, request)
        signatures.add(signature)
        return signature

    monkeypatch.setattr(botocore.auth.SigV4Auth, "signature", recorded)
    return signatures


@pytest.mark.dynalite
def test_no_identifier_answer_tier_or_slot_value_in_any_log_line(
    dynalite: DynaliteTable,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    signatures = role_credentials(monkeypatch)
    with recording_logs(logging.DEBUG) as recorder:
        tests, requests, values, users = run_conversation_suite(dynalite, tmp_path, monkeypatch)
        care_tests, care_requests, bodies, care_users, care_values = run_care_suite(
            dynalite, tmp_path, monkeypatch
        )
        tests, requests = tests + care_tests, requests + care_requests
        users, values = users | care_users, values | care_values
        more, stored_values = preference_and_forget(dynalite, tmp_path)
        requests += more + error_paths(dynalite, tmp_path)
        values |= stored_values
    # The storage key is the user's pseudonym: it must stay in the table too.
    keys = {storage_key(user, DEV_SALT) for user in {SECRET_USER, *users}}
    secrets = {SECRET_USER, *users, *keys, SECRET_DEVICE, SECRET_TOKEN, *ALL_SIGNS, *TIERS}
    secrets |= values
    assert len(signatures) > 10  # botocore did sign with the audit's credentials
    secrets |= {AWS_KEY_ID, AWS_SECRET, AWS_SESSION_TOKEN, *signatures}
    found = leaks(recorder, secrets)
    assert not found, "\n".join(found[:20])
    # What the skill sent to Alexa's APIs: the fixed, symptom-free lines, no id or value.
    allowed = {
        for_locale(locale).text(f"care.{key}")
        for locale in SUPPORTED_LOCALES
        for key in ("ice_announce", "heat_announce", "ice_label", "heat_label", "reminder_announce")
    }
    texts = [text for body in bodies for text in alert_texts(body)]
    assert texts and set(texts) <= allowed, set(texts) - allowed
    for text in allowed:
        assert not set(re.findall(r"[a-z]+", text.lower())) & SYMPTOM_WORDS, text
    sent = repr(bodies)
    assert not [secret for secret in secrets - {""} if len(secret) > 3 and secret in sent]
    # The store holds profile fields only; a check-in is a bare day.
    for item in dynalite.client.scan(TableName=dynalite.table_name)["Items"]:
        assert set(item) <= STORED_FIELDS, item
        if "check_in" in item:
            assert re.fullmatch(r"\d{4}-\d\d-\d\d", item["check_in"]["S"]), item
    # The audit saw real logging, from the skill and from botocore, at every level.
    names = {record.name.split(".")[0] for record in recorder.records}
    assert {"hipback", "botocore"} <= names, names
    assert any(record.levelno >= logging.ERROR for record in recorder.records)
    announce(
        capsys,
        f"privacy audit: {tests} conversation tests and error paths, {requests} requests, "
        f"{len(recorder.records)} log records at DEBUG from {len(names)} logger families, "
        f"{len(secrets)} secrets checked (ids, token, {len(values)} slot values, signs, tiers, "
        f"the role's key ID, secret, session token and {len(signatures)} signatures): "
        f"no leak; {len(bodies)} calls to Alexa's APIs, {len(texts)} alert texts, all fixed",
    )


def test_the_audit_finds_a_leak() -> None:
    """The scanner itself: a value in a message or an exception is found, a substring is not."""
    logger = logging.getLogger("hipback.audit-probe")
    with recording_logs(logging.DEBUG) as recorder:
        logger.debug("heard %s", "bladder_bowel")
        try:
            raise ValueError(SECRET_USER)
        except ValueError:
            logger.exception("failed")
        logger.info("hipback started")  # 'hip' inside a word is no leak
    found = leaks(recorder, {"bladder_bowel", SECRET_USER, "hip"})
    assert len(found) == 2, found
