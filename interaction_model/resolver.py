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
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process

from interaction_model.builder import MODELS_DIR, model_path
from interaction_model.languages import Language, ResolverWords, for_locale
from interaction_model.normalize import TextRules, Token

FALLBACK = "AMAZON.FallbackIntent"
DURATION_TYPE = "AMAZON.DURATION"
DATE_TYPE = "AMAZON.DATE"
NUMBER_TYPE = "AMAZON.NUMBER"
MATCH = "ER_SUCCESS_MATCH"
NO_MATCH = "ER_SUCCESS_NO_MATCH"
PLACEHOLDER_SKILL_ID = "amzn1.ask.skill.00000000-0000-0000-0000-000000000000"

# Below this similarity (0-100) nothing fits and Alexa would send FallbackIntent.
MIN_SCORE = 72.0
_SLOT_REF = re.compile(r"\{(\w+)\}")
# A sample's carrier words said exactly, around words that are no known value, score this.
CAPTURE_SCORE = 85.0
# Alexa fills a custom slot with whatever was said in its place, however long (ER_SUCCESS_NO_MATCH);
# a built-in type takes a short phrase it can parse.
MAX_UNKNOWN_WORDS = 3
MAX_CAPTURED_WORDS = 25
WEAK_CARRIERS = 2
# A capture on so few carrier words, around words that are no value ("cuando {symptom}" said as
# "cuándo se me va a quitar este dolorón"), yields to a question sample this close: Alexa weighs
# a near paraphrase of a whole question above one word of a sample and a slot of unknown words.
WEAK_CAPTURE_YIELDS = 74.0
QUESTION_SHAPE_PENALTY = 0.85
AMBIGUITY_MARGIN = 2.0
# How many templates _nearest tries by ratio alone before it looks only at those whose token-set
# ratio could still reach the best (the same answer, sooner for a long utterance).
NEAREST_BY_RATIO = 1000
# How many templates nearest by ratio give _nearest its first best.
NEAREST_FIRST = 20
_HEDGE_MARKER = "<hedge>"
# The marker of a warning sign's slot: a sample that calls one fine or normal denies it.
_SIGN_MARKER = "<warning_sign>"


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
    # Other intents whose nearest sample scored within AMBIGUITY_MARGIN of this one: Alexa's
    # choice between them would be unstable, so the model has a gap to close.
    close: tuple[str, ...] = ()


# A sample's markers of a type it both writes a value of and has a slot of: each with the id
# of the value written there, or None where its slot stands.
_Layout = tuple[tuple[str, str | None], ...]


@dataclass(frozen=True)
class _Entry:
    type: str
    id: str
    canonical: str


@dataclass(frozen=True)
class _Capture:
    pattern: re.Pattern[str]
    intent: str
    slots: tuple[tuple[str, str], ...]  # (slot name, slot type) for groups s0, s1, ...
    carriers: int  # how many of the sample's words were said exactly
    answers: bool  # the sample opens with yes or no
    first: str | None  # the word the sample opens with, None when it opens with a slot


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    type: str
    entry: _Entry | None  # None for built-in types
    value: str  # the ISO duration or number for built-in types


