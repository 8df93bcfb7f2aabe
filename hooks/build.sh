#!/usr/bin/env bash
# The ASK CLI runs this instead of its own pip build (its "custom" build flow) during
# `ask deploy`: build.sh <zip to write> <debug>. It builds the same reproducible zip as
# `make build`, for the Lambda platform rather than this machine's.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
python="${root}/.venv/bin/python"
[[ -x "$python" ]] || python="python3"
exec "$python" "${root}/scripts/build_lambda.py" --output "$1"
