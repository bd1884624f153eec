"""A papermill engine without a Jupyter kernel, and a pool of pre-warmed processes to run it in.

papermill normally starts one Jupyter kernel per notebook: about a second to start it plus one or two to
import pandas, pandera and matplotlib again, for every one of the ~18 notebooks of a yearly run. Here:

``WarmEngine`` (registered with papermill as ``intl-report-warm``)
    runs a notebook's code cells in the *current* process, in an IPython ``InteractiveShell`` with a fresh
    namespace per notebook, and records nbformat v4 outputs the way papermill + nbclient + ipykernel do
    (streams, ``display_data`` with the whole mime bundle, ``execute_result``, ``error``; matplotlib figures
    shown inline as PNG). papermill still does everything else: parameter injection, the executed copy
    saved after each cell, its metadata, and ``PapermillExecutionError`` when a cell raised.

``WarmPool``
    runs each notebook through ``papermill.execute_notebook(..., engine_name="intl-report-warm")`` in a
    FRESH process forked from a server process that imported pandas & co. once (Python's ``forkserver``),
    at most ``jobs`` at a time. A notebook thus keeps process isolation (its globals, a crash or a leaked
    resource die with its process) and its executed record, for a few tens of milliseconds instead of a
    kernel start and the imports.

Failures come back to the parent as :class:`NotebookFailed` (a cell raised; a picklable subclass of
``papermill.PapermillExecutionError`` that also names the notebook) or :class:`NotebookCrashed` (the
process died: a signal, ``os._exit``, a segfault).
"""

from __future__ import annotations

import builtins
import codecs
import contextlib
import datetime
import gc
import getpass
import importlib
import io
import multiprocessing
import multiprocessing.forkserver
import os
import pickle
import signal
import sys
import tempfile
import threading
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import nbformat
from IPython.core.displayhook import DisplayHook
from IPython.core.displaypub import DisplayPublisher
from IPython.core.error import StdinNotImplementedError
from IPython.core.interactiveshell import InteractiveShell
from nbclient.exceptions import CellTimeoutError
from papermill.engines import Engine, papermill_engines
from papermill.exceptions import PapermillExecutionError, strip_color
from papermill.log import logger
from traitlets.config import Config

from .warmstart import DEFAULT_PRELOAD, PRELOAD_ENV, start_server

ENGINE_NAME = "intl-report-warm"
_ZYGOTE_ENV = PRELOAD_ENV

# What ipykernel sets: an Agg-based, non-interactive backend that shows the figures left open by a cell as
# PNG display_data, so a notebook's figures are recorded exactly as with a kernel (plain "Agg" would drop
# them and warn on plt.show()).
INLINE_BACKEND = "module://matplotlib_inline.backend_inline"


# --- exceptions ------------------------------------------------------------------------------------------


class NotebookFailed(PapermillExecutionError):
    """A cell of the notebook raised; the executed copy records the error output.

    A ``PapermillExecutionError`` (so existing ``except`` clauses keep working) that also names the notebook
    and survives pickling from the worker process back to the parent.

    Attributes
    ----------
    ename, evalue : str
        The exception's class name and message, as in the notebook's error output.
    cell_index : int
        Index of the failing cell in the executed notebook (papermill's numbering).
    notebook : str
        Path of the source notebook.
    """

    def __init__(self, ename: str, evalue: str, cell_index: int, notebook: str, exec_count: int | None = None,
                 source: str = "", traceback: list[str] | None = None):
        super().__init__(cell_index, exec_count, source, ename, evalue, list(traceback or []))
        self.notebook = notebook

    def __reduce__(self):
        return (type(self), (self.ename, self.evalue, self.cell_index, self.notebook, self.exec_count,
                             self.source, self.traceback))

    def __str__(self) -> str:
        message = f"{Path(self.notebook).name}: cell {self.cell_index} (In [{self.exec_count}]) raised {self.ename}"
        message += f": {self.evalue}"
        if self.traceback:
            message += "\n" + strip_color("\n".join(self.traceback))
        return message