class Resolver:
    def __init__(
        self,
        locale: str = "en-US",
        models_dir: Path = MODELS_DIR,
        today: Callable[[], date] = date.today,
    ) -> None:
        path = model_path(locale, models_dir)
        stat = path.stat()
        # Compiling a model takes about a second, and the simulator, the evaluation and the
        # tests make many resolvers of one file: each version of a file is compiled once. What
        # is shared is only read after compiling.
        self.__dict__.update(_compiled(locale, path, stat.st_mtime_ns, stat.st_size))
        self._today = today
        self._last_close: tuple[str, ...] = ()

    def _compile(self, locale: str, path: Path) -> None:
        self.locale = locale
        # The language's rules: its words, numbers, lengths of time and days.
        self._language: Language = for_locale(locale)
        self._text: TextRules = self._language.text
        self._words: ResolverWords = self._language.words
        document = json.loads(path.read_text(encoding="utf-8"))
        language_model = document["interactionModel"]["languageModel"]
        self.intent_slots: dict[str, dict[str, str]] = _intent_slots(language_model["intents"])
        self._compile_values(language_model.get("types", []))
        # Compiling the samples finds values in them: the values come first.
        vocabulary = {t for key in self._synonyms for t in key}
        carriers = self._compile_samples(language_model["intents"]) | self._add_builtin_phrases()
        vocabulary |= carriers
        vocabulary |= self._words.unit_words | self._words.number_words | self._words.negations
        vocabulary |= self._words.date_words
        self._template_texts = list(self._templates)
        # Typos are corrected into carrier words only: Alexa hears real words, and its entity
        # resolution matches a value only as said, so "those hard seats" is never "sweats".
        value_words = {t for key in self._synonyms for t in key} - carriers
        self._vocabulary = sorted(vocabulary - value_words)
        self._known = frozenset(vocabulary)
        self._facts = [_template_facts(text) for text in self._template_texts]
        self._number_captures = [
            capture for capture in self._captures
            if any(kind == NUMBER_TYPE for _, kind in capture.slots)
        ]
        # The captures an utterance's first word can match, in the samples' order: those that
        # open with that word and those that open with a slot.
        self._captures_opening: dict[str, list[_Capture]] = {}
        self._open_captures: list[_Capture] = []
        for capture in self._captures:
            if capture.first is None:
                self._open_captures.append(capture)
                for opening in self._captures_opening.values():
                    opening.append(capture)
                continue
            if capture.first not in self._captures_opening:
                self._captures_opening[capture.first] = list(self._open_captures)
            self._captures_opening[capture.first].append(capture)

    def _compile_values(self, slot_types: list[dict[str, Any]]) -> None:
        """The custom types' values and synonyms, and which built-in types are used."""
        self._synonyms: dict[tuple[str, ...], _Entry] = _synonyms(slot_types, self._text)
        self._longest_synonym = max((len(key) for key in self._synonyms), default=1)
        # A value is looked for only where one can start: most words start none.
        self._synonym_starts = frozenset(key[0] for key in self._synonyms)
        self._long_synonym_starts = frozenset(key[0] for key in self._synonyms if len(key) >= 3)
        self._type_words: dict[str, set[str]] = _type_words(
            self._synonyms, self._words.function_words
        )
        used_types = {kind for slots in self.intent_slots.values() for kind in slots.values()}
        self._uses_duration = DURATION_TYPE in used_types
        self._uses_date = DATE_TYPE in used_types

    def _compile_samples(self, intents: list[dict[str, Any]]) -> set[str]:
        """Each sample's template and capture pattern; returns the words the samples say."""
        self._templates: dict[str, str] = {}
        # The slot names of each template's markers, in order: two slots may share a type.
        self._template_slots: dict[str, tuple[str, ...]] = {}
        # How many of each template's slots stand before its turn ("but"), if it has one.
        self._template_turns: dict[str, int | None] = {}
        # Templates whose samples say a value of a type they also have a slot of ("the
        # difference between lumbago and {condition}"): for each such sample, that type's
        # markers in order, each with the id of the value written there, or None for the slot.
        self._template_literals: dict[str, list[_Layout]] = {}
        self._captures: list[_Capture] = []
        words: set[str] = set()
        for intent in intents:
            for sample in intent.get("samples", []):
                words.update(self._compile_sample(sample, intent["name"]))
        return words

    def _compile_sample(self, sample: str, intent: str) -> list[str]:
        """Adds the sample's template and capture pattern; returns the words it says."""
        tokens = _template_tokens(sample, self.intent_slots[intent], self._text)
        # Values written out in a sample ("is my hip pain serious") look to the matcher the
        # way they will in an utterance: as a slot marker.
        written = self._find_spans(tokens)
        query = _delexicalize(tokens, written)
        literals = _literal_markers(tokens, written)
        if query not in self._templates:
            self._templates[query] = intent
            self._template_slots[query] = tuple(_SLOT_REF.findall(sample))
            self._template_turns[query] = _slots_before_turn(sample, self._text, self._words)
        if literals and self._templates[query] == intent:
            layouts = self._template_literals.setdefault(query, [])
            if literals not in layouts:
                layouts.append(literals)
        capture = self._capture_pattern(sample, intent)
        if capture is not None:
            self._captures.append(capture)
        return [t for t in tokens if not t.startswith("<")]

    def _add_builtin_phrases(self) -> set[str]:
        """Templates for the built-in intents the model declares, from phrases they are known
        to take (a model gives them no samples of their own); returns the phrases' words."""
        words: set[str] = set()
        for intent_name, phrases in self._language.builtin_phrases.items():
            if intent_name not in self.intent_slots:
                continue
            for phrase in phrases:
                tokens = [t.text for t in self._text.strip_fillers(self._text.tokenize(phrase)[0])]
                words.update(tokens)
                self._templates.setdefault(" ".join(tokens), intent_name)
        return words

    # -- public -------------------------------------------------------------------------------

    def resolve(self, text: str) -> Resolution:
        tokens, source_words = self._text.tokenize(text)
        tokens = self._text.strip_fillers(tokens)
        if not tokens:
            return Resolution(FALLBACK, {}, 0.0)
        tokens = self._correct_typos(tokens)
        words = [t.text for t in tokens]
        spans = self._find_spans(words)
        query = _delexicalize(words, spans)
        template, score = self._nearest(query)
        if score < 100.0 and len(words) >= 3 and words[-1] in self._words.help_words:
            # Samples may not say "help" (it would take AMAZON.HelpIntent's phrases), so
            # "would physio help" is compared without its last word as well.
            shorter = self._nearest(query.rsplit(" ", 1)[0])
            if shorter[1] > score:
                template, score = shorter
        # A sample said exactly with a number in its number slot ("she is nine years old") is
        # that sample: numbers are no slot markers, so a template matches only the other slots.
        numbered = self._capture(tokens, source_words, numbers_only=True)
        if numbered is not None:
            return numbered[0]
        # A sample's carrier words said exactly around unknown words decide the intent when no
        # sample is close enough: Alexa fills a custom slot with whatever was said in its place.
        captured = self._capture(tokens, source_words) if score < CAPTURE_SCORE else None
        if captured is not None and not self._yields(captured, template, score):
            return captured[0]
        if score < MIN_SCORE:
            return Resolution(FALLBACK, {}, score)
        intent = self._templates[template]
        # Alexa fills only the slots of the sample it matched: a value said elsewhere in the
        # utterance ("can losing weight help my back") fills nothing.
        names = self._template_slots.get(template, ())
        if score < 100.0:
            spans = _not_negated(spans, words, template, self._words.negations,
                                 self._words.contrasts)
        written = _written(spans, self._template_literals.get(template, []))
        filled = self._fill(intent, names, spans, tokens, source_words,
                            _turned(self._template_turns.get(template), words,
                                    self._words.contrasts), written)
        # A last value that stands for one the sample wrote is no slot's: the words after it
        # are not added to the slot before it ("no sé, no tengo termómetro en la casa").
        if score < 100.0 and (not spans or spans[-1] not in written):
            filled = self._extend_last(intent, template, filled, spans, tokens, source_words)
        return Resolution(intent, filled, score, self._last_close)

    def _yields(self, captured: tuple[Resolution, bool], template: str, score: float) -> bool:
        """Whether a weak capture gives way to the nearest sample. Only a question of another
        intent does: an answer's unknown words may tell a sign ("it's kind of numb when i
        wipe"), and the same intent nearly said keeps the words its slot holds."""
        resolution, weak = captured
        return (
            weak
            and score >= WEAK_CAPTURE_YIELDS
            and template.split(" ", 1)[0] in self._words.question_words
            and self._templates[template] != resolution.intent
        )

    def _extend_last(
        self,
        intent: str,
        template: str,
        filled: dict[str, SlotValue],
        spans: list[_Span],
        tokens: list[Token],
        source_words: list[str],
    ) -> dict[str, SlotValue]:
        """A sample that ends with a custom slot takes every word said after its value, as
        Alexa fills a slot to the end of the utterance: "my temperature's been normal" is
        "my {symptom}" with all of "temperature's been normal", not a fever."""
        names = self._template_slots.get(template, ())
        if not names or not template.endswith(">") or not spans:
            return filled
        name = names[-1]
        slot_type = self.intent_slots.get(intent, {}).get(name, "")
        last = spans[-1]
        if slot_type.startswith("AMAZON.") or last.type != slot_type or last.end >= len(tokens):
            return filled
        turns = _turned(self._template_turns.get(template), [t.text for t in tokens],
                        self._words.contrasts)
        if turns is not None and len(names) > turns[0] and last.start < turns[1]:
            # The slot stands after the sample's turn and the value before the said one ("no
            # fever but i can't sleep"): the slot holds the words after the turn.
            if turns[1] + 1 >= len(tokens):
                return filled
            heard = _tidy(" ".join(source_words[tokens[turns[1] + 1].source :]))
            return {**filled, name: SlotValue(name, heard, NO_MATCH, None, None)}
        if name not in filled:
            # The last value filled an earlier slot ("no, it's not red or swollen and ..."):
            # nothing said after it belongs to this one.
            return filled
        undoing = self._words.negations | self._words.reassurances
        if not {t.text for t in tokens[last.end :]} & undoing:
            # Only where the words after change the value's meaning; "what a slipped disc is"
            # keeps its value.
            return filled
        heard = _tidy(" ".join(source_words[tokens[last.start].source :]))
        return {**filled, name: SlotValue(name, heard, NO_MATCH, None, None)}

    def _capture_pattern(self, sample: str, intent: str) -> _Capture | None:
        """A pattern taking any words where the sample has its slots, as Alexa does when a
        sample's carrier words are said around a value it does not know ("tell me about gout").
        """
        slots = self.intent_slots[intent]
        parts: list[str] = []
        names: list[str] = []
        carriers = 0
        pieces = _SLOT_REF.split(sample)
        for index, piece in enumerate(pieces):
            if index % 2 == 1:
                if piece not in slots or piece in names:
                    return None
                group = f"(?P<s{len(names)}>[\\w' ]+?)"
                if index + 1 < len(pieces) - 1 and not pieces[index + 1].strip():
                    # Two slots side by side ("{hedge} {symptom}"): the first is one of its
                    # known values, or nothing tells where it ends.
                    group = f"(?P<s{len(names)}>{self._known_values(slots[piece])})"
                parts.append(group)
                names.append(piece)
                continue
            # Not stripped of hedges: "i think i have a {condition}" is not "i have a {condition}".
            words = [t.text for t in self._text.tokenize(piece)[0]]
            parts += [re.escape(word) for word in words]
            carriers += len(words)
        if not names or (not carriers and len(names) < 2):
            # Two slots side by side ("{hedge} {symptom}") need no carrier words: at most one
            # may be unknown, so a known value anchors the match.
            return None
        slot_types = tuple((name, slots[name]) for name in names)
        # Folded as the utterance is: a sample opening with "sí" is an answer like "si".
        said_first = self._text.tokenize(sample.split(" ", 1)[0])[0]
        opens = bool(said_first) and said_first[0].text in self._words.polarity
        first = None if parts[0].startswith("(?P<") else re.sub(r"\\(.)", r"\1", parts[0])
        return _Capture(re.compile(" ".join(parts)), intent, slot_types, carriers, opens, first)

    def _known_values(self, slot_type: str) -> str:
        phrases = sorted(
            (" ".join(key) for key, entry in self._synonyms.items() if entry.type == slot_type),
            key=len,
            reverse=True,
        )
        return "|".join(re.escape(phrase) for phrase in phrases) or "(?!)"

    def _capture(
        self, tokens: list[Token], source_words: list[str], numbers_only: bool = False
    ) -> tuple[Resolution, bool] | None:
        """The sample whose carrier words were said exactly around its slots, at most one of
        them words that are no known value; the one with the most carrier words wins. Matched
        on the words as said, so an unknown value may hold a duration or a number ("the heat
        for a week and it's no better"). With it, whether it is weak: a few carrier words that
        are no answer, around nothing but words that are no value."""
        text = " ".join(t.text for t in tokens)
        best: tuple[tuple[int, int, int], Resolution, bool] | None = None
        for capture in self._number_captures if numbers_only else self._opening(tokens[0].text):
            match = capture.pattern.fullmatch(text)
            if match is None:
                continue
            filled = self._captured_slots(capture, match, tokens, source_words)
            if filled is None:
                continue
            # Words said exactly: the sample's own, and those of values it matched.
            known = capture.carriers + sum(
                len(match[f"s{i}"].split())
                for i, (name, _) in enumerate(capture.slots)
                if filled[name].status == MATCH
            )
            unknown = sum(slot.status == NO_MATCH for slot in filled.values())
            # On a tie, an answer that opens with yes or no is heard as that answer.
            rank = (known, int(capture.answers), -unknown)
            if best is None or rank > best[0]:
                resolution = Resolution(capture.intent, dict(sorted(filled.items())), CAPTURE_SCORE)
                weak = capture.carriers <= WEAK_CARRIERS and not capture.answers and all(
                    slot.status == NO_MATCH or slot.value == "?" for slot in filled.values())
                best = (rank, resolution, weak)
        return best[1:] if best is not None else None

    def _opening(self, word: str) -> list[_Capture]:
        """The captures an utterance that opens with `word` can match, in the samples' order."""
        return self._captures_opening.get(word, self._open_captures)

    def _captured_slots(
        self, capture: _Capture, match: re.Match[str], tokens: list[Token], source_words: list[str]
    ) -> dict[str, SlotValue] | None:
        filled: dict[str, SlotValue] = {}
        unknown = 0
        anchored = False  # a value said exactly before this one anchors the match
        for index, (name, slot_type) in enumerate(capture.slots):
            group = f"s{index}"
            heard = match[group].split()
            entry = self._synonyms.get(tuple(heard))
            if set(heard) <= self._words.not_a_value and (entry is None or entry.type != slot_type):
                return None
            first = match.string[: match.start(group)].count(" ")
            slot = self._captured_value(name, slot_type, tokens[first : first + len(heard)],
                                        source_words)
            if slot is None:
                return None
            if slot.status == NO_MATCH or slot.value == "?":
                if not capture.carriers and index < len(capture.slots) - 1:
                    return None  # with no carrier words, the first slot must anchor the match
                if (
                    slot.status == NO_MATCH
                    and capture.carriers <= WEAK_CARRIERS
                    and not (capture.answers or anchored)
                    and not set(heard) & self._type_words[slot_type]
                ):
                    # One or two carrier words ("my {symptom}") take words only when they
                    # sound like the slot's values: "my legs aren't weak", not "my tea's cold".
                    # A sample that opens with yes or no ("no {symptom}") is an answer and
                    # takes whatever follows it.
                    return None
                unknown += 1
                limit = MAX_UNKNOWN_WORDS if slot.value == "?" else MAX_CAPTURED_WORDS
                if unknown > 1 or len(heard) > limit:
                    return None
            anchored = anchored or _anchors(slot_type, slot)
            filled[name] = slot
        return filled

    def _captured_value(
        self, name: str, slot_type: str, tokens: list[Token], source_words: list[str]
    ) -> SlotValue | None:
        heard = _tidy(" ".join(source_words[tokens[0].source : tokens[-1].source + 1]))
        words = [t.text for t in tokens]
        whole = (0, len(words))
        if slot_type == DURATION_TYPE:
            found = [d for d in self._language.durations.find(words)
                     if (d.start, d.end) == whole]
            return SlotValue(name, found[0].iso if found else "?", None, None, None)
        if slot_type == DATE_TYPE:
            days = [d for d in self._language.find_dates(words, self._today())
                    if (d.start, d.end) == whole]
            return SlotValue(name, days[0].value, None, None, None) if days else None
        if slot_type == NUMBER_TYPE:
            number = self._whole_number(words)
            return None if number is None else SlotValue(name, str(number), None, None, None)
        if slot_type.startswith("AMAZON."):
            return None
        entry = self._synonyms.get(tuple(words))
        if entry is not None and entry.type == slot_type:
            return SlotValue(name, heard, MATCH, entry.id, entry.canonical)
        return SlotValue(name, heard, NO_MATCH, None, None)

    def _whole_number(self, words: list[str]) -> int | None:
        """AMAZON.NUMBER's value when the words are one number and nothing else ("12")."""
        if len(words) == 1 and words[0].isdigit():
            return int(words[0])
        parsed = self._language.durations.parse_number(words, 0)
        return parsed[0] if parsed is not None and parsed[1] == len(words) else None

    def samples(self, intent: str) -> list[str]:
        return [text for text, name in self._templates.items() if name == intent]

    def templates(self) -> list[str]:
        """Every sample's template, as the nearest match is looked for among them."""
        return list(self._template_texts)

    # -- steps --------------------------------------------------------------------------------

    def _correct_typos(self, tokens: list[Token]) -> list[Token]:
        corrected = []
        for token in tokens:
            word = token.text
            if word in self._known or len(word) < 3 or not word.isalpha():
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
        never_skipped = self._words.negations | self._words.polarity
        for start in range(len(words)):
            if words[start] not in self._synonym_starts:
                continue
            for length in range(1, min(self._longest_synonym, len(words) - start) + 1):
                entry = self._synonyms.get(tuple(words[start : start + length]))
                if entry is not None:
                    span = _Span(start, start + length, entry.type, entry, "")
                    candidates.append((length, 0, span))
            # One word said inside a value ("legs just gave way", "can't put any weight on").
            # Only values of three words or more: "could [yoga] be" is not the hedge "could be".
            if words[start] not in self._long_synonym_starts:
                continue
            for length in range(4, min(self._longest_synonym + 1, len(words) - start) + 1):
                window = words[start : start + length]
                for skip in range(1, length - 1):
                    if window[skip] in never_skipped:
                        # "no, sí puedo dormir" is not "no puedo dormir".
                        continue
                    entry = self._synonyms.get(tuple(window[:skip] + window[skip + 1 :]))
                    if entry is not None:
                        span = _Span(start, start + length, entry.type, entry, "")
                        candidates.append((length, 2, span))
                        break
        if self._uses_duration:
            for found in self._language.durations.find(words):
                span = _Span(found.start, found.end, DURATION_TYPE, None, found.iso)
                candidates.append((found.end - found.start, 1, span))
        if self._uses_date:
            for day in self._language.find_dates(words, self._today()):
                span = _Span(day.start, day.end, DATE_TYPE, None, day.value)
                candidates.append((day.end - day.start, 1, span))
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
        """The template nearest the query, and its score. A score is half the ratio and half
        the token-set ratio, lowered by the shape penalties, so no template scores above half
        its ratio plus 50. The few nearest by ratio give a first best; then only templates
        whose ratio can still come close are tried, from the highest down, until none left
        can; past NEAREST_BY_RATIO of them, only those whose token-set ratio could still
        reach (a long utterance is far from every template)."""
        self._last_close = ()
        if query in self._templates:
            return query, 100.0
        texts = self._template_texts
        shape = self._query_shape(query)
        scored: dict[int, tuple[float, float]] = {}  # index -> (score, ratio)
        best = -1.0
        for text, ratio, index in process.extract(query, texts, scorer=fuzz.ratio,
                                                  limit=NEAREST_FIRST):
            best = self._score_into(scored, query, shape, text, ratio, index, best)
        reach = max(0.0, 2.0 * (best - AMBIGUITY_MARGIN - 50.0))
        by_ratio = process.extract(query, texts, scorer=fuzz.ratio, score_cutoff=reach,
                                   limit=None)
        for position, (text, ratio, index) in enumerate(by_ratio):
            if 0.5 * ratio + 50.0 < best - AMBIGUITY_MARGIN:
                break
            if position == NEAREST_BY_RATIO:
                # Any template left that can come close has a token-set ratio of at least
                # twice (best - margin) less its ratio, which is at most this one's.
                best = self._nearest_by_token_set(query, shape, ratio, best, scored)
                break
            if index not in scored:
                best = self._score_into(scored, query, shape, text, ratio, index, best)
        return self._winner(scored)

    def _score_into(
        self,
        scored: dict[int, tuple[float, float]],
        query: str,
        shape: _QueryShape,
        text: str,
        ratio: float,
        index: int,
        best: float,
    ) -> float:
        """Scores the template into `scored`; returns the best score so far."""
        score = self._scored(query, shape, text, ratio, index)
        if score is None:
            return best
        scored[index] = (score, ratio)
        return max(best, score)

    def _nearest_by_token_set(
        self,
        query: str,
        shape: _QueryShape,
        ratio_at_most: float,
        best: float,
        scored: dict[int, tuple[float, float]],
    ) -> float:
        cutoff = max(0.0, 2.0 * (best - AMBIGUITY_MARGIN) - ratio_at_most)
        near = process.extract(query, self._template_texts, scorer=fuzz.token_set_ratio,
                               score_cutoff=cutoff, limit=None)
        for text, _, index in near:
            if index not in scored:
                ratio = fuzz.ratio(query, text)
                best = self._score_into(scored, query, shape, text, ratio, index, best)
        return best

    def _scored(
        self, query: str, shape: _QueryShape, text: str, ratio: float, index: int
    ) -> float | None:
        """The template's score, or None when it cannot be the query's at all."""
        facts = self._facts[index]
        first = facts[0]
        if first in self._words.polarity and first not in shape.words:
            # "yeah {symptom}" says yes: an utterance without a yes is not that sample.
            return None
        score = 0.5 * ratio + 0.5 * fuzz.token_set_ratio(query, text)
        return self._shape_penalized(score, shape, facts)

    def _winner(self, scored: dict[int, tuple[float, float]]) -> tuple[str, float]:
        """The best scored template (on a tie, the higher ratio, then the earlier sample), and
        the intents that came within the margin of it."""
        if not scored:
            return "", -1.0
        index = min(scored, key=lambda i: (-scored[i][0], -scored[i][1], i))
        best_text, best_score = self._template_texts[index], scored[index][0]
        best_by_intent: dict[str, float] = {}
        for i, (score, _) in scored.items():
            intent = self._templates[self._template_texts[i]]
            best_by_intent[intent] = max(score, best_by_intent.get(intent, -1.0))
        self._last_close = _close_intents(
            best_by_intent, self._templates[best_text], best_score)
        return best_text, best_score

    def _query_shape(self, query: str) -> _QueryShape:
        first = query.split(" ", 1)[0]
        words = set(query.split())
        return _QueryShape(
            words=words,
            hedged=_HEDGE_MARKER in words,
            contrasts=words & self._words.contrasts,
            negates=bool(words & self._words.negations),
            reassures=bool(words & self._words.reassurances),
            opens_with_polarity=first in self._words.polarity,
            asks=first in self._words.question_words,
        )

    def _shape_penalized(
        self, score: float, query: _QueryShape, facts: tuple[str, frozenset[str], bool, bool]
    ) -> float:
        """The score, multiplied by QUESTION_SHAPE_PENALTY for each way the template's shape
        is not the query's (its facts are _template_facts')."""
        first, words, has_hedge, has_marker = facts
        if query.hedged and not has_hedge:
            # "sort of, I slipped on the ice" hedges its answer: a sample without a hedge
            # is only like it ("on and off" is no length of time).
            score *= QUESTION_SHAPE_PENALTY
        if query.contrasts - words:
            # "no, but I've got a crushing pain in my chest" turns on its "but": a sample
            # without it ("no {symptom}") is only like it, and would deny the sign.
            score *= QUESTION_SHAPE_PENALTY
        if not query.negates and self._words.negations & words:
            # One word apart and the opposite meaning: "but I've got a pain in my chest" is
            # not "but I haven't got {symptom}".
            score *= QUESTION_SHAPE_PENALTY
        elif (not (query.negates or query.reassures) and _SIGN_MARKER in words
              and self._words.reassurances & words):
            # The same for a sign called fine: "slight temperature is coming and going" is not
            # "{symptom} is ok", which denies it.
            score *= QUESTION_SHAPE_PENALTY
        if query.opens_with_polarity and first not in self._words.polarity:
            # "nope, though I've been losing weight" opens with its answer: a sample that
            # does not is only like it.
            score *= QUESTION_SHAPE_PENALTY
        if query.asks and first not in self._words.question_words and has_marker:
            # A question matches a sample by its shape: "can losing weight help my back"
            # fills no slot of "i have lost weight" because both say weight.
            score *= QUESTION_SHAPE_PENALTY
            if first.startswith("<"):
                # Further still from a sample that opens with what is felt ("{symptom} is it
                # {condition}"): "do you get a temperature with a slipped disc" tells no sign.
                score *= QUESTION_SHAPE_PENALTY
        elif not query.asks and first in self._words.question_words and _SIGN_MARKER in words:
            # And the other way: "i can't sleep because of my hip" tells a sign; it is not
            # "will losing weight ease my hip", a question about one.
            score *= QUESTION_SHAPE_PENALTY
        return score

    def _fill(
        self,
        intent: str,
        names: tuple[str, ...],
        spans: list[_Span],
        tokens: list[Token],
        source_words: list[str],
        turns: tuple[int, int] | None = None,
        written: frozenset[_Span] = frozenset(),
    ) -> dict[str, SlotValue]:
        """The template's slots, each from the next value of its type, in the order said.

        `written`: values said where the sample wrote a value, not a slot: they fill nothing.

        `turns`: where the sample's slots and the utterance's words turn ("but"): a value
        keeps its side, so "no, but the pain is unbearable" never fills the slot of
        "no {noSymptom} but {detail}" that stands before the turn.
        """
        types = self.intent_slots.get(intent, {})
        filled: dict[str, SlotValue] = {}
        for span in spans:
            if span in written:
                continue
            side = [
                n for i, n in enumerate(names)
                if turns is None or (i < turns[0]) == (span.start < turns[1])
            ]
            name = next((n for n in side if types.get(n) == span.type and n not in filled), None)
            if name is None:
                continue
            end = self._denied_after(span, spans, tokens)
            if end > span.end and any(s.type == span.type and s.start >= end for s in spans):
                # "fever no problem and severe pain": the denied value leaves the slot to the
                # value said after it.
                continue
            heard = _tidy(" ".join(
                source_words[tokens[span.start].source : tokens[end - 1].source + 1]
            ))
            if span.entry is None:
                filled[name] = SlotValue(name, span.value, None, None, None)
            elif end > span.end:
                filled[name] = SlotValue(name, heard, NO_MATCH, None, None)
            else:
                filled[name] = SlotValue(name, heard, MATCH, span.entry.id, span.entry.canonical)
        return dict(sorted(filled.items()))

    def _denied_after(self, span: _Span, spans: list[_Span], tokens: list[Token]) -> int:
        """Where a custom value's slot ends: after the value, or, when a denial follows it
        ("hormigueo entre las piernas no he sentido"), at the next value or turn, as Alexa
        fills a slot with every word said in its place."""
        if span.entry is None or span.end + 1 >= len(tokens):
            return span.end
        own = {t.text for t in tokens[span.start : span.end]}
        if tokens[span.end].text not in self._words.denials_after or own & self._words.negations:
            # A value with its own negation ("no puedo pararme") is an inability, and what
            # follows it another sentence.
            return span.end
        stop = min((s.start for s in spans if s.start >= span.end), default=len(tokens))
        turn = next((i for i in range(span.end, stop)
                     if tokens[i].text in self._words.contrasts), stop)
        # "fiebre no, pero ...": a bare denial the sample already has ("{noSymptom} no").
        return turn if turn > span.end + 1 else span.end


