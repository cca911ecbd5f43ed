"""Quotes keep single quotation marks on every plain-text surface (issue 13): `““The Biden…` must not come back.

An article sentence that starts with its own quotation mark is cited as it is; the CLI,
the chat's Markdown export and the eval report all wrap quotes through `text.quoted`.
These run the real pipeline on the seed articles.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

from assistant import Assistant
from assistant.evaluation.command import evaluate
from assistant.web.views import export_markdown

QUESTION = "What did Leif-Eric Easley say the Kim regime has been serving up?"
OPENING = "“The Biden administration has said the ball is in North Korea’s court"
DOUBLED = ("““", "”“", '"“', '“"', "””")


def _no_doubled_marks(text: str) -> None:
    assert not [d for d in DOUBLED if d in text], text


def test_the_cli_shows_a_quote_that_opens_with_its_own_mark_once(seed_assistant, seed_config):
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")}
    result = subprocess.run(
        [sys.executable, "-m", "assistant", "ask", QUESTION, "--index", str(seed_config.index_dir)],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert f"\n    {OPENING}" in result.stdout  # the cited sentence, under its [n] line
    _no_doubled_marks(result.stdout)


def test_the_markdown_export_and_the_eval_report_show_it_once(seed_assistant: Assistant, seed_config, tmp_path):
    answer = seed_assistant.ask(QUESTION)
    assert answer.citations and answer.citations[0].quote.startswith(OPENING)
    exported = export_markdown([{"question": QUESTION, "answer": answer.model_dump()}])
    assert f"): {OPENING}" in exported
    _no_doubled_marks(exported)

    questions = tmp_path / "q.jsonl"  # an answer no article holds: the question fails and its citations are listed
    questions.write_text(json.dumps({"id": "q1", "question": QUESTION, "answers": ["nothing like it"]}) + "\n")
    evaluate(seed_assistant, seed_config, questions, tmp_path / "run", show_progress=False)
    markdown = (tmp_path / "run" / "report.md").read_text(encoding="utf-8")
    html = (tmp_path / "run" / "report.html").read_text(encoding="utf-8")
    assert f": {OPENING}" in markdown and f"<span class='quote'>{OPENING}" in html
    _no_doubled_marks(markdown.split("## Failed questions")[1])
    _no_doubled_marks(html.split("<h2>Failed questions")[1])