class NotebookCrashed(Exception):
    """The process running the notebook died before reporting (killed by a signal, ``os._exit``, segfault)."""

    def __init__(self, notebook: str, exitcode: int | None):
        self.notebook = notebook
        self.exitcode = exitcode
        if exitcode is not None and exitcode < 0:
            try:
                how = f"killed by {signal.Signals(-exitcode).name}"
            except ValueError:
                how = f"killed by signal {-exitcode}"
        else:
            how = f"exit status {exitcode}"
        super().__init__(f"the process running notebook {notebook} died before finishing ({how})")

    def __reduce__(self):
        return (type(self), (self.notebook, self.exitcode))


class CellTimedOut(CellTimeoutError):
    """A cell ran longer than papermill's ``execution_timeout``: what nbclient raises, naming the cell too."""

    def __init__(self, cell_index: int, timeout: float, source: str, notebook: str = ""):
        self.cell_index, self.timeout, self.source, self.notebook = cell_index, timeout, source, notebook
        preview = source if len(source) < 2000 else source[:1000] + "\n...\n" + source[-500:]
        super().__init__(f"A cell timed out while it was being executed, after {timeout:g} seconds.\n"
                         f"The message was: Cell execution timed out.\n"
                         f"Here is a preview of the cell contents:\n-------------------\n{preview}\n-------------------\n")

    def __reduce__(self):
        return (type(self), (self.cell_index, self.timeout, self.source, self.notebook))


class _Interrupted(BaseException):
    """Raised inside the cell by the timer: a BaseException, so that ``except Exception`` cannot swallow it."""


class NotebookError(Exception):
    """Any other failure of a notebook run whose exception could not be pickled back (message kept)."""


# --- the engine: executing cells in this process ----------------------------------------------------------


class _CellSink:
    """Collects one notebook's outputs, cell by cell, as nbformat v4 nodes in the order they were produced."""

    def __init__(self) -> None:
        self.outputs: list = []
        self._clear_on_next = False
        self._by_display_id: dict[str, list] = {}  # display_id -> outputs to refresh, across the notebook

    def start_cell(self) -> list:
        self.outputs = []
        self._clear_on_next = False
        return self.outputs

    def _append(self, output) -> None:
        if self._clear_on_next:
            self.outputs.clear()
            self._clear_on_next = False
        self.outputs.append(output)

    def stream(self, name: str, text: str) -> None:
        if not text:
            return
        last = self.outputs[-1] if self.outputs and not self._clear_on_next else None
        if last is not None and last.output_type == "stream" and last.name == name:
            last.text += text  # one output per run of writes, as nbclient merges consecutive stream messages
        else:
            self._append(nbformat.v4.new_output("stream", name=name, text=text))

    def display(self, data: dict, metadata: dict | None, transient: dict | None, update: bool) -> None:
        display_id = (transient or {}).get("display_id")
        if display_id:
            for output in self._by_display_id.get(display_id, []):
                output.data = nbformat.from_dict(data)
                output.metadata = nbformat.from_dict(metadata or {})
        if update:
            return
        output = nbformat.v4.new_output("display_data", data=data, metadata=metadata or {})
        if display_id:
            self._by_display_id.setdefault(display_id, []).append(output)
        self._append(output)

    def execute_result(self, data: dict, metadata: dict | None, execution_count: int) -> None:
        self._append(nbformat.v4.new_output("execute_result", data=data, metadata=metadata or {},
                                            execution_count=execution_count))

    def error(self, ename: str, evalue: str, traceback: list[str]) -> None:
        self._append(nbformat.v4.new_output("error", ename=ename, evalue=evalue, traceback=traceback))

    def clear(self, wait: bool) -> None:
        if wait:
            self._clear_on_next = True
        else:
            self.outputs.clear()


