"""The skill speaks from the compiled files: they must say exactly what the TOML files say."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from hipback.content.loader import (
    COMPILED_DIR,
    CONTENT_DIR,
    compile_locales,
    compiled_files,
    compiled_locales,
    read_locale,
)
from scripts import compile_content

ROOT = Path(__file__).resolve().parent.parent


def committed() -> dict[str, str]:
    return {path.name: path.read_text(encoding="utf-8") for path in Path(COMPILED_DIR).iterdir()}


def test_compiled_content_matches_the_toml_files() -> None:
    assert committed() == compiled_files(), "run `make content` and commit compiled/"


def test_the_check_command_fails_on_stale_content_and_make_content_fixes_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "compiled"
    shutil.copytree(COMPILED_DIR, target)
    english = target / "en.json"
    english.write_text(english.read_text(encoding="utf-8").replace("911", "912"), encoding="utf-8")
    (target / "xx.json").write_text("{}\n", encoding="utf-8")  # a language since removed
    monkeypatch.setattr(compile_content, "COMPILED_DIR", str(target))
    assert compile_content.main(["--check"]) == 1
    assert "make content" in capsys.readouterr().err
    assert compile_content.main([]) == 0
    assert {path.name: path.read_text(encoding="utf-8") for path in target.iterdir()} == (
        compiled_files()
    )
    assert compile_content.main(["--check"]) == 0


def test_without_compiled_files_the_toml_files_are_compiled_in_memory(tmp_path: Path) -> None:
    for toml in Path(CONTENT_DIR).glob("*.toml"):
        (tmp_path / toml.name).write_bytes(toml.read_bytes())
    missing = str(tmp_path / "compiled")
    whole = compile_locales(CONTENT_DIR)
    assert compiled_locales(missing) == tuple(sorted(whole))
    for locale in ("en-GB", "es-ES"):
        assert read_locale(locale, missing)._asdict() == json.loads(json.dumps(whole[locale]))


def test_the_skill_reads_only_its_own_languages_file_and_no_toml() -> None:
    probe = (
        "import builtins, sys; opened = []; real = builtins.open\n"
        "def spy(file, *args, **kwargs):\n"
        "    opened.append(str(file)); return real(file, *args, **kwargs)\n"
        "builtins.open = spy\n"
        "import hipback.content as c; c.for_locale('en-GB')\n"
        "print(sorted(p.rsplit('/', 1)[-1] for p in opened if p.endswith('.json')))\n"
        "print('tomllib' in sys.modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(ROOT / "lambda")},
    )
    assert done.stdout.split("\n")[:2] == ["['en.json', 'locales.json']", "False"]


def test_the_compiled_files_keep_a_languages_shared_words_once_and_lose_nothing() -> None:
    files = {name: json.loads(text) for name, text in committed().items()}
    whole = compile_locales(CONTENT_DIR)
    # Each locale carries only what differs from what its language's locales share.
    english = files["en.json"]
    shared = english["shared"]["strings"]
    assert "welcome.first_run" in shared
    assert all("welcome.first_run" not in own["strings"] for own in english["locales"].values())
    own = english["locales"]["en-GB"]["strings"]
    assert own and all(shared.get(key) != value for key, value in own.items())
    assert compiled_locales() == tuple(sorted(whole))
    for locale, tables in whole.items():
        assert read_locale(locale)._asdict() == json.loads(json.dumps(tables))
