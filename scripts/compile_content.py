"""Compile the content TOML files into lambda/hipback/content/compiled.json (`make content`).

The skill speaks from the compiled file; `--check` exits 1 when it is out of date.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "lambda"))

from hipback.content.loader import COMPILED_FILE, compiled_json


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="fail if compiled.json is stale")
    args = parser.parse_args(argv)
    fresh = compiled_json()
    target = Path(COMPILED_FILE)
    current = target.read_text(encoding="utf-8") if target.exists() else None
    if args.check:
        if current != fresh:
            print(f"{target} is out of date: run `make content`", file=sys.stderr)
            return 1
        return 0
    if current != fresh:
        target.write_text(fresh, encoding="utf-8")
        print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