class _FdCapture:
    """What the process writes to its file descriptors 1 and 2 while a cell runs (``subprocess``, ``os.system``,
    C libraries) becomes the cell's stream output, as ipykernel records it.

    The descriptors point at temporary files, not pipes, so that a child process never blocks on a full pipe;
    what they received is read back, in order, before each write of the cell's own ``print`` and at its end.
    """

    NAMES = {1: "stdout", 2: "stderr"}

    def __init__(self, sink: _CellSink):
        self.sink = sink
        self.files = {fd: tempfile.TemporaryFile() for fd in self.NAMES}
        self.offsets = dict.fromkeys(self.NAMES, 0)
        self.decoders = {fd: codecs.getincrementaldecoder("utf-8")("replace") for fd in self.NAMES}
        self.saved: dict[int, int] = {}

    def __enter__(self) -> _FdCapture:
        for stream in (sys.__stdout__, sys.__stderr__):
            with contextlib.suppress(Exception):
                stream.flush()
        for fd, file in self.files.items():
            self.saved[fd] = os.dup(fd)
            os.dup2(file.fileno(), fd)
        return self

    def drain(self) -> None:
        for fd, file in self.files.items():
            size = os.fstat(file.fileno()).st_size
            if size > self.offsets[fd]:
                data = os.pread(file.fileno(), size - self.offsets[fd], self.offsets[fd])
                self.offsets[fd] += len(data)
                self.sink.stream(self.NAMES[fd], self.decoders[fd].decode(data))

    def __exit__(self, *exc) -> None:
        self.drain()
        for fd, saved in self.saved.items():
            os.dup2(saved, fd)
            os.close(saved)
        self.saved.clear()

    def close(self) -> None:
        for file in self.files.values():
            file.close()


class _SinkStream(io.TextIOBase):
    """``sys.stdout``/``sys.stderr`` while a cell runs: writes become the cell's stream outputs."""

    def __init__(self, sink: _CellSink, name: str, original: Any, capture: _FdCapture | None = None):
        self._sink = sink
        self.name = name
        self._original = original
        self._capture = capture

    encoding = "utf-8"
    errors = "strict"

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return False

    def write(self, text: str) -> int:
        if not isinstance(text, str):
            raise TypeError(f"write() argument must be str, not {type(text).__name__}")
        if self._capture is not None:
            self._capture.drain()  # what a subprocess wrote before this, first
        self._sink.stream(self.name, text)
        return len(text)

    def fileno(self) -> int:
        # Code handing sys.stdout to a subprocess needs a real descriptor: the process's own, which points at
        # the cell's capture while the cell runs (see _FdCapture).
        return self._original.fileno()


class _SinkDisplayHook(DisplayHook):
    """The value of a cell's last expression becomes an ``execute_result`` (with every mime type)."""

    def write_output_prompt(self) -> None:
        pass

    def write_format_data(self, format_dict, md_dict=None) -> None:
        self.shell.sink.execute_result(format_dict, md_dict, self.prompt_count)

    def log_output(self, format_dict) -> None:
        pass  # no history database

    def finish_displayhook(self) -> None:
        self._is_active = False

    def flush(self) -> None:
        # DisplayHook.flush (run by shell.reset) without its gc.collect(): a full collection of a heap holding
        # pandas & co. costs ~50 ms, twice per notebook; unreachable cycles are collected in due course anyway.
        for count in range(1, self.prompt_count + 1):
            self.shell.user_ns_hidden.pop(f"_{count}", None)
            self.shell.user_ns.pop(f"_{count}", None)
        if self.shell.user_ns.get("_oh") is not None:
            self.shell.user_ns["_oh"].clear()
        self._, self.__, self.___ = "", "", ""


class _SinkPublisher(DisplayPublisher):
    """``IPython.display.display(...)`` becomes a ``display_data`` output (with every mime type)."""

    def publish(self, data, metadata=None, source=None, *, transient=None, update=False, **kwargs) -> None:
        self.shell.sink.display(data, metadata, transient, update)

    def clear_output(self, wait: bool = False) -> None:
        self.shell.sink.clear(wait)


