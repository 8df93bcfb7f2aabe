"""How well the skill understands people's own words: the held-out sets, end to end.

Each answer in ``tests/heldout/<locale>/answers.tsv`` and ``negations.tsv`` is said, through the
offline resolver and the real ``lambda_handler``, while its question is pending; what the skill
then holds in the session is compared with what the line expects. Each conversation in
``conversations.jsonl`` is played to its outcome. The sets were written blind (by someone who
had not seen the voice model, told only the questions the skill asks) and are never copied into
the model; see tests/heldout/README.md.

Expected tokens: ``yes``, ``no``, ``unsure`` (the reply to the pending question), ``sign:<id>``
(recorded), ``not:<id>`` (never recorded), ``days:<n>`` (the duration), ``question`` (no answer
recorded; the question is asked again).
"""

from __future__ import annotations

import csv
import hashlib
import json
import tempfile
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NamedTuple

from simulator.conversation import Simulator, Turn
from simulator.envelopes import EnvelopeBuilder, Identity
from simulator.expected_intents import INFO_INTENTS as _INFO_INTENTS
from simulator.expected_intents import expected_group, intent_lines, reached, taken_lines
from simulator.skill import LAMBDA_DIR, REPO_ROOT, _on_path, load_understander

HELDOUT_DIR = REPO_ROOT / "tests" / "heldout"
SKILL_ID = "amzn1.ask.skill.heldout-evaluation"
# The sets date "since sunday" against this day (a Wednesday), as their writers were told.
REFERENCE_TIME = datetime(2026, 11, 25, 15, 0, tzinfo=UTC)
QUESTION_ORDER = (
    "duration", "cauda_equina", "leg_function", "injury", "infection_swelling", "severe_pain",
    "home_care",
)  # fmt: skip
# Said to reach a question: ten days keeps the home-care question in the plan.
REACH_DURATION = "ten days"


class Sayings(NamedTuple):
    """What the evaluation itself says, in the locale's language: opening the skill, the plain
    answers that reach a question, and the start of a one-shot request."""

    open: str
    reach_duration: str
    no: str
    yes: str
    not_sure: str
    # A one-shot opening: launch phrases as said, else the request after `one_shot`.
    launches: tuple[str, ...]
    one_shot: str


SAYINGS = {
    "en": Sayings("open hip and back helper", REACH_DURATION, "no", "yes", "not sure",
                  ("open ", "launch ", "start ", "ask ", "tell ", "alexa"),
                  "tell hip and back helper"),
    "es": Sayings("abre ayuda para cadera y espalda", "diez días", "no", "sí", "no sé",
                  ("abre ", "abrir ", "inicia ", "empieza ", "comienza ", "pide ", "pídele ",
                   "pregunta ", "pregúntale ", "dile ", "usa ", "habla con ", "alexa"),
                  "dile a ayuda para cadera y espalda que"),
}


def sayings(locale: str) -> Sayings:
    return SAYINGS.get(locale.split("-")[0].lower(), SAYINGS["en"])
INFO_INTENTS = frozenset(_INFO_INTENTS)
# A hedge must never do these (docs/clinical.md, hedged answers).
HEDGE_FORBIDDEN = INFO_INTENTS | {
    "SetPreferenceIntent", "AMAZON.StopIntent", "AMAZON.CancelIntent", "AMAZON.NoIntent",
}  # fmt: skip
# Which reasons on a finished assessment say what (hipback/triage/rules.py).
_YES_REASONS = {
    "cauda_equina": "cauda_equina", "leg_function": "leg_function", "serious_injury": "injury",
    "infection_swelling": "infection_swelling", "severe_pain": "severe_pain",
    "home_care_failed": "home_care",
}  # fmt: skip


