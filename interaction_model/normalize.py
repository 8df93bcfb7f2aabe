"""Turning what was said (or typed) into comparable tokens.

Samples, synonyms and user input all pass through here, so contractions, digits and punctuation
never decide a match. Each token remembers which input word it came from, so a slot can report
the words the user actually said.
"""

from __future__ import annotations

import re
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


def words(text: str) -> list[str]:
    """The input split into words, as the user wrote them, lowercased."""
    text = text.lower().replace("\u2019", "'").replace("\u2018", "'")
    return [w for w in text.split() if w]


def tokenize(text: str) -> tuple[list[Token], list[str]]:
    """Normalized tokens (with their source word index) and the source words."""
    source_words = words(text)
    tokens: list[Token] = []
    for index, word in enumerate(source_words):
        if word in _CONTRACTIONS:
            tokens += [Token(part, index) for part in _CONTRACTIONS[word].split()]
            continue
        for piece in _NOT_WORD.sub(" ", word).split():
            tokens += [Token(part, index) for part in _split_piece(piece)]
    return tokens, source_words


def _split_piece(piece: str) -> list[str]:
    piece = piece.strip("'")
    if not piece:
        return []
    if piece in _CONTRACTIONS:
        return _CONTRACTIONS[piece].split()
    if piece.isdigit():
        return number_to_words(int(piece)).split()
    if piece.endswith("'s"):
        # A possessive or "it's"-like form we cannot tell apart: keep both halves.
        return [piece[:-2], "s"]
    return [piece.replace("'", "")]


def strip_fillers(tokens: list[Token]) -> list[Token]:
    """Drop fillers; never drop everything (a bare "ok" is an answer)."""
    kept = [t for t in tokens if t.text not in _FILLER_WORDS]
    kept = _drop_hedges(kept)
    while len(kept) > 1 and kept[0].text in _LEADING_FILLERS:
        kept = kept[1:]
    for tail in _TRAILING_FILLERS:
        if len(kept) > len(tail) and tuple(t.text for t in kept[-len(tail) :]) == tail:
            kept = kept[: -len(tail)]
    return kept or tokens


def _drop_hedges(tokens: list[Token]) -> list[Token]:
    kept: list[Token] = []
    i = 0
    while i < len(tokens):
        pair = tuple(t.text for t in tokens[i : i + 2])
        following = tokens[i + 2].text if i + 2 < len(tokens) else ""
        if pair in _HEDGES and following != "so" and len(tokens) > 2:
            i += 2
            continue
        kept.append(tokens[i])
        i += 1
    return kept


def normalize(text: str) -> str:
    """Plain normalized text, fillers kept (for synonyms and slot values)."""
    tokens, _ = tokenize(text)
    return " ".join(t.text for t in tokens)


def normalize_utterance(text: str) -> str:
    """Normalized text of a whole utterance, fillers dropped."""
    tokens, _ = tokenize(text)
    return " ".join(t.text for t in strip_fillers(tokens))
