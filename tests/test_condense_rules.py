"""Follow-up rewrites that read the dependency parse and the chat's names (issue 10), no index needed."""

from __future__ import annotations

from assistant.retrieval.condense import HISTORY, REWRITE, resolve

GHOSN = (
    "Dubbed 'le cost killer' for pushing through huge cost cuts in previous jobs, Mr Ghosn reduced Nissan's "
    "overheads by 20% after taking charge in 1999. [1]"
)


def test_contractions_are_spelled_out_in_a_rewrite():
    turns = [{"question": "Who is Ada Brook?", "answer": "Ada Brook is a judge. She sits in Leeds."}]
    assert resolve("What's her court?", turns).standalone == "What is Ada Brook's court?"
    assert resolve("What's happened to her?", turns).standalone == "What has happened to Ada Brook?"


def test_why_after_a_copula_question_asks_about_the_claim():
    turns = [{"question": "What was Carlos Ghosn's nickname?", "answer": GHOSN}]
    res = resolve("Why?", turns)
    assert res.mode == REWRITE
    assert res.standalone == "Why did Mr Ghosn reduce Nissan's overheads by 20% after taking charge in 1999?"
    # an auxiliary is no copula: "What is he doing?" + "Why?" asks why he is doing it
    doing = [{"question": "What is Bruce Willis doing?", "answer": "Bruce Willis is suing a studio. [1]"}]
    assert resolve("Why?", doing).standalone == "Why is Bruce Willis doing?"


def test_when_asks_the_previous_claim_as_a_question():
    said = "Mr Raskin was diagnosed in December 2004 with pancreatic cancer and died on 26 February at his home. [1]"
    res = resolve("When?", [{"question": "What was his illness?", "answer": said}])
    assert res.standalone == "When was Mr Raskin diagnosed with pancreatic cancer?"  # the dates left out
    said = "North Korea on Sunday called US diplomacy “false” and rejected talks, state media reported. [1]"
    res = resolve("When?", [{"question": "What did North Korea call US diplomacy?", "answer": said}])
    assert res.standalone == "When did North Korea call US diplomacy “false”?"  # what was reported


def test_why_keeps_a_previous_sentence_that_gives_the_reason():
    said = "Scott Sullivan said he lied to the board to cover up the hole in the firm's finances. [1]"
    res = resolve("Why?", [{"question": "What did Scott Sullivan admit?", "answer": said}])
    assert not res.exclude  # the purpose clause is the reason: the answer may quote it again
    plain = "North Korea rejected the idea of talks with Washington on Sunday. [1]"
    res = resolve("Why?", [{"question": "Did North Korea reject talks?", "answer": plain}])
    assert len(res.exclude) == 1  # a bare claim: the reason must be news


def test_pronoun_of_the_other_gender_is_not_resolved():
    turns = [{"question": "What did Budd Schulberg say?", "answer": "Budd Schulberg said he read the novel."}]
    res = resolve("And what was her name?", turns)
    assert "Schulberg's name" not in res.standalone
    assert res.mode == HISTORY


def test_ellipsis_name_completed_from_the_chat():
    turns = [
        {"question": "What did Scott Sullivan admit at Bernard Ebbers' trial?", "answer": ""},
        {"question": "How old is he?", "answer": "Mr Sullivan, 42, will be sentenced after the trial."},
    ]
    assert resolve("And Ebbers?", turns).standalone == "How old is Bernard Ebbers?"


def test_ellipsis_name_takes_the_place_of_who():
    owns = "Patrick Corporation - which owns 46% of Virgin Blue - had dropped 31% by the close."
    assert (
        resolve("And Richard Branson?", [{"question": "Who owns most of Virgin Blue?", "answer": owns}]).standalone
        == "Does Richard Branson own most of Virgin Blue?"
    )
    assert resolve("And Ada Brook?", [{"question": "Who will lead the team?", "answer": ""}]).standalone == (
        "Will Ada Brook lead the team?"
    )


def test_institution_after_a_possessive_name_is_one_entity():
    turns = [{"question": "What did North Korea's foreign ministry accuse Biden of?", "answer": ""}]
    assert (
        resolve("Which news agency did it give its statement to?", turns).standalone
        == "Which news agency did North Korea's foreign ministry give its statement to?"
    )


def test_what_else_keeps_what_the_speaker_was_asked_about():
    said = "The actor's friend Budd Schulberg told Vanity Fair magazine that Brando read the novel. [1]"
    turns = [{"question": "What did Budd Schulberg tell Vanity Fair about Brando?", "answer": said}]
    res = resolve("What else did he say?", turns)
    assert res.standalone == "What did Budd Schulberg say about Brando?"
    assert len(res.exclude) == 1
    # not for a question that is not about someone's words
    assert resolve("What else will he do?", turns).standalone == "What will Budd Schulberg do?"


def test_it_as_the_object_of_the_previous_questions_verb():
    won = "And Terry Griffiths, from Llanelli, won the tournament in 1979. [1]"
    turns = [{"question": "Did anyone else from Llanelli win the world championship?", "answer": won}]
    assert resolve("When did he win it?", turns).standalone == "When did Terry Griffiths win the world championship?"
    # another verb: "it" is not that object
    assert "world championship" not in resolve("Did he sell it?", turns).standalone


