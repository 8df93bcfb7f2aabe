"""The benchmark's own logic, without its timings: its conversations still reach the tiers they
are named for through the simulator's client, each turn timed, and its budgets judge ratios and
absolute limits as their rows say."""

from __future__ import annotations

import pytest

from scripts import bench, bench_resolver


@pytest.mark.parametrize("script", bench.SCRIPTS, ids=lambda script: script.name)
def test_each_warm_conversation_reaches_its_tier_and_times_every_turn(
    script: bench.Script,
) -> None:
    client = bench.our_skill(bench.MemoryStore())
    bench.converse(client, script)
    levels = [reply.level for reply in client.replies]
    assert script.name in levels
    assert client.session is None  # the conversation ended, as every block's must
    assert all(reply.seconds > 0 for reply in client.replies)


def test_a_conversation_that_goes_astray_stops_the_benchmark() -> None:
    client = bench.our_skill(bench.MemoryStore())
    wrong = bench.Script("urgent", "P2D", yes_at="leg_function")  # leads to emergency
    with pytest.raises(bench.BenchError, match="reached 'emergency'"):
        bench.converse(client, wrong)


def test_a_ratio_budget_is_missed_only_above_its_limit() -> None:
    budget = ("Cold one-shot info", "ours_info_dynamodb", "hello", "ms", 1.3)
    met = bench.budget_row(budget, {"ours_info_dynamodb ms": 129.0, "hello ms": 100.0})
    missed = bench.budget_row(budget, {"ours_info_dynamodb ms": 131.0, "hello ms": 100.0})
    assert met == (
        "Cold one-shot info", "129.0 ms", "100.0 ms (hello world)", "1.29x", "<= 1.3x", True
    )  # fmt: skip
    assert missed[3:] == ("1.31x", "<= 1.3x", False)


def test_an_absolute_budget_ignores_the_baselines_ratio() -> None:
    budget = ("Warm turn p99", "ours", "hello", "p99", bench.Under(2.0))
    fast = bench.budget_row(budget, {"ours p99": 1.5, "hello p99": 0.5})
    slow = bench.budget_row(budget, {"ours p99": 2.5, "hello p99": 2.4})
    assert fast[3:] == ("3.00x", "< 2 ms", True)
    assert slow[3:] == ("1.04x", "< 2 ms", False)


def test_writing_the_docs_keeps_the_method_and_replaces_the_last_tables() -> None:
    method = "# Benchmark\n\nHow it is measured.\n"
    first = bench.docs_page(method, "Measured today.\n\n| a |\n")
    assert first == "# Benchmark\n\nHow it is measured.\n\nMeasured today.\n\n| a |\n"
    assert bench.docs_page(first, "Measured tomorrow.\n") == (
        "# Benchmark\n\nHow it is measured.\n\nMeasured tomorrow.\n"
    )


def test_the_resolver_is_timed_on_every_held_out_answer_and_negation() -> None:
    # The lines are the held-out sets' texts, one per row, comments and headers left out.
    said = bench_resolver.lines("en-GB")
    folder = bench_resolver.HELDOUT / "en-GB"
    rows = sum(
        1 for name in bench_resolver.SETS
        for line in (folder / name).read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    )
    assert len(said) == rows and all(text.strip() for text in said)

