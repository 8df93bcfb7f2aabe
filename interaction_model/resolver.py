"""Offline natural language understanding against the built model: text to intent and slots.

It reads the JSON that Alexa receives, so it tests what Alexa gets. Each sample becomes a
template with its slots replaced by type markers; an utterance is tidied (fillers, contractions,
typos), its slot values found and replaced the same way, and the nearest template decides the
intent (rapidfuzz similarity). Entity resolution follows Alexa's report format.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process

from interaction_model.builder import MODELS_DIR, model_path
from interaction_model.builtin_phrases import BUILTIN_PHRASES
from interaction_model.durations import find_durations
from interaction_model.normalize import Token, strip_fillers, tokenize

FALLBACK = "AMAZON.FallbackIntent"
DURATION_TYPE = "AMAZON.DURATION"
NUMBER_TYPE = "AMAZON.NUMBER"
MATCH = "ER_SUCCESS_MATCH"
NO_MATCH = "ER_SUCCESS_NO_MATCH"
PLACEHOLDER_SKILL_ID = "amzn1.ask.skill.00000000-0000-0000-0000-000000000000"

# Below this similarity (0-100) nothing fits and Alexa would send FallbackIntent.
MIN_SCORE = 72.0
_SLOT_REF = re.compile(r"\{(\w+)\}")
_HELP_WORDS = frozenset({"help", "helps"})
# A sample's carrier words said exactly, around words that are no known value, score this.
CAPTURE_SCORE = 85.0
MAX_UNKNOWN_WORDS = 3
_NOT_A_VALUE = frozenset({"it", "this", "that", "them", "me", "you", "so", "there", "a", "the"})


@dataclass(frozen=True)
class SlotValue:
    name: str
    value: str
    status: str | None
    id: str | None
    canonical: str | None


@dataclass(frozen=True)
class Resolution:
    intent: str
    slots: dict[str, SlotValue]
    score: float


@dataclass(frozen=True)
class _Entry:
    type: str
    id: str
    canonical: str


@dataclass(frozen=True)
class _Capture:
    pattern: re.Pattern[str]
    intent: str
    type: str


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    type: str
    entry: _Entry | None  # None for built-in types
    value: str  # the ISO duration or number for built-in types


class Resolver:
    def __init__(self, locale: str = "en-US", models_dir: Path = MODELS_DIR) -> None:
        self.locale = locale
        document = json.loads(model_path(locale, models_dir).read_text(encoding="utf-8"))
        language_model = document["interactionModel"]["languageModel"]
        self.intent_slots: dict[str, dict[str, str]] = {
            intent["name"]: {slot["name"]: slot["type"] for slot in intent.get("slots", [])}
            for intent in language_model["intents"]
        }
        self._synonyms: dict[tuple[str, ...], _Entry] = {}
        for slot_type in language_model.get("types", []):
            for value in slot_type["values"]:
                entry = _Entry(slot_type["name"], value["id"], value["name"]["value"])
                for phrase in [value["name"]["value"], *value["name"].get("synonyms", [])]:
                    key = tuple(t.text for t in tokenize(phrase)[0])
                    self._synonyms.setdefault(key, entry)
        self._longest_synonym = max((len(key) for key in self._synonyms), default=1)
        used_types = {kind for slots in self.intent_slots.values() for kind in slots.values()}
        self._uses_duration = DURATION_TYPE in used_types

        templates: dict[str, str] = {}
        vocabulary: set[str] = {t for key in self._synonyms for t in key}
        for intent in language_model["intents"]:
            slots = self.intent_slots[intent["name"]]
            for sample in intent.get("samples", []):
                tokens = _template_tokens(sample, slots)
                vocabulary.update(t for t in tokens if not t.startswith("<"))
                # Values written out in a sample ("is my hip pain serious") look to the
                # matcher the way they will in an utterance: as a slot marker.
                query = _delexicalize(tokens, self._find_spans(tokens))
                templates.setdefault(query, intent["name"])
        for intent_name, phrases in BUILTIN_PHRASES.items():
            if intent_name not in self.intent_slots:
                continue
            for phrase in phrases:
                tokens = [t.text for t in strip_fillers(tokenize(phrase)[0])]
                vocabulary.update(tokens)
                templates.setdefault(" ".join(tokens), intent_name)
        vocabulary.update(("day", "days", "week", "weeks", "month", "months", "year", "years"))
        self._templates = templates
        self._captures = [
            capture
            for text, name in templates.items()
            if (capture := self._capture_pattern(text, name)) is not None
        ]
        self._template_texts = list(templates)
        self._vocabulary = sorted(vocabulary)
        self._known = frozenset(vocabulary)

    # -- public -------------------------------------------------------------------------------

    def resolve(self, text: str) -> Resolution:
        tokens, source_words = tokenize(text)
        tokens = strip_fillers(tokens)
        if not tokens:
            return Resolution(FALLBACK, {}, 0.0)
        tokens = self._correct_typos(tokens)
        words = [t.text for t in tokens]
        spans = self._find_spans(words)
        query = _delexicalize(words, spans)
        intent, score = self._nearest(query)
        if score < 100.0 and len(words) >= 3 and words[-1] in _HELP_WORDS:
            # Samples may not say "help" (it would take AMAZON.HelpIntent's phrases), so
            # "would physio help" is compared without its last word as well.
            shorter = self._nearest(query.rsplit(" ", 1)[0])
            if shorter[1] > score:
                intent, score = shorter
        unresolved = self._unresolved_value(query) if score < CAPTURE_SCORE else None
        if unresolved is not None:
            intent, slot, (first, last) = unresolved
            sources = _query_sources(tokens, spans)
            heard = " ".join(source_words[sources[first][0] : sources[last][1] + 1])
            if slot.status == NO_MATCH:
                slot = SlotValue(slot.name, _tidy(heard), NO_MATCH, None, None)
            return Resolution(intent, {slot.name: slot}, CAPTURE_SCORE)
        if score < MIN_SCORE:
            return Resolution(FALLBACK, {}, score)
        return Resolution(intent, self._fill(intent, spans, tokens, source_words), score)

    def _capture_pattern(self, template: str, intent: str) -> _Capture | None:
        """A pattern taking any words where the template has its one slot, as Alexa does when
        a sample's carrier words are said around a value it does not know ("tell me about gout").
        """
        words = template.split()
        markers = [w for w in words if w.startswith("<")]
        if len(markers) != 1 or len(words) - 1 < 2:
            return None
        slot_type = next(
            (kind for kind in self.intent_slots[intent].values() if _marker(kind) == markers[0]),
            None,
        )
        if slot_type is None:
            return None
        parts = [r"(?P<value>[a-z' ]+?)" if w == markers[0] else re.escape(w) for w in words]
        return _Capture(re.compile(" ".join(parts)), intent, slot_type)

    def _unresolved_value(self, query: str) -> tuple[str, SlotValue, tuple[int, int]] | None:
        """The intent and slot of a sample whose carrier words were said around unknown words,
        with the query token range of those words."""
        for capture in self._captures:
            match = capture.pattern.fullmatch(query)
            if match is None:
                continue
            heard = match["value"].strip()
            if len(heard.split()) > MAX_UNKNOWN_WORDS or set(heard.split()) <= _NOT_A_VALUE:
                continue
            name = next(
                n for n, k in self.intent_slots[capture.intent].items() if k == capture.type
            )
            if capture.type == DURATION_TYPE:
                slot = SlotValue(name, "?", None, None, None)
            elif capture.type.startswith("AMAZON."):
                continue
            else:
                slot = SlotValue(name, heard, NO_MATCH, None, None)
            first = query[: match.start("value")].count(" ")
            return capture.intent, slot, (first, first + len(heard.split()) - 1)
        return None

    def samples(self, intent: str) -> list[str]:
        return [text for text, name in self._templates.items() if name == intent]

    # -- steps --------------------------------------------------------------------------------

    def _correct_typos(self, tokens: list[Token]) -> list[Token]:
        corrected = []
        for token in tokens:
            word = token.text
            if word in self._known or len(word) < 3 or word.isdigit():
                corrected.append(token)
                continue
            cutoff = 80.0 if len(word) >= 5 else 85.0
            best = process.extractOne(
                word, self._vocabulary, scorer=fuzz.ratio, score_cutoff=cutoff
            )
            corrected.append(Token(best[0], token.source) if best else token)
        return corrected

    def _find_spans(self, words: list[str]) -> list[_Span]:
        candidates: list[tuple[int, int, _Span]] = []
        for start in range(len(words)):
            for length in range(1, min(self._longest_synonym, len(words) - start) + 1):
                entry = self._synonyms.get(tuple(words[start : start + length]))
                if entry is not None:
                    span = _Span(start, start + length, entry.type, entry, "")
                    candidates.append((length, 0, span))
            # One word said inside a value ("legs just gave way", "can't put any weight on").
            for length in range(3, min(self._longest_synonym + 1, len(words) - start) + 1):
                window = words[start : start + length]
                for skip in range(1, length - 1):
                    entry = self._synonyms.get(tuple(window[:skip] + window[skip + 1 :]))
                    if entry is not None:
                        span = _Span(start, start + length, entry.type, entry, "")
                        candidates.append((length, 2, span))
                        break
        if self._uses_duration:
            for found in find_durations(words):
                span = _Span(found.start, found.end, DURATION_TYPE, None, found.iso)
                candidates.append((found.end - found.start, 1, span))
        # Longest phrase wins; on a tie a custom value ("a couple of weeks") beats a duration.
        candidates.sort(key=lambda item: (-item[0], item[1], item[2].start))
        taken: list[_Span] = []
        covered: set[int] = set()
        for _, _, span in candidates:
            positions = set(range(span.start, span.end))
            if positions & covered:
                continue
            covered |= positions
            taken.append(span)
        return sorted(taken, key=lambda span: span.start)

    def _nearest(self, query: str) -> tuple[str, float]:
        exact = self._templates.get(query)
        if exact is not None:
            return exact, 100.0
        by_ratio = process.extract(query, self._template_texts, scorer=fuzz.ratio, limit=None)
        by_set = dict(
            (text, score)
            for text, score, _ in process.extract(
                query, self._template_texts, scorer=fuzz.token_set_ratio, limit=None
            )
        )
        best_text, best_score = "", -1.0
        for text, ratio, _ in by_ratio:
            score = 0.5 * ratio + 0.5 * by_set[text]
            if score > best_score:
                best_text, best_score = text, score
        return self._templates[best_text], best_score

    def _fill(
        self, intent: str, spans: list[_Span], tokens: list[Token], source_words: list[str]
    ) -> dict[str, SlotValue]:
        slot_for_type = {kind: name for name, kind in self.intent_slots.get(intent, {}).items()}
        filled: dict[str, SlotValue] = {}
        for span in sorted(spans, key=lambda s: s.start - s.end):
            name = slot_for_type.get(span.type)
            if name is None or name in filled:
                continue
            heard = " ".join(
                source_words[tokens[span.start].source : tokens[span.end - 1].source + 1]
            )
            heard = _tidy(heard)
            if span.entry is None:
                filled[name] = SlotValue(name, span.value, None, None, None)
            else:
                filled[name] = SlotValue(name, heard, MATCH, span.entry.id, span.entry.canonical)
        return dict(sorted(filled.items()))


def _tidy(heard: str) -> str:
    return re.sub(r"[^\w' .-]", "", heard).strip(" .")


def _query_sources(tokens: list[Token], spans: list[_Span]) -> list[tuple[int, int]]:
    """For each word of the delexicalized query, the range of input words it stands for."""
    sources: list[tuple[int, int]] = []
    i = 0
    for span in spans:
        sources += [(t.source, t.source) for t in tokens[i : span.start]]
        sources.append((tokens[span.start].source, tokens[span.end - 1].source))
        i = span.end
    sources += [(t.source, t.source) for t in tokens[i:]]
    return sources


def _template_tokens(sample: str, slots: dict[str, str]) -> list[str]:
    tokens: list[Token] = []
    for index, piece in enumerate(_SLOT_REF.split(sample)):
        if index % 2 == 1:
            tokens.append(Token(_marker(slots.get(piece, piece)), -1))
        else:
            tokens += tokenize(piece)[0]
    return [t.text for t in strip_fillers(tokens)]


def _marker(slot_type: str) -> str:
    return f"<{slot_type.lower()}>"


def _delexicalize(words: list[str], spans: list[_Span]) -> str:
    out: list[str] = []
    i = 0
    for span in spans:
        out += words[i : span.start]
        out.append(_marker(span.type))
        i = span.end
    out += words[i:]
    return " ".join(out)


def to_request_slots(resolution: Resolution, skill_id: str | None = None) -> dict[str, Any]:
    """The IntentRequest's "slots" object for every slot the intent declares, as Alexa sends it.

    Needs the intent's declared slots, so it asks a resolver for the model; the authority names
    carry the skill ID (from SKILL_ID, or a placeholder).
    """
    return _request_slots(resolution, _declared_slots(resolution.intent), skill_id)


_DECLARED: dict[str, dict[str, str]] = {}


def _declared_slots(intent: str) -> dict[str, str]:
    if not _DECLARED:
        document = json.loads(model_path("en-US").read_text(encoding="utf-8"))
        for item in document["interactionModel"]["languageModel"]["intents"]:
            _DECLARED[item["name"]] = {s["name"]: s["type"] for s in item.get("slots", [])}
    return _DECLARED.get(intent, {})


def _request_slots(
    resolution: Resolution, declared: dict[str, str], skill_id: str | None
) -> dict[str, Any]:
    skill = skill_id or os.environ.get("SKILL_ID") or PLACEHOLDER_SKILL_ID
    slots: dict[str, Any] = {}
    for name, slot_type in declared.items():
        slot: dict[str, Any] = {"name": name, "confirmationStatus": "NONE"}
        filled = resolution.slots.get(name)
        if filled is not None:
            slot["value"] = filled.value
            slot["source"] = "USER"
            if filled.status is not None:
                authority: dict[str, Any] = {
                    "authority": f"amzn1.er-authority.echo-sdk.{skill}.{slot_type}",
                    "status": {"code": filled.status},
                }
                if filled.status == MATCH:
                    authority["values"] = [{"value": {"name": filled.canonical, "id": filled.id}}]
                slot["resolutions"] = {"resolutionsPerAuthority": [authority]}
        slots[name] = slot
    return slots
