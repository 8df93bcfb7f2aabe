"""Speech that knows which content it was made of, so that it can be said again safely.

Repeat must say the last question again, but what the skill keeps between turns lives in
session attributes, which come back from the device and cannot be trusted. So the skill keeps
only the content keys of what it said, never the SSML nor any parameter value, and renders
them again from its own content on Repeat, with parameter values from its configuration:
forged attributes can at worst name other content.

The keys are kept as one space-separated string (content keys have no spaces): the SDK
deep-copies and serializes session attributes on every turn, and one string costs least.
"""

from __future__ import annotations

from collections.abc import Mapping

from hipback.content import Content

# The longest speech the skill builds joins fewer than ten pieces of content.
MAX_PARTS = 16


class Speech(str):
    """An SSML fragment, and the content keys it was rendered from, in order."""

    keys: tuple[str, ...]

    def __new__(cls, ssml: str, keys: tuple[str, ...]) -> Speech:
        speech = super().__new__(cls, ssml)
        speech.keys = keys
        return speech

    @classmethod
    def of(cls, content: Content, key: str, params: Mapping[str, str]) -> Speech:
        return cls(content.ssml(key, **params), (key,))

    @classmethod
    def joined(cls, *pieces: str) -> str:
        """The pieces said one after another; a Speech when every piece is one."""
        said = [piece for piece in pieces if piece]
        text = " ".join(said)
        if not all(isinstance(piece, Speech) for piece in said):
            return text  # words that are not content cannot be said again from it
        return cls(text, tuple(key for piece in said for key in piece.keys))  # type: ignore[attr-defined]

    @staticmethod
    def keys_of(speech: str) -> tuple[str, ...]:
        """The content keys `speech` was made of; none when it was not made of content."""
        return speech.keys if isinstance(speech, Speech) else ()

    @staticmethod
    def kept(speech: str | None) -> str | None:
        """What to keep in the session to say `speech` again, or None when it cannot be."""
        if not isinstance(speech, Speech) or not 0 < len(speech.keys) <= MAX_PARTS:
            return None
        return " ".join(speech.keys)

    @staticmethod
    def render(content: Content, kept: object, values: Mapping[str, str]) -> Speech | None:
        """Speech rendered again from what `kept` returned, its parameters filled from
        `values` (the skill's own), or None when what was kept is not ours."""
        if not isinstance(kept, str):
            return None
        keys = kept.split(" ")
        if len(keys) > MAX_PARTS or not all(content.has(key) for key in keys):
            return None
        try:
            # A template ignores values it does not name; one naming a value the configuration
            # does not give cannot be said again.
            return Speech(" ".join(content.ssml(key, **values) for key in keys), tuple(keys))
        except (KeyError, ValueError):
            return None
