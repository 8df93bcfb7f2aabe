"""Whether the skill's SSML is speech Alexa would accept. What it says as plain text is the
skill's own renderer's (hipback.content.render.ssml_to_text)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET


class SsmlError(ValueError):
    """The speech is not well-formed SSML: Alexa would reject the whole response."""


def _local_name(tag: str) -> str:
    # amazon:domain and amazon:emotion are namespaced once parsed; the local part is enough here.
    return tag.rsplit("}", 1)[-1].rsplit(":", 1)[-1]


def parse_ssml(ssml: str) -> ET.Element:
    """The SSML as XML (ET.ParseError when it is not well-formed).

    Alexa accepts amazon:* tags without declaring the prefix; a strict XML parser does not.
    """
    if "amazon:" in ssml and "xmlns:amazon" not in ssml:
        ssml = re.sub(r"<speak\b", '<speak xmlns:amazon="urn:amazon"', ssml, count=1)
    return ET.fromstring(ssml)


def check_ssml(ssml: str) -> None:
    """Raise SsmlError when Alexa would refuse this speech (unescaped '&', '<', bad nesting)."""
    try:
        root = parse_ssml(ssml)
    except ET.ParseError as error:
        raise SsmlError(f"not well-formed SSML ({error}): {ssml[:200]}") from error
    if _local_name(root.tag) != "speak":
        raise SsmlError(f"SSML must be wrapped in <speak>: {ssml[:200]}")
