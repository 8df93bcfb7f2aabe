"""Which cases of a suite `make check` runs: `make test` runs them all.

A suite that runs once per locale (or per line of a word list) keeps one case in the fast set,
and marks the others `slow`: they are the same behaviour in another locale, and each locale's
offline resolver takes seconds to compile in every test process that uses it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pytest


def slow_except(values: Iterable[Any], *fast: Any) -> list[Any]:
    """`values` as parameters with their usual ids, all but those in `fast` marked slow. A
    tuple is one case of several arguments, as in `parametrize(("a", "b"), [(1, 2)])`."""
    return [
        value if value in fast else pytest.param(*_arguments(value), marks=pytest.mark.slow)
        for value in values
    ]


def _arguments(value: Any) -> tuple[Any, ...]:
    return value if isinstance(value, tuple) else (value,)
