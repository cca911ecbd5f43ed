"""The answer engine on hand-made cases: the sentence that answers, refusal, referents, answer phrases.

Each article is written so that a naive best-match sentence is tempting and wrong
(a frame noun used as a modifier, a sentence that repeats the question's words
without the answer, a quote whose speaker is named in the sentence before).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant import Assistant, Config
from assistant.answering.question import QuestionInfo
from assistant.answering.scorer import Scorer
from assistant.errors import ModelFileError

BBC = Path(__file__).resolve().parents[2] / "shared" / "corpora" / "bbc-news"

pytestmark = pytest.mark.slow

ARTICLES = {
    "tunebox.txt": """Acme unveils pocket music player

Acme has had a difficult year, and its shares fell in April after weak sales of its laptops.
Weeks before Christmas, Acme launched a pocket-sized music player called the TuneBox.
The company said the TuneBox would cost £99 in the UK.
In April, Acme reported record profits from its printer business.
""",
    "inquiry.txt": """Rail crash inquiry opens

An independent inquiry into the Ladbroke Grove rail crash opened in London on Monday.
The inquiry, chaired by Lord Cullen, will report to ministers by the end of March.
Families of the victims said they wanted answers about signalling failures.
""",
    "briefing.txt": """White House sets out Korea policy

Jen Psaki is the White House press secretary and briefed reporters on Friday.
She said the review of North Korea policy had been completed after three months of work.
Jenny Town, director of the research group 38 North, spoke to Reuters about the review.
“The details will be important to assess the success of this approach,” she said.
""",
    "harbour.txt": """Source: Coastal Courier
Harbour ferry timetable changes

The harbour ferry will run every twenty minutes from June, the port authority said.
Night crossings will stop at midnight instead of two in the morning.
""",
    "deal.txt": """Media firm completes takeover

