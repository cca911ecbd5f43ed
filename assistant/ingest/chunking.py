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
from collections.abc import Callable, Iterable, Iterator

from assistant.models import Article, Passage
from assistant.text import sentence_spans

TokenCounter = Callable[[list[str]], list[int]]
_WORD_SPAN = re.compile(r"\S+")
_BATCH = 256  # texts per tokenizer call: the tokenizer's output for a whole book at once costs gigabytes
_LONG_WORD = 32  # characters; longer "words" (URLs, base64, no spaces) are cut into pieces of this size


def split_article(article: Article, count_tokens: TokenCounter, max_tokens: int, first_id: int = 0) -> list[Passage]:
    """Greedy packing of whole sentences; a sentence longer than the window is cut at words.

    Time and memory are linear in the article's length: tokens are counted in
    batches and only the counts are kept.
    """
    text = article.text
    fitted = _fit_spans(text, sentence_spans(text), count_tokens, max_tokens)
    passages: list[Passage] = []
    start = end = None
    used = 0
    for s, e, n in fitted:
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


def _counts(count_tokens: TokenCounter, text: str, spans: Iterable[tuple[int, int]]) -> Iterator[tuple[int, int, int]]:
    """(start, end, word pieces) for each span, counting a batch at a time."""
    batch: list[tuple[int, int]] = []
    for span in spans:
        batch.append(span)
        if len(batch) == _BATCH:
            yield from _count_batch(count_tokens, text, batch)
            batch = []
    if batch:
        yield from _count_batch(count_tokens, text, batch)


def _count_batch(count_tokens: TokenCounter, text: str, batch: list[tuple[int, int]]) -> list[tuple[int, int, int]]:
    counts = count_tokens([text[s:e] for s, e in batch])
    return [(s, e, n) for (s, e), n in zip(batch, counts, strict=True)]


def _words(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Word spans of text[start:end]; a very long run without spaces comes in fixed-size pieces."""
    for match in _WORD_SPAN.finditer(text, start, end):
        a, b = match.span()
        for piece in range(a, b, _LONG_WORD):
            yield piece, min(piece + _LONG_WORD, b)


def _fit_spans(
    text: str, spans: list[tuple[int, int]], count_tokens: TokenCounter, max_tokens: int
) -> list[tuple[int, int, int]]:
    """(start, end, word pieces) of spans that each fit the window: long sentences are cut at words."""
    fitted: list[tuple[int, int, int]] = []
    for s, e, n in _counts(count_tokens, text, spans):
        if n <= max_tokens:
            fitted.append((s, e, n))
            continue
        piece_start = prev_end = None
        used = 0
        for a, b, c in _counts(count_tokens, text, _words(text, s, e)):
            if piece_start is not None and used + c > max_tokens:
                fitted.append((piece_start, prev_end, used))
                piece_start = None
            if piece_start is None:
                piece_start, used = a, 0
            used += c
            prev_end = b
        if piece_start is not None:
            fitted.append((piece_start, prev_end, used))
    return fitted