@dataclass(frozen=True)
class AnswerCase:
    question: str
    category: str
    expected: tuple[str, ...]
    text: str
    source: str  # file:line

    @property
    def dev(self) -> bool:
        """Half of each set, chosen by a hash of the text, may be looked at while improving
        the skill; the other half is only measured."""
        return hashlib.sha256(self.text.encode()).digest()[0] % 2 == 0

    @property
    def set_name(self) -> str:
        return self.source.rpartition(":")[0]

    @property
    def group(self) -> str:
        """The intents this line's meaning should reach (simulator/expected_intents.py)."""
        return expected_group(self.category, self.expected)


@dataclass(frozen=True)
class ConversationCase:
    id: str
    opening: str
    answers: dict[str, str]
    plain: dict[str, str]
    tier: str

    @property
    def dev(self) -> bool:
        return hashlib.sha256(self.id.encode()).digest()[0] % 2 == 0


@dataclass
class Held:
    """What the skill holds after a turn, whether the assessment is finished or not."""

    replies: dict[str, str] = field(default_factory=dict)
    signs: set[str] = field(default_factory=set)
    unsure_once: set[str] = field(default_factory=set)
    hours: int | None = None
    level: str | None = None


@dataclass
class AnswerResult:
    case: AnswerCase
    ok: bool
    failed: list[str]
    intent: str | None
    hedge_safe: bool
    never_sign: bool
    # Other intents the resolver found about as likely: Alexa's choice would be unstable.
    close: tuple[str, ...] = ()

    @property
    def reached(self) -> bool:
        return reached(self.case.group, self.intent)


@dataclass
class ConversationResult:
    case: ConversationCase
    level: str | None
    turns: int
    extra_turns: int
    ambiguous_turns: int = 0
    set_name: str = "conversations.jsonl"

    @property
    def exact(self) -> bool:
        return self.level == self.case.tier

    @property
    def at_least(self) -> bool:
        order = ["self_care", "doctor", "prompt", "urgent", "emergency"]
        if self.level not in order:
            return False
        return order.index(self.level) >= order.index(self.case.tier)


# -- reading the sets -------------------------------------------------------------------------


def load_answers(path: Path) -> list[AnswerCase]:
    cases: list[AnswerCase] = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip() or line.startswith("#"):
                continue
            question, category, expected, text = next(csv.reader([line.rstrip("\n")],
                                                                 delimiter="\t", quoting=3))
            cases.append(AnswerCase(question, category, tuple(expected.split()), text,
                                    f"{path.name}:{number}"))
    return cases


def load_conversations(path: Path) -> list[ConversationCase]:
    cases = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            data = json.loads(line)
            cases.append(ConversationCase(data["id"], data["opening"], data["answers"],
                                          data.get("plain", {}), data["tier"]))
    return cases


# -- talking to the skill ---------------------------------------------------------------------


class Bench:
    """The real skill and the offline resolver for one locale, on a clock fixed to the sets'
    reference day, with a store of its own."""

    def __init__(self, locale: str, store_dir: Path) -> None:
        _on_path(LAMBDA_DIR)
        from hipback.config import Settings
        from hipback.persistence import ProfileService, SqliteStore
        from hipback.skill import build

        self.locale = locale
        settings = Settings(skill_id=SKILL_ID, clinic_name=None, clinic_phone=None)
        profiles = ProfileService(SqliteStore(store_dir / "evaluation.sqlite3"))
        self._handler = build(settings, profiles)
        self._understander = load_understander(locale, SKILL_ID, today=REFERENCE_TIME.date)
        self._users = 0

    def simulator(self) -> Simulator:
        self._users += 1
        identity = Identity(SKILL_ID, f"amzn1.ask.account.EVAL{self._users}",
                            "amzn1.ask.device.EVAL", self.locale)
        envelopes = EnvelopeBuilder(identity, clock=lambda: REFERENCE_TIME)
        return Simulator(self._handler, self._understander, envelopes)


def pending_question(turn: Turn) -> str | None:
    pending = turn.session.get("pending")
    if isinstance(pending, dict) and pending.get("kind") == "question":
        return str(pending.get("ref"))
    return None


