"""retrieval/hybrid.py: reciprocal-rank fusion of the dense and BM25 rankings."""

from __future__ import annotations

import pytest

from assistant.retrieval.hybrid import reciprocal_rank_fusion


def test_scores_are_sums_of_one_over_k_plus_rank():
    fused = reciprocal_rank_fusion([[7, 3, 9], [3, 5]], k=60)
    assert fused[3] == pytest.approx(1 / 62 + 1 / 61)
    assert fused[7] == pytest.approx(1 / 61)
    assert fused[9] == pytest.approx(1 / 63)
    assert fused[5] == pytest.approx(1 / 62)
    assert set(fused) == {3, 5, 7, 9}


def test_agreement_beats_one_first_place():
    fused = reciprocal_rank_fusion([[1, 2], [3, 2]], k=60)
    assert max(fused, key=fused.get) == 2


def test_small_k_favours_the_top_of_each_list():
    rankings = [[1, 2, 3, 4], [4, 2, 3, 1]]
    smooth = reciprocal_rank_fusion(rankings, k=60)
    assert max(smooth, key=smooth.get) == 2  # second in both lists
    sharp = reciprocal_rank_fusion(rankings, k=1)
    assert sharp[1] == sharp[4] > sharp[2]  # first in one list, last in the other


def test_empty_lists_fuse_to_nothing():
    assert reciprocal_rank_fusion([], k=60) == {}
    assert reciprocal_rank_fusion([[], []], k=60) == {}
    assert reciprocal_rank_fusion([[], [4]], k=60) == {4: pytest.approx(1 / 61)}
