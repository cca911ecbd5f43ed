"""bench/train_scorer.py's cross-validation through the generator, on a tiny real index."""

from __future__ import annotations

import sys

from tests.server_helpers import ROOT

sys.path.insert(0, str(ROOT / "bench"))

import train_scorer  # noqa: E402

STORIES = {
    "bridge.txt": "Zembla bridge to reopen\n\nThe Zembla bridge will reopen in May, the mayor said on Tuesday.\n"
    "Engineers replaced the rusted cables of the bridge last winter.\n",
    "strike.txt": "Lighthouse keepers strike\n\nThe lighthouse keepers of Bergen went on strike on Monday.\n"
    "The union leader, Astrid Solberg, said the strike would last a week.\n",
}
QUESTIONS = [
    {"id": "q1", "question": "When will the Zembla bridge reopen?", "answers": ["May"], "answerable": True},
    {"id": "q2", "question": "What did engineers replace on the bridge?", "answers": ["cables"], "answerable": True},
    {"id": "q3", "question": "Who leads the keepers' union?", "answers": ["Astrid Solberg"], "answerable": True},
    {"id": "q4", "question": "How long will the Bergen strike last?", "answers": ["a week"], "answerable": True},
    {"id": "q5", "question": "What is the capital of Australia?", "answers": [], "answerable": False},
    {"id": "q6", "question": "Who won the 1998 World Cup final?", "answers": [], "answerable": False},
]


def test_runtime_cross_validation_asks_the_generator_and_puts_the_packaged_scorer_back(indexed) -> None:
    assistant = indexed(STORIES)
    extractive = getattr(assistant.generator, "fallback", assistant.generator)
    packaged = extractive.scorer, extractive.threshold
    rows = train_scorer.rows_for(assistant, QUESTIONS, "tiny", "tiny-index")
    figures = train_scorer.runtime_cross_validate(rows, folds=2)
    assert (extractive.scorer, extractive.threshold) == packaged  # every fold's scorer was taken out again
    assert set(figures) >= {"accuracy", "false_refusal", "refusal_recall", "overall", "median_words"}
    assert 0.0 <= figures["overall"] <= 1.0 and figures["median_words"] > 0