class _WarmShell(InteractiveShell):
    """An InteractiveShell that records outputs in a :class:`_CellSink` instead of printing them."""

    displayhook_class = _SinkDisplayHook
    display_pub_class = _SinkPublisher

    def __init__(self, **kwargs):
        self.sink = _CellSink()
        super().__init__(**kwargs)

    def _showtraceback(self, etype, evalue, stb) -> None:
        # What ipykernel sends as an "error" message; SyntaxErrors and errors inside IPython come here too.
        self.sink.error(etype.__name__, str(evalue), list(stb))

    def enable_gui(self, gui=None) -> None:
        pass  # no event loop: only the inline backend is used

    def init_sys_modules(self) -> None:
        pass  # sys.modules["__main__"] is swapped in per notebook (see _notebook_session), not for good


_shell: _WarmShell | None = None


def _get_shell() -> _WarmShell:
    """The process's shell, created on first use (IPython allows one InteractiveShell per process)."""
    global _shell
    if _shell is None:
        if InteractiveShell.initialized() and not isinstance(InteractiveShell.instance(), _WarmShell):
            raise RuntimeError(f"the {ENGINE_NAME} engine cannot run inside another IPython shell "
                               "(use WarmPool, or papermill's default engine)")
        config = Config()
        config.HistoryManager.enabled = False  # no sqlite file, no history-saving thread (we fork)
        config.InteractiveShell.colors = "nocolor"  # tracebacks as plain text in the record
        config.InteractiveShell.autocall = 0
        # ipykernel's compiler: cells are named as under a kernel (a SyntaxError reads "(3573913704.py, line 1)")
        from ipykernel.compiler import XCachingCompiler

        _shell = _WarmShell.instance(config=config, compiler_class=XCachingCompiler)
    return _shell


@contextlib.contextmanager
def _notebook_session(shell: _WarmShell) -> Iterator[None]:
    """A fresh namespace and execution count, and the process state a kernel would give the notebook."""
    shell.reset(new_session=False)  # empties the user namespace: nothing leaks from the previous notebook
    shell.execution_count = 1
    shell.sink = _CellSink()
    saved_main = sys.modules.get("__main__")
    saved_stdin = sys.stdin
    saved_env_backend = os.environ.get("MPLBACKEND")
    matplotlib = sys.modules.get("matplotlib")
    saved_backend = None if matplotlib is None else dict.__getitem__(matplotlib.rcParams, "backend")  # unresolved
    saved_interactive = None if matplotlib is None else matplotlib.is_interactive()
    # Like a kernel: pickling and `if __name__ == "__main__"` see the notebook's namespace as __main__,
    # input() and getpass() raise as under a kernel whose front end takes no input (papermill's), instead of
    # reading the parent's terminal; figures are shown inline.
    sys.modules["__main__"] = shell.user_module
    sys.stdin = io.StringIO()
    saved_input, saved_getpass = builtins.input, getpass.getpass
    builtins.input = getpass.getpass = _no_input
    os.environ["MPLBACKEND"] = INLINE_BACKEND
    if matplotlib is not None:
        # Imported already (preloaded), so the variable is too late: what importing the backend does under
        # a kernel (PNG formatter for figures, flush of the open ones after each cell), by hand.
        from matplotlib_inline.backend_inline import configure_inline_support

        matplotlib.interactive(True)
        matplotlib.use(INLINE_BACKEND)
        configure_inline_support(shell, INLINE_BACKEND)
    try:
        yield
    finally:
        if saved_main is not None:
            sys.modules["__main__"] = saved_main
        sys.stdin = saved_stdin
        builtins.input, getpass.getpass = saved_input, saved_getpass
        if saved_env_backend is None:
            os.environ.pop("MPLBACKEND", None)
        else:
            os.environ["MPLBACKEND"] = saved_env_backend
        if "matplotlib" in sys.modules:  # leave this process's matplotlib as found (or non-interactive)
            if "matplotlib.pyplot" in sys.modules:
                sys.modules["matplotlib.pyplot"].close("all")
            with contextlib.suppress(Exception):
                sys.modules["matplotlib"].use("agg" if saved_backend is None else saved_backend)
                sys.modules["matplotlib"].interactive(bool(saved_interactive))
        with contextlib.suppress(Exception):
            shell.reset(new_session=False)  # drop the notebook's objects now, not at the next notebook


