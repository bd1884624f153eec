"""A warm server that outlives the command, so that the next run's notebooks start at once.

:class:`~intl_report.engine.WarmPool` starts, at every run, a fresh interpreter that imports pandas, pandera,
papermill and IPython: about a second here, nearly half of an analyst's re-run after one sector's correction.
:class:`ServerPool` keeps that interpreter between runs. The first run starts it (detached, in a session of its
own); later runs connect to it over a Unix socket. Each notebook still runs in a fresh process forked from it,
executed by papermill and kept as its record, exactly as with ``WarmPool``.

When a server is reused, and when it is not:

* A server serves one *key*: the package's code, data and notebooks (``runstate.code_fingerprint``), the Python
  executable, the environment and the preloaded modules. Change any of them and the next run starts another
  server; the old one, unused, goes away on its own.
* It exits after ``idle`` seconds without a notebook (``INTL_REPORT_SERVER_IDLE``, default 600), or when asked
  (``intl-report server stop``).
* Its socket lives in a folder only its user can open (``$XDG_RUNTIME_DIR/intl-report``, else
  ``/tmp/intl-report-<uid>``; ``INTL_REPORT_RUNTIME_DIR`` overrides), and it refuses connections from another
  user.
* A notebook's process gets the client's working directory, environment and standard streams.
* A client that goes away (Ctrl-C, ``kill -9``, a crash) takes its notebooks with it: when a connection
  closes, the server kills the process running that notebook, so nothing writes after its run has ended.

Protocol, one connection per notebook: the client sends one request (``MAGIC``, its length, a pickled dict)
with its standard streams attached (``SCM_RIGHTS``). The server answers ``("accepted", None)`` before it forks
(a connection closed without it was never run: the client may ask again, of a new server), the notebook's
process ``("outcome", error or None)``, and the server ``("exit", exit code)`` once that process has ended.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import pickle
import selectors
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path

from .paths import PACKAGE_DIR
from .runstate import code_fingerprint
from .warmstart import DEFAULT_PRELOAD

IDLE_ENV = "INTL_REPORT_SERVER_IDLE"
RUNTIME_ENV = "INTL_REPORT_RUNTIME_DIR"
DEFAULT_IDLE = 600.0
MAGIC = b"intl-report-warm/1\n"
_HEADER = struct.Struct("!Q")
# Variables that change from one invocation to the next without changing what a notebook computes: keying the
# server on them would start a new one every time. The notebook's process still gets the client's exact values.
VOLATILE_ENV = frozenset({"PWD", "OLDPWD", "_", "PYTEST_CURRENT_TEST"})


class ServerUnavailable(Exception):
    """No warm server can be started or reached (the caller falls back to a server for this run only)."""


# --- where the servers live --------------------------------------------------------------------------------


def runtime_dir() -> Path:
    """The folder of this user's servers, created private; refused if anybody else can open it."""
    if os.environ.get(RUNTIME_ENV):
        folder = Path(os.environ[RUNTIME_ENV])
    elif os.environ.get("XDG_RUNTIME_DIR"):
        folder = Path(os.environ["XDG_RUNTIME_DIR"]) / "intl-report"
    else:
        folder = Path(tempfile.gettempdir()) / f"intl-report-{os.getuid()}"
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = folder.stat()
    except OSError as error:
        raise ServerUnavailable(f"cartella dei server non utilizzabile: {folder} ({error.strerror})") from None
    if info.st_uid != os.getuid() or info.st_mode & 0o077:
        raise ServerUnavailable(f"la cartella {folder} non è riservata a questo utente (permessi {info.st_mode & 0o777:o})")
    return folder


def idle_seconds() -> float:
    text = os.environ.get(IDLE_ENV, "")
    try:
        return max(0.0, float(text)) if text else DEFAULT_IDLE
    except ValueError:
        return DEFAULT_IDLE


