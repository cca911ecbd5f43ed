"""Filters by date range, outlet and section (issue 11, item 3) in the Python API, REST API and CLI.

A tiny corpus written here: four stories about the same new factory, each with its own
outlet, date, section and number of jobs, so the number in an answer says which story
answered. Real model, real index, a real server on 127.0.0.1.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from assistant import Assistant, Config
from assistant.cli import main as cli_main
from assistant.errors import BadRequestError
from assistant.models import Filters
from assistant.retrieval import hybrid
from assistant.web.app import create_app
from tests.conftest import ROOT
from tests.server_helpers import running

QUESTION = "How many workers will the new Acme factory employ?"
STORIES = {
    "leeds.txt": ("Daily Planet", "10 January 2005", "business", "Leeds", "300"),
    "glasgow.txt": ("The Ledger", "2005-06-15", "business", "Glasgow", "500"),
    "cardiff.txt": ("Daily Planet", "November 2, 2004", "politics", "Cardiff", "120"),
    "york.txt": ("Daily Planet", None, "business", "York", "80"),  # no date: outside every date range
}


def story(outlet: str, published: str | None, section: str, city: str, jobs: str) -> str:
    dated = f"Published: {published}\n" if published else ""
    return (
        f"Title: Acme opens factory in {city}\nSource: {outlet}\n{dated}Section: {section}\n\n"
        f"Acme Corp opened a new factory in {city} on Monday.\n"
        f"The new Acme factory will employ {jobs} workers, chief executive Mary Hill said.\n"
        f"Production of bicycle frames in {city} starts next spring."
    )


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, embedder) -> Assistant:
    base = tmp_path_factory.mktemp("filters")
    (base / "data").mkdir()
    for name, fields in STORIES.items():
        (base / "data" / name).write_text(story(*fields), encoding="utf-8")
    config = Config.load(env={}, data_dir=base / "data", index_dir=base / "index", feedback_path=base / "fb.jsonl")
    assistant = Assistant(config, embedder=embedder)
    assistant.ingest([config.data_dir])
    return assistant


def files(answer) -> set[str]:
    """The files every citation and retrieved passage came from."""
    return {Path(c.doc_id).name for c in answer.citations} | {Path(p.doc_id).name for p in answer.passages}


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (Filters(since="2005-06-01"), "glasgow.txt"),
        (Filters(source="the ledger"), "glasgow.txt"),
        (Filters(section="Politics"), "cardiff.txt"),
        (Filters(until="2005-01-31", section="business"), "leeds.txt"),  # York has no date: out
        (Filters(since="2005-01-10", until="2005-01-10"), "leeds.txt"),  # both ends included
        (Filters(source="Daily Planet", since="2004-11-01", until="2004-11-30"), "cardiff.txt"),
    ],
)
def test_each_filter_answers_only_from_the_filtered_in_article(corpus, filters, expected):
    answer = corpus.ask(QUESTION, filters=filters)
    jobs = STORIES[expected][4]
    assert not answer.refused and jobs in answer.answer
    assert files(answer) == {expected}


def test_without_filters_every_story_can_be_retrieved(corpus):
    answer = corpus.ask(QUESTION, top_k=10)
    assert {Path(p.doc_id).name for p in answer.passages} == set(STORIES)


def test_a_filter_no_article_matches_is_refused_without_citations(corpus):
    for filters in (Filters(source="BBC"), Filters(since="2010-01-01"), Filters(section="sport")):
        answer = corpus.ask(QUESTION, filters=filters)
        assert answer.refused and answer.citations == [] and answer.passages == []


def test_an_outlet_is_matched_by_whole_words_never_by_file_name(corpus):
    assert files(corpus.ask(QUESTION, filters=Filters(source="ledger"))) == {"glasgow.txt"}
    assert corpus.ask(QUESTION, filters=Filters(source="Ledg")).refused
    assert corpus.ask(QUESTION, filters=Filters(source="york.txt")).refused


def test_bad_filters_are_bad_requests_naming_the_field():
    with pytest.raises(BadRequestError, match="since: '2005-13-01' is not a date"):
        Filters(since="2005-13-01")
    with pytest.raises(BadRequestError, match="after until"):
        Filters(since="2005-03-01", until="2005-01-01")
    assert not Filters() and Filters(source=" ") == Filters()


def test_over_fetching_finds_the_admitted_passages_past_many_better_ones(tmp_path, embedder, monkeypatch):
    """40 stories match the question better than the one admitted; both searches must dig past them."""
    data = tmp_path / "data"
    data.mkdir()
    for i in range(40):
        (data / f"other_{i:02d}.txt").write_text(story("Daily Planet", "2005-01-01", "business", f"Town{i}", "9"))
    (data / "tech_01.txt").write_text(
        "Acme hires engineers\n\nAcme Corp said its software unit would hire 75 engineers this year."
    )
    assistant = Assistant(Config.load(env={}, index_dir=tmp_path / "index"), embedder=embedder)
    assistant.ingest([data])
    for limit in (hybrid.EXACT_LIMIT, 0):  # the exact path for few passages, then the over-fetch path
        monkeypatch.setattr(hybrid, "EXACT_LIMIT", limit)
        sources = assistant.retrieve(assistant.query(QUESTION, filters=Filters(section="tech")))
        assert [Path(s.article.doc_id).name for s in sources] == ["tech_01.txt"]


@pytest.fixture(scope="module")
def server(corpus):
    with running(create_app(corpus.config, corpus)) as url:
        yield url


def test_rest_ask_takes_the_filter_fields(server):
    body = {"question": QUESTION, "since": "2005-06-01", "source": "Ledger", "section": "business"}
    r = httpx.post(f"{server}/api/ask", json=body, timeout=60)
    assert r.status_code == 200
    answer = r.json()
    assert "500" in answer["answer"] and {Path(c["doc_id"]).name for c in answer["citations"]} == {"glasgow.txt"}


def test_rest_stream_takes_the_filter_fields(server):
    body = {"question": QUESTION, "section": "politics"}
    with httpx.stream("POST", f"{server}/api/ask/stream", json=body, timeout=60) as r:
        text = "".join(r.iter_text())
    final = json.loads(text.split("event: answer\ndata: ", 1)[1].split("\n", 1)[0])
    assert "120" in final["answer"] and {Path(p["doc_id"]).name for p in final["passages"]} == {"cardiff.txt"}


@pytest.mark.parametrize(
    ("body", "field"),
    [({"since": "2005-13-01"}, "since"), ({"until": "last week"}, "until"), ({"since": "31/01/2005"}, "since")],
)
def test_rest_bad_date_is_422_naming_the_field(server, body, field):
    r = httpx.post(f"{server}/api/ask", json={"question": QUESTION, **body})
    assert r.status_code == 422
    error = r.json()["error"]
    assert error["details"][0]["field"] == field and field in error["message"]


def test_rest_since_after_until_is_422(server):
    r = httpx.post(f"{server}/api/ask", json={"question": QUESTION, "since": "2005-03-01", "until": "2005-01-01"})
    assert r.status_code == 422 and "after until" in r.json()["error"]["message"]


@pytest.mark.parametrize(("flag", "value"), [("--since", "2005-13-01"), ("--until", "soon")])
def test_cli_bad_date_is_a_usage_error_before_anything_loads(tmp_path, capsys, flag, value):
    with pytest.raises(SystemExit) as exit_:
        cli_main(["ask", "--index", str(tmp_path / "none"), flag, value, QUESTION])
    assert exit_.value.code == 2
    assert f"argument {flag}: '{value}' is not a date" in capsys.readouterr().err


def test_cli_since_after_until_exits_2(tmp_path, capsys):
    code = cli_main(["ask", "--index", str(tmp_path), "--since", "2005-03-01", "--until", "2005-01-01", QUESTION])
    assert code == 2 and "after until" in capsys.readouterr().err


def test_cli_filter_flags(corpus):
    """`assistant ask --since --until --source --section` in a real process (it loads the model itself)."""
    result = subprocess.run(
        [sys.executable, "-m", "assistant", "ask", "--index", str(corpus.config.index_dir), "--json"]
        + ["--since", "2005-01-01", "--until", "2005-03-31", "--source", "Daily Planet", "--section", "business"]
        + [QUESTION],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert "300" in answer["answer"] and {Path(c["doc_id"]).name for c in answer["citations"]} == {"leeds.txt"}