def _anchors(slot_type: str, slot: SlotValue) -> bool:
    """Whether a value said exactly anchors the unknown words after it: a known one, or a
    date or a length parsed whole."""
    return slot.status == MATCH or (slot_type in (DATE_TYPE, DURATION_TYPE) and slot.value != "?")


def _intent_slots(intents: list[dict[str, Any]]) -> dict[str, dict[str, str]]:
    """Each intent's slots: slot name to slot type."""
    return {
        intent["name"]: {slot["name"]: slot["type"] for slot in intent.get("slots", [])}
        for intent in intents
    }


def _synonyms(
    slot_types: list[dict[str, Any]], text: TextRules
) -> dict[tuple[str, ...], _Entry]:
    """Every value and synonym of the custom types, as words, to its entry; a phrase given
    twice keeps its first entry."""
    synonyms: dict[tuple[str, ...], _Entry] = {}
    for slot_type in slot_types:
        for value in slot_type["values"]:
            entry = _Entry(slot_type["name"], value["id"], value["name"]["value"])
            for phrase in [value["name"]["value"], *value["name"].get("synonyms", [])]:
                key = tuple(t.text for t in text.tokenize(phrase)[0])
                synonyms.setdefault(key, entry)
    return synonyms


def _type_words(
    synonyms: dict[tuple[str, ...], _Entry], function_words: frozenset[str]
) -> dict[str, set[str]]:
    """The content words of each custom type's values and synonyms."""
    words: dict[str, set[str]] = {}
    for key, entry in synonyms.items():
        words.setdefault(entry.type, set()).update(
            word for word in key if word not in function_words and len(word) > 2
        )
    return words


