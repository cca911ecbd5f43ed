"""Dates in the text read as days (ingest/dates.py), date filters on undated stories, "most recent" questions."""

from __future__ import annotations

import json
from datetime import date

import pytest

from assistant.index.store import IndexStore
from assistant.ingest.dates import interval
from assistant.models import Filters

PUBLISHED = date(2005, 3, 3)  # a Thursday


@pytest.mark.parametrize(
    ("text", "published", "days"),
    [
        ("Sunday", PUBLISHED, ("2005-02-27", "2005-02-27")),  # the Sunday before the story
        ("last week", PUBLISHED, ("2005-02-21", "2005-02-27")),
        ("December", PUBLISHED, ("2004-12-01", "2004-12-31")),  # the latest December up to the story
        ("between 24 and 26 December", PUBLISHED, ("2004-12-24", "2004-12-26")),
        ("the fourth quarter", PUBLISHED, ("2004-10-01", "2004-12-31")),
        ("last year's", PUBLISHED, ("2004-01-01", "2004-12-31")),
        ("the weekend", PUBLISHED, ("2005-02-26", "2005-02-27")),
        ("June 2004", None, ("2004-06-01", "2004-06-30")),  # its year is written: no publication day needed
        ("the last three months of 2004", None, ("2004-10-01", "2004-12-31")),
        ("the 1980s", None, ("1980-01-01", "1989-12-31")),
    ],
)
def test_a_date_expression_is_read_as_the_days_it_means(text, published, days) -> None:
    assert interval(text, published) == days


@pytest.mark.parametrize(
    ("text", "published"),
    [
        ("on Sunday", None),  # which Sunday? an undated story gives no day to count back from
        ("December", None),
        ("last year", None),
        ("three years", PUBLISHED),  # durations name no point in time
        ("28-year-old", PUBLISHED),
        ("annual", PUBLISHED),
        ("2005/06", PUBLISHED),  # a season, not June 2005
    ],
)
def test_what_cannot_be_placed_is_left_unread(text, published) -> None:
    assert interval(text, published) is None


def test_sentences_store_their_dates_read_against_the_publication_day(indexed, tmp_path) -> None:
    story = (
        "Title: Pyongyang rejects talks\nPublished: 2021-05-03\n\n"
        "North Korea on Sunday rejected the idea of talks with Washington.\n"
    )
    assistant = indexed({"nk.txt": story})
    snapshot = IndexStore(tmp_path / "index").load()
    dated = [d for s in snapshot.sentences for d in s.dates]
    assert [d[2:] for d in dated] == [("2021-05-02", "2021-05-02")]  # 3 May 2021 was a Monday
    text = snapshot.articles[next(iter(snapshot.articles))].article.text
    sentence = next(s for s in snapshot.sentences if s.dates)
    assert text[sentence.start + dated[0][0] : sentence.start + dated[0][1]] == "Sunday"
    assert assistant.ask("When did North Korea reject talks?").citations


def test_an_undated_story_is_filtered_by_the_days_its_text_names(indexed) -> None:
    closed = "Mill closes\n\nThe Arden paper mill closed its gates in June 2004 after a century of work.\n"
    reopened = "Mill reopens\n\nThe Arden paper mill reopened its gates in March 2005 under new owners.\n"
    passing = "Mill history\n\nThe Arden paper mill, founded in 1904, has changed hands four times since 2004.\n"
    assistant = indexed({"closed.txt": closed, "reopened.txt": reopened, "h.txt": passing})
    question = "What happened to the gates of the Arden paper mill?"
    june = assistant.ask(question, filters=Filters(since="2004-06-01", until="2004-06-30"))
    assert not june.refused and {c.title for c in june.citations} == {"Mill closes"}
    spring = assistant.ask(question, filters=Filters(since="2005-03-01", until="2005-05-31"))
    assert not spring.refused and {c.title for c in spring.citations} == {"Mill reopens"}
    # A year named in passing does not date a story to every month of that year, only to a range as long.
    assert "Mill history" not in {c.title for c in june.citations}
    year = Filters(since="2004-01-01", until="2004-12-31")
    whole_year = assistant.ask("When was the Arden paper mill founded?", filters=year)
    assert "Mill history" in {c.title for c in whole_year.citations}


def test_a_most_recent_question_answers_from_the_latest_story(indexed) -> None:
    older = (
        "Title: US economy adds jobs\nPublished: 2004-11-05\n\n"
        "The US economy added 337,000 jobs in October, the Labor Department said.\n"
    )
    newer = (
        "Title: US economy adds jobs\nPublished: 2005-01-07\n\n"
        "The US economy added 157,000 jobs in December, the Labor Department said.\n"
    )
    assistant = indexed({"a.txt": older, "b.txt": newer})
    latest = assistant.ask("How many jobs did the US economy add in the latest month?")
    assert not latest.refused and [c.published for c in latest.citations] == ["2005-01-07"]
    assert "157,000" in latest.answer and "337,000" not in latest.answer


def test_an_index_from_before_dates_gets_them_read_when_it_loads(indexed, tmp_path) -> None:
    story = "Title: Rates rise\nPublished: 2005-03-03\n\nThe central bank raised rates on Tuesday.\n"
    indexed({"rates.txt": story})
    store = IndexStore(tmp_path / "index")
    folder = store.root / store.current_generation()
    rows = [json.loads(line) for line in (folder / "sentences.jsonl").read_text(encoding="utf-8").splitlines()]
    assert any(row[5] for row in rows)
    # Format 3 stored five columns: no dates.
    (folder / "sentences.jsonl").write_text("".join(json.dumps(row[:5]) + "\n" for row in rows), encoding="utf-8")
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    (folder / "meta.json").write_text(json.dumps({**meta, "format": 3}), encoding="utf-8")
    dated = [d[2:] for s in store.load().sentences for d in s.dates]
    assert dated == [("2005-03-01", "2005-03-01")]
