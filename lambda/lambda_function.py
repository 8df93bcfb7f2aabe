"""AWS Lambda entry point: `lambda_function.lambda_handler`, built once per container."""

from __future__ import annotations

from hipback.skill import build, configure_logging

configure_logging()
lambda_handler = build()
