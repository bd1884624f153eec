"""Atomic file output: write to a temporary name beside the target, then rename.

A run killed at any moment leaves either the previous file or the new one,
never half of one (``os.replace`` is atomic on one file system).
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def _umask() -> int:
    """The process's umask, read without changing it (os.umask sets it, a race with other threads)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def publishable_mode() -> int:
    """The mode of a new file, as any program creates it: 0644 under umask 022 (mkstemp alone gives 0600)."""
    return 0o666 & ~_umask()


@contextmanager
def atomic_path(target: Path | str) -> Iterator[Path]:
    """Yield a temporary path to write; it replaces ``target`` only if the block succeeds."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=f".part{target.suffix}", dir=target.parent)
    os.close(fd)
    temporary = Path(name)
    try:
        yield temporary
        os.chmod(temporary, publishable_mode())
        os.replace(temporary, target)
    finally:
        if temporary.exists():
            temporary.unlink()


def write_text(target: Path | str, text: str) -> Path:
    with atomic_path(target) as temporary:
        temporary.write_text(text, encoding="utf-8")
    return Path(target)


def write_json(target: Path | str, data: object) -> Path:
    return write_text(target, json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")