def _no_input(*args: Any, **kwargs: Any) -> str:
    raise StdinNotImplementedError("raw_input was called, but this frontend does not support input requests.")


def _language_info() -> dict:
    """What ipykernel reports as ``language_info`` (nbclient writes it into the notebook's metadata)."""
    return {
        "name": "python", "version": ".".join(map(str, sys.version_info[:3])), "mimetype": "text/x-python",
        "codemirror_mode": {"name": "ipython", "version": 3}, "pygments_lexer": "ipython3",
        "nbconvert_exporter": "python", "file_extension": ".py",
    }


def _timestamp() -> str:
    return datetime.datetime.now(datetime.UTC).isoformat().replace("+00:00", "Z")


def _log_outputs(outputs: list, log_output: bool, stdout_file: Any, stderr_file: Any) -> None:
    """papermill's ``log_output``/``stdout_file``/``stderr_file`` options, as PapermillNotebookClient does."""
    for output in outputs:
        if output.output_type == "stream":
            stream_file = stdout_file if output.name == "stdout" else stderr_file
            if log_output:
                (logger.info if output.name == "stdout" else logger.warning)(output.text)
            if stream_file:
                stream_file.write(output.text)
                stream_file.flush()
        elif log_output and "text/plain" in output.get("data", {}):
            logger.info(output.data["text/plain"])


class WarmEngine(Engine):
    """papermill engine ``intl-report-warm``: the notebook's cells run in this process, no Jupyter kernel.

    Each notebook gets a fresh IPython namespace; outputs, execution counts and cell metadata are recorded
    as with papermill's nbclient engine, and execution stops at the first cell that raises (unless the cell
    is tagged ``raises-exception``), so papermill raises ``PapermillExecutionError`` afterwards.
    What the process writes to its descriptors (a subprocess's output) is recorded in the cell; ``input()``
    raises ``StdinNotImplementedError``; a cell running longer than ``execution_timeout`` seconds is
    interrupted and :class:`CellTimedOut` (nbclient's ``CellTimeoutError``) raised, as nbclient does. The
    timeout needs the main thread (a timer signal), where papermill's command and the pool's workers run.
    """

    @classmethod
    def execute_managed_notebook(cls, nb_man, kernel_name: str, log_output: bool = False,
                                 stdout_file: Any = None, stderr_file: Any = None,
                                 execution_timeout: float | None = None, **kwargs: Any):
        shell = _get_shell()
        nb = nb_man.nb
        nb.metadata.setdefault("papermill", {})["engine"] = ENGINE_NAME  # the record says what ran it
        capture = _FdCapture(shell.sink)
        with _notebook_session(shell), contextlib.closing(capture):
            capture.sink = shell.sink
            for index, cell in enumerate(nb.cells):
                failed = False
                try:
                    nb_man.cell_start(cell, index)
                    if cell.cell_type == "code" and cell.source.strip():  # nbclient skips empty cells too
                        error = cls._execute_cell(shell, cell, capture, execution_timeout)
                        if isinstance(error, _Interrupted):
                            raise CellTimedOut(index, float(execution_timeout or 0), cell.source,
                                               str(nb.metadata.papermill.get("input_path") or ""))
                        if error is not None and "raises-exception" not in cell.metadata.get("tags", []):
                            failed = True
                            nb_man.cell_exception(cell, cell_index=index, exception=error)
                        if log_output or stdout_file or stderr_file:
                            _log_outputs(cell.outputs, log_output, stdout_file, stderr_file)
                finally:
                    nb_man.cell_complete(cell, cell_index=index)
                if failed:
                    break
        nb.metadata["language_info"] = _language_info()
        return nb

    @staticmethod
    def _execute_cell(shell: _WarmShell, cell, capture: _FdCapture,
                      timeout: float | None = None) -> BaseException | None:
        """Run one code cell, fill its outputs and execution count; the exception it raised, if any."""
        outputs = shell.sink.start_cell()
        cell.outputs = outputs
        cell.execution_count = shell.execution_count
        started = _timestamp()
        stdout, stderr = sys.stdout, sys.stderr
        sys.stdout = _SinkStream(shell.sink, "stdout", stdout, capture)
        sys.stderr = _SinkStream(shell.sink, "stderr", stderr, capture)
        interrupted = None
        try:
            with capture, _time_limit(timeout):
                result = shell.run_cell(cell.source, store_history=True, silent=False)
        except _Interrupted as caught:  # the timer went off outside the cell's code, in IPython's bookkeeping
            interrupted = caught
        finally:
            sys.stdout, sys.stderr = stdout, stderr
        if interrupted is not None or isinstance(result.error_in_exec, _Interrupted):
            # as nbclient: the cell keeps what it wrote, and no traceback of the interruption itself
            cell.outputs = [o for o in shell.sink.outputs if o.get("ename") != _Interrupted.__name__]
            cell.metadata["execution"] = {"iopub.execute_input": started, "iopub.status.busy": started}
            return interrupted or result.error_in_exec
        cell.outputs = shell.sink.outputs  # clear_output() may have emptied it, same list object
        finished = _timestamp()
        # nbclient's record_timing, with the moments a kernel would report
        cell.metadata["execution"] = {"iopub.execute_input": started, "iopub.status.busy": started,
                                      "iopub.status.idle": finished, "shell.execute_reply": finished}
        # Some failures come without a traceback (a UsageError is printed on stderr): as under a kernel, the
        # cell then has no error output, and papermill reports a CellExecutionError.
        return result.error_before_exec or result.error_in_exec


