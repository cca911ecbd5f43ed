"""Which articles, and so which passages, a question's filters let through.

Filters are decided per article, never per passage: a story is in or out as a whole,
so a filtered answer cannot quote a passage of another story that happens to rank
high. Retrieval searches only the passages returned here (hybrid.py).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from assistant.index.store import IndexSnapshot
from assistant.ingest.dates import PRECISE_DAYS, span_days
from assistant.ingest.metadata import iso_date
from assistant.models import Article, Filters


def admits(article: Article, filters: Filters, text_dates: Sequence[tuple[str, str]] = ()) -> bool:
    """Whether the article is inside the date range, from the outlet and in the section asked for.

    The range is about the publication date when the file gives one; otherwise about the
    days the text names with their year (`text_dates`, ingest/dates.py).
    """
    if filters.since or filters.until:
        # Stored dates are ISO already; iso_date also reads an index written before they were.
        day = iso_date(article.published)
        if day is not None:
            if (filters.since and day < filters.since) or (filters.until and day > filters.until):
                return False
        elif not any(_inside(first, last, filters) for first, last in text_dates):
            return False
    if filters.source and not _outlet_matches(article, filters.source):
        return False
    return not filters.section or _words_in(filters.section, article.section or "")


def allowed_passages(snapshot: IndexSnapshot, filters: Filters) -> frozenset[int]:
    """The passage ids of the articles the filters admit (empty when none is admitted)."""
    dated = snapshot.text_dates
    return frozenset(
        pid
        for doc_id, stored in snapshot.articles.items()
        if admits(stored.article, filters, dated.get(doc_id, ()))
        for pid in stored.passage_ids
    )


def _inside(first: str, last: str, filters: Filters) -> bool:
    """A named span of days that overlaps the range and dates the story: precise, or no longer than the range."""
    since, until = filters.since or "0001-01-01", filters.until or "9999-12-31"
    if last < since or first > until:
        return False
    return span_days(first, last) <= max(PRECISE_DAYS, span_days(since, until))


def _outlet_matches(article: Article, wanted: str) -> bool:
    """The outlet the file names, or its URL's host ("bbc.co.uk"); a file name is not an outlet."""
    outlet = "" if article.source == Path(article.path).name else article.source
    host = re.sub(r"^[a-z]+://(www\.)?", "", (article.url or "").lower()).split("/", 1)[0]
    return _words_in(wanted, outlet) or (bool(host) and _words_in(wanted, host))


def _words_in(wanted: str, value: str) -> bool:
    return bool(value) and _pattern(wanted).search(value) is not None


@lru_cache(maxsize=256)
def _pattern(wanted: str) -> re.Pattern[str]:
    """`wanted` as whole words, any case: "BBC" is in "BBC News" but not in "BBCode"."""
    return re.compile(rf"(?<!\w){re.escape(wanted.strip())}(?!\w)", re.I)
