"""Make a follow-up question standalone from the whole chat: earlier questions *and* answers.

Rule-based so it runs offline and in milliseconds; an LLM condenser may replace the
rewrite (llm/generator.py) and falls back to this one.

1. **Entity tracking.** The entities of every earlier question (as resolved) and answer
   are found with the answer engine's spaCy tagger (`ingest.annotate.entities`), grouped
   ("Mr Raskin" = "Jef Raskin", "Easley" = "Leif-Eric Easley") and scored for salience:
   recent turns count more, a question's entities more than an answer's, and the entity
   that answered a "who / which company" question most of all (it is what the chat is
   now about).
2. **Pronouns by type.** he/she/his/her -> a PERSON, it/its/the company -> an ORG (or a
   work, a product), they/their -> an ORG, a country, a group, there -> a place. A
   pronoun whose referent is named earlier in the same question is left alone ("Who has
   Roger Federer asked to be his coach?"), but an object pronoun never is ("How much is
   Unilever paying them?"), and so is everything in a question that needs nothing from the
   chat: a topic switch carries nothing over. A name after "in"/"at" is a place whatever the
   tagger says; "the trip" takes the fuller phrase an earlier question used for the same noun.
3. **Ellipsis.** "And Trump?", "What about Moon?", "And in 2005?", "And his poem?": the
   previous (resolved) question with its entity of the same kind swapped for the new one
   (a short name completed as the chat named it); with none of that kind, a person or
   company takes the place of "who" ("Who owns X?" + "And Branson?" -> "Does Branson own X?").
   A wh-fragment ("At what time?", "By how much?") takes the previous question's wh-phrase.
4. **"What else", "more", "anything else".** The question resolved as above, and the
   sentences the earlier answers already quoted are excluded from the answer; "what else
   did he say" keeps what the previous question asked him about.
5. **Bare "Why?", "How?", "When?".** The previous question asked again, or the previous
   answer's main clause turned into the question (dependency parse; after "X said Y", "Why?"
   asks of Y), its pronouns resolved from the chat; a sentence that already gives the reason
   is not excluded from the answer to "Why?".
6. **History-aware retrieval.** When the rewrite is unsure (no referent of the right
   type, an ellipsis with no slot), the follow-up is searched together with the key
   terms of the previous turns, which the answer engine weighs down (`Query.given`).

`resolve()` says which of these it did (`Resolution.mode`); `condense()` is the plain
(question, history) -> standalone question `Condenser` kept for the LLM fallback.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from assistant.ingest.annotate import entities
from assistant.ingest.annotate import parse as _parse
from assistant.text import STOPWORDS, content_terms, fold, normalize_answer, sentence_spans

if TYPE_CHECKING:
    from spacy.tokens import Token

# A follow-up resolver: (question, earlier user turns) -> standalone question.
Condenser = Callable[[str, list], str]

NONE, REWRITE, HISTORY = "none", "rewrite", "history"


@dataclass(frozen=True)
class Turn:
    """One earlier exchange of the chat; `answer` is "" when only the question is known."""

    question: str
    answer: str = ""


@dataclass(frozen=True)
class Resolution:
    standalone: str  # the question to answer (for HISTORY: the follow-up plus earlier key terms)
    mode: str = NONE  # NONE: nothing taken from the chat; REWRITE: resolved; HISTORY: history-aware search
    context: str = ""  # HISTORY: the earlier turns' key terms appended to the follow-up
    exclude: frozenset[str] = frozenset()  # normalised sentences earlier answers already gave ("what else")
    topic: str = ""  # the previous answer's claim: what the chat is about now, to steer the search a little


def as_turns(history: Iterable | None) -> list[Turn]:
    """Earlier turns from plain questions, {"question", "answer"} dicts or objects with those attributes."""
    turns = []
    for item in history or []:
        if isinstance(item, Turn):
            turns.append(item)
        elif isinstance(item, str):
            if item.strip():
                turns.append(Turn(item.strip()))
        elif isinstance(item, dict):
            question = str(item.get("question") or "").strip()
            if question:
                turns.append(Turn(question, str(item.get("answer") or "").strip()))
        elif getattr(item, "question", None):
            turns.append(Turn(str(item.question).strip(), str(getattr(item, "answer", "") or "").strip()))
    return turns


def condense(question: str, history: Sequence) -> str:
    """Standalone form of `question` (the `Condenser` interface); unchanged when it needs nothing."""
    return resolve(question, history).standalone


# ---- word lists -------------------------------------------------------------------------

_PERSON_PRONOUNS = {"he", "him", "his", "himself", "she", "her", "hers", "herself"}
_MALE = {"he", "him", "his", "himself"}
_FEMALE = {"she", "her", "hers", "herself"}
_THING_PRONOUNS = {"it", "its", "itself"}
_GROUP_PRONOUNS = {"they", "them", "their", "theirs", "themselves"}
_POSSESSIVES = {"his", "its", "their", "hers", "theirs"}  # "her" is decided by the word after it
_PRONOUN = re.compile(
    r"\b(he|him|his|himself|she|her|hers|herself|it|its|itself|they|them|their|theirs|themselves|there)\b", re.I
)
# Words after "her" that make it an object ("asked her about"), not a possessive ("her ban").
_AFTER_OBJECT = {
    "about", "to", "for", "with", "in", "on", "at", "from", "by", "that", "if", "when", "as", "",
    "do", "be", "again", "now", "so", "yet", "there", "then", "back", "up", "out", "off", "over",
}  # fmt: skip
# "the company" / "the country": definite descriptions that point back like a pronoun.
_DESCRIPTIONS = {
    "ORG": "company firm group carmaker airline bank retailer studio studios broadcaster network club team "
    "organisation organization agency laboratory lab manufacturer maker operator label band",
    "GPE": "country nation city town state capital",
}
_DESCRIPTION = re.compile(
    r"\bthe (" + "|".join(w for words in _DESCRIPTIONS.values() for w in words.split()) + r")\b", re.I
)
_DESCRIPTION_LABEL = {w: label for label, words in _DESCRIPTIONS.items() for w in words.split()}
# Heads that turn a name into an institution: "North Korea's foreign ministry", "the Biden administration".
_INSTITUTIONS = set(
    "ministry government administration regime department army military embassy agency office party council "
    "committee court police parliament team club board union company firm group studio studios laboratory "
    "lab campaign family".split()
)
_ROLES = set(
    "star singer rapper musician artist player striker midfielder defender goalkeeper captain coach manager boss "
    "minister secretary chancellor president chairman chairwoman chief executive spokesman spokeswoman director "
    "sprinter runner athlete champion author writer actor professor judge lawyer leader founder footballer "
    "cricketer golfer boxer driver veteran presenter comedian designer economist analyst".split()
)
_TITLES = {"mr", "mrs", "ms", "miss", "dr", "sir", "dame", "lord", "lady", "prof", "professor", "president"}
_TITLE_GENDER = {
    **dict.fromkeys("mr sir lord king prince duke actor husband son father brother boyfriend man".split(), "m"),
    **dict.fromkeys(
        "mrs ms miss dame lady queen princess duchess actress wife daughter mother sister girlfriend "
        "woman singer-songwriter".split(),
        "f",
    ),
}
# Labels a pronoun can point to, with how well each fits.
_FIT = {
    "person": {"PERSON": 1.0, "NAME": 0.6, "NORP": 0.1},
    "thing": {"ORG": 1.0, "WORK_OF_ART": 0.9, "PRODUCT": 0.9, "EVENT": 0.8, "LAW": 0.8, "FAC": 0.7, "GPE": 0.6,
              "NAME": 0.5, "NORP": 0.3},
    "group": {"ORG": 1.0, "GPE": 0.8, "NORP": 0.8, "NAME": 0.4},
    "place": {"GPE": 1.0, "LOC": 1.0, "FAC": 0.8, "NORP": 0.4, "ORG": 0.1},
    "company": {"ORG": 1.0, "NAME": 0.6, "PRODUCT": 0.3, "GPE": 0.1},
}  # fmt: skip
_KIND = {**dict.fromkeys(_PERSON_PRONOUNS, "person"), **dict.fromkeys(_THING_PRONOUNS, "thing")}
_KIND.update(dict.fromkeys(_GROUP_PRONOUNS, "group"))
_KIND["there"] = "place"
_NAMED = {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "WORK_OF_ART", "PRODUCT", "EVENT", "LAW", "NAME"}
_FOCUS = {
    "person": frozenset({"PERSON"}),
    "org": frozenset({"ORG"}),
    "place": frozenset({"GPE", "LOC", "FAC"}),
    "work": frozenset({"WORK_OF_ART", "PRODUCT", "EVENT"}),
}
_PLACES = frozenset({"GPE", "LOC", "FAC", "NORP"})
_MIN_SALIENCE = 0.4  # below this the best referent is a guess: search with the history instead

_LEAD = re.compile(r"^\s*(?:(?:and|so|but|ok(?:ay)?|well|then|also)\b[\s,]*)+", re.I)  # "OK, and who ...?"
_WH_START = re.compile(
    r"^(?:who|whom|whose|what|which|where|when|why|how|is|are|was|were|do|does|did|has|have|had|will|would|"
    r"can|could|should|may|might|must|tell|give|list|name|describe|explain)\b",
    re.I,
)
_ELLIPSIS = re.compile(
    r"^\s*(?:and|but|what about|how about|and what about|and how about)\s+(?P<x>[^?]+?)\s*\??\s*$", re.I
)
_BARE = re.compile(
    r"^\s*(?:and\s+|but\s+|so\s+)?(?P<wh>why|how|when|where|how come)(?P<neg>\s+not)?\s*[?!.]*\s*$", re.I
)
# A question cut to its wh-phrase: "At what time?", "How much?", "Since which year?"
_WH_PREP = r"(?:(?:at|in|on|for|since|until|by|from|to)\s+)?"
_FRAGMENT = re.compile(
    rf"^\s*(?:and\s+|but\s+|so\s+)?(?P<wh>{_WH_PREP}(?:what|which)\s+"
    r"(?:time|year|day|month|date|age|price|hour|level|stage|rate|round)|(?:by\s+|for\s+)?how\s+"
    r"(?:much|many|long|far|often|old|big|soon))\s*[?!.]*\s*$",
    re.I,
)
_MORE = re.compile(
    r"\b(?:what|who|where|which|how|anything|anyone|anybody|something|somebody)\s+else\b|^\s*(?:and\s+)?"
    r"(?:(?:tell me |say |anything |something )?more|go on|continue|other(?: things)?)\b|\bwhat other\b|"
    r"\banything more\b",
    re.I,
)
_AUX = re.compile(
    r"^(?P<aux>is|are|was|were|do|does|did|has|have|had|will|would|can|could|should|may|might|must)\s+(?P<rest>.+)$",
    re.I,
)
_COPULAS = {"is", "are", "was", "were"}
_AUX_WORDS = r"(?:is|are|was|were|do|does|did|has|have|had|will|would|can|could|should|may|might|must)"
_MARKERS = re.compile(r"\s*\[\d+\]")
_INSERTION = re.compile(r"\[([^\[\]\d][^\[\]]*)\]\s*")
_NAME_LIKE = re.compile(r"\b[A-Z][\w.-]*(?: (?:(?:de|van|von|bin|al) )?[A-Z][\w.-]*)*")
_NOT_NAMES = set(
    "i what who whom whose why how when where which did does do is was are were has have had will would can could "
    "should may might must and but so the a an if in on at of for to by with from as it he she they we you this "
    "that these those there january february march april may june july august september october november december "
    "monday tuesday wednesday thursday friday saturday sunday mr mrs ms dr".split()
)
# A demonym stands for its country when "there" needs a place ("Vodafone's Japanese operation").
_COUNTRIES = {
    "japanese": "Japan", "chinese": "China", "american": "the US", "british": "the UK", "french": "France",
    "german": "Germany", "korean": "Korea", "russian": "Russia", "indian": "India", "australian": "Australia",
    "italian": "Italy", "spanish": "Spain", "irish": "Ireland", "dutch": "the Netherlands", "canadian": "Canada",
    "brazilian": "Brazil", "mexican": "Mexico", "welsh": "Wales", "scottish": "Scotland", "english": "England",
    "iranian": "Iran", "iraqi": "Iraq", "israeli": "Israel", "turkish": "Turkey", "swiss": "Switzerland",
    "swedish": "Sweden", "greek": "Greece", "jamaican": "Jamaica", "south african": "South Africa",
}  # fmt: skip


# ---- entities of the chat -----------------------------------------------------------------


@dataclass
class Mention:
    text: str  # the name as written, without "'s"
    label: str
    turn: int
    role: str  # "question" | "answer"
    order: int  # position among the text's entities
    focus: bool = False  # the entity that answered a "who / which X" question


@dataclass
class Entity:
    """Mentions of one thing across the chat."""

    mentions: list[Mention] = field(default_factory=list)
    gender: Counter = field(default_factory=Counter)
    placed: int = 0  # mentions as a place: "in Lievin", "at Auschwitz" (the tagger often calls those persons)

    @property
    def name(self) -> str:
        """The fullest form used: "Jef Raskin" over "Mr Raskin", "the Biden administration" over "Biden"."""
        country = [_COUNTRIES[m.text.lower()] for m in self.mentions if m.text.lower() in _COUNTRIES]
        if country and all(m.label == "NORP" for m in self.mentions):
            return country[0]
        asked = [_untitled(m.text) for m in self.mentions if m.role == "question"]
        told = [_untitled(m.text) for m in self.mentions if m.role == "answer"]
        if not asked:
            return max(told, key=lambda f: (len(_tokens(f)), len(f)))
        # The user's own wording, completed by the answers: "Moon" -> "Moon Jae-in", "Raskin" -> "Jef Raskin"
        # (but not "Michelle Collins" -> "Sprinter Michelle Collins", the tagger's sentence-initial noise).
        best = max(asked, key=lambda f: (len(_tokens(f)), len(f)))
        fuller = [
            f
            for f in told
            if f.startswith(best + " ") or (len(_tokens(best)) == 1 and len(_tokens(f)) == 2 and f.endswith(" " + best))
        ]
        return max(fuller, key=len) if fuller else best

    @property
    def labels(self) -> Counter:
        return Counter(m.label for m in self.mentions)

    def fit(self, kind: str) -> float:
        table = _FIT[kind]
        labels = self.labels
        typed = [label for label in labels if label != "NAME"] or ["NAME"]
        best = max(table.get(label, 0.0) for label in typed)
        if kind != "person" and not sum(self.gender.values()):
            best = max(best, 0.3 * (labels["PERSON"] > 0))  # the tagger called "Virgin Blue" a person
        if kind == "place" and (self.placed or any(m.text.lower() in _COUNTRIES for m in self.mentions)):
            best = max(best, 0.9)
        if kind == "person" and self.placed and not sum(self.gender.values()):
            best = min(best, 0.1)
        if kind == "person" and (
            self.gender["p"] or (sum(self.gender.values()) and (labels["PERSON"] or labels["NAME"]))
        ):
            best = max(best, 0.9)  # "Sizzla" tagged as a place once but called "he": a person
        return best

    def salience(self, now: int) -> float:
        score = 0.0
        for m in self.mentions:
            weight = 5.0 if m.focus else 2.0 if m.role == "question" else 1.0
            weight *= 1.2 if m.order == 0 else 1.0
            score += weight * 0.5 ** max(0, now - 1 - m.turn)
        return score


def _untitled(name: str) -> str:
    words = name.split(" ")
    while len(words) > 1 and words[0].lower().rstrip(".") in {"mr", "mrs", "ms", "miss", "dr", "president"}:
        words = words[1:]
    return " ".join(words)


def _tokens(name: str) -> list[str]:
    return [t for t in re.split(r"\s+", name.strip()) if t] or [""]


def _key(name: str) -> set[str]:
    """Tokens that identify a name, without titles and articles."""
    return {t.lower().strip(".,") for t in _tokens(name) if t.lower() not in _TITLES | {"the", "a", "an"}}


def _same(a: Mention, entity: Entity) -> bool:
    ka = _key(a.text)
    for m in entity.mentions:
        kb = _key(m.text)
        if a.text.lower() == m.text.lower():
            return True
        institution_a, institution_b = bool(ka & _INSTITUTIONS), bool(kb & _INSTITUTIONS)
        if institution_a != institution_b or not ka or not kb:
            continue
        compatible = a.label == m.label or "NAME" in (a.label, m.label) or {a.label, m.label} <= {"ORG", "GPE"}
        if compatible and (ka <= kb or kb <= ka):
            return True
    return False


class Chat:
    """The entities of the earlier turns, each with its mentions, gender evidence and salience."""

    def __init__(
        self,
        texts: list[tuple[int, str, str, list[tuple[int, int, str]]]],
        focus_labels: dict[int, frozenset[str]],
        typed: Sequence[str] = (),
    ) -> None:
        """`typed`: the earlier questions as the user typed them, before they were resolved."""
        self.entities: list[Entity] = []
        questions = {turn: text.lower() for turn, role, text, _ in texts if role == "question"}
        for turn, role, text, ents in texts:
            # "How old is he?" resolved to "How old is Jordan Bratman?": the chat itself took
            # Bratman for a "he", the strongest gender evidence it has (a name alone gives none).
            said = typed[turn].lower() if role == "question" and turn < len(typed) else ""
            pronouns = {w for w in re.findall(r"[a-z]+", said) if w in _PERSON_PRONOUNS}
            resolved = ("m" if pronouns <= _MALE else "f" if pronouns <= _FEMALE else "") if pronouns else ""
            labels = focus_labels.get(turn, frozenset()) if role == "answer" else frozenset()
            for order, (start, end, label, name) in enumerate(_mentions(text, ents)):
                m = Mention(name, label, turn, role, order)
                if labels and label in labels and name.lower() not in questions.get(turn, ""):
                    m.focus = True  # what the question asked for: the chat is now about it
                    labels = frozenset()
                entity = next((e for e in self.entities if _same(m, e)), None)
                if entity is None:
                    entity = Entity()
                    self.entities.append(entity)
                entity.mentions.append(m)
                if re.search(r"\b(?i:in|at)\s+$", text[:start]) and not re.match(r"['’]", text[end:]):
                    entity.placed += 1
                gender = _gender_after(text, start, end, name)
                # The tagger often calls a resolved "Courtney Love's" a PRODUCT or an ORG: any name but a place.
                if resolved and label not in _PLACES and name.lower() not in said:
                    gender = resolved
                if gender:
                    entity.gender[gender] += 1

    def candidates(self, kind: str, now: int, skip: Sequence[Entity] = ()) -> list[tuple[float, Entity]]:
        out = []
        for e in self.entities:
            if e in skip:
                continue
            fit = e.fit(kind)
            if fit > 0:
                out.append((fit * e.salience(now), e))
        return sorted(out, key=lambda x: -x[0])

    def find(self, name: str) -> Entity | None:
        probe = Mention(name, "NAME", 0, "question", 0)
        return next((e for e in self.entities if _same(probe, e)), None)


def topic_of(turn: str) -> str | None:
    """The entity a question is about: the first name in it, else the X of "Who is X?"."""
    mentions = _mentions(turn, _entities([turn])[0])
    if mentions:
        return mentions[0][3]
    m = _WHO_IS.match(turn)
    return m.group("x") if m else None


_WHO_IS = re.compile(r"^\s*(?:who|whom)\s+(?:is|was|are|were)\s+(?P<x>(?:the|a|an|this|that)\s+[^?]+?)\s*\??\s*$", re.I)


def _mentions(text: str, ents: list[tuple[int, int, str]]) -> list[tuple[int, int, str, str]]:
    """Named entities of a text, widened to institutions and completed with capitalised names spaCy missed."""
    out = []
    taken: list[tuple[int, int]] = []
    who = _WHO_IS.match(text)
    if who and not any(who.start("x") <= a < who.end("x") for a, _, _ in ents):
        # "Who is the new judge?": a description of a person is the topic too.
        out.append((who.start("x"), who.end("x"), "PERSON", who.group("x")))
        taken.append((who.start("x"), who.end("x")))
    for start, end, label in ents:
        if label not in _NAMED:
            continue
        words = text[start:end].split(" ")
        while len(words) > 1 and words[0].lower() in _NOT_NAMES:  # "Will Arjen Robben play ...?"
            start += len(words[0]) + 1
            words = words[1:]
        if words[0].lower() in _NOT_NAMES:
            continue
        title = re.search(
            r"\b(Lord|Lady|Sir|Dame|Mr|Mrs|Ms|Miss|Dr|President|King|Queen|Prince|Princess)\.? $", text[:start]
        )
        if title and (label != "PERSON" or title.group(1) in {"Lord", "Lady", "Sir", "Dame"}):
            # "Lord Callaghan" (tagged "Callaghan", NORP)
            start, label = title.start(), "PERSON"
        if label == "PERSON":  # "Moon Jae-in", tagged "Moon"
            more = re.match(r"^(?: [A-Z][\w'’-]*[a-z][\w'’-]*)+", text[end:])
            if more and not any(w.lower() in _NOT_NAMES for w in more.group().split()):
                end += more.end()
        if text[start:end].endswith(("'s", "’s")):
            end -= 2  # "North Korea's" tagged whole: the name, so "foreign ministry" after it can widen it
        start, end, label = _widen(text, start, end, label)
        while end > start and text[end - 1] in " -–—,;:":  # "Virgin Blue -" (a dash after the name)
            end -= 1
        name = re.sub(r"['’]s$|['’]$", "", text[start:end]).strip()
        if name.count("(") != name.count(")"):
            name = name.split("(")[0].strip()
        if name:
            out.append((start, end, label, name))
            taken.append((start, end))
    # Names the tagger missed ("Lord Callaghan" in a question): capitalised runs not opening a sentence.
    spans = [(a, b) for a, b, _ in ents]
    for m in _NAME_LIKE.finditer(text):
        words = m.group().split(" ")
        start = m.start()
        opening = start == 0 or text[:start].rstrip().endswith((".", "?", "!", '"', "“", ":"))
        while words and (words[0].lower() in _NOT_NAMES or (opening and start == m.start())):
            start += len(words[0]) + 1
            words = words[1:]
        span = " ".join(words).strip(" .,")
        if len(span) < 3 or span.lower() in _NOT_NAMES:
            continue
        end = start + len(span)
        if any(a < end and start < b for a, b in spans):
            continue
        label = "ORG" if text[:start].endswith(("the ", "The ")) else "NAME"  # "the Commons"
        out.append((start, end, label, span))
        spans.append((start, end))
    out.sort()
    return out


def _widen(text: str, start: int, end: int, label: str) -> tuple[int, int, str]:
    """ "North Korea's foreign ministry", "the Biden administration": the institution, an ORG."""
    rest = text[end:]
    m = re.match(r"^(?:['’]s)?(?:\s+[a-z][\w-]*){1,3}", rest)
    # The first institution among the next three lower-case words ("'s foreign ministry").
    head = next((w for w in re.finditer(r"[a-z][\w-]*", m.group()) if w.group() in _INSTITUTIONS), None) if m else None
    # ("UK firm Phytopharm": a description of the name after it, not an institution of the UK.)
    if head and not re.match(r"^\s+[A-Z]", rest[head.end() :]):
        before = text[:start]
        if before.endswith(("the ", "The ")):
            start -= 4
        return start, end + head.end(), "ORG"
    if text[:start].endswith(("the ", "The ")) and label in {"ORG", "FAC"}:
        start -= 4  # "the White House"
    return start, end, label


def _gender_after(text: str, start: int, end: int, name: str) -> str | None:
    """ "m"/"f" from a title ("Mrs", "Lord") or the next personal pronoun after the name in its sentence;
    "p" (a person, gender unknown) from a role before the name ("Reggae star Sizzla")."""
    title = re.sub(r"[^\w\s-]", " ", text[max(0, start - 12) : start]).lower().split()
    first = name.split()[0].lower().rstrip(".")
    for word in ([first] + title[-1:]) if title else [first]:
        if word in _TITLE_GENDER:
            return _TITLE_GENDER[word]
    if title and title[-1] in _ROLES:
        return "p"
    after = re.search(r"\b(he|him|his|she|her|hers)\b|[.!?](\s|$)", text[end : end + 160], re.I)
    if after and after.group(1):
        return "m" if after.group(1).lower() in _MALE else "f"
    return None


# ---- the resolver ---------------------------------------------------------------------------


def resolve(question: str, history: Sequence | None) -> Resolution:
    """The standalone question for `question` after `history` (questions, or turns with answers)."""
    question = " ".join((question or "").split())
    turns = as_turns(history)
    if not turns or not question:
        return Resolution(question)
    standalones: list[str] = []
    for i, turn in enumerate(turns):
        earlier = _resolve(turn.question, turns[:i], standalones[:i]) if i else Resolution(turn.question)
        # A history-aware search's added terms are not what the user asked about.
        standalones.append(turn.question if earlier.mode == HISTORY else earlier.standalone)
    return _resolve(question, turns, standalones)


def _resolve(question: str, turns: list[Turn], standalones: list[str]) -> Resolution:
    now = len(turns)
    chat = _chat(turns, standalones)
    previous = standalones[-1]
    more = bool(_MORE.search(question))
    exclude = _given_sentences(turns) if more else frozenset()

    bare = _BARE.match(question)
    if bare:
        wh = bare.group("wh").lower()
        if wh in {"why", "how", "how come"}:
            # The reason is news, not the claim it explains, unless the claim already gave it.
            exclude |= _given_sentences(turns[-1:], keep=_gives_reason)
        res = _bare(bare.group("wh"), bool(bare.group("neg")), previous, turns[-1].answer, exclude)
        # The claim asked about leans on its article ("Why did Delta suspend her?"): the chat says who.
        standalone, _ = _replace_pronouns(res.standalone, chat, now, claim=True)
        return replace(res, standalone=standalone)

    fragment = _FRAGMENT.match(question)
    if fragment:
        asked = _fragment(fragment.group("wh"), previous)
        if asked:
            return Resolution(asked, REWRITE, exclude=exclude, topic=_claim(turns[-1].answer))
        return _history(question, turns, standalones, chat, now, exclude)

    ellipsis = _ELLIPSIS.match(question)
    if ellipsis and not _WH_START.match(ellipsis.group("x")) and len(ellipsis.group("x").split()) <= 6:
        x = _fullest(ellipsis.group("x").strip(), chat)
        x_resolved, _ = _replace_pronouns(x, chat, now)
        swapped = _swap(previous, question, x, x_resolved, chat)
        if swapped:
            return Resolution(_uncontracted(_complete_names(swapped, chat)), REWRITE, exclude=exclude)
        return _history(question, turns, standalones, chat, now, exclude)

    text = _LEAD.sub("", question).strip() or question
    if more and re.fullmatch(r"(?i)(?:anything|something|tell me)?\s*(?:else|more)\s*\??|any more\??|more\??", text):
        return Resolution(previous, REWRITE, exclude=exclude)  # "Anything else?": the previous question again
    if more:
        # "What else did he say?": the earlier answers are excluded, so the question is "what did he say".
        text = re.sub(r"(?i)^(what|who|where|which|how)\s+else\b", r"\1", text)
    text = text[0].upper() + text[1:]
    rewritten, status = _replace_pronouns(text, chat, now, previous, earlier=standalones)
    if status == "unsure":
        return _history(question, turns, standalones, chat, now, exclude)
    if more:
        rewritten = _about_as_before(rewritten, previous)
    # A follow-up about the thing just said ("And where does he teach?") searches near it; "what else" not.
    topic = "" if more else _claim(turns[-1].answer)
    if status == "none":
        if text != _LEAD.sub("", question).strip():
            return Resolution(_uncontracted(text), REWRITE, exclude=exclude, topic=topic)
        return Resolution(question, NONE, exclude=exclude)
    return Resolution(_uncontracted(rewritten), REWRITE, exclude=exclude, topic=topic)


_SPEECH = {"say", "tell", "add", "warn", "claim", "argue", "suggest", "explain", "insist"}


def _about_as_before(question: str, previous: str) -> str:
    """ "What else did he say?" after "What did Budd Schulberg tell Vanity Fair about Brando?" asks what
    else he said about Brando: a "what else" about someone's words keeps what the chat asked them about."""
    doc = _parse(question)
    if not any(t.lemma_ in _SPEECH and t.pos_ == "VERB" for t in doc) or any(t.lower_ == "about" for t in doc):
        return question
    about = next((t for t in _parse(previous) if t.lower_ == "about" and t.dep_ == "prep"), None)
    if about is None or about.i == about.right_edge.i:
        return question
    phrase = about.doc[about.i : about.right_edge.i + 1].text.rstrip(" ?.!")
    return f"{question.rstrip(' ?.!')} {phrase}?"