def server_key(preload: tuple[str, ...] = DEFAULT_PRELOAD) -> str:
    """What a server's warm state depends on: code, interpreter, environment, preloaded modules."""
    digest = hashlib.sha256()
    digest.update(code_fingerprint().encode())
    digest.update(f"{sys.executable}\0{sys.version}\0{','.join(preload)}\0".encode())
    for name, value in sorted(os.environ.items()):
        if name not in VOLATILE_ENV:
            digest.update(f"{name}={value}\0".encode("utf-8", "surrogateescape"))
    return digest.hexdigest()[:24]


def socket_path(preload: tuple[str, ...] = DEFAULT_PRELOAD) -> Path:
    return runtime_dir() / f"warm-{server_key(preload)}.sock"


def _is_open(fd: int) -> bool:
    try:
        os.fstat(fd)
    except OSError:
        return False
    return True


def _connect(address: Path) -> socket.socket | None:
    client = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        client.connect(str(address))
    except OSError:  # no socket, or nobody listening on it any more
        client.close()
        return None
    return client


def ensure_server(preload: tuple[str, ...] = DEFAULT_PRELOAD, idle: float | None = None) -> Path:
    """The socket of the server for this code and environment, started (detached) if none is running.

    Returns as soon as the server listens: it warms up while the caller prepares its notebooks, and the first
    one waits for it.
    """
    address = socket_path(preload)
    probe = _connect(address)
    if probe is not None:
        probe.close()
        return address
    with open(address.with_suffix(".lock"), "w") as lock:  # one starter at a time per key
        fcntl.flock(lock, fcntl.LOCK_EX)
        probe = _connect(address)
        if probe is not None:
            probe.close()
            return address
        address.unlink(missing_ok=True)  # left by a server that was killed
        log = address.with_suffix(".log")
        with open(log, "ab") as log_file:
            process = subprocess.Popen(
                [sys.executable, "-c", "from intl_report.warmserver import main; main()", str(address),
                 str(idle_seconds() if idle is None else idle), ",".join(preload), code_fingerprint()],
                stdin=subprocess.DEVNULL, stdout=log_file, stderr=log_file, start_new_session=True, close_fds=True,
            )
        deadline = time.monotonic() + 30
        while not address.exists():  # bound before any heavy import: a few milliseconds
            if process.poll() is not None or time.monotonic() > deadline:
                raise ServerUnavailable(f"il server dei notebook non è partito (vedi {log})")
            time.sleep(0.002)
    _stop_outdated(address)
    return address


def _stop_outdated(current: Path) -> None:
    """Stop this installation's servers for an older version of its code: no run of it will use them again.

    (Servers of another checkout or interpreter, or of another environment, are left to their idle time.)
    """
    for address in runtime_dir().glob("warm-*.sock"):
        if address == current:
            continue
        status = _request(address, {"op": "status"})
        if (isinstance(status, dict) and status.get("package") == str(PACKAGE_DIR)
                and status.get("executable") == sys.executable and status.get("code") != code_fingerprint()):
            _request(address, {"op": "stop"})


def _request(address: Path, message: dict) -> object:
    """A control request (status, stop) to a running server; its answer, or None when nobody answers."""
    client = _connect(address)
    if client is None:
        return None
    payload = pickle.dumps(message)
    with contextlib.closing(client):
        # A wedged server must not hang `server status` or the start of another server: no answer in 15 s (a
        # server still warming up answers when it is done) is no answer. A kernel timeout, as the socket stays
        # blocking for Connection.
        client.setsockopt(socket.SOL_SOCKET, socket.SO_RCVTIMEO, struct.pack("ll", 15, 0))
        client.sendall(MAGIC + _HEADER.pack(len(payload)) + payload)
        with contextlib.suppress(EOFError, OSError), Connection(os.dup(client.fileno())) as answers:
            return answers.recv()
    return None


