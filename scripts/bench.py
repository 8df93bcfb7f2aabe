"""The performance benchmark: our skill side by side with baselines, and its budgets.

    python scripts/bench.py [--quick] [--runs N] [--write-docs]     (also: make bench ARGS=...)

What it measures and how is the head of docs/benchmark.md (`--write-docs` puts this run's
tables under it). Every variant and baseline runs in the same invocation, so that ratios
compare like with like on whatever machine runs it. Only time and memory have budgets here;
what does not vary from run to run is a test: no AWS SDK on the one-shot path and at most one
read and one write per session (tests/test_persistence_unit.py,
tests/test_persistence_dynamodb.py), the zip's size (tests/test_deploy_package.py).

Exit status: 0 every budget met; 1 a budget missed (each is printed), so CI can run `--quick`
without a timed assertion in the tests; 2 the benchmark could not run.
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
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LAMBDA_DIR = ROOT / "lambda"
BASELINES_DIR = Path(__file__).resolve().parent / "bench_baselines"
DOCS_PATH = ROOT / "docs" / "benchmark.md"
for _path in (ROOT, LAMBDA_DIR, BASELINES_DIR):
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

from devtools.dynalite import (  # noqa: E402
    AWS_VARIABLES_TO_CLEAR,
    DynaliteUnavailable,
    admin_client,
    aws_test_environment,
    create_table,
    start_dynalite,
)
from devtools.read_only import set_writable, tree, unpack_read_only, unprivileged_prefix  # noqa: E402
from hipback.config import Settings  # noqa: E402
from hipback.persistence import Change, DynamoDbStore, Profile, ProfileService  # noqa: E402
from hipback.persistence.base import ProfileStore  # noqa: E402
from hipback.persistence.record import profile_from  # noqa: E402
from hipback.skill import build  # noqa: E402
from scripts import build_lambda  # noqa: E402
from scripts.bench_resolver import measure_resolver  # noqa: E402
from simulator.client import SKILL_ID, Reply, SkillClient  # noqa: E402
from simulator.envelopes import new_session  # noqa: E402

USER_ID = "amzn1.ask.account.BENCH-USER"
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


class BenchError(Exception):
    """The benchmark itself could not run (not a missed budget)."""


# -- cold starts ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Variant:
    key: str
    label: str
    module: str
    envelope: str  # "launch" or "info"
    # "sqlite" (the embedded store), "dynamodb" (DYNAMODB_TABLE_NAME set), or "zip": the built
    # zip unpacked in the directory named by the key, persistence off, run by the Lambda
    # runtime's Python version (docs/benchmark.md).
    store: str


OURS = "lambda_function"
# fmt: off
VARIANTS = (
    Variant("ours_launch_sqlite", "ours: Launch, embedded store", OURS, "launch", "sqlite"),
    Variant("ours_info_dynamodb", "ours: one-shot info, DynamoDB set", OURS, "info", "dynamodb"),
    Variant("ours_launch_dynamodb", "ours: Launch, DynamoDB, stored user", OURS, "launch", "dynamodb"),  # noqa: E501 - one variant a line
    Variant("hello", "hello world (ask-sdk-core)", "hello_world", "launch", "sqlite"),
    Variant("hello_dynamodb", "hello world + boto3 client + GetItem", "hello_dynamodb", "launch", "dynamodb"),  # noqa: E501 - one variant a line
    Variant("samples", "samples style (ask-sdk DynamoDbAdapter)", "samples_style", "launch", "dynamodb"),  # noqa: E501 - one variant a line
    Variant("zip_read_only", "ours: Launch, zip unpacked read-only (as Lambda)", OURS, "launch", "zip"),  # noqa: E501 - one variant a line
    Variant("zip_writable", "ours: Launch, zip unpacked, writable cache", OURS, "launch", "zip"),
)
# The baselines' names in the budgets table.
SHORT = {"hello": "hello world", "hello_dynamodb": "hello + client + GetItem",
         "samples": "samples style", "zip_writable": "writable cache",
         "extract": "one extractOne"}
# fmt: on
# Per cold run: seconds from exec to the first response, peak RSS in KiB, AWS SDK imported.
ColdRun = tuple[float, int, bool]
Command = tuple[list[str], dict[str, str]]


def child_command(variant: Variant, scratch: Path, endpoint: str, zip_python: str) -> Command:
    """The command line and environment of the variant's fresh interpreter."""
    cleared = ("PYTHON", "AWS_", "HIPBACK_", "DYNAMODB_", "SKILL_ID", "USER_ID")
    env = {name: value for name, value in os.environ.items() if not name.startswith(cleared)}
    interpreter = [sys.executable]
    if variant.store == "zip":
        # The unpacked zip alone on the path; no PYTHON* variable at all. Both zip variants
        # start Python the same way, so that unshare's own cost falls on both.
        env |= {"PYTHONPATH": str(scratch / variant.key), "HIPBACK_STORE": "none"}
        interpreter = [*unprivileged_prefix(), zip_python]
    else:
        env |= aws_test_environment(endpoint)
        env["PYTHONPATH"] = os.pathsep.join((str(LAMBDA_DIR), str(BASELINES_DIR)))
        if variant.store == "dynamodb":
            env["DYNAMODB_TABLE_NAME"] = TABLE_NAME
        else:
            env["HIPBACK_STORE_PATH"] = str(scratch / "cold.sqlite3")
    envelope = scratch / f"{variant.envelope}.json"
    return [*interpreter, "-s", "-c", CHILD, variant.module, str(envelope)], env


