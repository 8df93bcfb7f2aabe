"""Property-based fuzzing of the real lambda_handler with request envelopes.

Well-formed envelopes (every model intent, built-ins and unknown names; hostile slot values;
every entity-resolution status; dialog states; supported, unsupported and junk locales; junk
session attributes; turns in random order within sessions) must be answered by a handler, never
by the catch-all, and every reply must pass the validator. Malformed envelopes must still get a
valid reply; the only exception allowed out is the refusal of another skill's request.

How many examples each test runs comes from the Hypothesis profile (tests/conftest.py): `ci`
in `make test`, `dev` in `make check`, `thorough` (`--hypothesis-profile thorough`) for a long
run that also shrinks. Crash cases found are kept in tests/fuzz_regressions/ and replayed by
`test_regression_cases`.
"""

from __future__ import annotations

import json
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given, note, settings
from hypothesis import strategies as st

from hipback.config import Settings
from hipback.content import SUPPORTED_LOCALES
from hipback.handlers.requests import is_silent
from hipback.persistence import ProfileService, SqliteStore
from hipback.skill import ForeignSkillRequest, LambdaHandler, build
from simulator.client import SKILL_ID
from tests.envelope_strategies import (
    LOCALES,
    MARKER,
    Identity,
    TurnPlan,
    damage,
    envelope,
    turn_plans,
)
from tests.fuzz_support import LogRecorder, announce, check_reply, recording_logs

REGRESSIONS = Path(__file__).parent / "fuzz_regressions"
EMERGENCY_NUMBERS = ("911", "999", "112", "000")
USERS = [f"amzn1.ask.account.FUZZ-{n}" for n in range(3)]


def examples(share: float = 1.0) -> int:
    """The profile's example count, times a test's share of it (a costly example, a smaller
    share)."""
    return max(1, round(settings().max_examples * share))


def warm_handler(tmp_path: Path) -> LambdaHandler:
    """One handler for all examples, as one warm Lambda container serves many requests."""
    settings_ = Settings(skill_id=SKILL_ID, clinic_name="Spine & <Joint>", clinic_phone="555 0100")
    return build(settings_, ProfileService(SqliteStore(tmp_path / "fuzz.sqlite3")))


def identity(locale: str, user: str) -> Identity:
    return Identity(SKILL_ID, user, "amzn1.ask.device.FUZZ", locale, "fuzz-api-token")


def canonical_supported(locale: str) -> bool:
    language, _, country = locale.replace("_", "-").partition("-")
    return f"{language.lower()}-{country.upper()}" in SUPPORTED_LOCALES


def check_answered(request: dict[str, Any], response: Any, logs: LogRecorder) -> None:
    """A well-formed request: a valid reply from a handler, nothing echoed."""
    check_reply(request, response, marker=MARKER)
    # The catch-all answering a well-formed request is a crash the user hears as an apology.
    assert not logs.errors(), logs.errors()
    locale = request["request"]["locale"]
    speech = json.dumps(response.get("response", {}))
    if not canonical_supported(locale):
        for number in EMERGENCY_NUMBERS:
            assert number not in speech, f"{number} spoken for unsupported locale {locale!r}"


class SessionRunner:
    """Plays turn plans as one device would: a session's attributes carried turn to turn."""

    def __init__(self, handler: LambdaHandler, who: Identity) -> None:
        self.handler = handler
        self.who = who
        self.attributes: dict[str, Any] = {}
        self.new = True
        self.session_id = f"amzn1.echo-api.session.{uuid.uuid4()}"
        self.sent: list[dict[str, Any]] = []

    def play(self, plan: TurnPlan, logs: LogRecorder) -> None:
        attributes = dict(self.attributes)
        if plan.junk is not None:
            attributes.update(plan.junk)
        request = envelope(self.who, plan, attributes, new=self.new, session_id=self.session_id)
        self.sent.append(request)
        note(json.dumps(request, ensure_ascii=False))
        response = self.handler(request, None)
        check_answered(request, response, logs)
        ended = response["response"].get("shouldEndSession") is not False
        if ended or is_silent(plan.request_type):
            self.attributes, self.new = {}, True
            self.session_id = f"amzn1.echo-api.session.{uuid.uuid4()}"
        else:
            self.attributes, self.new = response.get("sessionAttributes") or {}, False


