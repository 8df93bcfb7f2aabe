"""`python -m simulator`: talk to the skill from the keyboard, a script or a replay file."""

from __future__ import annotations

import argparse
import contextlib
import json
import subprocess
import sys
import traceback
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, TextIO

from hipback.content.render import ssml_to_text
from simulator.alexa_api import SCOPES, AlexaApiServer
from simulator.conversation import Observer, Simulator, SkillHandler, Turn
from simulator.envelopes import (
    DEVICES,
    ECHO_SHOW,
    VOICE_ONLY,
    EnvelopeBuilder,
    Identity,
    device_id_for,
    skill_id_from_environment,
    user_id_for,
)
from simulator.replay import ReplayError, load_replay
from simulator.screen import screen_of
from simulator.understanding import Understander
from simulator.utterances import Quit, parse
from simulator.voice import INSTALL_HINT, Speaker

DEFAULT_LOCALE = "en-US"
PROMPT = "you> "
BANNER = """Hip & Back Helper, local simulator ({locale}). You are talking to Alexa.
  "open hip and back helper"          start the skill
  "ask hip and back helper what ..."  a one-shot question
  (empty line)                        say nothing; Alexa reprompts, then gives up
  "quit"                              leave (Ctrl-D too)
"""
SCREEN_BANNER = """  "tap yes"                           touch the button labelled Yes on the screen
"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m simulator",
        description="Alexa on your desk: type what you would say to Hip & Back Helper.",
    )
    parser.add_argument("--locale", help=f"the device's locale (default {DEFAULT_LOCALE}, "
                        "or the replay file's)")
    parser.add_argument("--user", help="who is speaking: any name, or an amzn1.ask.account id "
                        "(default: one person per store)")
    parser.add_argument("--store", help="the skill's SQLite store file (default: "
                        "HIPBACK_STORE_PATH, else .local/hipback.sqlite3)")
    parser.add_argument("--voice", action="store_true", help="also speak with espeak-ng")
    parser.add_argument("--json", action="store_true",
                        help="one utterance per input line, one JSON object per response line")
    parser.add_argument("--replay", type=Path, metavar="FILE",
                        help="play an ASK CLI dialog replay file")
    parser.add_argument("--show-intents", action="store_true",
                        help="show what the voice model understood (intent and slots)")
    parser.add_argument("--trace", action="store_true",
                        help="print every request and response envelope to stderr")
    parser.add_argument("--device", choices=DEVICES, default=VOICE_ONLY,
                        help="the device: a voice-only Echo (default) or an Echo Show, whose "
                        "screen the skill can use; on a screen, \"tap <label>\" touches a button")
    parser.add_argument("--grant", type=_grants, default=(), metavar="LIST",
                        help="permissions the user has already granted: timers,reminders "
                        "(default none: the skill asks, and Alexa asks you)")
    parser.add_argument("--api-errors", action="store_true",
                        help="Alexa's APIs answer every call with an error (a device without "
                        "timers, an outage)")
    return parser


def _grants(text: str) -> tuple[str, ...]:
    names = tuple(name.strip() for name in text.split(",") if name.strip())
    unknown = sorted(set(names) - set(SCOPES))
    if unknown:
        raise argparse.ArgumentTypeError(f"unknown permission(s): {', '.join(unknown)}")
    return names


# Output.


_END_REASONS = {"EXCEEDED_MAX_REPROMPTS": " (no answer)", "USER_INITIATED": " (you left)"}


def _understood(turn: Turn) -> str:
    slots = "".join(f" {name}={value}" for name, value in turn.slots.items())
    close = f" [close: {', '.join(turn.close)}]" if turn.close else ""
    return f"  ({turn.intent}{slots}{close})" if turn.intent else f"  ({turn.request})"


def _text_lines(turn: Turn, show_intents: bool = False) -> list[str]:
    lines: list[str] = []
    if show_intents and turn.request is not None:
        lines.append(_understood(turn))
    if turn.request is None and turn.speech:
        lines.append(f"alexa (reprompt)> {turn.speech}")
    elif turn.speech:
        lines.append(f"alexa> {turn.speech}")
    if turn.card is not None:
        lines.append(f"  [card] {turn.card.title}")
        lines.extend(f"  | {line}" for line in turn.card.text.splitlines() or [""])
    if turn.screen is not None and screen_of(turn.directives) is not None:
        lines.extend(turn.screen.text_lines())
    lines.extend(f"  [{shown}]" for call in turn.api_calls if (shown := call.shown()))
    lines.extend(f"  ! {problem}" for problem in turn.problems)
    if turn.error is not None:
        lines.append("  ! the skill raised an exception (traceback on stderr)")
    if turn.request is not None and turn.end_session:
        reason = _END_REASONS.get(turn.ended_because or "", "")
        lines.append(f"--- session ended{reason} ---")
    return lines


class Output:
    def __init__(
        self, out: TextIO, err: TextIO, as_json: bool, speaker: Speaker | None,
        show_intents: bool = False,
    ) -> None:
        self._out, self._err, self._json, self._speaker = out, err, as_json, speaker
        self._show_intents = show_intents
        self.failed = False

    def heard(self, line: str) -> None:
        if not self._json:
            print(f"{PROMPT}{line}", file=self._out)

    def show(self, turn: Turn) -> None:
        if turn.error is not None:
            self.failed = True
            print(turn.error, file=self._err, end="")
        if self._json:
            print(json.dumps(turn.to_json(), ensure_ascii=False), file=self._out)
        else:
            for line in _text_lines(turn, self._show_intents):
                print(line, file=self._out)
        self._out.flush()
        if self._speaker is not None:
            self._speaker.speak(ssml_to_text(turn.ssml, heard=True) if turn.ssml
                                else turn.speech)

    def left(self, turn: Turn) -> None:
        """The input ended in a session: no line to answer in --json, but a mark on screen."""
        if not self._json or turn.error is not None or turn.problems:
            self.show(turn)


# Input.


def _typed_lines(stdin: TextIO, out: TextIO) -> Iterator[str]:
    """Lines from a person at a terminal (with a prompt and line editing)."""
    with contextlib.suppress(ImportError):  # no readline on Windows
        import readline  # noqa: F401  (imported for its side effect: history and editing)
    while True:
        if stdin is sys.stdin:
            try:
                yield input(PROMPT)
            except EOFError:
                print(file=out)
                return
        else:  # a terminal other than our own stdin (tests); no line editing there
            print(PROMPT, end="", file=out, flush=True)
            line = stdin.readline()
            if not line:
                print(file=out)
                return
            yield line


def converse(simulator: Simulator, lines: Iterable[str], output: Output, echo: bool) -> None:
    """Feed lines to Alexa until the input ends or the user quits."""
    for raw in lines:
        line = raw.rstrip("\r\n")
        if echo:
            output.heard(line)
        output.show(simulator.hear(line))  # --json: one line out for every line in
        if isinstance(parse(line), Quit):
            return
    if simulator.in_session:
        output.left(simulator.leave())


def _tracer(err: TextIO) -> Observer:
    def trace(request: dict[str, Any], response: dict[str, Any] | None) -> None:
        print("request:  " + json.dumps(request, ensure_ascii=False), file=err)
        print("response: " + json.dumps(response, ensure_ascii=False), file=err)

    return trace


def _stdout_to_stderr(handler: SkillHandler) -> SkillHandler:
    """Keep stray prints in the skill out of the simulator's own output (--json stays JSON)."""

    def call(event: dict[str, Any], context: Any) -> dict[str, Any]:
        with contextlib.redirect_stdout(sys.stderr):
            return handler(event, context)

    return call


