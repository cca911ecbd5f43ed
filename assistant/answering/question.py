"""What a question asks for: its content terms and the kind of answer it expects.

The expected type comes from the question word and, for "what/which X", the noun
that follows it ("Which company ..." → an organisation) or the parsed subject of
"What is/was the N ...?" ("What are Skype's revenues?" → a sum), never from a noun
elsewhere in the question: in "What did the company launch weeks before
Christmas?" the word "weeks" is a modifier, not what is asked. Types are spaCy
entity labels, so a sentence "holds the answer type" when the tagger found such
an entity in it at ingest.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.ingest.annotate import parse as parse_text
from assistant.ingest.annotate import parts_of_speech
from assistant.text import content_terms, fold, words

# spaCy labels that answer each kind of question, the likeliest first ("where does she
# teach?" is answered by a university, an ORG, as often as by a city).
TYPE_LABELS: dict[str, tuple[str, ...]] = {
    "person": ("PERSON", "ORG", "NORP"),
    "org": ("ORG", "PERSON", "NORP"),
    "place": ("GPE", "LOC", "FAC", "ORG"),
    "date": ("DATE", "TIME"),
    "number": ("CARDINAL", "MONEY", "PERCENT", "QUANTITY", "DATE", "TIME", "ORDINAL"),
    # "How many people ...?" is a count: "annual" or "December 2003" (DATE) and "third" (ORDINAL)
    # are not one, and matching them answered unanswerable counts with any dated sentence; nor is
    # "60% of prisoners" or a sum ("How many pounds ...?" is a question of money).
    "count": ("CARDINAL", "QUANTITY"),
    "duration": ("DATE", "TIME", "QUANTITY", "CARDINAL"),  # "how long", "how many years"
    "money": ("MONEY", "PERCENT"),  # a sum or a rise ("3%"); "300 million articles" (CARDINAL) is no price
    "percent": ("PERCENT", "CARDINAL"),
    "work": ("WORK_OF_ART", "PRODUCT", "ORG", "EVENT"),
    "nationality": ("NORP", "GPE"),
}

# The noun right after "what/which" names the answer's type. No royal or church titles among the
# persons: the tagger misses most historical names ("Theodosius I"), so a typed question would refuse.
_FRAME_NOUNS: dict[str, str] = {}
for _type, _nouns in {
    "org": "company companies firm firms bank banks team teams club clubs group groups party parties agency "
    "newspaper paper channel network broadcaster label studio organisation organization airline carrier "
    "retailer supermarket operator manufacturer maker carmaker chain union body department ministry court "
    "side band university school college",
    "person": "player players man woman person people minister leader chief boss executive actor actress singer "
    "director manager coach star official spokesman spokeswoman candidate winner presenter author writer "
    "chairman president captain striker rival judge mayor pilot governor chancellor founder owner father mother "
    "son daughter wife husband brother sister composer architect "
    "inventor scientist artist poet painter novelist musician journalist reporter editor lawyer doctor surgeon "
    "commander general officer driver rider jockey boxer goalkeeper keeper",
    "place": "country countries city cities town towns place region state nation venue stadium capital island "
    "continent county area airport",
    "date": "year years date day month time season week decade",
    "work": "film films movie album song book show programme program game product device software phone "
    "award prize console title series",
    "money": "price cost fee salary sum amount",
    "percent": "percentage percent proportion share rate",
    "number": "number",
    "nationality": "nationality",
}.items():
    for _noun in _nouns.split():
        _FRAME_NOUNS[_noun] = _type

# The subject of "What is/was the N ...?" names the answer's type too, beyond the frame nouns: "What
# are Skype's annual revenues?" asks for a sum, "What is the population of Harbin?" for a count.
_SUBJECT_NOUNS: dict[str, str] = dict(_FRAME_NOUNS)
for _type, _nouns in {
    "money": "revenue sale profit budget turnover income loss earning valuation debt deficit wage bonus fortune",
    "count": "population attendance capacity crowd majority toll",
    "age": "age",
}.items():
    for _noun in _nouns.split():
        _SUBJECT_NOUNS[_noun] = _type
# After "what" these are a date ("What time ...?"), as a subject rarely: "What was her winning time?"
# is a duration, "the season's top scorer" a person. ("name" is read through its "of" instead.)
for _noun in ("time", "day", "week", "season"):
    del _SUBJECT_NOUNS[_noun]

_QUOTE_VERBS = r"(say|said|says|tell|told|warn|warned|describe|described|call|called|claim|claimed|add|added)"
_PRONOUN_OBJECT = r"(he|she|they|it|him|her|them)"
_LATEST = re.compile(r"\b(most recent|latest|newest|most up-to-date)\b")


@dataclass(frozen=True)
class QuestionInfo:
    text: str
    terms: tuple[str, ...]  # content terms a sentence should cover
    answer_type: str  # a key of TYPE_LABELS, or: age, quote, reason, manner, description, summary, any
    light: frozenset[str] = frozenset()  # terms that count less: paraphrased verbs, terms from earlier turns
    words: frozenset[str] = frozenset()  # the question's own lower-cased words
    names: frozenset[str] = frozenset()  # content terms of the capitalised names it mentions ("Psaki")
    asks_speaker: bool = False  # "Who said/warned/told ...?": the quotation's speaker is the answer
    # Terms of its nouns, adjectives and numbers: what it asks about its names ("subscribers",
    # "lecture tour"). Verbs are left out: articles say "received" where questions say "awarded",
    # and "met" does not even stem to "meet".
    relation: frozenset[str] = frozenset()
    # "What is the most recent / latest X?": of the sentences that may answer, the latest dated one.
    asks_latest: bool = False

    @property
    def labels(self) -> tuple[str, ...]:
        return TYPE_LABELS.get(self.answer_type, ())

    @classmethod
    def parse(cls, question: str, given: frozenset[str] = frozenset()) -> QuestionInfo:
        """`given`: terms a follow-up took from earlier turns; the answer is about the rest."""
        q = fold(question).strip()
        low = q.lower()
        answer_type = _answer_type(low, q)
        if answer_type == "summary":  # the request's own words are not what the articles must contain
            q = _SUMMARY.sub(" ", q)
        # "how long/old/far" and "stand for" ask for the type of answer; they are not terms to find.
        framed = re.sub(r"\bhow (long|old|far|large|big|often|soon|much|many)\b", "how", q, flags=re.I)
        framed = re.sub(r"\b(stands?|stood) for\b|\brefers? to\b", " ", framed, flags=re.I)
        terms = tuple(content_terms(framed))
        if answer_type == "description":
            terms = tuple(t for t in terms if t not in _ROLE_STEMS) or terms
        light = set(given & set(terms))
        noun = _frame_noun(low)
        if noun:  # "which company", "what year": the answer names it rather than repeating the word
            light |= set(content_terms(noun))
        verb = _AUX_QUESTION.match(q)
        if verb:
            light |= set(content_terms(verb.group("verb")))
        if answer_type == "quote":
            light |= set(content_terms("say said says tell told warn warned add added"))
        latest = _LATEST.search(low)
        if latest:  # the articles say "in December", not "the latest"
            light |= set(content_terms(latest.group(0)))
        names = frozenset(content_terms(" ".join(_NAME.findall(q[1:])))) & set(terms) - _CALENDAR
        asks_speaker = bool(_ASKS_SPEAKER.match(low))
        relation = frozenset(
            content_terms(" ".join(w for w, pos in parts_of_speech(framed) if pos in _RELATION_POS))
        ) & set(terms)
        return cls(
            question, terms, answer_type, frozenset(light), frozenset(words(q)), names, asks_speaker, relation,
            bool(latest),
        )  # fmt: skip


_TIME_UNITS = frozenset(
    "seconds minutes hours days nights weeks weekends months years decades centuries seasons".split()
)
_CURRENCIES = frozenset("pounds dollars euros yen yuan francs rupees pence cents".split())
_RELATION_POS = frozenset({"NOUN", "ADJ", "NUM"})
_ASKS_SPEAKER = re.compile(rf"^(who|whom|which \w+(?: \w+)?)\s+(\w+\s+)?{_QUOTE_VERBS}\b")
# Months and weekdays are capitalised but name no one ("May" may be Theresa May: left a name):
# "in January" is when, and a story that says "last month" must not count as missing a name.
_CALENDAR = frozenset(
    content_terms(
        "January February March April June July August September October November December "
        "Monday Tuesday Wednesday Thursday Friday Saturday Sunday"
    )
)
_NAME = re.compile(r"\b[A-Z][\w'-]*[a-z][\w'-]*\b")
_ROLE_STEMS = frozenset(content_terms("role job position title occupation profession"))

# In "Where did the missiles land?" the main verb before the "?" is often paraphrased in the
# article ("fell into the sea"), so it counts less; what/who questions keep their verb.
_AUX_QUESTION = re.compile(
    r"^\s*(?:where|when|why|how)\b.*\b(?:do|does|did|must|can|could|should|would|will|may|might)"
    r"\b.*?\b(?P<verb>(?-i:[a-z]+))\s*(?:for|to|about|with|from|on|in|at|of|up)?\s*\?\s*$",
    re.I,
)


def _frame_noun(q: str) -> str | None:
    """The noun after "what/which" (or one word later) when it names a type: "which (Spanish) players"."""
    m = re.match(r"^(?:in |on |at |for |by |from |to )?(?:what|which)\s+(\w+)(?:\s+(\w+))?", q)
    if not m:
        return None
    return next((w for w in m.groups() if w in _FRAME_NOUNS), None)


_SUMMARY = re.compile(
    r"^\s*(please\s+)?(summari[sz]e|sum up|give (me )?(a |an )?(summary|overview|rundown) of|"
    r"what (do|does) (the|these|this) (articles?|stories|story|coverage|reports?) say about|"
    r"what (is|are) (the|these|this) (articles?|stories|story) about|"
    r"tell me (about|what happened (with|in|to))|what happened (with|to|in))\b"
    r"(\s+(the|all)?\s*(articles?|stories|story|coverage|news|reports?)\s+(about|on|of)?)?",
    re.I,
)


_NAMING = frozenset({"call", "know", "name", "term", "dub"})
_COPULAR = re.compile(r"^(what|which)\s+(is|was|are|were)\b")


def _subject_type(question: str) -> str | None:
    """The type named by the subject of "What is/was [the] N ...?", from the parse: the noun the copula
    joins to "what", read through "name of" ("What is the name of the judge who ...?" asks for a
    person). A noun inside a clause ("What is the soil found in the basin called?") is not it.
    """
    doc = parse_text(question)
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    if root is None or root.lemma_ != "be" or any(t.lemma_ in _NAMING for t in doc if t.pos_ == "VERB"):
        return None  # "What is the game called in China?" asks for a word, whatever it names
    head = next((t for t in root.children if t.dep_ in ("nsubj", "attr") and t.pos_ == "NOUN" and t.i > root.i), None)
    if head is not None and head.lemma_.lower() == "name":
        of = next((c for c in head.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        head = next((c for c in of.children if c.dep_ == "pobj" and c.pos_ == "NOUN"), None) if of else None
    if head is None or any(_asks_inside(c) for c in head.children if c.dep_ in ("acl", "relcl")):
        return None
    kind = _SUBJECT_NOUNS.get(head.lower_) or _SUBJECT_NOUNS.get(head.lemma_.lower())
    # The tagger rarely marks a title as a work ("the Jikji"): "What is the oldest book ...?" stays open.
    return None if kind == "work" else kind


def _asks_inside(verb) -> bool:
    """Whether "what" is the object of a clause on the subject, not the subject itself: "What is the
    budget going to fund?" (a verb to come, with no object), "What was the budget cut by?" (a stranded
    preposition). The parser reads both as "the budget" being what is asked.
    """
    return any(c.dep_ == "xcomp" for c in verb.children) or any(
        c.dep_ == "prep" and not any(g.dep_ == "pobj" for g in c.children) for c in verb.children
    )


def _answer_type(q: str, question: str) -> str:
    """`q` is the folded, lower-cased question; `question` the same with its case, for the parser."""
    if _SUMMARY.match(q):
        return "summary"
    if re.match(r"^how old\b|^what age\b|^at what age\b", q):
        return "age"
    if re.match(
        r"^(by )?how much\b.*\b(cost|pay|paid|worth|spend|spent|price|raise|raised|charge|sell|sold|fine|fined|earn)", q
    ):
        return "money"
    count = re.match(r"^(?:by )?how many (\w+)", q)
    if count:
        unit = count.group(1)
        return "duration" if unit in _TIME_UNITS else "money" if unit in _CURRENCIES else "count"
    if re.match(r"^(by )?how (much|far|large|big|often|high|tall|fast)\b", q):
        return "number"
    if re.match(r"^how long\b", q):
        return "duration"
    if re.match(r"^(when|since when|until when)\b", q):
        return "date"
    if re.match(rf"^(who|whom)\s+(\w+\s+)?{_QUOTE_VERBS}\b", q):
        return "person"
    if re.match(r"^(who|whom)\s+(is|was|are|were)\s+[a-z\-' ]+\??$", q) and not re.search(r"\b(the|a|an)\b", q):
        return "description"  # "Who is Leif-Eric Easley?" asks who the person is, not for a name
    if re.match(r"^(who|whom|whose)\b", q):
        return "person"
    if re.match(r"^(where|from where)\b", q):
        return "place"
    if re.match(
        r"^why\b|^how come\b|^for what reason\b|^what (is|was|were|are) the (main )?(reasons?|causes?)\b|"
        r"^what (caused|causes|led to|leads to|prompted|triggered|drove|is behind|was behind|brought about)\b|"
        r"^what (reasons?|explanation|excuse|justification)\b",
        q,
    ):
        return "reason"
    if re.match(rf"^what (did|does|do|has|have|had|will|would)\b.*\b{_QUOTE_VERBS}\b", q):
        return "quote"
    # "What was the average house price, according to the Land Registry?" asks for a sum all the same.
    subject = _subject_type(question) if _COPULAR.match(q) else None
    if subject:
        return subject
    if re.search(rf"\baccording to\b|\b{_QUOTE_VERBS} about\b", q):
        return "quote"
    if re.match(
        r"^what (is|was|are|were) ((?:[\w-]+ ){0,3}[\w-]+'s|the) (role|job|position|title|occupation|profession)\b", q
    ):
        return "description"
    noun = _frame_noun(q)
    if noun:
        return _FRAME_NOUNS[noun]
    if re.match(r"^how (did|does|do|has|have|had|will|would|can|could|is|was|are|were)\b", q):
        return "manner"
    return "any"