@dataclass(frozen=True)
class _SampleSlot:
    marker: str
    negated: bool  # a negation stands just before it in the sample
    after_turn: bool  # it stands after the sample's turn ("but")


def _sample_slots(
    template: str, negations: frozenset[str], contrasts: frozenset[str]
) -> list[_SampleSlot]:
    """The template's slot markers in order, with what stands around each."""
    tokens = template.split()
    turn = next((i for i, token in enumerate(tokens) if token in contrasts), len(tokens))
    return [
        _SampleSlot(token, i > 0 and tokens[i - 1] in negations, i > turn)
        for i, token in enumerate(tokens)
        if token.startswith("<")
    ]


def _negated_before(
    span: _Span, words: list[str], owned: set[int], negations: frozenset[str],
    contrasts: frozenset[str],
) -> bool:
    """Whether a negation of no other value stands in the four words before the span, with no
    contrast between them."""
    reach = max(0, span.start - 4)
    turn = max((i for i in range(reach, span.start) if words[i] in contrasts), default=None)
    first = reach if turn is None else turn + 1
    return any(words[i] in negations for i in range(first, span.start) if i not in owned)


def _not_negated(
    spans: list[_Span],
    words: list[str],
    template: str,
    negations: frozenset[str],
    contrasts: frozenset[str] = frozenset(),
) -> list[_Span]:
    """Drop values said just after a negation the matched sample does not have before that
    slot: "a month and no, I haven't lost any weight" is not "{duration} and {symptom}" with
    weight loss, and "no fever, no swelling" is not "no {noSymptom} but {detail}". A negation
    inside another value is that value's own word: "not sure, but I have a fever" and "no sé,
    pero ayer me hice pipí encima" say the sign. A contrast between them ends the negation's
    reach: "no, aunque estoy bajando de peso" says the value."""
    owned = {i for span in spans for i in range(span.start, span.end)}
    slots = _sample_slots(template, negations, contrasts)
    sample_turns = bool(contrasts & set(template.split()))
    said_turn = next((i for i, word in enumerate(words) if word in contrasts), len(words))
    kept = []
    for span in spans:
        # A value after the utterance's turn fills a slot after the sample's: "pain is bad, but
        # I have not fainted" is not the denied slot of "no it is not {x} but {y}".
        after_turn = span.start > said_turn and sample_turns
        slot = next(
            (s for s in slots
             if s.marker == _marker(span.type) and (s.after_turn or not after_turn)),
            None,
        )
        if slot is not None:
            slots.remove(slot)
        if (slot is not None and slot.negated) or not _negated_before(
            span, words, owned, negations, contrasts
        ):
            kept.append(span)
    return kept


