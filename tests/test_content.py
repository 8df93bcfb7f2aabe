"""The content loader and renderer: locales, fallback, escaping, includes, file errors."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from hipback.content import FALLBACK_LOCALE, SUPPORTED_LOCALES, for_locale
from hipback.content.loader import ContentFileError, discover_locales, load_locale
from hipback.content.render import ssml_to_text

HOSTILE = """Tom & Jerry's <clinic> "best" ]]> {emergency}"""


def parse_speech(ssml: str) -> ET.Element:
    return ET.fromstring(f"<speak>{ssml}</speak>")


def test_supported_locales_are_the_locale_files() -> None:
    assert SUPPORTED_LOCALES == ("en-AU", "en-CA", "en-GB", "en-IN", "en-US", "es-ES", "es-MX",
                                 "es-US")


def test_for_locale_is_cached() -> None:
    assert for_locale("en-GB") is for_locale("en-GB")
    assert for_locale("fr-FR") is for_locale(None)


@pytest.mark.parametrize(("given", "expected"), [("en-GB", "en-GB"), ("en_gb", "en-GB"),
                                                 ("EN-us", "en-US")])
def test_locale_spelling_is_forgiving(given: str, expected: str) -> None:
    content = for_locale(given)
    assert content.supported
    assert content.locale == expected


@pytest.mark.parametrize("locale", [None, "", "en", "en-NZ", "en-ZA", "en-IE", "de-DE", "xx"])
def test_unsupported_locale_falls_back_without_a_number(locale: str | None) -> None:
    content = for_locale(locale)
    assert not content.supported
    assert content.locale == FALLBACK_LOCALE
    assert content.emergency_number == ""
    assert "your local emergency number" in content.text("welcome.first_run")
    assert "your local emergency number" in content.ssml("outcomes.emergency.speech")
    assert "a doctor or urgent care" in content.text("outcomes.urgent.speech")


@pytest.mark.parametrize(("locale", "number"), [("en-US", "911"), ("en-GB", "999")])
def test_emergency_number_is_spoken_as_digits(locale: str, number: str) -> None:
    content = for_locale(locale)
    assert content.emergency_number == number
    assert f'<say-as interpret-as="digits">{number}</say-as>' in content.ssml("welcome.first_run")
    assert number in content.text("welcome.first_run")


def test_urgent_help_and_er_are_the_locales() -> None:
    gb, us = for_locale("en-GB"), for_locale("en-US")
    assert "NHS 111 or your GP" in gb.text("outcomes.urgent.speech")
    assert "A and E" in gb.text("outcomes.emergency.speech")
    assert "urgent care" in us.text("outcomes.urgent.speech")
    assert "emergency room" in us.text("outcomes.emergency.speech")


def test_unknown_key_raises_key_error() -> None:
    content = for_locale("en-US")
    assert not content.has("outcomes.nowhere.speech")
    with pytest.raises(KeyError, match=r"outcomes\.nowhere\.speech"):
        content.ssml("outcomes.nowhere.speech")
    with pytest.raises(KeyError):
        content.text("outcomes")  # a table, not a string


def test_keys_are_dotted_leaf_strings() -> None:
    content = for_locale("en-GB")
    keys = content.keys()
    assert "outcomes.urgent.speech" in keys
    assert content.has("outcomes.urgent.speech")
    assert "outcomes.urgent" not in keys
    assert not any(key.startswith(("facts.", "base")) for key in keys)


@pytest.mark.parametrize("locale", ["en-US", "en-GB", None])
def test_parameters_are_escaped(locale: str | None) -> None:
    content = for_locale(locale)
    ssml = content.ssml("dialog.contact_configured", clinic_name=HOSTILE, phone="<&>")
    root = parse_speech(ssml)  # raises if anything broke the XML
    spoken = "".join(root.itertext())
    assert HOSTILE in spoken
    assert "<&>" in spoken
    assert "&" not in ssml.replace("&amp;", "").replace("&lt;", "").replace("&gt;", "").replace(
        "&quot;", "").replace("&apos;", "")
    # The placeholder-looking value is not filled in again.
    assert "{emergency}" in spoken
    text = content.text("dialog.contact_configured", clinic_name=HOSTILE, phone="<&>")
    assert HOSTILE in text
    assert "<&>" in text


def test_phone_is_read_as_a_telephone_number() -> None:
    content = for_locale("en-US")
    ssml = content.ssml("dialog.contact_configured", clinic_name="Main Street Clinic",
                        phone="+1 555 010 0199")
    phones = [el.text for el in parse_speech(ssml).iter("say-as")
              if el.get("interpret-as") == "telephone"]
    assert phones == ["+1 555 010 0199"]
    # The clinic name is not a phone number.
    assert "Main Street Clinic" not in str(phones)


def test_parameter_cannot_replace_a_locale_fact() -> None:
    with pytest.raises(ValueError, match="emergency"):
        for_locale("en-US").ssml("dialog.contact_configured", clinic_name="x", phone="1",
                                 emergency="112")


