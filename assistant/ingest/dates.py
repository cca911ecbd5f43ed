"""Dates the text gives, as calendar intervals read against the article's own date.

"North Korea on Sunday called US diplomacy false", in a story published on 3 March
2005, happened on 27 February 2005. Filters by date range and "most recent" questions
need that day, not the publication date alone: an archive's stories report events of
days and months before they ran, and many files (the BBC stories among them) give no
publication date at all.

Each DATE entity spaCy found at ingest is read here, once, and stored with its sentence
as the first and last day it can mean ("December 2004" is 2004-12-01..2004-12-31).
dateparser (the library made for relative dates: weekdays, "last week", "two years
ago" against a base day) reads most expressions; what it does not read (quarters and
halves, "the end of 2004", "between 24 and 26 December", decades, Christmas) is read
by the few rules below, because dateparser returns nothing or a wrong day for them.

An article without a publication date has no day to read against: only expressions
that carry their year are read ("June 2004", "24 December 2004", "the fourth quarter
of 2004", "2004"), and "December", "on Sunday" or "last year" are left unread rather
than guessed. (Guessing the year from the years the text names most put a BBC story
about December 2004's jobs figures in December 2005: it forecasts 2005.) A duration
("three years", "a 28-year-old", "annual") names no point in time and is never read.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import replace
from datetime import date, datetime, timedelta
from functools import lru_cache

from assistant.models import Sentence

Interval = tuple[str, str]  # first and last ISO day an expression can mean

# A point in time, not a duration: a number, a month, a weekday, a relative day, a season, a quarter.
# (The answer engine asks the same of a DATE entity for "When ...?" questions.)
POINT_IN_TIME = re.compile(
    r"\d|\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b|\b(mon|tues|wednes|thurs|fri|satur|sun)day\b|"
    r"\b(today|yesterday|tomorrow|tonight|ago|last|next|this|earlier|later|century|spring|summer|autumn|winter|"
    r"christmas|easter|eve|weekend|morning|evening|night|quarter)\b",
    re.I,
)
_DURATION = re.compile(
    r"\d+(st|nd|rd|th)?\s*-?\s*(year|month|week|day|hour|minute)s?(-old)?\b|-year-old|\byears? old", re.I
)
# Words that read a day only against a known publication day.
_NEEDS_DAY = re.compile(
    r"\b((mon|tues|wednes|thurs|fri|satur|sun)days?|today|yesterday|tomorrow|tonight|week|weekend|ago|last|next|"
    r"this|earlier|later|recent|past|previous|coming|current)\b",
    re.I,
)
_YEAR = re.compile(r"1[89]\d\d|20\d\d")
_EXPLICIT_YEAR = re.compile(r"(?<![\d£$€.,])(1[89]\d\d|20\d\d)(?!\d|s\b|,\d)")
_MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m} | {
    m.lower(): i for i, m in enumerate(calendar.month_abbr) if m
}
_MONTH = r"(january|february|march|april|may|june|july|august|september|october|november|december)"
_RANGE = re.compile(
    rf"^(?:between\s+)?(\d{{1,2}})(?:st|nd|rd|th)?\s*(?:and|-|–|to)\s*(\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH}"
    r"(?:\s+(\d{4}))?$",
    re.I,
)
_PART = re.compile(
    r"^(?:the\s+)?(first|second|third|fourth|final|last|1st|2nd|3rd|4th)\s+(quarter|half)"
    r"(?:\s+of(?:\s+the\s+year)?)?(?:\s+(\d{4}))?$",
    re.I,
)
_EDGE = re.compile(rf"^(?:the\s+)?(end|start|beginning|middle|close)\s+of\s+(?:{_MONTH}\s+)?(\d{{4}})$", re.I)
_DECADE = re.compile(r"^(?:the\s+)?(?:early\s+|mid-?\s*|late\s+)?(1[89]\d|20\d)0s$", re.I)
_CHRISTMAS = re.compile(r"^(?:this\s+|last\s+)?christmas(?:\s+(day|eve))?(?:\s+(\d{4}))?$", re.I)
_MONTHS_OF = re.compile(r"^(?:the\s+)?(first|last|final)\s+(\w+)\s+months\s+of\s+(\d{4})$", re.I)
_WEEKEND = re.compile(r"^(?:the\s+|this\s+|last\s+)?weekend$", re.I)
_TAIL = re.compile(r",|;|\s(?:after|before|until|following|amid|for|and|when|while)\s", re.I)
_LEAD = re.compile(r"^(?:on|in|at|by|from|since|until|during|of)\s+", re.I)
# "earlier this month", "late December": dateparser reads the month, not the hedge.
_HEDGE = re.compile(r"^(?:earlier|later|early|late|mid-?)\s*(?=\w)", re.I)
_COUNT = {w: i for i, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve".split())}
_ORDINAL = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}


# A named span of days this short or shorter (a day, a week, a month, a quarter) dates a story;
# a year named in passing does not put a story in every week of that year.
PRECISE_DAYS = 92


def span_days(first: str, last: str) -> int:
    """How many days an interval of ISO days holds, both ends included."""
    return (date.fromisoformat(last) - date.fromisoformat(first)).days + 1


def interval(text: str, published: date | None) -> Interval | None:
    """The first and last day a DATE expression means, read against the publication day; None when unreadable."""
    text = _clean(text)
    found = _interval(text, published)
    if found is None and (head := _TAIL.split(text, maxsplit=1)[0]) != text:
        found = _interval(_clean(head), published)  # spaCy's span can run on: "June 2004 after a century"
    return (found[0].isoformat(), found[1].isoformat()) if found else None


def with_dates(text: str, published: str | None, sentences: list[Sentence]) -> list[Sentence]:
    """An article's sentences with their DATE entities read as days, against its published day."""
    day = _day(published)
    out = []
    for s in sentences:
        read = tuple(
            (a, b, *days)
            for a, b, label in s.entities
            if label == "DATE" and (days := interval(text[s.start + a : s.start + b], day))
        )
        out.append(replace(s, dates=read) if read or s.dates else s)
    return out