def _slots_before_turn(sample: str, text: TextRules, words: ResolverWords) -> int | None:
    """How many slots of the sample stand before its first contrast word, or None."""
    pieces = _SLOT_REF.split(sample)
    for index in range(0, len(pieces), 2):
        if {t.text for t in text.tokenize(pieces[index])[0]} & words.contrasts:
            return index // 2
    return None


def _turned(
    before: int | None, words: list[str], contrasts: frozenset[str]
) -> tuple[int, int] | None:
    """How many of the sample's slots stand before its turn ("but"), and where the utterance
    turns; None when either does not turn."""
    said = next((i for i, word in enumerate(words) if word in contrasts), None)
    if before is None or said is None:
        return None
    return before, said


def _tidy(heard: str) -> str:
    return re.sub(r"[^\w' .-]", "", heard).strip(" .")


def _template_tokens(sample: str, slots: dict[str, str], text: TextRules) -> list[str]:
    tokens: list[Token] = []
    for index, piece in enumerate(_SLOT_REF.split(sample)):
        if index % 2 == 1:
            tokens.append(Token(_marker(slots.get(piece, piece)), -1))
        else:
            tokens += text.tokenize(piece)[0]
    return [t.text for t in text.strip_fillers(tokens)]


def _marker(slot_type: str) -> str:
    return f"<{slot_type.lower()}>"


