"""Does a candidate sentence answer the question? A small, measured classifier.

A similarity threshold alone cannot tell "How many soldiers does North Korea
have?" from "How did North Korea react?": both pull in on-topic sentences. The
features below look at what the question asks for:

- coverage: IDF-weighted share of the question's content terms found in the
  sentence (or its article's title). A rare term that the sentence lacks
  ("soldiers", "population") costs a lot; a common one ("Korea") costs little.
- type_match: the expected answer type (a number for "how many", a date for
  "when", a name for "who", a place for "where", a role for "what is X's role")
  is present in the part of the sentence that the question does not repeat.
- novelty: the sentence says something beyond the question's own words.
- cosine: dense similarity of question and sentence.
- missing_unseen: a question term that appears nowhere in the whole index.

A logistic model combines them; `bench/tune_answerability.py` fits the weights
on labelled question sets and prints refusal recall and false-refusal rate.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from assistant.text import content_terms, fold, words

# Nouns that name the kind of answer. A sentence must still contain the number-,
# date- and place-nouns ("population" is what the question is about, and a
# sentence about missiles with a number in it does not answer it), but role
# nouns are answered by a title without the word: "What is X's role?" -> "press
# secretary X". So role nouns set the type and are dropped from the terms to cover.
_FRAME_TYPES = {
    "number": {
        "population",
        "number",
        "amount",
        "count",
        "size",
        "cost",
        "price",
        "age",
        "percentage",
        "percent",
        "total",
        "toll",
        "budget",
        "salary",
    },
    "date": {"date", "year", "day", "month"},
    "place": {"location", "place", "headquarters", "venue"},
    "role": {"role", "job", "position", "occupation", "profession"},
}
_FRAME_STEMS = {t: set(content_terms(" ".join(ws))) for t, ws in _FRAME_TYPES.items()}
_SOFT_STEMS = _FRAME_STEMS["role"]
_NUMBER_WORDS = {
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "dozen",
    "dozens",
    "hundred",
    "hundreds",
    "thousand",
    "thousands",
    "million",
    "millions",
    "billion",
    "billions",
    "trillion",
    "half",
    "twice",
    "several",
    "first",
    "second",
    "third",
}
_MONTHS = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*"
_DATE = re.compile(
    rf"\b({_MONTHS}\b|(mon|tues|wednes|thurs|fri|satur|sun)day|\d{{4}}|yesterday|today|"
    r"tomorrow|last (week|month|year)|next (week|month|year)|ago|earlier|later|decades?|"
    r"years?|months?|weeks?|days?|since|until|before|after)\b",
    re.I,
)
_ROLE = re.compile(
    r"\b(president|secretary|spokes(person|man|woman)|director|minister|leader|professor|"
    r"chief|head|chair(man|woman|person)?|ceo|founder|editor|reporter|correspondent|analyst|"
    r"governor|mayor|senator|ambassador|envoy|general|officer|official|adviser|advisor|"
    r"manager|member|judge|king|queen|prince|premier|chancellor|commander|executive|"
    r"spokesperson|researcher|fellow|economist|lawyer|attorney|doctor|author)\b",
    re.I,
)


# "Where did the missiles land?", "Where does she teach?": in a where/when/why/how
# question with do-support or a modal, the word before the question mark (and an
# optional preposition) is the main verb, which articles often paraphrase ("fell into
# the sea", "professor at"). It counts less. In "What did X announce?" the verb is the
# relation asked about, so what/who/which questions keep it at full weight.
_AUX_QUESTION = re.compile(
    r"^\s*(?:where|when|why|how)\b.*\b(?:do|does|did|must|can|could|should|would|will|may|might)"
    r"\b.*?\b(?P<verb>(?-i:[a-z]+))\s*(?:for|to|about|with|from|on|in|at|of|up)?\s*\?\s*$",
    re.I,
)
VERB_WEIGHT = 0.35
# A term found only in the title or the sentence before counts this much: it is often
# what "he", "the ministry" or a name in the sentence refers to.
CONTEXT_WEIGHT = 0.8


def given_terms(question: str, standalone: str) -> frozenset[str]:
    """Terms the standalone question took from earlier turns of the chat."""
    return frozenset(content_terms(standalone)) - frozenset(content_terms(question))


@dataclass(frozen=True)
class QuestionInfo:
    text: str
    terms: tuple[str, ...]  # content terms the sentence should cover (frame nouns removed)
    answer_type: str  # number | date | person | place | role | reason | any
    light: frozenset[str] = frozenset()  # terms that count VERB_WEIGHT (paraphrased verbs, given terms)

    @classmethod
    def parse(cls, question: str, given: frozenset[str] = frozenset()) -> QuestionInfo:
        """`given`: terms a follow-up took from earlier turns ("she" -> "the city's new mayor").
        The user knows them already; the answer is about the rest, so they count less."""
        q = fold(question).lower().strip()
        answer_type = "any"
        if re.match(r"^how old\b", q):
            answer_type = "age"
        elif re.match(r"^(how (many|much|long|far|large|big|often)|what (number|percentage|share))\b", q):
            answer_type = "number"
        elif re.match(r"^(when|what (year|date|day|month|time)|which (year|date|day|month))\b", q):
            answer_type = "date"
        elif re.match(r"^(who|whom|whose)\b", q):
            answer_type = "person"
        elif re.match(r"^(where|what (country|city|place)|which (country|city|place))\b", q):
            answer_type = "place"
        elif re.match(r"^why\b", q):
            answer_type = "reason"
        # "how long/old/far ..." words ask for the type of answer, like "how many".
        # "how long/old/far ..." words ask for the type of answer, like "how many"; so do
        # "stand for" and "refer to", which ask for what a name or abbreviation means.
        framed = re.sub(r"\bhow (long|old|far|large|big|often|soon)\b", "how", fold(question), flags=re.I)
        framed = re.sub(r"\b(stands?|stood) for\b|\brefers? to\b", " ", framed, flags=re.I)
        terms = content_terms(framed)
        for frame, stems in _FRAME_STEMS.items():
            if answer_type == "any" and any(t in stems for t in terms):
                answer_type = frame
        kept = tuple(t for t in terms if t not in _SOFT_STEMS)
        verb = _AUX_QUESTION.match(fold(question))
        frames = set().union(*_FRAME_STEMS.values())
        light = frozenset(t for t in content_terms(verb.group("verb")) if t not in frames) if verb else frozenset()
        return cls(question, kept or tuple(terms), answer_type, light | (given & set(terms)))


_AGE = re.compile(r"\b\d{1,3}[- ]years?[- ]old\b|\baged? \d{1,3}\b|\bage of \d{1,3}\b|, \d{1,3},", re.I)


def has_answer_type(answer_type: str, novel: list[str], sentence: str = "") -> bool:
    """Is there something of the asked-for type in the words the question did not supply?

    `novel` are the sentence's tokens that the question does not contain, in order,
    without the sentence's first word (capitalised anyway). An age needs its
    wording ("45 years old", "aged 45", news style "Ann Lee, 45, said") from the
    whole sentence: a bare number is as likely a name ("38 North").
    """
    novel_text = " ".join(novel)
    lowered = novel_text.lower()
    if answer_type == "number":
        return bool(re.search(r"\d", novel_text)) or any(w in _NUMBER_WORDS for w in words(lowered))
    if answer_type == "age":
        return bool(_AGE.search(sentence))
    if answer_type == "date":
        return bool(_DATE.search(novel_text))
    if answer_type in ("person", "place"):
        return any(tok[:1].isupper() or tok[:1].isdigit() for tok in novel)
    if answer_type == "role":
        return bool(_ROLE.search(novel_text))
    if answer_type == "reason":
        return bool(re.search(r"\b(because|due to|since|as a result|so that|in order to|after|amid|to)\b", lowered))
    return True


@dataclass
class Features:
    coverage: float
    type_match: float
    novelty: float
    cosine: float
    missing_unseen: float

    def vector(self) -> list[float]:
        return [self.coverage, self.type_match, self.novelty, self.cosine, self.missing_unseen]


def features(
    info: QuestionInfo, sentence: str, context: str, cosine: float, idf: dict[str, float], default_idf: float
) -> Features:
    """`context` (the article title) may cover topic terms a sentence leaves implicit."""
    sentence_terms = set(content_terms(sentence))
    context_terms = set(content_terms(context))
    weights = {t: idf.get(t, default_idf) * (VERB_WEIGHT if t in info.light else 1.0) for t in info.terms}
    total = sum(weights.values()) or 1.0
    covered = sum(w for t, w in weights.items() if t in sentence_terms)
    covered += CONTEXT_WEIGHT * sum(w for t, w in weights.items() if t not in sentence_terms and t in context_terms)
    question_words = set(words(info.text))
    tokens = [t.strip("“”\"'‘’.,;:!?()") for t in sentence.split()[1:]]
    novel = [t for t in tokens if t and t.lower() not in question_words]
    novel_terms = sentence_terms - set(info.terms)
    unseen = any(t not in idf and t not in sentence_terms and t not in info.light for t in info.terms)
    return Features(
        coverage=covered / total,
        type_match=1.0 if has_answer_type(info.answer_type, novel, sentence) else 0.0,
        novelty=min(len(novel_terms), 5) / 5.0,
        cosine=cosine,
        missing_unseen=1.0 if unseen else 0.0,
    )


# Searched by bench/tune_answerability.py on eval/answerability_questions.jsonl (news, seed articles)
# and the scikit-learn SQuAD-format set (eval/sklearn_descr_squad.json); figures in README.md.
WEIGHTS = [3.5, 4.0, 1.0, 4.5, -1.5]
BIAS = -8.0
MISMATCH_FACTOR = 0.3


def probability(f: Features, weights: list[float] = WEIGHTS, bias: float = BIAS) -> float:
    z = bias + sum(w * x for w, x in zip(weights, f.vector(), strict=True))
    return 1.0 / (1.0 + math.exp(-z))


def answer_probability(info: QuestionInfo, f: Features) -> float:
    """P(answerable) with a gate: a "how old" or "when" question is not answered by a
    sentence with no age or date in it, however well it covers the other terms."""
    p = probability(f)
    return p * MISMATCH_FACTOR if info.answer_type != "any" and not f.type_match else p