Northwind Media paid $2.4bn for the Harbour Radio network, the company said.
The takeover of Harbour Radio was completed on 14 February after regulators approved it.
Analysts said the radio market had been shrinking for years.
""",
}


@pytest.fixture(scope="module")
def engine(tmp_path_factory, embedder) -> Assistant:
    base = tmp_path_factory.mktemp("engine")
    docs = base / "docs"
    docs.mkdir()
    for name, text in ARTICLES.items():
        (docs / name).write_text(text, encoding="utf-8")
    assistant = Assistant(Config.load(env={}, index_dir=base / "index"), embedder=embedder)
    assistant.ingest([docs])
    return assistant


def test_frame_noun_used_as_a_modifier_does_not_make_a_date_question(engine) -> None:
    assert QuestionInfo.parse("What did Acme launch weeks before Christmas?").answer_type == "any"
    answer = engine.ask("What did Acme launch weeks before Christmas?")
    assert not answer.refused and "TuneBox" in answer.citations[0].quote
    assert "record profits" not in answer.answer


def test_short_who_question_is_answered_with_its_name_marked(engine) -> None:
    answer = engine.ask("Who chairs the inquiry into the Ladbroke Grove crash?")
    assert not answer.refused and "Lord Cullen" in answer.answer
    citation = answer.citations[0]
    article = next(a for a in engine.articles() if a["doc_id"] == citation.doc_id)
    assert article["title"] == "Rail crash inquiry opens"
    phrase = citation.quote[citation.answer_start - citation.start : citation.answer_end - citation.start]
    assert "Cullen" in phrase


def test_referent_in_the_previous_sentence_is_inserted_and_the_quote_stays_verbatim(engine) -> None:
    answer = engine.ask("What did Psaki say about the review of North Korea policy?")
    assert not answer.refused
    citation = answer.citations[0]
    assert citation.quote.startswith("She said the review")
    assert citation.insertion == "Jen Psaki"
    assert answer.answer.startswith("[Jen Psaki] She said the review")


def test_quote_question_gets_the_speakers_words_not_her_introduction(engine) -> None:
    answer = engine.ask("What did Jenny Town say?")
    assert not answer.refused and "details will be important" in answer.citations[0].quote
    citation = answer.citations[0]
    phrase = citation.quote[citation.answer_start - citation.start : citation.answer_end - citation.start]
    assert phrase.startswith("The details will be important")


def test_two_part_question_gets_both_halves(engine) -> None:
    answer = engine.ask("How much did Northwind Media pay for Harbour Radio and when was the takeover completed?")
    assert not answer.refused
    assert "$2.4bn" in answer.answer and "14 February" in answer.answer


def test_question_the_articles_do_not_answer_is_refused(engine) -> None:
    assert engine.ask("How many employees does Acme have?").refused
    assert engine.ask("What is the population of London?").refused


def test_questions_about_a_story_are_answered_from_its_metadata(engine) -> None:
    outlet = engine.ask("Which newspaper published the story about the harbour ferry timetable?")
    assert not outlet.refused and "[Outlet: Coastal Courier]" in outlet.answer
    assert outlet.citations[0].insertion == "Outlet: Coastal Courier" and "ferry" in outlet.citations[0].quote
    headline = engine.ask("What is the headline of the story about the inquiry into the rail crash?")
    assert not headline.refused and "Rail crash inquiry opens" in headline.answer
    # No outlet line in that file: its name is not an outlet, so the question is refused.
    assert engine.ask("Which outlet published the story about the Harbour Radio takeover?").refused
    assert engine.ask("Which outlet published the story about the price of bananas in Peru?").refused


def test_a_missing_or_corrupt_model_file_is_a_clear_error(tmp_path) -> None:
    with pytest.raises(ModelFileError, match="missing, unreadable or stale"):
        Scorer.load(tmp_path / "none.json")
    broken = tmp_path / "scorer.json"
    broken.write_text("{not json", encoding="utf-8")
    with pytest.raises(ModelFileError, match="bench/train_scorer.py"):
        Scorer.load(broken)
    packaged = json.loads(Scorer.load().to_json())
    packaged["ranker"]["features"] = ["cosine"]  # a model trained on other features than the code computes
    broken.write_text(json.dumps(packaged), encoding="utf-8")
    with pytest.raises(ModelFileError, match="other features"):
        Scorer.load(broken)
    del packaged["answer"]  # a model file from before the answer model existed
    broken.write_text(json.dumps(packaged), encoding="utf-8")
    with pytest.raises(ModelFileError, match="stale"):
        Scorer.load(broken)


def test_the_asked_type_beside_the_asked_word_is_the_relation_evidence() -> None:
    """`anchor`/`relation_coverage`: the number next to "subscribers" answers, another number does not."""
    from assistant.answering.features import anchor, relation_terms, typed_spans

    info = QuestionInfo.parse("How many subscribers does Home Choice have?")
    relation = relation_terms(info)
    assert "subscrib" in relation and not {"home", "choic"} & set(relation)  # names are not the relation
    near = "Home Choice now has 40,000 subscribers across London."
    far = "Home Choice, founded in 1992 by 12 engineers, was bought this week; it has subscribers."
    near_spans = typed_spans(info, near, ((20, 26, "CARDINAL"),))
    far_spans = typed_spans(info, far, ((32, 34, "CARDINAL"),))
    assert anchor(near, near_spans, relation) == pytest.approx(0.5)
    assert 0 < anchor(far, far_spans, relation) < 0.2
    assert anchor("Home Choice has 40,000 customers.", [(16, 22)], relation) == 0.0  # no asked word at all


def test_a_year_the_tagger_took_for_a_count_answers_a_when_question() -> None:
    """spaCy's small model tags "537" in "completed in 537" as CARDINAL; after "in" it is the asked year."""
    from assistant.answering.features import typed_spans

    info = QuestionInfo.parse("In what year was the rebuilt Hagia Sophia finished?")
    sentence = "After the riots of 532 he rebuilt Hagia Sophia, completed in 537, whose dome was the largest."
    entities = tuple((sentence.index(n), sentence.index(n) + 3, "CARDINAL") for n in ("532", "537"))
    assert [sentence[a:b] for a, b in typed_spans(info, sentence, entities)] == ["537"]  # "of 532" says no time
    games = "He played in 300 games for the club."
    assert typed_spans(info, games, ((13, 16, "CARDINAL"),)) == []  # a noun follows: a count
    count = QuestionInfo.parse("How many games did he play?")
    assert typed_spans(count, games, ((13, 16, "CARDINAL"),)) == [(13, 16)]  # still a count for a count question


