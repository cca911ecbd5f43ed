"""Start-to-answer time of `python app.py` (first and warm run) and answer latency through the REST API.

Runs the real app in a subprocess over a temporary copy of data/ (so index/ and
data/ of the checkout are untouched), and prints:
  - seconds from launch until the page (GET /) answers, until /api/ask answers 200, and until
    / is the chat UI itself rather than the start-up page `serve` shows before gradio is
    mounted, for a first run (no index: model load + index build) and --start-runs warm runs
    (index reused; median and range, with the load average before and after, since the machine
    may be shared: issue 12 asks for the first answer <= 3 s after start on a warm machine);
    beside them the server's CPU seconds (user + system) when it first answered, which a
    shared machine does not inflate the way it inflates wall time;
  - /api/ask latency p50/p90 over N questions, against the same questions asked in
    this process through Assistant.ask (the reference: the difference is the HTTP layer);
  - under load (--clients C for --seconds S, --load-rounds times in a row): answers/s,
    p50/p90 of the answered requests, 503s (the queue limit) and other errors, and the
    server's resident memory before and after each round (does it keep growing?),
    against the in-process rate of answers/s (one question after another).

Usage: .venv/bin/python bench/api_latency.py [--rounds 5] [--start-runs 3] [--clients 50 --seconds 60 --load-rounds 3]
       [--code DIR]   (the package to serve, e.g. an older checkout, for a before/after comparison)
       [--encoder onnx-int8 --encoder-cache DIR]   (the server's encoder; the int8 export is made once)
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
import threading
import time
from pathlib import Path
from typing import NamedTuple

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


STARTING_HEADER = "x-assistant-starting"  # assistant/web/app.py: on the start-up page only


class Start(NamedTuple):
    """Seconds from launch: page answering (any), first answer, chat UI mounted; CPU seconds at the answer."""

    page: float
    answer: float
    chat: float
    cpu: float


def start_to_answer(
    base: Path, port: int, code: Path = ROOT, encoder: str = "", encoder_cache: str = ""
) -> tuple[subprocess.Popen, Start]:
    """Launch app.py; return the process and its start figures."""
    extra = {"ASSISTANT_ENCODER": encoder} if encoder else {}
    if encoder_cache:
        extra["ASSISTANT_ENCODER_CACHE_DIR"] = encoder_cache
    env = {
        **extra,
        **os.environ,
        "PYTHONPATH": str(code),
        "ASSISTANT_DATA_DIR": str(base / "data"),
        "ASSISTANT_INDEX_DIR": str(base / "index"),
        "ASSISTANT_FEEDBACK_PATH": str(base / "feedback.jsonl"),
        "ASSISTANT_PORT": str(port),
    }
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, str(code / "app.py")], cwd=base, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    url = f"http://127.0.0.1:{port}"
    page = answer = chat = cpu = 0.0
    while time.perf_counter() - started < 300 and not (answer and chat):
        try:
            if not chat:
                r = httpx.get(url + "/", timeout=5)
                if r.status_code == 200:
                    page = page or time.perf_counter() - started
                    if STARTING_HEADER not in r.headers:  # older code (--code) has no start-up page
                        chat = time.perf_counter() - started
            if page and not answer:
                r = httpx.post(url + "/api/ask", json={"question": QUESTIONS[0]}, timeout=30)
                if r.status_code == 200:
                    answer = time.perf_counter() - started
                    cpu = cpu_seconds(proc.pid)
        except httpx.TransportError:
            pass
        time.sleep(0.05)
    return proc, Start(page, answer, chat, cpu)


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process so far, from /proc (all its threads)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()


def rss_mb(pid: int) -> float:
    """Resident memory of a process, from /proc."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def load(url: str, clients: int, seconds: float) -> dict:
    """`clients` threads asking one question after another for `seconds`; what came back."""
    stop = time.perf_counter() + seconds
    latencies: list[float] = []
    busy = errors = 0
    lock = threading.Lock()

    def client(i: int) -> None:
        nonlocal busy, errors
        with httpx.Client(timeout=120) as http:
            n = i
            while time.perf_counter() < stop:
                question = QUESTIONS[n % len(QUESTIONS)]
                n += 1
                t = time.perf_counter()
                try:
                    r = http.post(url, json={"question": question})
                except httpx.HTTPError:
                    with lock:
                        errors += 1
                    continue
                elapsed = time.perf_counter() - t
                with lock:
                    if r.status_code == 200:
                        latencies.append(elapsed * 1000)
                    elif r.status_code == 503:
                        busy += 1
                    else:
                        errors += 1
                if r.status_code == 503:  # what a polite client does with Retry-After
                    time.sleep(float(r.headers.get("retry-after", "1")))

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    return {"answers": len(latencies), "busy": busy, "errors": errors, "wall": wall, "latencies": latencies}


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="times each question is asked")
    parser.add_argument("--start-runs", type=int, default=3, help="warm starts measured (median and range)")
    parser.add_argument("--clients", type=int, default=50, help="concurrent clients in the load test (0: none)")
    parser.add_argument("--seconds", type=float, default=60, help="length of one load round")
    parser.add_argument("--load-rounds", type=int, default=3, help="load rounds in a row (memory growth)")
    parser.add_argument("--code", type=Path, default=ROOT, help="checkout whose package and app.py are served")
    parser.add_argument("--encoder", default="", help="the server's encoder (ASSISTANT_ENCODER): torch or onnx-int8")
    parser.add_argument(
        "--encoder-cache", default="", help="where the int8 export is kept (ASSISTANT_ENCODER_CACHE_DIR)"
    )
    args = parser.parse_args()
    base = Path(tempfile.mkdtemp(prefix="bench-api-"))
    shutil.copytree(ROOT / "data", base / "data", ignore=shutil.ignore_patterns(".*"))
    port = _port()
    rounds: list[tuple[dict, float, float]] = []
    try:
        load_before = os.getloadavg()[0]
        proc, first = start_to_answer(base, port, args.code, args.encoder, args.encoder_cache)
        stop(proc)
        warm: list[Start] = []
        for _ in range(max(1, args.start_runs)):
            proc, start = start_to_answer(base, port, args.code, args.encoder, args.encoder_cache)
            warm.append(start)
            if len(warm) < max(1, args.start_runs):
                stop(proc)
        load_after_start = os.getloadavg()[0]
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
            for _ in range(args.load_rounds if args.clients else 0):
                before = rss_mb(proc.pid)
                outcome = load(url, args.clients, args.seconds)
                time.sleep(2)
                rounds.append((outcome, before, rss_mb(proc.pid)))
        finally:
            stop(proc)
        sys.path.insert(0, str(args.code))
        from assistant import Assistant, Config

        settings = {"encoder": args.encoder} if args.encoder else {}
        if args.encoder_cache:
            settings["encoder_cache_dir"] = args.encoder_cache
        direct_assistant = Assistant(Config.load(env={}, index_dir=base / "index", data_dir=base / "data", **settings))
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
    in_process_rate = 1000 * len(direct) / sum(direct)
    print(f"encoder: {args.encoder or 'the default'}")
    for label, field in (
        ("start to page answering (GET / 200):  ", "page"),
        ("start to first answer (/api/ask 200): ", "answer"),
        ("  server CPU s at the first answer:   ", "cpu"),
        ("start to chat UI (/ is the chat):     ", "chat"),
    ):
        values = [getattr(w, field) for w in warm]
        print(
            f"{label} first run {getattr(first, field):5.1f} s   warm runs median "
            f"{statistics.median(values):5.1f} s ({min(values):.1f}-{max(values):.1f}, {len(warm)} runs)"
        )
    print(
        f"load average around the start runs: {load_before:.1f} before, {load_after_start:.1f} after, "
        f"on {os.cpu_count()} cores (the start figures grow with it)"
    )
    print(f"/api/ask latency over {len(api)} requests: p50 {p50_api:.0f} ms, p90 {percentile(api, 0.9):.0f} ms")
    print(f"Assistant.ask in-process (reference):   p50 {p50_direct:.0f} ms, p90 {percentile(direct, 0.9):.0f} ms")
    print(f"API / in-process p50 ratio: {p50_api / p50_direct:.2f}")
    print(f"in-process rate, one question after another: {in_process_rate:.2f} answers/s")
    for i, (outcome, before, after) in enumerate(rounds, 1):
        lat = outcome["latencies"] or [0.0]
        rate = outcome["answers"] / outcome["wall"]
        print(
            f"load round {i}: {args.clients} clients x {args.seconds:g} s: {rate:.2f} answers/s "
            f"({rate / in_process_rate:.2f}x in-process), p50 {statistics.median(lat):.0f} ms, "
            f"p90 {percentile(lat, 0.9):.0f} ms, {outcome['busy']} x 503 busy, {outcome['errors']} errors; "
            f"server memory {before:.0f} -> {after:.0f} MB"
        )
    print(f"load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
