"""Quotations and speakers (assistant.ingest.quotes).

The quote-mark tests are pure text; the attribution tests run the bundled spaCy model (NER for the
entities ingest passes in, and the parser the module loads), so they are marked slow.
"""

from __future__ import annotations

import pytest

from assistant.ingest.quotes import Quote, direct_spans, find_quotes, quote_sentences, speaker_of_sentence
from assistant.text import sentence_spans


def quoted(text: str) -> list[str]:
    return [text[s:e] for s, e in direct_spans(text)]


# ---------------------------------------------------------------- quote marks (no model)


def test_curly_and_straight_double_quotes():
    assert quoted("He said “it is obsolete,” and left.") == ["it is obsolete,"]
    assert quoted('He said "it is obsolete," and left.') == ["it is obsolete,"]


def test_nested_single_quotes_stay_inside_the_double_quote():
    text = "“The details will matter with this ‘new approach.’ I’m not sure,” he said."
    assert quoted(text) == ["The details will matter with this ‘new approach.’ I’m not sure,"]


def test_flattened_paragraphs_open_a_new_part_without_closing_the_first():
    text = 'He said: "We are pleased. "The results speak for themselves," he added.'
    assert quoted(text) == ["We are pleased.", "The results speak for themselves,"]


def test_single_quote_style_when_the_article_has_no_double_quotes():
    text = "The minister said 'we will win this vote' on Monday.\nIt's the players' choice, he added."
    assert quoted(text) == ["we will win this vote"]


def test_headings_and_apostrophes_are_not_quotes():
    text = "Bush to get 'tough' on deficit\n\n“Top-down diplomacy”\nThe firm's boss said “no”."
    assert quoted(text) == ["no"]


def test_a_stray_straight_quote_with_spaces_round_it_opens_when_none_is_open():
    assert quoted('He said it could be " very important to the child".') == ["very important to the child"]


# ---------------------------------------------------------------- attribution (spaCy)


def analyse(text: str) -> tuple[list[tuple[int, int]], list[Quote]]:
    from assistant.ingest.annotate import entities

    spans = sentence_spans(text)
    return spans, find_quotes(text, spans, entities([text[s:e] for s, e in spans]))


def find(text: str, quotes: list[Quote], words: str) -> Quote:
    hits = [q for q in quotes if words in text[q.start : q.end]]
    assert hits, f"no quote holds {words!r}: {[(text[q.start : q.end], q.speaker) for q in quotes]}"
    return hits[0]


@pytest.mark.slow
def test_he_said_resolves_to_the_person_named_before():
    text = (
        "Jenny Town, director of 38 North, told Reuters news agency that the big features of the policy "
        "sound good.\n“But the details will be important to assess the success of this ‘new approach.’ "
        "I’m not sure there’s much to say until we see more,” he said."
    )
    _, quotes = analyse(text)
    reported = find(text, quotes, "big features")
    assert (reported.speaker, reported.style) == ("Jenny Town", "reported")
    assert text[reported.start : reported.end].startswith("the big features")
    direct = find(text, quotes, "But the details")
    assert (direct.speaker, direct.style, direct.mention) == ("Jenny Town", "direct", "pronoun")
    assert direct.role == "director of 38 North"


@pytest.mark.slow
def test_he_said_after_a_name_the_parser_made_the_root():
    # spaCy's small model parses "X, chairman of Y, called on Z" with X as the root and "called" a
    # clause on it: X is still who the next "he said" points at, not the speaker of the quote before.
    text = (
        'Mr Howard has said Britain should take its fair share of the world\'s "genuine refugees". '
        "Trevor Phillips, chairman of the Commission for Racial Equality, called on Mr Clarke to denounce "
        "the suggestion. "
        '"Tell that to the 44,000 doctors in the NHS and the 70,000 nurses," he said.'
    )
    _, quotes = analyse(text)
    assert find(text, quotes, "Tell that").speaker == "Trevor Phillips"


@pytest.mark.slow
def test_a_quote_with_no_attribution_after_a_sentence_about_a_new_person_is_theirs():
    text = (
        '"We worked hard as a squad and I am a proud Welshman," said coach Mike Ruddock.\n'
        "Double try scorer Martyn Williams was keen not to talk about a possible Grand Slam for Wales. "
        '"We have got more self-belief these days. Two years ago we might have collapsed. '
        '"There is no mention of a Grand Slam among the players. They could bring us crashing down to earth."'
    )
    _, quotes = analyse(text)
    assert find(text, quotes, "proud Welshman").speaker == "Mike Ruddock"
    assert find(text, quotes, "self-belief").speaker == "Martyn Williams"
    assert find(text, quotes, "crashing down").speaker == "Martyn Williams"  # the paragraph goes on