_CACHE: dict[str, list[tuple[int, int, str]]] = {}


def _entities(texts: list[str]) -> list[list[tuple[int, int, str]]]:
    """spaCy entities (the answer engine's tagger), cached per text: a chat re-reads its turns."""
    missing = [t for t in dict.fromkeys(texts) if t not in _CACHE]
    if missing:
        if len(_CACHE) > 5000:
            _CACHE.clear()
        _CACHE.update(zip(missing, entities(missing), strict=True))
    return [_CACHE[t] for t in texts]


_REASON_WORDS = {"because", "due", "owing", "thanks", "result"}  # "because (of)", "due to", "as a result of"


def _gives_reason(sentence: str) -> bool:
    """True when a sentence says why as well as what: a "because"-phrase, a purpose infinitive
    ("lied to the board to cover up the hole"), "for" + gerund ("dubbed X for pushing through cuts")."""
    for tok in _parse(sentence):
        low = tok.lower_
        if low in _REASON_WORDS and tok.dep_ in {"mark", "prep", "amod", "pobj", "advmod"}:
            return True
        if tok.dep_ == "advcl" and tok.tag_ == "VB" and any(c.tag_ == "TO" for c in tok.children):
            return True
        if tok.dep_ == "pcomp" and tok.tag_ == "VBG" and tok.head.lower_ == "for":
            return True
    return False


