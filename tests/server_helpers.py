"""Run the real app on 127.0.0.1 in a background thread for API and browser tests."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import uvicorn

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running(app, port: int | None = None) -> Iterator[str]:
    """Serve `app` with uvicorn until the block ends; yields the base URL once it accepts requests."""
    port = port or free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", timeout_graceful_shutdown=2)
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 30
    while not server.started:
        if time.time() > deadline or not thread.is_alive():
            raise RuntimeError(f"server on {base} did not start")
        time.sleep(0.05)
    try:
        yield base
    finally:
        server.should_exit = True
        thread.join(10)


def copy_seed(base: Path) -> Path:
    """A private copy of data/ so uploads in tests never touch the repository's articles."""
    target = base / "data"
    shutil.copytree(ROOT / "data", target, ignore=shutil.ignore_patterns(".*"))
    return target


def wait_ready(base: str, headers: dict | None = None, timeout: float = 60) -> dict:
    deadline = time.time() + timeout
    while True:
        info = httpx.get(f"{base}/api/health", headers=headers or {}).json()
        if info["phase"] == "ready" or time.time() > deadline:
            return info
        time.sleep(0.2)
