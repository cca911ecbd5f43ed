"""Article metadata read at ingest (issue 11, item 2): every source kind, dates in one ISO form.

Tiny files written here; no model. The BBC corpus's file-name sections are checked on
the real corpus when it is there.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.index.store import IndexStore
from assistant.ingest.cleaning import clean_page
from assistant.ingest.loaders import load_file
from assistant.ingest.metadata import author_name, byline, iso_date, section_from_name
from tests.conftest import ROOT

BBC = ROOT.parent / "shared" / "corpora" / "bbc-news"
BODY = "The central bank raised interest rates on Thursday, its governor said."


def load(path: Path, text: str):
    path.write_text(text, encoding="utf-8")
    return load_file(path, text.encode("utf-8"), path.name, 5_000_000)


@pytest.mark.parametrize(
    ("raw", "iso"),
    [
        ("2005-03-03", "2005-03-03"),
        ("3 March 2005", "2005-03-03"),
        ("March 3, 2005", "2005-03-03"),
        ("Thursday, 3 March 2005 10:00 GMT", "2005-03-03"),
        ("Mon, 07 Mar 2005 14:00:00 +0000", "2005-03-07"),
        ("2021-04-30T23:30:00-04:00", "2021-04-30"),  # the date as the outlet printed it
        ("Published: 12 Jan 2005", "2005-01-12"),
        ("25/12/2004", "2004-12-25"),
        # not one calendar day, or not a date at all: None, never a guess or a crash
        ("March 2005", None),
        ("2005", None),
        ("Thursday", None),
        ("yesterday", None),
        ("sometime last spring", None),
        ("2005-02-30", None),
        ("31/31/2005", None),
        ("1e400", None),
        ("", None),
        (None, None),
    ],
)
def test_dates_are_normalised_to_iso_or_none(raw, iso):
    assert iso_date(raw) == iso


def test_section_comes_from_a_bbc_style_file_name_only():
    assert section_from_name("business_123") == "business"
    assert section_from_name("Sport-04") == "sport"
    assert section_from_name("000_5fffdecc461637a5") is None  # the seed articles: a number and a hash
    assert section_from_name("story") is None and section_from_name("2024_05_01") is None


def test_bylines_give_the_names_without_the_outlet():
    assert byline("By Jane Smith and Tom Jones, BBC News") == "Jane Smith and Tom Jones"
    assert byline("BY Jane Smith, Political correspondent") == "Jane Smith"
    assert byline("By Ursula von der Leyen") == "Ursula von der Leyen"
    assert byline("By 2010 the economy will have grown.") is None
    assert byline("by the way") is None
    assert author_name("By Jane Smith") == "Jane Smith" and author_name("Reuters Staff") == "Reuters Staff"


def test_text_file_header_lines_and_byline(tmp_path):
    [article] = load(
        tmp_path / "rates.txt",
        "Title: Rates rise again\nSource: The Ledger\nPublished: Thursday, 3 March 2005 10:00 GMT\n"
        f"By Jane Smith, Economics editor\nSection: Business\n\n{BODY}",
    )
    assert (article.title, article.source, article.published, article.author, article.section) == (
        "Rates rise again",
        "The Ledger",
        "2005-03-03",
        "Jane Smith",
        "Business",
    )
    assert article.text == BODY  # header lines are metadata, not story text


def test_author_header_and_unreadable_date(tmp_path):
    [article] = load(tmp_path / "a.txt", f"Rates rise\nAuthor: By John Doe\nDate: sometime last spring\n\n{BODY}")
    assert article.author == "John Doe" and article.published is None and article.text == BODY


def test_bbc_style_file_gets_its_section_from_the_name(tmp_path):
    [article] = load(tmp_path / "business_002.txt", f"Dollar gains on Greenspan speech\n\n{BODY}")
    assert article.section == "business" and article.title == "Dollar gains on Greenspan speech"
    assert article.published is None and article.author is None


def test_a_section_line_in_the_file_wins_over_the_name(tmp_path):
    [article] = load(tmp_path / "business_002.txt", f"Section: Markets\n\n{BODY}")
    assert article.section == "Markets"


def test_json_record_fields_and_their_common_aliases(tmp_path):
    records = [
        {
            "text": BODY,
            "headline": "Rates rise",
            "outlet": "Reuters",
            "date": "2005-03-04T10:00:00Z",
            "authors": ["Ann Lee", "Bo Chan"],
            "category": "business",
        },
        {"text": BODY, "title": "T", "published": "March 2005", "section": 3, "author": "By Jo Ray"},
    ]
    first, second = load(tmp_path / "feed.json", json.dumps(records))
    assert (first.title, first.source, first.published, first.author, first.section) == (
        "Rates rise",
        "Reuters",
        "2005-03-04",
        "Ann Lee, Bo Chan",
        "business",
    )
    # a month is not a publication date; a section that is not text is ignored, not an error
    assert (second.published, second.section, second.author) == (None, None, "Jo Ray")


def test_jsonl_record_metadata(tmp_path):
    line = {"text": BODY, "title": "Rates rise", "source": "AP", "published": "7 March 2005", "byline": "Kim Ode"}
    [article] = load(tmp_path / "feed.jsonl", json.dumps(line) + "\n")
    assert (article.source, article.published, article.author) == ("AP", "2005-03-07", "Kim Ode")


def test_html_meta_gives_date_author_and_section(tmp_path):
    page = (
        "<html><head><title>Big story</title>"
        '<meta property="article:section" content="Business &amp; Money">'
        '<meta name="author" content="Jane Smith">'
        '<meta property="article:published_time" content="2021-04-30T23:30:00-04:00"></head>'
        "<body><article><h1>Big story</h1>"
        "<p>The quick brown fox jumped over the lazy dog many times today in the park, witnesses said on Friday.</p>"
        "<p>Another paragraph of the article follows here with more words in it, as articles have.</p>"
        "</article></body></html>"
    )
    [article] = load(tmp_path / "page.html", page)
    assert (article.published, article.author, article.section) == ("2021-04-30", "Jane Smith", "Business & Money")


def test_clean_page_keeps_a_byline_out_of_the_headline():
    clean = clean_page(f"Rates rise again\nBy Jane Smith\n\n{BODY}")
    assert (clean.title, clean.author, clean.source) == ("Rates rise again", "Jane Smith", "")


def test_an_index_written_before_these_fields_still_loads(tmp_path):
    from tests.unit.test_store import write

    store = IndexStore(tmp_path / "index")
    snapshot, _ = write(store)
    path = store.root / snapshot.generation / "articles.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    for row in rows:
        for key in ("author", "section", "duplicate_of", "also_reported_by"):
            row["article"].pop(key, None)
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    loaded = store.load()
    assert [(s.article.author, s.article.section) for s in loaded.articles.values()] == [(None, None), (None, None)]


@pytest.mark.skipif(not BBC.is_dir(), reason="../shared/corpora/bbc-news is not there")
def test_every_bbc_story_gets_one_of_the_five_sections():
    files = sorted(BBC.glob("*.txt"))
    sections = {load_file(f, f.read_bytes(), f.name, 5_000_000)[0].section for f in files[::50]}
    assert sections == {"business", "entertainment", "politics", "sport", "tech"}


def test_a_closing_contributor_note_names_the_author_when_no_byline_does():
    page = clean_page(
        "Web radio goes global\n\nSpanish-language hip-hop is finding listeners online.\n\n"
        "Clark Boyd is technology correspondent for The World, a BBC World Service co-production."
    )
    assert page.author == "Clark Boyd" and page.body.endswith("co-production.")  # the note stays in the story
    assert clean_page("A headline\n\nBy Jane Smith\n\nText.\n\nClark Boyd is a reporter.").author == "Jane Smith"
    # A closing sentence about someone else's job is not a contributor note.
    assert clean_page("A headline\n\nText of the story.\n\nTony Blair is the prime minister.").author is None
