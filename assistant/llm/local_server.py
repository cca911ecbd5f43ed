"""Run a GGUF model as an OpenAI-compatible llama.cpp server on 127.0.0.1.

The `local` backend does not load the model into the app's process. It starts
this module as a child process (`python -m assistant.llm.local_server MODEL.gguf`),
which runs llama.cpp's own HTTP server through `xllamacpp` (a prebuilt binding:
no compile step, unlike llama-cpp-python), and then talks to it through the same
OpenAI-compatible client as the `openai` backend. Why a child process:

- a llama.cpp crash (bad GGUF, an instruction the CPU reports but cannot run)
  kills the child, not the app, and the assistant falls back to extractive;
- one client path to test and maintain instead of two;
- the child reads its stdin until the parent closes it, so it exits with the
  app even when the app is killed, and never outlives it as an orphan.

The same command, run by hand with `--port 8080`, serves a model for
`generator = "openai"` on another process or machine.
"""

from __future__ import annotations

import argparse
import atexit
import os
import select
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from assistant.errors import ConfigError, LocalServerError

DEFAULT_CTX = 4096  # five 200-word-piece passages plus prompt and answer fit with room to spare
STARTUP_TIMEOUT_S = 180.0
_READY = "LISTENING "


def check_gguf(path: str | Path) -> Path:
    """The model path as a Path, or ConfigError naming the file when it is not a GGUF file."""
    p = Path(path).expanduser()
    if not str(path).strip():
        raise ConfigError("gguf_path is empty: set it to a .gguf model file to use generator 'local'")
    if not p.is_file():
        raise ConfigError(f"gguf_path: no such file: {p}")
    with p.open("rb") as f:
        if f.read(4) != b"GGUF":
            raise ConfigError(f"gguf_path: {p} is not a GGUF model file")
    return p.resolve()


class LocalServer:
    """One llama.cpp server child process for one GGUF file, started on first use."""

    def __init__(
        self,
        gguf_path: str | Path,
        ctx: int = DEFAULT_CTX,
        threads: int | None = None,
        startup_timeout_s: float = STARTUP_TIMEOUT_S,
    ) -> None:
        self.gguf_path = check_gguf(gguf_path)
        self.ctx = ctx
        self.threads = threads
        self.startup_timeout_s = startup_timeout_s
        self.base_url: str | None = None
        self.log_path: Path | None = None
        self._process: subprocess.Popen | None = None
        self._lock = threading.Lock()

    def start(self) -> str:
        """Start the server if it is not running; return its OpenAI base URL (".../v1")."""
        with self._lock:
            if self._process is not None and self._process.poll() is None and self.base_url:
                return self.base_url
            self._spawn()
            assert self.base_url is not None
            return self.base_url

    def _spawn(self) -> None:
        log = tempfile.NamedTemporaryFile(prefix="llama-server-", suffix=".log", delete=False)
        self.log_path = Path(log.name)
        cmd = [
            sys.executable,
            "-m",
            "assistant.llm.local_server",
            str(self.gguf_path),
            "--host",
            "127.0.0.1",
            "--port",
            "0",
            "--ctx",
            str(self.ctx),
            "--until-stdin-closes",
        ]
        if self.threads:
            cmd += ["--threads", str(self.threads)]
        # The child imports this module from the installed package (wheel or editable).
        process = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=log)
        log.close()
        self._process = process
        try:
            address = _wait_ready(process, self.startup_timeout_s)
        except LocalServerError as exc:
            self._stop_process()
            raise LocalServerError(
                f"llama.cpp server for {self.gguf_path.name} did not start: {exc}; "
                f"log: {self.log_path}{_tail(self.log_path)}"
            ) from None
        self.base_url = address.rstrip("/") + "/v1"

    def stop(self) -> None:
        with self._lock:
            self._stop_process()

    def _stop_process(self) -> None:
        process, self._process, self.base_url = self._process, None, None
        if process is None:
            return
        if process.stdin:
            process.stdin.close()  # the child exits when its stdin closes
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        if process.stdout:
            process.stdout.close()

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None


def _wait_ready(process: subprocess.Popen, timeout_s: float) -> str:
    """Read the child's stdout until it prints its listening address."""
    assert process.stdout is not None
    deadline = time.monotonic() + timeout_s
    buffer = b""
    while time.monotonic() < deadline:
        ready, _, _ = select.select([process.stdout], [], [], 0.2)
        if ready:
            chunk = os.read(process.stdout.fileno(), 4096)
            if not chunk:
                break
            buffer += chunk
            for line in buffer.decode(errors="replace").splitlines():
                if line.startswith(_READY):
                    return line[len(_READY) :].strip()
        elif process.poll() is not None:
            break
    if process.poll() is not None:
        raise LocalServerError(f"the server process exited with code {process.returncode}")
    raise LocalServerError(f"not ready within {timeout_s:g} s")


def _tail(path: Path | None, lines: int = 5) -> str:
    if path is None or not path.exists():
        return ""
    text = path.read_text(errors="replace").strip().splitlines()[-lines:]
    return ("\n  " + "\n  ".join(text)) if text else ""


# ---- one server per model file, shared by every Assistant in the process --------------------
_SERVERS: dict[Path, LocalServer] = {}
_SERVERS_LOCK = threading.Lock()


def local_server(gguf_path: str | Path) -> LocalServer:
    """The process-wide server for this model file (not started until `start()`)."""
    path = check_gguf(gguf_path)
    with _SERVERS_LOCK:
        if path not in _SERVERS:
            _SERVERS[path] = LocalServer(path)
        return _SERVERS[path]


@atexit.register
def stop_all() -> None:
    for server in list(_SERVERS.values()):
        server.stop()


# ---- the child process ------------------------------------------------------------------
def serve(gguf_path: str, host: str, port: int, ctx: int, threads: int | None):
    """Start llama.cpp's HTTP server in this process; returns the xllamacpp Server (keep a reference)."""
    import xllamacpp as xlc

    params = xlc.CommonParams()
    params.model.path = gguf_path
    params.hostnames = [host]
    params.port = port
    params.n_ctx = ctx
    params.n_parallel = 1  # two cores: one request at a time is faster than two sharing them
    if threads:
        params.cpuparams.n_threads = threads
        params.cpuparams_batch.n_threads = threads
    return xlc.Server(params)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m assistant.llm.local_server",
        description="Serve a GGUF model over the OpenAI chat-completions API.",
    )
    parser.add_argument("gguf", help="path to a .gguf model file")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8080, help="0 picks a free port")
    parser.add_argument("--ctx", type=int, default=DEFAULT_CTX, help="context window in tokens")
    parser.add_argument("--threads", type=int, default=None)
    parser.add_argument(
        "--until-stdin-closes",
        action="store_true",
        help="exit when stdin reaches end of file (used when started by the app)",
    )
    args = parser.parse_args(argv)
    try:
        path = check_gguf(args.gguf)
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    server = serve(str(path), args.host, args.port, args.ctx, args.threads)
    print(f"{_READY}{server.listening_address}", flush=True)
    if args.until_stdin_closes:
        sys.stdin.buffer.read()
    else:
        url = f"{server.listening_address}/v1"
        print(f"serving {path.name}: OpenAI base URL {url} (Ctrl-C stops)", file=sys.stderr)
        stop = {signal.SIGINT, signal.SIGTERM}
        signal.pthread_sigmask(signal.SIG_BLOCK, stop)
        signal.sigwait(stop)
    del server
    return 0


if __name__ == "__main__":
    sys.exit(main())
