"""The learned answer scorer: which sentence answers, and whether to answer at all.

Two small linear models, trained by `bench/train_scorer.py` and shipped as
`scorer.json` beside this module:

- the **ranker** scores every candidate sentence of a question; a softmax over
  the question's candidates gives each one's share. It is fitted listwise
  (conditional logit: the right sentence against the others of its own
  question), which ranks better than a per-sentence yes/no model (+3 points
  top-1 in cross-validation), because what matters is the best sentence
  relative to its neighbours, not an absolute score that varies with the corpus;
- the **answer model**, a logistic model over question-level features (the top
  share, the score gap to the runner-up, how well the top sentence covers the
  question ...), gives P(the retrieved articles answer this question). The
  question is refused under `threshold`.

A second sentence joins the answer when its share is at least `second_share`:
when the ranker hesitates between two sentences, showing both is right far
more often than betting on one (the training script prints the trade against
answer length). Logistic models, not boosted trees: their weights can be read
and diffed, need no pickled object tied to a library version, and trees gained
less than a point in the training script's cross-validation.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np

from assistant.answering.features import NAMES, QUESTION_NAMES
from assistant.errors import ModelFileError

MODEL_FILE = "scorer.json"


@dataclass(frozen=True)
class Linear:
    """Standardise, then a dot product: z = ((x - mean) / scale) @ coef + intercept."""

    names: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float = 0.0

    def __call__(self, x: np.ndarray) -> np.ndarray:
        return ((x - self.mean) / self.scale) @ self.coef + self.intercept

    @classmethod
    def from_json(cls, data: dict, names: tuple[str, ...]) -> Linear:
        model = cls(
            tuple(data["features"]),
            np.asarray(data["mean"], dtype="float64"),
            np.asarray(data["scale"], dtype="float64"),
            np.asarray(data["coef"], dtype="float64"),
            float(data.get("intercept", 0.0)),
        )
        if model.names != names or not (len(model.mean) == len(model.scale) == len(model.coef) == len(names)):
            raise ValueError(f"trained on other features ({len(model.names)}) than this code computes ({len(names)})")
        return model

    def to_json(self) -> dict:
        return {
            "features": list(self.names),
            "mean": self.mean.round(6).tolist(),
            "scale": self.scale.round(6).tolist(),
            "coef": self.coef.round(6).tolist(),
            "intercept": round(self.intercept, 6),
        }


@dataclass(frozen=True)
class Scorer:
    ranker: Linear  # per candidate sentence, over features.NAMES
    answer: Linear  # per question, over features.QUESTION_NAMES
    threshold: float  # refuse when P(answerable) is under it
    second_share: float  # a second sentence joins when its softmax share is at least this

    @classmethod
    def load(cls, path: Path | None = None) -> Scorer:
        """The packaged model, or the one at `path`; a missing, broken or stale file is a ModelFileError."""
        source = path if path is not None else resources.files("assistant.answering") / MODEL_FILE
        try:
            data = json.loads(source.read_text(encoding="utf-8"))
            return cls(
                Linear.from_json(data["ranker"], NAMES),
                Linear.from_json(data["answer"], QUESTION_NAMES),
                float(data["threshold"]),
                float(data["second_share"]),
            )
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise ModelFileError(
                f"answer scorer {source} is missing, unreadable or stale ({exc}); reinstall the package or retrain "
                "it with bench/train_scorer.py"
            ) from exc

    def shares(self, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Ranker scores and their softmax over the question's candidates."""
        if not len(x):
            return np.zeros(0), np.zeros(0)
        z = self.ranker(x)
        p = np.exp(z - z.max())
        return z, p / p.sum()

    def answerable(self, q: np.ndarray) -> float:
        """P(the articles answer the question) from its question-level features."""
        return float(1.0 / (1.0 + np.exp(-self.answer(q))))

    def to_json(self) -> str:
        return json.dumps(
            {
                "ranker": self.ranker.to_json(),
                "answer": self.answer.to_json(),
                "threshold": round(self.threshold, 4),
                "second_share": round(self.second_share, 4),
            },
            indent=1,
        )
