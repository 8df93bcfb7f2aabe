"""Generate the trimmed botocore data the DynamoDB client is created from.

    python scripts/trim_botocore_data.py [--check]     (also: make aws-data)

Creating a botocore client parses botocore's whole endpoints.json (over a megabyte, every
service of every partition) and the whole DynamoDB model (about half a megabyte, mostly
documentation), and lists every service folder: the larger part of creating a client, on every
cold start that reads a profile (scripts/bench.py). This script writes, from the botocore
installed here (requirements-dev.txt pins it), lambda/hipback/persistence/aws_data/:

- endpoints.json: every partition as it is, with only DynamoDB among its services;
- dynamodb/<api version>/service-2.json: the model with only the operations the skill uses
  (IAM_ACTIONS), the endpoint-discovery operation, every error shape, and every shape those
  reference; documentation strings left out. Key order is kept (it is the order in which
  botocore serializes members);
- manifest.json: for each trimmed file, the botocore file it was cut from (name, size, SHA-256),
  and DynamoDB's API versions.

At run time (hipback/persistence/dynamodb_client.py) a trimmed file stands in for botocore's
only when botocore's file is byte for byte the one in the manifest; anything else comes from
botocore's own data. `--check` exits 1 when the committed files differ from a fresh generation
(tests/test_persistence_aws_data.py runs the same comparison).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
LAMBDA_DIR = ROOT / "lambda"
if str(LAMBDA_DIR) not in sys.path:
    sys.path.insert(0, str(LAMBDA_DIR))

from hipback.persistence.dynamodb import IAM_ACTIONS  # noqa: E402
from hipback.persistence.dynamodb_client import (  # noqa: E402
    DATA_DIR,
    ENDPOINTS,
    EXTENSIONS,
    MANIFEST,
    SERVICE,
)

OPERATIONS = frozenset(action.removeprefix("dynamodb:") for action in IAM_ACTIONS)


def builtin_data_dir() -> Path:
    from botocore.loaders import Loader

    return Path(Loader.BUILTIN_DATA_PATH)


def source_file(data_dir: Path, name: str) -> Path:
    """The file botocore loads for `name`: the first extension it tries that exists."""
    for extension in EXTENSIONS:
        path = data_dir / (name + extension)
        if path.is_file():
            return path
    raise FileNotFoundError(f"botocore has no data file {name!r} in {data_dir}")


def load(data_dir: Path, name: str) -> Any:
    from botocore.loaders import JSONFileLoader

    # botocore's own reader: the same file, decompression, decoding and key order as at run time.
    return JSONFileLoader().load_file(str(data_dir / name))


def trimmed_endpoints(endpoints: dict[str, Any]) -> dict[str, Any]:
    partitions = []
    for partition in endpoints["partitions"]:
        services = partition["services"]
        kept = {SERVICE: services[SERVICE]} if SERVICE in services else {}
        partitions.append({key: kept if key == "services" else value
                           for key, value in partition.items()})  # fmt: skip
    return {key: partitions if key == "partitions" else value for key, value in endpoints.items()}


def _shape_references(shape: dict[str, Any]) -> Iterator[str]:
    for member in shape.get("members", {}).values():
        yield member["shape"]
    for key in ("member", "key", "value"):
        if key in shape:
            yield shape[key]["shape"]


def _without_documentation(value: Any) -> Any:
    """An operation, shape or member reference without its documentation strings."""
    result = {key: item for key, item in value.items() if key != "documentation"}
    if "members" in result:
        result["members"] = {
            name: _without_documentation(member) for name, member in result["members"].items()
        }
    for key in ("input", "output", "member", "key", "value"):
        if isinstance(result.get(key), dict):
            result[key] = _without_documentation(result[key])
    if "errors" in result:
        result["errors"] = [_without_documentation(error) for error in result["errors"]]
    return result


def trimmed_service_model(model: dict[str, Any], operations: Iterable[str]) -> dict[str, Any]:
    wanted = set(operations)
    missing = wanted - set(model["operations"])
    if missing:
        raise KeyError(f"the {SERVICE} model has no operation {sorted(missing)}")
    kept_operations = {
        name: operation
        for name, operation in model["operations"].items()
        # The endpoint-discovery operation stays: botocore looks for it when creating a client.
        if name in wanted or operation.get("endpointoperation")
    }
    shapes = model["shapes"]
    # Every error shape stays, so that the client's `exceptions` are botocore's.
    pending = [name for name, shape in shapes.items() if shape.get("exception")]
    for operation in kept_operations.values():
        pending += [operation[key]["shape"] for key in ("input", "output") if key in operation]
        pending += [error["shape"] for error in operation.get("errors", [])]
    reachable: set[str] = set()
    while pending:
        name = pending.pop()
        if name not in reachable:
            reachable.add(name)
            pending.extend(_shape_references(shapes[name]))
    trimmed = {key: value for key, value in model.items() if key not in ("operations", "shapes")}
    trimmed.pop("documentation", None)
    trimmed["operations"] = {
        name: _without_documentation(operation) for name, operation in kept_operations.items()
    }
    trimmed["shapes"] = {
        name: _without_documentation(shape) for name, shape in shapes.items() if name in reachable
    }
    return trimmed


def _dumps(data: Any) -> bytes:
    return (json.dumps(data, separators=(",", ":"), ensure_ascii=False) + "\n").encode("utf-8")


def _fingerprint(data_dir: Path, path: Path) -> dict[str, object]:
    content = path.read_bytes()
    return {
        "source": path.relative_to(data_dir).as_posix(),
        "bytes": len(content),
        "sha256": hashlib.sha256(content).hexdigest(),
    }


def generate(data_dir: Path | None = None) -> dict[str, bytes]:
    """{path under aws_data/: content} from the installed botocore's data."""
    import botocore

    source_dir = data_dir or builtin_data_dir()
    api_versions = sorted(os.listdir(source_dir / SERVICE))  # as the run time compares them
    latest = api_versions[-1]
    model_name = f"{SERVICE}/{latest}/service-2"
    sources = {ENDPOINTS: source_file(source_dir, ENDPOINTS),
               model_name: source_file(source_dir, model_name)}  # fmt: skip
    model = trimmed_service_model(load(source_dir, model_name), OPERATIONS)
    files = {
        ENDPOINTS + ".json": _dumps(trimmed_endpoints(load(source_dir, ENDPOINTS))),
        model_name + ".json": _dumps(model),
    }
    manifest = {
        "generated_by": "scripts/trim_botocore_data.py",
        "botocore": botocore.__version__,
        "api_versions": {SERVICE: api_versions},
        "files": {name: _fingerprint(source_dir, path) for name, path in sources.items()},
    }
    files[MANIFEST] = (json.dumps(manifest, indent=2, sort_keys=True) + "\n").encode("utf-8")
    return files


def committed(target: Path = Path(DATA_DIR)) -> dict[str, bytes]:
    return {
        path.relative_to(target).as_posix(): path.read_bytes()
        for path in sorted(target.rglob("*"))
        if path.is_file()
    }


def write(files: dict[str, bytes], target: Path = Path(DATA_DIR)) -> None:
    for stale in set(committed(target)) - set(files) if target.is_dir() else ():
        (target / stale).unlink()
    for name, content in files.items():
        path = target / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    for directory in sorted(target.rglob("*"), reverse=True):  # folders left empty
        if directory.is_dir() and not any(directory.iterdir()):
            directory.rmdir()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--check", action="store_true", help="exit 1 if the committed data are stale"
    )
    args = parser.parse_args(argv)
    files = generate()
    target = Path(DATA_DIR)
    shown = os.path.relpath(target, ROOT)
    if args.check:
        if committed(target) != files:
            print(f"{shown} is stale: run scripts/trim_botocore_data.py", file=sys.stderr)
            return 1
        print(f"{shown} is up to date")
        return 0
    write(files, target)
    total = sum(map(len, files.values()))
    print(f"wrote {shown}: {len(files)} files, {total:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
