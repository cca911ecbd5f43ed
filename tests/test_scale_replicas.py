"""Stateless replicas (issue 12, item 3), with real processes: two `assistant serve` over one index folder
answer alike, and another process's `assistant ingest` / `assistant delete` reaches both without a restart."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.server_helpers import free_port

pytestmark = pytest.mark.slow

HARBOUR = """Title: Harbour council approves electric ferry
Source: The Coast Gazette

The harbour council of Port Ellery approved a new electric ferry on Tuesday.
The ferry will carry 300 passengers between Port Ellery and Gull Island.
Council leader Mara Voss said the ferry would cut journey times by half.
"""
# The fact only the article added later holds.
BAKERY = """Title: Village bakery wins national prize
Source: The Valley Post

The Old Mill bakery in Thornbury won the national sourdough prize on Friday.
The judges praised its rye loaf, which is proofed for forty hours.
Baker Ines Calloway said the prize money would pay for a second oven.
"""
FERRY_Q = "How many passengers will the ferry carry?"
BAKERY_Q = "Which prize did the Old Mill bakery win?"


def _env(base: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")}  # no api_token, no other index
    return env | {"HF_HUB_OFFLINE": "1", "ASSISTANT_FEEDBACK_PATH": str(base / "feedback.jsonl")}


def _cli(base: Path, *args: str) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [sys.executable, "-m", "assistant", *args, "--index", "index"],
        cwd=base,
        env=_env(base),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result


@pytest.fixture
def replicas(tmp_path) -> Iterator[tuple[Path, list[tuple[str, subprocess.Popen]]]]:
    """An index of one article built by `assistant ingest`, and two `assistant serve` processes over it."""
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "harbour.txt").write_text(HARBOUR, encoding="utf-8")
    _cli(tmp_path, "ingest", "data")
    servers: list[tuple[str, subprocess.Popen]] = []
    try:
        for i in range(2):
            port = free_port()
            log = open(tmp_path / f"serve-{i}.log", "w")  # noqa: SIM115 - closed with the process
            proc = subprocess.Popen(
                [sys.executable, "-m", "assistant", "serve", "--port", str(port), "--index", "index", "--data", "data"],
                cwd=tmp_path,
                env=_env(tmp_path),
                stdout=log,
                stderr=subprocess.STDOUT,
            )
            log.close()
            servers.append((f"http://127.0.0.1:{port}", proc))
        for url, proc in servers:
            _wait_ready(url, proc, tmp_path)
        yield tmp_path, servers
    finally:
        for _, proc in servers:
            proc.terminate()
        for _, proc in servers:
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def _wait_ready(url: str, proc: subprocess.Popen, base: Path, timeout: float = 180) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        assert proc.poll() is None, f"server {url} exited: {_logs(base)}"
        try:
            if httpx.get(f"{url}/api/health", timeout=5).json()["phase"] == "ready":
                return
        except httpx.TransportError:
            pass
        time.sleep(0.25)
    raise AssertionError(f"server {url} not ready after {timeout} s: {_logs(base)}")


def _logs(base: Path) -> str:
    return " | ".join(p.read_text(errors="replace")[-1500:] for p in sorted(base.glob("serve-*.log")))


def _ask(url: str, question: str) -> dict:
    r = httpx.post(f"{url}/api/ask", json={"question": question}, timeout=120)
    assert r.status_code == 200, r.text
    body = r.json()
    body.pop("timings_ms")  # the only part that may differ between two copies
    return body


def _cited(body: dict) -> set[str]:
    return {c["doc_id"] for c in body["citations"]}


def _poll(url: str, question: str, done, timeout: float = 90) -> dict:
    """Ask until `done(answer)`: a replica picks the new generation up by itself, without a restart."""
    deadline = time.time() + timeout
    while True:
        body = _ask(url, question)
        if done(body) or time.time() > deadline:
            return body
        time.sleep(0.5)


def test_two_servers_answer_alike_and_both_see_a_third_process_ingest_and_delete(replicas):
    base, servers = replicas
    (a, proc_a), (b, proc_b) = servers

    first = [_ask(url, FERRY_Q) for url, _ in servers]
    assert first[0] == first[1]  # answer, citations (quotes, offsets, scores), passages
    assert "300 passengers" in first[0]["answer"] and _cited(first[0]) == {"harbour.txt"}
    assert all("bakery.txt" not in _cited(_ask(url, BAKERY_Q)) for url, _ in servers)
    generation = (base / "index" / "CURRENT").read_text().strip()

    # A third process adds an article: only it says which prize the bakery won.
    (base / "more").mkdir()
    (base / "more" / "bakery.txt").write_text(BAKERY, encoding="utf-8")
    report = _cli(base, "ingest", "data", "more")
    assert "added 1" in report.stdout
    assert (base / "index" / "CURRENT").read_text().strip() != generation

    def knows(body: dict) -> bool:
        return "sourdough prize" in body["answer"] and _cited(body) == {"bakery.txt"}

    after = [_poll(url, BAKERY_Q, knows) for url, _ in servers]
    assert knows(after[0]) and knows(after[1]), after
    assert after[0] == after[1]
    ferry = [_ask(url, FERRY_Q) for url, _ in servers]
    assert ferry[0] == ferry[1]
    assert ferry[0]["answer"] == first[0]["answer"]  # the article both had still answers as before
    for url, _ in servers:
        assert httpx.get(f"{url}/api/health", timeout=10).json()["articles"] == 2
        assert {x["doc_id"] for x in httpx.get(f"{url}/api/articles", timeout=10).json()["articles"]} == {
            "harbour.txt",
            "bakery.txt",
        }

    # And a removal by another process reaches both too.
    _cli(base, "delete", "bakery.txt", "--keep-file")
    gone = [_poll(url, BAKERY_Q, lambda body: "bakery.txt" not in _cited(body)) for url, _ in servers]
    assert all("bakery.txt" not in _cited(body) for body in gone), gone
    assert gone[0] == gone[1]
    assert proc_a.poll() is None and proc_b.poll() is None  # the same two processes all along
