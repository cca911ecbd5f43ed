from assistant.retrieval.condense import condense, topic_of


def test_pronoun_replaced_by_person_from_who_question():
    assert condense("What did he say next?", ["Who is Ada Brook?"]) == "What did Ada Brook say next?"


def test_possessive_pronoun():
    assert (
        condense("What was her first decision?", ["Who is the new judge?"])
        == "What was the new judge's first decision?"
    )


def test_object_her_is_not_possessive():
    assert condense("Who asked her about it?", ["Who is Mia Lund?"]) == "Who asked Mia Lund about it?"


def test_name_taken_from_a_non_who_question():
    assert topic_of("What did Omar Diaz promise voters?") == "Omar Diaz"
    assert condense("Did he keep it?", ["What did Omar Diaz promise voters?"]) == "Did Omar Diaz keep it?"


def test_ellipsis_reuses_previous_question():
    assert condense("And Lagos?", ["What did Tinubu say about Abuja?"]) == "What did Tinubu say about Lagos?"


def test_standalone_questions_are_untouched():
    assert condense("Where is the museum?", ["Who is Ada Brook?"]) == "Where is the museum?"
    assert condense("What did he say?", []) == "What did he say?"