def run_cold(label: str, command: Command) -> ColdRun:
    with tempfile.TemporaryFile() as stderr:
        start = time.perf_counter()
        process = subprocess.Popen(command[0], stdout=subprocess.PIPE, stderr=stderr,
                                   env=command[1])  # fmt: skip
        assert process.stdout is not None
        first_line = process.stdout.readline()
        elapsed = time.perf_counter() - start
        rest = process.stdout.read()
        process.stdout.close()
        code = process.wait()
        stderr.seek(0)
        errors = stderr.read().decode(errors="replace")
    if code != 0 or not first_line:
        raise BenchError(f"{label}: the child failed (exit {code}):\n{errors[-3000:]}")
    response = json.loads(first_line)
    if "<speak>" not in response.get("response", {}).get("outputSpeech", {}).get("ssml", ""):
        raise BenchError(f"{label}: no speech in the response: {response}")
    report = json.loads(rest)
    return elapsed, int(report["maxrss_kib"]), bool(report["aws_sdk"])


def measure_cold(rounds: int, commands: dict[str, Command]) -> dict[str, list[ColdRun]]:
    # One unrecorded run each first: byte code written where it can be, files in the page
    # cache, user stored.
    for variant in VARIANTS:
        run_cold(variant.label, commands[variant.key])
    runs: dict[str, list[ColdRun]] = {variant.key: [] for variant in VARIANTS}
    for index in range(rounds):
        # A rotating order: no variant always runs first, or always after the same one.
        shift = index % len(VARIANTS)
        for variant in VARIANTS[shift:] + VARIANTS[:shift]:
            runs[variant.key].append(run_cold(variant.label, commands[variant.key]))
    return runs


# -- warm turns -------------------------------------------------------------------------------


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


def _asked(reply: Reply) -> str | None:
    pending = reply.pending
    return pending[1] if pending and pending[0] == "question" else None


def converse(client: SkillClient, script: Script) -> None:
    """Run the script to its outcome and the session's end; raise if it goes astray."""
    client.launch()
    reply = client.say("DurationIntent", duration=script.duration)
    for intent in script.extra:
        reply = client.say(intent)
    for _ in range(MAX_TURNS):
        question = _asked(reply)
        if question in (None, "duration"):
            break
        reply = client.say("AMAZON.YesIntent" if question == script.yes_at else "AMAZON.NoIntent")
    else:
        raise BenchError(f"{script.name}: the questions did not end")
    if reply.level != script.name:
        raise BenchError(f"{script.name}: the conversation reached {reply.level!r}")
    if script.follow_up and client.session is not None:
        client.say("AMAZON.YesIntent")
    if client.session is not None:
        client.say("AMAZON.StopIntent")
    if client.session is not None:
        client.end()


