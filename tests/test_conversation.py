"""Follow-up questions resolved from the whole chat (issue 10), over the two seed articles.

The chat is passed as turns with their answers, as the UI and the REST API send it:
[{"question": ..., "answer": ...}]. The answers here are the assistant's own.
"""

from __future__ import annotations

import pytest

from assistant.retrieval.condense import HISTORY, NONE, REWRITE, as_turns, condense, resolve

EASLEY_ANSWER = (
    "“The Biden administration has said the ball is in North Korea’s court, but the Kim regime has been serving "
    "up some strategic patience of its own,” said Leif-Eric Easley, associate professor of international studies "
    "at Ewha Womans University in Seoul. [1]"
)


def _chat(assistant, *questions):
    """Ask each question with the turns before it; returns the answers."""
    turns, answers = [], []
    for question in questions:
        answer = assistant.ask(question, turns)
        answers.append(answer)
        turns.append({"question": question, "answer": answer.answer})
    return answers


# ---- the three failures of the issue, end to end -------------------------------------------


def test_where_does_he_teach(seed_assistant):
    first, second = _chat(seed_assistant, "Who is Leif-Eric Easley?", "And where does he teach?")
    assert "Easley" in first.answer
    assert second.standalone_question == "Where does Leif-Eric Easley teach?"
    assert not second.refused
    assert "Ewha Womans University" in second.answer


def test_what_else_did_he_say_gives_another_quote(seed_assistant):
    first, _, third = _chat(
        seed_assistant, "Who is Leif-Eric Easley?", "And where does he teach?", "What else did he say?"
    )
    assert "Leif-Eric Easley" in third.standalone_question
    assert not third.refused
    earlier = {c.quote for c in first.citations}
    assert third.citations and all(c.quote not in earlier for c in third.citations)
    assert "focused on domestic issues" in third.answer or "larger incentives" in third.answer


def test_what_else_is_refused_when_everything_was_said(seed_assistant):
    *_, third, fourth = _chat(
        seed_assistant, "Who is Leif-Eric Easley?", "And where does he teach?", "What else did he say?", "What else?"
    )
    assert not third.refused
    assert fourth.refused  # both of his quotes were shown: the articles hold nothing more from him


def test_bare_why_takes_the_previous_claim(seed_assistant):
    first, why = _chat(seed_assistant, "Did North Korea reject talks?", "Why?")
    assert "rejected the idea of talks" in first.answer
    assert why.standalone_question == "Why did North Korea reject talks?"
    assert not why.refused
    # The reason, not the claim it explains again.
    assert {c.quote for c in why.citations}.isdisjoint({c.quote for c in first.citations})


def test_topic_switch_carries_nothing_over(seed_assistant):
    _, _, moon = _chat(
        seed_assistant, "Who is Leif-Eric Easley?", "And where does he teach?", "What did Moon Jae-in say?"
    )
    assert moon.standalone_question == "What did Moon Jae-in say?"
    assert "Easley" not in moon.answer
    assert "Moon" in moon.answer
    # and a follow-up after the switch is about the new person
    query = seed_assistant.query(
        "When is he going to the White House?",
        [
            {"question": "Who is Leif-Eric Easley?", "answer": EASLEY_ANSWER},
            {"question": "What did Moon Jae-in say?", "answer": moon.answer},
        ],
    )
    assert "Moon Jae-in" in query.standalone and "Easley" not in query.standalone


def test_plain_question_history_still_accepted(seed_assistant):
    query = seed_assistant.query("What else did he say?", ["Who is Leif-Eric Easley?"])
    assert query.standalone == "What did Leif-Eric Easley say?"
    assert query.mode == REWRITE
    assert not query.exclude  # no answers given, nothing to exclude


# ---- the rewriter on its own (spaCy, no index) ----------------------------------------------


def test_pronoun_types_follow_entity_types():
    turns = [
        {
            "question": "Why did Virgin Blue shares plunge?",
            "answer": "Shares in Australian budget airline Virgin Blue plunged 20%.",
        }
    ]
    assert resolve("Who owns most of it?", turns).standalone == "Who owns most of Virgin Blue?"
    turns = [
        {
            "question": "Who will take charge of Vodafone's Japanese operation?",
            "answer": "Vodafone has drafted in its UK chief executive William Morrow to take charge of its troubled "
            "Japanese operation.",
        }
    ]
    # "he" is the person the answer named, not a company; "his" is possessive
    assert resolve("How much will he be paid?", turns).standalone == "How much will William Morrow be paid?"
    # a rewrite spells the contraction out: the answer engine reads the question's type from whole words
    assert resolve("What's his current job?", turns).standalone == "What is William Morrow's current job?"


def test_she_finds_the_woman_of_the_answer():
    turns = [
        {"question": "Where was Ossie Davis found dead?", "answer": "Davis, who was married to actress Ruby Dee, "
         "was found dead on Friday in his hotel room in Miami Beach, Florida, where he was making a film."},
    ]  # fmt: skip
    assert resolve("How old is she?", turns).standalone == "How old is Ruby Dee?"
    assert resolve("What was he doing there?", turns).standalone == "What was Ossie Davis doing in Miami Beach?"


def test_ellipsis_swaps_the_entity_of_the_same_kind():
    turns = [{"question": "What did Tony Blair call Lord Callaghan?", "answer": "Tony Blair called him a giant."}]
    assert resolve("And Gordon Brown?", turns).standalone == "What did Gordon Brown call Lord Callaghan?"
    turns = [{"question": "How much did Jimi Hendrix's guitar sell for?", "answer": ""}]
    assert resolve("And his poem?", turns).standalone == "How much did Jimi Hendrix's poem sell for?"
    turns = [{"question": "How many goals did Thierry Henry score in 2004?", "answer": ""}]
    assert resolve("And in 2005?", turns).standalone == "How many goals did Thierry Henry score in 2005?"


def test_what_else_excludes_what_was_quoted():
    res = resolve("Anything else?", [{"question": "What did Leif-Eric Easley say?", "answer": EASLEY_ANSWER}])
    assert res.standalone == "What did Leif-Eric Easley say?"
    assert len(res.exclude) == 1 and "strategic patience" in next(iter(res.exclude))


def test_own_referent_and_topic_switch_need_nothing():
    turns = [{"question": "Who is Leif-Eric Easley?", "answer": EASLEY_ANSWER}]
    res = resolve("Who has Roger Federer asked to be his coach?", turns)
    assert (res.standalone, res.mode) == ("Who has Roger Federer asked to be his coach?", NONE)
    assert resolve("What did Moon Jae-in say?", turns).mode == NONE


def test_unsure_falls_back_to_history_aware_search():
    res = resolve("And what do they think?", [{"question": "Is the weather nice?", "answer": "It is sunny."}])
    assert res.mode in (HISTORY, NONE)
    res = resolve("What about the weather?", [{"question": "What did Leif-Eric Easley say?", "answer": EASLEY_ANSWER}])
    assert res.mode == HISTORY and "Leif-Eric Easley" in res.context and res.standalone.startswith("What about")


@pytest.mark.parametrize("history", [["Who is Ada Brook?"], [{"question": "Who is Ada Brook?", "answer": ""}]])
def test_turns_as_strings_or_dicts(history):
    assert as_turns(history)[0].question == "Who is Ada Brook?"
    assert condense("What did he say next?", history) == "What did Ada Brook say next?"
