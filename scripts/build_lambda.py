"""Build the Lambda deployment zip (build/lambda.zip) reproducibly.

    python scripts/build_lambda.py [--output PATH] [--lambda-dir DIR]   (also: make build)

What goes in:
- the pinned runtime dependencies of lambda/requirements.txt, installed by pip from PyPI as
  wheels for the Lambda platform (Linux, arm64, the CPython version of the runtime named in
  ask-resources.json), whatever machine runs the build;
- the sources under lambda/ (lambda_function.py, the hipback package and its content files),
  without caches, tests or requirements.txt.

boto3 is not shipped: the Lambda Python runtime provides boto3 and botocore. Bundling them
would break the 3 MB budget below (botocore alone is over 30 MB unpacked; the budget keeps the
function viewable in the Lambda console and the upload quick), and AWS maintains the runtime's
copy. The skill only calls DynamoDB's GetItem, UpdateItem and PutItem, with client options
(timeouts, the standard retry mode) that botocore has had since 2020, and the python3.12 and
python3.13 runtimes ship a far newer boto3, so relying on the runtime's copy is no risk. The
build fails if a dependency pulls boto3 or botocore in.

Byte code: Lambda's /var/task is read-only, so Python cannot cache what it compiles there and a
cold start would compile every imported module from source (and print the SDK's SyntaxWarnings
for invalid escape sequences). The zip therefore carries byte code for every module, compiled
by a CPython of the runtime's minor version (the stack's LambdaRuntime and ask-resources.json
must agree; the build fails if they do not, or if no such interpreter is found: --python or
LAMBDA_PYTHON names one) as unchecked hash-based .pyc files, which never depend on timestamps
and are used without reading the source. The skill's own code keeps its sources beside its
__pycache__, so its tracebacks show the failing lines; the dependencies ship as byte code only
(module.pyc in place of module.py): sources and byte code of everything would be about 4.5 MB,
over the budget below, and their tracebacks still name the file and line of a pinned version.
The zip therefore runs only on the runtime it was built for.

Amazon's ask-sdk packages are compiled without their docstrings (optimization level 2): the
model classes carry long ones, and dropping them takes about 200 KB off the zip and off what a
cold start unmarshals. Level 2 also drops assert statements, so the build fails if such a package
has one, or reads a docstring (`__doc__`); a sourceless .pyc is loaded whatever the interpreter's
own optimization level.

Reproducible: entries are sorted, every timestamp is 1980-01-01 and every mode 0644, byte code
is compiled in a fixed order with a fixed hash seed (set constants are written in hash order),
and the files pip writes that depend on the building machine or the moment (RECORD, INSTALLER,
REQUESTED, direct_url.json, console scripts, pip's own byte code) are left out, so two builds
from the same commit give the same bytes. The script prints the size and the SHA-256.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

ROOT = Path(__file__).resolve().parent.parent
LAMBDA_DIR = ROOT / "lambda"
ASK_RESOURCES = ROOT / "ask-resources.json"
STACK_TEMPLATE = ROOT / "infrastructure" / "cfn-deployer" / "skill-stack.yaml"
DEFAULT_OUTPUT = ROOT / "build" / "lambda.zip"

# The Lambda console stops offering its code editor above 3 MB; a skill this size has no
# reason to be bigger.
MAX_ZIP_BYTES = 3 * 1024 * 1024
PLATFORM = "manylinux2014_aarch64"  # matches Architectures: [arm64] in the stack
PROVIDED_BY_RUNTIME = frozenset({"boto3", "botocore", "s3transfer"})

FIXED_DATE_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest a zip can record
FILE_MODE = 0o100644 << 16  # regular file, rw-r--r--, in the zip's external attributes

# Left out of the sources: caches, tests, hidden files, local state, what is only for the build,
# and the copy of lambda/ that older ASK CLI versions build in lambda/build.
EXCLUDED_NAMES = frozenset({"__pycache__", "tests", "requirements.txt"})
EXCLUDED_TOP_LEVEL = frozenset({"build", "build.zip"})
EXCLUDED_SUFFIXES = (".pyc", ".pyo", ".sqlite3")
# The content's TOML sources: the skill speaks from compiled/ (hipback/content/loader.py),
# so the sources of eight locales would only add to the package.
EXCLUDED_SOURCE_DIRS: dict[tuple[str, ...], str] = {("hipback", "content"): ".toml"}
# Written by pip, different on every machine or every install.
PIP_NOISE = frozenset({"RECORD", "INSTALLER", "REQUESTED", "direct_url.json"})

# The stack's LambdaRuntime parameter and its default, read as text so that the build needs no
# YAML parser (hooks/build.sh may run it with a bare python3).
STACK_RUNTIME = re.compile(r"^  LambdaRuntime:\n(?:    .*\n)*?    Default: (\S+)$", re.MULTILINE)
VERSION_PROBE = "import sys; print(sys.implementation.name, '%d.%d' % sys.version_info[:2])"
# Run by the runtime's interpreter: compile each (source, .pyc to write, name in tracebacks).
COMPILER = """\
import json, py_compile, sys, warnings
# The SDK's invalid escape sequences warn here, at build time, instead of on every cold start.
warnings.simplefilter("ignore", SyntaxWarning)
for source, pyc, name, optimize in json.load(sys.stdin):
    py_compile.compile(source, cfile=pyc, dfile=name, doraise=True, optimize=optimize,
                       invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH)
