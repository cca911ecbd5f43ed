"""Fast start (issue 12 item 6): the port and a page first, the model next, gradio last.

`serve` (`python app.py`) answers / with a start-up page before gradio is imported and
the model is loaded, answers the API as soon as the model is, and mounts the chat UI
afterwards, which the start-up page turns into by itself. Real servers on 127.0.0.1, a
real model load, a real browser; nothing mocked.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from assistant import Assistant, Config
from assistant.web.app import STARTING_HEADER, create_app
from tests.server_helpers import ROOT, copy_seed, free_port, running

CHROMIUM = Path("/usr/bin/chromium")
QUESTION = "What did Psaki say about strategic patience?"
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def indexed(tmp_path_factory, embedder) -> Config:
    """A seed index built beforehand: the servers below start warm, as `python app.py` does the second time."""
    base = tmp_path_factory.mktemp("fast-start")
    copy_seed(base)
    config = Config.load(
        env={}, data_dir=base / "data", index_dir=base / "index", feedback_path=base / "feedback.jsonl"
    )
    Assistant(config, embedder=embedder).ingest([config.data_dir])
    return config


@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's Chromium: run `bash scripts/test-deps.sh`")
def test_the_start_up_page_turns_into_the_chat_which_answers(indexed):
    app = create_app(indexed, ui_later=True)  # no assistant given: the server loads the model itself
    with running(app) as url:
        first = httpx.get(url + "/")  # the server just started: the model is loading, gradio not mounted
        assert first.status_code == 200 and first.headers.get(STARTING_HEADER) == "1", first.headers
        assert "Starting" in first.text and "frame-ancestors" in first.headers["content-security-policy"]
        assert httpx.get(url + "/embed/").headers.get(STARTING_HEADER) == "1"
        assert httpx.get(url + "/api/health").status_code == 200  # the API is up before the UI

        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"])
            page = browser.new_page()
            page.goto(url + "/")  # opened while starting: it must reload itself into the chat
            page.wait_for_selector("#question textarea", timeout=120_000)
            page.fill("#question textarea", QUESTION)
            page.press("#question textarea", "Enter")
            # The Gradio queue was started on the running loop: without it the question never answers.
            page.wait_for_function(
                """() => { const b = document.querySelectorAll("#chat .message.bot, #chat [data-testid='bot']");
                           const last = b[b.length - 1];
                           return !!last && !last.querySelector('.typing') && !!last.querySelector('a.cite'); }""",
                timeout=60_000,
            )
            assert "strategic patience" in page.locator("#chat").inner_text().lower()
            browser.close()
        chat = httpx.get(url + "/")
        assert chat.status_code == 200 and STARTING_HEADER.lower() not in chat.headers
        assert "gradio" in chat.text.lower()
        embed = httpx.get(url + "/embed/")
        assert embed.status_code == 200 and STARTING_HEADER.lower() not in embed.headers


def test_python_app_py_serves_the_page_before_it_answers(indexed):
    """The real `python app.py`: the first page is the start-up page, an answer follows, then the chat UI."""
    port = free_port()
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "ASSISTANT_DATA_DIR": str(indexed.data_dir),
        "ASSISTANT_INDEX_DIR": str(indexed.index_dir),
        "ASSISTANT_FEEDBACK_PATH": str(indexed.serve.feedback_path),
        "ASSISTANT_PORT": str(port),
    }
    started = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "app.py")],
        cwd=indexed.data_dir.parent,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    pages: list[tuple[float, bool]] = []  # (seconds, start-up page?) of each 200 on /
    answered = 0.0
    try:
        while time.perf_counter() - started < 240 and not (answered and pages and not pages[-1][1]):
            try:
                r = httpx.get(url + "/", timeout=10)
                if r.status_code == 200:
                    pages.append((time.perf_counter() - started, r.headers.get(STARTING_HEADER) == "1"))
                if not answered and httpx.post(url + "/api/ask", json={"question": QUESTION}, timeout=60).is_success:
                    answered = time.perf_counter() - started
            except httpx.TransportError:
                pass
            time.sleep(0.05)
    finally:
        proc.terminate()
        out = proc.communicate(timeout=20)[0]
    assert answered, out
    assert pages and pages[0][1], f"the first page was not the start-up page: {pages[:3]}\n{out}"
    assert pages[0][0] < answered, (pages[0], answered)  # the page did not wait for the model
    assert not pages[-1][1], f"the chat UI was never mounted\n{out}"
    assert "assistant ready (" in out
