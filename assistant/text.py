"""Text primitives shared by chunking, answering, citation checks and evaluation.

Kept in one place so that "the same sentence" and "the same term" mean the same
thing at ingest time, at answer time and when the evaluation scores an answer.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import Stemmer

_QUOTES = str.maketrans(
    {
        "“": '"',
        "”": '"',
        "„": '"',
        "‟": '"',
        "‘": "'",
        "’": "'",
        "‚": "'",
        "‛": "'",
        "´": "'",
        "`": "'",
        "–": "-",
        "—": "-",
        "\u00a0": " ",
    }
)
_WORD = re.compile(r"[A-Za-z0-9]+(?:'[A-Za-z]+)?")
_PARAGRAPH = re.compile(r"[^\n]+")
_INITIAL_END = re.compile(r"(?:^|[\s(])(?:[A-Z]\.){1,3}$")

STOPWORDS = frozenset(
    """a about above after again against all am an and any are as at be because been before being below
    between both but by can could did do does doing down during each few for from further had has have having
    he her here hers herself him himself his how i if in into is it its itself just me more most my myself no
    nor not now of off on once only or other our ours ourselves out over own same she should so some such than
    that the their theirs them themselves then there these they this those through to too under until up very
    was we were what when where which while who whom why will with would you your yours yourself yourselves
    according also said says say tell told did does do many much whose must might may shall can
    could need needs would next then""".split()
)


def fold(text: str) -> str:
    """Unify curly quotes, dashes and non-breaking spaces (the usual news-typography noise)."""
    return unicodedata.normalize("NFKC", text).translate(_QUOTES)


def normalize_answer(text: str) -> str:
    """Lowercase, fold quotes, drop punctuation and collapse whitespace: SQuAD-style matching."""
    text = fold(text).lower()
    text = re.sub(r"[^\w\s]", " ", text)
    return " ".join(text.split())


def words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(fold(text))]


@lru_cache(maxsize=1)
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("english")


def content_terms(text: str) -> list[str]:
    """Stemmed words minus stopwords: what a question asks about, comparable across inflections."""
    tokens = [w.split("'")[0] for w in words(text)]
    return _stemmer().stemWords([t for t in tokens if t and t not in STOPWORDS])


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences of `text`, never crossing a line break.

    News text puts headings and standfirsts on their own lines without a full
    stop; splitting per line first keeps them from gluing onto the next sentence.
    Within a line, llama-index's bundled Punkt model finds the boundaries
    (it knows "U.S." and "Mr." are not sentence ends).
    """
    from llama_index.core.utils import globals_helper

    tokenizer = globals_helper.punkt_tokenizer
    spans: list[tuple[int, int]] = []
    for line in _PARAGRAPH.finditer(text):
        base = line.start()
        line_spans: list[tuple[int, int]] = []
        for start, end in tokenizer.span_tokenize(line.group()):
            s, e = _trim(text, base + start, base + end)
            if e <= s:
                continue
            # Punkt splits after unknown abbreviations ("U.S. policy") and initials
            # ("Sir R.A. Fisher"): a real sentence never starts in lower case, and a
            # sentence rarely ends in a one-letter initial, so such pieces are rejoined.
            if line_spans and (text[s].islower() or _INITIAL_END.search(text, 0, line_spans[-1][1])):
                line_spans[-1] = (line_spans[-1][0], e)
            else:
                line_spans.append((s, e))
        spans += line_spans
    return spans


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
