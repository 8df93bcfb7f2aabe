"""The performance benchmark: our skill side by side with baselines, and its budgets.

    python scripts/bench.py [--quick] [--runs N] [--write-docs]     (also: make bench ARGS=...)

Measured in one run, so that ratios compare like with like on whatever machine runs it:

- Cold start, from the parent's fork and exec of a fresh interpreter (the venv's, `-s`,
  PYTHONPATH=lambda and the baselines) to the child writing its first response, for our skill
  (LaunchRequest with the embedded SQLite store; a one-shot information question with DynamoDB
  configured; LaunchRequest with DynamoDB and a stored user) and three baselines in
  scripts/bench_baselines/ (hello world; hello world plus a boto3 client and one GetItem; the
  official samples' style with the ask-sdk DynamoDB adapter). The variants run interleaved,
  round by round in a rotating order, so machine noise falls on all of them alike; medians.
- Cold start as Lambda runs it: the zip of scripts/build_lambda.py unpacked into a read-only
  directory (chmod -R a-w, as /var/task; root runs the child under `unshare --user`, since root
  ignores permission bits), run by the Lambda runtime's Python version with nothing that stops
  it writing byte code but the directory itself (no PYTHONDONTWRITEBYTECODE, no
  PYTHONPYCACHEPREFIX), against the same zip unpacked where Python may write its cache.
- Peak memory (VmHWM) of each cold process, reported by the child after its response, and
  whether the child had imported the AWS SDK (boto3 or botocore), shown, not budgeted.
- Warm latency per turn over whole conversations reaching every tier, in one process, against
  the hello-world skill's warm LaunchRequest: p50 and p99.

Only time and memory have budgets here. What does not vary from run to run is a test: no AWS
SDK on the one-shot path (tests/test_persistence_unit.py), at most one read and one write per
session (tests/test_persistence_unit.py, tests/test_persistence_dynamodb.py), the zip's size
(tests/test_deploy_package.py).

DynamoDB is dynalite (npm, `make test` installs it), started and stopped by this script.
Exit status 1 when a budget is missed (each is printed), so CI can run `--quick` without any
timed assertion in the tests. `--write-docs` writes the tables to docs/benchmark.md.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
LAMBDA_DIR = ROOT / "lambda"
BASELINES_DIR = Path(__file__).resolve().parent / "bench_baselines"
DOCS_PATH = ROOT / "docs" / "benchmark.md"
for _path in (ROOT, LAMBDA_DIR):
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

from devtools.dynalite import (  # noqa: E402
    AWS_VARIABLES_TO_CLEAR,
    DynaliteServer,
    DynaliteUnavailable,
    admin_client,
    aws_test_environment,
    create_table,
    start_dynalite,
)
from devtools.read_only import set_writable, tree, unpack_read_only, unprivileged_prefix  # noqa: E402
from scripts import build_lambda  # noqa: E402
from simulator.envelopes import EnvelopeBuilder, Identity, Session, new_session  # noqa: E402

USER_ID = "amzn1.ask.account.BENCH-USER"
SKILL_ID = "amzn1.ask.skill.hip-and-back-bench"
TABLE_NAME = "hipback-bench"

# The child: read the envelope, import the skill's module, answer, then report. Only the
# first line (the response) is timed by the parent; the report comes after it. The child first
# imports what the Lambda runtime's bootstrap (awslambdaric 4.2.2) has imported before it loads
# a handler's module, so that no variant is charged for what Lambda has already paid for. Peak
# memory is VmHWM, this process image's own high-water mark: ru_maxrss would keep the
# parent's across the fork and exec.
CHILD = """\
import decimal, enum, importlib, json, logging, math, os, sys, time, traceback
with open(sys.argv[2], encoding="utf-8") as f:
    event = json.load(f)
handler = __import__(sys.argv[1]).lambda_handler
sys.stdout.write(json.dumps(handler(event, None)) + "\\n")
sys.stdout.flush()
try:
    with open("/proc/self/status", encoding="ascii") as f:
        peak = int(next(line for line in f if line.startswith("VmHWM:")).split()[1])
