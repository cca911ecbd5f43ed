"""Read one file into Articles, or say in one line why it cannot be read.

One loader per format; each returns the cleaned text plus whatever metadata
the format carries. A file that cannot be read raises `SkipFile` with a reason
the ingest summary shows as is, so one bad file never stops a run. What was
repaired or cut on the way (an uncertain encoding guess, text over
`max_article_chars`) is added to `notes`, one line each.
"""

from __future__ import annotations

import codecs
import hashlib
import json
import re
from collections.abc import Callable
from html import unescape
from pathlib import Path

from charset_normalizer import from_bytes

from assistant.config import IngestSettings
from assistant.errors import SkipFile
from assistant.ingest.cleaning import CleanText, clean_page, scrub
from assistant.ingest.metadata import author_name, iso_date, section_from_name
from assistant.models import Article

SUPPORTED = (".txt", ".md", ".markdown", ".html", ".htm", ".json", ".jsonl", ".pdf")
DEFAULT_MAX_ARTICLE_CHARS: int = IngestSettings.model_fields["max_article_chars"].default
_MAX_FIELD_CHARS = 500  # title, outlet, URL, date: longer values are not metadata
# BOMs, longest first (the UTF-32 LE mark starts with the UTF-16 LE one).
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Single-byte encodings of Western European languages, preferred when a guess is a tie:
# the same bytes read as Central European or Baltic text turn "señor" into "seńor".
_WESTERN = ("cp1252", "latin_1", "iso8859_15", "iso8859_1")
_CUT_AT = re.compile(r"[.!?。！？]\s|\n")
_META_TAG = re.compile(r"<meta\b[^>]*>", re.I)
_SECTION_META = re.compile(r"""(?:property|name)\s*=\s*["'](?:article:section|section|og:section)["']""", re.I)
_META_CONTENT = re.compile(r"""content\s*=\s*(["'])(.*?)\1""", re.I | re.S)
# JSON record keys read as metadata, by the Article field they fill. The first key of each is the
# field's own name and must be a string (as before); the others are common aliases, skipped when not text.
_RECORD_FIELDS = {
    "title": ("title", "headline"),
    "source": ("source", "outlet", "publisher"),
    "url": ("url", "link"),
    "published": ("published", "date", "published_at", "publish_date", "pubDate"),
    "author": ("author", "authors", "byline"),
    "section": ("section", "category", "desk"),
}


def file_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def decode(data: bytes, notes: list[str] | None = None) -> str:
    """UTF-8 (with or without BOM), UTF-16/32 (BOM, or the zero bytes of mostly-ASCII text), else a guess.

    A legacy single-byte guess that ties with a Western European encoding takes the
    Western one; a guess that other encodings read differently adds a note.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _strict(data, encoding)
    utf16 = _utf16_without_bom(data)
    if utf16:
        return _strict(data, utf16)
    if b"\x00" in data[:8192]:
        raise SkipFile("binary file (contains NUL bytes)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    results = list(from_bytes(data))
    if not results:
        raise SkipFile("not text in any known encoding (save it as UTF-8)")
    best = min(results, key=lambda m: m.chaos)
    ties = [m for m in results if m.chaos <= best.chaos + 0.01]
    western = next((m for w in _WESTERN for m in ties if m.encoding == w), None)
    if western is not None:
        return data.decode(western.encoding, errors="replace")
    text = str(best)
    others = sorted({m.encoding for m in ties if m.encoding != best.encoding and str(m) != text})
    if others and notes is not None:
        notes.append(
            f"encoding uncertain: read as {best.encoding} (also possible: {', '.join(others[:3])}); "
            "save the file as UTF-8 if its text looks garbled"
        )
    return text


def _strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise SkipFile(f"starts like {encoding.upper()} text but does not decode: {exc.reason}") from None


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 of mostly Latin text: every other byte is zero (odd bytes: little endian)."""
    sample = data[:4096]
    pairs = len(sample) // 2
    if pairs < 4 or len(data) % 2:
        return None
    even_zero = sample[0::2].count(0) / pairs
    odd_zero = sample[1::2].count(0) / pairs
    if odd_zero > 0.6 and even_zero < 0.05:
        return "utf-16-le"
    if even_zero > 0.6 and odd_zero < 0.05:
        return "utf-16-be"
    return None


def load_file(
    path: Path,
    data: bytes,
    doc_id: str,
    max_bytes: int,
    max_article_chars: int = DEFAULT_MAX_ARTICLE_CHARS,
    notes: list[str] | None = None,
) -> list[Article]:
    """Articles from one file's bytes. `doc_id` names the file; JSON records get `#n` after it.

    An article longer than `max_article_chars` is cut at the last sentence end before
    the limit, with a note.
    """
    notes = [] if notes is None else notes
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        raise SkipFile(f"unsupported file type '{suffix or path.name}' (supported: {', '.join(SUPPORTED)})")
    if not data.strip():
        raise SkipFile("empty file")
    if len(data) > max_bytes:
        raise SkipFile(f"too large ({len(data) / 1e6:.1f} MB > {max_bytes / 1e6:.1f} MB limit, max_file_mb)")
    if suffix == ".pdf":
        articles = _load_pdf(path, data, doc_id)
    else:
        text = decode(data, notes)
        if not text.strip():
            raise SkipFile("empty file")
        articles = _TEXT_LOADERS[suffix](path, text, doc_id)
    articles = [a for a in articles if any(ch.isalnum() for ch in a.text)]  # not only "!!!" or "\ufffd"
    if not articles:
        raise SkipFile("no article text found after cleaning")
    return [_capped(a, max_article_chars, notes) for a in articles]


