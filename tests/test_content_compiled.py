"""The skill speaks from compiled.json: it must say exactly what the TOML files say."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from hipback.content.loader import COMPILED_FILE, compile_locales, compiled_json, read_compiled
from scripts import compile_content

ROOT = Path(__file__).resolve().parent.parent


def test_compiled_content_matches_the_toml_files() -> None:
    committed = Path(COMPILED_FILE).read_text(encoding="utf-8")
    assert committed == compiled_json(), "run `make content` and commit compiled.json"


def test_the_check_command_fails_on_stale_content_and_make_content_fixes_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "compiled.json"
    target.write_text(compiled_json().replace("911", "912"), encoding="utf-8")
    monkeypatch.setattr(compile_content, "COMPILED_FILE", str(target))
    assert compile_content.main(["--check"]) == 1
    assert "make content" in capsys.readouterr().err
    assert compile_content.main([]) == 0
    assert target.read_text(encoding="utf-8") == compiled_json()
    assert compile_content.main(["--check"]) == 0


def test_without_a_compiled_file_the_toml_files_are_compiled_in_memory(tmp_path: Path) -> None:
    content_dir = Path(COMPILED_FILE).parent
    for toml in content_dir.glob("*.toml"):
        (tmp_path / toml.name).write_bytes(toml.read_bytes())
    loaded = read_compiled(str(tmp_path / "compiled.json"))
    assert {locale: files._asdict() for locale, files in loaded.items()} == json.loads(
        json.dumps(compile_locales(str(content_dir)))
    )


def test_the_skill_does_not_parse_toml_when_compiled() -> None:
    probe = (
        "import sys; import hipback.content as c; c.for_locale('en-GB');"
        " print('tomllib' in sys.modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(ROOT / "lambda")},
    )
    assert done.stdout.strip() == "False"


def test_the_compiled_file_keeps_a_languages_shared_words_once_and_loses_nothing() -> None:
    data = json.loads(Path(COMPILED_FILE).read_text(encoding="utf-8"))
    whole = compile_locales(str(Path(COMPILED_FILE).parent))
    # Each locale carries only what differs from what its language's locales share.
    shared = data["shared"]["en"]["strings"]
    assert "welcome.first_run" in shared
    assert all("welcome.first_run" not in data["locales"][locale]["strings"] for locale in whole)
    assert data["locales"]["en-GB"]["strings"]["outcomes.prompt.card_title"] != shared.get(
        "outcomes.prompt.card_title")
    read_compiled.cache_clear()
    loaded = read_compiled()
    assert {locale: files._asdict() for locale, files in loaded.items()} == json.loads(
        json.dumps(whole)
    )
