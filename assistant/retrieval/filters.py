"""Which articles, and so which passages, a question's filters let through.

Filters are decided per article, never per passage: a story is in or out as a whole,
so a filtered answer cannot quote a passage of another story that happens to rank
high. Retrieval searches only the passages returned here (hybrid.py).
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from assistant.index.store import IndexSnapshot
from assistant.ingest.metadata import iso_date
from assistant.models import Article, Filters


def admits(article: Article, filters: Filters) -> bool:
    """Whether the article is inside the date range, from the outlet and in the section asked for."""
    if filters.since or filters.until:
        # Stored dates are ISO already; iso_date also reads an index written before they were.
        day = iso_date(article.published)
        if day is None or (filters.since and day < filters.since) or (filters.until and day > filters.until):
            return False
    if filters.source and not _outlet_matches(article, filters.source):
        return False
    return not filters.section or _words_in(filters.section, article.section or "")


def allowed_passages(snapshot: IndexSnapshot, filters: Filters) -> frozenset[int]:
    """The passage ids of the articles the filters admit (empty when none is admitted)."""
    return frozenset(
        pid for stored in snapshot.articles.values() if admits(stored.article, filters) for pid in stored.passage_ids
    )


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
