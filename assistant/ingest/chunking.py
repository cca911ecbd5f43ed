"""Split an article into passages that fit the embedding window, on sentence boundaries.

We pack Punkt sentences ourselves instead of using llama-index's SentenceSplitter:
the splitter re-joins text so passages lose their exact character offsets in the
article (it recovers them by `str.find`, which fails on repeated text), and it
counts tokens with tiktoken rather than the embedding model's word pieces, so its
chunks can overflow the 256-piece window of all-MiniLM-L6-v2 and be truncated.
Citations need exact offsets and the whole passage embedded, so we count with the
model's own tokenizer and keep offsets from the sentence spans.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from assistant.models import Article, Passage
from assistant.text import sentence_spans

TokenCounter = Callable[[list[str]], list[int]]
_WORD_SPAN = re.compile(r"\S+")


def split_article(article: Article, count_tokens: TokenCounter, max_tokens: int, first_id: int = 0) -> list[Passage]:
    """Greedy packing of whole sentences; a sentence longer than the window is cut at words."""
    text = article.text
    spans = _fit_spans(text, sentence_spans(text), count_tokens, max_tokens)
    counts = count_tokens([text[s:e] for s, e in spans])
    passages: list[Passage] = []
    start = end = None
    used = 0
    for (s, e), n in zip(spans, counts, strict=True):
        # +1: the joining whitespace/newline rarely costs a word piece, but be safe.
        if start is not None and used + n + 1 > max_tokens:
            passages.append(_passage(article, first_id + len(passages), start, end))
            start = None
        if start is None:
            start, used = s, 0
        end = e
        used += n + 1
    if start is not None:
        passages.append(_passage(article, first_id + len(passages), start, end))
    return passages


def _passage(article: Article, passage_id: int, start: int, end: int) -> Passage:
    return Passage(passage_id=passage_id, doc_id=article.doc_id, text=article.text[start:end], start=start, end=end)


def _fit_spans(
    text: str, spans: list[tuple[int, int]], count_tokens: TokenCounter, max_tokens: int
) -> list[tuple[int, int]]:
    counts = count_tokens([text[s:e] for s, e in spans])
    fitted: list[tuple[int, int]] = []
    for (s, e), n in zip(spans, counts, strict=True):
        if n <= max_tokens:
            fitted.append((s, e))
            continue
        words = [(m.start() + s, m.end() + s) for m in _WORD_SPAN.finditer(text[s:e])]
        word_counts = count_tokens([text[a:b] for a, b in words])
        piece_start, used = words[0][0], 0
        prev_end = words[0][1]
        for (a, b), c in zip(words, word_counts, strict=True):
            if used and used + c > max_tokens:
                fitted.append((piece_start, prev_end))
                piece_start, used = a, 0
            used += c
            prev_end = b
        fitted.append((piece_start, prev_end))
    return fitted