def _template_facts(text: str) -> tuple[str, frozenset[str], bool, bool]:
    """What _nearest asks of a template, worked out once: its first word, its words, whether
    it has a hedge and whether it has any slot marker."""
    words = text.split()
    return (words[0] if words else ""), frozenset(words), _HEDGE_MARKER in text, "<" in text


@dataclass(frozen=True, slots=True)
class _QueryShape:
    """What _nearest asks of a query, worked out once per query."""

    words: set[str]
    hedged: bool
    contrasts: set[str]  # its words that turn the sentence: "but", "pero"
    negates: bool
    reassures: bool  # says something is fine, normal or ok
    opens_with_polarity: bool  # opens with a yes or no word
    asks: bool  # opens with a question word


def _close_intents(
    best_by_intent: dict[str, float], winner: str | None, best_score: float
) -> tuple[str, ...]:
    """The other intents whose best template scored within AMBIGUITY_MARGIN of the winner."""
    return tuple(
        sorted(
            intent
            for intent, score in best_by_intent.items()
            if intent != winner and best_score - score <= AMBIGUITY_MARGIN
        )
    )


def _literal_markers(tokens: list[str], written: list[_Span]) -> _Layout:
    """A sample's markers of the types it both has a slot of and says a value of, in order,
    each with the id of the value the sample wrote there (None for the slot); empty when there
    is no such type."""
    starts = {span.start: span for span in written}
    markers: list[tuple[str, str | None]] = []
    for i, token in enumerate(tokens):
        if i in starts:
            entry = starts[i].entry
            markers.append((_marker(starts[i].type), entry.id if entry else starts[i].value))
        elif token.startswith("<"):
            markers.append((token, None))
    slots = {marker for marker, value in markers if value is None}
    both = {marker for marker, value in markers if value is not None} & slots
    return tuple(item for item in markers if item[0] in both)


