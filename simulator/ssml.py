"""Render the skill's SSML as the plain text a person would hear."""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET

# Tags that end a sentence or paragraph when spoken; rendered as a gap so words do not run together.
_BLOCK_TAGS = frozenset({"p", "s", "break"})
_SPACES = re.compile(r"[ \t\r\f\v]+")
_SPACE_BEFORE_PUNCTUATION = re.compile(r" +([,.;:!?])")
_TAG = re.compile(r"<[^>]*>")


class SsmlError(ValueError):
    """The speech is not well-formed SSML: Alexa would reject the whole response."""


def _local_name(tag: str) -> str:
    # amazon:domain and amazon:emotion are namespaced once parsed; the local part is enough here.
    return tag.rsplit("}", 1)[-1].rsplit(":", 1)[-1]


def _spaced_digits(text: str) -> str:
    return " ".join(ch for ch in text if not ch.isspace())


def _telephone(text: str, for_voice: bool) -> str:
    # On screen a number reads best as written; a speech engine needs the digits one by one,
    # group by group, as Alexa reads them.
    if not for_voice:
        return text.strip()
    groups = [g for g in re.split(r"[^0-9A-Za-z+]+", text) if g]
    return ", ".join(_spaced_digits(g) for g in groups)


def _render(element: ET.Element, for_voice: bool, out: list[str]) -> None:
    name = _local_name(element.tag)
    if name == "sub":
        out.append(element.get("alias", element.text or ""))
    elif name == "say-as":
        inner = "".join(element.itertext())
        interpret = element.get("interpret-as", "")
        if interpret == "telephone":
            out.append(_telephone(inner, for_voice))
        elif interpret in {"digits", "spell-out", "characters"}:
            out.append(_spaced_digits(inner))
        else:
            out.append(inner)
    elif name == "audio":
        out.append(" [audio] ")
    else:
        if name in _BLOCK_TAGS:
            out.append("\n" if name == "p" else " ")
        if element.text:
            out.append(element.text)
        for child in element:
            _render(child, for_voice, out)
            if child.tail:
                out.append(child.tail)
        if name in _BLOCK_TAGS:
            out.append("\n" if name == "p" else " ")


def _tidy(text: str) -> str:
    lines = [_SPACE_BEFORE_PUNCTUATION.sub(r"\1", _SPACES.sub(" ", line)).strip()
             for line in text.split("\n")]
    return " ".join(line for line in lines if line)


def check_ssml(ssml: str) -> None:
    """Raise SsmlError when Alexa would refuse this speech (unescaped '&', '<', bad nesting)."""
    try:
        root = ET.fromstring(_declare_amazon_namespace(ssml))
    except ET.ParseError as error:
        raise SsmlError(f"not well-formed SSML ({error}): {ssml[:200]}") from error
    if _local_name(root.tag) != "speak":
        raise SsmlError(f"SSML must be wrapped in <speak>: {ssml[:200]}")


def _declare_amazon_namespace(ssml: str) -> str:
    # Alexa accepts amazon:* tags without declaring the prefix; a strict XML parser does not.
    if "amazon:" in ssml and "xmlns:amazon" not in ssml:
        return re.sub(r"<speak\b", '<speak xmlns:amazon="urn:amazon"', ssml, count=1)
    return ssml


def ssml_to_text(ssml: str, for_voice: bool = False) -> str:
    """Plain text of an SSML string; entities unescaped, say-as read sensibly.

    Text that does not parse (already a bug, reported by check_ssml) is still rendered, by
    stripping tags, so the conversation can go on.
    """
    try:
        root = ET.fromstring(_declare_amazon_namespace(ssml))
    except ET.ParseError:
        return _tidy(html.unescape(_TAG.sub(" ", ssml)))
    out: list[str] = []
    _render(root, for_voice, out)
    return _tidy("".join(out))
