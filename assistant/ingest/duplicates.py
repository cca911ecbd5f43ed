"""Near-duplicate stories (the same wire story in two outlets, a re-published page), found at ingest.

Each article's text is cut into overlapping 5-word shingles and summarised by a MinHash
signature (datasketch); an LSH index over the signatures finds the few indexed articles
that could be copies, so checking one new article costs the same in an index of ten or of
a million. A copy is stored once: the kept article lists it under "also reported by", and
the copy is kept in the index without passages, so its file is not read again and it
comes back on its own if the kept article goes.

When is it a copy? Estimated Jaccard similarity of the shingle sets ≥ 0.8, or the new
text lies ≥ 0.9 inside an indexed one (a trimmed copy). With 5-word shingles one changed
word breaks five shingles, so 0.8 still holds for a re-headlined copy with a boilerplate
line added or a last paragraph cut (~10 % of the text), while an updated version of a
story that adds a third of new text (two such BBC stories score 0.62) stays separate:
it says something the first one does not. A longer version is never folded into a
shorter one by containment, so no sentence is lost.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
from datasketch import MinHash, MinHashLSH

NUM_PERM = 128  # the signature's length: Jaccard estimates within about ±0.04 near 0.8
SCHEME = "affine32"  # datasketch 2's default, named because a stored signature must say which it is
SHINGLE_WORDS = 5
JACCARD = 0.8  # at or above: the same story
CONTAINED = 0.9  # a text this much inside a longer indexed one is a trimmed copy of it
CANDIDATE = 0.5  # LSH band threshold: low enough to find trimmed copies, whose Jaccard is lower
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Signature:
    """An article's MinHash values and how many distinct shingles they summarise."""

    hashvalues: np.ndarray  # NUM_PERM values below 2**32
    shingles: int

    def row(self) -> np.ndarray:
        """The form stored with the index: [shingle count, hash values...] as uint32."""
        return np.concatenate([[self.shingles], self.hashvalues]).astype("uint32")

    @classmethod
    def from_row(cls, row: np.ndarray | None) -> Signature | None:
        if row is None or len(row) != NUM_PERM + 1 or not row.any():
            return None  # not stored, or stored with another signature length
        return cls(np.asarray(row[1:], dtype="uint32"), int(row[0]))

    def minhash(self) -> MinHash:
        return MinHash(num_perm=NUM_PERM, hashvalues=self.hashvalues, scheme=SCHEME)


def signature(text: str) -> Signature:
    """The MinHash of the text's word shingles (lower case; punctuation and spacing do not count)."""
    words = _WORD.findall(text.lower())
    size = min(SHINGLE_WORDS, len(words)) or 1
    shingles = {" ".join(words[i : i + size]).encode("utf-8") for i in range(max(1, len(words) - size + 1))}
    m = MinHash(num_perm=NUM_PERM, scheme=SCHEME)
    m.update_batch(list(shingles))
    return Signature(np.asarray(m.hashvalues, dtype="uint32"), len(shingles))


@dataclass(frozen=True)
class Match:
    doc_id: str  # the indexed article the new one copies
    jaccard: float


class DuplicateFinder:
    """The indexed articles' signatures, searchable for copies of a new one."""

    def __init__(self) -> None:
        self._lsh = MinHashLSH(threshold=CANDIDATE, num_perm=NUM_PERM)
        self._signatures: dict[str, Signature] = {}
        self._minhashes: dict[str, MinHash] = {}

    def add(self, doc_id: str, sig: Signature) -> None:
        m = sig.minhash()
        self._lsh.insert(doc_id, m, check_duplication=False)
        self._signatures[doc_id], self._minhashes[doc_id] = sig, m

    def match(self, sig: Signature) -> Match | None:
        """The indexed article this one is a copy of (the most similar), or None."""
        m = sig.minhash()
        best: Match | None = None
        for doc_id in self._lsh.query(m):
            jaccard = m.jaccard(self._minhashes[doc_id])
            if is_copy(sig, self._signatures[doc_id], jaccard) and (best is None or jaccard > best.jaccard):
                best = Match(doc_id, jaccard)
        return best


def is_copy(new: Signature, indexed: Signature, jaccard: float) -> bool:
    """Jaccard ≥ JACCARD, or `new` is no longer than `indexed` and lies ≥ CONTAINED inside it."""
    if jaccard >= JACCARD:
        return True
    if new.shingles > indexed.shingles or jaccard <= 0:
        return False
    overlap = jaccard / (1 + jaccard) * (new.shingles + indexed.shingles)  # |A ∩ B| from J, |A| and |B|
    return overlap / new.shingles >= CONTAINED
