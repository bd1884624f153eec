"""The ``intl-report-warm`` papermill engine and the pool of pre-warmed processes that runs it.

One pool serves the whole module: its server warms up once (~1–2 s), each notebook then costs a fork.
"""

from __future__ import annotations

import pickle
import time
from pathlib import Path

import nbformat
import papermill
import pytest
from nbclient.exceptions import CellTimeoutError

from intl_report.engine import ENGINE_NAME, NotebookCrashed, NotebookFailed, WarmPool, run_notebooks

NOTEBOOKS = Path(__file__).parent / "notebooks"


@pytest.fixture(scope="module")
def pool():
    with WarmPool(jobs=2) as warm_pool:
        yield warm_pool


def code_cells(path: Path) -> list:
    return [cell for cell in nbformat.read(path, as_version=4).cells if cell.cell_type == "code"]


def outputs_of(cells: list, output_type: str) -> list:
    return [output for cell in cells for output in cell.outputs if output.output_type == output_type]


def test_parameters_injected_and_outputs_recorded(pool, tmp_path):
    target = tmp_path / "simple.ipynb"
    assert pool.submit(NOTEBOOKS / "simple.ipynb", target, {"sector": "cultura", "rows": 3}).result() is None

    executed = nbformat.read(target, as_version=4)
    assert executed.metadata.papermill.engine == ENGINE_NAME
    assert executed.metadata.papermill.parameters == {"sector": "cultura", "rows": 3}
    assert executed.metadata.kernelspec.name == "python3"
    assert executed.metadata.language_info.name == "python"
    cells = code_cells(target)
    injected = [cell for cell in cells if "injected-parameters" in cell.metadata.tags]
    assert len(injected) == 1 and 'sector = "cultura"' in injected[0].source
    assert all(cell.metadata.papermill.status == "completed" for cell in cells)
    assert [cell.execution_count for cell in cells] == [1, 2, 3, 4, 5, 6]

    (stream,) = outputs_of(cells, "stream")
    assert (stream.name, stream.text) == ("stdout", "sector cultura, rows 3\n")
    markdown, figure = outputs_of(cells, "display_data")
    assert markdown.data["text/markdown"] == "**cultura**" and "text/plain" in markdown.data
    assert figure.data["image/png"] and figure.data["text/plain"].startswith("<Figure")  # shown inline
    (result,) = outputs_of(cells, "execute_result")
    assert result.execution_count == cells[4].execution_count == 5
    assert "<table" in result.data["text/html"] and "row" in result.data["text/plain"]


def test_failing_cell_gives_notebook_failed_and_the_record_keeps_the_error(pool, tmp_path):
    target = tmp_path / "broken.ipynb"
    with pytest.raises(NotebookFailed) as caught:
        pool.submit(NOTEBOOKS / "broken.ipynb", target, {"value": 7}).result()

    error = caught.value
    assert isinstance(error, papermill.PapermillExecutionError)  # existing handlers still catch it
    assert (error.ename, error.evalue) == ("ValueError", "bad value 7")
    assert error.notebook.endswith("broken.ipynb") and "broken.ipynb" in str(error)
    executed = nbformat.read(target, as_version=4)
    assert executed.metadata.papermill.exception is True
    # papermill's markers (a banner on top, an anchor before the cell); cell_index counts cells without them
    markers = [cell for cell in executed.cells if "papermill-error-cell-tag" in cell.metadata.get("tags", [])]
    assert len(markers) == 2
    unmarked = [cell for cell in executed.cells if cell not in markers]
    assert unmarked[error.cell_index].source.startswith("raise ValueError")
    cells = code_cells(target)
    (failed,) = [cell for cell in cells if cell.metadata.papermill.status == "failed"]
    (output,) = failed.outputs
    assert (output.output_type, output.ename, output.evalue) == ("error", "ValueError", "bad value 7")
    assert any("bad value" in line for line in output.traceback)
    assert cells[-1].execution_count is None and cells[-1].outputs == []  # nothing ran after the failure
    assert outputs_of(cells, "stream")[0].text == "before\n"


def test_a_dead_process_gives_notebook_crashed_and_the_pool_goes_on(pool, tmp_path):
    with pytest.raises(NotebookCrashed, match=r"crash\.ipynb.*exit status 3") as caught:
        pool.submit(NOTEBOOKS / "crash.ipynb", tmp_path / "crash.ipynb", {}).result()
    assert caught.value.exitcode == 3
    assert pool.submit(NOTEBOOKS / "simple.ipynb", tmp_path / "after.ipynb", {}).result() is None