def test_a_pronoun_the_chat_resolved_earlier_gives_that_person_its_gender():
    # Neither name comes with a title or a pronoun of its own; only the second turn says Ada Brook is a "she".
    turns = [
        {"question": "Who did Ada Brook hire?", "answer": "Ada Brook hired Sam Vale as a clerk."},
        {"question": "Where does she work?", "answer": "Ada Brook and Sam Vale work in Leeds."},
    ]
    assert resolve("What court does she sit in?", turns).standalone == "What court does Ada Brook sit in?"
    assert resolve("How old is he?", turns).standalone == "How old is Sam Vale?"


def test_why_keeps_two_words_apart_where_it_drops_a_comma_between_them():
    said = "China has been accused of blocking Google News by the watchdog, Reporters Without Borders. [1]"
    res = resolve("Why?", [{"question": "Who has accused China of blocking Google News?", "answer": said}])
    assert "watchdog Reporters" in res.standalone, res.standalone


def test_why_after_a_report_asks_of_what_was_reported():
    said = "The safety agency said the largest recall involves 155,465 pickups and vans. [1]"
    turns = [{"question": "What's the biggest part of the Zenith Motors recall?", "answer": said}]
    assert resolve("Why?", turns).standalone == "Why does the largest recall involve 155,465 pickups and vans?"
    # "When?" asks when it was said, and a reported "he" stays with the speaker who is named
    assert resolve("When?", turns).standalone.startswith("When did the safety agency say")
    own = [{"question": "What is Ada Brook's plan?", "answer": "Ada Brook said she would cut taxes. [1]"}]
    assert resolve("Why?", own).standalone.startswith("Why did Ada Brook say")


def test_a_description_is_possessive_only_before_a_noun():
    turns = [{"question": "Who owns Zenith Motors?", "answer": "Zenith Motors is owned by its staff. [1]"}]
    assert resolve("Does the company know of any injuries?", turns).standalone.startswith("Does Zenith Motors know")
    assert resolve("Where is the firm based?", turns).standalone == "Where is Zenith Motors based?"
    assert resolve("Who is the company chairman?", turns).standalone == "Who is Zenith Motors' chairman?"


def test_a_description_before_a_name_is_not_an_institution():
    said = "A slimming aid is to be developed by UK firm Phytomax and the grocer Ulvar. [1]"
    turns = [{"question": "What is Phytomax developing?", "answer": said}]
    assert "UK firm" not in resolve("When was the firm set up?", turns).standalone


def test_a_name_after_in_or_at_is_a_place_not_a_person():
    # spaCy tags "Lievin" as a person here; "in Lievin" says it is a place, so "his" is the runner
    turns = [
        {
            "question": "What height did Yelena Isinbayeva clear in Lievin?",
            "answer": "Yelena Isinbayeva broke her own record. [1]",
        },
        {"question": "What happened in Lievin in the men's 60m?", "answer": "Leonard Scott won it. [1]"},
    ]
    assert resolve("What was his winning time?", turns).standalone == "What was Leonard Scott's winning time?"


def test_bare_why_says_who_the_claim_leans_on():
    turns = [
        {"question": "Who is Ada Brook?", "answer": "Ada Brook is a flight attendant who wrote a blog. [1]"},
        {
            "question": "What happened to her job?",
            "answer": "Delta Air Lines suspended her indefinitely without pay. [1]",
        },
    ]
    assert resolve("Why?", turns).standalone == "Why did Delta Air Lines suspend Ada Brook indefinitely without pay?"
    assert resolve("How come?", turns).standalone.startswith("Why did Delta")  # no "How come did"
    # a pronoun the claim's own name binds stays
    own = [{"question": "What is the ariary?", "answer": "Ruritania replaced its franc with the ariary. [1]"}]
    assert "its franc" in resolve("Why?", own).standalone


def test_an_object_pronoun_is_not_the_subject_named_beside_it():
    turns = [{"question": "What is Phytomax developing with Unilever?", "answer": "A slimming aid. [1]"}]
    assert resolve("How much is Unilever paying them?", turns).standalone == "How much is Unilever paying Phytomax?"
    # a possessive still is: "Unilever ... its" stays Unilever's
    assert resolve("How much is Unilever paying for its share?", turns).standalone.endswith("for its share?")


def test_every_leading_filler_word_goes():
    turns = [{"question": "Who is Ada Brook?", "answer": "Ada Brook is a judge. She sits in Leeds. [1]"}]
    assert resolve("OK, and where does she sit?", turns).standalone == "Where does Ada Brook sit?"


def test_a_wh_fragment_takes_the_previous_questions_place():
    budget = [{"question": "When will Ada Brook deliver her budget?", "answer": "On 16 March. [1]"}]
    assert resolve("At what time?", budget).standalone == "At what time will Ada Brook deliver her budget?"
    prices = [{"question": "Did Zenith Motors raise its prices?", "answer": "It raised them in May. [1]"}]
    assert resolve("By how much?", prices).standalone == "By how much did Zenith Motors raise its prices?"


def test_the_noun_takes_the_fuller_phrase_an_earlier_question_gave_it():
    turns = [
        {"question": "Where did Ada Brook begin her week-long Africa trip?", "answer": "In Kenya. [1]"},
        {"question": "How many people live there?", "answer": "About 800,000. [1]"},
    ]
    res = resolve("Where else is she going on the trip?", turns)
    assert res.standalone == "Where is Ada Brook going on her week-long Africa trip?"
