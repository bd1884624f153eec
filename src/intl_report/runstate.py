"""What makes a yearly run incremental, exclusive and traceable.

- :func:`fingerprint` hashes a step's inputs (files, parameters, the package's
  code); a step is skipped when its fingerprint matches the one recorded after
  its last successful run and its outputs still exist.
- :class:`YearLock` lets one run per year write at a time.
- :func:`file_record` and :func:`versions` feed the run manifest.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
from functools import cache
from importlib import metadata
from pathlib import Path

from . import atomic, paths


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with Path(path).open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def file_record(path: Path) -> dict:
    path = Path(path)
    return {"file": path.name, "path": str(path), "bytes": path.stat().st_size, "sha256": sha256_file(path)}


@cache
def code_fingerprint() -> str:
    """One hash of the package's code and data and of the notebooks: a change to any re-runs the steps."""
    digest = hashlib.sha256()
    sources = sorted(p for p in paths.PACKAGE_DIR.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    sources += [paths.CLEAN_NOTEBOOK, paths.CROSS_NOTEBOOK, paths.REPORT_NOTEBOOK]
    for path in sources:
        if path.exists():
            digest.update(str(path.relative_to(paths.PROJ_ROOT) if path.is_relative_to(paths.PROJ_ROOT) else path.name).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def fingerprint(parameters: dict, files: list[Path]) -> str:
    digest = hashlib.sha256()
    digest.update(code_fingerprint().encode())
    digest.update(json.dumps(parameters, sort_keys=True, default=str).encode())
    for path in files:
        digest.update(str(Path(path).name).encode())
        digest.update(sha256_file(path).encode() if Path(path).exists() else b"<missing>")
    return digest.hexdigest()


class StepState:
    """The fingerprints of the steps that last completed, under ``<year>/.state/``."""

    def __init__(self, processed_year: Path):
        self.folder = Path(processed_year) / ".state"

    def _path(self, step: str) -> Path:
        return self.folder / f"{step}.json"

    def is_current(self, step: str, print_: str, outputs: list[Path]) -> bool:
        path = self._path(step)
        if not path.exists() or not all(Path(o).exists() for o in outputs):
            return False
        try:
            return json.loads(path.read_text("utf-8")).get("fingerprint") == print_
        except (OSError, ValueError):
            return False

    def record(self, step: str, print_: str) -> None:
        atomic.write_json(self._path(step), {"fingerprint": print_})

    def forget(self, step: str) -> None:
        self._path(step).unlink(missing_ok=True)


class RunInProgress(Exception):
    """Another run for the same year holds the lock."""


class YearLock:
    """An exclusive lock on a year's processed folder for the length of a run.

    The lock is an OS file lock (``flock``): it is released when the process
    ends, even if killed, so a crashed run never blocks the next one.
    """

    def __init__(self, processed_year: Path, wait: bool = False):
        self.path = Path(processed_year) / ".run.lock"
        self.wait = wait
        self._handle = None

    def __enter__(self) -> YearLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = self.path.open("a+")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | (0 if self.wait else fcntl.LOCK_NB))
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "?"
            handle.close()
            raise RunInProgress(
                f"un'altra esecuzione sta già elaborando {self.path.parent} (processo {holder}): "
                "attendere che finisca e riprovare"
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        self._handle = handle
        return self

    def __exit__(self, *exc) -> None:
        if self._handle is not None:
            fcntl.flock(self._handle, fcntl.LOCK_UN)
            self._handle.close()
            self._handle = None


def versions(engine: str | None = None, quarto: str | None = None) -> dict[str, str]:
    """Versions of the package, its main dependencies and the rendering tools (*quarto*: Quarto's, if it rendered)."""
    found: dict[str, str] = {}
    for name in ("intl-report", "pandas", "pyarrow", "matplotlib", "papermill", "openpyxl", "python-calamine",
                 "pandera", "pycountry", "typst", "pypandoc-binary", "ipykernel", "nbformat"):
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    try:
        import pypandoc

        found["pandoc"] = pypandoc.get_pandoc_version()
    except Exception:  # pandoc missing is reported by the render step itself
        pass
    if engine == "quarto" and quarto:
        found["quarto"] = quarto
    found["engine"] = engine or "embedded"
    return found


def render_engine(engine: str) -> tuple[str, str | None]:
    """The engine that renders with option *engine* (auto: Quarto when on PATH), and Quarto's version if it does.

    (What ``render.resolve_engine`` decides, without importing the renderer: the command stays light.)
    """
    import shutil

    quarto = shutil.which("quarto")
    if engine == "embedded" or quarto is None:
        return ("embedded" if engine != "quarto" else "quarto"), None
    return "quarto", quarto_version(quarto)


def quarto_version(quarto: str) -> str | None:
    """``quarto --version`` (e.g. "1.10.18"), None when Quarto does not answer."""
    import subprocess

    try:
        proc = subprocess.run([quarto, "--version"], capture_output=True, text=True, timeout=60, check=False,
                              stdin=subprocess.DEVNULL)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return (proc.stdout.strip() or None) if proc.returncode == 0 else None
