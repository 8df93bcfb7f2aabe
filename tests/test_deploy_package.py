"""The Lambda zip: built reproducibly, within budget, and it answers Alexa on its own.

These tests run scripts/build_lambda.py, which installs the pinned requirements from PyPI.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import shutil
import subprocess
import sys
import uuid
import zipfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from devtools.read_only import set_writable, tree, unpack_read_only, unprivileged_prefix
from scripts.build_lambda import (
    BuildError,
    optimization,
    runtime_interpreter,
    runtime_python_version,
    source_files,
    stack_runtime,
)

ROOT = Path(__file__).resolve().parent.parent
BUILD_SCRIPT = ROOT / "scripts" / "build_lambda.py"
LAMBDA_DIR = ROOT / "lambda"
MAX_ZIP_BYTES = 3 * 1024 * 1024
# What the Lambda Python runtime provides beside the function's code.
RUNTIME_PACKAGES = ("boto3", "botocore", "s3transfer", "jmespath")

SKILL_ID = "amzn1.ask.skill.00000000-0000-4000-8000-000000000007"

# The zip's byte code is for the Lambda runtime's Python: run it with that version.
RUNTIME_VERSION = runtime_python_version()
# Unchecked hash-based .pyc (PEP 552): flags word 0b01, never compared with the source.
UNCHECKED_HASH_FLAGS = (1).to_bytes(4, "little")

# Builds the zip (pip, byte code) and starts fresh interpreters from it.
pytestmark = pytest.mark.slow


def run_build(output: Path, lambda_dir: Path) -> str:
    completed = subprocess.run(
        [
            sys.executable,
            str(BUILD_SCRIPT),
            "--output",
            str(output),
            "--lambda-dir",
            str(lambda_dir),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    return completed.stdout


@pytest.fixture(scope="module")
def sources(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A snapshot of lambda/, so that edits made while the tests run cannot change the zip."""
    snapshot = tmp_path_factory.mktemp("sources") / "lambda"
    shutil.copytree(LAMBDA_DIR, snapshot)
    return snapshot


@pytest.fixture(scope="module")
def runtime_python() -> str:
    return runtime_interpreter(RUNTIME_VERSION)


@pytest.fixture(scope="module")
def built_zip(
    tmp_path_factory: pytest.TempPathFactory, sources: Path
) -> Iterator[tuple[Path, str]]:
    output = tmp_path_factory.mktemp("build") / "lambda.zip"
    yield output, run_build(output, sources)


def test_build_reports_size_and_digest_and_stays_within_budget(
    built_zip: tuple[Path, str],
) -> None:
    path, stdout = built_zip
    data = path.read_bytes()
    assert len(data) <= MAX_ZIP_BYTES
    assert f"{len(data):,} bytes" in stdout
    assert hashlib.sha256(data).hexdigest() in stdout


def test_two_builds_give_identical_bytes(
    built_zip: tuple[Path, str], sources: Path, tmp_path: Path
) -> None:
    first, _ = built_zip
    second = tmp_path / "again.zip"
    run_build(second, sources)
    assert second.read_bytes() == first.read_bytes()


def test_zip_holds_sources_and_dependencies_but_no_boto3_or_pip_records(
    built_zip: tuple[Path, str], sources: Path
) -> None:
    path, _ = built_zip
    with zipfile.ZipFile(path) as zf:
        infos = zf.infolist()
    names = [info.filename for info in infos]
    assert names == sorted(names)
    assert all(info.date_time == (1980, 1, 1, 0, 0, 0) for info in infos)
    top_level = {name.split("/", 1)[0] for name in names}
    assert {"lambda_function.py", "hipback", "ask_sdk_core", "ask_sdk_model"} <= top_level
    assert not top_level & {"boto3", "botocore", "s3transfer", "bin"}
    assert not [n for n in names if n.endswith(".pyo") or ".opt-" in n]
    assert not [n for n in names if n.endswith(".dist-info/RECORD")]
    # Every file of the skill's own package ships, the compiled content and the lexicons
    # included; the content's TOML sources stay behind (the skill never reads them).
    package_files = {
        p.relative_to(sources).as_posix()
        for p in (sources / "hipback").rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
    }
    content_sources = {n for n in package_files
                       if n.startswith("hipback/content/") and n.endswith(".toml")}
    assert content_sources and not content_sources & set(names)
    assert package_files - content_sources <= set(names)
    compiled = {"hipback/content/compiled/en.json", "hipback/content/compiled/locales.json"}
    assert compiled <= set(names)


