"""Speech that knows which content it was made of, so that it can be said again safely.

Repeat must say the last question again, but what the skill keeps between turns lives in
session attributes, which come back from the device and cannot be trusted. So the skill keeps
the content keys of what it said and the names of their parameters, never the SSML nor the
parameter values, and renders them again from its own content and configuration on Repeat:
forged attributes can at worst name other content.
"""

from __future__ import annotations

from collections.abc import Mapping

from hipback.content import Content

# One content key and its parameters.
Part = tuple[str, Mapping[str, str]]
# The longest speech the skill builds joins fewer than ten pieces of content.
MAX_PARTS = 16


class Speech(str):
    """An SSML fragment, and the content keys and parameters it was rendered from."""

    parts: tuple[Part, ...]

    def __new__(cls, ssml: str, parts: tuple[Part, ...]) -> Speech:
        speech = super().__new__(cls, ssml)
        speech.parts = parts
        return speech

    @classmethod
    def of(cls, content: Content, key: str, params: Mapping[str, str]) -> Speech:
        return cls(content.ssml(key, **params), ((key, dict(params)),))

    @classmethod
    def joined(cls, *pieces: str) -> str:
        """The pieces said one after another; a Speech when every piece is one."""
        said = [piece for piece in pieces if piece]
        text = " ".join(said)
        if not all(isinstance(piece, Speech) for piece in said):
            return text  # words that are not content cannot be said again from it
        parts = tuple(part for piece in said for part in piece.parts)  # type: ignore[attr-defined]
        return cls(text, parts)

    @staticmethod
    def parts_of(speech: str | None) -> list[list[object]] | None:
        """What to keep in the session to say `speech` again (each content key, and the names
        of its parameters), or None when it cannot be said again."""
        if not isinstance(speech, Speech) or len(speech.parts) > MAX_PARTS:
            return None
        return [[key, sorted(params)] for key, params in speech.parts]

    @staticmethod
    def render(content: Content, kept: object, values: Mapping[str, str]) -> Speech | None:
        """Speech rendered again from what `parts_of` kept, its parameters filled from
        `values` (the skill's own), or None when what was kept is not ours."""
        if not isinstance(kept, list) or not 0 < len(kept) <= MAX_PARTS:
            return None
        parts = [_part(content, part, values) for part in kept]
        try:
            said = [Speech.of(content, *part) for part in parts if part is not None]
        except (KeyError, ValueError):  # a parameter missing, or one naming a locale fact
            return None
        if len(said) < len(parts):
            return None
        return Speech(" ".join(said), tuple(part for piece in said for part in piece.parts))


def _part(content: Content, part: object, values: Mapping[str, str]) -> Part | None:
    if not isinstance(part, list) or len(part) != 2:
        return None
    key, names = part
    if not isinstance(key, str) or not content.has(key) or not isinstance(names, list):
        return None
    if not all(isinstance(name, str) and name in values for name in names):
        return None
    return key, {name: values[name] for name in names}
