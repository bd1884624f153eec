"""How the run executes its notebooks: papermill, through the project's warm engine (the default) or a kernel.

Kept apart from the runner and free of heavy imports: the command reads the choices and the default here
before it starts the workers.
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path


def _papermill_in_kernel(source: Path, target: Path, parameters: dict, timeout: float | None) -> None:
    import papermill

    papermill.execute_notebook(
        str(source), str(target), parameters=parameters, kernel_name="python3", progress_bar=False,
        log_output=False, cwd=str(source.parent), language="python", execution_timeout=timeout,
    )


class KernelExecutor:
    """papermill's own engine: one Jupyter kernel per notebook (the plain way)."""

    name = "kernel"

    def __init__(self, jobs: int, timeout: float | None = None):
        self.pool = ThreadPoolExecutor(max_workers=jobs)
        self.timeout = timeout

    def submit(self, source: Path, target: Path, parameters: dict) -> Future:
        return self.pool.submit(_papermill_in_kernel, source, target, parameters, self.timeout)

    def __enter__(self) -> KernelExecutor:
        return self

    def __exit__(self, *exc) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


class WarmExecutor:
    """papermill with the ``intl-report-warm`` engine, each notebook in a process forked from a warm parent."""

    name = "warm"

    def __init__(self, jobs: int, timeout: float | None = None):
        from .engine import WarmPool

        self.pool = WarmPool(jobs)
        self.timeout = timeout

    def submit(self, source: Path, target: Path, parameters: dict) -> Future:
        return self.pool.submit(source, target, parameters, cwd=source.parent, timeout=self.timeout)

    def __enter__(self) -> WarmExecutor:
        self.pool.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        self.pool.__exit__(*exc)


# A cell that runs longer is stopped and the run fails naming it: a hung notebook must not hang a scheduled run.
DEFAULT_CELL_TIMEOUT = 1800.0

# How papermill executes the notebooks; the first is the default (of the command and of RunOptions).
EXECUTORS = {"warm": WarmExecutor, "kernel": KernelExecutor}
DEFAULT_EXECUTOR = next(iter(EXECUTORS))


def make_executor(kind: str, jobs: int, timeout: float | None = None):
    """The executor *kind*; *timeout*: seconds a notebook's cell may run (papermill's ``execution_timeout``)."""
    return EXECUTORS[kind](jobs, timeout)
