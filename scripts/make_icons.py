"""Rasterise the store icon (`make icons`): assets/icon.svg to the two PNG files skill.json
names, 108x108 and 512x512 (the sizes Alexa's skill store asks for).

The PNGs are committed, because `ask deploy` uploads skill-package/ as it is; a test renders
the SVG again and fails when the committed pixels differ. CairoSVG draws with the system's
cairo library (libcairo2); the PNGs are saved without an alpha channel, as the store shows
them on any background.
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

import cairosvg
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "assets" / "icon.svg"
IMAGES = ROOT / "skill-package" / "assets" / "images"
# What skill.json names (file:// paths are relative to skill-package/), and each size.
ICONS = {"smallIcon.png": 108, "largeIcon.png": 512}


def render(size: int, source: Path = SOURCE) -> Image.Image:
    png = cairosvg.svg2png(url=str(source), output_width=size, output_height=size)
    with Image.open(io.BytesIO(png)) as image:
        return image.convert("RGB")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--output", type=Path, default=IMAGES, help="folder for the PNG files")
    args = parser.parse_args(argv)
    args.output.mkdir(parents=True, exist_ok=True)
    for name, size in ICONS.items():
        target = args.output / name
        render(size).save(target, format="PNG", optimize=True)
        print(f"wrote {target} ({size}x{size})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
