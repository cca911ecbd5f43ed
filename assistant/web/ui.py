"""The Gradio chat (full page at / and a compact one at /embed).

Thin on purpose: every handler calls `ChatService` (which calls `Assistant`) and
turns the result into HTML with `html_views`, where article text is escaped.
Per-browser state is the list of turns {question, answer}; the history sent to
the Assistant is the earlier questions, as the Answer contract expects.
"""

from __future__ import annotations

import logging
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import gradio as gr

from assistant.errors import (
    AssistantError,
    BusyError,
    NotIndexedError,
    NotReadyError,
    UploadTooLargeError,
    user_message,
)
from assistant.models import Filters
from assistant.web import views
from assistant.web.service import ChatService

Turns = list[dict[str, Any]]
log = logging.getLogger(__name__)
_START_WAIT_S = 600  # a question asked during start-up waits this long for the index


class ChatHandlers:
    """Event handlers shared by the full page and the embed page."""

    def __init__(self, service: ChatService) -> None:
        self.service = service

    def respond(self, message: str, chat: list[dict], turns: Turns, *limits: str) -> Iterator[tuple]:
        """Stream one answer into the chat, then replace it with the verified, cited Answer.

        `limits`: the "Only some articles" boxes (from, until, outlet, section), empty for all.
        """
        message = (message or "").strip()
        if not message:
            yield gr.skip(), chat, turns, gr.skip(), gr.skip()
            return
        # Earlier turns with the text they were answered with: follow-ups resolve "he" from answers too.
        history = [{"question": t["question"], "answer": (t.get("answer") or {}).get("answer", "")} for t in turns]
        chat = [
            *chat,
            {"role": "user", "content": views.md_text(message)},
            {"role": "assistant", "content": views.streaming_message("")},
        ]
        yield "", chat, turns, gr.skip(), gr.skip()
        # A question asked while the assistant starts is answered once it is ready, not refused.
        deadline = time.monotonic() + _START_WAIT_S
        shown = ""
        while self.service.readiness.phase in ("loading", "building") and time.monotonic() < deadline:
            notice = f"Still starting ({self.service.readiness.message()}); your question will be answered then."
            if notice != shown:
                chat[-1] = {"role": "assistant", "content": views.notice_message(notice)}
                shown = notice
                yield "", chat, turns, gr.skip(), gr.skip()
            time.sleep(0.5)
        answer: dict | None = None
        partial = ""
        try:
            filters = Filters(*((value or "").strip() or None for value in limits))
            for event in self.service.stream(message, history, filters=filters):
                if isinstance(event, str):
                    partial += event
                    chat[-1] = {"role": "assistant", "content": views.streaming_message(partial)}
                    yield "", chat, turns, gr.skip(), gr.skip()
                else:
                    answer = event.model_dump()
        except NotReadyError as exc:
            chat[-1] = {
                "role": "assistant",
                "content": views.notice_message(f"The assistant could not start: {exc}"),
            }
        except NotIndexedError:
            chat[-1] = {
                "role": "assistant",
                "content": views.notice_message("No articles are indexed yet: add some in the Articles tab."),
            }
        except BusyError:
            chat[-1] = {
                "role": "assistant",
                "content": views.notice_message("Many questions are being answered right now: please ask again."),
            }
        except AssistantError as exc:
            chat[-1] = {"role": "assistant", "content": views.notice_message(user_message(exc))}
        turns = [*turns, {"question": message, "answer": answer}]
        turn_no = len(turns)
        if answer is None:
            yield "", chat, turns, gr.skip(), gr.skip()
            return
        chat[-1] = {"role": "assistant", "content": views.answer_message(answer, turn_no)}
        first = answer["citations"][0] if answer["citations"] else None
        yield "", chat, turns, views.sources_panel(answer, turn_no), views.source_view(first)

    def respond_live(self, message: str, chat: list[dict], turns: Turns, *limits: str) -> Iterator[tuple]:
        """`respond` with the Stop button shown while the answer is being made."""
        for update in self.respond(message, chat, turns, *limits):
            yield (*update, gr.update(visible=True))
        yield gr.skip(), gr.skip(), gr.skip(), gr.skip(), gr.skip(), gr.update(visible=False)

    def retry(self, chat: list[dict], turns: Turns, *limits: str) -> Iterator[tuple]:
        """Gradio's retry icon under the last answer: ask that question again in place of its answer.

        The question comes from the turn it started (or, after Stop, from the bubble itself);
        the turns after it are dropped so the new answer is not its own follow-up.
        """
        chat, turns = list(chat or []), list(turns or [])
        users = [i for i, m in enumerate(chat) if m.get("role") == "user"]
        if not users:
            yield gr.skip(), gr.skip(), gr.skip(), gr.skip(), gr.skip(), gr.skip()
            return
        k = len(users) - 1  # turns before the last question
        question = turns[k]["question"] if k < len(turns) else views.md_plain(chat[users[-1]].get("content"))
        for update in self.respond_live(question, chat[: users[-1]], turns[:k], *limits):
            yield (gr.skip(), *update[1:])  # the question box keeps whatever is being typed

    @staticmethod
    def stopped(chat: list[dict], turns: Turns) -> tuple:
        """After Stop: the unfinished bubble says so; the chat is saved as it is."""
        chat = list(chat or [])
        if chat and chat[-1].get("role") == "assistant" and len(chat) // 2 > len(turns):
            chat[-1] = {"role": "assistant", "content": views.notice_message("Stopped before the answer was finished.")}
        return chat, gr.update(visible=False), {"chat": chat, "turns": turns}

    @staticmethod
    def snapshot(chat: list[dict], turns: Turns) -> dict:
        """What the browser keeps (localStorage) so a reload shows the same chat."""
        return {"chat": chat or [], "turns": turns or []}

    @staticmethod
    def restore(saved: dict | None) -> tuple:
        saved = saved if isinstance(saved, dict) else {}
        chat, turns = saved.get("chat") or [], saved.get("turns") or []
        if not isinstance(chat, list) or not isinstance(turns, list) or len(chat) < 2 * len(turns):
            return [], []
        return chat, turns

    @staticmethod
    def show_source(key: str, turns: Turns) -> str:
        """`key` is "<turn>-<n>|<nonce>" from the page script."""
        try:
            turn_no, n = (int(x) for x in (key or "").split("|")[0].split("-"))
            answer = turns[turn_no - 1]["answer"] or {}
        except (ValueError, IndexError):
            return gr.skip()
        match = next((c for c in answer.get("citations", []) if c["n"] == n), None)
        return views.source_view(match)

    def feedback(self, turns: Turns, data: gr.LikeData) -> str:
        """Thumbs on an answer bubble: the bubble at chat index 2k+1 is turn k."""
        index = data.index if isinstance(data.index, int) else data.index[0]
        turn_index = index // 2
        if data.liked not in (True, False) or not (0 <= turn_index < len(turns)):
            return gr.skip()
        turn = turns[turn_index]
        if not turn.get("answer"):
            return gr.skip()
        rating = "up" if data.liked else "down"
        self.service.record_feedback(rating, turn["answer"], [t["question"] for t in turns[:turn_index]])
        return f"Thanks — feedback ({'👍' if rating == 'up' else '👎'}) saved."

    @staticmethod
    def reset() -> tuple:
        """After the chatbot's own clear icon: forget the turns too, or follow-ups would use them."""
        return [], views.sources_panel(None, 0), views.source_view(None), {"chat": [], "turns": []}

    @staticmethod
    def clear() -> tuple:
        return (
            [],
            [],
            views.sources_panel(None, 0),
            views.source_view(None),
            "",
            gr.update(value=None, visible=False),
            {"chat": [], "turns": []},
        )

    @staticmethod
    def export(turns: Turns, kind: str) -> dict:
        """The file to download, shown only when there is one."""
        path = ChatHandlers.export_file(turns, kind)
        return gr.update(value=path, visible=path is not None)

    @staticmethod
    def export_file(turns: Turns, kind: str) -> str | None:
        if not turns:
            return None
        folder = Path(tempfile.mkdtemp(prefix="chat-export-"))
        if kind == "json":
            path = folder / "conversation.json"
            path.write_text(views.export_json(turns), encoding="utf-8")
        else:
            path = folder / "conversation.md"
            path.write_text(views.export_markdown(turns), encoding="utf-8")
        return str(path)

    def status(self) -> tuple:
        """Banner text while starting; the timer stops itself once the assistant is ready."""
        r = self.service.readiness
        ready = r.phase in ("ready", "failed")
        return views.banner(r.message(), r.phase), gr.Timer(active=not ready)

    def articles(self) -> str:
        """The Articles table; while starting, a line saying so (an expected state, not an error)."""
        try:
            return views.articles_table(self.service.articles())
        except NotReadyError as exc:
            log.info("articles requested while starting: %s", exc)
            return views.articles_pending(self.service.readiness.message())

    def article_choices(self) -> dict:
        """The remove list, refreshed whenever the table is (after start-up, uploads and removals)."""
        try:
            choices = [views.article_choice(a) for a in self.service.articles()]
        except NotReadyError:
            choices = []
        return gr.update(choices=choices, value=None)

    def ask_remove(self, doc_id: str | None) -> tuple:
        """First step of removing: say what will go and ask to confirm (nothing is removed yet)."""
        try:
            listed = self.service.articles() if doc_id else []
        except NotReadyError as exc:
            return gr.update(visible=False), "", views.upload_message(str(exc), error=True)
        article = next((a for a in listed if a["doc_id"] == doc_id), None)
        if article is None:
            return gr.update(visible=False), "", views.upload_message("Choose an article to remove first.")
        return gr.update(visible=True), views.remove_question(article), ""

    def confirm_remove(self, doc_id: str | None) -> tuple:
        """Second step: remove the article and its file, then show what is left."""
        hide = gr.update(visible=False)
        try:
            report = self.service.delete(doc_id or "")
        except AssistantError as exc:
            return hide, views.upload_message(user_message(exc), error=True), self.articles(), self.article_choices()
        return hide, views.upload_message(report.message()), self.articles(), self.article_choices()

    @staticmethod
    def cancel_remove() -> tuple:
        return gr.update(visible=False), views.upload_message("Nothing was removed.")

    def upload(
        self,
        files: list[str] | None,
        replace: bool = False,
        progress: gr.Progress = gr.Progress(),  # noqa: B008
    ) -> tuple[str, str, None]:
        """Save and ingest the uploaded files; per-file reasons for anything refused or skipped.

        The upload box is emptied afterwards so the next "Add" cannot re-send the same files.
        """
        if not files:
            return views.upload_message("Choose one or more files first."), gr.skip(), gr.skip()
        handles = []
        try:
            handles = [(Path(f).name, open(f, "rb")) for f in files]  # noqa: SIM115
            outcome = self.service.save_and_ingest(
                handles,
                on_progress=lambda stage, done, total: progress((done, total or 1), desc=stage),
                replace=bool(replace),
            )
        except (UploadTooLargeError, NotReadyError) as exc:
            return views.upload_message(str(exc), error=True), gr.skip(), None
        finally:
            for _, handle in handles:
                handle.close()
        return views.upload_result(outcome.to_dict()), self.articles(), None

    @staticmethod
    def embed_snippet(request: gr.Request) -> str:
        base = _base_url(request)
        return (
            f'<iframe src="{base}/embed" title="News assistant" width="420" height="640"\n'
            f'        style="border:1px solid #ddd;border-radius:8px"></iframe>'
        )


