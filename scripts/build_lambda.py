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
copy. The skill only calls DynamoDB's GetItem, PutItem and DeleteItem, with client options
(timeouts, the standard retry mode) that botocore has had since 2020, and the python3.12 and
python3.13 runtimes ship a far newer boto3, so relying on the runtime's copy is no risk. The
build fails if a dependency pulls boto3 or botocore in.

Reproducible: entries are sorted, every timestamp is 1980-01-01 and every mode 0644, and
the files pip writes that depend on the building machine or the moment (RECORD, INSTALLER,
REQUESTED, direct_url.json, console scripts, byte code) are left out, so two builds from the
same commit give the same bytes. The script prints the size and the SHA-256.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LAMBDA_DIR = ROOT / "lambda"
ASK_RESOURCES = ROOT / "ask-resources.json"
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
# Written by pip, different on every machine or every install.
PIP_NOISE = frozenset({"RECORD", "INSTALLER", "REQUESTED", "direct_url.json"})


class BuildError(Exception):
    """The zip cannot be built as specified."""


@dataclass(frozen=True)
class BuildResult:
    path: Path
    size: int
    sha256: str
    entries: int


def runtime_python_version(ask_resources: Path = ASK_RESOURCES) -> str:
    """The CPython version ("3.13") of the runtime that ask-resources.json deploys to."""
    config = json.loads(ask_resources.read_text(encoding="utf-8"))
    runtime = config["profiles"]["default"]["skillInfrastructure"]["userConfig"]["runtime"]
    if not isinstance(runtime, str) or not runtime.startswith("python3."):
        raise BuildError(f"ask-resources.json: runtime {runtime!r} is not a Python 3 runtime")
    return runtime.removeprefix("python")


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
    max_bytes: int = MAX_ZIP_BYTES,
) -> BuildResult:
    if not (lambda_dir / "lambda_function.py").is_file():
        raise BuildError(f"{lambda_dir / 'lambda_function.py'} is missing")
    version = python_version or runtime_python_version()
    with tempfile.TemporaryDirectory(prefix="hipback-build-") as scratch:
        target = Path(scratch) / "dependencies"
        install_dependencies(lambda_dir / "requirements.txt", target, version)
        files = dict(dependency_files(target))
        for name, path in source_files(lambda_dir):
            if name in files:
                raise BuildError(f"lambda/{name} collides with a file of a dependency")
            files[name] = path
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
    args = parser.parse_args(argv)
    try:
        result = build(args.output.resolve(), lambda_dir=args.lambda_dir.resolve())
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
