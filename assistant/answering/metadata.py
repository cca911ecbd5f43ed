"""Questions about an article itself: its headline, outlet, author, section or publication date.

"Which outlet published the story about X?" is not answered by any sentence of the
story: the answer is the article's metadata, read at ingest from the file (a header
line, HTML meta, a JSON field, the section prefix of a BBC-style file name). The
story is the one the rest of the question describes ("the story about X"): the
article of the best sentence for that description. The answer shows the value as a
marked insertion ("[Outlet: New Telegraph] ") before a verbatim sentence of that
article, its headline when the retrieved passage holds it, so the citation stays
exact and points at the story meant. A value the file does not give is refused: an
outlet is never guessed from a file name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.models import Article

_STORY = r"(?:news )?(?:story|stories|article|report|piece|column|item|interview|analysis)"
# "the story", or "the New Telegraph story": an outlet named before the noun (capitalised words)
_THE_STORY = rf"(?:the|an?|this) (?-i:(?P<outlet>(?:[A-Z][\w.&'-]* ){{1,4}}))?{_STORY}"
_ASKS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "headline",
        re.compile(rf"^(?:what|which) (?:is|was) the (?:headline|title) of {_THE_STORY}\b", re.I),
    ),
    (
        "outlet",
        re.compile(
            r"^(?:which|what) (?:news )?(?:outlet|newspaper|paper|site|website|publication|publisher|broadcaster|"
            rf"news organi[sz]ation|media outlet)s? (?:published|ran|carried|printed|reported|posted|wrote) "
            rf"{_THE_STORY}\b",
            re.I,
        ),
    ),
    (
        "author",
        re.compile(rf"^who (?:wrote|authored|is the author of|was the author of) {_THE_STORY}\b", re.I),
    ),
    (
        "section",
        re.compile(r"^(?:in )?(?:which|what) (?:news )?section (?:ran|published|carried|ran|is|was|did)\b", re.I),
    ),
    (
        "published",
        re.compile(
            rf"^(?:when|on what date|what date) (?:was|were|is) {_THE_STORY}\b.*\b(?:published|posted|"
            r"written|released|dated)\b",
            re.I,
        ),
    ),
)
LABELS = {"headline": "Headline", "outlet": "Outlet", "author": "By", "section": "Section", "published": "Published"}


@dataclass(frozen=True)
class MetadataQuestion:
    kind: str  # a key of LABELS
    about: str  # what identifies the story: the question without its frame ("the story about ...")
    outlet: str | None = None  # the outlet the question names ("the New Telegraph story"): only its stories


def asked(question: str) -> MetadataQuestion | None:
    """The metadata a question asks for, or None for a question about what the articles say."""
    text = question.strip()
    for kind, pattern in _ASKS:
        m = pattern.match(text)
        if m:
            about = re.sub(r"^\s*(?:about|on|in which|that|saying|where|headlined|titled)\b", " ", text[m.end() :])
            outlet = (m.groupdict().get("outlet") or "").strip() or None
            return MetadataQuestion(kind, about.strip(" ?") or text, outlet)
    return None


def from_outlet(article: Article, outlet: str) -> bool:
    """The article's outlet is the one named ("BBC" names "BBC News" and the other way round)."""
    source = value("outlet", article)
    if not source:
        return False
    a, b = set(re.findall(r"\w+", source.lower())), set(re.findall(r"\w+", outlet.lower()))
    return a <= b or b <= a


def value(kind: str, article: Article) -> str | None:
    """The article's value for `kind`, or None when the file did not give it."""
    if kind == "headline":
        return article.title or None
    if kind == "outlet":
        # Without an outlet line the loader falls back to the file name, which is not an outlet.
        return article.source if article.source and article.source != article.path.rsplit("/", 1)[-1] else None
    return getattr(article, kind, None) or None
