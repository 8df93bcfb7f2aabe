"""Compile the content TOML files into lambda/hipback/content/compiled/ (`make content`).

The skill speaks from the compiled files; `--check` exits 1 when they are out of date.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "lambda"))

from hipback.content.loader import COMPILED_DIR, compiled_files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="fail if compiled/ is stale")
    args = parser.parse_args(argv)
    fresh = compiled_files()
    target = Path(COMPILED_DIR)
    current = {path.name: path.read_text(encoding="utf-8") for path in target.glob("*.json")}
    if args.check:
        if current != fresh:
            print(f"{target} is out of date: run `make content`", file=sys.stderr)
            return 1
        return 0
    target.mkdir(exist_ok=True)
    for name in sorted(set(current) - set(fresh)):  # a locale or a language removed
        (target / name).unlink()
        print(f"removed {target / name}")
    for name, text in fresh.items():
        if current.get(name) != text:
            (target / name).write_text(text, encoding="utf-8")
            print(f"wrote {target / name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
