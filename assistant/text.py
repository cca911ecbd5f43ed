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
_CJK_END = re.compile(r"[。！？｡]+[」』）〕】〉》\"”’)]*")
_WINDOW = 20_000

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


def term_positions(text: str) -> list[tuple[int, str]]:
    """(character offset, stemmed term) of each content word of `text`, in order: where a term is."""
    found = [(m.start(), m.group().lower()) for m in _WORD.finditer(text)]
    kept = [(start, w.split("'")[0]) for start, w in found if w.split("'")[0] not in STOPWORDS]
    return list(zip((s for s, _ in kept), _stemmer().stemWords([w for _, w in kept]), strict=True))


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences of `text`, never crossing a line break.

    News text puts headings and standfirsts on their own lines without a full
    stop; splitting per line first keeps them from gluing onto the next sentence.
    Within a line, llama-index's bundled Punkt model finds the boundaries
    (it knows "U.S." and "Mr." are not sentence ends); CJK full stops (。！？),
    which Punkt does not know, end sentences too. A very long line is read in
    windows, so the time is linear in its length whatever the text.
    """
    from llama_index.core.utils import globals_helper

    tokenizer = globals_helper.punkt_tokenizer
    spans: list[tuple[int, int]] = []
    for line in _PARAGRAPH.finditer(text):
        line_spans: list[tuple[int, int]] = []
        for start, end, forced in _raw_line_spans(tokenizer, text, line.start(), line.end()):
            for piece, (s, e) in enumerate(_cjk_split(text, start, end)):
                s, e = _trim(text, s, e)
                if e <= s:
                    continue
                # Punkt splits after unknown abbreviations ("U.S. policy") and initials
                # ("Sir R.A. Fisher"): a real sentence never starts in lower case, and a
                # sentence rarely ends in a one-letter initial, so such pieces are rejoined.
                prev_end = line_spans[-1][1] if line_spans else 0
                if (
                    line_spans
                    and not (forced and piece == 0)
                    and (text[s].islower() or _INITIAL_END.search(text, max(0, prev_end - 8), prev_end))
                ):
                    line_spans[-1] = (line_spans[-1][0], e)
                else:
                    line_spans.append((s, e))
        spans += line_spans
    return spans


def _raw_line_spans(tokenizer, text: str, begin: int, end: int) -> list[tuple[int, int, bool]]:
    """Punkt's spans of text[begin:end] as (start, end, starts_at_a_forced_break).

    Punkt is run on windows of `_WINDOW` characters: all spans but the last of a
    window are final, and the next window starts where the last one began. A
    window without a sentence end in its second half (no real sentence is that
    long) is broken at its last space, so every window moves at least half on.
    """
    out: list[tuple[int, int, bool]] = []
    pos, forced = begin, False
    while end - pos > _WINDOW:
        stop = pos + _WINDOW
        window = [(pos + s, pos + e) for s, e in tokenizer.span_tokenize(text[pos:stop])]
        last_start = window[-1][0] if window else pos
        if last_start - pos >= _WINDOW // 2:
            out += [(s, e, forced and s == pos) for s, e in window[:-1]]
            forced = False
            pos = last_start
            continue
        cut = text.rfind(" ", pos + _WINDOW // 2, stop)
        cut = cut if cut > 0 else stop
        out += [(s, min(e, cut), forced and s == pos) for s, e in window if s < cut]
        pos, forced = cut, True
    out += [(pos + s, pos + e, forced and s == 0) for s, e in tokenizer.span_tokenize(text[pos:end])]
    return out


def _cjk_split(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split a span after CJK sentence-ending punctuation (with any closing quotes or brackets)."""
    pieces = []
    for match in _CJK_END.finditer(text, start, end):
        # 「本当か？」と記者は言った。: a closing quote followed by more text does not end the sentence.
        quoted = match.group()[-1] not in "。！？｡"
        if match.end() < end and not (quoted and not text[match.end()].isspace() and text[match.end()] not in "「『（"):
            pieces.append((start, match.end()))
            start = match.end()
    pieces.append((start, end))
    return pieces


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def quoted(quote: str) -> str:
    """“quote” for plain text; a quote that holds its own quotation marks is shown as it is.

    Wrapping `“The Biden administration…,” she said.` again gave `““The Biden…`.
    """
    quote = " ".join(quote.split())
    if any(mark in quote for mark in '“”„"'):
        return quote
    return f"“{quote}”"