"""
# The dependencies compiled without docstrings (see the module's docstring), and what in their
# sources would make that change how they run.
WITHOUT_DOCSTRINGS = ("ask_sdk_model/", "ask_sdk_core/", "ask_sdk_runtime/")
NEEDS_DOCSTRINGS_OR_ASSERTS = re.compile(r"\b__doc__\b|^\s*assert\b", re.MULTILINE)


class BuildError(Exception):
    """The zip cannot be built as specified."""


@dataclass(frozen=True)
class BuildResult:
    path: Path
    size: int
    sha256: str
    entries: int


def stack_runtime(template: Path = STACK_TEMPLATE) -> str:
    """The default of the stack's LambdaRuntime parameter ("python3.13")."""
    match = STACK_RUNTIME.search(template.read_text(encoding="utf-8"))
    if match is None:
        raise BuildError(f"{template.name}: no default for the LambdaRuntime parameter")
    return match.group(1).strip("'\"")


def runtime_python_version(
    ask_resources: Path = ASK_RESOURCES, template: Path = STACK_TEMPLATE
) -> str:
    """The CPython version ("3.13") of the runtime that the stack and ask-resources.json declare.

    The ASK CLI passes ask-resources.json's runtime to the stack; a plain `aws cloudformation
    deploy` takes the template's default. The byte code fits one of them only, so they must agree.
    """
    config = json.loads(ask_resources.read_text(encoding="utf-8"))
    runtime = config["profiles"]["default"]["skillInfrastructure"]["userConfig"]["runtime"]
    if not isinstance(runtime, str) or not runtime.startswith("python3."):
        raise BuildError(f"ask-resources.json: runtime {runtime!r} is not a Python 3 runtime")
    declared = stack_runtime(template)
    if declared != runtime:
        raise BuildError(
            f"ask-resources.json deploys {runtime} but {template.name}'s LambdaRuntime defaults "
            f"to {declared}: the byte code can match only one; make them the same"
        )
    return runtime.removeprefix("python")


def interpreter_version(python: str) -> str | None:
    """What the interpreter says it is ("cpython 3.13"), or None if it does not run."""
    try:
        completed = subprocess.run(
            [python, "-c", VERSION_PROBE], capture_output=True, text=True, check=False, timeout=60
        )
    except OSError:
        return None
    return completed.stdout.strip() if completed.returncode == 0 else None


def candidate_interpreters(version: str) -> list[str]:
    """Where a CPython of the runtime's version may be: this one, PATH, pyenv's versions."""
    found = [sys.executable, shutil.which(f"python{version}")]
    # pyenv installs versions that its shims refuse to run unless selected, so look behind them.
    pyenv_root = Path(os.environ.get("PYENV_ROOT") or Path.home() / ".pyenv")
    found += sorted(str(p) for p in pyenv_root.glob(f"versions/{version}.*/bin/python{version}"))
    return [candidate for candidate in found if candidate]


