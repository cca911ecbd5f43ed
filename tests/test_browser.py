"""The chat UI in a real browser (Debian's Chromium driven by Playwright) against a real server.

Tests run in order on one page and one chat, as a person would use it: ask, open
a citation, follow up, upload, then the XSS article, then the embed on another
origin. Screenshots go to test-artifacts/.
"""

from __future__ import annotations

import functools
import http.server
import json
import threading
from pathlib import Path

import pytest

from assistant import Assistant, Config
from assistant.web.app import create_app
from tests.server_helpers import ROOT, copy_seed, free_port, running

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = ROOT / "test-artifacts"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="needs Debian's Chromium at /usr/bin/chromium: run `bash scripts/test-deps.sh`"
    ),
]

# Records whether the in-progress cursor of a streamed answer was ever on the page, and any script run.
WATCH_STREAM = """
window.__sawStreaming = false;
new MutationObserver(() => {
  if (document.querySelector('#chat .typing')) window.__sawStreaming = true;
}).observe(document, {subtree: true, childList: true, characterData: true});
"""

XSS_ARTICLE = (
    "<script>window.__xss = 'title'</script>"
    "<img src=x onerror=\"window.__xss='img-title'\"> Zembla bridge\n\n"
    "The Zembla bridge will reopen in May, the mayor said <img src=x onerror=\"window.__xss='img'\"> "
    "at a meeting <script>window.__xss='script'; alert('xss')</script> on Tuesday.\n"
    "Engineers replaced the <b>rusted</b> cables of the Zembla bridge "
    "[evil](javascript:alert(1)) last winter.\n"
)


@pytest.fixture(scope="module")
def server(tmp_path_factory, embedder):
    base = tmp_path_factory.mktemp("browser")
    copy_seed(base)
    config = Config.load(
        env={}, data_dir=base / "data", index_dir=base / "index", feedback_path=base / "feedback.jsonl"
    )
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


@pytest.fixture(scope="module")
def page(browser, server):
    url, _, _ = server
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.dialogs = []
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    page.add_init_script(WATCH_STREAM)
    page.goto(url + "/")
    page.wait_for_selector("#question textarea", timeout=30_000)
    yield page
    context.close()


def ask(page, question: str) -> None:
    """Type a question, press Enter, wait until the final (verified) answer replaced the stream.

    A final bubble has citations, a refusal badge or a notice; a streaming one has the cursor.
    """
    # The previous question's events (the sources panel after the answer) must be over: a question
    # submitted while they run is not taken (seen here: the second of two quick questions never showed).
    page.wait_for_function("!document.querySelector('.generating, .pending')", timeout=30_000)
    bubbles = page.locator("#chat .message.bot, #chat [data-testid='bot']")
    before = bubbles.count()
    page.fill("#question textarea", question)
    page.press("#question textarea", "Enter")
    page.wait_for_function(
        """n => { const b = document.querySelectorAll("#chat .message.bot, #chat [data-testid='bot']");
                  const last = b[b.length - 1];
                  return b.length > n && !last.querySelector('.typing')
                         && !!last.querySelector('a.cite, .refusal, .notice'); }""",
        arg=before,
        timeout=30_000,
    )


def last_answer(page):
    return page.locator("#chat .message.bot, #chat [data-testid='bot']").last


def test_ask_shows_a_streamed_answer_with_citations(page):
    ask(page, "What did Psaki say about strategic patience?")
    answer = last_answer(page)
    assert "strategic patience" in answer.inner_text()
    assert answer.locator("a.cite").count() >= 1
    assert page.evaluate("window.__sawStreaming") is True
    # the sources panel updates after the answer bubble; either seed article may be the one cited
    page.wait_for_function(
        "['Kim ready for', 'Pyongyang says'].some(t => document.querySelector('#sources')?.innerText.includes(t))",
        timeout=10_000,
    )
    page.screenshot(path=str(ARTIFACTS / "chat.png"))


