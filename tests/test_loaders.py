"""Every loader, on tiny files made here: good input, and the bad input users really have."""

from __future__ import annotations

import json
import zlib
from pathlib import Path

import pytest

from assistant.errors import SkipFile
from assistant.ingest.cleaning import clean_page
from assistant.ingest.loaders import load_file

MB = 1_000_000


def load(path: Path, data: bytes | str, max_bytes: int = 5 * MB):
    raw = data.encode("utf-8") if isinstance(data, str) else data
    path.write_bytes(raw)
    return load_file(path, raw, path.name, max_bytes)


def test_text_page_loses_outlet_line_navigation_and_comment_form(tmp_path):
    page = (
        "Daily Planet\n\nCity opens new bridge\n \n"
        "The new bridge opened on Monday after two years of work.\n"
        "Mayor Ann Lee said traffic would ease.\n\n"
        "Read Previous\n\nStocks fall sharply in Asia\n\nRead Next\n\nLocal team wins cup\n\n"
        "Leave a Reply\n\nYour email address will not be published. Required fields are marked *\n"
    )
    [article] = load(tmp_path / "bridge.txt", page)
    assert article.source == "Daily Planet"
    assert article.title == "City opens new bridge"
    assert article.text == (
        "The new bridge opened on Monday after two years of work.\nMayor Ann Lee said traffic would ease."
    )


def test_header_fields_become_metadata():
    clean = clean_page(
        "Title: Rates rise\nSource: The Ledger\nURL: https://example.org/a\n"
        "Published: 2024-05-01\n\nThe central bank raised rates."
    )
    assert (clean.title, clean.source, clean.url, clean.published) == (
        "Rates rise",
        "The Ledger",
        "https://example.org/a",
        "2024-05-01",
    )
    assert clean.body == "The central bank raised rates."


def test_text_without_headline_keeps_first_sentence_as_body_and_title(tmp_path):
    [article] = load(tmp_path / "a.txt", "Rain fell across the region on Sunday.\nRivers rose.")
    assert article.title == "Rain fell across the region on Sunday."
    assert article.text.startswith("Rain fell")
    assert article.source == "a.txt"


def test_markdown_heading_is_title(tmp_path):
    [article] = load(tmp_path / "m.md", "# Harbour reopens\n\nShips returned to the harbour on Friday.\n")
    assert article.title == "Harbour reopens"
    assert article.text == "Ships returned to the harbour on Friday."


def test_html_goes_through_boilerplate_removal(tmp_path):
    html = """<html><head><title>Council backs park plan | Town Times</title>
    <meta property="og:site_name" content="Town Times"></head><body>
    <nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
    <article><h1>Council backs park plan</h1>
    <p>The town council voted on Tuesday to turn the old rail yard into a public park with a playground.</p>
    <p>Councillor Ruth Okafor said the park would open next spring and cost the town about two million.</p>
    <p>Residents had campaigned for the park for more than ten years, collecting thousands of signatures.</p>
    </article><footer>Copyright 2024 Town Times. All rights reserved.</footer></body></html>"""
    [article] = load(tmp_path / "park.html", html)
    assert "rail yard" in article.text and "Ruth Okafor" in article.text
    assert "Home" not in article.text and "All rights reserved" not in article.text
    assert "Council backs park plan" in article.title


def test_json_object_list_and_jsonl(tmp_path):
    obj = {
        "text": "Floods closed the main road.",
        "title": "Floods",
        "url": "https://x.org/f",
        "published": "2024-01-02",
        "source": "Wire",
    }
    [one] = load(tmp_path / "one.json", json.dumps(obj))
    assert (one.title, one.source, one.url, one.published) == ("Floods", "Wire", "https://x.org/f", "2024-01-02")
    many = load(tmp_path / "many.json", json.dumps([obj, {**obj, "text": "The road reopened."}]))
    assert [a.doc_id for a in many] == ["many.json#0", "many.json#1"]
    lines = load(tmp_path / "feed.jsonl", json.dumps(obj) + "\n\n" + json.dumps({"text": "Second story."}) + "\n")
    assert [a.text for a in lines] == ["Floods closed the main road.", "Second story."]


def _pdf_with_text(text: str) -> bytes:
    """A minimal one-page PDF with one line of Helvetica text (built by hand, no writer library)."""
    stream = zlib.compress(f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode())
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def test_pdf_text_is_extracted(tmp_path):
    [article] = load(tmp_path / "report.pdf", _pdf_with_text("The factory hired 300 workers in May."))
    assert "The factory hired 300 workers in May." in article.text


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b"  \n\n ", "empty file"),
        ("blob.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        ("bad.json", b'{"text": "unterminated', "malformed JSON at line 1"),
        ("notext.json", b'{"title": "No body"}', "missing or empty field 'text'"),
        ("badtype.json", b'{"text": "Body.", "title": 5}', "field 'title' must be a string"),
        ("bad.jsonl", b'{"text": "ok"}\n{oops\n', "malformed JSON on line 2"),
        ("broken.pdf", b"%PDF-1.4 this is not really a pdf", "PDF"),
        ("image.png", b"\x89PNG....", "unsupported file type '.png'"),
        ("only-nav.txt", b"Read Next\nSomething else\nLeave a Reply\n", "no article text"),
    ],
)
def test_bad_files_are_skipped_with_a_reason(tmp_path, name, data, reason):
    with pytest.raises(SkipFile, match=None) as info:
        load(tmp_path / name, data)
    assert reason in str(info.value)


def test_huge_file_is_skipped_with_the_limit_named(tmp_path):
    with pytest.raises(SkipFile) as info:
        load(tmp_path / "huge.txt", "Word. " * 50_000, max_bytes=100_000)
    assert "too large" in str(info.value) and "max_file_mb" in str(info.value)


def test_non_utf8_text_is_decoded_not_skipped(tmp_path):
    text = "Café owners in Zürich said the “new rules” would cost them dearly, según the report."
    [article] = load(tmp_path / "legacy.txt", text.encode("cp1252"))
    assert "Café" in article.text and "Zürich" in article.text