def servers() -> list[dict]:
    """The running servers of this user (pid, started, notebooks run, idle limit, socket)."""
    found = []
    for address in sorted(runtime_dir().glob("warm-*.sock")):
        status = _request(address, {"op": "status"})
        if isinstance(status, dict):
            found.append({**status, "socket": str(address)})
    return found


def stop_servers() -> int:
    """Ask every running server of this user to stop once its notebooks end; how many were asked."""
    stopped = 0
    for address in sorted(runtime_dir().glob("warm-*.sock")):
        if _request(address, {"op": "stop"}) == "stopping":
            stopped += 1
    return stopped


# --- the client's pool --------------------------------------------------------------------------------------


class ServerPool:
    """Run notebooks through papermill, each in a fresh process forked from this user's warm server.

    The same contract as :class:`~intl_report.engine.WarmPool` (``submit`` returns a future whose result is
    None, or raises ``NotebookFailed`` / ``NotebookCrashed``), with the server kept between runs.

    Raises
    ------
    ServerUnavailable
        No server could be reached or started.
    """

    def __init__(self, jobs: int, preload: tuple[str, ...] = DEFAULT_PRELOAD, idle: float | None = None):
        self.jobs = max(1, int(jobs))
        self.preload = preload
        self.idle = idle
        self.address = ensure_server(preload, idle)
        self._threads = ThreadPoolExecutor(max_workers=self.jobs, thread_name_prefix="warm-server")
        self._open: set[socket.socket] = set()
        self._lock = threading.Lock()
        self._closed = False
        self._terminating = False

    def submit(self, source: str | Path, target: str | Path, parameters: dict | None = None,
               cwd: str | Path | None = None) -> Future:
        if self._closed:
            raise RuntimeError("ServerPool is shut down")
        request = {"op": "run", "source": str(source), "target": str(target), "parameters": dict(parameters or {}),
                   "cwd": None if cwd is None else str(cwd), "workdir": os.getcwd(), "env": dict(os.environ),
                   "streams": [fd for fd in (0, 1, 2) if _is_open(fd)]}
        return self._threads.submit(self._run, request)

    def _open_connection(self) -> socket.socket:
        client = _connect(self.address)
        if client is None:  # the server ended (idle, stopped) since the pool was made: start another
            self.address = ensure_server(self.preload, self.idle)
            client = _connect(self.address)
        if client is None:
            raise ServerUnavailable(f"il server dei notebook non risponde ({self.address})")
        return client

    def _run(self, request: dict) -> None:
        for _attempt in range(3):
            with self._lock:
                if self._terminating:
                    raise RuntimeError("ServerPool was shut down before this notebook started")
            accepted, reported, outcome, exitcode = self._run_once(request)
            if accepted:
                break
            # The server ended (idle, stopped) between our connection and its answer, before starting the
            # notebook: nothing ran, so asking the next server is safe.
            self.address = ensure_server(self.preload, self.idle)
        else:
            raise ServerUnavailable(f"il server dei notebook non ha accettato {request['source']} ({self.address})")
        if not reported:
            from .engine import NotebookCrashed

            raise NotebookCrashed(request["source"], exitcode)
        if outcome is not None:
            raise outcome

    def _run_once(self, request: dict) -> tuple[bool, bool, BaseException | None, int | None]:
        """One attempt: (the server started the notebook, it reported, its failure, its process's exit code)."""
        client = self._open_connection()
        with self._lock:
            self._open.add(client)
        accepted, reported, outcome, exitcode = False, False, None, None
        try:
            payload = pickle.dumps(request)
            frame = MAGIC + _HEADER.pack(len(payload)) + payload
            # The notebook's process writes where this process does: its standard streams go with the request.
            sent = socket.send_fds(client, [frame], request["streams"])
            client.sendall(frame[sent:])
            with Connection(os.dup(client.fileno())) as answers:
                try:
                    while exitcode is None:
                        kind, value = answers.recv()
                        if kind == "accepted":
                            accepted = True
                        elif kind == "outcome":
                            outcome, reported = value, True
                        else:
                            exitcode = value
                except (EOFError, OSError):
                    pass  # the server went away; if it had started the notebook, that is a crash
                except Exception as error:  # noqa: BLE001 - e.g. an exception class this process cannot import
                    outcome, reported = RuntimeError(f"{request['source']}: esito illeggibile ({error!r})"), True
        except OSError:
            pass  # the connection broke while sending: not accepted
        finally:
            with self._lock:
                self._open.discard(client)
            client.close()  # the server kills the notebook's process if it is still running
        return accepted or reported, reported, outcome, exitcode

    def shutdown(self, wait: bool = True, cancel_futures: bool = False) -> None:
        """Stop accepting notebooks; with ``wait=False`` the running ones are ended (their connection closed)."""
        with self._lock:
            self._closed = True
            if not wait:
                self._terminating = True
                for client in self._open:
                    with contextlib.suppress(OSError):
                        client.shutdown(socket.SHUT_RDWR)
        self._threads.shutdown(wait=wait, cancel_futures=cancel_futures)

    def __enter__(self) -> ServerPool:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is not None and not issubclass(exc_type, Exception):
            # Ctrl-C (or the process ending): the notebooks stop too, as they would in the run's own process
            # group with a per-run server; their records stay temporary files, cleaned up by the next run.
            self.shutdown(wait=False, cancel_futures=True)
        else:
            # On an error in the caller, drop the queued notebooks but let running ones finish their record.
            self.shutdown(wait=True, cancel_futures=exc_type is not None)