def runtime_interpreter(version: str, requested: str | None = None) -> str:
    """A CPython of the runtime's minor version, to compile the byte code with.

    Byte code is specific to a minor version: compiled by another one, Lambda would ignore the
    __pycache__ files and refuse the sourceless ones.
    """
    wanted = f"cpython {version}"
    if requested:
        reported = interpreter_version(requested)
        if reported != wanted:
            raise BuildError(
                f"{requested} is {reported or 'not a working interpreter'}, but the Lambda "
                f"runtime python{version} needs byte code compiled by CPython {version}"
            )
        return requested
    for candidate in candidate_interpreters(version):
        if interpreter_version(candidate) == wanted:
            return candidate
    raise BuildError(
        f"the Lambda runtime is python{version} (the stack's LambdaRuntime), so its byte code "
        f"must be compiled by CPython {version}, but this is Python "
        f"{platform.python_version()} and no python{version} was found on PATH or under "
        "pyenv: name one with --python or LAMBDA_PYTHON"
    )


def install_dependencies(requirements: Path, target: Path, python_version: str) -> None:
    """pip-install the pinned requirements into target as wheels for the Lambda platform."""
    command = [
        sys.executable, "-m", "pip", "install",
        "--quiet", "--disable-pip-version-check", "--no-compile",
        "--target", str(target),
        "--only-binary=:all:",
        "--platform", PLATFORM,
        "--implementation", "cp",
        "--python-version", python_version,
        "--requirement", str(requirements),
    ]  # fmt: skip
    completed = subprocess.run(command, capture_output=True, text=True, check=False)
    if completed.returncode != 0:
        raise BuildError(f"pip install failed:\n{completed.stdout}{completed.stderr}")
    bundled = {path.name for path in target.iterdir()} & PROVIDED_BY_RUNTIME
    if bundled:
        raise BuildError(
            f"{', '.join(sorted(bundled))} would be shipped; the Lambda runtime provides them "
            "(see this script's docstring): remove whatever requires them"
        )


def _is_excluded(relative: Path) -> bool:
    return (
        relative.parts[0] in EXCLUDED_TOP_LEVEL
        or any(part in EXCLUDED_NAMES or part.startswith(".") for part in relative.parts)
        or relative.name.endswith(EXCLUDED_SUFFIXES)
        or relative.name.endswith(EXCLUDED_SOURCE_DIRS.get(relative.parts[:-1], "\0"))
    )


def source_files(lambda_dir: Path) -> Iterator[tuple[str, Path]]:
    """(name in the zip, file) for every source file under lambda/ that ships."""
    for path in lambda_dir.rglob("*"):
        relative = path.relative_to(lambda_dir)
        if path.is_file() and not _is_excluded(relative):
            yield relative.as_posix(), path


def dependency_files(target: Path) -> Iterator[tuple[str, Path]]:
    """(name in the zip, file) for every installed dependency file that ships."""
    for path in target.rglob("*"):
        relative = path.relative_to(target)
        if not path.is_file() or relative.parts[0] == "bin":  # console scripts: not needed
            continue
        if "__pycache__" in relative.parts or relative.name.endswith((".pyc", ".pyo")):
            continue
        if relative.parts[0].endswith(".dist-info") and relative.name in PIP_NOISE:
            continue
        yield relative.as_posix(), path


def byte_code_name(name: str, own_code: bool, version: str) -> str:
    """Where a module's byte code goes in the zip.

    The skill's own modules keep their sources, with the byte code in __pycache__ under the
    runtime's cache tag; a dependency's module.pyc replaces its module.py (sourceless import).
    """
    if not own_code:
        return name + "c"
    path = PurePosixPath(name)
    tag = "cpython-" + version.replace(".", "")
    return str(path.parent / "__pycache__" / f"{path.stem}.{tag}.pyc")


def optimization(name: str, source: Path) -> int:
    """The optimization level a module is compiled at: 2 (no docstrings) for the ask-sdk
    packages, whose code must then neither read a docstring nor assert anything."""
    if not name.startswith(WITHOUT_DOCSTRINGS):
        return 0
    if NEEDS_DOCSTRINGS_OR_ASSERTS.search(source.read_text(encoding="utf-8")):
        raise BuildError(f"{name} reads a docstring or asserts: it cannot be compiled without them")
    return 2


