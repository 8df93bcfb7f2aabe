"""Alexa on your desk: play the real skill locally, from the keyboard, a script or a replay."""

import sys
from pathlib import Path

# The simulator reads the skill's SSML with the skill's own renderer (hipback.content.render):
# lambda/ goes on the path as Lambda puts it, for `python -m simulator` run from anywhere.
_LAMBDA_DIR = str(Path(__file__).resolve().parent.parent / "lambda")
if _LAMBDA_DIR not in sys.path:
    sys.path.append(_LAMBDA_DIR)
