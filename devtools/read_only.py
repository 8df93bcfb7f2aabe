"""Running Python from an unpacked zip in a read-only directory, as Lambda runs /var/task.

Used by tests/test_deploy_package.py and scripts/bench.py.
"""

from __future__ import annotations

import os
import shutil
import stat
import zipfile
from pathlib import Path

WRITE_BITS = stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH


def unpack_read_only(zip_path: Path, directory: Path) -> Path:
    """Unpack the zip into directory (created), then take every write bit away (chmod -R a-w)."""
    directory.mkdir(parents=True)
    with zipfile.ZipFile(zip_path) as zf:
        zf.extractall(directory)
    set_writable(directory, writable=False)
    return directory


def set_writable(directory: Path, *, writable: bool) -> None:
    for path in [directory, *directory.rglob("*")]:
        mode = path.stat().st_mode
        path.chmod(mode | stat.S_IWUSR if writable else mode & ~WRITE_BITS)


def unprivileged_prefix() -> list[str]:
    """What to put before a command so that the directory's missing write bits hold for it.

    root ignores permission bits. `unshare --user` starts the command in a new user namespace
    without a mapping: it keeps root's file ownership but has no capabilities over the files,
    so a-w stops it writing __pycache__ as it stops Lambda's sandbox user.
    """
    if os.geteuid() != 0:
        return []
    unshare = shutil.which("unshare")
    if unshare is None:
        raise RuntimeError("root without unshare (util-linux) cannot make a read-only directory")
    return [unshare, "--user"]


def tree(directory: Path) -> set[str]:
    """Every path under directory, to see that a run wrote nothing."""
    return {path.relative_to(directory).as_posix() for path in directory.rglob("*")}