def _uncontracted(question: str) -> str:
    """ "What's his job?" -> "What is his job?" ("Who's gone?" -> "Who has gone?"): the answer engine
    reads a question's type and terms from whole words, and a rewrite may spell out what it resolves."""
    out, pos = [], 0
    for tok in _parse(question):
        if tok.lower_ in {"'s", "’s"} and tok.tag_ == "VBZ":
            after = next((t for t in tok.doc[tok.i + 1 :] if t.pos_ not in {"ADV", "PART"}), None)
            verb = "has" if after is not None and (after.tag_ == "VBN" or after.lower_ == "got") else "is"
            out.append(question[pos : tok.idx].rstrip() + " " + verb)
            pos = tok.idx + len(tok.text)
    return "".join(out) + question[pos:]


def _clean_answer(answer: str) -> str:
    """Answer text without [n] markers; a "[Name] " insertion becomes plain text."""
    return _INSERTION.sub(r"\1: ", _MARKERS.sub("", answer)).strip()


def _chat(turns: list[Turn], standalones: list[str]) -> Chat:
    from assistant.answering.question import QuestionInfo

    texts: list[tuple[int, str, str]] = []
    focus: dict[int, frozenset[str]] = {}
    for i, (turn, standalone) in enumerate(zip(turns, standalones, strict=True)):
        texts.append((i, "question", standalone))
        if turn.answer:
            texts.append((i, "answer", _clean_answer(turn.answer)))
        info = QuestionInfo.parse(standalone)
        labels = _FOCUS.get(info.answer_type, frozenset())
        if re.match(r"(?i)^(who|whom) (do|does|did|has|have|had|will|would|can|could) (?-i:[A-Z])", standalone):
            labels = frozenset()  # "Who did Lord Callaghan replace?": the chat stays about Lord Callaghan
        elif re.match(r"(?i)^(who|whom)\b", standalone):
            labels = _FOCUS["person"]  # "Who is likely to be Andy Roddick's new coach?": the answer is a person
        if re.search(r"\b(anyone|anybody|someone|somebody)\b", standalone, re.I):
            labels |= {"PERSON"}
        if labels:
            focus[i] = labels
    ents = _entities([t for _, _, t in texts])
    chat = [(i, role, text, e) for (i, role, text), e in zip(texts, ents, strict=True)]
    return Chat(chat, focus, [turn.question for turn in turns])