def _base_url(request: gr.Request | None) -> str:
    headers = getattr(request, "headers", None) or {}
    host = headers.get("x-forwarded-host") or headers.get("host") or "127.0.0.1:7860"
    scheme = headers.get("x-forwarded-proto") or "http"
    return f"{scheme}://{host}"


def _chat_area(handlers: ChatHandlers, height: int | str, storage_key: str) -> dict[str, Any]:
    """The parts both pages share: chatbot, input, Stop, hidden citation box, state kept in the browser."""
    turns = gr.State([])
    saved = gr.BrowserState({"chat": [], "turns": []}, storage_key=storage_key)
    chatbot = gr.Chatbot(
        elem_id="chat",
        label="Conversation",
        height=height,
        show_label=False,
        render_markdown=True,
        sanitize_html=True,
        latex_delimiters=[],
        feedback_options=("Like", "Dislike"),
        allow_tags=False,
        buttons=["copy"],
        examples=[{"text": q} for q in handlers.service.config.serve.example_questions] or None,
        placeholder="Ask about the news articles in the index. Every claim links to its source.",
    )
    with gr.Row(elem_id="ask-row"):
        question = gr.Textbox(
            elem_id="question",
            label="Ask a question about the articles",
            show_label=False,
            scale=8,
            autofocus=True,
            max_lines=4,
            placeholder="Ask a question and press Enter",
        )
        send = gr.Button("Ask", variant="primary", scale=1, min_width=60, elem_id="ask")
        stop = gr.Button("Stop", variant="stop", scale=1, min_width=60, elem_id="stop", visible=False)
    # Filters (models.Filters): a date range, an outlet, a section; the same as the CLI's --since,
    # --until, --source, --section and the API's fields. A bad date is answered with its reason.
    with gr.Accordion("Only some articles", open=False, elem_id="filters"):
        with gr.Row():
            limits = [
                gr.Textbox(label=label, placeholder=hint, elem_id=name, max_lines=1, min_width=120)
                for name, label, hint in (
                    ("since", "From", "YYYY-MM-DD"),
                    ("until", "Until", "YYYY-MM-DD"),
                    ("source", "Outlet", "e.g. BBC"),
                    ("section", "Section", "e.g. business"),
                )
            ]
    cite_request = gr.Textbox(elem_id="cite-request", show_label=False, container=False)
    return {
        "limits": limits,
        "turns": turns,
        "saved": saved,
        "chatbot": chatbot,
        "question": question,
        "send": send,
        "stop": stop,
        "cite": cite_request,
    }