def reach(simulator: Simulator, question: str) -> Turn:
    """Open the skill and answer plainly until `question` is asked."""
    say = sayings(simulator.locale)
    turn = simulator.hear(say.open)
    for _ in range(len(QUESTION_ORDER) + 1):
        asked = pending_question(turn)
        if asked == question:
            return turn
        if asked is None:
            break
        turn = simulator.hear(say.reach_duration if asked == "duration" else say.no)
    raise RuntimeError(f"could not reach the question {question!r}")


def held(session: dict[str, Any]) -> Held:
    found = Held()
    answers = session.get("answers")
    if isinstance(answers, dict):
        found.replies = dict(answers.get("replies") or {})
        found.signs = set(answers.get("signs") or [])
        found.unsure_once = set(answers.get("unsure_once") or [])
        found.hours = answers.get("duration_hours")
    assessment = session.get("assessment")
    if isinstance(assessment, dict):
        found.level = assessment.get("level")
        for reason in assessment.get("reasons") or []:
            _reason_into(found, str(reason))
    return found


def _reason_into(found: Held, reason: str) -> None:
    if reason in _YES_REASONS:
        found.replies.setdefault(_YES_REASONS[reason], "yes")
    if reason.startswith("unsure_"):
        found.replies.setdefault(reason.removeprefix("unsure_"), "unsure")
    if reason == "home_care_unsure":
        found.replies.setdefault("home_care", "unsure")
    from hipback.triage import ALL_SIGNS

    if reason in ALL_SIGNS:
        found.signs.add(reason)


def _question_signs(question: str) -> set[str]:
    from hipback.triage import QUESTIONS_BY_ID

    return set(QUESTIONS_BY_ID[question].signs) if question in QUESTIONS_BY_ID else set()


@dataclass(frozen=True)
class _Outcome:
    """What one answer left behind, in the terms the expected tokens use."""

    state: Held
    reply: str | None
    said_sign: bool
    added: set[str]
    moot: bool
    asked_again: bool


def _outcome(case: AnswerCase, before: Turn, after: Turn) -> _Outcome:
    state = held(after.session)
    reply = state.replies.get(case.question)
    said_sign = bool(state.signs & _question_signs(case.question))
    added = state.signs - held(before.session).signs
    # After an emergency sign the rest is moot: the skill asks nothing more, and the finished
    # session no longer holds the answers (a duration said with the sign, for one). A yes is
    # met by it too: no yes could make the outcome more urgent.
    moot = state.level == "emergency" and bool(added)
    if reply is None and state.level is not None and not said_sign and not moot:
        # The answer finished the assessment: the plan only ends once every question that
        # could still raise the tier is settled, and the reasons name every yes and not sure,
        # so this one was a no.
        reply = "no"
    asked_again = reply is None and not added and not after.end_session
    return _Outcome(state, reply, said_sign, added, moot, asked_again)


def _token_met(token: str, question: str, got: _Outcome) -> bool:
    kind, _, value = token.partition(":")
    met = {
        "yes": lambda: got.reply == "yes" or got.said_sign or got.moot,
        "no": lambda: got.reply == "no" or got.moot,
        "unsure": lambda: got.reply == "unsure" or question in got.state.unsure_once,
        "sign": lambda: value in got.state.signs,
        "not": lambda: value not in got.state.signs,
        "days": lambda: _days_ok(got.state.hours, value) or got.moot,
    }
    # "question": nothing recorded, and the question asked again.
    return met.get(kind, lambda: got.asked_again)()


def check(case: AnswerCase, before: Turn, after: Turn) -> AnswerResult:
    got = _outcome(case, before, after)
    failed = [token for token in case.expected if not _token_met(token, case.question, got)]
    never_sign = all(
        value not in got.state.signs for kind, _, value in
        (t.partition(":") for t in case.expected) if kind == "not"
    )
    # A hedge is no "no" and does not end the session without advice; advice may end it ("a
    # little bit of tingling down there" reaches emergency advice, and nothing follows it).
    ended = after.end_session and got.state.level is None
    # The reply the skill recorded, not the "no" inferred from a finished assessment: a hedge
    # that also names a higher sign ("a little, it's disturbing my sleep": night pain) leaves
    # the question unanswered, and the assessment ends above what a yes would give.
    recorded = got.state.replies.get(case.question)
    hedge_safe = not ended and recorded != "no" and after.intent not in HEDGE_FORBIDDEN
    return AnswerResult(case, not failed, failed, after.intent, hedge_safe, never_sign,
                        after.close)


