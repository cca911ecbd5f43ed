"""The Articles tab and the chat's retry in a real browser (issue 13): Debian's Chromium driven by Playwright.

Removing an article asks first and then takes it out of the index and data/;
empty uploads are refused and never saved; the table names an unknown outlet or
date as "unknown"; the retry icon under the last answer asks that question again.
"""

from __future__ import annotations

import json
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


DATED = (
    "Bergen Post\n\nFerry strike ends in Bergen\n\nPublished: 18 June 2021\n\n"
    "The ferry workers of Bergen ended their strike on Friday. Their spokesman, Odd Lien, said the deal was fair.\n"
)


def _upload(page, *paths) -> str:
    page.set_input_files("#upload input[type=file]", [str(p) for p in paths])
    page.wait_for_function(
        "stems => stems.every(n => document.querySelector('#upload')?.innerText.includes(n + '\\n.'))",
        arg=[p.stem for p in paths],  # the box shows "name" and ".txt" as two pieces
        timeout=10_000,
    )
    page.click("#add-articles")
    page.wait_for_function(
        "names => names.every(n => document.querySelector('#upload-result')?.innerText.includes(n))",
        arg=[p.name for p in paths],
        timeout=60_000,
    )
    return page.inner_text("#upload-result")


def _row(page, title: str) -> list[str]:
    """The cells of the Articles table row whose title is `title`."""
    row = page.locator("#articles tr", has=page.locator("td", has_text=title)).first
    return row.locator("td").all_inner_texts()


def test_add_without_files_asks_to_choose_them_in_plain_words(page):
    _articles_tab(page)
    page.click("#add-articles")
    message = page.locator("#upload-result ul.upload-result")
    message.wait_for(timeout=10_000)
    assert message.inner_text().strip() == "Choose one or more files first."


def test_an_empty_upload_is_reported_and_not_saved(page, server):
    _, config, base = server
    empty, good = base / "empty.txt", base / "dated.txt"
    empty.write_bytes(b"")
    good.write_text(DATED, encoding="utf-8")
    _articles_tab(page)
    result = _upload(page, empty, good)
    assert "empty.txt: empty file" in result and "dated.txt: added" in result
    assert not (config.data_dir / "empty.txt").exists() and (config.data_dir / "dated.txt").exists()
    assert not [p.name for p in config.data_dir.iterdir() if p.name.startswith(".")]  # no staged leftovers
    page.wait_for_function("() => document.querySelector('#articles').innerText.includes('Ferry strike ends')")
    assert "empty.txt" not in page.inner_text("#articles")


def test_the_table_shows_known_dates_and_outlets_and_says_unknown_otherwise(page, server):
    _, config, base = server
    if not (config.data_dir / "dated.txt").exists():  # when run alone
        (base / "dated.txt").write_text(DATED, encoding="utf-8")
        _articles_tab(page)
        _upload(page, base / "dated.txt")
    page.reload()
    page.wait_for_selector("#question textarea", timeout=30_000)
    _articles_tab(page)
    page.wait_for_function("() => document.querySelector('#articles').innerText.includes('Ferry strike ends')")
    assert page.locator("#articles th").all_inner_texts()[:3] == ["Title", "Outlet", "Date"]
    assert _row(page, "Ferry strike ends in Bergen")[:4] == [
        "Ferry strike ends in Bergen",
        "Bergen Post",
        "2021-06-18",  # "Published: 18 June 2021", stored as an ISO date
        "dated.txt",
    ]
    # the seed article names no outlet and no date: "unknown", not its file name
    seed = _row(page, "Pyongyang says U.S. policy")
    assert seed[1:3] == ["unknown", "unknown"] and seed[3] == "000_5fffdecc461637a5.txt"
    assert _row(page, "Kim ready for")[1] == "New Telegraph"


def _bots(page):
    return page.locator("#chat .message.bot, #chat [data-testid='bot']")


def test_retry_under_the_last_answer_asks_that_question_again(page, server):
    url, _, _ = server
    ask(page, "What did Psaki say about strategic patience?")
    ask(page, "What is Jen Psaki's role?")
    first = last_answer(page).inner_text()
    bots, users = _bots(page).count(), page.locator("#chat .message.user, #chat [data-testid='user']").count()
    page.evaluate(
        """() => { window.__restreamed = false;
                   new MutationObserver(() => {
                     if (document.querySelector('#chat .typing')) window.__restreamed = true;
                   }).observe(document.querySelector('#chat'), {subtree: true, childList: true}); }"""
    )
    last_answer(page).hover()
    page.get_by_role("button", name="Retry").last.click()
    page.wait_for_function("() => window.__restreamed === true", timeout=20_000)
    page.wait_for_function(
        """() => { const b = document.querySelectorAll("#chat .message.bot, #chat [data-testid='bot']");
                   const last = b[b.length - 1];
                   return !last.querySelector('.typing') && !!last.querySelector('a.cite, .refusal, .notice'); }""",
        timeout=30_000,
    )
    # the answer was made again in place: still two questions and two answers, the same question asked
    assert _bots(page).count() == bots and last_answer(page).inner_text() == first
    assert page.locator("#chat .message.user, #chat [data-testid='user']").count() == users
    assert page.inner_text("#chat").count("What is Jen Psaki's role?") == 1
    page.click("#export-json")
    link = page.locator("#export-file a").first
    link.wait_for(timeout=10_000)
    exported = page.evaluate("href => fetch(href).then(r => r.text())", link.get_attribute("href"))
    turns = json.loads(exported)
    assert [t["question"] for t in turns] == [
        "What did Psaki say about strategic patience?",
        "What is Jen Psaki's role?",
    ]


@pytest.mark.parametrize("as_parts", [False, True])
def test_retry_after_stop_asks_the_question_of_the_unfinished_bubble(seed_config, seed_assistant, as_parts):
    """After Stop there is no turn for the last question: retry reads it back from the chat bubble."""
    from assistant.web import views
    from assistant.web.service import ChatService
    from assistant.web.ui import ChatHandlers

    question = "What is Jen Psaki's role?"  # the bubble holds it escaped: What is Jen Psaki&#x27;s role?
    shown = views.md_text(question)
    chat = [
        {"role": "user", "content": [{"type": "text", "text": shown}] if as_parts else shown},
        {"role": "assistant", "content": views.notice_message("Stopped before the answer was finished.")},
    ]
    updates = list(ChatHandlers(ChatService(seed_config, seed_assistant)).retry(chat, []))
    final = [u for u in updates if isinstance(u[2], list)][-1]
    new_chat, turns = final[1], final[2]
    assert [t["question"] for t in turns] == [question]
    assert len(new_chat) == 2 and "press secretary" in new_chat[-1]["content"]