def _wire_chat(
    handlers: ChatHandlers, parts: dict[str, Any], sources: gr.HTML | None, source: gr.HTML, api_name: str | None
) -> None:
    sources_out = sources if sources is not None else gr.State(None)
    chatbot, turns, saved, stop = parts["chatbot"], parts["turns"], parts["saved"], parts["stop"]
    outputs = [parts["question"], chatbot, turns, sources_out, source, stop]
    inputs = [parts["question"], chatbot, turns, *parts["limits"]]
    answering = [
        parts["question"].submit(handlers.respond_live, inputs, outputs, api_name=api_name, concurrency_limit=8),
        chatbot.retry(
            handlers.retry, [chatbot, turns, *parts["limits"]], outputs, api_visibility="private", concurrency_limit=8
        ),
        parts["send"].click(handlers.respond_live, inputs, outputs, api_visibility="private", concurrency_limit=8),
        chatbot.example_select(_pick_example, None, parts["question"], api_visibility="private").then(
            handlers.respond_live, inputs, outputs, api_visibility="private", concurrency_limit=8
        ),
    ]
    for event in answering:
        event.then(handlers.snapshot, [chatbot, turns], saved, api_visibility="private", queue=False)
    stop.click(handlers.stopped, [chatbot, turns], [chatbot, stop, saved], cancels=answering, api_visibility="private")
    chatbot.clear(handlers.reset, None, [turns, sources_out, source, saved], api_visibility="private")
    parts["cite"].change(handlers.show_source, [parts["cite"], turns], source, api_visibility="private", queue=False)