except OSError:
    import resource
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
sdk = "boto3" in sys.modules or "botocore" in sys.modules
sys.stdout.write(json.dumps({"maxrss_kib": peak, "aws_sdk": sdk}))
"""


# -- cold starts ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Variant:
    key: str
    label: str
    module: str
    envelope: str  # "launch" or "info"
    dynamodb: bool  # DYNAMODB_TABLE_NAME set (else the embedded store)


OURS = "lambda_function"
VARIANTS = (
    Variant("ours_launch_sqlite", "ours: Launch, embedded store", OURS, "launch", False),
    Variant("ours_info_dynamodb", "ours: one-shot info, DynamoDB set", OURS, "info", True),
    Variant("ours_launch_dynamodb", "ours: Launch, DynamoDB, stored user", OURS, "launch", True),
    Variant("hello", "hello world (ask-sdk-core)", "hello_world", "launch", False),
    Variant("hello_dynamodb", "hello world + boto3 client + GetItem", "hello_dynamodb", "launch", True),  # noqa: E501 - one budget a line
    Variant("samples", "samples style (ask-sdk DynamoDbAdapter)", "samples_style", "launch", True),
    # The built zip, persistence off, run by the runtime's Python version (see the docstring).
    Variant("zip_read_only", "ours: Launch, zip unpacked read-only (as Lambda)", OURS, "launch", False),  # noqa: E501 - one budget a line
    Variant("zip_writable", "ours: Launch, zip unpacked, writable cache", OURS, "launch", False),
)


@dataclass
class ColdResults:
    seconds: dict[str, list[float]] = field(default_factory=dict)
    maxrss_kib: dict[str, list[int]] = field(default_factory=dict)
    sdk_imported: dict[str, set[bool]] = field(default_factory=dict)

    def median_ms(self, key: str) -> float:
        return statistics.median(self.seconds[key]) * 1000

    def median_mib(self, key: str) -> float:
        return statistics.median(self.maxrss_kib[key]) / 1024


class BenchError(Exception):
    """The benchmark itself could not run (not a missed budget)."""


@dataclass(frozen=True)
class ColdSetup:
    """Per variant key: its envelope file, its environment and the command that starts Python."""

    envelopes: dict[str, Path]
    envs: dict[str, dict[str, str]]
    interpreters: dict[str, list[str]]


def child_environment(endpoint: str, store_path: Path, dynamodb: bool) -> dict[str, str]:
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("PYTHON", "AWS_", "HIPBACK_", "DYNAMODB_", "SKILL_ID", "USER_ID"))
    }
    env |= aws_test_environment(endpoint)
    env["PYTHONPATH"] = os.pathsep.join((str(LAMBDA_DIR), str(BASELINES_DIR)))
    if dynamodb:
        env["DYNAMODB_TABLE_NAME"] = TABLE_NAME
    else:
        env["HIPBACK_STORE_PATH"] = str(store_path)
    return env


def zip_environment(unpacked: Path) -> dict[str, str]:
    """The unpacked zip alone on the path, persistence off; no PYTHON* variable at all."""
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("PYTHON", "AWS_", "HIPBACK_", "DYNAMODB_", "SKILL_ID", "USER_ID"))
    }
    env |= {"PYTHONPATH": str(unpacked), "HIPBACK_STORE": "none"}
    return env


def run_cold(variant: Variant, setup: ColdSetup) -> tuple[float, int, bool]:
    """(seconds from exec to the first response, peak RSS in KiB, boto3 or botocore imported)."""
    envelope_path, env = setup.envelopes[variant.envelope], setup.envs[variant.key]
    interpreter = setup.interpreters.get(variant.key, [sys.executable])
    command = [*interpreter, "-s", "-c", CHILD, variant.module, str(envelope_path)]
    with tempfile.TemporaryFile() as stderr:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=stderr, env=env)
        assert process.stdout is not None
        first_line = process.stdout.readline()
        elapsed = time.perf_counter() - start
        rest = process.stdout.read()
        process.stdout.close()
        code = process.wait()
        stderr.seek(0)
        errors = stderr.read().decode(errors="replace")
    if code != 0 or not first_line:
        raise BenchError(f"{variant.label}: the child failed (exit {code}):\n{errors[-3000:]}")
    response = json.loads(first_line)
    speech = response.get("response", {}).get("outputSpeech", {}).get("ssml", "")
    if "<speak>" not in speech:
        raise BenchError(f"{variant.label}: no speech in the response: {response}")
    report = json.loads(rest)
    return elapsed, int(report["maxrss_kib"]), bool(report["aws_sdk"])


def measure_cold(rounds: int, setup: ColdSetup) -> ColdResults:
    results = ColdResults()
    # One unrecorded run each first: byte code written where it can be, files in the page
    # cache, user stored.
    for variant in VARIANTS:
        run_cold(variant, setup)
    for index in range(rounds):
        # A rotating order: no variant always runs first, or always after the same one.
        shift = index % len(VARIANTS)
        for variant in VARIANTS[shift:] + VARIANTS[:shift]:
            seconds, maxrss, boto3 = run_cold(variant, setup)
            results.seconds.setdefault(variant.key, []).append(seconds)
            results.maxrss_kib.setdefault(variant.key, []).append(maxrss)
            results.sdk_imported.setdefault(variant.key, set()).add(boto3)
    return results


# -- conversations (warm latency, storage calls) ----------------------------------------------

Handler = Callable[[dict[str, Any], Any], dict[str, Any]]


@dataclass(frozen=True)
class Script:
    """A whole conversation: launch, a duration, then "no" until `yes_at` (None: to the end)."""

    name: str
    duration: str
    yes_at: str | None = None
    extra: tuple[str, ...] = ()  # information intents asked after the duration
    follow_up: bool = False  # say "yes" to the offer after the outcome


# Every tier, the information questions mid-assessment, and the follow-up offer.
SCRIPTS = (
    Script("self_care", "P3D", extra=("HeatIceIntent",), follow_up=True),
    Script("doctor", "P6M", extra=("CausesIntent",)),
    Script("prompt", "P2D", yes_at="severe_pain"),
    Script("urgent", "P2D", yes_at="infection_swelling", extra=("MedicationIntent",)),
    Script("emergency", "P2D", yes_at="leg_function"),
)
MAX_TURNS = 30
# Each block runs every script this many times (about 220 turns), enough for its own p99.
BLOCK_CONVERSATIONS = 5


class Conversation:
    """One user talking to a handler; each turn's envelope is built before the clock starts."""

    def __init__(self, handler: Handler, user_id: str = USER_ID) -> None:
        self.handler = handler
        identity = Identity(SKILL_ID, user_id, "amzn1.ask.device.BENCH", "en-US")
        self.envelopes = EnvelopeBuilder(identity)
        self.session: Session | None = None
        self.turn_seconds: list[float] = []
        self.levels: list[str] = []

    def send(self, envelope: dict[str, Any]) -> dict[str, Any]:
        start = time.perf_counter()
        response = self.handler(envelope, None)
        self.turn_seconds.append(time.perf_counter() - start)
        body = response.get("response", {})
        request_type = envelope["request"]["type"]
        session = self.session
        if session is not None:
            if body.get("shouldEndSession") is not False or request_type == "SessionEndedRequest":
                self.session = None
            else:
                session.attributes = response.get("sessionAttributes") or {}
                session.new = False
        if request_type != "SessionEndedRequest" and "outputSpeech" not in body:
            raise BenchError(f"no speech for {envelope['request']}: {response}")
        return response

    def launch(self) -> dict[str, Any]:
        self.session = new_session()
        return self.send(self.envelopes.launch(self.session))

    def say(self, intent: str, **slots: str) -> dict[str, Any]:
        if self.session is None:
            self.session = new_session()
        values = {
            name: {"name": name, "value": value, "confirmationStatus": "NONE"}
            for name, value in slots.items()
        }
        return self.send(self.envelopes.intent(self.session, intent, values))

    def end(self) -> None:
        if self.session is not None:
            self.send(self.envelopes.session_ended(self.session, "USER_INITIATED"))
            self.session = None


