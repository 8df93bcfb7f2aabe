"""Commands: build the model JSON, check it is up to date, lint it, time the resolver,
measure how well the skill understands the blind held-out sets, and export those sets for
Alexa's NLU Evaluation Tool."""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from interaction_model.builder import stale_models, write_all
from interaction_model.locales import heldout_locales, locale_named


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
    evaluate.add_argument(
        "--locale", action="append", help="a locale (default: every locale with held-out sets)"
    )
    evaluate.add_argument(
        "--misses", choices=("dev", "all", "none"), default="dev",
        help="which half's misses to list (the test half is only counted)",
    )
    evaluate.add_argument(
        "sets", nargs="*", type=Path,
        help="answer (.tsv) or conversation (.jsonl) files (default: the held-out sets); "
        "the locale is --locale or the one the path names",
    )
    export = commands.add_parser(
        "export-annotations", help="write the held-out sets as NLU Evaluation annotation sets"
    )
    export.add_argument(
        "--locale", action="append", help="a locale (default: every locale with held-out sets)"
    )
    export.add_argument("--out", type=Path, default=Path("build") / "annotations")
    args = parser.parse_args(argv)
    if args.command == "evaluate":
        return _evaluate(args.locale, args.misses, args.sets)
    if args.command == "export-annotations":
        return _export(args.locale or list(heldout_locales()), args.out)

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


def _evaluate(locales: list[str] | None, misses: str, sets: list[Path]) -> int:
    from simulator.evaluation import evaluate, shortfalls, thresholds

    try:
        plan = evaluation_plan(locales, sets)
    except ValueError as unclear:
        print(unclear)
        return 2
    failed = False
    for locale, chosen in plan.items():
        report = evaluate(locale, sets=chosen)
        print("\n".join(report.lines(misses=misses)))
        for problem in shortfalls(report, thresholds(locale)):
            print(f"  BELOW THRESHOLD: {problem}")
            failed = True
    return 1 if failed else 0


def evaluation_plan(
    locales: list[str] | None, sets: list[Path]
) -> dict[str, list[Path] | None]:
    """Which sets to say in which locale: every held-out set (None) of the locales asked for,
    or each given file in --locale's locale or, without one, in the locale its path names."""
    if not sets:
        return dict.fromkeys(locales or heldout_locales())
    if locales and len(locales) > 1:
        raise ValueError("give one --locale with set files")
    plan: dict[str, list[Path] | None] = {}
    for path in sets:
        locale = locales[0] if locales else _locale_named(path)
        chosen = plan.setdefault(locale, [])
        assert chosen is not None
        chosen.append(path)
    return plan


def _locale_named(path: Path) -> str:
    named = locale_named(str(path))
    if named is None:
        raise ValueError(f"{path}: cannot tell its locale; give --locale")
    return named


def _export(locales: list[str], out: Path) -> int:
    from interaction_model.annotations import write_annotation_sets

    for path in write_annotation_sets(locales, out):
        print(f"wrote {path}")
    return 0


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
