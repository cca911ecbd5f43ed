"""Extractive summaries: "Summarize the articles about X" answered by 3-5 central, cited sentences.

Candidates are the stored sentences of the retrieved passages. A sentence is
central when it is close both to the request and to the other candidates (the
mean of their vectors: what the articles keep saying); maximal marginal
relevance then skips a sentence too close to one already chosen, so the same
wire sentence in two outlets fills one slot, not two. The chosen sentences are
shown in reading order, article by article.
"""

from __future__ import annotations

import numpy as np

SUMMARY_SENTENCES = 4
MIN_WORDS = 6  # headlines and fragments make poor summary sentences
REDUNDANT = 0.85  # cosine above which a sentence repeats one already chosen
RELEVANCE = 0.6  # weight of closeness to the request against centrality


def central_sentences(vectors: np.ndarray, query_vector: np.ndarray, lengths: list[int], k: int) -> list[int]:
    """Indices of up to k central, relevant, mutually distinct rows of `vectors` (unit vectors)."""
    if not len(vectors):
        return []
    relevance = vectors @ query_vector
    centroid = vectors.mean(axis=0)
    centroid /= np.linalg.norm(centroid) + 1e-9
    score = RELEVANCE * relevance + (1 - RELEVANCE) * (vectors @ centroid)
    chosen: list[int] = []
    for i in np.argsort(-score):
        if lengths[i] < MIN_WORDS:
            continue
        if chosen and float(np.max(vectors[chosen] @ vectors[i])) > REDUNDANT:
            continue
        chosen.append(int(i))
        if len(chosen) == k:
            break
    return chosen