def _replace_pronouns(
    text: str, chat: Chat, now: int, previous: str = "", claim: bool = False, earlier: Sequence[str] = ()
) -> tuple[str, str]:
    """Pronouns and "the company"-style descriptions replaced by their referents.

    `earlier`: the chat's questions, whose fuller phrases "the trip" may stand for.
    `claim`: the text is an answer's sentence, where a pronoun after any name of its kind is bound by it
    ("Madagascar completed the replacement of its franc"); a user's question names too little for that.

    Returns the text and "none" (nothing to resolve), "done", or "unsure" (a pronoun
    with no referent of its type).
    """
    own = _mentions(text, _entities([text])[0])
    used: dict[tuple[str, str], Entity] = {}
    taken: list[Entity] = []
    status, unresolved = "none", False
    pieces: list[str] = []
    pos = 0
    spans = [(m.start(), m.end(), m.group(), "pronoun") for m in _PRONOUN.finditer(text)]
    spans += [(m.start(), m.end(), m.group(1).lower(), "description") for m in _DESCRIPTION.finditer(text)]
    objects = _same_object(text, previous)
    spans = [sp for sp in spans if not any(o[0] == sp[0] for o in objects)]
    spans += _definites(text, chat) + _fuller(text, own, chat) + objects + _as_asked_before(text, earlier)
    spans.sort()
    for start, end, word, how in spans:
        if start < pos:
            continue
        low = word.lower()
        if how == "definite":
            entity = word  # already the fuller name
            pieces.append(text[pos:start] + entity)
            pos, status = end, "done"
            continue
        kind = _KIND.get(low) if how == "pronoun" else ("place" if _DESCRIPTION_LABEL[low] == "GPE" else "company")
        if how == "pronoun" and low == "there" and not _there_is_place(text, start, end):
            continue
        # A referent named earlier in this question ("Roger Federer ... his coach") needs nothing.
        # ("How much of Nissan does it own?": a subject right after the verb is not bound by a name before.)
        subject = how == "pronoun" and re.search(rf"\b{_AUX_WORDS}\s*$", text[:start], re.I) is not None
        # ("How much is Unilever paying them?": an object pronoun is never its own clause's named subject.)
        obj = how == "pronoun" and _is_object(text, start, low)
        if (
            not subject
            and not obj
            and any(s < start and _FIT[kind].get(label, 0) >= (0.1 if claim else 0.6) for s, _, label, _ in own)
        ):
            continue
        ref = (kind, "m" if low in _MALE else "f" if low in _FEMALE else "")
        if ref in used and how == "pronoun":
            continue  # "it ... its": the first one is enough, later ones co-refer
        skip = list(taken)
        if obj:
            skip += [e for _, _, _, name in own if (e := chat.find(name)) is not None]
        candidates = chat.candidates(kind, now, skip)
        if kind == "person":
            candidates = _by_gender(candidates, low)
        if not candidates or candidates[0][0] < _MIN_SALIENCE:
            unresolved = True  # left as it is ("it" is often a thing no name stands for: "the lawsuit")
            continue
        entity = candidates[0][1]
        used[ref] = entity
        taken.append(entity)
        name = entity.name
        replacement = _surface(text, start, end, low, how, name)
        if start == 0:
            replacement = replacement[0].upper() + replacement[1:]
        pieces.append(text[pos:start] + replacement)
        pos, status = end, "done"
    pieces.append(text[pos:])
    if status == "none" and unresolved:
        return text, "unsure"
    return "".join(pieces), status