def _days_ok(hours: int | None, value: str) -> bool:
    if hours is None:
        return False
    days, expected = hours / 24, float(value)
    tolerance = 1.0 if expected <= 14 else expected * 0.15
    return abs(days - expected) <= tolerance


def run_answers(bench: Bench, cases: Iterable[AnswerCase]) -> list[AnswerResult]:
    results = []
    for case in cases:
        simulator = bench.simulator()
        before = reach(simulator, case.question)
        after = simulator.hear(case.text)
        results.append(check(case, before, after))
        simulator.leave()
    return results


def run_conversation(
    bench: Bench, case: ConversationCase, set_name: str = "conversations.jsonl"
) -> ConversationResult:
    simulator = bench.simulator()
    say = sayings(simulator.locale)
    turn = simulator.hear(_spoken_opening(case.opening, say))
    turns, extra, ambiguous, asked = 1, 0, 0, Counter[str]()
    offered = False
    while turns < 25:
        question = pending_question(turn)
        if question is None and _offers_to_start(turn) and not offered:
            # "Would you like me to ask a few quick questions?": a person who came to be
            # assessed says yes, once.
            offered = True
            turn = simulator.hear(say.yes)
            turns += 1
            continue
        if question is None:
            break
        asked[question] += 1
        if asked[question] == 1:
            line = case.answers.get(question) or case.plain.get(question) or say.no
        else:
            extra += 1
            line = case.plain.get(question) or say.not_sure
        turn = simulator.hear(line)
        turns += 1
        ambiguous += bool(turn.close)
    simulator.leave()
    return ConversationResult(case, held(turn.session).level, turns, extra, ambiguous, set_name)


def _offers_to_start(turn: Turn) -> bool:
    pending = turn.session.get("pending")
    return isinstance(pending, dict) and pending.get("kind") == "start" and not turn.end_session


def _spoken_opening(opening: str, say: Sayings = SAYINGS["en"]) -> str:
    # A sentence said with no session open is a one-shot, as "Alexa, tell hip and back helper".
    text = opening.strip()
    lowered = text.lower()
    if lowered.startswith(say.launches):
        return text
    return f"{say.one_shot} {text}"


# -- the report -------------------------------------------------------------------------------


