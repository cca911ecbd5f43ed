"""HTML for answers, citations, sources and articles, built so article text can never become markup.

Everything that comes from an article (titles, outlets, passages, quotes, URLs)
goes through `text()` or `md_text()` before it is placed in HTML; only the
few tags made here (links to citations, <mark>, spans for styling) are markup.
The chat surfaces render Markdown, so `md_text()` also neutralises Markdown
syntax: an article sentence with `[x](javascript:…)` or `**` stays characters.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from urllib.parse import urlparse

from assistant.text import quoted

_MARKER = re.compile(r"\[(\d+)\]")
# Markdown punctuation; & < > " ' are left to html.escape, which must run last.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~$:])")


def text(value: object) -> str:
    """Plain text made safe for an HTML context (element content or a quoted attribute)."""
    return html.escape("" if value is None else str(value), quote=True)


def md_text(value: object) -> str:
    """Plain text made safe for a Markdown-then-HTML context (the chat bubbles)."""
    escaped = _MD_SPECIAL.sub(r"\\\1", "" if value is None else str(value))
    return html.escape(escaped, quote=True).replace("\n", "<br>")


def md_plain(value: object) -> str:
    """The text `md_text` was given, back from the chat bubble it made (to ask a question again)."""
    if isinstance(value, list):  # a message's content as a list of parts
        value = "".join(part.get("text", "") for part in value if isinstance(part, dict))
    unescaped = html.unescape(("" if value is None else str(value)).replace("<br>", "\n"))
    return re.sub(r"\\(.)", r"\1", unescaped, flags=re.S)


def cite_link(
    turn: int,
    n: int,
    label: str | None = None,
    title: str = "",
    markdown: bool = True,
    css: str = "cite",
    headline: str = "",
) -> str:
    """A link the page script turns into "show citation n of turn t" (see ui_assets.CITE_SCRIPT).

    Screen readers announce it as "Source n: headline", not "[1]".
    """
    tip = f' title="{text(title)}"' if title else ""
    name = f"Source {n}: {headline}" if headline else f"Source {n}"
    escape = md_text if markdown else text
    return f'<a class="{css}" href="#cite-{turn}-{n}" aria-label="{text(name)}"{tip}>{escape(label or f"[{n}]")}</a>'


def answer_message(answer: dict, turn: int) -> str:
    """The chat bubble of a final Answer: escaped text, [n] as citation links, a refusal badge."""
    if answer.get("refused"):
        refusal = f'<span class="refusal">Not in the articles</span> {md_text(answer.get("answer", ""))}'
        return refusal + searched_for(answer)
    citations = {c["n"]: c for c in answer.get("citations", [])}
    parts: list[str] = []
    last = 0
    body = answer.get("answer", "")
    for match in _MARKER.finditer(body):
        n = int(match.group(1))
        if n not in citations:
            continue
        parts.append(claim_html(body[last : match.start()], citations[n]))
        parts.append(cite_link(turn, n, title=citations[n]["title"], headline=citations[n]["title"]))
        last = match.end()
    parts.append(md_text(body[last:]))
    sources = " ".join(
        cite_link(turn, c["n"], label=f"[{c['n']}] {_short(c['title'])}", title=_meta(c), headline=c["title"])
        for c in citations.values()
    )
    footer = f'<br><span class="cite-list">Sources: {sources}</span>' if sources else ""
    return "".join(parts) + footer + searched_for(answer)


def searched_for(answer: dict) -> str:
    """Under an answer to a follow-up: the standalone question that was actually searched."""
    question, standalone = answer.get("question", ""), answer.get("standalone_question", "")
    if not standalone or standalone.strip() == question.strip():
        return ""
    return f'<br><span class="searched-for">searched for: {md_text(standalone)}</span>'


def claim_html(segment: str, citation: dict) -> str:
    """One claim of an answer: its added referent shown as an insertion, the answering phrase emphasised.

    The quote itself stays verbatim; "[Jen Psaki] " before it is text the
    assistant added (the article says "She said ..."), so it is set apart.
    """
    insertion = citation.get("insertion")
    prefix = f"[{insertion}] " if insertion else ""
    html_prefix = ""
    if prefix and segment.lstrip().startswith(prefix):
        lead = segment[: len(segment) - len(segment.lstrip())]
        html_prefix = (
            md_text(lead) + f'<span class="insertion" title="added: who this refers to">[{text(insertion)}]</span> '
        )
        segment = segment.lstrip()[len(prefix) :]
    start, a, b = citation.get("start"), citation.get("answer_start"), citation.get("answer_end")
    quote = citation.get("quote", "")
    if None in (start, a, b) or not quote:
        return html_prefix + md_text(segment)
    phrase = quote[a - start : b - start]
    at = segment.find(quote)
    if not phrase or at < 0:
        return html_prefix + md_text(segment)
    cut, end = at + (a - start), at + (b - start)
    return (
        html_prefix
        + md_text(segment[:cut])
        + f'<strong class="answer-phrase">{md_text(phrase)}</strong>'
        + md_text(segment[end:])
    )


def streaming_message(partial: str) -> str:
    """The bubble while pieces stream in; markers stay plain until the verified Answer arrives."""
    return md_text(partial) + '<span class="typing">▍</span>'


def notice_message(message: str) -> str:
    return f'<span class="notice">{md_text(message)}</span>'


def source_view(citation: dict | None) -> str:
    """Title, outlet, date, who is quoted, and the whole passage with the quoted sentence highlighted."""
    if not citation:
        return '<div class="source-view empty">Click a citation such as [1] to see its passage here.</div>'
    passage, quote = citation.get("passage", ""), citation.get("quote", "")
    at = passage.find(quote) if quote else -1
    if at >= 0:
        body = text(passage[:at]) + f'<mark class="quote">{text(quote)}</mark>' + text(passage[at + len(quote) :])
    else:  # the quote spans passages: show it on its own, then the passage
        body = f'<mark class="quote">{text(quote)}</mark></p><p class="passage">{text(passage)}'
    link = ""
    url = citation.get("url") or ""
    if urlparse(url).scheme in ("http", "https"):
        link = f' · <a href="{text(url)}" target="_blank" rel="noopener noreferrer">original</a>'
    who = citation.get("speaker")
    speaker = f'<div class="source-speaker">Speaker: {text(who)}</div>' if who else ""
    return (
        f'<div class="source-view" data-n="{int(citation.get("n", 0))}">'
        f'<div class="source-n">[{int(citation.get("n", 0))}]</div>'
        f'<div class="source-title">{text(citation.get("title") or citation.get("doc_id"))}</div>'
        f'<div class="source-meta">{text(_meta(citation))}{link}</div>'
        f"{speaker}"
        f'<p class="passage">{body}</p></div>'
    )


def sources_panel(answer: dict | None, turn: int) -> str:
    """The articles cited by the latest answer, each with the numbers that point into it."""
    if not answer or not answer.get("citations"):
        return '<div class="sources empty">No sources yet.</div>'
    by_doc: dict[str, list[dict]] = {}
    for c in answer["citations"]:
        by_doc.setdefault(c["doc_id"], []).append(c)
    items = []
    for cites in by_doc.values():
        first = cites[0]
        links = " ".join(cite_link(turn, c["n"], markdown=False, css="cite plain", headline=c["title"]) for c in cites)
        items.append(
            f'<li><span class="source-title">{text(first["title"] or first["doc_id"])}</span>'
            f'<br><span class="source-meta">{text(_meta(first))}</span> {links}</li>'
        )
    return f'<ol class="sources">{"".join(items)}</ol>'


def articles_table(articles: list[dict]) -> str:
    """One row per article; an outlet or date the article does not give reads "unknown", never the file name.

    The last column lists who is quoted in the article (the speakers found at ingest).
    """
    if not articles:
        return '<div class="articles empty">No articles indexed yet.</div>'
    rows = "".join(
        f"<tr><td>{text(a['title'] or a['doc_id'])}</td><td>{_known(a.get('outlet'))}</td>"
        f"<td>{_known(a.get('published'))}</td><td>{text(a['doc_id'])}</td><td>{int(a['passages'])}</td>"
        f"<td>{_speakers(a.get('speakers'))}</td></tr>"
        for a in articles
    )
    return (
        f'<div class="articles"><p>{len(articles)} articles</p><table><thead><tr><th>Title</th>'
        f"<th>Outlet</th><th>Date</th><th>Id</th><th>Passages</th><th>Speakers</th></tr></thead>"
        f"<tbody>{rows}</tbody></table></div>"
    )


def _speakers(names: list[str] | None) -> str:
    """Who is quoted in an article, comma-separated; "none" when nobody is."""
    return text(", ".join(names)) if names else '<span class="unknown">none</span>'


def _known(value: str | None) -> str:
    return text(value) if value else '<span class="unknown">unknown</span>'


def article_choice(article: dict) -> tuple[str, str]:
    """(label, id) for the remove list: the title says which story, the id tells apart same-titled ones."""
    return f"{article['title'] or article['doc_id']} — {article['doc_id']}", article["doc_id"]


def remove_question(article: dict) -> str:
    """The confirmation asked before an article is removed: what goes, and that its file goes too."""
    return (
        f'<div class="remove-question">Remove <b>{text(article["title"] or article["doc_id"])}</b> '
        f"({text(article['doc_id'])}) from the index? Its file is deleted from the data folder too, "
        "so it is not added again. This cannot be undone.</div>"
    )


def articles_pending(message: str) -> str:
    return f'<div class="articles empty">Articles appear here once the index is ready ({text(message)}).</div>'


def upload_message(message: str, error: bool = False) -> str:
    return f'<ul class="upload-result"><li class="{"error" if error else "note"}">{text(message)}</li></ul>'


def upload_result(outcome: dict) -> str:
    """What happened to each uploaded file, errors first (they are what needs acting on)."""
    lines = [f'<li class="error">{text(e["file"])}: {text(e["reason"])}</li>' for e in outcome.get("errors", [])]
    report = outcome.get("report") or {}
    for key in ("added", "updated", "unchanged"):
        lines += [f'<li class="ok">{text(Path(name).name)}: {key}</li>' for name in report.get(key, [])]
    return f'<ul class="upload-result">{"".join(lines)}</ul>' if lines else ""


def banner(message: str, phase: str) -> str:
    if phase == "ready":
        return ""
    return f'<div class="banner {text(phase)}">{text(message)}</div>'


def export_markdown(turns: list[dict]) -> str:
    """The conversation as Markdown a person can paste elsewhere; quotes keep their sources."""
    out = ["# Conversation", ""]
    for turn in turns:
        answer = turn.get("answer") or {}
        out += [f"**Q:** {turn['question']}", "", f"**A:** {answer.get('answer', '')}", ""]
        for c in answer.get("citations", []):
            out.append(f"- [{c['n']}] {c['title']} ({_meta(c)}): {quoted(c['quote'])}")
        out.append("")
    return "\n".join(out)


def export_json(turns: list[dict]) -> str:
    return json.dumps(
        [{"question": t["question"], "answer": t.get("answer")} for t in turns], ensure_ascii=False, indent=2
    )


def _meta(citation: dict) -> str:
    return " · ".join(x for x in (citation.get("source"), citation.get("published")) if x)


def _short(title: str, limit: int = 60) -> str:
    return title if len(title) <= limit else title[: limit - 1] + "…"