def _is_object(text: str, start: int, low: str) -> bool:
    """ "him" / "them" / "it" (and "her" owning nothing) as the object of a verb or preposition."""
    if low not in {"him", "them", "it", "her"}:
        return False
    word = _token_at(text, start)
    return word is not None and word.dep_ in {"dobj", "pobj", "dative", "iobj"}


def _token_at(text: str, start: int) -> Token | None:
    """The parsed token that starts at `start` in `text`, or None."""
    return next((t for t in _parse(text) if t.idx == start), None)


def _as_asked_before(text: str, earlier: Sequence[str]) -> list[tuple[int, int, str, str]]:
    """ "the trip" -> "his week-long Africa trip" when an earlier question called it so.

    A follow-up shortens what the chat already named; the search needs the words it left out. Only
    a bare "the NOUN" whose noun heads a phrase with modifiers in an earlier question (the latest)."""
    if not earlier or " the " not in f" {text.lower()}":
        return []
    fuller = {}
    for question in reversed(earlier):
        for tok in _parse(question):
            mods = [c for c in tok.lefts if c.dep_ in {"poss", "compound", "amod", "nmod"}]
            if tok.pos_ == "NOUN" and mods:
                fuller.setdefault(tok.lemma_, question[tok.left_edge.idx : tok.idx + len(tok)])
    out = []
    for tok in _parse(text):
        det = tok.nbor(-1) if tok.i else None
        bare = det is not None and det.lower_ == "the" and not any(c.dep_ in {"compound", "amod"} for c in tok.lefts)
        if bare and tok.pos_ == "NOUN" and tok.lemma_ in fuller and tok.lemma_ not in _INSTITUTIONS:
            out.append((det.idx, tok.idx + len(tok), fuller[tok.lemma_], "definite"))
    return out