def _capped(article: Article, limit: int, notes: list[str]) -> Article:
    if len(article.text) <= limit:
        return article
    head = article.text[:limit]
    ends = [m.end() for m in _CUT_AT.finditer(head, limit // 2)]
    cut = ends[-1] if ends else (head.rfind(" ", limit // 2) + 1 or limit)
    record = f"record {article.doc_id.rsplit('#', 1)[1]}: " if "#" in article.doc_id else ""
    notes.append(
        f"{record}cut to its first {cut:,} of {len(article.text):,} characters "
        f"(max_article_chars = {limit:,}; no news article is longer)"
    )
    return article.model_copy(update={"text": article.text[:cut].rstrip()})


def _field(value: str | None) -> str | None:
    if not value:
        return value
    value = " ".join(scrub(value).split())
    return value[:_MAX_FIELD_CHARS]


def _article(path: Path, doc_id: str, clean: CleanText) -> Article:
    """The Article with its metadata in one form: an ISO date (None when unreadable), a section.

    The section a file's name starts with (`business_123.txt`) is used when the file
    itself names none.
    """
    return Article(
        doc_id=doc_id,
        path=str(path.resolve()),
        title=_field(clean.title) or path.stem,
        source=_field(clean.source) or path.name,
        url=_field(clean.url),
        published=iso_date(_field(clean.published)),
        author=_field(clean.author),
        section=_field(clean.section) or section_from_name(path.stem),
        text=clean.body,
    )


def _load_text(path: Path, text: str, doc_id: str) -> list[Article]:
    return [_article(path, doc_id, clean_page(text))]


def _load_html(path: Path, text: str, doc_id: str) -> list[Article]:
    import trafilatura

    doc = trafilatura.bare_extraction(
        text, with_metadata=True, include_comments=False, include_tables=False, favor_precision=True
    )
    if doc is None:
        raise SkipFile("HTML page has no extractable article text")
    get = doc.get if isinstance(doc, dict) else lambda k: getattr(doc, k, None)
    # trafilatura already removed the boilerplate; clean_page still drops a stray nav line.
    clean = clean_page(get("text") or "")
    clean.title = get("title") or clean.title
    clean.source = get("sitename") or clean.source
    clean.url = get("url") or clean.url
    clean.published = get("date") or clean.published  # trafilatura asks htmldate, already ISO
    clean.author = get("author") or clean.author
    clean.section = _meta_section(text) or clean.section
    return [_article(path, doc_id, clean)]


def _meta_section(html: str) -> str | None:
    """`<meta property="article:section" content="Business">`: trafilatura does not read it."""
    for tag in _META_TAG.findall(html[:200_000]):
        if _SECTION_META.search(tag):
            content = _META_CONTENT.search(tag)
            if content and content.group(2).strip():
                return unescape(content.group(2).strip())
    return None


def _load_pdf(path: Path, data: bytes, doc_id: str) -> list[Article]:
    import io

    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        text = "\n".join(page.extract_text() or "" for page in reader.pages)
        info_title = (reader.metadata or {}).get("/Title") if reader.metadata else None
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise SkipFile(f"unreadable PDF: {exc}") from None
    clean = clean_page(text)
    clean.title = str(info_title) if info_title else clean.title
    return [_article(path, doc_id, clean)]


def _record_article(path: Path, doc_id: str, record: object, where: str) -> Article:
    if not isinstance(record, dict):
        raise SkipFile(f"{where}: expected an object with a 'text' field, got {type(record).__name__}")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise SkipFile(f"{where}: missing or empty field 'text'")
    clean = clean_page(text)
    for key in ("title", "source", "url", "published"):
        value = record.get(key)
        if value is not None and not isinstance(value, str):
            raise SkipFile(f"{where}: field '{key}' must be a string")
    for name, keys in _RECORD_FIELDS.items():
        value = next((v for v in map(_record_text, (record.get(k) for k in keys)) if v), None)
        if value:
            setattr(clean, name, author_name(value) if name == "author" else value)
    return _article(path, doc_id, clean)


def _record_text(value: object) -> str | None:
    """A record's field as text: a string, or a list of strings ("authors": ["A", "B"]) joined."""
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        return ", ".join(v.strip() for v in value if v.strip()) or None
    return None


def _parse_json(text: str, line: int | None = None) -> object:
    where = f" on line {line}" if line else ""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        at = "" if line else f" at line {exc.lineno} column {exc.colno}"
        raise SkipFile(f"malformed JSON{where}{at}: {exc.msg}") from None
    except RecursionError:
        raise SkipFile(f"JSON{where} nested too deeply to be an article") from None


def _load_json(path: Path, text: str, doc_id: str) -> list[Article]:
    payload = _parse_json(text)
    records = payload if isinstance(payload, list) else [payload]
    if not records:
        raise SkipFile("JSON holds an empty list: no article")
    if len(records) == 1:
        return [_record_article(path, doc_id, records[0], "record")]
    return [_record_article(path, f"{doc_id}#{i}", r, f"record {i}") for i, r in enumerate(records)]


def _load_jsonl(path: Path, text: str, doc_id: str) -> list[Article]:
    """Every line must parse: a half-read JSONL file would silently drop articles."""
    articles = []
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        record = _parse_json(line, lineno)
        articles.append(_record_article(path, f"{doc_id}#{lineno}", record, f"line {lineno}"))
    return articles


_TEXT_LOADERS: dict[str, Callable[[Path, str, str], list[Article]]] = {
    ".txt": _load_text,
    ".md": _load_text,
    ".markdown": _load_text,
    ".html": _load_html,
    ".htm": _load_html,
    ".json": _load_json,
    ".jsonl": _load_jsonl,
}