def test_only_the_ask_sdk_is_compiled_without_docstrings(tmp_path: Path) -> None:
    plain = tmp_path / "plain.py"
    plain.write_text('"""A module."""\nVALUE = 1\n')
    asserting = tmp_path / "asserting.py"
    asserting.write_text("def f(x):\n    assert x\n")
    reading = tmp_path / "reading.py"
    reading.write_text("NAME = f.__doc__\n")
    assert optimization("ask_sdk_model/request_envelope.py", plain) == 2
    assert optimization("ask_sdk_core/skill.py", plain) == 2
    assert optimization("requests/models.py", asserting) == 0
    assert optimization("hipback/skill.py", reading) == 0
    for source in (asserting, reading):
        with pytest.raises(BuildError, match="docstring or asserts"):
            optimization("ask_sdk_runtime/dispatch.py", source)


def test_the_shipped_sdk_has_no_docstrings_and_the_rest_keeps_theirs(
    built_zip: tuple[Path, str], runtime_python: str, tmp_path: Path
) -> None:
    path, _ = built_zip
    with zipfile.ZipFile(path) as zf:
        zf.extractall(tmp_path)
    probe = (
        "import sys; sys.path.insert(0, sys.argv[1]); "
        "from ask_sdk_model.request_envelope import RequestEnvelope; import requests, hipback; "
        "print(RequestEnvelope.__doc__ is None, requests.get.__doc__ is None, "
        "hipback.__doc__ is None)"
    )
    shown = subprocess.run(
        [runtime_python, "-S", "-c", probe, str(tmp_path)],
        capture_output=True, text=True, check=True,
    ).stdout.split()  # fmt: skip
    assert shown == ["True", "False", "False"]


