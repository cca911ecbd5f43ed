"""The learned answer scorer: P(this sentence answers the question), one small logistic model.

It ranks the candidate sentences and decides whether to answer at all: the
question is refused when the best candidate's probability is under the
threshold stored with the weights. Weights, feature scaling and threshold come
from `bench/train_scorer.py` (labelled question sets, cross-validated; the
figures are in the README) and ship as `scorer.json` beside this module.
A logistic model, not boosted trees: its twenty-odd weights can be read and
diffed, it needs no pickled object tied to a library version, and in the
training script's cross-validation trees gained less than a point.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np

from assistant.answering.features import NAMES
from assistant.errors import ModelFileError

MODEL_FILE = "scorer.json"


@dataclass(frozen=True)
class Scorer:
    names: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float
    threshold: float

    @classmethod
    def load(cls, path: Path | None = None) -> Scorer:
        """The packaged model, or the one at `path`; a missing or broken file is a ModelFileError."""
        source = path if path is not None else resources.files("assistant.answering") / MODEL_FILE
        try:
            data = json.loads(source.read_text(encoding="utf-8"))
            scorer = cls(
                tuple(data["features"]),
                np.asarray(data["mean"], dtype="float64"),
                np.asarray(data["scale"], dtype="float64"),
                np.asarray(data["coef"], dtype="float64"),
                float(data["intercept"]),
                float(data["threshold"]),
            )
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise ModelFileError(
                f"answer scorer {source} is missing or unreadable ({exc}); reinstall the package or retrain it "
                "with bench/train_scorer.py"
            ) from exc
        if scorer.names != NAMES or not (len(scorer.mean) == len(scorer.scale) == len(scorer.coef) == len(NAMES)):
            raise ModelFileError(
                f"answer scorer {source} was trained on other features ({len(scorer.names)}) than this code computes "
                f"({len(NAMES)}); retrain it with bench/train_scorer.py"
            )
        return scorer

    def probabilities(self, x: np.ndarray) -> np.ndarray:
        if not len(x):
            return np.zeros(0)
        z = ((x - self.mean) / self.scale) @ self.coef + self.intercept
        return 1.0 / (1.0 + np.exp(-z))

    def to_json(self) -> str:
        return json.dumps(
            {
                "features": list(self.names),
                "mean": self.mean.round(6).tolist(),
                "scale": self.scale.round(6).tolist(),
                "coef": self.coef.round(6).tolist(),
                "intercept": round(self.intercept, 6),
                "threshold": round(self.threshold, 4),
            },
            indent=1,
        )
