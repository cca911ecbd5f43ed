"""Start-to-answer time of `python app.py` (first and warm run) and answer latency through the REST API.

Runs the real app in a subprocess over a temporary copy of data/ (so index/ and
data/ of the checkout are untouched), and prints:
  - seconds from launch until the page (GET /) answers, and until /api/ask answers 200,
    for a first run (no index: model load + index build) and a warm run (index reused);
  - /api/ask latency p50/p90 over N questions, against the same questions asked in
    this process through Assistant.ask (the reference: the difference is the HTTP layer).

Usage: .venv/bin/python bench/api_latency.py [--rounds 5]
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = [
    "What did Psaki say about strategic patience?",
    "How did Kim say North Korea would react to developments?",
    "What is Jen Psaki's role?",
    "Whose court is the ball in, according to the Biden administration?",
    "What did the foreign ministry accuse Biden of?",
    "What is the capital of Australia?",
]


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_to_answer(base: Path, port: int) -> tuple[subprocess.Popen, float, float]:
    """Launch app.py; return the process, seconds to the page answering, seconds to an answer."""
    env = {
        **os.environ,
        "ASSISTANT_DATA_DIR": str(base / "data"),
        "ASSISTANT_INDEX_DIR": str(base / "index"),
        "ASSISTANT_FEEDBACK_PATH": str(base / "feedback.jsonl"),
        "ASSISTANT_PORT": str(port),
    }
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "app.py")], cwd=base, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    url = f"http://127.0.0.1:{port}"
    page = answer = 0.0
    while time.perf_counter() - started < 300:
        try:
            if not page and httpx.get(url + "/", timeout=5).status_code == 200:
                page = time.perf_counter() - started
            if page:
                r = httpx.post(url + "/api/ask", json={"question": QUESTIONS[0]}, timeout=30)
                if r.status_code == 200:
                    answer = time.perf_counter() - started
                    break
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    return proc, page, answer


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="times each question is asked")
    args = parser.parse_args()
    base = Path(tempfile.mkdtemp(prefix="bench-api-"))
    shutil.copytree(ROOT / "data", base / "data", ignore=shutil.ignore_patterns(".*"))
    port = _port()
    try:
        proc, first_page, first_answer = start_to_answer(base, port)
        stop(proc)
        proc, warm_page, warm_answer = start_to_answer(base, port)
        try:
            url = f"http://127.0.0.1:{port}/api/ask"
            with httpx.Client(timeout=60) as client:
                client.post(url, json={"question": QUESTIONS[1]})  # warm-up
                api = []
                for _ in range(args.rounds):
                    for q in QUESTIONS:
                        t = time.perf_counter()
                        assert client.post(url, json={"question": q}).status_code == 200
                        api.append((time.perf_counter() - t) * 1000)
        finally:
            stop(proc)
        sys.path.insert(0, str(ROOT))
        from assistant import Assistant, Config

        direct_assistant = Assistant(Config.load(env={}, index_dir=base / "index", data_dir=base / "data"))
        direct_assistant.ask(QUESTIONS[1])
        direct = []
        for _ in range(args.rounds):
            for q in QUESTIONS:
                t = time.perf_counter()
                direct_assistant.ask(q)
                direct.append((time.perf_counter() - t) * 1000)
    finally:
        shutil.rmtree(base, ignore_errors=True)
    p50_api, p50_direct = statistics.median(api), statistics.median(direct)
    print(f"start to page answering (GET / 200):   first run {first_page:5.1f} s   warm run {warm_page:5.1f} s")
    print(f"start to first answer (/api/ask 200):  first run {first_answer:5.1f} s   warm run {warm_answer:5.1f} s")
    print(f"/api/ask latency over {len(api)} requests: p50 {p50_api:.0f} ms, p90 {percentile(api, 0.9):.0f} ms")
    print(f"Assistant.ask in-process (reference):   p50 {p50_direct:.0f} ms, p90 {percentile(direct, 0.9):.0f} ms")
    print(f"load average during the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"API / in-process p50 ratio: {p50_api / p50_direct:.2f}")


if __name__ == "__main__":
    main()