def test_every_module_ships_as_unchecked_hash_byte_code_for_the_runtime(
    built_zip: tuple[Path, str], runtime_python: str
) -> None:
    path, _ = built_zip
    tag = "cpython-" + RUNTIME_VERSION.replace(".", "")
    magic = subprocess.run(
        [runtime_python, "-c", "import importlib.util, sys; "
         "sys.stdout.write(importlib.util.MAGIC_NUMBER.hex())"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    with zipfile.ZipFile(path) as zf:
        names = set(zf.namelist())
        headers = {n: zf.read(n)[:8] for n in names if n.endswith(".pyc")}
    own_prefixes = ("lambda_function.", "__pycache__/lambda_function.", "hipback/")
    own = {n for n in names if n.startswith(own_prefixes)}
    own_sources = {n for n in own if n.endswith(".py")}
    assert "hipback/__init__.py" in own_sources
    # The skill's own code keeps its sources (tracebacks) with its byte code in __pycache__ ...
    for source in own_sources:
        folder, _, file = source.rpartition("/")
        cached = f"{folder}/__pycache__/" if folder else "__pycache__/"
        assert f"{cached}{file[:-3]}.{tag}.pyc" in names, source
    # ... and a dependency's module is byte code only: no source, no __pycache__.
    dependencies = names - own
    assert "ask_sdk_core/skill.pyc" in dependencies
    assert "six.pyc" in dependencies and "six.py" not in dependencies
    assert not [n for n in dependencies if n.endswith(".py") or "__pycache__" in n]
    assert all(n.endswith(f".{tag}.pyc") for n in headers if "__pycache__" in n)
    assert {h[:4].hex() for h in headers.values()} == {magic}
    assert {h[4:8] for h in headers.values()} == {UNCHECKED_HASH_FLAGS}


def test_build_refuses_an_interpreter_of_another_version() -> None:
    with pytest.raises(BuildError, match=r"CPython 3\.99"):
        runtime_interpreter("3.99", sys.executable)
    with pytest.raises(BuildError, match=r"no python3\.99 was found"):
        runtime_interpreter("3.99")


def test_build_reads_the_runtime_the_stack_declares(tmp_path: Path) -> None:
    assert stack_runtime() == f"python{RUNTIME_VERSION}"
    config = json.loads((ROOT / "ask-resources.json").read_text(encoding="utf-8"))
    infrastructure = config["profiles"]["default"]["skillInfrastructure"]
    infrastructure["userConfig"]["runtime"] = "python3.12"
    other = tmp_path / "ask-resources.json"
    other.write_text(json.dumps(config), encoding="utf-8")
    with pytest.raises(BuildError, match="make them the same"):
        runtime_python_version(other)


def test_source_selection_ships_code_and_content_but_not_local_clutter(tmp_path: Path) -> None:
    files = {
        "lambda_function.py", "hipback/__init__.py", "hipback/content/en-GB.toml",
        "hipback/content/compiled/en-GB.json", "hipback/triage/lexicon/en.toml",
        "requirements.txt", "hipback/__pycache__/x.cpython-311.pyc", "hipback/tests/test_x.py",
        ".DS_Store", "hipback/.hidden", "build/lambda_function.py", "build.zip",
        "hipback/local.sqlite3",
    }  # fmt: skip
    for name in files:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    shipped = {name for name, _ in source_files(tmp_path)}
    # The skill speaks from compiled/, not the content's TOML sources; it reads the lexicon.
    assert shipped == {"lambda_function.py", "hipback/__init__.py",
                       "hipback/content/compiled/en-GB.json", "hipback/triage/lexicon/en.toml"}


def sentence_request() -> dict[str, Any]:
    """A one-shot sign said in words no slot value matches (ER_SUCCESS_NO_MATCH)."""
    envelope = launch_request("en-US")
    authority = f"amzn1.er-authority.echo-sdk.{SKILL_ID}.WARNING_SIGN"
    slot = {
        "name": "symptom",
        "value": "my bum's gone sort of numb",
        "confirmationStatus": "NONE",
        "resolutions": {"resolutionsPerAuthority": [
            {"authority": authority, "status": {"code": "ER_SUCCESS_NO_MATCH"}}
        ]},
    }
    envelope["request"] = {
        **envelope["request"],
        "type": "IntentRequest",
        "intent": {"name": "ReportSymptomIntent", "confirmationStatus": "NONE",
                   "slots": {"symptom": slot}},
    }
    return envelope


def launch_request(locale: str) -> dict[str, Any]:
    """A LaunchRequest envelope in the format Alexa sends."""
    application = {"applicationId": SKILL_ID}
    user = {"userId": "amzn1.ask.account.DEPLOYTEST"}
    return {
        "version": "1.0",
        "session": {
            "new": True,
            "sessionId": f"amzn1.echo-api.session.{uuid.uuid4()}",
            "application": application,
            "attributes": {},
            "user": user,
        },
        "context": {
            "System": {
                "application": application,
                "user": user,
                "device": {"deviceId": "amzn1.ask.device.DEPLOYTEST", "supportedInterfaces": {}},
                "apiEndpoint": "https://api.amazonalexa.com",
                "apiAccessToken": "not-a-real-token",
            }
        },
        "request": {
            "type": "LaunchRequest",
            "requestId": f"amzn1.echo-api.request.{uuid.uuid4()}",
            "timestamp": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "locale": locale,
            "shouldLinkResultBeReturned": False,
        },
    }


# Runs in the fresh interpreter: only the unpacked zip and the runtime's packages on its path.
PROBE = """
import json, resource, sys
zip_dir, runtime_dir, event_file, result_file = sys.argv[1:5]
sys.path[:0] = [zip_dir, runtime_dir]

class Context:
    function_name = "hipback-deploy-test"
    aws_request_id = "deploy-test"
    def get_remaining_time_in_millis(self):
        return 7000

import lambda_function
events = json.load(open(event_file))
responses = [lambda_function.lambda_handler(event, Context()) for event in events]
# The runtime's boto3 must work with the zip's urllib3 and dateutil: build a client (no call).
from hipback.persistence.dynamodb import default_client
default_client()
import ask_sdk_core, boto3
json.dump({
    "responses": responses,
    "files": {"ask_sdk_core": ask_sdk_core.__file__, "boto3": boto3.__file__},
    "path": sys.path,
    "max_rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
}, open(result_file, "w"))
"""


def runtime_packages_dir(directory: Path) -> Path:
    """A directory holding only what the Lambda runtime provides (boto3 and its own needs)."""
    directory.mkdir()
    for name in RUNTIME_PACKAGES:
        spec = importlib.util.find_spec(name)
        assert spec is not None and spec.origin is not None, f"{name} is not installed"
        (directory / name).symlink_to(Path(spec.origin).parent, target_is_directory=True)
    return directory


def test_unpacked_zip_answers_a_launch_request_in_a_fresh_interpreter(
    built_zip: tuple[Path, str], tmp_path: Path, runtime_python: str
) -> None:
    path, _ = built_zip
    zip_dir = tmp_path / "task"
    zip_dir.mkdir()
    with zipfile.ZipFile(path) as zf:
        zf.extractall(zip_dir)
    runtime_dir = runtime_packages_dir(tmp_path / "runtime")
    event_file = tmp_path / "events.json"
    event_file.write_text(
        json.dumps([launch_request("en-US"), launch_request("en-GB"), sentence_request()])
    )
    result_file = tmp_path / "result.json"
    workdir = tmp_path / "cwd"
    workdir.mkdir()
    environment = {
        "AWS_LAMBDA_FUNCTION_NAME": "hipback-deploy-test",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_REGION": "us-east-1",
        "SKILL_ID": SKILL_ID,
        "HIPBACK_STORE": "none",  # no table here; persistence has its own tests
        "LANG": "C.UTF-8",
    }
    # -I: ignore PYTHON* variables, the user's site directory and the script's directory;
    # -S: no site module, so not even this virtualenv's site-packages is on the path;
    # -B: write no byte code for the runtime's boto3, which is this virtualenv's.
    completed = subprocess.run(
        [runtime_python, "-I", "-S", "-B", "-c", PROBE,
         str(zip_dir), str(runtime_dir), str(event_file), str(result_file)],
        capture_output=True, text=True, check=False, timeout=120, cwd=workdir, env=environment,
    )  # fmt: skip
    assert completed.returncode == 0, completed.stderr
    result = json.loads(result_file.read_text())

    assert not [entry for entry in result["path"] if "site-packages" in entry]
    assert result["files"]["ask_sdk_core"].startswith(str(zip_dir))
    assert result["files"]["boto3"].startswith(str(runtime_dir))
    for response in result["responses"]:
        assert response["version"] == "1.0"
        speech = response["response"]["outputSpeech"]
        assert speech["type"] == "SSML"
        assert speech["ssml"].startswith("<speak>") and speech["ssml"].endswith("</speak>")
        assert len(speech["ssml"]) > len("<speak></speak>") + 10
    # The words Alexa could not match are read with the shipped lexicon: an emergency.
    assert "911" in result["responses"][-1]["response"]["outputSpeech"]["ssml"]
    assert not list(workdir.iterdir()), "the handler wrote to its working directory"
    # The stack gives the function 512 MB (infrastructure/cfn-deployer/skill-stack.yaml).
    assert result["max_rss_kb"] < 512 * 1024


# Imports the skill as Lambda's bootstrap does and answers a LaunchRequest, then reports which
# of the zip's modules were loaded without compiling their source.
COLD_PROBE = """
import importlib._bootstrap_external as external, json, sys
zip_dir, event_file = sys.argv[1:3]
compiled = []
compile_source = external.SourceLoader.source_to_code
def recording(self, data, path, **kwargs):
    compiled.append(path)  # called only when a module's byte code is missing or unusable
    return compile_source(self, data, path, **kwargs)
external.SourceLoader.source_to_code = recording
sys.path.insert(0, zip_dir)
import lambda_function
lambda_function.lambda_handler(json.load(open(event_file)), None)
origins = [getattr(m.__spec__, "origin", None) or "" for m in list(sys.modules.values())
           if getattr(m, "__spec__", None)]
print(json.dumps({"compiled": compiled,
                  "zip_modules": sum(o.startswith(zip_dir) for o in origins)}))
"""


def test_cold_start_from_a_read_only_zip_uses_byte_code_and_prints_nothing(
    built_zip: tuple[Path, str], tmp_path: Path, runtime_python: str
) -> None:
    # Lambda's /var/task: read-only, so nothing compiled there can be cached. Compiling the
    # SDK from source there would also print its SyntaxWarnings on every cold start.
    path, _ = built_zip
    zip_dir = unpack_read_only(path, tmp_path / "task")
    before = tree(zip_dir)
    event_file = tmp_path / "launch.json"
    event_file.write_text(json.dumps(launch_request("en-US")))
    environment = {"HIPBACK_STORE": "none", "SKILL_ID": SKILL_ID, "LANG": "C.UTF-8"}
    # -I ignores PYTHONDONTWRITEBYTECODE and PYTHONPYCACHEPREFIX, so Python would write
    # byte code if it could, and reads it only from beside the modules.
    completed = subprocess.run(
        [*unprivileged_prefix(), runtime_python, "-I", "-S", "-c", COLD_PROBE,
         str(zip_dir), str(event_file)],
        capture_output=True, text=True, check=False, timeout=120, env=environment,
        cwd=tmp_path,
    )  # fmt: skip
    set_writable(zip_dir, writable=True)  # so that pytest can remove it
    assert completed.returncode == 0, completed.stderr
    assert completed.stderr == ""
    report = json.loads(completed.stdout)
    assert report["zip_modules"] > 200  # the SDK, its model and the skill were imported
    assert report["compiled"] == []
    assert tree(zip_dir) == before, "the run wrote into the read-only directory"