@contextlib.contextmanager
def _time_limit(seconds: float | None) -> Iterator[None]:
    """Raise :class:`_Interrupted` inside the running code after *seconds* (main thread only; else no limit)."""
    if not seconds or seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupt(signum, frame):
        raise _Interrupted(seconds)

    previous = signal.signal(signal.SIGALRM, interrupt)
    signal.setitimer(signal.ITIMER_REAL, float(seconds))
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def register() -> None:
    """Make the engine available to papermill as ``engine_name="intl-report-warm"``."""
    papermill_engines.register(ENGINE_NAME, WarmEngine)


register()


# --- the pool: one fresh, pre-warmed process per notebook -------------------------------------------------


def _picklable(error: BaseException, notebook: str) -> BaseException:
    """``error`` in a form that survives the trip back to the parent process."""
    if isinstance(error, PapermillExecutionError) and not isinstance(error, NotebookFailed):
        return NotebookFailed(error.ename, error.evalue, error.cell_index, notebook, error.exec_count,
                              error.source, error.traceback)
    try:
        pickle.loads(pickle.dumps(error))
        return error
    except Exception:
        return NotebookError(f"{notebook}: {type(error).__name__}: {error}")


def execute_here(source: str, target: str, parameters: dict, cwd: str | None,
                 timeout: float | None = None) -> BaseException | None:
    """Papermill with the warm engine, in this process; the picklable failure, or None."""
    import papermill

    try:
        papermill.execute_notebook(source, target, parameters=parameters, engine_name=ENGINE_NAME,
                                   kernel_name="python3", language="python", progress_bar=False,
                                   log_output=False, cwd=cwd, execution_timeout=timeout)
    except BaseException as error:  # noqa: BLE001 - everything must reach the parent
        return _picklable(error, source)
    return None