def _asked(response: dict[str, Any]) -> str | None:
    pending = (response.get("sessionAttributes") or {}).get("pending")
    if isinstance(pending, dict) and pending.get("kind") == "question":
        return str(pending.get("ref", ""))
    return None


def _level(response: dict[str, Any]) -> str | None:
    assessment = (response.get("sessionAttributes") or {}).get("assessment")
    return str(assessment.get("level")) if isinstance(assessment, dict) else None


def converse(conversation: Conversation, script: Script) -> None:
    """Run the script to its outcome and the session's end; raise if it goes astray."""
    conversation.launch()
    response = conversation.say("DurationIntent", duration=script.duration)
    for intent in script.extra:
        response = conversation.say(intent)
    for _ in range(MAX_TURNS):
        question = _asked(response)
        if question in (None, "duration"):
            break
        answer = "AMAZON.YesIntent" if question == script.yes_at else "AMAZON.NoIntent"
        response = conversation.say(answer)
    else:
        raise BenchError(f"{script.name}: the questions did not end")
    level = _level(response)
    if level != script.name:
        raise BenchError(f"{script.name}: the conversation reached {level!r}")
    conversation.levels.append(level)
    if script.follow_up and conversation.session is not None:
        conversation.say("AMAZON.YesIntent")
    if conversation.session is not None:
        conversation.say("AMAZON.StopIntent")
    conversation.end()