def _written(spans: list[_Span], layouts: list[_Layout]) -> frozenset[_Span]:
    """The values said that stand for a matched sample's written values, not its slot: Alexa
    fills a slot with what was said in its place, so "the difference between lumbago and
    sciatica", matched to "the difference between lumbago and {condition}", fills it with
    sciatica. A written value is known by its id said in its own place, then by its id said
    anywhere ("bursitis and osteoarthritis" to "arthritis and {condition}"), then by its place
    alone, when the values of those types are said one for one with the sample's."""
    if not layouts:
        return frozenset()
    types = {marker for marker, _ in layouts[0]}
    said = [span for span in spans if _marker(span.type) in types]
    ids = [span.entry.id if span.entry else span.value for span in said]
    # Each way finds at least one value when it finds any: an empty set is "not this way".
    return (_written_in_place(said, ids, layouts) or _written_by_value(said, ids, layouts)
            or _written_by_place(said, layouts[0]))


def _written_in_place(
    said: list[_Span], ids: list[str], layouts: list[_Layout]
) -> frozenset[_Span]:
    for layout in layouts:
        if len(layout) == len(said) and all(
            value is None or ids[i] == value for i, (_, value) in enumerate(layout)
        ):
            return frozenset(said[i] for i, (_, value) in enumerate(layout) if value is not None)
    return frozenset()