def _same_object(text: str, previous: str) -> list[tuple[int, int, str, str]]:
    """ "it" as the object of the verb the previous question used with an object no name stands for:
    "Did anyone else win the world championship?" + "When did he win it?" -> "win the world championship"."""
    if not previous or not re.search(r"\b(it|them)\b", text, re.I):
        return []
    earlier = {}
    for tok in _parse(previous):
        if tok.dep_ == "dobj" and tok.head.pos_ == "VERB" and tok.pos_ == "NOUN":
            earlier.setdefault(tok.head.lemma_, previous[tok.left_edge.idx : tok.right_edge.idx + len(tok.right_edge)])
    out = []
    for tok in _parse(text):
        if tok.lower_ in {"it", "them"} and tok.dep_ == "dobj" and tok.head.lemma_ in earlier:
            out.append((tok.idx, tok.idx + len(tok), earlier[tok.head.lemma_], "definite"))
    return out


def _definites(text: str, chat: Chat) -> list[tuple[int, int, str, str]]:
    """ "the administration" -> "the Biden administration" when the chat named it so."""
    out = []
    for m in re.finditer(r"\bthe ([a-z]+)\b", text):
        noun = m.group(1)
        if noun not in _INSTITUTIONS:
            continue
        for e in chat.entities:
            name = e.name
            if name.lower().endswith(" " + noun) and name.lower() != m.group().lower():
                out.append((m.start(), m.end(), name if name.lower().startswith("the ") else name, "definite"))
                break
    return out


def _fuller(text: str, own: list[tuple[int, int, str, str]], chat: Chat) -> list[tuple[int, int, str, str]]:
    """ "Howard" -> "Michael Howard" when the chat named him in full."""
    out = []
    for start, _end, label, name in own:
        if _TITLED.search(text[:start]):
            continue  # "Mr Ghosn" says who already
        entity = chat.find(name) if label in {"PERSON", "NAME"} else None
        if entity is not None and len(_key(entity.name)) > len(_key(name)) and _key(name) <= _key(entity.name):
            out.append((start, start + len(name), entity.name, "definite"))
    return out


_TITLED = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Dr)\.? $")


def _fullest(x: str, chat: Chat) -> str:
    """ "And Ebbers?" -> "Bernard Ebbers" when the chat named that person in full."""
    entity = chat.find(x) if x[:1].isupper() else None
    if entity is not None and entity.labels["PERSON"] and _key(x) < _key(entity.name):
        return entity.name
    return x


def _complete_names(text: str, chat: Chat) -> str:
    """Short person names in a rewrite ("According to Easley") completed as the chat named them."""
    for start, end, name, _ in sorted(_fuller(text, _mentions(text, _entities([text])[0]), chat), reverse=True):
        text = text[:start] + name + text[end:]
    return text


def _there_is_place(text: str, start: int, end: int) -> bool:
    """ "there" as a place, not "is there" / "there is"."""
    after = text[end:].lstrip().lower()
    before = text[:start].rstrip().lower()
    return not (re.match(r"^(is|are|was|were|been|be|will|have|has)\b", after) or before.endswith(("is", "are", "was")))


def _by_gender(candidates: list[tuple[float, Entity]], pronoun: str) -> list[tuple[float, Entity]]:
    """Candidates of the pronoun's gender first; one known to be of the other gender is no referent
    ("her" after a chat about Budd Schulberg points at someone the chat did not name)."""
    want = "m" if pronoun in _MALE else "f"
    other = "f" if want == "m" else "m"

    def weight(e: Entity) -> float:
        if e.gender[want] > e.gender[other]:
            return 1.3
        if e.gender[other] > e.gender[want]:
            return 0.0
        return 1.0

    return sorted(((s * weight(e), e) for s, e in candidates if weight(e)), key=lambda x: -x[0])


def _surface(text: str, start: int, end: int, low: str, how: str, name: str) -> str:
    after = text[end:].split()
    nxt = after[0].strip("?,.!").lower() if after else ""
    possessive = low in _POSSESSIVES or (low == "her" and nxt not in _AFTER_OBJECT and nxt not in STOPWORDS)
    if low == "her" and possessive:  # "suspend her indefinitely": the parse says whether it owns a noun
        word = _token_at(text, start)
        possessive = word is None or word.dep_ == "poss"
    if how == "description":
        # "the club chairman" -> "Chelsea's chairman", but "Does the company know ...?" -> "Does GM know ...?":
        # only a noun modifying the next noun (the parse, not a list of words that may follow).
        noun = _token_at(text, end - len(low))
        possessive = noun is not None and noun.dep_ == "compound" and noun.head.i > noun.i
    if low == "there":
        before = text[:start].rstrip().split()
        prep = before[-1].lower() if before else ""
        return name if prep in {"in", "from", "to", "at", "near", "into", "of"} else f"in {name}"
    if possessive:
        return f"{name}'" if name.endswith("s") and not name.endswith("ss") else f"{name}'s"
    return name


