"""Uploads, wrong methods, start-up and load (issue 13), against a real server on 127.0.0.1."""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path

import httpx
import pytest

from assistant import Assistant, Config
from assistant.web.app import create_app
from assistant.web.service import ChatService, Readiness, safe_filename
from assistant.web.ui import ChatHandlers
from tests.server_helpers import copy_seed, running

pytestmark = pytest.mark.slow

STORY = (
    "Lighthouse keepers strike in Norway\n\nThe lighthouse keepers of Bergen went on strike on Monday "
    "demanding warmer uniforms. The union leader, Astrid Solberg, said the strike would last a week.\n"
)


def _config(base: Path, **overrides) -> Config:
    values = {"data_dir": base / "data", "index_dir": base / "index", "feedback_path": base / "feedback.jsonl"}
    return Config.load(env={}, **(values | overrides))


@pytest.fixture(scope="module")
def server(tmp_path_factory, embedder):
    base = tmp_path_factory.mktemp("hardening-api")
    copy_seed(base)
    config = _config(base, max_upload_mb=0.5, workers=1, queue_limit=1)
    assistant = Assistant(config, embedder=embedder)
    assistant.ingest([config.data_dir])
    app = create_app(config, assistant)
    with running(app) as url:
        yield url, config, app.state.service


def _upload(url: str, *files: tuple[str, bytes], replace: bool | None = None) -> httpx.Response:
    data = {} if replace is None else {"replace": "true" if replace else "false"}
    return httpx.post(
        f"{url}/api/ingest", files=[("files", (n, d, "text/plain")) for n, d in files], data=data, timeout=120
    )


def _data_files(config: Config) -> set[str]:
    return {p.name for p in config.data_dir.iterdir()}


def test_existing_name_is_409_unless_replace_is_asked(server):
    url, config, _ = server
    first = _upload(url, ("strike.txt", STORY.encode()))
    assert first.status_code == 200 and first.json()["saved"] == ["strike.txt"]

    again = _upload(url, ("strike.txt", STORY.replace("a week", "two weeks").encode()))
    assert again.status_code == 409
    error = again.json()["error"]
    assert "strike.txt" in error["message"] and "replace=true" in error["message"]
    assert error["details"][0]["file"] == "strike.txt"
    assert "a week" in (config.data_dir / "strike.txt").read_text()  # untouched

    replaced = _upload(url, ("strike.txt", STORY.replace("a week", "two weeks").encode()), replace=True)
    assert replaced.status_code == 200, replaced.text
    assert replaced.json()["report"]["updated"]
    assert "two weeks" in (config.data_dir / "strike.txt").read_text()
    answer = httpx.post(f"{url}/api/ask", json={"question": "How long would the lighthouse strike last?"}).json()
    assert "two weeks" in answer["answer"] or "two weeks" in " ".join(c["quote"] for c in answer["citations"])


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.txt", b"", "empty file"),
        ("blank.md", b"   \n\n", "empty file"),
        ("broken.json", b'{"text": "unterminated', "malformed JSON"),
        ("deep.json", b"[" * 50_000 + b"]" * 50_000, "nested too deeply"),
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
    ],
)
def test_rejected_upload_never_stays_in_data(server, name, data, reason):
    url, config, _ = server
    before = _data_files(config)
    r = _upload(url, (name, data))
    assert r.status_code in (415, 422), r.text
    [error] = r.json()["error"]["details"]
    assert error["file"] == name and reason in error["reason"]
    assert _data_files(config) == before  # neither the file nor a temporary copy


def test_broken_replacement_keeps_the_old_file(server):
    url, config, _ = server
    assert _upload(url, ("feed.json", b'{"title": "Ferry", "text": "The ferry to Hel resumed service."}')).is_success
    r = _upload(url, ("feed.json", b'{"text": "broken'), replace=True)
    assert r.status_code in (415, 422)
    assert "resumed service" in (config.data_dir / "feed.json").read_text()
    assert not [p for p in config.data_dir.iterdir() if p.name.startswith(".")]


def test_a_300_character_name_keeps_its_extension(server):
    url, config, _ = server
    name = "a" * 300 + ".txt"
    r = _upload(url, (name, STORY.replace("Bergen", "Tromso").encode()))
    assert r.status_code == 200, r.text
    [saved] = r.json()["saved"]
    assert saved.endswith(".txt") and len(saved) <= 200 and (config.data_dir / saved).is_file()
    assert safe_filename("b" * 300 + ".weird-extension-that-is-far-too-long").startswith("b")


