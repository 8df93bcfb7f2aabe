"""Commands: build the model JSON, check it is up to date, lint it, time the resolver, and
measure how well the skill understands the blind held-out sets."""

from __future__ import annotations

import argparse
import statistics
import time

from interaction_model.builder import stale_models, write_all


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m interaction_model")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("build", help="write skill-package/interactionModels/custom/*.json")
    commands.add_parser("check", help="fail when the committed JSON differs from a fresh build")
    lint = commands.add_parser("lint", help="check the models against Alexa's rules")
    lint.add_argument("paths", nargs="*", help="model JSON files (default: source and built)")
    bench = commands.add_parser("bench", help="median time to resolve one utterance")
    bench.add_argument("--locale", default="en-US")
    evaluate = commands.add_parser(
        "evaluate", help="say the held-out sets to the skill; accuracy per category and misses"
    )
    evaluate.add_argument("--locale", action="append", help="en-US, en-GB (default: both)")
    evaluate.add_argument(
        "--misses", choices=("dev", "all", "none"), default="dev",
        help="which half's misses to list (the test half is only counted)",
    )
    args = parser.parse_args(argv)
    if args.command == "evaluate":
        return _evaluate(args.locale or ["en-US", "en-GB"], args.misses)

    if args.command == "build":
        for path in write_all():
            print(f"wrote {path}")
        return 0
    if args.command == "check":
        stale = stale_models()
        for locale in stale:
            print(f"{locale}: committed model differs from the source; run `make model`")
        return 1 if stale else 0
    if args.command == "lint":
        from interaction_model.lint import lint_command

        return lint_command(args.paths)
    return _bench(args.locale)


def _evaluate(locales: list[str], misses: str) -> int:
    from simulator.evaluation import THRESHOLDS, evaluate, shortfalls

    failed = False
    for locale in locales:
        report = evaluate(locale)
        print("\n".join(report.lines(misses=misses)))
        for problem in shortfalls(report, THRESHOLDS[locale]):
            print(f"  BELOW THRESHOLD: {problem}")
            failed = True
    return 1 if failed else 0


def _bench(locale: str) -> int:
    from interaction_model.resolver import Resolver

    resolver = Resolver(locale)
    utterances = [
        "um I think I've had back pain for about two weeks",
        "yes I can't feel my bum",
        "what causes hip pain",
        "tell me about sciatca please",
        "shoud I use het or ice",
        "purple monkey dishwasher",
        "a couple of weeks and I have a temperature",
        "no",
    ]
    timings = []
    for _ in range(50):
        for text in utterances:
            started = time.perf_counter()
            resolver.resolve(text)
            timings.append(time.perf_counter() - started)
    median_ms = statistics.median(timings) * 1000
    print(
        f"{len(timings)} resolutions, median {median_ms:.2f} ms, max {max(timings) * 1000:.2f} ms"
    )
    return 0
