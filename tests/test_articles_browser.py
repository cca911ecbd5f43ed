"""The Articles tab and the chat's retry in a real browser (issue 13): Debian's Chromium driven by Playwright.

Removing an article asks first and then takes it out of the index and data/;
empty uploads are refused and never saved; the table names an unknown outlet or
date as "unknown"; the retry icon under the last answer asks that question again.
"""

from __future__ import annotations

import re
import time

import pytest

from assistant import Assistant, Config
from assistant.web.app import create_app
from tests.server_helpers import copy_seed, running
from tests.test_browser import ARGS, ARTIFACTS, CHROMIUM, ask, last_answer

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's Chromium at /usr/bin/chromium"),
]
STRIKE = (
    "Lighthouse keepers strike in Norway\n\nThe lighthouse keepers of Bergen went on strike on Monday. "
    "The union leader, Astrid Solberg, said the strike would last a week.\n"
)
STRIKE_QUESTION = "Who is the union leader of the lighthouse keepers?"


@pytest.fixture(scope="module")
def server(tmp_path_factory, embedder):
    base = tmp_path_factory.mktemp("articles-browser")
    data = copy_seed(base)
    (data / "strike.txt").write_text(STRIKE, encoding="utf-8")
    config = Config.load(env={}, data_dir=data, index_dir=base / "index", feedback_path=base / "fb.jsonl")
    assistant = Assistant(config, embedder=embedder)
    assistant.ingest([config.data_dir])
    with running(create_app(config, assistant)) as url:
        yield url, config, base


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, server):
    url, _, _ = server
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    page.goto(url + "/")
    page.wait_for_selector("#question textarea", timeout=30_000)
    yield page
    context.close()


def _articles_tab(page) -> None:
    page.get_by_role("tab", name="Articles").click()
    page.wait_for_selector("#articles table", timeout=20_000)


def _choose(page, doc_id: str) -> None:
    page.locator("#remove-choice input").click()
    page.get_by_role("option", name=re.compile(re.escape(f"— {doc_id}") + "$")).click()


def test_removing_an_article_asks_first_then_takes_it_out_of_the_index_and_data(page, server):
    _, config, _ = server
    ask(page, STRIKE_QUESTION)
    assert "Astrid Solberg" in last_answer(page).inner_text()
    _articles_tab(page)
    assert "strike.txt" in page.inner_text("#articles")

    page.click("#remove-article")  # nothing chosen yet
    page.wait_for_function("() => document.querySelector('#remove-result')?.innerText.includes('Choose an article')")
    assert not page.locator("#remove-confirm").is_visible()

    _choose(page, "strike.txt")
    page.click("#remove-article")
    page.locator("#remove-confirm").wait_for(state="visible", timeout=10_000)
    question = page.inner_text("#remove-question")
    assert "Remove Lighthouse keepers strike in Norway (strike.txt) from the index?" in question
    assert "deleted from the data folder" in question
    page.click("#remove-cancel")
    page.locator("#remove-confirm").wait_for(state="hidden", timeout=10_000)
    assert "Nothing was removed" in page.inner_text("#remove-result")
    assert (config.data_dir / "strike.txt").exists() and "strike.txt" in page.inner_text("#articles")

    page.click("#remove-article")  # the choice is still there: ask again, and confirm this time
    page.locator("#remove-confirm").wait_for(state="visible", timeout=10_000)
    page.click("#remove-yes")
    page.wait_for_function(
        "() => document.querySelector('#remove-result')?.innerText.includes('Removed')", timeout=30_000
    )
    result = page.inner_text("#remove-result")
    assert "Removed “Lighthouse keepers strike in Norway” (strike.txt) from the index; 2 articles left." in result
    assert "Deleted strike.txt from the data folder, so the next ingest does not add it back." in result
    assert not page.locator("#remove-confirm").is_visible()
    page.wait_for_function("() => !document.querySelector('#articles').innerText.includes('strike.txt')")
    assert "2 articles" in page.inner_text("#articles")
    assert not (config.data_dir / "strike.txt").exists()
    page.locator("#remove-choice input").click()  # the list no longer offers it
    time.sleep(0.5)
    options = page.get_by_role("option").all_inner_texts()
    assert len(options) == 2 and not any("strike.txt" in o for o in options)
    page.keyboard.press("Escape")
    page.screenshot(path=str(ARTIFACTS / "articles-removed.png"), full_page=True)

    page.get_by_role("tab", name="Chat").click()
    ask(page, STRIKE_QUESTION)
    assert "Astrid Solberg" not in last_answer(page).inner_text()