def _run_in_child(source: str, target: str, parameters: dict, cwd: str | None, timeout: float | None,
                  conn) -> None:
    """Body of a worker process: papermill with the warm engine, the outcome sent back on ``conn``."""
    conn.send(execute_here(source, target, parameters, cwd, timeout))
    conn.close()


class WarmPool:
    """Run notebooks through papermill, each in a fresh process forked from a pre-warmed server.

    The server (Python's ``forkserver``: a clean interpreter started with exec, so threads of this process
    don't matter) imports ``preload`` once; every notebook then runs in a new child forked from it, at most
    ``jobs`` at a time. A notebook cannot see another's state, and a crash only loses that notebook.

    Parameters
    ----------
    jobs : int
        Notebooks executed side by side.
    preload : tuple of str
        Modules the server imports once; any that fails to import is skipped.

    Notes
    -----
    As with any ``forkserver``/``spawn`` pool, the main script is imported by the server: it must keep its
    work under ``if __name__ == "__main__":``. The fork server is one per process: a second pool reuses it
    (already warm, its first ``preload`` kept).

    Examples
    --------
    >>> with WarmPool(jobs=2) as pool:  # doctest: +SKIP
    ...     future = pool.submit("nb.ipynb", "out.ipynb", {"year": 2025})
    ...     future.result()  # None, or raises NotebookFailed / NotebookCrashed
    """

    def __init__(self, jobs: int, preload: tuple[str, ...] = DEFAULT_PRELOAD):
        self.jobs = max(1, int(jobs))
        self._ctx = multiprocessing.get_context("forkserver")
        self._threads = ThreadPoolExecutor(max_workers=self.jobs, thread_name_prefix="warm-pool")
        self._children: set = set()
        self._lock = threading.Lock()
        self._closed = False  # no more submissions
        self._terminating = False  # shutdown(wait=False): queued notebooks are not started
        # Start the server now unless the caller already has (it warms up while the caller prepares the first
        # notebooks); its environment is this process's at this moment.
        start_server(preload)

    def submit(self, source: str | Path, target: str | Path, parameters: dict | None = None,
               cwd: str | Path | None = None, timeout: float | None = None) -> Future:
        """Queue one notebook; the future's result is None, or it raises NotebookFailed / NotebookCrashed.

        Parameters
        ----------
        source, target : str or Path
            Notebook to run and where papermill writes the executed copy (also on failure).
        parameters : dict
            Injected by papermill after the cell tagged ``parameters``.
        cwd : str or Path, optional
            Working directory of the notebook (default: this process's).
        timeout : float, optional
            papermill's ``execution_timeout``: seconds a cell may run (the failure is :class:`CellTimedOut`).
        """
        if self._closed:
            raise RuntimeError("WarmPool is shut down")
        return self._threads.submit(self._run, str(source), str(target), dict(parameters or {}),
                                    None if cwd is None else str(cwd), timeout)

    def _run(self, source: str, target: str, parameters: dict, cwd: str | None, timeout: float | None) -> None:
        receiver, sender = self._ctx.Pipe(duplex=False)
        child = self._ctx.Process(target=_run_in_child, args=(source, target, parameters, cwd, timeout, sender),
                                  name=f"notebook {Path(source).name}")
        with self._lock:
            if self._terminating:
                raise RuntimeError("WarmPool was shut down before this notebook started")
            child.start()
            self._children.add(child)
        sender.close()  # ours; the child has its own: EOF on `receiver` once the child is gone
        try:
            outcome: BaseException | None = None
            reported = False
            try:
                outcome = receiver.recv()  # read before join: a large message would block the child's exit
                reported = True
            except EOFError:
                pass  # died without a word
            except Exception as error:  # noqa: BLE001 - e.g. an exception class the parent cannot import
                outcome, reported = NotebookError(f"{source}: unreadable outcome ({error!r})"), True
            child.join()
        finally:
            receiver.close()
            with self._lock:
                self._children.discard(child)
        if not reported:
            raise NotebookCrashed(source, child.exitcode)
        if outcome is not None:
            raise outcome

    def shutdown(self, wait: bool = True, cancel_futures: bool = False) -> None:
        """Stop accepting notebooks; with ``wait=False`` the running ones are terminated (SIGTERM)."""
        with self._lock:
            self._closed = True
            if not wait:
                self._terminating = True
                for child in self._children:
                    child.terminate()
        self._threads.shutdown(wait=wait, cancel_futures=cancel_futures)

    def __enter__(self) -> WarmPool:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        # On an error (or Ctrl-C) in the caller, drop the queued notebooks but let running ones finish their
        # record; otherwise wait for everything submitted.
        self.shutdown(wait=True, cancel_futures=exc_type is not None)