def our_skill(store: ProfileStore) -> SkillClient:
    """Our skill on `store`, as the benchmark's user talks to it through the simulator's client."""
    settings = Settings(skill_id=SKILL_ID, clinic_name=None, clinic_phone=None)
    return SkillClient(user=USER_ID, handler=build(settings, ProfileService(store)))


# Per block of conversations, each turn's milliseconds: ours, and the hello world's.
Warm = tuple[list[list[float]], list[list[float]]]


def measure_warm(blocks: int) -> Warm:
    """Our turns, interleaved with as many hello-world launches, each timed by the client: the
    handler's call alone, not building the envelope or checking the response.

    The profile store is kept in memory: a warm turn measures our code (the profile service,
    key hashing and item encoding included) and not the store's I/O, which is a network round
    trip to DynamoDB in production and a disk sync for the embedded store.
    """
    ours = our_skill(MemoryStore())
    hello = SkillClient(user=USER_ID, handler=__import__("hello_world").lambda_handler)
    for script in SCRIPTS:  # warming up: every code path run once, caches filled
        converse(ours, script)
        hello.launch()
    warm: Warm = ([], [])
    for _ in range(blocks):
        ours.replies.clear()
        hello.replies.clear()
        for _ in range(BLOCK_CONVERSATIONS):
            for script in SCRIPTS:
                before = len(ours.replies)
                converse(ours, script)
                for _ in range(len(ours.replies) - before):
                    hello.launch()
                ours.say("CausesIntent")  # a one-shot question
                if ours.session is not None:
                    ours.end()
                hello.launch()
        for client, block in zip((ours, hello), warm, strict=True):
            block.append([reply.seconds * 1000 for reply in client.replies])
    return warm


