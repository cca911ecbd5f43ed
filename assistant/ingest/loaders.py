"""Read one file into Articles, or say in one line why it cannot be read.

One loader per format; each returns the cleaned text plus whatever metadata
the format carries. A file that cannot be read raises `SkipFile` with a reason
the ingest summary shows as is, so one bad file never stops a run.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path

from charset_normalizer import from_bytes

from assistant.errors import SkipFile
from assistant.ingest.cleaning import CleanText, clean_page
from assistant.models import Article

SUPPORTED = (".txt", ".md", ".markdown", ".html", ".htm", ".json", ".jsonl", ".pdf")


def file_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def decode(data: bytes) -> str:
    """UTF-8 first (with or without BOM); otherwise the most likely legacy encoding."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        best = from_bytes(data).best()
        if best is None:
            raise SkipFile("not text in any known encoding") from None
        return str(best)


def load_file(path: Path, data: bytes, doc_id: str, max_bytes: int) -> list[Article]:
    """Articles from one file's bytes. `doc_id` names the file; JSON records get `#n` after it."""
    suffix = path.suffix.lower()
    loader = _LOADERS.get(suffix)
    if loader is None:
        raise SkipFile(f"unsupported file type '{suffix or path.name}' (supported: {', '.join(SUPPORTED)})")
    if not data.strip():
        raise SkipFile("empty file")
    if len(data) > max_bytes:
        raise SkipFile(f"too large ({len(data) / 1e6:.1f} MB > {max_bytes / 1e6:.1f} MB limit, max_file_mb)")
    if suffix != ".pdf" and b"\x00" in data[:8192]:
        raise SkipFile("binary file (contains NUL bytes)")
    articles = [a for a in loader(path, data, doc_id) if a.text.strip()]
    if not articles:
        raise SkipFile("no article text found after cleaning")
    return articles


def _article(path: Path, doc_id: str, clean: CleanText) -> Article:
    return Article(
        doc_id=doc_id,
        path=str(path.resolve()),
        title=clean.title or path.stem,
        source=clean.source or path.name,
        url=clean.url,
        published=clean.published,
        text=clean.body,
    )


def _load_text(path: Path, data: bytes, doc_id: str) -> list[Article]:
    return [_article(path, doc_id, clean_page(decode(data)))]


def _load_html(path: Path, data: bytes, doc_id: str) -> list[Article]:
    import trafilatura

    doc = trafilatura.bare_extraction(
        decode(data), with_metadata=True, include_comments=False, include_tables=False, favor_precision=True
    )
    if doc is None:
        raise SkipFile("HTML page has no extractable article text")
    get = doc.get if isinstance(doc, dict) else lambda k: getattr(doc, k, None)
    # trafilatura already removed the boilerplate; clean_page still drops a stray nav line.
    clean = clean_page(get("text") or "")
    clean.title = get("title") or clean.title
    clean.source = get("sitename") or clean.source
    clean.url = get("url") or clean.url
    clean.published = get("date") or clean.published
    return [_article(path, doc_id, clean)]


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
        if value:
            setattr(clean, key, value)
    return _article(path, doc_id, clean)


def _load_json(path: Path, data: bytes, doc_id: str) -> list[Article]:
    try:
        payload = json.loads(decode(data))
    except json.JSONDecodeError as exc:
        raise SkipFile(f"malformed JSON at line {exc.lineno} column {exc.colno}: {exc.msg}") from None
    records = payload if isinstance(payload, list) else [payload]
    if len(records) == 1:
        return [_record_article(path, doc_id, records[0], "record")]
    return [_record_article(path, f"{doc_id}#{i}", r, f"record {i}") for i, r in enumerate(records)]


def _load_jsonl(path: Path, data: bytes, doc_id: str) -> list[Article]:
    """Every line must parse: a half-read JSONL file would silently drop articles."""
    articles = []
    for lineno, line in enumerate(decode(data).splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise SkipFile(f"malformed JSON on line {lineno}: {exc.msg}") from None
        articles.append(_record_article(path, f"{doc_id}#{lineno}", record, f"line {lineno}"))
    return articles


_LOADERS: dict[str, Callable[[Path, bytes, str], list[Article]]] = {
    ".txt": _load_text,
    ".md": _load_text,
    ".markdown": _load_text,
    ".html": _load_html,
    ".htm": _load_html,
    ".json": _load_json,
    ".jsonl": _load_jsonl,
    ".pdf": _load_pdf,
}