@pytest.mark.parametrize(
    ("question", "kind", "wrong"),
    [
        ("How many people work for Spamhaus?", "count", ("DATE", "ORDINAL", "PERCENT")),  # "60% of them" no count
        ("How many pounds did the bid cost?", "money", ()),
        ("How many years did the strike last?", "duration", ()),
        ("How many times did Kim meet Trump?", "count", ("DATE",)),  # times: occasions, not a time unit
        ("How much did Ask Jeeves pay for Bloglines?", "money", ("CARDINAL",)),  # "300 million articles"
    ],
)
def test_number_questions_ask_for_the_kind_of_number_they_name(question, kind, wrong) -> None:
    info = QuestionInfo.parse(question)
    assert info.answer_type == kind and not set(wrong) & set(info.labels)


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("What are Skype's annual revenues?", "money"),  # the subject of "what is/are" names the type
        ("What was the average house price in 2004, according to the Land Registry?", "money"),  # no quote
        ("What is the population of the Chinese city of Harbin?", "count"),
        ("What is the name of the judge who stopped the case?", "person"),  # read through "name of"
        ("What is the name of the London-based company in the deal?", "org"),
        ("What is the capital of France?", "place"),
        ("What is the fertile soil found in the basin called?", "any"),  # a word for it, whatever it names
        ("What is the oldest book printed with metal type?", "any"),  # the tagger rarely marks titles
        ("What did the minister say about the budget?", "quote"),
        ("What is the new budget going to fund, according to the minister?", "quote"),  # "what" is its object
        ("What was the budget cut by, according to the minister?", "quote"),
        ("What reason did Sir Alex Ferguson give for selling Stam?", "reason"),
        ("What brought about the collapse of Parmalat?", "reason"),
    ],
)
def test_the_subject_of_a_what_is_question_names_the_answer_type(question, kind) -> None:
    assert QuestionInfo.parse(question).answer_type == kind


def test_a_headline_question_that_names_the_outlet_reads_that_outlets_story(indexed) -> None:
    courier = (
        "Source: Coastal Courier\nFerry fares to rise in June\n\n"
        "Harbour ferry fares will rise by ten percent in June, the port authority said.\n"
    )
    herald = (
        "Source: Bay Herald\nPort authority confirms ferry fare rise\n\n"
        "The port authority confirmed that harbour ferry fares will rise in June.\n"
    )
    assistant = indexed({"courier.txt": courier, "herald.txt": herald})
    for outlet, headline in (("Bay Herald", "Port authority confirms ferry fare rise"),
                             ("Coastal Courier", "Ferry fares to rise in June")):  # fmt: skip
        answer = assistant.ask(f"What is the headline of the {outlet} story about the harbour ferry fares?")
        assert not answer.refused and headline in answer.answer
        assert answer.citations[0].source == outlet
    # Capitalised words before "story" that name no outlet are the topic, not a filter.
    answer = assistant.ask("What is the headline of the Port Authority story about ferry fares?")
    assert not answer.refused