def test_missing_parameter_names_the_parameter() -> None:
    with pytest.raises(KeyError, match="phone"):
        for_locale("en-US").ssml("dialog.contact_configured", clinic_name="x")


def test_included_string_is_the_locales_own() -> None:
    for locale in SUPPORTED_LOCALES:
        content = for_locale(locale)
        # The card lists every caution; speech names the three most important.
        assert content.text("ibuprofen.card_text") in content.text("outcomes.self_care.card_text")
        assert content.text("ibuprofen.cautions") in content.text("topics.medication.standard")
        assert "include:" not in content.ssml("outcomes.self_care.card_text")


def test_ssml_to_text_keeps_paragraphs_and_words_apart() -> None:
    ssml = ('<p>One, <break time="300ms"/>two.</p><p><s>Three.</s><s>Four '
            '<emphasis level="moderate">now</emphasis>.</s></p> <say-as interpret-as="digits">'
            "999</say-as> &amp; &lt;b&gt; &quot;q&quot; &apos;a&apos; &amp;lt;")
    assert ssml_to_text(ssml) == "One, two.\nThree. Four now.\n999 & <b> \"q\" 'a' &lt;"


# ---- the loader, on files written for the test ----


def write(directory: Path, name: str, body: str) -> None:
    (directory / name).write_text(body, encoding="utf-8")


BASE = """
[facts]
no_emergency_number = "your local emergency number"
urgent_help = "a doctor"
er = "hospital"

[greeting]
hello = "Hello. Call {emergency}."
bye = "Bye. {include:greeting.hello}"
"""


def test_a_new_locale_is_just_a_file(tmp_path: Path) -> None:
    write(tmp_path, "en.toml", BASE)
    write(tmp_path, "en-AU.toml", 'base = "en"\n[facts]\nemergency_number = "000"\n'
                                  '[greeting]\nhello = "G\'day. Call {emergency}."\n')
    write(tmp_path, "notes.toml", "[x]\ny = 'not a locale'\n")
    assert discover_locales(str(tmp_path)) == ("en-AU",)
    files = load_locale("en-AU", str(tmp_path))
    assert files.strings["greeting.hello"] == "G'day. Call {emergency}."
    assert files.strings["greeting.bye"] == "Bye. G'day. Call {emergency}."
    assert files.facts["emergency_number"] == "000"
    assert "emergency_number" not in files.base_facts
    assert set(files.strings) == {"greeting.hello", "greeting.bye"}


@pytest.mark.parametrize(
    ("locale_body", "message"),
    [
        ("[greeting]\nhello = 'no base'\n", "base"),
        ('base = "en"\n[greeting]\nhello = 3\n', "greeting.hello"),
        ('base = "en"\n[greeting.hello]\nformal = "Good day."\n', "greeting.hello"),
        ('base = "en"\n[greeting]\nbye = "{include:greeting.nowhere}"\n', "greeting.nowhere"),
        ('base = "en"\n[facts]\nemergency_number = 0\n', "facts"),
        ('base = "en"\n[greeting\n', "en-ZZ.toml"),
    ],
)
def test_malformed_files_are_reported(tmp_path: Path, locale_body: str, message: str) -> None:
    write(tmp_path, "en.toml", BASE)
    write(tmp_path, "en-ZZ.toml", locale_body)
    with pytest.raises(ContentFileError, match=message):
        load_locale("en-ZZ", str(tmp_path))


def test_shared_content_cannot_be_changed_by_a_caller() -> None:
    content = for_locale("en-GB")
    with pytest.raises(TypeError):
        content.templates["welcome.first_run"] = "changed"  # type: ignore[index]
    with pytest.raises(TypeError):
        content.facts["emergency"] = "112"  # type: ignore[index]
    with pytest.raises(AttributeError):
        content.emergency_number = "112"  # type: ignore[misc]


def test_the_review_line_speaks_the_language_of_its_base_file() -> None:
    from types import MappingProxyType

    from hipback.content import _language_words
    from hipback.content.render import Content

    months = ("enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre "
              "diciembre")
    words = _language_words({"month_names": months, "list_and": "y"}, "es-ES")
    content = Content(
        locale="es-ES", supported=True, emergency_number="112", templates=MappingProxyType({}),
        facts=MappingProxyType({}), reviewed=MappingProxyType({"topics.sleep": "2026-11-02"}),
        sources=MappingProxyType({"topics.sleep": "nhs nice"}),
        source_names=MappingProxyType({"nhs": "el NHS", "nice": "NICE"}),
        sources_line="Según {names}. Revisado en {month}.", **words,
    )
    assert content.source_line("topics.sleep") == "Según el NHS y NICE. Revisado en noviembre 2026."
    with pytest.raises(ContentFileError, match="twelve"):
        _language_words({"month_names": "enero febrero"}, "es-ES")
    # English needs neither fact.
    assert _language_words({}, "en-GB") == {}