# --- the server -----------------------------------------------------------------------------------------------


@dataclass
class _Notebook:
    pid: int
    pidfd: int
    client: socket.socket


def _read_request(client: socket.socket) -> tuple[dict, list[int]] | None:
    """The request on a new connection and the streams sent with it; None for a probe or garbage."""
    client.settimeout(10)
    uid = struct.unpack("3i", client.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i")))[1]
    if uid != os.getuid():
        return None
    first, fds, _flags, _address = socket.recv_fds(client, 1 << 16, 3)
    data = bytearray(first)
    start = len(MAGIC) + _HEADER.size
    request = None
    if _receive(client, data, start) and data.startswith(MAGIC):
        (length,) = _HEADER.unpack_from(data, len(MAGIC))
        if _receive(client, data, start + length):
            with contextlib.suppress(Exception):  # garbage: not one of ours
                request = pickle.loads(bytes(data[start:start + length]))
    if not isinstance(request, dict):  # a probe (closed at once), a truncated request: the client is gone
        for fd in fds:
            os.close(fd)
        return None
    client.settimeout(None)
    return request, fds


def _receive(client: socket.socket, data: bytearray, size: int) -> bool:
    """Read from *client* into *data* until it holds *size* bytes; False if the client closed before."""
    while len(data) < size:
        more = client.recv(max(size - len(data), 1 << 16))
        if not more:
            return False
        data += more
    return True


def _notebook_process(client: socket.socket, fds: list[int], request: dict, inherited: list[int]) -> None:
    """In the forked process: become the client's notebook process, run papermill, report, exit."""
    code = 0
    try:
        for fd in inherited:  # the listening socket, other notebooks' connections: not this process's business
            with contextlib.suppress(OSError):
                os.close(fd)
        for target, fd in zip(request.get("streams", ()), fds, strict=False):
            os.dup2(fd, target)
        for fd in fds:
            if fd > 2:
                os.close(fd)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        os.chdir(request["workdir"])
        os.environ.clear()
        os.environ.update(request["env"])
        from . import registry
        from .engine import execute_here

        registry._load.cache_clear()  # a registry file named by the environment may have been edited since
        outcome = execute_here(request["source"], request["target"], request["parameters"], request["cwd"])
        with Connection(client.detach()) as answers:
            answers.send(("outcome", outcome))
    except BaseException:  # noqa: BLE001 - reported on the client's stderr; the client sees a crash
        import traceback

        traceback.print_exc()
        code = 1
    finally:
        with contextlib.suppress(Exception):
            sys.stdout.flush()
            sys.stderr.flush()
        os._exit(code)


def serve(address: Path, idle: float, preload: tuple[str, ...], code: str) -> None:
    """The server's life: bind, warm up, then fork one process per notebook until idle or stopped."""
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        listener.bind(str(address))
    except OSError:
        return  # another server took this key meanwhile
    listener.listen(64)
    server = _Server(address, listener, idle, code)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # no terminal: only `server stop` or SIGTERM end it
    signal.signal(signal.SIGTERM, lambda _signum, _frame: None)  # seen through the wake-up pipe
    os.environ.pop("INTL_REPORT_WARM_PRELOAD", None)
    from .engine import _warm_up

    _warm_up(preload)  # connections wait in the listen backlog meanwhile
    server.last_used = time.monotonic()  # idle from now on, not from the start of the warm-up
    print(f"pronto in {time.time() - server.started:.1f} s: {address}", flush=True)
    try:
        server.loop()
    finally:
        server.close()
    # A clean end leaves nothing behind (a server that crashed keeps its log, for whoever looks into it), unless a
    # successor for the same key is running already: the files are its own now.
    if not address.exists():
        for leftover in (address.with_suffix(".log"), address.with_suffix(".lock")):
            leftover.unlink(missing_ok=True)


class _Server:
    """The server's state: the listening socket, the notebooks running, when it was last used."""

    def __init__(self, address: Path, listener: socket.socket, idle: float, code: str):
        self.address = address
        self.listener: socket.socket | None = listener
        self.inode = os.stat(address).st_ino
        self.idle = idle
        self.code = code  # the code it was started for (the files may have changed since: then it is outdated)
        self.started = time.time()
        self.last_used = time.monotonic()
        self.notebooks_run = 0
        self.stopping = False
        self.running: dict[int, _Notebook] = {}  # by pidfd
        self.selector = selectors.DefaultSelector()
        self.selector.register(listener, selectors.EVENT_READ, "listener")
        self.wakeup_read, wakeup_write = os.pipe2(os.O_NONBLOCK | os.O_CLOEXEC)
        signal.set_wakeup_fd(wakeup_write)
        self.selector.register(self.wakeup_read, selectors.EVENT_READ, "signal")

    def still_ours(self) -> bool:
        try:
            return os.stat(self.address).st_ino == self.inode
        except OSError:
            return False

    def loop(self) -> None:
        while True:
            remaining = self.last_used + self.idle - time.monotonic()
            if not self.running and (self.stopping or remaining <= 0 or not self.still_ours()):
                # Done, unless a client connected just now: it is served first, then the question comes back.
                events = [] if self.stopping or not self.still_ours() else self.selector.select(0)
                if not events:
                    return
            else:
                events = self.selector.select(30.0 if self.running else min(max(remaining, 0.05), 30.0))
            for key, _mask in events:
                # (an earlier event of the same batch may have closed what a later one is about)
                if key.data == "listener":
                    if self.listener is not None:
                        self.accept()
                elif key.data == "signal":
                    with contextlib.suppress(OSError):
                        os.read(self.wakeup_read, 512)
                    self.stop_accepting()
                elif self.running.get(key.data.pidfd) is not key.data:
                    continue  # reaped already (its descriptor's number may even be another notebook's now)
                elif key.fileobj is key.data.client:  # readable: the client closed its end (it sends nothing else)
                    # The process is not reaped yet (its pidfd is open), so its pid cannot be anybody else's.
                    with contextlib.suppress(ProcessLookupError):
                        os.kill(key.data.pid, signal.SIGKILL)
                    self.selector.unregister(key.data.client)
                else:
                    self.reap(key.data)

    def stop_accepting(self) -> None:
        """Asked to stop: new clients start another server; running notebooks finish."""
        self.stopping = True
        if self.listener is not None:
            self.selector.unregister(self.listener)
            if self.still_ours():
                self.address.unlink(missing_ok=True)
            self.listener.close()
            self.listener = None

    def accept(self) -> None:
        client, _ = self.listener.accept()
        try:
            received = _read_request(client)
        except OSError:
            received = None
        if received is None:  # a probe (ensure_server), or not ours
            client.close()
            return
        request, fds = received
        if request.get("op") == "run":
            self.start(client, fds, request)
            return
        for fd in fds:
            os.close(fd)
        with contextlib.suppress(OSError), Connection(os.dup(client.fileno())) as answers:
            if request.get("op") == "stop":
                answers.send("stopping")
            else:
                answers.send({"pid": os.getpid(), "started": self.started, "notebooks": self.notebooks_run,
                              "running": len(self.running), "idle_limit": self.idle, "package": str(PACKAGE_DIR),
                              "executable": sys.executable, "code": self.code})
        client.close()
        if request.get("op") == "stop":
            self.stop_accepting()

    def start(self, client: socket.socket, fds: list[int], request: dict) -> None:
        sys.stdout.flush()
        sys.stderr.flush()
        inherited = [self.selector.fileno(), self.wakeup_read] + [
            fd for notebook in self.running.values() for fd in (notebook.pidfd, notebook.client.fileno())]
        if self.listener is not None:
            inherited.append(self.listener.fileno())
        # Said before forking, so that it cannot interleave with what the notebook's process sends.
        with contextlib.suppress(OSError), Connection(os.dup(client.fileno())) as answers:
            answers.send(("accepted", None))
        pid = os.fork()
        if pid == 0:
            signal.set_wakeup_fd(-1)
            _notebook_process(client, fds, request, inherited)
        for fd in fds:
            os.close(fd)
        self.notebooks_run += 1
        notebook = _Notebook(pid, os.pidfd_open(pid), client)
        self.running[notebook.pidfd] = notebook
        self.selector.register(notebook.pidfd, selectors.EVENT_READ, notebook)
        self.selector.register(client, selectors.EVENT_READ, notebook)

    def reap(self, notebook: _Notebook) -> None:
        """The notebook's process ended: tell its client how, forget it."""
        _, status = os.waitpid(notebook.pid, 0)
        with contextlib.suppress(OSError, ValueError), Connection(os.dup(notebook.client.fileno())) as answers:
            answers.send(("exit", os.waitstatus_to_exitcode(status)))
        self.selector.unregister(notebook.pidfd)
        with contextlib.suppress(KeyError, ValueError):
            self.selector.unregister(notebook.client)
        os.close(notebook.pidfd)
        notebook.client.close()
        del self.running[notebook.pidfd]
        self.last_used = time.monotonic()

    def close(self) -> None:
        for notebook in list(self.running.values()):
            with contextlib.suppress(ProcessLookupError):
                os.kill(notebook.pid, signal.SIGKILL)
        if self.listener is not None:
            if self.still_ours():
                self.address.unlink(missing_ok=True)
            self.listener.close()


def main(argv: list[str] | None = None) -> None:
    """Entry point of the detached server: ``<socket> <idle seconds> <preload,modules> <code fingerprint>``."""
    address, idle, preload, code = (argv or sys.argv[1:])[:4]
    serve(Path(address), float(idle), tuple(m for m in preload.split(",") if m), code)


@contextlib.contextmanager
def private_runtime(folder: Path) -> Iterator[Path]:
    """Servers started in a block live in ``folder`` and are stopped at its end (tests, benchmarks)."""
    saved = os.environ.get(RUNTIME_ENV)
    os.environ[RUNTIME_ENV] = str(folder)
    try:
        yield folder
    finally:
        with contextlib.suppress(ServerUnavailable):
            stop_servers()
        if saved is None:
            os.environ.pop(RUNTIME_ENV, None)
        else:
            os.environ[RUNTIME_ENV] = saved