def _written_by_value(
    said: list[_Span], ids: list[str], layouts: list[_Layout]
) -> frozenset[_Span]:
    for layout in layouts:
        values = [value for _, value in layout if value is not None]
        if len(values) < len(said) and all(ids.count(value) == 1 for value in values):
            return frozenset(said[ids.index(value)] for value in values)
    return frozenset()


def _written_by_place(said: list[_Span], layout: _Layout) -> frozenset[_Span]:
    if [_marker(span.type) for span in said] != [marker for marker, _ in layout]:
        return frozenset()
    return frozenset(span for span, (_, value) in zip(said, layout, strict=True)
                     if value is not None)


def _delexicalize(words: list[str], spans: list[_Span]) -> str:
    out: list[str] = []
    i = 0
    for span in spans:
        out += words[i : span.start]
        out.append(_marker(span.type))
        i = span.end
    out += words[i:]
    return " ".join(out)


def to_request_slots(
    resolution: Resolution, skill_id: str | None = None, locale: str = "en-US"
) -> dict[str, Any]:
    """The IntentRequest's "slots" object for every slot the intent declares, as Alexa sends it.

    Needs the intent's declared slots in the locale's model; the authority names carry the
    skill ID (from SKILL_ID, or a placeholder).
    """
    return _request_slots(resolution, _declared_slots(locale).get(resolution.intent, {}), skill_id)


@cache
def _compiled(locale: str, path: Path, mtime_ns: int, size: int) -> dict[str, Any]:
    """A resolver's attributes compiled from the model file; the file's modification time and
    size are part of the cache key, so a rebuilt model is compiled again."""
    resolver = object.__new__(Resolver)
    # Dates in samples are found only to be replaced by their slot marker: any day will do.
    resolver._today = date.today
    resolver._compile(locale, path)
    return {name: value for name, value in vars(resolver).items() if name != "_today"}


@cache
def _declared_slots(locale: str) -> dict[str, dict[str, str]]:
    document = json.loads(model_path(locale).read_text(encoding="utf-8"))
    return _intent_slots(document["interactionModel"]["languageModel"]["intents"])


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
