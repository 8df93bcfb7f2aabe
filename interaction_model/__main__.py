"""python -m interaction_model build|check|lint|bench|evaluate|export-annotations"""

from __future__ import annotations

import sys

from interaction_model.cli import main

sys.exit(main(sys.argv[1:]))
