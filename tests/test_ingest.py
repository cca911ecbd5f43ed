"""Incremental ingest and the crash-safety of index writes, on the real model."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import faiss
import pytest

from assistant.errors import IndexUnusableError
from assistant.index.store import IndexStore

STORY_A = "Aldermen in Brookfield approved a new library on Monday.\nThe library will cost four million dollars.\n"
STORY_B = "The Brookfield ferry resumed service after a storm.\nFerry captain Lia Moss said demand was high.\n"


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_add_unchanged_update_remove(tmp_path, make_assistant):
    docs = tmp_path / "docs"
    write(docs, "a.txt", STORY_A)
    write(docs, "b.txt", STORY_B)
    assistant = make_assistant()

    first = assistant.ingest([docs])
    assert len(first.added) == 2 and first.new_passages >= 2 and first.articles == 2

    again = assistant.ingest([docs])
    assert len(again.unchanged) == 2 and again.new_passages == 0 and not again.added

    write(docs, "a.txt", STORY_A + "The mayor called it a landmark.\n")
    changed = assistant.ingest([docs])
    assert [Path(p).name for p in changed.updated] == ["a.txt"] and changed.unchanged
    # only the changed file is re-embedded
    assert changed.new_passages == 1
    assert "landmark" in assistant.ask("What did the mayor call the library?").answer

    (docs / "b.txt").unlink()
    removed = assistant.ingest([docs])
    assert len(removed.removed) == 1 and removed.articles == 1
    assert all(a["doc_id"] != "b.txt" for a in assistant.articles())


def test_vectors_of_unchanged_files_are_kept_exactly(tmp_path, make_assistant):
    docs = tmp_path / "docs"
    write(docs, "a.txt", STORY_A)
    assistant = make_assistant()
    assistant.ingest([docs])
    before = assistant._ready()[0]
    vec_a = before.vectors()[before.articles["a.txt"].passage_ids]
    write(docs, "b.txt", STORY_B)
    assistant.ingest([docs])
    after = assistant._ready()[0]
    assert (after.vectors()[after.articles["a.txt"].passage_ids] == vec_a).all()


def test_bad_new_version_keeps_the_indexed_one(tmp_path, make_assistant):
    docs = tmp_path / "docs"
    path = write(docs, "feed.json", json.dumps({"text": STORY_B, "title": "Ferry"}))
    assistant = make_assistant()
    assistant.ingest([docs])
    path.write_text('{"text": "broken', encoding="utf-8")
    report = assistant.ingest([docs])
    [(skipped, reason)] = report.skipped
    assert skipped.endswith("feed.json") and "malformed JSON" in reason and "kept the previously indexed" in reason
    assert "Lia Moss" in assistant.ask("Who is the ferry captain?").answer


def test_skipped_files_do_not_stop_the_run(tmp_path, make_assistant):
    docs = tmp_path / "docs"
    write(docs, "good.txt", STORY_A)
    write(docs, "empty.txt", "")
    (docs / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0")
    report = make_assistant().ingest([docs, tmp_path / "missing-folder"])
    assert [Path(p).name for p in report.added] == ["good.txt"]
    reasons = {Path(p).name: r for p, r in report.skipped}
    assert reasons["empty.txt"] == "empty file"
    assert "unsupported file type '.jpg'" in reasons["photo.jpg"]
    assert reasons["missing-folder"] == "no such file or folder"


def test_same_name_in_two_folders_gets_two_ids(tmp_path, make_assistant):
    write(tmp_path / "x", "story.txt", STORY_A)
    write(tmp_path / "y", "story.txt", STORY_B)
    assistant = make_assistant()
    assistant.ingest([tmp_path / "x"])
    assistant.ingest([tmp_path / "y"])
    assert len(assistant.articles()) == 2


def test_interrupted_write_leaves_previous_index_complete(tmp_path, make_assistant, monkeypatch):
    docs = tmp_path / "docs"
    write(docs, "a.txt", STORY_A)
    assistant = make_assistant()
    assistant.ingest([docs])
    generation = IndexStore(tmp_path / "index").current_generation()

    write(docs, "b.txt", STORY_B)

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt  # Ctrl-C while the new generation is half written

    monkeypatch.setattr(faiss, "write_index", interrupted)
    with pytest.raises(KeyboardInterrupt):
        assistant.ingest([docs])
    monkeypatch.undo()

    store = IndexStore(tmp_path / "index")
    assert store.current_generation() == generation
    snapshot = store.load()
    assert list(snapshot.articles) == ["a.txt"] and len(snapshot.dense) == len(snapshot.passages)
    # the next ingest completes and cleans up the half-written generation
    assert len(make_assistant().ingest([docs]).added) == 1
    assert len(list((tmp_path / "index").glob("gen-*"))) == 1


def test_killed_ingest_process_leaves_a_loadable_index(tmp_path, make_assistant):
    """SIGKILL a real ingest of many files at several moments; the index always loads whole."""
    docs = tmp_path / "docs"
    write(docs, "a.txt", STORY_A)
    make_assistant().ingest([docs])
    for i in range(300):
        write(docs, f"n{i:03}.txt", f"Story {i}: the council of town number {i} met on day {i}.\n" * 8)
    script = (
        "import sys; from assistant import Assistant, Config;"
        f"Assistant(Config.load(env={{}}, index_dir={str(tmp_path / 'index')!r})).ingest([{str(docs)!r}])"
    )
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    for delay in (4.0, 7.0):
        proc = subprocess.Popen(
            [sys.executable, "-c", script], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        snapshot = IndexStore(tmp_path / "index").load()
        assert snapshot is not None and "a.txt" in snapshot.articles
        assert len(snapshot.dense) == len(snapshot.passages)
        assert sum(len(a.passage_ids) for a in snapshot.articles.values()) == len(snapshot.passages)


def test_index_built_with_another_model_is_a_clear_error(tmp_path, make_assistant):
    docs = tmp_path / "docs"
    write(docs, "a.txt", STORY_A)
    make_assistant().ingest([docs])
    with pytest.raises(IndexUnusableError) as info:
        IndexStore(tmp_path / "index").load(expect_model="some/other-model")
    message = str(info.value)
    assert "all-MiniLM-L6-v2" in message and "some/other-model" in message and "--rebuild" in message


def test_passages_fit_the_model_window_and_keep_exact_offsets(tmp_path, make_assistant, embedder):
    long_sentence = "The committee " + " ".join(f"reviewed item {i}," for i in range(150)) + " and adjourned."
    docs = tmp_path / "docs"
    write(docs, "long.txt", "Budget talks resumed on Tuesday.\n" + long_sentence + "\n" + STORY_A * 5)
    assistant = make_assistant(passage_tokens=120)
    assistant.ingest([docs])
    snapshot = assistant._ready()[0]
    article = snapshot.articles["long.txt"].article
    assert len(snapshot.passages) > 3
    for p in snapshot.passages:
        assert article.text[p.start : p.end] == p.text
        assert embedder.count_tokens([p.text])[0] <= 120