def _swap(previous: str, question: str, x: str, x_resolved: str, chat: Chat) -> str | None:
    """The previous question about `x` instead: its entity of the same kind replaced."""
    prev = previous.rstrip(" ?.!")
    # "And in 2005?" -> the date of the previous question replaced, or added.
    if re.match(r"(?i)^(in|on|at|during|since|by|before|after)\s+\S", x) and re.search(r"\d", x):
        dated = re.sub(r"\b(in|on|at|during|since|by|before|after)\s+(?:\w+\s+)?\d{1,4}(?:s)?\b", x, prev, count=1)
        return f"{dated if dated != prev else prev + ' ' + x}?"
    # "And his poem?" (his = Jimi Hendrix): "Jimi Hendrix's guitar" -> "Jimi Hendrix's poem".
    owner = re.match(r"^(?P<owner>.+?)['’]s\s+(?P<noun>.+)$", x_resolved) if x_resolved != x else None
    if owner:
        name = owner.group("owner")
        m = re.search(re.escape(name) + r"['’]s?\s+[a-z][\w-]*", prev)
        if m:
            return f"{prev[: m.start()]}{x_resolved}{prev[m.end() :]}?"
        m = re.search(re.escape(name), prev)
        if m:
            return f"{prev[: m.start()]}{x_resolved}{prev[m.end() :]}?"
    mentions = _mentions(prev, _entities([prev])[0])
    label = _label_of(x, question, chat)
    if label:
        group = _GROUP.get(label, {label})
        same = [m for m in mentions if m[2] in group or m[2] == "NAME"]
        # The speaker of a quote question ("What did Tony Blair call Lord Callaghan?" + "And Gordon Brown?"),
        # else the last of the same kind ("How many times did Kim meet Obama?" + "And Trump?"), else the
        # last name (the tagger's types are unsure: "Abuja" as a person).
        speaker = [m for m in same if _QUOTE_SUBJECT.match(prev[: m[0]])]
        if not same and label in {"PERSON", "ORG", "NAME"}:
            # "Who owns most of Virgin Blue?" + "And Richard Branson?": the name stands where "who" did.
            asked = _asked_of(prev, x)
            if asked:
                return asked
        named = speaker[:1] or same[-1:] or [m for m in mentions if m[2] in _NAMED][-1:]
        if named:
            start, end, _, _ = named[0]
            if start > 0 and prev[start - 4 : start].lower() == "the " and x.lower().startswith("the "):
                start -= 4
            return f"{prev[:start]}{x}{prev[end:]}?"
    # A common noun ("the Hey Joe single"): replace the previous question's first "a/the NOUN" or "X's NOUN".
    if re.match(r"(?i)^(the|a|an|his|her|its|their)\s", x):
        m = re.search(r"\b(?:a|an|the)\s+[a-z][\w-]*|\b[A-Z][\w-]*(?: [A-Z][\w-]*)*['’]s? [a-z][\w-]*", prev)
        if m:
            return f"{prev[: m.start()]}{x}{prev[m.end() :]}?"
    return None


def _asked_of(prev: str, x: str) -> str | None:
    """ "Who owns most of Virgin Blue?" asked of `x`: "Does Richard Branson own most of Virgin Blue?".

    Only for a question whose subject is "who" / "which X" (the dependency parse says so); the verb
    keeps its auxiliary ("Who will lead ..." -> "Will X lead ...") or takes "do" in its tense."""
    doc = _parse(prev)
    wh = doc[0]
    subject = wh.head if wh.dep_ == "det" else wh
    copular = subject.dep_ == "attr" and subject.head.lemma_ == "be"  # "Who is the chief executive?"
    if wh.lower_ not in {"who", "which"} or not (subject.dep_ == "nsubj" or copular):
        return None
    verb, after = subject.head, subject.right_edge.i + 1
    if verb.pos_ not in {"VERB", "AUX"} or after >= len(doc):
        return None
    first = doc[after]
    rest = prev[first.idx + len(first.text) :].strip()
    if first.dep_ in {"aux", "auxpass"} or first.lemma_ == "be":
        return f"{first.text.capitalize()} {x} {rest}?"
    do = {"VBZ": "Does", "VBD": "Did", "VBP": "Do"}.get(verb.tag_)
    if first != verb or do is None:
        return None
    return f"{do} {x} {verb.lemma_} {rest}?"


_QUOTE_SUBJECT = re.compile(
    r"(?i)^(?:what|how)\s+(?:\w+\s+)?(?:did|does|do|has|have|had|will|would)\s+$"
    r"|^(?i:according to)\s+$"
)
_GROUP = {
    "PERSON": {"PERSON"},
    "ORG": {"ORG", "GPE", "NORP"},
    "GPE": {"GPE", "LOC", "ORG", "NORP"},
    "LOC": {"GPE", "LOC"},
    "NORP": {"NORP", "GPE", "ORG"},
    "NAME": {"PERSON", "ORG", "GPE"},
}


def _label_of(x: str, question: str, chat: Chat) -> str | None:
    """The entity type of an ellipsis phrase: from the chat when it is known there, else from the tagger."""
    known = chat.find(x) if x[:1].isupper() else None
    if known:
        label = known.labels.most_common(1)[0][0]
        return "PERSON" if known.gender and label in {"NAME", "GPE"} else label
    if x.split()[-1].lower() in _INSTITUTIONS:
        return "ORG"  # "the Kim regime"
    at = question.find(x)
    core = len(re.sub(r"(?i)^(the|a|an)\s+", "", x))
    for start, end, label in _entities([question])[0]:  # tagged in the question: "Trump" alone is an ORG
        if label in _NAMED and at <= start < at + len(x) and end - start >= 0.6 * core:
            return label
    if x[:1].isupper() and not re.match(r"(?i)^(the|a|an)\s", x):
        return "NAME"
    return None


def _fragment(wh: str, previous: str) -> str | None:
    """ "At what time?" after "When will Gordon Brown deliver his Budget?": the previous question with
    this wh-phrase in place of its own ("At what time will Gordon Brown deliver his Budget?"); after a
    yes/no question, put before it ("Did Nissan raise prices?" + "By how much?"). None otherwise."""
    wh = wh[0].upper() + wh[1:]
    prev = previous.strip().rstrip("?.! ")
    aux = _AUX.match(prev)
    if aux:
        return f"{wh} {aux.group('aux').lower()} {aux.group('rest')}?"
    m = re.match(
        rf"^{_WH_PREP}(?:when|where|what|which|how|who)\b(?:\s+[\w-]+){{0,2}}?"
        rf"\s+(?P<rest>{_AUX_WORDS}\s+.+)$",
        prev,
        re.I,
    )
    return f"{wh} {m.group('rest')}?" if m else None


def _bare(wh: str, negated: bool, previous: str, answer: str, exclude: frozenset[str]) -> Resolution:
    """ "Why?" after a yes/no question asks why of that question; else of the previous answer's claim."""
    wh = "Why" if wh.lower() == "how come" else wh.capitalize()  # "How come did ...?" is no question
    prev = previous.strip().rstrip("?.! ")
    aux = _AUX.match(prev)
    if aux:
        rest = aux.group("rest")
        if negated:
            # "Did Jef Raskin stay ...?" + "Why not?" -> "Why did Jef Raskin not stay ...?"
            words = rest.split()
            i = 0
            while i < len(words) - 1 and (words[i][:1].isupper() or words[i].lower() in {"the", "a", "an", "of"}):
                i += 1
            rest = " ".join(words[:i] + ["not"] + words[i:])
        return Resolution(f"{wh} {aux.group('aux').lower()} {rest}?", REWRITE, exclude=exclude, topic=_claim(answer))
    wh_question = re.match(
        rf"^(?i:what|who|whom|which|how (?:much|many|long|old|far))(?: \w+)?? "
        rf"(?P<aux>(?i:{_AUX_WORDS})) (?P<rest>[A-Z].+)$",
        prev,
    )
    copula = wh_question is not None and wh_question.group("aux").lower() in _COPULAS and _is_copula(prev)
    if wh_question and not negated and not copula and wh in {"Why", "How", "How come"}:
        # ("What was his nickname?" + "Why?" is not "Why was his nickname?": a copula asks of a noun phrase,
        # so the claim that answered it is what "why" asks about.)
        # "What did Scott Sullivan admit at the trial?" -> "Why did Scott Sullivan admit at the trial?"
        rewritten = f"{wh} {wh_question.group('aux')} {wh_question.group('rest')}?"
        return Resolution(rewritten, REWRITE, exclude=exclude, topic=_claim(answer))
    claim = _claim(answer)
    if claim:
        asked = None if negated else _ask_of_claim(wh, claim)
        return Resolution(asked or f"{wh}{' not' if negated else ''}: {claim}?", REWRITE, exclude=exclude)
    return Resolution(f"{wh}{' not' if negated else ''}: {prev}?", REWRITE, exclude=exclude)