def test_a_why_question_gets_the_reason_after_the_restated_event(indexed) -> None:
    story = (
        "Presenter leaves Saturday show\n\n"
        "Dana Marsh has resigned as host of the Saturday music show Top Tunes after six years.\n"
        "She wants to concentrate on new television projects in America, her agent said.\n"
        "The channel will name a new host in the spring.\n"
    )
    assistant = indexed({"host.txt": story})
    answer = assistant.ask("Why did Dana Marsh resign as host of Top Tunes?")
    assert not answer.refused and "concentrate on new television projects" in answer.answer
    assert "has resigned as host" in answer.answer  # the event, then its reason, both cited


def test_a_why_question_gets_the_stated_cause_two_sentences_on(indexed) -> None:
    """The event, a sentence of detail, then the cause ("in the wake of"): the cause joins the answer."""
    story = (
        "Prison agency plan dropped\n\n"
        "Plans to create a single correctional agency for Caledonia have been scrapped.\n"
        "Ministers will not now merge the prison service with the council probation teams.\n"
        "The agency would have offered a one-stop justice system but was dropped in the wake of stiff "
        "opposition from councils.\n"
        "Councils and the prison service will instead sign a joint plan.\n"
    )
    assistant = indexed({"agency.txt": story})
    answer = assistant.ask("Why was the plan for a single correctional agency in Caledonia abandoned?")
    assert not answer.refused and "stiff opposition" in answer.answer


@pytest.mark.skipif(not BBC.is_dir(), reason="../shared/corpora/bbc-news is not there")
def test_what_x_said_about_y_gives_xs_second_quotation_when_it_holds_much_of_xs_share(indexed) -> None:
    """Oliver Letwin has two quotations on the ONS revisions; beside the story's other sentences
    the second has little share of the whole, but a large one of Letwin's own."""
    story = (BBC / "business_154.txt").read_text(encoding="utf-8")
    assistant = indexed({"business_154.txt": story})
    answer = assistant.ask("What did Oliver Letwin say about the changes to the road spending figures?")
    assert not answer.refused and "very convenient" in answer.answer and "murky" in answer.answer
    assert {c.speaker for c in answer.citations} <= {"Oliver Letwin", "Letwin", "Mr Letwin"}


def test_a_name_the_question_gives_must_be_in_the_answer_even_when_common(indexed) -> None:
    """In an archive where "Japan" is everywhere its IDF is low, and missing it cost nearly nothing:
    "Who is the prime minister of Japan?" was answered with Tony Blair."""
    files = {
        "blair.txt": "Blair hails Labour veteran\n\n"
        "Prime Minister Tony Blair called him a giant of the Labour movement.\n"
        "He said the former minister had served the party for fifty years.\n"
    }
    japan = (
        "Japan's exports fell in December as demand from China slowed.",
        "The yen rose against the dollar in Japan on Monday.",
        "An earthquake shook northern Japan, but no damage was reported.",
        "Car makers in Japan raised their forecasts for the year.",
        "Japan won the Asian baseball title for the third time.",
        "Tourism to Japan hit a record in the summer.",
        "Japan's central bank kept interest rates at zero.",
        "Sony, the Japan-based electronics group, cut 10,000 jobs.",
    )
    for i, text in enumerate(japan):
        files[f"japan{i}.txt"] = f"Japan news {i}\n\n{text}\nOfficials in Tokyo said more details would follow.\n"
    assistant = indexed(files)
    assert assistant.ask("Who is the prime minister of Japan?").refused
    answer = assistant.ask("Who called him a giant of the Labour movement?")
    assert not answer.refused and "Tony Blair" in answer.answer


def test_months_and_weekdays_are_not_names_the_answer_must_hold() -> None:
    """ "in January" says when: a story that says "last month" does not lack a name the question gives."""
    info = QuestionInfo.parse("Why were factory managers in Leeds reluctant to hire staff in January?")
    assert info.names == {"leed"} and "januari" in info.terms  # still a term to cover, not a name to miss
    assert "monday" not in QuestionInfo.parse("What did Theresa May say about Brexit on Monday?").names