def build_simulator(
    locale: str,
    user: str | None,
    store: str | None,
    handler: SkillHandler | None = None,
    understander: Understander | None = None,
    observer: Observer | None = None,
    device: str = VOICE_ONLY,
    api: AlexaApiServer | None = None,
) -> Simulator:
    """A simulator wired to the real skill and resolver unless others are given (tests);
    `api` serves Alexa's APIs to the skill (a started server)."""
    from simulator import skill  # kept local: importing it must not import the skill yet

    store_path = skill.choose_store(store)
    key = user or str(store_path)
    identity = Identity(
        skill_id=skill_id_from_environment(),
        user_id=user_id_for(key),
        device_id=device_id_for(key),
        locale=locale,
        device=device,
    )
    return Simulator(
        handler=_stdout_to_stderr(handler or skill.load_handler(store_path)),
        understander=understander or skill.load_understander(locale, identity.skill_id),
        envelopes=EnvelopeBuilder(identity, api=api),
        observer=observer,
    )


def main(
    argv: list[str] | None = None,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
    handler: SkillHandler | None = None,
    understander: Understander | None = None,
) -> int:
    args = build_parser().parse_args(argv)
    stdin, stdout, stderr = stdin or sys.stdin, stdout or sys.stdout, stderr or sys.stderr
    replay = None
    if args.replay is not None:
        try:
            replay = load_replay(args.replay)
        except ReplayError as error:
            print(error, file=stderr)
            return 2
    locale = args.locale or (replay.locale if replay else None) or DEFAULT_LOCALE

    speaker = None
    if args.voice:
        speaker = Speaker(locale)
        if not speaker.available:
            print(INSTALL_HINT, file=stderr)
            speaker = None
    output = Output(stdout, stderr, args.json, speaker, args.show_intents)
    api: AlexaApiServer | None = AlexaApiServer()
    try:
        assert api is not None
        api.start()
        api.services.grant(*args.grant)
        api.services.failing = args.api_errors
    except (RuntimeError, OSError, subprocess.SubprocessError) as error:
        # The skill still runs: its calls to Alexa's APIs fail, as on a device without them.
        print(f"Alexa's APIs are not served ({error}); timers and reminders will fail.",
              file=stderr)
        if api is not None:
            api.close()
        api = None
    try:
        return _run(args, locale, replay, output, (stdin, stdout, stderr), handler, understander,
                    api)
    finally:
        if api is not None:
            api.close()


def _run(
    args: argparse.Namespace,
    locale: str,
    replay: Any,
    output: Output,
    streams: tuple[TextIO, TextIO, TextIO],
    handler: SkillHandler | None,
    understander: Understander | None,
    api: AlexaApiServer | None,
) -> int:
    stdin, stdout, stderr = streams
    try:
        simulator = build_simulator(locale, args.user, args.store, handler, understander,
                                    _tracer(stderr) if args.trace else None, args.device, api)
    except Exception:  # the skill or the voice model failed to load: say so plainly
        traceback.print_exc(file=stderr)
        print(f"\nThe simulator could not load the skill or the voice model for {locale} "
              "(see above). Run it from the repository root inside .venv: make simulator",
              file=stderr)
        return 2

    lines: Iterable[str]
    if replay is not None:
        lines, echo = replay.user_input, True
    elif args.json:
        lines, echo = stdin, False
    elif stdin.isatty():
        print(BANNER.format(locale=locale), file=stdout)
        if args.device == ECHO_SHOW:
            print(SCREEN_BANNER, file=stdout)
        lines, echo = _typed_lines(stdin, stdout), False
    else:
        lines, echo = stdin, True

    converse(simulator, lines, output, echo)
    return 1 if output.failed else 0

