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
    total = 0
    current = 0
    used = 0
    i = start
    while i < len(tokens):
        word = tokens[i]
        if word in ("a", "an") and used == 0 and i + 1 < len(tokens) and tokens[i + 1] == "couple":
            if i + 2 < len(tokens) and tokens[i + 2] == "of":
                return 2, 3
            return 2, 2
        if word == "couple" and used == 0:
            return 2, 2 if i + 1 < len(tokens) and tokens[i + 1] == "of" else 1
        if word == "hundred" and used > 0:
            current = max(current, 1) * 100
        elif word == "thousand" and used > 0:
            total += max(current, 1) * 1000
            current = 0
        elif (
            word == "and"
            and used > 0
            and current >= 100
            and i + 1 < len(tokens)
            and (tokens[i + 1] in WORD_VALUES and tokens[i + 1] not in ("a", "an"))
        ):
            pass
        elif word in WORD_VALUES and not (word in ("a", "an", "dozen") and used > 0):
            value = WORD_VALUES[word]
            after_hundreds = current >= 100 and current % 100 == 0 and 0 < value < 100
            after_tens = current % 100 >= 20 and current % 10 == 0 and 0 < value < 10
            if used > 0 and current > 0 and not (after_hundreds or after_tens):
                break
            current += value
        else:
            break
        used += 1
        i += 1
    if used == 0:
        return None
    return total + current, used
