"""`python -m interaction_model evaluate`: sets chosen by path, accuracy per intent group, the
confusion of intents, ambiguity per set, misses of the readable half only, and the exit code.

The sets here are written for these tests (tests/fixtures/evaluation/); the held-out sets are
measured by tests/test_understanding_heldout.py.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from interaction_model.builder import model_path
from interaction_model.cli import evaluation_plan, main
from interaction_model.locales import heldout_locales, locales
from simulator.evaluation import THRESHOLDS, default_sets, load_answers, thresholds
from simulator.expected_intents import EXPECTED_INTENTS, expected_group

FIXTURES = Path(__file__).parent / "fixtures" / "evaluation"
GOOD = FIXTURES / "en-US-good.tsv"
MISSES = FIXTURES / "en-US-misses.tsv"
CONVERSATIONS = FIXTURES / "conversations-en-US.jsonl"


@pytest.mark.parametrize("locale", locales())
def test_every_expected_intent_is_in_the_model(locale: str) -> None:
    model = json.loads(model_path(locale).read_text())["interactionModel"]["languageModel"]
    names = {intent["name"] for intent in model["intents"]}
    for group, intents in EXPECTED_INTENTS.items():
        assert set(intents) <= names, group


@pytest.mark.parametrize(
    ("category", "expected", "group"),
    [
        ("affirm", ("yes",), "yes"),
        ("deny", ("no",), "no"),
        ("hedge_partial", ("yes",), "hedge"),
        ("hedge_unknown", ("unsure",), "hedge"),
        ("sign", ("no", "sign:leg_weakness"), "sign"),
        ("duration", ("days:3",), "duration"),
        ("duration_date", ("days:4",), "duration"),
        ("topic_question", ("question", "not:fever"), "question"),
        ("negation", ("no", "not:fever"), "no"),
        ("negation", ("days:14", "not:hip_swelling"), "duration"),
        ("negation", ("yes", "not:fever"), "yes"),
        ("home_care", ("yes",), "yes"),
        ("home_care", ("no",), "no"),
    ],
)
def test_a_line_expects_the_group_its_meaning_reaches(
    category: str, expected: tuple[str, ...], group: str
) -> None:
    assert expected_group(category, expected) == group


def test_the_fixture_has_a_miss_in_each_half() -> None:
    halves = {case.text: case.dev for case in load_answers(MISSES)}
    assert halves["flibber jabber wocky"] is True
    assert halves["purple monkey dishwasher today"] is False


def test_evaluate_reports_intents_and_lists_only_the_dev_half_misses(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["evaluate", str(MISSES), str(CONVERSATIONS)]) == 1
    out = capsys.readouterr().out
    assert "intents reached, per expected group" in out
    assert "yes          1/3" in out and "took 2:" in out and "AMAZON.FallbackIntent 1" in out
    assert "lines understood, per intent taken" in out
    assert "en-US-misses.tsv" in out and "conversations-en-US.jsonl (turns)" in out
    assert "'flibber jabber wocky' -> AMAZON.FallbackIntent" in out
    assert "purple monkey" not in out
    assert "BELOW THRESHOLD: en-US in_context: 4/6" in out


def test_all_misses_on_request(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["evaluate", "--misses", "all", "--locale", "en-US", str(MISSES)]) == 1
    assert "purple monkey dishwasher today" in capsys.readouterr().out


def test_a_set_at_the_thresholds_passes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["evaluate", "--misses", "none", str(GOOD)]) == 0
    assert "misses" not in capsys.readouterr().out


def test_sets_take_the_locale_their_path_names_or_the_one_given() -> None:
    assert evaluation_plan(None, []) == dict.fromkeys(heldout_locales())
    assert {"en-US", "en-GB"} <= set(heldout_locales())
    assert evaluation_plan(None, [Path("tests/heldout/en-AU/answers.tsv")]) == {
        "en-AU": [Path("tests/heldout/en-AU/answers.tsv")]
    }
    assert evaluation_plan(["en-GB"], []) == {"en-GB": None}
    assert evaluation_plan(None, [GOOD, CONVERSATIONS]) == {"en-US": [GOOD, CONVERSATIONS]}
    assert evaluation_plan(["en-GB"], [GOOD]) == {"en-GB": [GOOD]}
    with pytest.raises(ValueError, match="cannot tell its locale"):
        evaluation_plan(None, [Path("answers.tsv")])
    with pytest.raises(ValueError, match="one --locale"):
        evaluation_plan(["en-US", "en-GB"], [GOOD])


def test_a_set_without_a_locale_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["evaluate", "answers.tsv"]) == 2
    assert "--locale" in capsys.readouterr().out


def test_a_new_locales_answers_are_all_it_takes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder with only answers.tsv makes a locale evaluated, against the new locales' bar."""
    import interaction_model.locales
    import simulator.evaluation

    (tmp_path / "en-AU").mkdir()
    (tmp_path / "en-AU" / "answers.tsv").write_text(GOOD.read_text(encoding="utf-8"), "utf-8")
    (tmp_path / "fr-FR").mkdir()  # no model for it: never evaluated
    (tmp_path / "fr-FR" / "answers.tsv").write_text("", "utf-8")
    monkeypatch.setattr(interaction_model.locales, "HELDOUT_DIR", tmp_path)
    monkeypatch.setattr(simulator.evaluation, "HELDOUT_DIR", tmp_path)
    # en-AU as it was before it was measured: no floors of its own.
    monkeypatch.delitem(simulator.evaluation.THRESHOLDS, "en-AU")
    assert heldout_locales() == ("en-AU",)
    assert default_sets("en-AU") == [tmp_path / "en-AU" / "answers.tsv"]
    assert thresholds("en-AU").in_context == 0.90
    assert thresholds("en-US") == THRESHOLDS["en-US"]