def test_clicking_a_citation_shows_the_highlighted_passage(page):
    answer = last_answer(page)
    answer.locator("a.cite", has_text="[1]").first.click()
    page.wait_for_function("document.querySelector('#source-view .source-n')?.textContent === '[1]'", timeout=10_000)
    view = page.locator("#source-view")
    quote = view.locator("mark.quote").inner_text()
    assert "strategic patience" in quote
    passage = view.locator(".passage").inner_text()
    assert quote in passage and len(passage) > len(quote)
    # both seed articles mention strategic patience: the view names whichever one is cited
    title = view.locator(".source-title").inner_text()
    assert title.startswith("Pyongyang says") or title.startswith("Kim ready")
    page.locator("#source-view").screenshot(path=str(ARTIFACTS / "source.png"))


def test_follow_up_question_uses_the_conversation(page):
    ask(page, "What did she say the US would pursue instead?")
    text = last_answer(page).inner_text().lower()
    assert "calibrated" in text or "practical" in text
    assert last_answer(page).locator("a.cite").count() >= 1


def test_thumbs_up_is_saved_to_the_feedback_file(page, server):
    _, config, _ = server
    last_answer(page).hover()
    page.locator("#chat button[aria-label='Like']").last.click()
    page.wait_for_function("document.querySelector('#feedback-note')?.innerText.includes('saved')", timeout=10_000)
    record = json.loads(Path(config.serve.feedback_path).read_text(encoding="utf-8").splitlines()[-1])
    assert record["rating"] == "up" and record["question"] == "What did she say the US would pursue instead?"
    assert record["history"] == ["What did Psaki say about strategic patience?"] and record["citations"]


def test_export_markdown_offers_the_conversation(page):
    page.click("#export-md")
    link = page.locator("#export-file a").first
    link.wait_for(timeout=10_000)
    href = page.evaluate("h => new URL(h, location.href).href", link.get_attribute("href"))
    exported = page.request.get(href)
    text = exported.text()
    assert "**Q:** What did Psaki say about strategic patience?" in text
    assert "- [1] Kim ready for" in text and "**Q:** What did she say the US would pursue instead?" in text


def test_unanswerable_question_looks_like_a_refusal(page):
    ask(page, "What is the capital of Australia?")
    assert last_answer(page).locator(".refusal").count() == 1


def _upload(page, path: Path) -> str:
    """Add one file on the Articles tab; back on the Chat tab afterwards, also when it fails.

    The file's name shows once the browser has sent it to the server: on a loaded CI machine
    that took more than 10 s once, so the waits are 30 s like the answers'.
    """
    page.get_by_role("tab", name="Articles").click()
    try:
        page.set_input_files("#upload input[type=file]", str(path))
        try:
            page.wait_for_selector("#upload :text('" + path.name + "')", timeout=30_000)
        except Exception as error:  # say what the upload box showed instead of the file's name
            shown = page.inner_text("#upload")
            raise AssertionError(f"{path.name} not shown; the upload box says: {shown!r}") from error
        page.click("#add-articles")
        page.wait_for_function(
            "name => [...document.querySelectorAll('#upload-result li')].some(li => li.innerText.includes(name))",
            arg=path.name,
            timeout=30_000,
        )
        return page.inner_text("#upload-result")
    finally:
        page.get_by_role("tab", name="Chat").click()


def test_upload_an_article_then_ask_about_it(page, server):
    _, _, base = server
    article = base / "lighthouse.txt"
    article.write_text(
        "Lighthouse keepers strike in Norway\n\nThe lighthouse keepers of Bergen went "
        "on strike on Monday. The union leader, Astrid Solberg, said the strike "
        "would last a week.\n",
        encoding="utf-8",
    )
    assert "lighthouse.txt: added" in _upload(page, article)
    ask(page, "Who is the union leader of the lighthouse keepers?")
    assert "Astrid Solberg" in last_answer(page).inner_text()


def test_upload_of_a_wrong_type_is_refused_with_the_reason(page, server):
    _, config, base = server
    bad = base / "script.sh"
    bad.write_text("echo hi", encoding="utf-8")
    page.get_by_role("tab", name="Articles").click()
    page.set_input_files("#upload input[type=file]", str(bad))
    try:
        page.get_by_text("Invalid file type: script.sh").first.wait_for(timeout=10_000)
        assert not (config.data_dir / "script.sh").exists()
    finally:
        page.get_by_role("tab", name="Chat").click()