def _day(published: str | None) -> date | None:
    try:
        return date.fromisoformat(published) if published else None
    except ValueError:
        return None


def _clean(text: str) -> str:
    text = " ".join(text.replace("’", "'").split()).strip(" ,.;:")
    text = re.sub(r"'s$|'$", "", text)
    return _LEAD.sub("", text)


@lru_cache(maxsize=4096)  # the same "2004" or "last week" in many sentences of an article, and across articles
def _interval(text: str, day: date | None) -> tuple[date, date] | None:
    if not text or "/" in text or not POINT_IN_TIME.search(text) or _DURATION.search(text):
        return None  # "2005/06" is a season or a fiscal year, not June
    own = _own_rules(text, day)
    if own is not None:
        return own or None
    years = _EXPLICIT_YEAR.findall(text)
    if day is None:
        if not years or _NEEDS_DAY.search(text):
            return None  # "December" or "on Sunday" in an undated story: a guess, not a date
        day = date(int(years[-1]), 12, 31)
    parsed = _dateparser(day).get_date_data(_HEDGE.sub("", text))
    if parsed.date_obj is None:
        return None
    found = parsed.date_obj.date()
    if years and found.year != int(years[-1]):
        return None  # dateparser read something else than the year written
    if abs(found.year - day.year) > 150:
        return None
    return _period(found, parsed.period or "day")


def _own_rules(text: str, day: date | None) -> tuple[date, date] | tuple[()] | None:
    """What dateparser misreads; `()` when the expression is one of ours but cannot be placed."""
    if m := _RANGE.match(text):
        month = _MONTHS[m.group(3).lower()]
        year = int(m.group(4)) if m.group(4) else _year_of_month(month, day)
        if year is None:
            return ()
        first, last = int(m.group(1)), int(m.group(2))
        try:
            return (date(year, month, first), date(year, month, last)) if first <= last else ()
        except ValueError:
            return ()
    if m := _PART.match(text):
        which = m.group(1).lower()
        size = 3 if m.group(2).lower() == "quarter" else 6
        count = 12 // size
        n = count if which in ("final", "last") else _ORDINAL[which]
        if n > count:
            return ()
        if m.group(3):
            year = int(m.group(3))
        elif which not in ("final", "last") and day is not None:
            year = _year_of_month((n - 1) * size + 1, day)
        else:
            return ()  # "the last quarter" without a year: of which year, or the latest three months?
        start = date(year, (n - 1) * size + 1, 1)
        return start, _month_end(year, n * size)
    if m := _EDGE.match(text):
        year, month = int(m.group(3)), m.group(2)
        edge = m.group(1).lower()
        if month:
            number = _MONTHS[month.lower()]
            return date(year, number, 1), _month_end(year, number)
        if edge in ("end", "close"):
            return date(year, 10, 1), date(year, 12, 31)
        if edge == "middle":
            return date(year, 5, 1), date(year, 8, 31)
        return date(year, 1, 1), date(year, 3, 31)
    if m := _MONTHS_OF.match(text):
        n, year = _COUNT.get(m.group(2).lower(), 0), int(m.group(3))
        if not 0 < n <= 12:
            return ()
        if m.group(1).lower() == "first":
            return date(year, 1, 1), _month_end(year, n)
        return date(year, 13 - n, 1), date(year, 12, 31)
    if _WEEKEND.match(text):
        if day is None:
            return ()
        sunday = day - timedelta(days=(day.weekday() + 1) % 7)
        return sunday - timedelta(days=1), sunday
    if m := _DECADE.match(text):
        start = int(m.group(1)) * 10
        return date(start, 1, 1), date(start + 9, 12, 31)
    if m := _CHRISTMAS.match(text):
        if m.group(2):
            year = int(m.group(2))
        elif day is not None:
            year = day.year if date(day.year, 12, 24) <= day else day.year - 1
        else:
            return ()
        if m.group(1):
            one = date(year, 12, 25 if m.group(1).lower() == "day" else 24)
            return one, one
        return date(year, 12, 24), date(year, 12, 26)
    if _YEAR.fullmatch(text):
        year = int(text)
        return date(year, 1, 1), date(year, 12, 31)
    return None


def _year_of_month(month: int, day: date | None) -> int | None:
    """The year of a month named without one: the latest such month up to the publication day."""
    if day is None:
        return None
    return day.year if month <= day.month else day.year - 1


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _period(found: date, period: str) -> tuple[date, date]:
    if period == "year":
        return date(found.year, 1, 1), date(found.year, 12, 31)
    if period == "month":
        return date(found.year, found.month, 1), _month_end(found.year, found.month)
    if period == "week":
        monday = found - timedelta(days=found.weekday())
        return monday, monday + timedelta(days=6)
    return found, found


@lru_cache(maxsize=64)
def _dateparser(day: date):
    """One parser per reference day; past dates preferred (news reports what has happened)."""
    from dateparser.date import DateDataParser

    base = datetime(day.year, day.month, day.day)
    return DateDataParser(
        languages=["en"],
        settings={"RELATIVE_BASE": base, "PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False},
    )
