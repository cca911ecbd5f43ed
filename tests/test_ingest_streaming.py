"""Ingest at scale: batches prepared by worker processes, checkpoints, resuming after kill -9.

Real bundled model and real processes; corpora are a few dozen small files made here.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from assistant import Assistant, Config
from assistant.index.store import IndexStore
from assistant.ingest.staging import STAGING, Staging

pytestmark = pytest.mark.slow

TOWNS = ["Leeds", "Bristol", "Glasgow", "Cardiff", "Belfast", "Norwich", "Exeter", "York"]


def story(i: int) -> str:
    town = TOWNS[i % len(TOWNS)]
    return (
        f"Council {i} backs new tram line\n\n"
        f"The council of {town} voted on Tuesday to build tram line {i}, its mayor Anna Clarke {i} said. "
        f'"We have waited {i + 3} years for this," she told reporters. '
        f"The line will cost £{i + 40} million and open in {2030 + i % 5}, according to the transport office. "
        f"Opponents in {town} said the money should go to buses instead.\n"
        f"Work on route {i} starts in the spring. Shops along the route will get grants of up to £{i + 5},000. "
        f'"It is a good day for the city," said John Reed, a local business owner. '
        f"The vote passed by {20 + i} votes to {i % 7}.\n"
    )


def write_corpus(folder: Path, n: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (folder / f"story_{i:03}.txt").write_text(story(i), encoding="utf-8")
    return folder


def config(index: Path, **settings) -> Config:
    return Config.load(env={}, index_dir=index, **settings)


def contents(snapshot) -> tuple[list, list, list]:
    """What a generation holds, independent of its id: articles, passages, sentences with annotations."""
    articles = [(a.article.doc_id, a.file_hash, a.passage_ids) for a in snapshot.articles.values()]
    passages = [(p.passage_id, p.doc_id, p.start, p.end, p.text) for p in snapshot.passages]
    sentences = [(s.passage_id, s.start, s.end, s.entities, s.speaker) for s in snapshot.sentences]
    return articles, passages, sentences


def children_of(pid: int) -> list[int]:
    out = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                out.append(int(entry))
    return out


def test_a_killed_ingest_resumes_from_its_checkpoints_without_re_embedding(tmp_path, embedder):
    docs = write_corpus(tmp_path / "docs", 40)
    index = tmp_path / "index"
    script = (
        "from assistant import Assistant, Config\n"
        "if __name__ == '__main__':\n"
        f"    Assistant(Config.load(env={{}}, index_dir={str(index)!r}, ingest_batch_files=2, ingest_workers=1))"
        f".ingest([{str(docs)!r}])\n"
    )
    (tmp_path / "run.py").write_text(script, encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, str(tmp_path / "run.py")],
        env={**os.environ, "HF_HUB_OFFLINE": "1"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    staging = index / STAGING
    deadline = time.monotonic() + 300
    try:
        while not any(p.name.startswith("batch-") and p.suffix != ".tmp" for p in _entries(staging)):
            assert proc.poll() is None, "the ingest ended before its first checkpoint could be seen"
            assert time.monotonic() < deadline, "no checkpoint within 300 s"
            time.sleep(0.02)
        workers = children_of(proc.pid)
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.kill()
        proc.wait()
    assert not IndexStore(index).exists(), "killed before any generation was written"
    for pid in workers:  # the worker processes do not outlive the ingest that started them
        for _ in range(200):
            if not Path(f"/proc/{pid}").exists() or "Z" in Path(f"/proc/{pid}/stat").read_text().split()[2]:
                break
            time.sleep(0.05)
        else:
            pytest.fail(f"worker process {pid} still runs after its ingest was killed")

    checkpointed = Staging(index, {}).folder
    staged_batches = [p for p in checkpointed.iterdir() if p.name.startswith("batch-") and p.suffix != ".tmp"]
    staged_passages = sum(
        len(json.loads(line)["passages"]) for b in staged_batches for line in (b / "articles.jsonl").open()
    )
    assert staged_passages > 0

    resumed = Assistant(config(index, ingest_batch_files=2, ingest_workers=1), embedder=embedder)
    report = resumed.ingest([docs])
    assert len(report.added) == 40 and not report.skipped
    assert report.resumed_passages >= staged_passages  # at least what was seen checkpointed is not re-embedded
    assert report.new_passages + report.resumed_passages == report.passages
    assert report.new_passages < report.passages
    assert "resumed:" in report.summary() and report.to_dict()["resumed_passages"] == report.resumed_passages
    assert not (index / STAGING).exists(), "the checkpoints are removed once the generation is written"

    clean = Assistant(config(tmp_path / "clean", ingest_batch_files=2, ingest_workers=1), embedder=embedder)
    clean_report = clean.ingest([docs])
    assert clean_report.resumed_passages == 0 and clean_report.new_passages == clean_report.passages
    got, want = resumed._ready()[0], clean._ready()[0]
    assert contents(got) == contents(want)
    assert np.allclose(got.vectors(), want.vectors(), atol=1e-5)
    assert np.allclose(np.asarray(got.sentence_vectors), np.asarray(want.sentence_vectors), atol=2e-3)
    for question in ("What did John Reed say?", "How much will tram line 7 cost?"):
        assert resumed.ask(question).model_dump(exclude={"timings_ms"}) == clean.ask(question).model_dump(
            exclude={"timings_ms"}
        )


def _entries(folder: Path) -> list[Path]:
    try:
        return list(folder.iterdir())
    except FileNotFoundError:
        return []


def test_workers_prepare_exactly_what_the_main_process_prepares(tmp_path, embedder):
    docs = write_corpus(tmp_path / "docs", 7)
    (docs / "photo.txt").write_bytes(bytes(range(256)) * 8)  # binary: skipped in the first pass
    (docs / "feed.json").write_text('{"text": "unterminated', encoding="utf-8")  # malformed JSON
    snapshots, reports = {}, {}
    for workers in (0, 1, 2):
        assistant = Assistant(
            config(tmp_path / f"index-{workers}", ingest_workers=workers, ingest_batch_files=2), embedder=embedder
        )
        reports[workers] = assistant.ingest([docs])
        snapshots[workers] = assistant._ready()[0]
    for workers in (1, 2):
        assert contents(snapshots[workers]) == contents(snapshots[0])
        assert np.allclose(snapshots[workers].vectors(), snapshots[0].vectors(), atol=1e-5)
        assert reports[workers].skipped == reports[0].skipped
    reasons = {Path(p).name: r for p, r in reports[2].skipped}
    assert set(reasons) == {"photo.txt", "feed.json"}
    assert "binary" in reasons["photo.txt"] and "JSON" in reasons["feed.json"]
    assert len(reports[2].added) == 7 and reports[2].articles == 7
    assert "John Reed" in {s.speaker for s in snapshots[2].sentences}  # speakers found in the workers
    assert any(label == "PERSON" for s in snapshots[2].sentences for _, _, label in s.entities)


def test_an_incremental_ingest_with_workers_keeps_unchanged_vectors(tmp_path, embedder):
    docs = write_corpus(tmp_path / "docs", 6)
    assistant = Assistant(config(tmp_path / "index", ingest_workers=1, ingest_batch_files=2), embedder=embedder)
    first = assistant.ingest([docs])
    before = assistant._ready()[0]
    kept_vectors = {p.text: before.vectors()[p.passage_id] for p in before.passages}
    (docs / "story_002.txt").write_text(story(2).replace("Tuesday", "Friday"), encoding="utf-8")
    (docs / "story_004.txt").unlink()
    (docs / "story_100.txt").write_text(story(100), encoding="utf-8")
    second = assistant.ingest([docs])
    assert len(second.updated) == 1 and len(second.removed) == 1 and len(second.added) == 1
    assert len(second.unchanged) == 4 and 0 < second.new_passages < first.new_passages
    after = assistant._ready()[0]
    for p in after.passages:
        if p.doc_id not in ("story_002.txt", "story_100.txt"):
            assert np.array_equal(after.vectors()[p.passage_id], kept_vectors[p.text])


def test_checkpoints_of_another_model_or_passage_size_are_never_used(tmp_path):
    staging = Staging(tmp_path, {"model": "m", "encoder": "torch", "dim": 2, "tokens": 200})
    staging.open()
    (staging.folder / "batch-000000-deadbeef").mkdir()
    (staging.folder / "batch-000001-cafe.tmp").mkdir()  # cut short by a crash
    assert Staging(tmp_path, {"model": "m", "encoder": "torch", "dim": 2, "tokens": 200}).open() == 0
    assert not (staging.folder / "batch-000001-cafe.tmp").exists()
    assert (staging.folder / "batch-000000-deadbeef").exists()
    Staging(tmp_path, {"model": "m", "encoder": "torch", "dim": 2, "tokens": 120}).open()
    assert not (staging.folder / "batch-000000-deadbeef").exists()


def test_the_workers_token_counter_counts_what_the_embedder_counts(embedder):
    from assistant.index.embedding import token_counter

    bbc = sorted((Path(__file__).resolve().parents[2] / "shared" / "corpora" / "bbc-news").glob("*.txt"))[:40]
    texts = [p.read_text(encoding="utf-8") for p in bbc] + [
        "Café Zürich’s CEO — “naïve” 東京 data: https://example.com/a?b=c&d=e " * 30,
        "x" * 5000,
        "",
        "   ",
    ]
    counted = token_counter("")(texts)
    assert counted == embedder.count_tokens(texts)
    assert max(counted) > 128  # the model file's truncation to 128 pieces is not applied


def test_worker_processes_run_at_a_lower_cpu_priority_than_the_encoder():
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    from assistant.ingest.prepare import WORKER_NICE, warm_worker

    ours = os.getpriority(os.PRIO_PROCESS, 0)
    with ProcessPoolExecutor(
        1, mp_context=get_context("spawn"), initializer=warm_worker, initargs=("", os.getpid())
    ) as pool:
        worker = pool.submit(os.getpriority, os.PRIO_PROCESS, 0).result(timeout=300)
    assert worker == min(19, ours + WORKER_NICE)
    assert worker > ours or ours == 19  # at the lowest priority already, a worker cannot go lower