def _warm_up(preload: Sequence[str]) -> None:
    """In the fork server: import ``preload`` and pay once what every notebook would pay again.

    That is the IPython shell, nbformat's compiled schemas, papermill's parameter injection, the inline
    matplotlib backend and its fonts, the first traceback: a throw-away notebook run here. Children are
    forked from here.
    """
    # Never a GUI backend in a worker, whatever the caller's environment says (notebooks get the inline one).
    os.environ["MPLBACKEND"] = "agg"
    for module in preload:
        try:
            importlib.import_module(module)
        except Exception:  # noqa: BLE001 - e.g. a project module not written yet: the notebooks will say
            pass
    cells = [nbformat.v4.new_code_cell("value = 1", metadata={"tags": ["parameters"]}),
             nbformat.v4.new_code_cell("print(value)\nvalue"),
             # the first traceback of a process fills inspect's module cache (~0.1 s)
             nbformat.v4.new_code_cell("raise ValueError(value)", metadata={"tags": ["raises-exception"]})]
    if "matplotlib.pyplot" in sys.modules:
        cells.append(nbformat.v4.new_code_cell("import matplotlib.pyplot as plt\nplt.plot([1, 2])\nplt.title('x')"))
    notebook = nbformat.v4.new_notebook(cells=cells, metadata={
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})
    try:
        import papermill
        from nbformat.validator import get_validator

        for minor in (4, nbformat.v4.nbformat_minor):  # compiled schemas are cached per format version
            get_validator(version=4, version_minor=minor)
        papermill.execute_notebook(notebook, None, parameters={"value": 2}, engine_name=ENGINE_NAME,
                                   kernel_name="python3", language="python", progress_bar=False)
    except PapermillExecutionError:
        pass  # the expected end of the warm-up notebook (papermill raises even for "raises-exception")
    except Exception as error:  # noqa: BLE001 - a failed warm-up only costs speed
        print(f"{__name__}: warm-up of the notebook server failed: {error!r}", file=sys.stderr)
    # The package's own first-call costs (parquet, CSV, pandera), when the package is among the preloaded modules.
    pipeline = sys.modules.get("intl_report.pipeline")
    if pipeline is not None:
        try:
            pipeline.warm_up()
        except Exception as error:  # noqa: BLE001 - a failed warm-up only costs speed
            print(f"{__name__}: warm-up of the pipeline failed: {error!r}", file=sys.stderr)
    # Objects that exist now are shared by all children: keep the collector from walking (and, by touching
    # them, copying) them in every child.
    gc.collect()
    gc.freeze()


def run_notebooks(tasks: Sequence[tuple[str | Path, str | Path, dict]], jobs: int,
                  cwd: str | Path | None = None) -> list[BaseException | None]:
    """Run ``(source, target, parameters)`` tasks in a :class:`WarmPool`; per task None or its exception.

    Every task runs, whatever happens to the others.
    """
    with WarmPool(jobs) as pool:
        futures = [pool.submit(source, target, parameters, cwd=cwd) for source, target, parameters in tasks]
        return [future.exception() for future in futures]


# Imported by WarmPool's fork server: warm it up (the variable is removed so that processes the notebooks
# start don't do it again).
if _ZYGOTE_ENV in os.environ:
    _warm_up([m for m in os.environ.pop(_ZYGOTE_ENV).split(",") if m])
