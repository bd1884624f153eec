"""How the run executes its notebooks: the executors, their default, and what each hands to papermill.

No notebook is run here: papermill and the warm pool are stood in for (test_engine.py runs the real engine).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from intl_report.cli import build_parser
from intl_report.executors import (
    DEFAULT_CELL_TIMEOUT,
    DEFAULT_EXECUTOR,
    EXECUTORS,
    KernelExecutor,
    WarmExecutor,
    make_executor,
)
from intl_report.runner import RunOptions


def test_the_default_executor_is_the_first_one_for_the_command_and_the_library_alike():
    assert DEFAULT_EXECUTOR == next(iter(EXECUTORS)) == "warm"
    args = build_parser().parse_args(["run", "--year", "2025"])
    assert args.executor == DEFAULT_EXECUTOR == RunOptions(year=2025).executor
    assert args.cell_timeout == DEFAULT_CELL_TIMEOUT == RunOptions(year=2025).cell_timeout


def test_the_command_offers_exactly_the_executors(capsys):
    parser = build_parser()
    for kind in EXECUTORS:
        assert parser.parse_args(["run", "--year", "2025", "--executor", kind]).executor == kind
    with pytest.raises(SystemExit) as refused:
        parser.parse_args(["run", "--year", "2025", "--executor", "server"])
    assert refused.value.code == 2 and "--executor" in capsys.readouterr().err


def test_each_executor_is_named_as_the_command_names_it():
    assert [cls.name for cls in EXECUTORS.values()] == list(EXECUTORS)  # the manifest's executor_used


def test_make_executor_gives_a_kernel_executor_that_hands_papermill_the_cell_timeout(monkeypatch, tmp_path):
    import papermill

    calls = []
    monkeypatch.setattr(papermill, "execute_notebook", lambda *args, **kwargs: calls.append((args, kwargs)))
    source = tmp_path / "notebooks" / "10-clean-sector.ipynb"
    with make_executor("kernel", 2, 5.0) as executor:
        assert type(executor) is KernelExecutor and executor.timeout == 5.0
        executor.submit(source, tmp_path / "out.ipynb", {"sector": "sport"}).result()
    [(args, kwargs)] = calls
    assert args == (str(source), str(tmp_path / "out.ipynb"))
    assert kwargs["parameters"] == {"sector": "sport"} and kwargs["execution_timeout"] == 5.0
    assert kwargs["kernel_name"] == "python3" and kwargs["cwd"] == str(source.parent)  # run in its own folder


class FakePool:
    """Stands in for engine.WarmPool: records what the executor asks of it, forks nothing."""

    def __init__(self, jobs):
        self.jobs, self.submitted, self.entered, self.exited = jobs, [], False, False

    def submit(self, source, target, parameters, cwd=None, timeout=None):
        self.submitted.append((source, target, parameters, cwd, timeout))

    def __enter__(self):
        self.entered = True
        return self

    def __exit__(self, *exc):
        self.exited = True


def test_make_executor_gives_a_warm_executor_over_the_warm_pool(monkeypatch, tmp_path):
    from intl_report import engine

    monkeypatch.setattr(engine, "WarmPool", FakePool)
    source = tmp_path / "notebooks" / "20-cross-sector.ipynb"
    with make_executor("warm", 3, 60.0) as executor:
        assert type(executor) is WarmExecutor and executor.timeout == 60.0
        pool = executor.pool
        assert isinstance(pool, FakePool) and pool.jobs == 3 and pool.entered
        executor.submit(source, Path("out.ipynb"), {"year": 2025})
    assert pool.exited
    assert pool.submitted == [(source, Path("out.ipynb"), {"year": 2025}, source.parent, 60.0)]


def test_make_executor_refuses_an_unknown_kind():
    with pytest.raises(KeyError):
        make_executor("server", 1)
