"""Removing an article (issue 13): `Assistant.delete`, the CLI and the REST API, on the real model.

A delete is an index write like an ingest: the rest of the index is kept exactly,
an interrupted delete leaves the previous generation (and the file), and the file
leaves the data folder so the next ingest does not bring the article back.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import faiss
import httpx
import pytest

from assistant import Assistant, Config
from assistant.errors import BadRequestError, NotFoundError
from assistant.index.store import IndexStore
from assistant.web.app import create_app
from tests.server_helpers import running

LIBRARY = "Aldermen in Brookfield approved a new library on Monday.\nThe library will cost four million dollars.\n"
STRIKE = (
    "Lighthouse keepers strike in Norway\n\nThe lighthouse keepers of Bergen went on strike on Monday. "
    "The union leader, Astrid Solberg, said the strike would last a week.\n"
)
FERRY = {"title": "Ferry back", "text": "The Brookfield ferry resumed service.\nCaptain Lia Moss said demand was high."}
TRAM = {"title": "Tram line", "text": "The Brookfield tram line opens in June.\nEngineer Tomas Berg built the depot."}
STRIKE_QUESTION = "Who is the union leader of the lighthouse keepers?"


def _files(folder: Path, files: dict[str, str]) -> Path:
    for name, content in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    return folder


def _corpus(tmp_path: Path) -> Path:
    return _files(
        tmp_path / "data",
        {
            "library.txt": LIBRARY,
            "strike.txt": STRIKE,
            "feed.jsonl": json.dumps(FERRY) + "\n" + json.dumps(TRAM) + "\n",
        },
    )


def _config(tmp_path: Path, **overrides) -> Config:
    values = {"data_dir": tmp_path / "data", "index_dir": tmp_path / "index", "feedback_path": tmp_path / "fb.jsonl"}
    return Config.load(env={}, **(values | overrides))


@pytest.fixture
def indexed(tmp_path, embedder) -> Assistant:
    """An assistant whose index holds library.txt, strike.txt and the two records of feed.jsonl."""
    _corpus(tmp_path)
    assistant = Assistant(_config(tmp_path), embedder=embedder)
    assistant.ingest([tmp_path / "data"])
    return assistant


def _hidden(folder: Path) -> list[str]:
    return [p.name for p in folder.rglob(".*")]


def _answered_from(assistant: Assistant, question: str, doc_id: str) -> bool:
    answer = assistant.ask(question)
    return any(c.doc_id == doc_id for c in answer.citations) or "Astrid Solberg" in answer.answer


def test_delete_takes_one_article_out_and_keeps_the_rest_exactly(tmp_path, indexed, embedder):
    assert _answered_from(indexed, STRIKE_QUESTION, "strike.txt")
    before = indexed._ready()[0]
    kept_vectors = before.vectors()[before.articles["library.txt"].passage_ids]

    report = indexed.delete("strike.txt")

    assert [r["doc_id"] for r in report.removed] == ["strike.txt"] and report.articles == 3
    assert report.files_deleted == ["strike.txt"] and "next ingest does not add it back" in report.message()
    assert not (tmp_path / "data" / "strike.txt").exists() and _hidden(tmp_path / "data") == []
    assert {a["doc_id"] for a in indexed.articles()} == {"library.txt", "feed.jsonl#1", "feed.jsonl#2"}
    after = indexed._ready()[0]
    assert (after.vectors()[after.articles["library.txt"].passage_ids] == kept_vectors).all()
    assert len(after.dense) == len(after.passages) == sum(len(a.passage_ids) for a in after.articles.values())
    assert len(list((tmp_path / "index").glob("gen-*"))) == 1
    # no longer answered from it: in this process and in a fresh one reading the index from disk
    assert not _answered_from(indexed, STRIKE_QUESTION, "strike.txt")
    fresh = Assistant(_config(tmp_path), embedder=embedder)
    assert not _answered_from(fresh, STRIKE_QUESTION, "strike.txt")
    assert "Lia Moss" in fresh.ask("Who is the ferry captain?").answer
    # and the next ingest of the data folder does not bring it back
    again = fresh.ingest([tmp_path / "data"])
    assert not again.added and not again.removed and again.articles == 3


def test_one_record_of_a_file_goes_alone_and_the_file_stays(tmp_path, indexed):
    report = indexed.delete("feed.jsonl#1")
    assert [r["doc_id"] for r in report.removed] == ["feed.jsonl#1"] and not report.files_deleted
    [(name, reason)] = report.files_kept
    assert name == "feed.jsonl" and "holds 1 other indexed article" in reason
    assert (tmp_path / "data" / "feed.jsonl").exists()
    again = indexed.ingest([tmp_path / "data"])  # the file is unchanged: the removed record stays out
    assert not again.added and {a["doc_id"] for a in indexed.articles()} == {
        "library.txt",
        "strike.txt",
        "feed.jsonl#2",
    }

    everything = indexed.delete("feed.jsonl")  # a file's id (or name) takes all its records, and the file
    assert [r["doc_id"] for r in everything.removed] == ["feed.jsonl#2"] and everything.files_deleted == ["feed.jsonl"]
    assert not (tmp_path / "data" / "feed.jsonl").exists()


def test_unknown_empty_and_ambiguous_names_are_refused_with_the_ids(tmp_path, indexed):
    with pytest.raises(NotFoundError, match="no indexed article has the id or file name 'nope.txt'"):
        indexed.delete("nope.txt")
    with pytest.raises(BadRequestError, match="give the id or file name"):
        indexed.delete("  ")
    _files(tmp_path / "data", {"x/story.txt": LIBRARY.replace("library", "pool"), "y/story.txt": STRIKE})
    indexed.ingest([tmp_path / "data"])
    with pytest.raises(BadRequestError, match="name of 2 indexed files; give one of the ids: x/story.txt, y/story.txt"):
        indexed.delete("story.txt")
    assert len(indexed.articles()) == 6  # nothing was removed
    assert [r["doc_id"] for r in indexed.delete("y/story.txt").removed] == ["y/story.txt"]


def test_an_interrupted_delete_leaves_the_previous_generation_and_the_file(tmp_path, indexed, monkeypatch):
    store = IndexStore(tmp_path / "index")
    generation = store.current_generation()

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt  # Ctrl-C while the new generation is half written

    monkeypatch.setattr(faiss, "write_index", interrupted)
    with pytest.raises(KeyboardInterrupt):
        indexed.delete("strike.txt")
    monkeypatch.undo()

    assert store.current_generation() == generation
    assert (tmp_path / "data" / "strike.txt").read_text(encoding="utf-8") == STRIKE
    assert _hidden(tmp_path / "data") == []
    snapshot = store.load()
    assert set(snapshot.articles) == {"library.txt", "strike.txt", "feed.jsonl#1", "feed.jsonl#2"}
    assert _answered_from(indexed, STRIKE_QUESTION, "strike.txt")
    indexed.delete("strike.txt")  # completes now, and the half-written generation is gone
    assert len(list((tmp_path / "index").glob("gen-*"))) == 1


def test_a_delete_killed_before_the_switch_is_undone_by_the_next_ingest(tmp_path, indexed):
    data = tmp_path / "data"
    os.replace(data / "strike.txt", data / ".removing-0123abcd-strike.txt")  # set aside; CURRENT not switched
    report = indexed.ingest([data])
    assert (data / "strike.txt").read_text(encoding="utf-8") == STRIKE and _hidden(data) == []
    assert not report.removed and any("strike.txt: put back" in note for note in report.notes)
    assert "strike.txt" in {a["doc_id"] for a in indexed.articles()}


def test_a_delete_killed_after_the_switch_is_finished_by_the_next_delete(tmp_path, indexed):
    data = tmp_path / "data"
    indexed.delete("strike.txt", delete_file=False)  # the switch happened ...
    os.replace(data / "strike.txt", data / ".removing-0123abcd-strike.txt")  # ... the file was not yet deleted
    indexed.delete("library.txt")
    assert sorted(p.name for p in data.iterdir()) == ["feed.jsonl"] and _hidden(data) == []


def test_killed_delete_processes_leave_a_whole_index_and_files_in_step(tmp_path, indexed):
    """SIGKILL real `assistant delete` runs at several moments: the index always loads whole, and after the
    next ingest an article is indexed exactly when its file is in the data folder."""
    data = tmp_path / "data"
    _files(data, {f"n{i}.txt": f"Story {i}: the council of town {i} met on day {i}.\n" * 4 for i in range(6)})
    indexed.ingest([data])
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")}
    for i, delay in enumerate((0.9, 1.2, 1.35, 1.5, 1.65, 2.0)):
        proc = subprocess.Popen(
            [sys.executable, "-m", "assistant", "delete", f"n{i}.txt", "--index", "index", "--data", "data"],
            cwd=tmp_path,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(delay)
        proc.kill()
        proc.wait()
        snapshot = IndexStore(tmp_path / "index").load()
        assert len(snapshot.dense) == len(snapshot.passages)
        assert sum(len(a.passage_ids) for a in snapshot.articles.values()) == len(snapshot.passages)
        indexed.ingest([data])
        ids = {a["doc_id"] for a in indexed.articles()}
        on_disk = {p.name for p in data.iterdir()}
        assert (f"n{i}.txt" in ids) == (f"n{i}.txt" in on_disk), (delay, ids, on_disk)
        assert _hidden(data) == [] and {"library.txt", "strike.txt"} <= ids


def test_a_file_outside_the_data_folder_is_kept_and_the_report_says_so(tmp_path, indexed):
    extra = _files(tmp_path / "extra", {"tram.txt": TRAM["title"] + "\n\n" + TRAM["text"] + "\n"})
    indexed.ingest([extra])
    report = indexed.delete("tram.txt")
    [(name, reason)] = report.files_kept
    assert name.endswith("tram.txt") and "outside the data folder" in reason and "adds it back" in reason
    assert (extra / "tram.txt").exists() and "Kept" in report.message()


# ---- the command line ----------------------------------------------------------------------------


def _cli(*args: str, cwd: Path, python: tuple[str, ...] = ()) -> tuple[subprocess.CompletedProcess, float]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")}
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, *python, "-m", "assistant", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    return result, time.perf_counter() - started


def test_cli_delete_removes_the_article_and_its_file_without_loading_the_model(tmp_path, indexed):
    args = ("delete", "strike.txt", "--index", "index", "--data", "data")
    result, _ = _cli(*args, cwd=tmp_path, python=("-X", "importtime"))
    assert result.returncode == 0, result.stderr
    assert "removed strike.txt: Lighthouse keepers strike in Norway" in result.stdout
    assert "deleted file strike.txt" in result.stdout and "index: 3 articles" in result.stdout
    assert not (tmp_path / "data" / "strike.txt").exists()
    # Not loading the model means not importing an encoder: the import log says so exactly, where
    # a timing against `--help` (the earlier check) moved whenever the package's imports got lighter.
    imported = {line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines() if line.startswith("import ")}
    assert "assistant.core" in imported  # the log is there
    assert not imported & {"torch", "sentence_transformers", "onnxruntime"}, "delete loaded the embedding model"
    help_run, _ = _cli("--help", cwd=tmp_path)
    assert help_run.returncode == 0 and "assistant delete story.txt" in help_run.stdout

    kept, _ = _cli("delete", "library.txt", "--index", "index", "--data", "data", "--keep-file", "--json", cwd=tmp_path)
    assert kept.returncode == 0, kept.stderr
    body = json.loads(kept.stdout)
    assert body["removed"][0]["doc_id"] == "library.txt" and body["articles"] == 2
    assert body["files_kept"] == [
        {"file": "library.txt", "reason": "kept as asked; the next ingest of its folder adds it again"}
    ]
    assert (tmp_path / "data" / "library.txt").exists()

    unknown, _ = _cli("delete", "strike.txt", "--index", "index", cwd=tmp_path)
    assert unknown.returncode == 2 and unknown.stderr.startswith("not found: no indexed article")
    missing, _ = _cli("delete", "strike.txt", "--index", "no-index", cwd=tmp_path)
    assert missing.returncode == 3 and "no-index/" in missing.stderr


# ---- the REST API --------------------------------------------------------------------------------


def test_rest_delete_needs_the_token_removes_the_file_and_404s_unknown_ids(tmp_path, embedder):
    _corpus(tmp_path)
    _files(tmp_path / "data", {"sub/tram.txt": "Tram line\n\n" + TRAM["text"] + "\n"})
    config = _config(tmp_path, api_token="s3cret")
    assistant = Assistant(config, embedder=embedder)
    assistant.ingest([config.data_dir])
    auth = {"Authorization": "Bearer s3cret"}
    with running(create_app(config, assistant)) as url:
        assert httpx.delete(f"{url}/api/articles/strike.txt").status_code == 401
        assert (tmp_path / "data" / "strike.txt").exists()

        unknown = httpx.delete(f"{url}/api/articles/nope.txt", headers=auth)
        assert unknown.status_code == 404 and unknown.headers["content-type"] == "application/json"
        assert unknown.json()["error"]["message"].startswith("not found: no indexed article has the id")

        listed = httpx.get(f"{url}/api/articles", headers=auth).json()["articles"]
        strike = next(a for a in listed if a["doc_id"] == "strike.txt")
        assert strike["outlet"] is None and strike["file"] == "strike.txt"  # no outlet named: not the file name

        ok = httpx.delete(f"{url}/api/articles/strike.txt", headers=auth)
        assert ok.status_code == 200, ok.text
        body = ok.json()
        assert body["removed"] == [
            {"doc_id": "strike.txt", "title": "Lighthouse keepers strike in Norway", "file": "strike.txt"}
        ]
        assert body["files_deleted"] == ["strike.txt"] and body["articles"] == 4
        assert "Deleted strike.txt from the data folder, so the next ingest does not add it back" in body["message"]
        assert not (tmp_path / "data" / "strike.txt").exists()
        ids = {a["doc_id"] for a in httpx.get(f"{url}/api/articles", headers=auth).json()["articles"]}
        assert "strike.txt" not in ids and len(ids) == 4
        answer = httpx.post(f"{url}/api/ask", json={"question": STRIKE_QUESTION}, headers=auth).json()
        assert all(c["doc_id"] != "strike.txt" for c in answer["citations"]) and "Solberg" not in answer["answer"]

        nested = httpx.delete(f"{url}/api/articles/sub/tram.txt", headers=auth)  # ids of subfolders hold a slash
        assert nested.status_code == 200 and nested.json()["files_deleted"] == ["sub/tram.txt"]
        record = httpx.delete(f"{url}/api/articles/feed.jsonl%231", headers=auth)  # '#' is sent encoded
        assert record.status_code == 200 and record.json()["removed"][0]["doc_id"] == "feed.jsonl#1"
        assert httpx.delete(f"{url}/api/articles/strike.txt", headers=auth).status_code == 404  # already gone

        wrong = httpx.get(f"{url}/api/articles/library.txt", headers=auth)
        assert wrong.status_code == 405 and wrong.headers["allow"] == "DELETE"