# Parts of a claim a "Why?" / "When?" about it does not repeat: side clauses, and what already answers it.
_SIDE = {"advcl", "conj", "cc", "parataxis", "mark", "punct", "intj", "dep", "meta"}
_TIME_LABELS = {"DATE", "TIME"}
_KEPT_MARKS = {"“", "”", '"', "(", ")", "'", "‘", "’"}


def _ask_of_claim(wh: str, claim: str) -> str | None:
    """The previous answer's main clause asked as a question: "Mr Raskin was diagnosed in December 2004 with
    pancreatic cancer and died ..." + "When?" -> "When was Mr Raskin diagnosed with pancreatic cancer?".

    From the dependency parse: the subject, the verb with its auxiliary (or "do" in its tense) and its
    complements; side clauses go, and so does what would answer the question (a date for "when", a
    "because"/purpose phrase for "why"), since the answer engine looks for what the question did not give.
    None when the claim has no subject and verb to ask about."""
    doc = _parse(claim)
    root = next((t for t in doc if t.dep_ == "ROOT"), None)
    reported = next((c for c in root.children if c.dep_ == "ccomp" and c.i < root.i), None) if root else None
    said = next((c for c in root.children if c.dep_ == "ccomp" and c.i > root.i), None) if root else None
    if said is not None and (
        wh == "When" or any(c.dep_ in {"nsubj", "nsubjpass"} and c.pos_ == "PRON" for c in said.children)
    ):
        said = None  # "When?" asks when it was said; "... said he would": the speaker is the one asked about
    if reported is not None and root.lemma_ in _SPEECH | {"report"}:
        root = reported  # "North Korea called US diplomacy false ..., state media reported": what was reported
    elif said is not None and root.lemma_ in _SPEECH | {"report"}:
        root = said  # "The NHTSA said the largest recall involves ...": "why" asks of the recall, not the saying
    subject = next((c for c in root.children if c.dep_ in {"nsubj", "nsubjpass"}), None) if root else None
    if root is None or subject is None or root.pos_ not in {"VERB", "AUX"}:
        return None
    times = [(a, b) for a, b, label in _entities([claim])[0] if label in _TIME_LABELS]
    dropped: set[int] = set()
    for child in root.children:
        span = range(child.left_edge.i, child.right_edge.i + 1)
        start, end = doc[span.start].idx, doc[span.stop - 1].idx + len(doc[span.stop - 1])
        answers = (wh == "When" and any(a < end and start < b for a, b in times)) or (
            wh != "When" and child is not subject and _gives_reason(doc[span.start : span.stop].text)
        )
        if (child.dep_ in _SIDE and child.text not in _KEPT_MARKS) or answers or child.i < subject.left_edge.i:
            dropped.update(span)
    auxes = [c for c in root.children if c.dep_ in {"aux", "auxpass"} and c.i < root.i]
    head = auxes[0] if auxes else root if root.lemma_ == "be" else None
    words = []
    for tok in doc[subject.left_edge.i : root.right_edge.i + 1]:
        if tok.i in dropped or (head is not None and tok.i == head.i):
            if tok.whitespace_ and words and not words[-1][-1:].isspace():
                words[-1] += " "  # "watchdog, Reporters" with the comma dropped: still two words
            continue
        text = tok.lemma_ if tok.i == root.i and head is None else tok.text
        if tok.i == subject.left_edge.i and tok.tag_ not in {"NNP", "NNPS"}:
            text = text.lower()
        words.append(text + tok.whitespace_)
    body = re.sub(r"[,;:]+([”\"’]?)$", r"\1", "".join(words).strip())
    if head is not None:
        return f"{wh} {head.text.lower()} {body}?"
    # (a past participle with no auxiliary is the tagger misreading a past tense: "called" after a long subject)
    do = {"VBZ": "does", "VBD": "did", "VBN": "did", "VBP": "do"}.get(root.tag_)
    return f"{wh} {do} {body}?" if do else None


def _is_copula(question: str) -> bool:
    """ "What was his nickname?" (the "be" is the verb), not "What is he doing?" (an auxiliary)."""
    return any(t.dep_ == "ROOT" and t.lemma_ == "be" for t in _parse(question))


def _claim(answer: str) -> str:
    """The first sentence of an answer, without markers and end punctuation."""
    text = _clean_answer(answer)
    if not text:
        return ""
    spans = sentence_spans(text)
    first = text[spans[0][0] : spans[0][1]] if spans else text
    return first.strip().rstrip(".!?").strip()


def _history(
    question: str, turns: list[Turn], standalones: list[str], chat: Chat, now: int, exclude: frozenset[str]
) -> Resolution:
    """The follow-up plus the key terms of the last turns: the names first, then the previous question's words."""
    names = [e.name for _, e in sorted(((e.salience(now), e) for e in chat.entities), key=lambda x: -x[0])][:3]
    own = set(content_terms(question))
    words: list[str] = []
    seen = set(own)
    for text in [*names, standalones[-1]]:
        for w in re.findall(r"[\w'’-]+", fold(text)):
            terms = content_terms(w)
            if terms and terms[0] not in seen:
                seen.add(terms[0])
                words.append(w)
    context = " ".join(words[:10])
    if not context:
        return Resolution(question, NONE, exclude=exclude)
    return Resolution(f"{question.rstrip()} ({context})", HISTORY, context=context, exclude=exclude)


def _given_sentences(turns: list[Turn], keep: Callable[[str], bool] | None = None) -> frozenset[str]:
    """The sentences the earlier answers quoted, normalised, for "what else"; `keep` spares some."""
    out = set()
    for turn in turns:
        text = _MARKERS.sub(" ", turn.answer)
        text = _INSERTION.sub("", text)
        for s, e in sentence_spans(text):
            norm = normalize_answer(text[s:e])
            if len(norm) >= 12 and not (keep and keep(text[s:e])):
                out.add(norm)
    return frozenset(out)


def is_excluded(sentence: str, exclude: frozenset[str]) -> bool:
    """True when an earlier answer already quoted this sentence (or the sentence holds that quote)."""
    if not exclude:
        return False
    norm = normalize_answer(sentence)
    if len(norm) < 12:
        return False
    return any(norm == e or norm in e or e in norm for e in exclude)