def test_sessions_of_random_turns(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    handler = warm_handler(tmp_path)
    counts: Counter[str] = Counter()

    # A session is up to eight requests: half the examples keeps its cost near the others'.
    @settings(max_examples=examples(0.5))
    @given(
        locale=st.sampled_from(LOCALES),
        user=st.sampled_from(USERS),
        plans=st.lists(turn_plans(), min_size=1, max_size=8),
    )
    def run(locale: str, user: str, plans: list[TurnPlan]) -> None:
        runner = SessionRunner(handler, identity(locale, user))
        with recording_logs() as logs:
            for plan in plans:
                runner.play(plan, logs)
        counts["sessions"] += 1
        counts["turns"] += len(plans)
        counts.update(plan.intent or plan.request_type for plan in plans)

    run()
    intents = sum(1 for name in counts if name not in ("sessions", "turns"))
    announce(
        capsys,
        f"fuzz: {counts['sessions']} well-formed sessions, {counts['turns']} turns, "
        f"{intents} distinct intents and request types",
    )
    assert counts["sessions"] >= min(examples(0.5), 100)


def test_single_requests_in_any_state(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """One request into a session already under way, with attributes that may be junk."""
    handler = warm_handler(tmp_path)
    counts: Counter[str] = Counter()

    @settings(max_examples=examples())
    @given(locale=st.sampled_from(LOCALES), plan=turn_plans(), new=st.booleans())
    def run(locale: str, plan: TurnPlan, new: bool) -> None:
        runner = SessionRunner(handler, identity(locale, USERS[0]))
        runner.new = new
        with recording_logs() as logs:
            runner.play(plan, logs)
        counts["requests"] += 1
        counts["with junk attributes"] += plan.junk is not None

    run()
    announce(
        capsys,
        f"fuzz: {counts['requests']} single requests "
        f"({counts['with junk attributes']} with junk session attributes)",
    )


@st.composite
def malformed(draw: st.DrawFn) -> dict[str, Any]:
    plan = draw(turn_plans())
    who = identity(draw(st.sampled_from(LOCALES)), USERS[0])
    body = envelope(who, plan, plan.junk or {}, new=draw(st.booleans()), session_id="s")
    broken: dict[str, Any] = draw(damage(body))
    return broken


def application_id(request: Any) -> Any:
    node = request
    for name in ("context", "System", "application", "applicationId"):
        node = node.get(name) if isinstance(node, dict) else None
    return node


def answer_malformed(handler: LambdaHandler, request: Any, logs: LogRecorder) -> str:
    """Send a malformed request: 'refused' (not this skill's) or 'answered' (a valid reply)."""
    try:
        response = handler(request, None)
    except ForeignSkillRequest:
        # Refused, as it must be, only when the request does not name this skill.
        assert application_id(request) != SKILL_ID
        return "refused"
    assert application_id(request) == SKILL_ID, "a request not naming this skill was answered"
    check_reply(request, response, marker=MARKER)
    return "answered"


def test_malformed_envelopes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    handler = warm_handler(tmp_path)
    counts: Counter[str] = Counter()

    # Another skill's request, always among the examples: how often the strategy draws one
    # otherwise depends on the voice model the examples are drawn from.
    foreign = envelope(
        Identity("amzn1.ask.skill.SOMEONE-ELSE", USERS[0], "amzn1.ask.device.FUZZ", "en-US", ""),
        TurnPlan("LaunchRequest"),
        {},
        new=True,
        session_id="s",
    )

    # A malformed envelope is one cheap request: it gets more examples.
    @settings(max_examples=examples(1.5))
    @given(request=malformed())
    @example(request=foreign)
    def run(request: dict[str, Any]) -> None:
        note(json.dumps(request, ensure_ascii=False))
        with recording_logs() as logs:
            counts[answer_malformed(handler, request, logs)] += 1

    run()
    announce(
        capsys,
        f"fuzz: {sum(counts.values())} malformed envelopes "
        f"({counts['answered']} answered, {counts['refused']} refused as another skill's)",
    )
    assert counts["answered"] > 0 and counts["refused"] > 0


@pytest.mark.parametrize("request_body", [None, [], "", "{}", 0, {"version": "1.0"}])
def test_envelopes_that_are_not_envelopes(tmp_path: Path, request_body: Any) -> None:
    """Nothing at all: without SKILL_ID the skill apologises, with it the request is refused."""
    open_settings = Settings(skill_id=None, clinic_name=None, clinic_phone=None)
    handler = build(open_settings, ProfileService(None))
    check_reply({}, handler(request_body, None))
    with pytest.raises(ForeignSkillRequest):
        warm_handler(tmp_path)(request_body, None)


def regression_cases() -> list[Path]:
    return sorted(REGRESSIONS.glob("*.json"))


@pytest.mark.parametrize("case", regression_cases(), ids=lambda path: path.stem)
def test_regression_cases(tmp_path: Path, case: Path) -> None:
    """Crash cases the fuzzer found, replayed as they were sent."""
    recorded = json.loads(case.read_text(encoding="utf-8"))
    handler = warm_handler(tmp_path)
    with recording_logs() as logs:
        for request in recorded["requests"]:
            if recorded["well_formed"]:
                check_answered(request, handler(request, None), logs)
            else:
                assert answer_malformed(handler, request, logs) == recorded["outcome"]


def test_there_are_regression_cases() -> None:
    # An empty folder would make the replay test vanish silently.
    assert regression_cases(), f"no cases in {REGRESSIONS}"
