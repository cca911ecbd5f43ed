"""The `assistant` command as a user runs it: a real process, real files, real model."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")}
    return subprocess.run(
        [sys.executable, "-m", "assistant", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )


@pytest.mark.slow  # the subprocesses load the real model
def test_ingest_ask_json_refusal_and_errors(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "quake.txt").write_text(
        "Valley Herald\n\nQuake shakes valley\n\nA magnitude 5.1 earthquake struck Ridgeway on Sunday morning.\n"
        "Fire chief Omar Haddad said no one was hurt.\n\nRead Next\n\nBakery wins award\n",
        encoding="utf-8",
    )
    (docs / "notes.docx").write_bytes(b"PK\x03\x04 not supported")

    missing = run("ask", "Who is the fire chief?", "--index", "idx", cwd=tmp_path)
    assert missing.returncode == 3 and "run `assistant ingest" in missing.stderr  # errors.SURFACE: not indexed

    ingest = run("ingest", "docs", "--index", "idx", cwd=tmp_path)
    assert ingest.returncode == 0, ingest.stderr
    assert "added 1" in ingest.stdout and "skipped 1" in ingest.stdout
    assert "notes.docx: unsupported file type '.docx'" in ingest.stdout

    asked = run("ask", "--json", "Who is the fire chief?", "--index", "idx", cwd=tmp_path)
    assert asked.returncode == 0, asked.stderr
    answer = json.loads(asked.stdout)
    assert set(answer) >= {
        "question",
        "standalone_question",
        "answer",
        "refused",
        "generator",
        "citations",
        "passages",
        "timings_ms",
    }
    assert "Omar Haddad" in answer["answer"] and answer["refused"] is False
    [citation] = answer["citations"]
    assert citation["title"] == "Quake shakes valley" and citation["source"] == "Valley Herald"
    assert "Bakery" not in citation["passage"]

    plain = run("ask", "How many people live in Ridgeway?", "--index", "idx", cwd=tmp_path)
    assert plain.returncode == 0 and "do not answer" in plain.stdout

    again = run("ingest", "docs", "--index", "idx", "--json", cwd=tmp_path)
    summary = json.loads(again.stdout)
    assert summary["unchanged"] and summary["new_passages"] == 0


def test_bad_setting_is_reported_with_its_name(tmp_path):
    env = {**os.environ, "ASSISTANT_TOP_K": "lots"}
    result = subprocess.run(
        [sys.executable, "-m", "assistant", "ask", "x"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2 and "top_k" in result.stderr
