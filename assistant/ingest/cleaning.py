"""Turn a plain-text news page into (metadata, body) by general rules.

Pages saved from news sites carry navigation ("Read Previous", "Next article"),
share bars and comment forms around the story, and often the outlet's name and
the headline as bare lines above it. None of that should be quoted as an answer.
The rules below are about the shape of such lines, not about particular files.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.ingest.metadata import author_name, byline, contributor_note

# A line that is only a navigation label; the short line after it is the linked
# headline of another story, so it goes too.
_NAV_LABEL = re.compile(
    r"^(read (previous|next|more)|previous( article| post| story)?|next( article| post| story)?|"
    r"related( articles| posts| stories)?|more stories|you may also like|recommended( for you)?|"
    r"see also|trending( now)?|most read|popular posts)\s*:?$",
    re.I,
)
# Start of the comment form / footer: nothing after it is part of the story.
_TAIL_START = re.compile(
    r"^(leave a (reply|comment)|post a comment|\d+\s+comments?|comments?|add a comment|"
    r"your email address will not be published.*|about the author|share this( article| story)?:?|"
    r"subscribe to our newsletter.*|sign up for our newsletter.*|all rights reserved.*|copyright\b.*|©.*)$",
    re.I,
)
# Single debris lines that can sit anywhere.
_DEBRIS = re.compile(
    r"^(advertisement|sponsored( content)?|click (here )?to share.*|share (on|via) \w+|tweet|"
    r"follow us( on \w+)?|print|email|required fields are marked.*|skip to (main )?content|"
    r"(photo|image|file photo)( credit)?:.*|loading\.*)$",
    re.I,
)
_HEADER_FIELD = re.compile(
    r"^(title|headline|source|outlet|publisher|url|link|published|date|byline|by|author|section|category|desk)"
    r"\s*:\s*(.+)$",
    re.I,
)
_DATE_LINE = re.compile(
    r"^(published:?\s*|updated:?\s*)?((mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?"
    r"(\d{4}-\d{2}-\d{2}([ t]\d{2}:\d{2}(:\d{2})?)?|"
    r"(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2},?\s+\d{4}|"
    r"\d{1,2}\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?,?\s+\d{4})\b.{0,20}$",
    re.I,
)
_TERMINAL = re.compile(r"[.!?:;…\"”’')。！？｡」』）]$")
# Lone surrogates (from JSON escapes such as "\\ud800") cannot be encoded and break the
# tokenizer; control characters other than tab and line breaks are noise.
_UNENCODABLE = re.compile(r"[\ud800-\udfff\x00-\x08\x0e-\x1f\x7f]")
_LINE_BREAKS = re.compile(r"\r\n?|[\v\f\x1c-\x1e\x85\u2028\u2029]")
# Chinese, Japanese and Korean script: no spaces between words, so words cannot be counted.
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")


@dataclass
class CleanText:
    body: str
    title: str = ""
    source: str = ""
    url: str | None = None
    published: str | None = None
    author: str | None = None
    section: str | None = None


def scrub(text: str) -> str:
    """Text that every later step can encode: lone surrogates become U+FFFD, control characters go."""
    text = _LINE_BREAKS.sub("\n", text)
    return _UNENCODABLE.sub(lambda m: "\ufffd" if m.group() >= "\ud800" else "", text)


def _is_heading(line: str, max_words: int) -> bool:
    """A short line without closing punctuation: a headline, outlet name or section label.

    CJK text has no spaces; two characters count as one word there.
    """
    words = len(line.split()) + len(_CJK.findall(line)) // 2
    return 0 < words <= max_words and not _TERMINAL.search(line)


def clean_page(text: str) -> CleanText:
    """Split a saved page into metadata and story text."""
    lines = [line.strip() for line in scrub(text).split("\n")]
    meta = CleanText(body="")
    kept: list[str] = []
    skip_next_heading = False
    for line in lines:
        if not line:
            continue
        if _TAIL_START.match(line):
            break
        if _NAV_LABEL.match(line):
            skip_next_heading = True
            continue
        if skip_next_heading and _is_heading(line, 20):
            skip_next_heading = False
            continue
        skip_next_heading = False
        if _DEBRIS.match(line):
            continue
        kept.append(line)

    # Header block: "Key: value" fields, a date line, an outlet line and a headline
    # stand before the first real sentence of the story.
    head = 0
    headings: list[str] = []
    while head < len(kept) and head < 6:
        line = kept[head]
        field = _HEADER_FIELD.match(line)
        if field and len(line) < 300:
            _set_field(meta, field.group(1).lower(), field.group(2).strip())
        elif byline(line) and not meta.author:
            meta.author = byline(line)
        elif _DATE_LINE.match(line) and not meta.published:
            meta.published = _DATE_LINE.match(line).group(4)
        elif line.startswith("#"):
            headings.append(line.lstrip("#").strip())
        elif _is_heading(line, 25):
            headings.append(line)
        else:
            break
        head += 1
    if headings:
        # With two bare lines the first is the outlet (it is the shorter, masthead line);
        # with one it is the headline.
        if len(headings) >= 2 and not meta.source and len(headings[0].split()) <= 5:
            meta.source = headings[0]
            headings = headings[1:]
        meta.title = meta.title or headings[0]
    body_lines = kept[head:]
    if not meta.title and body_lines and len(body_lines[0].split()) <= 40:
        # A standfirst sentence is the best title a bare text gives; it stays in the body.
        meta.title = body_lines[0]
    if not meta.author and body_lines:
        # Features and columns name their writer in a closing note instead of a byline.
        meta.author = contributor_note(body_lines[-1])
    meta.body = "\n".join(body_lines)
    return meta


def _set_field(meta: CleanText, key: str, value: str) -> None:
    if key in ("title", "headline"):
        meta.title = meta.title or value
    elif key in ("source", "outlet", "publisher"):
        meta.source = meta.source or value
    elif key in ("url", "link"):
        meta.url = meta.url or value
    elif key in ("published", "date"):
        meta.published = meta.published or value
    elif key in ("author", "byline", "by"):
        meta.author = meta.author or author_name(value)
    elif key in ("section", "category", "desk"):
        meta.section = meta.section or value