def percentile(values: Sequence[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


class MemoryStore:
    """A profile store in a dict, with the real stores' semantics (hipback/persistence/base.py)."""

    def __init__(self) -> None:
        self.items: dict[str, Profile] = {}
        self.forgotten: dict[str, int] = {}

    def read(self, key: str) -> Profile:
        return self.items.get(key, Profile())

    def update(self, key: str, change: Change) -> bool:
        if self.forgotten.get(key, -1) >= change.started_ms:
            return False
        old, day = self.items.get(key, Profile()), change.visit_day
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


# -- budgets and the report -------------------------------------------------------------------


@dataclass(frozen=True)
class Under:
    """An absolute limit in the measure's own unit (the baseline's ratio is shown, not held)."""

    value: float


# (measure, ours, baseline, what: ms or MiB of the cold variants' medians, p50 or p99 of the
# warm turns, limit: a ratio to the baseline, or Under). The embedded store is the simulator's,
# never Lambda's: its cold start and memory are in the cold table, and budgets hold
# production's paths (a one-shot question, and a Launch that reads DynamoDB).
BUDGETS = (
    ("Cold one-shot info, DynamoDB set", "ours_info_dynamodb", "hello", "ms", 1.3),
    ("Cold Launch, DynamoDB, stored user", "ours_launch_dynamodb", "hello_dynamodb", "ms", 1.15),
    # No slower than the official samples' style. (0.85x held only with a trimmed copy of
    # botocore's data that the Lambda runtime's botocore never matched: not production's path.)
    ("Cold Launch, DynamoDB, stored user", "ours_launch_dynamodb", "samples", "ms", 1.0),
    # Every storage call runs on a worker so that a slow DynamoDB never holds a turn past its
    # deadline; the hand-off costs a turn that reads or writes the profile about 40 us (a
    # DynamoDB round trip is milliseconds), which the turns of a hello world do not pay, and
    # the median turn is often one of those. 2x held before that guarantee existed; runs on
    # this machine measure 1.95x to 2.2x.
    ("Warm turn p50", "ours", "hello", "p50", 2.5),
    ("Warm turn p99", "ours", "hello", "p99", Under(2.0)),
    ("Peak memory, cold one-shot info", "ours_info_dynamodb", "hello", "MiB", 1.2),
    ("Peak memory, cold Launch, DynamoDB", "ours_launch_dynamodb", "hello_dynamodb", "MiB", 1.2),
    ("Cold Launch, zip read-only (as Lambda)", "zip_read_only", "zip_writable", "ms", 1.3),
    # The offline resolver (simulator and tests, never Lambda): a line understood in under
    # 5 ms at the median, long sentences included.
    ("Resolver, a held-out line, p50", "resolver", "extract", "p50", Under(5.0)),
)


# measure, ours, baseline, ratio, budget, met
Row = tuple[str, str, str, str, str, bool]


@dataclass
class Report:
    rows: list[Row] = field(default_factory=list)
    cold: list[tuple[str, str, str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def budget_row(budget: tuple[str, str, str, str, float | Under], values: dict[str, float]) -> Row:
    measure, ours_key, base_key, what, limit = budget
    ours, base = values[f"{ours_key} {what}"], values[f"{base_key} {what}"]
    unit, ratio = ("MiB" if what == "MiB" else "ms"), ours / base
    digits = 2 if base < 10 or what in ("p50", "p99") else 1
    if isinstance(limit, Under):
        held, ok = f"< {limit.value:g} {unit}", ours < limit.value
    else:
        held, ok = f"<= {limit:g}x", ratio <= limit
    shown = f"{ours:.{digits}f} {unit}", f"{base:.{digits}f} {unit} ({SHORT[base_key]})"
    return (measure, *shown, f"{ratio:.2f}x", held, ok)


def evaluate(cold: dict[str, list[ColdRun]], warm: Warm, resolver: dict[str, float]) -> Report:
    report, values = Report(), dict(resolver)
    for variant in VARIANTS:
        seconds, kib, sdk = zip(*cold[variant.key], strict=True)
        ms = values[f"{variant.key} ms"] = statistics.median(seconds) * 1000
        mib = values[f"{variant.key} MiB"] = statistics.median(kib) / 1024
        imported = "/".join("yes" if flag else "no" for flag in sorted(set(sdk)))
        report.cold.append((variant.label, f"{ms:.1f}", f"{mib:.1f}", imported))
    for what, fraction in (("p50", 0.5), ("p99", 0.99)):
        # The median over blocks of each block's percentile: a block that another process
        # interrupted does not decide the figure.
        for key, blocks in zip(("ours", "hello"), warm, strict=True):
            values[f"{key} {what}"] = statistics.median(percentile(b, fraction) for b in blocks)
    report.rows = [budget_row(budget, values) for budget in BUDGETS]
    turns = [sum(map(len, blocks)) for blocks in warm]
    levels = ", ".join(sorted(script.name for script in SCRIPTS))  # converse checked each
    report.notes.append(
        f"Warm turns: {turns[0]} in {len(warm[0])} blocks of whole conversations "
        f"reaching {levels}, the profile store in memory; hello world: "
        f"{turns[1]} LaunchRequests, interleaved; medians of the blocks' percentiles."
    )
    return report


def machine() -> str:
    cpuinfo = Path("/proc/cpuinfo")
    lines = cpuinfo.read_text(errors="replace").splitlines() if cpuinfo.is_file() else []
    names = [line.split(":", 1)[1].strip() for line in lines if line.startswith("model name")]
    model = names[0] if names else platform.processor() or platform.machine()
    return (
        f"{model}, {os.cpu_count()} CPUs, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}"
    )


def render(report: Report, quick: bool, rounds: int, started: datetime.datetime) -> str:
    lines = [
        f"Measured {started:%Y-%m-%d %H:%M} UTC on {machine()}; "
        f"`scripts/bench.py{' --quick' if quick else ''}`, "
        f"{rounds} interleaved cold runs per variant (medians).",
        "",
        "| cold start, fresh process to first response | median ms | peak MiB | AWS SDK imported |",
        "|---|---:|---:|---|",
        *(f"| {' | '.join(row)} |" for row in report.cold),
        "",
        "| measure | ours | baseline | ratio | budget | met |",
        "|---|---:|---|---:|---|---|",
        *(f"| {' | '.join(row[:5])} | {'yes' if row[5] else '**NO**'} |" for row in report.rows),
        "",
        *(f"- {note}" for note in report.notes),
    ]
    return "\n".join(lines) + "\n"


def docs_page(page: str, tables: str) -> str:
    """The page's own account of the method, then this run's tables in place of the last's."""
    return page.split("\nMeasured ", 1)[0].rstrip("\n") + "\n\n" + tables


# -- main -------------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs, for CI")
    parser.add_argument("--runs", type=int, help="cold runs per variant (default 15, quick 13)")
    parser.add_argument("--write-docs", action="store_true", help=f"write {DOCS_PATH.name}")
    args = parser.parse_args(argv)
    rounds = args.runs or (13 if args.quick else 15)
    started = datetime.datetime.now(datetime.UTC)
    clock = time.perf_counter()
    try:
        report = run(rounds, warm_blocks=5 if args.quick else 7)
    # AssertionError: SkillClient found a response that Alexa would refuse.
    except (BenchError, AssertionError) as error:
        print(f"bench: {error}", file=sys.stderr)
        return 2
    text = render(report, args.quick, rounds, started)
    print(text)
    print(f"({time.perf_counter() - clock:.0f} s)")
    if args.write_docs:
        page = docs_page(DOCS_PATH.read_text(encoding="utf-8"), text)
        DOCS_PATH.write_text(page, encoding="utf-8")
        print(f"wrote {DOCS_PATH.relative_to(ROOT)}")
    missed = [row for row in report.rows if not row[5]]
    for measure, ours, _, ratio, budget, _ in missed:
        print(f"bench: budget missed: {measure}: {ours}, {ratio} ({budget})", file=sys.stderr)
    return 1 if missed else 0


def run(rounds: int, warm_blocks: int) -> Report:
    with tempfile.TemporaryDirectory(prefix="hipback-bench-") as scratch_name:
        scratch = Path(scratch_name)
        try:
            python = build_lambda.runtime_interpreter(build_lambda.runtime_python_version())
            built = build_lambda.build(scratch / "lambda.zip", python=python, max_bytes=sys.maxsize)
        except build_lambda.BuildError as error:
            raise BenchError(f"the Lambda zip did not build: {error}") from None
        read_only = unpack_read_only(built.path, scratch / "zip_read_only")
        set_writable(unpack_read_only(built.path, scratch / "zip_writable"), writable=True)
        try:
            before = tree(read_only)
            cold = measure_with_dynalite(rounds, scratch, python)
            if tree(read_only) != before:
                raise BenchError(f"the runs wrote into the read-only {read_only}")
        finally:
            set_writable(read_only, writable=True)  # so that it can be removed
    resolved, note = measure_resolver()
    report = evaluate(cold, measure_warm(warm_blocks), resolved)
    report.notes.append(note)
    version = build_lambda.interpreter_version(python) or "?"
    how = " under `unshare --user` (root ignores a-w)" if unprivileged_prefix() else ""
    report.notes.append(
        f"Zip variants: the zip of scripts/build_lambda.py unpacked, persistence off, run by "
        f"{version} (the Lambda runtime's version){how}; the read-only copy was unchanged "
        "after every run."
    )
    return report


def measure_with_dynalite(rounds: int, scratch: Path, zip_python: str) -> dict[str, list[ColdRun]]:
    try:
        server = start_dynalite()
    except DynaliteUnavailable as error:
        raise BenchError(str(error)) from None
    try:
        # This process's boto3 talks to dynalite only, and the table exists.
        for name in AWS_VARIABLES_TO_CLEAR:
            os.environ.pop(name, None)
        os.environ.update(aws_test_environment(server.endpoint))
        create_table(admin_client(server.endpoint), TABLE_NAME)
        # A session for the benchmark user, so that the cold Launch finds a returning user.
        client = our_skill(DynamoDbStore(TABLE_NAME))
        client.launch()
        client.say("AMAZON.StopIntent")
        builder = client.envelopes
        envelopes = {
            "launch": builder.launch(new_session()),
            "info": builder.intent(new_session(), "CausesIntent", {}),
        }
        for name, envelope in envelopes.items():
            (scratch / f"{name}.json").write_text(json.dumps(envelope), encoding="utf-8")
        commands = {v.key: child_command(v, scratch, server.endpoint, zip_python) for v in VARIANTS}
        return measure_cold(rounds, commands)
    finally:
        server.stop()


if __name__ == "__main__":
    sys.exit(main())