def one_shot_info(conversation: Conversation) -> None:
    conversation.say("CausesIntent")
    conversation.end()


@dataclass
class WarmResults:
    """Per block of conversations: our turns and the hello-world turns, in milliseconds."""

    ours_ms: list[list[float]]
    hello_ms: list[list[float]]
    levels: set[str]

    def stat(self, blocks: list[list[float]], fraction: float) -> float:
        # The median over blocks of each block's percentile: a block that another process
        # interrupted does not decide the figure.
        return statistics.median(percentile(block, fraction) for block in blocks)

    @property
    def turns(self) -> tuple[int, int]:
        return sum(map(len, self.ours_ms)), sum(map(len, self.hello_ms))


def percentile(values: Sequence[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def measure_warm(blocks: int) -> WarmResults:
    """Our turns, interleaved with as many hello-world launches.

    The profile store is kept in memory: a warm turn measures our code (the profile service,
    key hashing and item encoding included) and not the store's I/O, which is a network round
    trip to DynamoDB in production and a disk sync for the embedded store.
    """
    from hipback.config import Settings
    from hipback.persistence import ProfileService
    from hipback.skill import build

    settings = Settings(skill_id=SKILL_ID, clinic_name=None, clinic_phone=None)
    ours = Conversation(build(settings, ProfileService(memory_store())))
    hello = Conversation(_load_baseline("hello_world"))
    for script in SCRIPTS:  # warming up: every code path run once, caches filled
        converse(ours, script)
        hello.launch()
    ours_blocks: list[list[float]] = []
    hello_blocks: list[list[float]] = []
    for _ in range(blocks):
        ours.turn_seconds.clear()
        hello.turn_seconds.clear()
        for _ in range(BLOCK_CONVERSATIONS):
            for script in SCRIPTS:
                before = len(ours.turn_seconds)
                converse(ours, script)
                for _ in range(len(ours.turn_seconds) - before):
                    hello.launch()
                one_shot_info(ours)
                hello.launch()
        ours_blocks.append([s * 1000 for s in ours.turn_seconds])
        hello_blocks.append([s * 1000 for s in hello.turn_seconds])
    return WarmResults(ours_blocks, hello_blocks, set(ours.levels))


def memory_store() -> Any:
    """A profile store in a dict, with the real stores' semantics (hipback/persistence/base.py)."""
    from hipback.persistence import Change, Profile
    from hipback.persistence.record import profile_from

    class MemoryStore:
        def __init__(self) -> None:
            self.items: dict[str, Profile] = {}
            self.forgotten: dict[str, int] = {}

        def read(self, key: str) -> Profile:
            return self.items.get(key, Profile())

        def update(self, key: str, change: Change) -> bool:
            if self.forgotten.get(key, -1) >= change.started_ms:
                return False
            old = self.items.get(key, Profile())
            day = change.visit_day
            item = {
                "visits": old.visits + (1 if day else 0),
                "first_visit": old.first_visit or day,
                "last_visit": day or old.last_visit,
                "style": change.style or old.style,
            }
            self.items[key] = profile_from(item, datetime.datetime.now(datetime.UTC))
            return True

        def forget(self, key: str) -> None:
            self.items.pop(key, None)
            self.forgotten[key] = int(time.time() * 1000)

    return MemoryStore()


def _load_baseline(module: str) -> Handler:
    if str(BASELINES_DIR) not in sys.path:
        sys.path.append(str(BASELINES_DIR))
    handler: Handler = __import__(module).lambda_handler
    return handler


def store_the_bench_user() -> None:
    """A session for the benchmark user, so that the cold Launch finds a returning user."""
    from hipback.config import Settings
    from hipback.persistence import DynamoDbStore, ProfileService
    from hipback.skill import build

    settings = Settings(skill_id=SKILL_ID, clinic_name=None, clinic_phone=None)
    conversation = Conversation(build(settings, ProfileService(DynamoDbStore(TABLE_NAME))))
    conversation.launch()
    conversation.say("AMAZON.StopIntent")


# -- the zip -------------------------------------------------------------------------------


def build_zip(scratch: Path) -> tuple[Path, str]:
    """The Lambda zip, and the runtime's Python that its byte code is for."""
    try:
        interpreter = build_lambda.runtime_interpreter(build_lambda.runtime_python_version())
        result = build_lambda.build(
            scratch / "lambda.zip", python=interpreter, max_bytes=sys.maxsize
        )
    except build_lambda.BuildError as error:
        raise BenchError(f"the Lambda zip did not build: {error}") from None
    return result.path, interpreter


Unpacked = dict[str, tuple[Path, list[str]]]


def unpack_zip(zip_path: Path, scratch: Path, interpreter: str) -> Unpacked:
    """Per zip variant: the unpacked zip and the command that starts the runtime's Python.

    Both variants start Python the same way, so that unshare's own cost falls on both.
    """
    launcher = [*unprivileged_prefix(), interpreter]
    read_only = unpack_read_only(zip_path, scratch / "zip-read-only")
    writable = unpack_read_only(zip_path, scratch / "zip-writable")
    set_writable(writable, writable=True)
    return {"zip_read_only": (read_only, launcher), "zip_writable": (writable, launcher)}


# -- budgets and the report -------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    measure: str
    ours: str
    baseline: str
    ratio: str
    budget: str
    ok: bool


@dataclass
class Report:
    rows: list[Row] = field(default_factory=list)
    cold: list[tuple[str, str, str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def ratio_row(
        self, measure: str, ours: float, baseline: float, unit: str, base_name: str, limit: float
    ) -> None:
        ratio = ours / baseline
        digits = 2 if baseline < 10 else 1
        self.rows.append(
            Row(
                measure,
                f"{ours:.{digits}f} {unit}",
                f"{baseline:.{digits}f} {unit} ({base_name})",
                f"{ratio:.2f}x",
                f"<= {limit:g}x",
                ratio <= limit,
            )
        )

    @property
    def missed(self) -> list[Row]:
        return [row for row in self.rows if not row.ok]


def evaluate(cold: ColdResults, warm: WarmResults) -> Report:
    report = Report()
    ms, mib = cold.median_ms, cold.median_mib
    for variant in VARIANTS:
        imported = sorted(cold.sdk_imported[variant.key])
        report.cold.append(
            (
                variant.label,
                f"{ms(variant.key):.1f}",
                f"{mib(variant.key):.1f}",
                "/".join("yes" if flag else "no" for flag in imported),
            )
        )
    hello, hello_db, samples = "hello world", "hello + client + GetItem", "samples style"
    ratio = report.ratio_row
    # The embedded store is the simulator's, never Lambda's: its cold start and memory are in
    # the cold table above, and budgets hold production's paths (a one-shot question, and a
    # Launch that reads DynamoDB).
    ratio("Cold one-shot info, DynamoDB set", ms("ours_info_dynamodb"), ms("hello"), "ms", hello, 1.3)  # noqa: E501 - one budget a line
    ratio("Cold Launch, DynamoDB, stored user", ms("ours_launch_dynamodb"), ms("hello_dynamodb"), "ms", hello_db, 1.15)  # noqa: E501 - one budget a line
    # No slower than the official samples' style. (0.85x held only with a trimmed copy of
    # botocore's data that the Lambda runtime's botocore never matched: not production's path.)
    ratio("Cold Launch, DynamoDB, stored user", ms("ours_launch_dynamodb"), ms("samples"), "ms", samples, 1.0)  # noqa: E501 - one budget a line
    p50, hello_p50 = warm.stat(warm.ours_ms, 0.5), warm.stat(warm.hello_ms, 0.5)
    p99, hello_p99 = warm.stat(warm.ours_ms, 0.99), warm.stat(warm.hello_ms, 0.99)
    # Every storage call runs on a worker so that a slow DynamoDB never holds a turn past its
    # deadline; the hand-off costs a turn that reads or writes the profile about 40 us (a
    # DynamoDB round trip is milliseconds), which the turns of a hello world do not pay, and
    # the median turn is often one of those. 2x held before that guarantee existed; runs on
    # this machine measure 1.95x to 2.2x.
    ratio("Warm turn p50", p50, hello_p50, "ms", hello, 2.5)
    report.rows.append(Row("Warm turn p99", f"{p99:.2f} ms", f"{hello_p99:.2f} ms ({hello})", f"{p99 / hello_p99:.2f}x", "< 2 ms", p99 < 2.0))  # noqa: E501 - one budget a line
    ratio("Peak memory, cold one-shot info", mib("ours_info_dynamodb"), mib("hello"), "MiB", hello, 1.2)  # noqa: E501 - one budget a line
    ratio("Peak memory, cold Launch, DynamoDB", mib("ours_launch_dynamodb"), mib("hello_dynamodb"), "MiB", hello_db, 1.2)  # noqa: E501 - one budget a line
    ratio("Cold Launch, zip read-only (as Lambda)", ms("zip_read_only"), ms("zip_writable"), "ms", "writable cache", 1.3)  # noqa: E501 - one budget a line
    report.notes.append(
        f"Warm turns: {warm.turns[0]} in {len(warm.ours_ms)} blocks of whole conversations "
        f"reaching {', '.join(sorted(warm.levels))}, the profile store in memory; hello world: "
        f"{warm.turns[1]} LaunchRequests, interleaved; medians of the blocks' percentiles."
    )
    return report


def machine() -> str:
    model = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        for line in cpuinfo.read_text(encoding="utf-8", errors="replace").splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return (
        f"{model}, {os.cpu_count()} CPUs, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}"
    )


def render(report: Report, mode: str, rounds: int, started: datetime.datetime) -> str:
    lines = [
        f"Measured {started:%Y-%m-%d %H:%M} UTC on {machine()}; "
        f"`scripts/bench.py{' --quick' if mode == 'quick' else ''}`, "
        f"{rounds} interleaved cold runs per variant (medians).",
        "",
        "| cold start, fresh process to first response | median ms | peak MiB | AWS SDK imported |",
        "|---|---:|---:|---|",
        *(f"| {label} | {ms} | {mib} | {boto3} |" for label, ms, mib, boto3 in report.cold),
        "",
        "| measure | ours | baseline | ratio | budget | met |",
        "|---|---:|---|---:|---|---|",
        *(
            f"| {r.measure} | {r.ours} | {r.baseline} | {r.ratio} | {r.budget} | "
            f"{'yes' if r.ok else '**NO**'} |"
            for r in report.rows
        ),
        "",
        *(f"- {note}" for note in report.notes),
    ]
    return "\n".join(lines) + "\n"


DOCS_HEADER = """\
# Benchmark

`make bench` (`scripts/bench.py`; `make bench ARGS=--quick` for CI, `ARGS=--write-docs` to
rewrite this page) measures our skill beside three baselines it runs itself
(`scripts/bench_baselines/`): a hello-world ask-sdk-core skill, the same plus a boto3 DynamoDB
client and one GetItem, and a skill in the official samples' style (ask-sdk's DynamoDbAdapter
on a boto3 resource). DynamoDB is dynalite, started by the command. It exits non-zero when a
budget is missed.

- Cold start: the parent's clock runs from starting a fresh interpreter to reading the child's
  response. The child first imports what the Lambda runtime's bootstrap has already imported
  when it loads a handler (json, logging, traceback and a few more), then the skill's module,
  and answers one request. The variants run interleaved, in a rotating order; medians.
- Cold start as Lambda runs it: the zip of `scripts/build_lambda.py` unpacked into a read-only
  directory (chmod -R a-w; as root, the child runs under `unshare --user`, because root ignores
  permission bits), by the Lambda runtime's Python version, with no PYTHONDONTWRITEBYTECODE or
  PYTHONPYCACHEPREFIX, against the same zip unpacked where Python may write its cache.
- Peak memory: each cold child's own high-water mark (VmHWM).
- Warm turns: whole conversations reaching every tier, in one process, the profile store in
  memory (a warm turn's storage cost is DynamoDB's network round trip, not our code), against
  the hello-world skill's LaunchRequest; medians over blocks of the blocks' p50 and p99.
- Only time and memory have budgets here; what does not vary from run to run (no AWS SDK on
  the one-shot path, DynamoDB calls per session, the zip's size) is checked by the tests.

Ratios compare variants measured in the same run; absolute times vary with the machine and its
load (this machine is shared: other jobs were running).

"""


# -- main -------------------------------------------------------------------------------------


def prepare_envelopes(scratch: Path) -> dict[str, Path]:
    identity = Identity(SKILL_ID, USER_ID, "amzn1.ask.device.BENCH", "en-US")
    builder = EnvelopeBuilder(identity)
    envelopes = {
        "launch": builder.launch(new_session()),
        "info": builder.intent(new_session(), "CausesIntent", {}),
    }
    paths = {}
    for name, envelope in envelopes.items():
        path = scratch / f"{name}.json"
        path.write_text(json.dumps(envelope), encoding="utf-8")
        paths[name] = path
    return paths


def use_dynalite(server: DynaliteServer) -> None:
    """This process's boto3 talks to dynalite only, and the table exists."""
    for name in AWS_VARIABLES_TO_CLEAR:
        os.environ.pop(name, None)
    os.environ.update(aws_test_environment(server.endpoint))
    create_table(admin_client(server.endpoint), TABLE_NAME)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs, for CI")
    parser.add_argument("--runs", type=int, help="cold runs per variant (default 15, quick 13)")
    parser.add_argument("--write-docs", action="store_true", help=f"write {DOCS_PATH.name}")
    args = parser.parse_args(argv)
    mode = "quick" if args.quick else "full"
    rounds = args.runs or (13 if args.quick else 15)
    warm_blocks = 5 if args.quick else 7
    started = datetime.datetime.now(datetime.UTC)
    clock = time.perf_counter()
    try:
        report = run(rounds, warm_blocks)
    except BenchError as error:
        print(f"bench: {error}", file=sys.stderr)
        return 2
    text = render(report, mode, rounds, started)
    print(text)
    print(f"({time.perf_counter() - clock:.0f} s)")
    if args.write_docs:
        DOCS_PATH.write_text(DOCS_HEADER + text, encoding="utf-8")
        print(f"wrote {DOCS_PATH.relative_to(ROOT)}")
    for row in report.missed:
        print(f"bench: budget missed: {row.measure}: {row.ours}, {row.ratio} ({row.budget})",
              file=sys.stderr)  # fmt: skip
    return 1 if report.missed else 0


def run(rounds: int, warm_blocks: int) -> Report:
    with tempfile.TemporaryDirectory(prefix="hipback-bench-") as scratch_name:
        scratch = Path(scratch_name)
        zip_path, interpreter = build_zip(scratch)
        unpacked = unpack_zip(zip_path, scratch, interpreter)
        try:
            cold = measure_with_dynalite(rounds, scratch, unpacked)
        finally:
            set_writable(unpacked["zip_read_only"][0], writable=True)  # so that it can be removed
        warm = measure_warm(warm_blocks)
        report = evaluate(cold, warm)
    report.notes.append(zip_note(interpreter))
    return report


def measure_with_dynalite(rounds: int, scratch: Path, unpacked: Unpacked) -> ColdResults:
    try:
        server = start_dynalite()
    except DynaliteUnavailable as error:
        raise BenchError(str(error)) from None
    try:
        use_dynalite(server)
        store_the_bench_user()
        envs = {
            v.key: child_environment(server.endpoint, scratch / "cold.sqlite3", v.dynamodb)
            for v in VARIANTS
        }
        envs |= {key: zip_environment(directory) for key, (directory, _) in unpacked.items()}
        interpreters = {key: launcher for key, (_, launcher) in unpacked.items()}
        read_only = unpacked["zip_read_only"][0]
        before = tree(read_only)
        cold = measure_cold(rounds, ColdSetup(prepare_envelopes(scratch), envs, interpreters))
        if tree(read_only) != before:
            raise BenchError(f"the runs wrote into the read-only {read_only}")
    finally:
        server.stop()
    return cold


def zip_note(interpreter: str) -> str:
    version = build_lambda.interpreter_version(interpreter) or "?"
    how = " under `unshare --user` (root ignores a-w)" if unprivileged_prefix() else ""
    return (
        f"Zip variants: the zip of scripts/build_lambda.py unpacked, persistence off, run by "
        f"{version} (the Lambda runtime's version){how}; the read-only copy was unchanged "
        "after every run."
    )


if __name__ == "__main__":
    sys.exit(main())
