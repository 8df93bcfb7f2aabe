"""Numbers as words and back, as Alexa hears them ("twenty one" is 21)."""

from __future__ import annotations

_UNITS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]

WORD_VALUES: dict[str, int] = {word: value for value, word in enumerate(_UNITS)}
WORD_VALUES.update({word: value * 10 for value, word in enumerate(_TENS) if word})
WORD_VALUES.update({"a": 1, "an": 1, "single": 1, "dozen": 12})
# Said only to open a number: "a", "an" and "dozen" after a number start another one.
_ONLY_FIRST = frozenset({"a", "an", "dozen"})
# The words an "and" inside a number may lead to ("a hundred and five").
_JOINED_BY_AND = frozenset(WORD_VALUES) - {"a", "an"}


def number_to_words(value: int) -> str:
    """Spelled-out form of 0..999999, the way samples must write numbers."""
    if value < 20:
        return _UNITS[value]
    if value < 100:
        tens, unit = divmod(value, 10)
        return _TENS[tens] + ("" if unit == 0 else " " + _UNITS[unit])
    if value < 1000:
        hundreds, rest = divmod(value, 100)
        return (
            _UNITS[hundreds] + " hundred" + ("" if rest == 0 else " and " + number_to_words(rest))
        )
    thousands, rest = divmod(value, 1000)
    return (
        number_to_words(thousands)
        + " thousand"
        + ("" if rest == 0 else " " + number_to_words(rest))
    )


def parse_number(tokens: list[str], start: int) -> tuple[int, int] | None:
    """A number spelled out from tokens[start]: (value, tokens used), or None."""
    couple = _couple(tokens, start)
    if couple is not None:
        return couple
    if start >= len(tokens) or tokens[start] not in WORD_VALUES:
        return None
    # Thousands already complete, and the part below a thousand still being said.
    total, current = 0, WORD_VALUES[tokens[start]]
    end = start + 1
    while end < len(tokens):
        following = tokens[end + 1] if end + 1 < len(tokens) else None
        step = _extend(total, current, tokens[end], following)
        if step is None:
            break
        total, current = step
        end += 1
    return total + current, end - start


def _couple(tokens: list[str], start: int) -> tuple[int, int] | None:
    """Two, said as "a couple of", "a couple", "couple of" or "couple": nothing follows it."""
    words = tokens[start : start + 3]
    if words[:1] in (["a"], ["an"]) and words[1:2] == ["couple"]:
        return 2, 3 if words[2:3] == ["of"] else 2
    if words[:1] == ["couple"]:
        return 2, 2 if words[1:2] == ["of"] else 1
    return None


def _extend(total: int, current: int, word: str, following: str | None) -> tuple[int, int] | None:
    """(total, current) once a number already begun takes one more word, or None where the
    number has ended before that word."""
    if word == "hundred":
        return total, max(current, 1) * 100
    if word == "thousand":
        return total + max(current, 1) * 1000, 0
    if word == "and":
        # Only inside a number: "a hundred and five", not "two weeks and a day".
        joins = current >= 100 and following in _JOINED_BY_AND
        return (total, current) if joins else None
    if word not in WORD_VALUES or word in _ONLY_FIRST:
        return None
    value = WORD_VALUES[word]
    if current > 0 and not _adds_to(current, value):
        # "two three" is two numbers, not five.
        return None
    return total, current + value


def _adds_to(current: int, value: int) -> bool:
    """Whether value is said as part of current: "hundred and five", "twenty one"."""
    after_hundreds = current >= 100 and current % 100 == 0 and 0 < value < 100
    after_tens = current % 100 >= 20 and current % 10 == 0 and 0 < value < 10
    return after_hundreds or after_tens