@dataclass
class Report:
    locale: str
    answers: list[AnswerResult]
    conversations: list[ConversationResult]

    def by_category(self, part: str = "all") -> dict[str, tuple[int, int]]:
        counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for result in self._part(self.answers, part):
            counts[result.case.category][0] += result.ok
            counts[result.case.category][1] += 1
        return {name: (ok, total) for name, (ok, total) in sorted(counts.items())}

    def in_context(self, part: str = "all") -> tuple[int, int]:
        chosen = [r for r in self._part(self.answers, part) if r.case.category != "negation"]
        return sum(r.ok for r in chosen), len(chosen)

    def negations_never_sign(self) -> tuple[int, int]:
        chosen = [r for r in self.answers if r.case.category == "negation"]
        return sum(r.never_sign for r in chosen), len(chosen)

    def hedges_safe(self) -> tuple[int, int]:
        chosen = [r for r in self.answers if r.case.category.startswith("hedge")]
        return sum(r.hedge_safe for r in chosen), len(chosen)

    def conversations_at_least(self) -> tuple[int, int]:
        return sum(r.at_least for r in self.conversations), len(self.conversations)

    def conversations_exact(self) -> tuple[int, int]:
        return sum(r.exact for r in self.conversations), len(self.conversations)

    @staticmethod
    def _part(results: list[AnswerResult], part: str) -> Iterator[AnswerResult]:
        for result in results:
            if part == "all" or (part == "dev") == result.case.dev:
                yield result

    def lines(self, *, misses: str = "dev") -> list[str]:
        out = [f"== {self.locale}: answers in context (first time) =="]
        for name, (ok, total) in self.by_category().items():
            out.append(f"  {name:16} {ok:4}/{total:<4} {100 * ok / total:5.1f}%")
        for part in ("all", "dev", "test"):
            ok, total = self.in_context(part)
            out.append(f"  in context, {part:4}  {ok}/{total} = {100 * ok / max(total, 1):.1f}%")
        for label, (ok, total) in (
            ("negations never a sign", self.negations_never_sign()),
            ("hedges never no/stop/setting/info", self.hedges_safe()),
            ("conversations at least the tier", self.conversations_at_least()),
            ("conversations exactly the tier", self.conversations_exact()),
        ):
            out.append(f"  {label:36} {ok}/{total} = {100 * ok / max(total, 1):.1f}%")
        extra = sum(r.extra_turns for r in self.conversations)
        out.append(f"  extra turns over all conversations: {extra}")
        out += self.intent_lines()
        if misses != "none":
            out += self.miss_lines(misses)
        return out

    def intent_lines(self) -> list[str]:
        """Which intent the resolver took, against the intents each line should reach; and
        the lines where another intent scored about as well, per set."""
        out = [f"-- {self.locale}: intents reached, per expected group "
               "(simulator/expected_intents.py); what took the rest --"]
        out += intent_lines((r.case.group, r.intent) for r in self.answers)
        out.append("-- lines understood, per intent taken --")
        out += taken_lines((r.intent, r.ok) for r in self.answers)
        out.append("-- ambiguous (another intent within the margin), per set --")
        for name, (ambiguous, total) in self.ambiguous_by_set().items():
            out.append(f"  {name:30} {ambiguous:4}/{total}")
        return out

    def ambiguous_by_set(self) -> dict[str, tuple[int, int]]:
        counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for result in self.answers:
            counts[result.case.set_name][0] += bool(result.close)
            counts[result.case.set_name][1] += 1
        for conversation in self.conversations:
            counts[f"{conversation.set_name} (turns)"][0] += conversation.ambiguous_turns
            counts[f"{conversation.set_name} (turns)"][1] += conversation.turns
        return {name: (ambiguous, total) for name, (ambiguous, total) in counts.items()}

    def miss_lines(self, misses: str) -> list[str]:
        """The misses and ambiguous lines of the half that may be read ("dev"), or of both."""
        out = [f"-- misses ({misses} half) --"]
        for result in self._part(self.answers, misses):
            if not result.ok:
                out.append(f"  {result.case.source} [{result.case.question}] "
                           f"{result.case.text!r} -> {result.intent}, missed {result.failed}")
        for conversation in self.conversations:
            if not conversation.exact and (misses == "all" or conversation.case.dev ==
                                           (misses == "dev")):
                out.append(f"  {conversation.case.id}: {conversation.level} "
                           f"(wanted {conversation.case.tier})")
        out.append(f"-- ambiguous lines ({misses} half) --")
        for result in self._part(self.answers, misses):
            if result.close:
                out.append(f"  {result.case.source} {result.case.text!r}: {result.intent}, "
                           f"close: {', '.join(result.close)}")
        return out


def evaluate_file(locale: str, path: Path) -> list[AnswerResult]:
    """One answers file (held-out or development) through the skill."""
    with tempfile.TemporaryDirectory() as scratch:
        return run_answers(Bench(locale, Path(scratch)), load_answers(path))


def default_sets(locale: str) -> list[Path]:
    """The locale's held-out sets that exist: a new locale may have only its answers."""
    folder = HELDOUT_DIR / locale
    names = ("answers.tsv", "negations.tsv", "conversations.jsonl")
    return [folder / name for name in names if (folder / name).is_file()]


