"""Trust: each information answer says on its card where it comes from and when it was last
reviewed, and a review older than twelve months fails here."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from hipback.content import SUPPORTED_LOCALES, for_locale
from hipback.content.loader import stale_reviews
from hipback.handlers.info import TOPIC_INTENTS
from hipback.triage import CONDITIONS
from simulator.client import Match, SkillClient
from tests.content_languages import language_of

ENTRIES = [*(f"topics.{topic}" for topic in TOPIC_INTENTS.values()),
           *(f"conditions.{condition}" for condition in CONDITIONS)]


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_every_answer_has_a_review_date_and_named_sources(locale: str) -> None:
    content = for_locale(locale)
    assert sorted(content.reviewed) == sorted(ENTRIES)
    for entry in ENTRIES:
        line = content.source_line(entry)
        assert language_of(content).sources_line.fullmatch(line), line


def test_no_review_is_older_than_twelve_months() -> None:
    for locale in SUPPORTED_LOCALES:
        assert stale_reviews(for_locale(locale).reviewed, date.today()) == []


def test_a_review_goes_stale_after_twelve_months() -> None:
    reviewed = {"topics.sleep": "2026-11-30", "topics.imaging": "2025-06-01"}
    assert stale_reviews(reviewed, date(2026, 12, 1)) == ["topics.imaging"]
    assert stale_reviews(reviewed, date(2027, 12, 1)) == ["topics.imaging", "topics.sleep"]
    assert stale_reviews(reviewed, date(2026, 11, 30) + timedelta(days=365)) == [
        "topics.imaging"]


def test_each_locale_names_only_the_guidance_its_users_know() -> None:
    gb, us = for_locale("en-GB"), for_locale("en-US")
    assert gb.source_line("topics.when_to_worry").startswith(
        "Based on guidance from a spine clinic's patient guide, the NHS and NICE.")
    for entry in ENTRIES:
        assert "NICE" not in us.source_line(entry)
        assert "American" not in gb.source_line(entry)


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_the_card_of_every_answer_ends_with_its_sources(tmp_path: Path, locale: str) -> None:
    content = for_locale(locale)
    client = SkillClient(tmp_path / "store.sqlite3", locale=locale)
    for intent, topic in TOPIC_INTENTS.items():
        client.session = None
        reply = client.say(intent)
        assert reply.card is not None, topic
        assert reply.card[1].endswith(content.source_line(f"topics.{topic}")), topic
    for condition in CONDITIONS:
        client.session = None
        reply = client.say("ConditionInfoIntent", condition=Match(condition))
        assert reply.card is not None, condition
        assert reply.card[1].endswith(content.source_line(f"conditions.{condition}")), condition
