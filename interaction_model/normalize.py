"""Turning what was said (or typed) into comparable tokens.

Samples, synonyms and user input all pass through here, so contractions, digits and punctuation
never decide a match. Each token remembers which input word it came from, so a slot can report
the words the user actually said.

The rules are a language's (`TextRules`): the tables below are English's, and the module's
functions (`tokenize`, `strip_fillers`, `normalize`) use them. Another language builds its own
`TextRules` in interaction_model/languages/<language>.py.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from interaction_model.numbers import number_to_words

_CONTRACTIONS: dict[str, str] = {
    "can't": "can not",
    "cant": "can not",
    "cannot": "can not",
    "won't": "will not",
    "wont": "will not",
    "don't": "do not",
    "dont": "do not",
    "doesn't": "does not",
    "doesnt": "does not",
    "didn't": "did not",
    "didnt": "did not",
    "isn't": "is not",
    "isnt": "is not",
    "aren't": "are not",
    "wasn't": "was not",
    "weren't": "were not",
    "couldn't": "could not",
    "couldnt": "could not",
    "wouldn't": "would not",
    "shouldn't": "should not",
    "haven't": "have not",
    "hasn't": "has not",
    "hadn't": "had not",
    "ain't": "is not",
    # Scots: "I didnae fall", "I cannae stand".
    "didnae": "did not",
    "dinnae": "do not",
    "cannae": "can not",
    "canna": "can not",
    "wasnae": "was not",
    "isnae": "is not",
    "havenae": "have not",
    "hasnae": "has not",
    "couldnae": "could not",
    "wouldnae": "would not",
    "doesnae": "does not",
    "i'm": "i am",
    "im": "i am",
    "i've": "i have",
    "ive": "i have",
    "i'd": "i would",
    "i'll": "i will",
    "it's": "it is",
    "what's": "what is",
    "whats": "what is",
    "that's": "that is",
    "thats": "that is",
    "there's": "there is",
    "theres": "there is",
    "here's": "here is",
    "how's": "how is",
    "where's": "where is",
    "who's": "who is",
    "let's": "let us",
    "lets": "let us",
    "you're": "you are",
    "you've": "you have",
    "they're": "they are",
    "we're": "we are",
    "we've": "we have",
    "he's": "he is",
    "she's": "she is",
    "gonna": "going to",
    "wanna": "want to",
    "gotta": "got to",
    "okay": "ok",
    "o.k.": "ok",
}

# Words people put around what they mean; dropped wherever they occur.
_FILLER_WORDS = frozenset(
    {"um", "umm", "uh", "uhh", "erm", "er", "hmm", "hmmm", "ah", "alexa", "please", "honestly",
     "literally", "basically"}
)
# Dropped only at the start ("well I think" but not "not well").
_LEADING_FILLERS = frozenset({"well", "ok", "oh", "hey", "actually", "alright", "so", "like"})
# Dropped unless followed by "so" ("i think so" is an answer).
_HEDGES = (("i", "think"), ("i", "guess"), ("i", "mean"), ("you", "know"))
_TRAILING_FILLERS = (("thank", "you"), ("thanks",), ("now",))

_NOT_WORD = re.compile(r"[^a-z0-9' ]+")


@dataclass(frozen=True)
class Token:
    text: str
    source: int  # index of the input word it came from


@dataclass(frozen=True)
class TextRules:
    """How one language's words are tidied before they are compared."""

    contractions: Mapping[str, str]
    # Dropped wherever they occur; only at the start; unless followed by `hedge_keeper`; at
    # the end.
    fillers: frozenset[str]
    leading_fillers: frozenset[str]
    hedges: tuple[tuple[str, ...], ...]
    hedge_keeper: str
    trailing_fillers: tuple[tuple[str, ...], ...]
    # Digits typed or transcribed ("3 days") are spelled out as samples must write them.
    number_to_words: Callable[[int], str]
    # What is not part of a word (replaced by a space). English keeps only a-z, digits and
    # apostrophes; a language with accents keeps its letters.
    not_word: re.Pattern[str] = _NOT_WORD
    # Applied to each lowercased word first (a language may fold accents here).
    fold: Callable[[str], str] = str

    def words(self, text: str) -> list[str]:
        """The input split into words, as the user wrote them, lowercased."""
        text = text.lower().replace("\u2019", "'").replace("\u2018", "'")
        return [self.fold(w) for w in text.split() if w]

    def tokenize(self, text: str) -> tuple[list[Token], list[str]]:
        """Normalized tokens (with their source word index) and the source words."""
        source_words = self.words(text)
        tokens: list[Token] = []
        for index, word in enumerate(source_words):
            if word in self.contractions:
                tokens += [Token(part, index) for part in self.contractions[word].split()]
                continue
            for piece in self.not_word.sub(" ", word).split():
                tokens += [Token(part, index) for part in self._split_piece(piece)]
        return tokens, source_words

    def _split_piece(self, piece: str) -> list[str]:
        piece = piece.strip("'")
        if not piece:
            return []
        if piece in self.contractions:
            return self.contractions[piece].split()
        if piece.isdigit():
            return self.number_to_words(int(piece)).split()
        if piece.endswith("'s"):
            # A possessive or "it's"-like form we cannot tell apart: keep both halves.
            return [piece[:-2], "s"]
        return [piece.replace("'", "")]

    def strip_fillers(self, tokens: list[Token]) -> list[Token]:
        """Drop fillers; never drop everything (a bare "ok" is an answer)."""
        kept = [t for t in tokens if t.text not in self.fillers]
        kept = self._drop_hedges(kept)
        while len(kept) > 1 and kept[0].text in self.leading_fillers:
            kept = kept[1:]
        for tail in self.trailing_fillers:
            if len(kept) > len(tail) and tuple(t.text for t in kept[-len(tail) :]) == tail:
                kept = kept[: -len(tail)]
        return kept or tokens

    def _drop_hedges(self, tokens: list[Token]) -> list[Token]:
        kept: list[Token] = []
        i = 0
        while i < len(tokens):
            pair = tuple(t.text for t in tokens[i : i + 2])
            following = tokens[i + 2].text if i + 2 < len(tokens) else ""
            if pair in self.hedges and following != self.hedge_keeper and len(tokens) > 2:
                i += 2
                continue
            kept.append(tokens[i])
            i += 1
        return kept

    def normalize(self, text: str) -> str:
        """Plain normalized text, fillers kept (for synonyms and slot values)."""
        tokens, _ = self.tokenize(text)
        return " ".join(t.text for t in tokens)

    def normalize_utterance(self, text: str) -> str:
        """Normalized text of a whole utterance, fillers dropped."""
        tokens, _ = self.tokenize(text)
        return " ".join(t.text for t in self.strip_fillers(tokens))


ENGLISH = TextRules(
    contractions=_CONTRACTIONS,
    fillers=_FILLER_WORDS,
    leading_fillers=_LEADING_FILLERS,
    hedges=_HEDGES,
    hedge_keeper="so",
    trailing_fillers=_TRAILING_FILLERS,
    number_to_words=number_to_words,
)


def words(text: str) -> list[str]:
    """The input split into words, as the user wrote them, lowercased (English)."""
    return ENGLISH.words(text)


def tokenize(text: str) -> tuple[list[Token], list[str]]:
    """Normalized tokens (with their source word index) and the source words (English)."""
    return ENGLISH.tokenize(text)


def strip_fillers(tokens: list[Token]) -> list[Token]:
    """Drop fillers; never drop everything (English)."""
    return ENGLISH.strip_fillers(tokens)


def normalize(text: str) -> str:
    """Plain normalized text, fillers kept (English)."""
    return ENGLISH.normalize(text)


def normalize_utterance(text: str) -> str:
    """Normalized text of a whole utterance, fillers dropped (English)."""
    return ENGLISH.normalize_utterance(text)