def evaluate(
    locale: str, store_dir: Path | None = None, sets: Iterable[Path] | None = None
) -> Report:
    """Say the sets (default: the locale's held-out sets) to the skill. A `.jsonl` set holds
    conversations; any other holds answers."""
    chosen = list(sets) if sets is not None else default_sets(locale)
    with tempfile.TemporaryDirectory() as scratch:
        bench = Bench(locale, store_dir or Path(scratch))
        answers = run_answers(bench, [
            case for path in chosen if path.suffix != ".jsonl" for case in load_answers(path)
        ])
        conversations = [
            run_conversation(bench, case, path.name)
            for path in chosen if path.suffix == ".jsonl"
            for case in load_conversations(path)
        ]
    return Report(locale, answers, conversations)


class Thresholds(NamedTuple):
    """The least each locale must reach (fractions). The targets are in-context 0.92, exact
    conversations 0.95 and every safety measure 1.0 (the README's table); these are the floors
    the skill holds today, raised as it improves and never lowered."""

    in_context: float
    negations_never_sign: float
    hedges_safe: float
    conversations_at_least: float
    conversations_exact: float


THRESHOLDS = {
    "en-US": Thresholds(0.95, 1.0, 1.0, 1.0, 1.0),
    "en-GB": Thresholds(0.95, 1.0, 1.0, 1.0, 0.96),
    # First measured on 2026-12-01, their blind held-out sets (TARGETS below is where they must
    # get to; tests/test_understanding_heldout.py's NOT_YET says how far each still is).
    "en-CA": Thresholds(0.96, 0.96, 1.0, 1.0, 1.0),
    "en-AU": Thresholds(0.94, 1.0, 1.0, 1.0, 1.0),
    "en-IN": Thresholds(0.93, 1.0, 1.0, 1.0, 1.0),
    "es-US": Thresholds(0.95, 1.0, 1.0, 1.0, 1.0),
    "es-MX": Thresholds(0.94, 0.98, 1.0, 1.0, 1.0),
    "es-ES": Thresholds(0.97, 0.98, 1.0, 1.0, 1.0),
}
# A locale with no floors of its own yet (its held-out sets are new): 90% understood in
# context, and the safety and conversation floors of the locales already measured, at their
# weakest. Give it its own row once it has been measured.
NEW_LOCALE = Thresholds(0.90, 0.99, 1.0, 0.96, 0.91)


def thresholds(locale: str) -> Thresholds:
    """The floors `locale` is held to."""
    return THRESHOLDS.get(locale, NEW_LOCALE)


# What each locale must reach in the end: every safety measure and every conversation at least
# its tier always; en-US and en-GB 92% understood in context and 95% of conversations exactly
# their tier; a newer locale 90% and 90%.
TARGETS = {
    "en-US": Thresholds(0.92, 1.0, 1.0, 1.0, 0.95),
    "en-GB": Thresholds(0.92, 1.0, 1.0, 1.0, 0.95),
}
NEW_LOCALE_TARGET = Thresholds(0.90, 1.0, 1.0, 1.0, 0.90)


def targets(locale: str) -> Thresholds:
    """What `locale` must reach for its understanding to be done."""
    return TARGETS.get(locale, NEW_LOCALE_TARGET)


def shortfalls(report: Report, floor: Thresholds, part: str = "all") -> list[str]:
    """The measures below `floor`; `part` of the answers in context ("all", or "test": the
    half never read while improving the skill, for the targets)."""
    measured = {
        "in_context": report.in_context(part),
        "negations_never_sign": report.negations_never_sign(),
        "hedges_safe": report.hedges_safe(),
        "conversations_at_least": report.conversations_at_least(),
        "conversations_exact": report.conversations_exact(),
    }
    problems = []
    for name, (ok, total) in measured.items():
        least = getattr(floor, name)
        if total and ok / total < least:
            problems.append(f"{report.locale} {name}: {ok}/{total} below {least:.0%}")
    return problems