def _remove_area() -> dict[str, Any]:
    """Choose an article, press Remove, then confirm: two steps, so one stray click removes nothing."""
    with gr.Row(elem_id="remove-row"):
        choice = gr.Dropdown(
            label="Remove an article", choices=[], value=None, elem_id="remove-choice", scale=4, interactive=True
        )
        ask = gr.Button("Remove…", variant="stop", elem_id="remove-article", scale=1, min_width=100)
    with gr.Column(visible=False, elem_id="remove-confirm", variant="panel") as confirm:
        question = gr.HTML(elem_id="remove-question")
        with gr.Row():
            yes = gr.Button("Yes, remove it", variant="stop", elem_id="remove-yes")
            no = gr.Button("Cancel", elem_id="remove-cancel")
    result = gr.HTML(elem_id="remove-result")
    return {
        "choice": choice,
        "ask": ask,
        "confirm": confirm,
        "question": question,
        "yes": yes,
        "no": no,
        "result": result,
    }


def _wire_remove(handlers: ChatHandlers, remove: dict[str, Any], articles: gr.HTML) -> None:
    remove["ask"].click(
        handlers.ask_remove,
        remove["choice"],
        [remove["confirm"], remove["question"], remove["result"]],
        api_visibility="private",
        queue=False,
    )
    remove["yes"].click(
        handlers.confirm_remove,
        remove["choice"],
        [remove["confirm"], remove["result"], articles, remove["choice"]],
        api_visibility="private",
        concurrency_limit=1,
    )
    remove["no"].click(
        handlers.cancel_remove, None, [remove["confirm"], remove["result"]], api_visibility="private", queue=False
    )


def _pick_example(data: gr.SelectData) -> str:
    return data.value["text"]