def test_notebooks_do_not_share_a_namespace(pool, tmp_path):
    assert pool.submit(NOTEBOOKS / "defines.ipynb", tmp_path / "defines.ipynb", {}).result() is None
    with pytest.raises(NotebookFailed) as caught:
        pool.submit(NOTEBOOKS / "uses.ipynb", tmp_path / "uses.ipynb", {}).result()
    assert caught.value.ename == "NameError" and "secret" in caught.value.evalue
    assert outputs_of(code_cells(tmp_path / "uses.ipynb"), "stream")[0].text == "False\n"


def test_two_notebooks_run_side_by_side(pool, tmp_path):
    futures = [pool.submit(NOTEBOOKS / "slow.ipynb", tmp_path / f"slow-{n}.ipynb", {"delay": 0.6}) for n in (1, 2)]
    assert [future.result(timeout=30) for future in futures] == [None, None]
    runs = []
    for n in (1, 2):
        (stream,) = outputs_of(code_cells(tmp_path / f"slow-{n}.ipynb"), "stream")
        pid, started, finished = stream.text.split()
        runs.append((int(pid), float(started), float(finished)))
    (pid_1, start_1, end_1), (pid_2, start_2, end_2) = runs
    assert pid_1 != pid_2
    assert start_1 < end_2 and start_2 < end_1  # the two sleeps overlapped


def test_run_notebooks_reports_each_task(tmp_path):
    tasks = [
        (NOTEBOOKS / "crash.ipynb", tmp_path / "crash.ipynb", {}),
        (NOTEBOOKS / "simple.ipynb", tmp_path / "simple.ipynb", {"rows": 2}),
        (NOTEBOOKS / "broken.ipynb", tmp_path / "broken.ipynb", {}),
    ]
    crashed, succeeded, failed = run_notebooks(tasks, jobs=2)
    assert isinstance(crashed, NotebookCrashed) and succeeded is None and isinstance(failed, NotebookFailed)


def test_failures_survive_pickling():
    failed = NotebookFailed("KeyError", "'x'", 3, "nb.ipynb", exec_count=2, source="d['x']", traceback=["tb"])
    copy = pickle.loads(pickle.dumps(failed))
    assert (copy.ename, copy.evalue, copy.cell_index, copy.notebook, copy.exec_count, copy.traceback) == (
        "KeyError", "'x'", 3, "nb.ipynb", 2, ["tb"])
    crashed = pickle.loads(pickle.dumps(NotebookCrashed("nb.ipynb", -9)))
    assert crashed.exitcode == -9 and "SIGKILL" in str(crashed)


def test_engine_in_process_with_papermill(tmp_path):
    """The engine on its own, in this process: papermill's API, a fresh namespace per notebook."""
    started = time.monotonic()
    nb = papermill.execute_notebook(str(NOTEBOOKS / "simple.ipynb"), str(tmp_path / "simple.ipynb"),
                                    parameters={"rows": 2}, engine_name=ENGINE_NAME, progress_bar=False)
    assert nb.metadata.papermill.engine == ENGINE_NAME
    assert outputs_of(code_cells(tmp_path / "simple.ipynb"), "stream")[0].text == "sector sport, rows 2\n"

    papermill.execute_notebook(str(NOTEBOOKS / "defines.ipynb"), str(tmp_path / "defines.ipynb"),
                               engine_name=ENGINE_NAME, progress_bar=False)
    with pytest.raises(papermill.PapermillExecutionError) as caught:
        papermill.execute_notebook(str(NOTEBOOKS / "uses.ipynb"), str(tmp_path / "uses.ipynb"),
                                   engine_name=ENGINE_NAME, progress_bar=False)
    assert caught.value.ename == "NameError"
    assert code_cells(tmp_path / "uses.ipynb")[0].execution_count == 1  # counts restart per notebook
    assert time.monotonic() - started < 10


# --- the same outcomes as papermill's own engine, on papermill's own test notebooks --------------------------

PAPERMILL_NOTEBOOKS = Path(papermill.__file__).parent / "tests" / "notebooks"
# Not: keyboard_interrupt (sleeps a minute), read_check (needs a file beside it), binder (a %%bash cell that
# runs papermill itself), notimplemented_translator (an R notebook), test_autosave (sleeps on purpose).
REFERENCE_NOTEBOOKS = [
    "simple_execute.ipynb", "broken.ipynb", "broken1.ipynb", "broken2.ipynb", "complex_parameters.ipynb",
    "line_magic_error.ipynb", "nb_version_4.4.ipynb", "no_parameters.ipynb", "report_mode_test.ipynb",
    "result_no_exec.ipynb", "sysexit.ipynb", "sysexit0.ipynb", "sysexit1.ipynb", "systemexit.ipynb",
    "test_logging.ipynb", "test_notebooknode_io.ipynb", "blank-vscode.ipynb",
]


