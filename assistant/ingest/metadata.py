"""Article metadata that files give outside the story text: section prefixes, bylines, dates.

Filters (by date, outlet, section) and metadata questions ("When was the story about X
published?") compare values across files of every format, so each value is brought to
one form here: dates to ISO `YYYY-MM-DD`, a byline to the names alone. A value that
cannot be read becomes None rather than a guess: a wrong date would put a story in
the wrong date range without anyone noticing.
"""

from __future__ import annotations

import re
from datetime import datetime
from functools import lru_cache

from dateutil import parser as date_parser

# `business_123.txt`, `sport-04.txt` (the BBC corpus): a section word, then a number.
_SECTION_PREFIX = re.compile(r"^([A-Za-z][A-Za-z&]*(?:[ -][A-Za-z&]+)?)[_-]\d+$")
_DATE_LABEL = re.compile(r"^\s*(?:(?:last\s+)?(?:published|updated|posted|modified)(?:\s+on)?|date)\s*:?\s*", re.I)
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# Two defaults that differ in every field: a field the text leaves out shows up as a difference.
_DEFAULTS = (datetime(2001, 1, 1), datetime(2002, 2, 2))
# "By Jane Smith", "By Jane Smith and Tom Jones, BBC News": names start with a capital letter.
_NAME = r"[A-Z][\w.'’-]*(?:\s+(?:[A-Z][\w.'’-]*|de|van|von|der|da|di|la|le|bin|al))*"
BYLINE = re.compile(rf"^(?i:by)\s+({_NAME}(?:\s*(?:,|and|&)\s*{_NAME})*)\s*(?:[,|–—-]\s*.{{0,60}})?$")
_OUTLET_WORDS = re.compile(r"\b(news|times|post|press|agency|reuters|bbc|cnn|staff|correspondent|reporter)\b", re.I)


@lru_cache(maxsize=65536)
def iso_date(value: str | None) -> str | None:
    """`value` as `YYYY-MM-DD`, or None when it is not a full calendar date.

    "3 March 2005", "Thursday, 3 March 2005 10:00 GMT" and "2005-03-03T10:00:00Z" all
    give 2005-03-03 (the date as printed, in the outlet's own time zone). "March 2005",
    "yesterday" or "Thursday" are not one day, so they give None. Cached: filters read
    the dates of every article of an index on each question.
    """
    if not value:
        return None
    text = _DATE_LABEL.sub("", value.strip())[:80]
    if _ISO.match(text):
        return text if _parses(text) else None
    try:
        first, second = (date_parser.parse(text, default=d) for d in _DEFAULTS)
    except (ValueError, OverflowError, TypeError):
        return None
    if (first.year, first.month, first.day) != (second.year, second.month, second.day):
        return None  # the year, month or day was not in the text
    return first.date().isoformat()


def _parses(text: str) -> bool:
    try:
        datetime.strptime(text, "%Y-%m-%d")
    except ValueError:
        return False
    return True


def section_from_name(stem: str) -> str | None:
    """The section a file name starts with (`business_123` -> "business"), or None.

    News datasets (BBC, 20 Newsgroups-style dumps) name files after the desk that ran
    the story; a name that is only a number or a hash says nothing.
    """
    m = _SECTION_PREFIX.match(stem)
    return m.group(1).lower() if m else None


def byline(line: str) -> str | None:
    """The author's name(s) in a "By ..." line, or None when the line is not a byline."""
    m = BYLINE.match(line.strip())
    if not m:
        return None
    names = re.split(r"\s*,\s*", m.group(1).strip())
    while len(names) > 1 and _OUTLET_WORDS.search(names[-1]):  # "By Jane Smith, BBC News": the outlet
        names.pop()
    return ", ".join(names)


_CONTRIBUTOR = re.compile(
    r"^(?P<name>[A-Z][\w'.-]+(?: [A-Z][\w'.-]+){1,3}) (?:is|was) (?:a|an|the|our)? ?(?:[\w-]+ ){0,4}?"
    r"(?:correspondent|reporter|editor|writer|journalist|columnist|commentator|critic|presenter|producer|contributor)s?\b"
)


def contributor_note(line: str) -> str | None:
    """The author named by a closing note ("Clark Boyd is technology correspondent for The World.")."""
    m = _CONTRIBUTOR.match(line.strip())
    return m.group("name") if m and len(line) < 300 else None


def author_name(value: str | None) -> str | None:
    """An author field as names: "By Jane Smith" -> "Jane Smith"; an outlet or staff credit stays as is."""
    if not value:
        return None
    value = " ".join(value.split())
    named = byline(value) if value.lower().startswith("by ") else None
    if named and not _OUTLET_WORDS.search(named):
        return named
    return value.removeprefix("By ").removeprefix("by ") or None
