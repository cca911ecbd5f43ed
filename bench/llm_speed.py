"""Tokens per second of GGUF models served by the `local` backend's llama.cpp server.

Prints prompt-reading and generation speed as llama.cpp reports them (its own
`timings`, so HTTP and Python overhead are excluded), the median of a few runs
after a warm-up, with the machine's load average: on a shared 2-core machine
other processes change these figures a lot, so read them next to the load.

Usage: .venv/bin/python bench/llm_speed.py MODEL.gguf [MODEL.gguf ...] [--runs 3] [--max-tokens 128] [--threads N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from pathlib import Path

import httpx

from assistant.llm.local_server import LocalServer

ROOT = Path(__file__).resolve().parent.parent


def prompt_text() -> str:
    """About 800 tokens of news text from the seed articles: a realistic answer prompt size."""
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "data").glob("*.txt")))
    words = text.split()[:600]
    return "Summarise the following news text in three sentences.\n\n" + " ".join(words)


def measure(gguf: Path, runs: int, max_tokens: int, threads: int | None = None) -> dict:
    server = LocalServer(gguf, threads=threads)
    started = time.perf_counter()
    url = server.start()
    startup = time.perf_counter() - started
    body = {
        "messages": [{"role": "user", "content": prompt_text()}],
        "max_tokens": max_tokens,
        "temperature": 0,
        "cache_prompt": False,
    }
    rows = []
    try:
        with httpx.Client(timeout=600) as client:
            for i in range(runs + 1):
                t0 = time.perf_counter()
                timings = client.post(f"{url}/chat/completions", json=body).json()["timings"]
                if i:  # the first run warms caches and is not counted
                    rows.append(
                        (
                            timings["prompt_n"],
                            timings["prompt_per_second"],
                            timings["predicted_n"],
                            timings["predicted_per_second"],
                            time.perf_counter() - t0,
                        )
                    )
    finally:
        server.stop()
    return {
        "model": gguf.name,
        "threads": threads or "auto",
        "startup_s": round(startup, 2),
        "prompt_tokens": rows[0][0],
        "prompt_tok_s": round(statistics.median(r[1] for r in rows), 1),
        "generated_tokens": rows[0][2],
        "gen_tok_s": round(statistics.median(r[3] for r in rows), 1),
        "request_s": round(statistics.median(r[4] for r in rows), 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gguf", nargs="+", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--max-tokens", type=int, default=128)
    parser.add_argument("--threads", type=int, default=None, help="llama.cpp threads (default: all cores)")
    args = parser.parse_args()
    for gguf in args.gguf:
        load_before = os.getloadavg()[0]
        row = measure(gguf, args.runs, args.max_tokens, args.threads)
        row["load_avg_1m"] = f"{load_before:.1f}->{os.getloadavg()[0]:.1f}"
        print("  ".join(f"{k}={v}" for k, v in row.items()), flush=True)


if __name__ == "__main__":
    main()
