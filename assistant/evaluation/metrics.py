"""Pure metric functions: one answer (or one list of numbers) in, one figure out.

Kept free of I/O and of the Assistant so each definition can be tested on
hand-made cases and read in one place. Answer matching uses the project's
`normalize_answer` (case, punctuation, curly quotes, whitespace), the same
normalisation SQuAD's official script applies, minus article removal: news
answers such as "The Hague" should not lose their article.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence

from assistant.answering.citations import SUPPORT_THRESHOLD, split_claims, support
from assistant.text import normalize_answer

_MARKER = re.compile(r"\s*\[\d+\]")

SUPPORT_CHECK = (
    f"lexical term-coverage entailment proxy (assistant.citations.support): a passage supports a "
    f"sentence when it contains at least {SUPPORT_THRESHOLD:g} of the sentence's stemmed content "
    f"terms; runs offline, no model"
)


def strip_markers(text: str) -> str:
    """Answer text without its [n] citation markers, so markers never count as answer tokens."""
    return " ".join(_MARKER.sub("", text or "").split())


def _accepted(answers: Sequence[str]) -> list[str]:
    """Accepted answers that survive normalisation; an empty string cannot be "contained"."""
    return [a for a in (normalize_answer(x) for x in answers) if a]


def _answer_pattern(answer: str) -> re.Pattern:
    """Normalised answer starting on a word boundary; a numeric ending must end the word too.

    So inflections count ("insult" matches "insulting", "Korea" matches "Korean") while
    numbers must match whole ("10" never matches "100" or "10th").
    """
    end = r"(?!\w)" if answer[-1].isdigit() else ""
    return re.compile(r"(?<!\w)" + re.escape(answer) + end)


def contains_answer(text: str, answers: Sequence[str]) -> bool:
    """True when an accepted answer occurs in `text` after normalisation (see `_answer_pattern`)."""
    normalized = normalize_answer(text)
    return any(_answer_pattern(a).search(normalized) for a in _accepted(answers))


def first_hit_rank(passages: Sequence[str], answers: Sequence[str]) -> int | None:
    """1-based rank of the first passage containing an accepted answer, or None."""
    for rank, passage in enumerate(passages, 1):
        if contains_answer(passage, answers):
            return rank
    return None


def first_doc_rank(doc_ids: Sequence[str], expected: Sequence[str]) -> int | None:
    """1-based rank of the first passage from an expected document, or None."""
    wanted = set(expected)
    for rank, doc_id in enumerate(doc_ids, 1):
        if doc_id in wanted:
            return rank
    return None


def hit_at(rank: int | None, k: int) -> float:
    return 1.0 if rank is not None and rank <= k else 0.0


def reciprocal_rank(rank: int | None, k: int = 5) -> float:
    """MRR@k term: 1/rank when the first hit is within the top k, else 0."""
    return 1.0 / rank if rank is not None and rank <= k else 0.0


def _tokens(text: str) -> list[str]:
    return normalize_answer(text).split()


def exact_match(prediction: str, answers: Sequence[str]) -> float:
    """1.0 when the normalised prediction (citation markers removed) equals some accepted answer.

    With no accepted answers (an unanswerable question) only an empty prediction
    matches, as in the SQuAD 2.0 official script.
    """
    golds = [normalize_answer(a) for a in answers] or [""]
    pred = normalize_answer(strip_markers(prediction))
    return 1.0 if any(pred == g for g in golds) else 0.0


def token_f1(prediction: str, answers: Sequence[str]) -> float:
    """Best token-overlap F1 against the accepted answers (SQuAD definition).

    With no accepted answers, 1.0 for an empty prediction and 0.0 otherwise.
    """
    pred = _tokens(strip_markers(prediction))
    best = 0.0
    for gold_text in list(answers) or [""]:
        gold = _tokens(gold_text)
        if not gold or not pred:
            best = max(best, float(gold == pred))
            continue
        common = sum((Counter(pred) & Counter(gold)).values())
        if common:
            precision, recall = common / len(pred), common / len(gold)
            best = max(best, 2 * precision * recall / (precision + recall))
    return best


def word_count(text: str) -> int:
    """Answer length in words (markers excluded): shown beside containment, which rewards long answers."""
    return len(strip_markers(text).split())


def citation_scores(
    answer_text: str, citations: Sequence[dict], threshold: float = SUPPORT_THRESHOLD
) -> tuple[float | None, float | None]:
    """(citation precision, citation recall) of one answer, in the spirit of ALCE (Gao et al. 2023).

    Precision: share of (sentence, citation) pairs whose citation quote is a verbatim
    substring of the cited passage and whose passage supports the citing sentence.
    Recall: share of answer sentences with at least one such good citation. A marker
    that names no citation counts as a bad citation. None when there is nothing to score.
    """
    by_n = {c["n"]: c for c in citations}
    claims = split_claims(answer_text or "")
    pairs = good_pairs = supported_sentences = 0
    for sentence, numbers in claims:
        sentence_ok = False
        for n in numbers:
            pairs += 1
            citation = by_n.get(n)
            if citation is None:
                continue
            verbatim = bool(citation["quote"]) and citation["quote"] in citation["passage"]
            if verbatim and support(sentence, citation["passage"]) >= threshold:
                good_pairs += 1
                sentence_ok = True
        supported_sentences += sentence_ok
    precision = good_pairs / pairs if pairs else None
    recall = supported_sentences / len(claims) if claims else None
    return precision, recall


def percentile(values: Sequence[float], q: float) -> float | None:
    """Linear-interpolated percentile (numpy's default), None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q / 100
    lo, hi = math.floor(pos), math.ceil(pos)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)


def mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


_WH = {
    "who": "who",
    "whom": "who",
    "whose": "who",
    "what": "what",
    "which": "which",
    "when": "when",
    "where": "where",
    "why": "why",
    "how": "how",
}


def question_type(question: str, answerable: bool = True, has_history: bool = False) -> str:
    """Coarse type for the accuracy-by-type plot: follow-up, unanswerable, or the first wh-word.

    The first wh-word within the opening words, so "In which year ..." is a "which" question.
    """
    if not answerable:
        return "unanswerable"
    if has_history:
        return "follow-up"
    tokens = normalize_answer(question).split()[:6]
    for i, token in enumerate(tokens):
        if token in _WH:
            if token == "how" and i + 1 < len(tokens) and tokens[i + 1] in ("many", "much"):
                return "how many"
            return _WH[token]
    return "other"
