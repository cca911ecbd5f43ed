"""The command line for a new user (issue 13): errors before the model loads, help with examples."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from assistant.cli import _parser

pytestmark = pytest.mark.slow


def run(*args: str, cwd: Path) -> tuple[subprocess.CompletedProcess, float]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")}
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "assistant", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600
    )
    return result, time.perf_counter() - started


def _model_free_seconds(cwd: Path) -> float:
    """How long the command line takes when it loads no model (the machine may be busy)."""
    _, seconds = run("--help", cwd=cwd)
    return seconds


def test_ingest_of_a_missing_path_is_an_error_before_the_model_loads(tmp_path):
    result, seconds = run("ingest", "no-such-folder", "--index", "idx", cwd=tmp_path)
    assert result.returncode == 2
    assert "no such file or folder: no-such-folder" in result.stderr
    assert not (tmp_path / "idx").exists()  # no empty index was created
    assert seconds < 3 * _model_free_seconds(tmp_path) + 2


def test_ingest_where_every_file_is_skipped_reports_an_empty_index(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.docx").write_bytes(b"PK\x03\x04")
    (docs / "b.txt").write_bytes(b"")
    result, _ = run("ingest", "docs", "--index", "idx", cwd=tmp_path)
    assert result.returncode == 3, result.stderr
    assert "a.docx: unsupported file type" in result.stdout and "b.txt: empty file" in result.stdout
    assert "the index in idx is empty" in result.stderr and "every file was skipped" in result.stderr

    asked, seconds = run("ask", "Who won?", "--index", "idx", cwd=tmp_path)
    assert asked.returncode == 3 and "is empty" in asked.stderr and "assistant ingest" in asked.stderr
    assert "do not answer" not in asked.stdout


@pytest.mark.parametrize("index", ["never-made", "docs"])
def test_ask_without_an_index_fails_fast_naming_the_folder_and_the_fix(tmp_path, index):
    (tmp_path / "docs").mkdir()
    result, seconds = run("ask", "Who is the fire chief?", "--index", index, cwd=tmp_path)
    assert result.returncode == 3
    assert f"{index}/" in result.stderr and "assistant ingest" in result.stderr
    # The model takes 10+ s to load; failing before it means about as long as --help.
    assert seconds < 3 * _model_free_seconds(tmp_path) + 2, seconds


def test_unknown_option_prints_the_usage_of_its_own_command(tmp_path):
    result, _ = run("ask", "What happened?", "--foo", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith("usage: assistant ask") and "unrecognized arguments: --foo" in result.stderr


def test_help_is_written_for_users_with_examples(tmp_path):
    top, _ = run("--help", cwd=tmp_path)
    assert "Thin" not in top.stdout and "examples:" in top.stdout and "assistant ingest data/" in top.stdout
    for command in ("ingest", "ask", "eval", "serve"):
        sub, _ = run(command, "--help", cwd=tmp_path)
        assert sub.returncode == 0 and "examples:" in sub.stdout, command


def test_every_option_has_help():
    parser, commands = _parser()
    for name, sub in {"assistant": parser, **commands}.items():
        for action in sub._actions:
            if isinstance(action, argparse._SubParsersAction):
                continue
            assert action.help, f"{name}: {action.dest} has no help"


QUOTED = "“The Biden administration has a clear policy,” Psaki said."


def _answer():
    from assistant.models import Answer, Citation

    citation = Citation(
        n=1, doc_id="a", title="Kim ready", source="New Telegraph", quote=QUOTED, passage=QUOTED, start=0, end=10
    )
    return Answer(question="q", standalone_question="q", answer="Psaki said so. [1]", citations=[citation])


def test_quotes_are_not_doubled_in_the_cli_and_the_markdown_export(tmp_path, monkeypatch, capsys):
    import assistant.core
    from assistant.cli import main
    from assistant.web import views

    index = tmp_path / "idx"
    (index / "gen-1").mkdir(parents=True)
    (index / "CURRENT").write_text("gen-1")
    (index / "gen-1" / "meta.json").write_text('{"articles": 1}')

    class Fake:
        def __init__(self, config):
            pass

        def ask(self, question, history=None):
            return _answer()

    monkeypatch.setattr(assistant.core, "Assistant", Fake)
    assert main(["ask", "What did Psaki say?", "--index", str(index)]) == 0
    out = capsys.readouterr().out
    assert "““" not in out and f"    {QUOTED}" in out

    exported = views.export_markdown([{"question": "q", "answer": _answer().model_dump()}])
    assert "““" not in exported and f": {QUOTED}" in exported
    assert views.quoted("Plain sentence.") == "“Plain sentence.”"