@pytest.mark.parametrize(
    ("method", "path", "allow"),
    [("GET", "/api/ask", "POST"), ("PUT", "/api/ask/stream", "POST"), ("POST", "/api/health", "GET")],
)
def test_wrong_method_is_a_json_405_with_allow(server, method, path, allow):
    url, _, _ = server
    r = httpx.request(method, url + path)
    assert r.status_code == 405 and r.headers["allow"] == allow
    assert r.headers["content-type"].startswith("application/json")
    assert r.json()["error"]["status"] == 405 and allow in r.json()["error"]["message"]


def test_beyond_the_queue_limit_is_503_with_retry_after_at_once(server):
    url, _, service = server
    pool = service.pool
    assert pool.workers == 1 and pool.limit == 2
    pool.admit()  # one question being answered and one waiting: the pool is full
    pool.admit()
    try:
        started = time.perf_counter()
        r = httpx.post(f"{url}/api/ask", json={"question": "What is Jen Psaki's role?"}, timeout=30)
        assert time.perf_counter() - started < 2
        assert r.status_code == 503 and r.headers["retry-after"] == "1"
        assert "busy" in r.json()["error"]["message"]
        stream = httpx.post(f"{url}/api/ask/stream", json={"question": "What is Jen Psaki's role?"}, timeout=30)
        assert stream.status_code == 503
    finally:
        pool.leave()
        pool.leave()
    assert httpx.post(f"{url}/api/ask", json={"question": "What is Jen Psaki's role?"}, timeout=60).status_code == 200


def test_work_in_flight_is_bounded_by_the_workers(server):
    url, _, service = server
    most = 0
    stop = threading.Event()

    def watch() -> None:
        nonlocal most
        while not stop.is_set():
            most = max(most, service.pool.workers - service.pool._slots._value)
            time.sleep(0.002)

    watcher = threading.Thread(target=watch)
    watcher.start()
    codes: list[int] = []

    def ask() -> None:
        r = httpx.post(f"{url}/api/ask", json={"question": "What did Psaki say about strategic patience?"}, timeout=120)
        codes.append(r.status_code)

    threads = [threading.Thread(target=ask) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    stop.set()
    watcher.join()
    assert most == 1 and set(codes) <= {200, 503} and 200 in codes and 503 in codes
    assert service.pool.admitted == 0


def test_empty_index_is_reported_as_empty(tmp_path, embedder):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "bad.docx").write_bytes(b"PK")
    config = _config(tmp_path)
    assistant = Assistant(config, embedder=embedder)
    assistant.ingest([config.data_dir])
    with running(create_app(config, assistant)) as url:
        r = httpx.post(f"{url}/api/ask", json={"question": "Who won?"})
        assert r.status_code == 503 and "is empty" in r.json()["error"]["message"]
        assert httpx.get(f"{url}/api/health").json()["articles"] == 0


def test_articles_while_starting_is_one_log_line_not_a_traceback(tmp_path, caplog):
    service = ChatService(_config(tmp_path))  # never started: the state of a first index build
    service.readiness = Readiness(phase="building", stage="indexing data", done=3, total=10)
    with caplog.at_level(logging.INFO):
        html = ChatHandlers(service).articles()
    assert "once the index is ready" in html and "indexing data (3/10)" in html
    assert all(r.exc_info is None for r in caplog.records)
    assert [r.getMessage() for r in caplog.records if "starting" in r.getMessage()]


def test_start_up_failure_of_an_expected_kind_is_one_line(tmp_path):
    from assistant.errors import IndexUnusableError

    lines: list[str] = []

    class Broken:
        def has_index(self) -> bool:
            return False

        def ingest(self, *args, **kwargs):
            raise IndexUnusableError("another ingest is writing to index; wait for it to finish")

    service = ChatService(_config(tmp_path), Broken())  # type: ignore[arg-type]
    service.start(background=False, log=lines.append)  # raised (a traceback in the thread) before
    assert service.readiness.phase == "failed"
    [error] = [line for line in lines if line.startswith("error")]
    assert "index unusable: another ingest" in error


def test_question_asked_while_starting_is_answered_when_ready(seed_config, seed_assistant):
    service = ChatService(seed_config, seed_assistant)
    service.readiness = Readiness(phase="building", stage="indexing data")
    threading.Timer(1.5, lambda: setattr(service, "readiness", Readiness(phase="ready", stage="ready"))).start()
    bubbles: list[str] = []
    for step in ChatHandlers(service).respond("What is Jen Psaki's role?", [], []):
        bubbles.append(step[1][-1]["content"])
    assert any("Still starting" in b for b in bubbles)
    _, chat, turns, _, _ = step
    assert turns[-1]["answer"] is not None  # the Answer, whatever the engine says, not a notice
    assert "Still starting" not in chat[-1]["content"] and 'class="notice"' not in chat[-1]["content"]