def test_article_html_is_shown_as_text_and_never_runs(page, server):
    _, _, base = server
    article = base / "zembla.txt"
    article.write_text(XSS_ARTICLE, encoding="utf-8")
    assert "zembla.txt: added" in _upload(page, article)
    ask(page, "When will the Zembla bridge reopen?")
    answer = last_answer(page)
    text = answer.inner_text()
    assert "May" in text and "<img src=x onerror=" in text
    answer.locator("a.cite").first.click()
    page.wait_for_selector("#source-view mark.quote", timeout=10_000)
    source_text = page.inner_text("#source-view")
    assert "<script>" in source_text and "<img src=x" in source_text
    assert page.locator("#chat img[src=x], #source-view img, #sources img, #source-view b").count() == 0
    ask(page, "What did engineers replace on the Zembla bridge?")
    links = [a.get_attribute("href") or "" for a in page.locator("#chat a").all()]
    assert not any(h.lower().startswith("javascript") for h in links)
    page.get_by_role("tab", name="Articles").click()
    assert "<script>window.__xss = 'title'</script>" in page.inner_text("#articles")
    page.get_by_role("tab", name="Chat").click()
    assert page.evaluate("window.__xss") is None
    assert page.dialogs == []


def test_embed_on_another_origin_answers(browser, server):
    url, _, _ = server
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(ROOT / "examples"))
    host = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
    threading.Thread(target=host.serve_forever, daemon=True).start()
    try:
        context = browser.new_context(viewport={"width": 1100, "height": 800})
        page = context.new_page()
        page.goto(f"http://127.0.0.1:{host.server_port}/embed.html?server={url}")
        frame = page.frame_locator("#assistant")
        frame.locator("#question textarea").fill("How did Kim say North Korea would react to developments?")
        frame.locator("#question textarea").press("Enter")
        answer = frame.locator("#chat a.cite").first
        answer.wait_for(timeout=30_000)
        assert "sharply and promptly" in frame.locator("#chat").inner_text()
        answer.click()
        frame.locator("#source-view mark.quote").wait_for(timeout=10_000)
        assert "sharply and promptly" in frame.locator("#source-view mark.quote").inner_text()
        assert frame.locator("footer").count() == 0 or not frame.locator("footer").first.is_visible()
        page.screenshot(path=str(ARTIFACTS / "embed.png"))
        context.close()
    finally:
        host.shutdown()


def test_the_follow_ups_that_used_to_fail_in_a_fresh_chat(browser, server):
    """Issue 10's three failures, typed into the chat: a pronoun with "And", "what else", a bare "Why?"."""
    url, _, _ = server
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    chat = context.new_page()
    chat.goto(url + "/")
    chat.wait_for_selector("#question textarea", timeout=30_000)
    ask(chat, "Who is Leif-Eric Easley?")
    ask(chat, "And where does he teach?")
    assert "Ewha Womans University" in last_answer(chat).inner_text()
    ask(chat, "What else did he say?")
    assert "larger incentives" in last_answer(chat).inner_text()
    ask(chat, "Did North Korea reject talks?")
    ask(chat, "Why?")
    why = last_answer(chat)
    assert why.locator("a.cite").count() >= 1 and why.locator(".refusal").count() == 0
    assert "searched for" in why.inner_text().lower()  # the rewritten question is shown under the answer
    context.close()


def test_only_some_articles_limits_the_answer_and_names_a_bad_date(page):
    """The "Only some articles" boxes are the CLI's --since/--until/--source/--section."""
    page.get_by_text("Only some articles").click()
    page.fill("#source input, #source textarea", "Nonexistent Gazette")
    ask(page, "What did Psaki say about strategic patience?")
    assert last_answer(page).locator(".refusal").count() == 1  # no article of that outlet
    page.fill("#source input, #source textarea", "")
    page.fill("#since input, #since textarea", "2021-13-01")
    ask(page, "What did Psaki say about strategic patience?")
    assert "is not a date" in last_answer(page).inner_text()
    page.fill("#since input, #since textarea", "")
    ask(page, "What did Psaki say about strategic patience?")
    assert last_answer(page).locator("a.cite").count() >= 1