def outcome(executed: Path, failure: BaseException | None) -> dict:
    """What a caller of papermill sees: success or the failure, and what the executed record says."""
    nb = nbformat.read(executed, as_version=4)
    cells = [cell for cell in nb.cells if "papermill-error-cell-tag" not in cell.metadata.get("tags", [])]
    return {
        "failure": None if failure is None else (type(failure).__mro__[-3].__name__ if isinstance(
            failure, papermill.PapermillExecutionError) else type(failure).__name__,
            getattr(failure, "ename", None), getattr(failure, "cell_index", None)),
        "injected": [cell.source for cell in cells if "injected-parameters" in cell.metadata.get("tags", [])],
        "parameters": nb.metadata.papermill.parameters,
        "exception": nb.metadata.papermill.exception,
        "statuses": [cell.metadata.papermill.status for cell in cells],
        "errors": [[(o.ename, o.evalue) for o in cell.get("outputs", []) if o.output_type == "error"]
                   for cell in cells],
        "stdout": ["".join(o.text for o in cell.get("outputs", []) if o.get("name") == "stdout") for cell in cells],
        "counts": [cell.get("execution_count") for cell in cells],
    }


@pytest.mark.parametrize("name", REFERENCE_NOTEBOOKS)
def test_the_same_outcome_as_papermills_own_engine(pool, tmp_path, name):
    source = PAPERMILL_NOTEBOOKS / name
    parameters = {"msg": "Ciao Torino", "foo": 2}
    reference = None
    try:
        papermill.execute_notebook(str(source), str(tmp_path / "kernel.ipynb"), parameters=parameters,
                                   kernel_name="python3", progress_bar=False, cwd=str(tmp_path))
    except Exception as error:  # noqa: BLE001 - compared below
        reference = error
    ours = pool.submit(source, tmp_path / "warm.ipynb", parameters, cwd=tmp_path).exception()
    expected, got = outcome(tmp_path / "kernel.ipynb", reference), outcome(tmp_path / "warm.ipynb", ours)
    assert got == expected


def test_a_cell_over_the_time_limit_is_stopped_and_named(pool, tmp_path):
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("print('prima')"),
        nbformat.v4.new_code_cell("import time\nprint('in attesa')\nwhile True:\n    try:\n        time.sleep(10)\n"
                                  "    except Exception:\n        pass"),
        nbformat.v4.new_code_cell("print('mai')"),
    ], metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})
    source = tmp_path / "hung.ipynb"
    nbformat.write(nb, str(source))
    started = time.monotonic()
    error = pool.submit(source, tmp_path / "out.ipynb", {}, timeout=1.5).exception()
    assert time.monotonic() - started < 15
    assert isinstance(error, CellTimeoutError) and error.cell_index == 1 and error.timeout == 1.5
    assert "timed out" in str(error) and "time.sleep(10)" in str(error)
    cells = code_cells(tmp_path / "out.ipynb")
    assert [o.text for o in cells[1].outputs] == ["in attesa\n"]  # what it wrote before, no traceback of the stop
    assert cells[2].outputs == []


def test_subprocess_output_and_input_as_under_a_kernel(pool, tmp_path):
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("import os, subprocess, sys\nprint('a')\nsubprocess.run(['echo', 'dal processo'])\n"
                                  "os.system('echo dal sistema 1>&2')\nsubprocess.run(['echo', 'x'], stdout=sys.stdout)\n"
                                  "print('c')"),
        nbformat.v4.new_code_cell("try:\n    input('Nome? ')\nexcept Exception as error:\n"
                                  "    print(type(error).__name__)"),
    ], metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})
    source = tmp_path / "io.ipynb"
    nbformat.write(nb, str(source))
    assert pool.submit(source, tmp_path / "out.ipynb", {}).result() is None
    first, second = code_cells(tmp_path / "out.ipynb")
    streams = {name: "".join(o.text for o in first.outputs if o.name == name) for name in ("stdout", "stderr")}
    # in order within each stream (between the two, as under a kernel, the order is not kept)
    assert streams == {"stdout": "a\ndal processo\nx\nc\n", "stderr": "dal sistema\n"}
    assert second.outputs[0].text == "StdinNotImplementedError\n"


def test_papermills_command_runs_the_engine_by_name(tmp_path):
    """A scheduler's way: `papermill --engine intl-report-warm in.ipynb out.ipynb` (the entry point)."""
    import subprocess
    import sys

    out = tmp_path / "out.ipynb"
    proc = subprocess.run([str(Path(sys.executable).parent / "papermill"), "--engine", ENGINE_NAME,
                           str(NOTEBOOKS / "simple.ipynb"), str(out), "-p", "sector", "sport"],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    executed = nbformat.read(out, as_version=4)
    assert executed.metadata.papermill.engine == ENGINE_NAME
    assert "sector sport" in "".join(o.get("text", "") for c in code_cells(out) for o in c.outputs)