def build_ui(service: ChatService) -> gr.Blocks:
    """The full page: chat with sources, Articles tab, Embed tab."""
    handlers = ChatHandlers(service)
    with gr.Blocks(title="News assistant", analytics_enabled=False) as demo:
        banner = gr.HTML(elem_id="banner")
        timer = gr.Timer(1.0)
        gr.Markdown("## News assistant\nAnswers only from the indexed articles; click a [n] to see its source.")
        with gr.Tab("Chat", id="chat-tab"):
            with gr.Row():
                with gr.Column(scale=3):
                    parts = _chat_area(handlers, 520, storage_key="news-assistant-chat")
                    with gr.Row():
                        clear = gr.Button("Clear chat", elem_id="clear", size="sm")
                        export_md = gr.Button("Export Markdown", size="sm", elem_id="export-md")
                        export_json = gr.Button("Export JSON", size="sm", elem_id="export-json")
                    feedback_note = gr.Markdown(elem_id="feedback-note")
                    export_file = gr.File(label="Export", interactive=False, elem_id="export-file", visible=False)
                with gr.Column(scale=2):
                    gr.Markdown("### Source")
                    source = gr.HTML(views.source_view(None), elem_id="source-view")
                    gr.Markdown("### Sources of the last answer")
                    sources = gr.HTML(views.sources_panel(None, 0), elem_id="sources")
        with gr.Tab("Articles", id="articles-tab"):
            articles = gr.HTML(elem_id="articles")
            upload = gr.File(
                label="Add articles",
                file_count="multiple",
                elem_id="upload",
                file_types=list(service.config.serve.upload_extensions),
            )
            replace = gr.Checkbox(
                label="Replace articles uploaded before under the same file name", value=False, elem_id="replace"
            )
            add = gr.Button("Add to index", variant="primary", elem_id="add-articles")
            upload_result = gr.HTML(elem_id="upload-result")
            gr.Markdown(
                f"Accepted: {', '.join(service.config.serve.upload_extensions)}; at most "
                f"{service.config.serve.max_upload_mb:g} MB a file."
            )
            remove = _remove_area()
        with gr.Tab("Embed", id="embed-tab"):
            gr.Markdown(
                "Paste this into any web page to put the chat there "
                "(allowed origins are the `frame_ancestors` setting):"
            )
            snippet = gr.Code(language="html", elem_id="embed-snippet", interactive=False)

        _wire_chat(handlers, parts, sources, source, api_name="chat")
        parts["chatbot"].like(handlers.feedback, [parts["turns"]], feedback_note, api_visibility="private")
        clear.click(
            handlers.clear,
            None,
            [parts["chatbot"], parts["turns"], sources, source, feedback_note, export_file, parts["saved"]],
            api_visibility="private",
        )
        export_md.click(lambda t: handlers.export(t, "md"), parts["turns"], export_file, api_visibility="private")
        export_json.click(lambda t: handlers.export(t, "json"), parts["turns"], export_file, api_visibility="private")
        add.click(
            handlers.upload,
            [upload, replace],
            [upload_result, articles, upload],
            api_visibility="private",
            concurrency_limit=1,
        ).then(handlers.article_choices, None, remove["choice"], api_visibility="private", queue=False)
        _wire_remove(handlers, remove, articles)
        timer.tick(handlers.status, None, [banner, timer], api_visibility="private", queue=False).then(
            handlers.articles, None, articles, api_visibility="private", queue=False
        ).then(handlers.article_choices, None, remove["choice"], api_visibility="private", queue=False)
        demo.load(handlers.status, None, [banner, timer], api_visibility="private", queue=False)
        demo.load(handlers.restore, parts["saved"], [parts["chatbot"], parts["turns"]], api_visibility="private")
        demo.load(handlers.articles, None, articles, api_visibility="private", queue=False)
        demo.load(handlers.article_choices, None, remove["choice"], api_visibility="private", queue=False)
        demo.load(handlers.embed_snippet, None, snippet, api_visibility="private", queue=False)
        gr.api(_api_ask(service), api_name="ask")
    return demo


def build_embed_ui(service: ChatService) -> gr.Blocks:
    """The page for iframes: chat and the source view only, sized to its box."""
    handlers = ChatHandlers(service)
    with gr.Blocks(title="News assistant", analytics_enabled=False, fill_height=True) as demo:
        banner = gr.HTML(elem_id="banner")
        timer = gr.Timer(1.0)
        parts = _chat_area(handlers, "46vh", storage_key="news-assistant-embed-chat")
        feedback_note = gr.Markdown(elem_id="feedback-note")
        source = gr.HTML(views.source_view(None), elem_id="source-view")
        _wire_chat(handlers, parts, None, source, api_name=None)
        parts["chatbot"].like(handlers.feedback, [parts["turns"]], feedback_note, api_visibility="private")
        timer.tick(handlers.status, None, [banner, timer], api_visibility="private", queue=False)
        demo.load(handlers.status, None, [banner, timer], api_visibility="private", queue=False)
        demo.load(handlers.restore, parts["saved"], [parts["chatbot"], parts["turns"]], api_visibility="private")
    return demo


def _api_ask(service: ChatService):
    def ask(question: str, history: list[str] | None = None, top_k: int | None = None) -> dict:
        """Answer a question from the indexed articles; returns the Answer object (docs/architecture.md) as JSON."""
        try:
            return service.ask(question, history=history or [], top_k=top_k).model_dump()
        except NotReadyError as exc:
            raise gr.Error(f"not ready: {exc}") from exc
        except AssistantError as exc:
            raise gr.Error(user_message(exc)) from exc

    return ask