@pytest.mark.slow
def test_speaker_named_only_by_role_is_the_person_given_that_role_earlier():
    text = (
        "Jen Psaki, the press secretary, spoke to reporters on Friday. Officials did not give details. "
        '"We will not rely on strategic patience," the press secretary said.'
    )
    _, quotes = analyse(text)
    q = find(text, quotes, "strategic patience")
    assert (q.speaker, q.mention) == ("Jen Psaki", "role")

    text = (
        "Next chief executive Simon Wolfson said sales were disappointing. Shares fell 3%. "
        '"It has been a tough Christmas for the whole sector," the chief executive added.'
    )
    _, quotes = analyse(text)
    assert find(text, quotes, "tough Christmas").speaker == "Simon Wolfson"


@pytest.mark.slow
def test_a_name_before_the_verb_speaks_for_the_role_before_it():
    """The parser makes both "head" and "Wright" subjects of "said": the named one speaks, not the
    person the story named before (Gordon Brown, who has "a role" too)."""
    text = (
        "Chancellor Gordon Brown said a vaccine fund was needed. Aid charity Actionaid criticised Mr Brown. "
        'The charity\'s head of HIV/Aids in Britain, Simon Wright said: "Treatments are needed now."'
    )
    _, quotes = analyse(text)
    assert find(text, quotes, "Treatments are needed").speaker == "Simon Wright"


@pytest.mark.slow
def test_unnamed_speaker_keeps_the_description_as_role():
    text = 'A spokeswoman for Oxford University said: "We are reviewing the decision."'
    _, quotes = analyse(text)
    q = find(text, quotes, "reviewing the decision")
    assert q.speaker is None
    assert "spokeswoman for Oxford University" in q.role


@pytest.mark.slow
def test_according_to_and_acronyms_give_the_full_organisation_name():
    text = (
        "The economy grew by 2% last year, according to the Office for National Statistics. "
        "The ONS said the figures would be revised in March."
    )
    _, quotes = analyse(text)
    acc = find(text, quotes, "economy grew")
    assert (acc.style, acc.speaker) == ("according-to", "Office for National Statistics")
    rep = find(text, quotes, "figures would be revised")
    assert (rep.style, rep.speaker) == ("reported", "Office for National Statistics")


@pytest.mark.slow
def test_reported_speech_with_said_and_told():
    text = (
        "Shadow chancellor Oliver Letwin criticised the plan. Mr Letwin told the BBC the timing was "
        "very convenient for the government. The Treasury said there would be no relaxation of discipline."
    )
    _, quotes = analyse(text)
    told = find(text, quotes, "timing was")
    assert (told.speaker, told.style, told.role) == ("Oliver Letwin", "reported", "Shadow chancellor")
    assert text[told.start : told.end] == "the timing was very convenient for the government"
    assert find(text, quotes, "no relaxation").speaker == "Treasury"


@pytest.mark.slow
def test_quote_spanning_sentences_and_quote_paragraphs_after_an_attribution():
    text = (
        'Chancellor Gordon Brown said: "The figures are clear. We will meet the rule. There is no doubt."\n'
        '"Nobody should be surprised by this," he added.\n'
        '"We have been saying it for years."\n'
        'Mr Howard, the Tory leader, disagreed. "It is a fiddle," the Tory leader said.'
    )
    spans, quotes = analyse(text)
    first = find(text, quotes, "figures are clear")
    assert text[first.start : first.end] == "The figures are clear. We will meet the rule. There is no doubt."
    assert first.speaker == "Gordon Brown"
    assert find(text, quotes, "Nobody should").speaker == "Gordon Brown"
    assert (find(text, quotes, "saying it for years").speaker, find(text, quotes, "for years").mention) == (
        "Gordon Brown",
        "none",
    )
    assert find(text, quotes, "a fiddle").speaker == "Howard"
    by_sentence = speaker_of_sentence(quotes, spans)
    assert by_sentence[:3] == ["Gordon Brown"] * 3
    assert by_sentence[-1] == "Howard"
    assert by_sentence[-2] is None  # "Mr Howard, the Tory leader, disagreed." quotes no one
    assert all(len(ids) <= 1 for ids in quote_sentences(quotes, spans))


@pytest.mark.slow
def test_flattened_continuation_takes_the_attribution_that_follows_it():
    text = (
        "Sales at Next fell in December.\n"
        '"Clearance rates have been below our expectations. "We went in with too much stock," '
        "said Simon Wolfson, chief executive of Next."
    )
    _, quotes = analyse(text)
    assert find(text, quotes, "Clearance rates").speaker == "Simon Wolfson"
    assert find(text, quotes, "too much stock").role == "chief executive of Next"


@pytest.mark.slow
def test_two_speakers_in_one_story_keep_their_own_quotes():
    text = (
        'Andy Robinson praised his side. "We were superb," the England coach said.\n'
        'Jason Robinson was less sure. "We have work to do," the captain said. Robinson added: "It was tight."\n'
        'Ireland coach Eddie O\'Sullivan said: "We will learn from this."'
    )
    _, quotes = analyse(text)
    assert find(text, quotes, "superb").speaker == "Andy Robinson"
    assert find(text, quotes, "work to do").speaker == "Jason Robinson"
    assert find(text, quotes, "It was tight").speaker == "Jason Robinson"
    assert find(text, quotes, "learn from this").speaker == "Eddie O'Sullivan"