def add_byte_code(
    files: dict[str, Path], own: set[str], python: str, version: str, directory: Path
) -> dict[str, Path]:
    """The files to ship once every module is compiled (into directory) by the runtime's Python."""
    shipped = dict(files)
    jobs: list[tuple[str, str, str, int]] = []
    for name in sorted(n for n in files if n.endswith(".py")):
        pyc = byte_code_name(name, name in own, version)
        if pyc in files:
            raise BuildError(f"{pyc} would be both shipped and compiled")
        if name not in own:
            del shipped[name]
        shipped[pyc] = directory / pyc
        # The name in tracebacks is the one in the zip, not this build's temporary path.
        jobs.append((str(files[name]), str(directory / pyc), name, optimization(name, files[name])))
    # A fixed hash seed: set constants are written in the order of their strings' hashes.
    environment = {"PYTHONHASHSEED": "0", "PATH": os.environ.get("PATH", "")}
    completed = subprocess.run(
        [python, "-S", "-c", COMPILER], input=json.dumps(jobs), capture_output=True, text=True,
        check=False, env=environment,
    )  # fmt: skip
    if completed.returncode != 0:
        raise BuildError(f"compiling byte code failed:\n{completed.stdout}{completed.stderr}")
    return shipped


def write_zip(files: dict[str, Path], output: Path) -> None:
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(output.name + ".partial")
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=FIXED_DATE_TIME)
            info.create_system = 3  # Unix, so that the mode below is honoured
            info.external_attr = FILE_MODE
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, files[name].read_bytes(), compresslevel=9)
    partial.replace(output)


def build(
    output: Path = DEFAULT_OUTPUT,
    *,
    lambda_dir: Path = LAMBDA_DIR,
    python_version: str | None = None,
    python: str | None = None,
    max_bytes: int = MAX_ZIP_BYTES,
) -> BuildResult:
    if not (lambda_dir / "lambda_function.py").is_file():
        raise BuildError(f"{lambda_dir / 'lambda_function.py'} is missing")
    version = python_version or runtime_python_version()
    interpreter = runtime_interpreter(version, python or os.environ.get("LAMBDA_PYTHON"))
    with tempfile.TemporaryDirectory(prefix="hipback-build-") as scratch:
        target = Path(scratch) / "dependencies"
        install_dependencies(lambda_dir / "requirements.txt", target, version)
        files = dict(dependency_files(target))
        own = dict(source_files(lambda_dir))
        if collisions := sorted(set(own) & set(files)):
            raise BuildError(f"lambda/{collisions[0]} collides with a file of a dependency")
        files = add_byte_code(
            files | own, set(own), interpreter, version, Path(scratch) / "bytecode"
        )
        write_zip(files, output)
    data = output.read_bytes()
    result = BuildResult(output, len(data), hashlib.sha256(data).hexdigest(), len(files))
    if result.size > max_bytes:
        raise BuildError(f"{output} is {result.size:,} bytes, over the {max_bytes:,} budget")
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="the zip to write")
    parser.add_argument(
        "--lambda-dir", type=Path, default=LAMBDA_DIR, help="the sources (default: lambda/)"
    )
    parser.add_argument(
        "--python",
        help="a CPython of the runtime's version to compile byte code with (default: "
        "$LAMBDA_PYTHON, this interpreter, pythonX.Y on PATH or under pyenv)",
    )
    args = parser.parse_args(argv)
    try:
        result = build(
            args.output.resolve(), lambda_dir=args.lambda_dir.resolve(), python=args.python
        )
    except BuildError as error:
        print(f"build_lambda: {error}", file=sys.stderr)
        return 1
    shown = result.path.relative_to(ROOT) if result.path.is_relative_to(ROOT) else result.path
    print(
        f"{shown}: {result.size:,} bytes ({result.size / 1024 / 1024:.2f} MiB of "
        f"{MAX_ZIP_BYTES / 1024 / 1024:.0f}), {result.entries} files, sha256 {result.sha256}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
