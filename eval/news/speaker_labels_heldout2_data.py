"""Hand labels of every quotation in the second held-out set of speaker-labelled stories (heldout2).

The source of speaker_labels_heldout2.jsonl and speaker_stories_heldout2.txt (built by
build_speaker_labels.py). Same format and rules as speaker_labels_data.py (README.md, section
"Speaker labels"). These 20 BBC stories (4 per section) share no story with speaker_stories.txt,
the quote question files or any other file of the project, and were labelled by reading the text
only, before the assistant's quote finder was run on them: they measure the attribution code on
text it has never been tuned on. Do not tune on them; once the code has been changed because of
their errors they are no longer held out.
"""

STORIES = {}

STORIES["business_252.txt"] = dict(
    speakers={
        "ofcom": ("Ofcom", "telecom regulator", "organisation", ["the watchdog", "the regulator"]),
        "bt": ("BT", None, "organisation", ["the former monopoly", "the firm", "the group", "the company"]),
        "verwaayen": ("Ben Verwaayen", "BT chief executive", "person", []),
        "ovum": ("Ovum", "telecom analysts", "organisation", []),
        "lavender": ("Tony Lavender", "director of telecoms research", "person", []),
        "plusnet": ("Plus.net", "internet service provider (ISP)", "organisation", []),
        "strafford": ("Lee Strafford", "chief executive", "person", []),
        "panayis": ("Chris Panayis", "managing director of ISP Freedom2surf", "person", []),
        "aol": ("AOL", None, "organisation", []),
        "aolspk": (None, "AOL spokesman", "unnamed", []),
    },
    items=[
        ("D", 0, "ofcom", "name"),
        ("D", 1, "bt", "role"),
        ("D", 2, "verwaayen", "name"),
        ("D", 3, "verwaayen", "pronoun"),
        ("R", 'it plans to invest £10bn in the next five years to create a "21st Century network"', "bt", "pronoun"),
        (
            "R",
            "it would begin trials in April with a view to launching higher-speed services nationally from the autumn",
            "bt",
            "name",
        ),
        ("D", 6, "ovum", "name"),
        ("D", 7, "lavender", "name"),
        ("D", 8, "plusnet", "name"),
        ("D", 9, "strafford", "role"),
        ("R", "it would make the situation clearer for business", "panayis", "name"),
        ("D", 10, "panayis", "pronoun"),
        ("R", "regulation was still needed to ensure a level playing field", "aol", "name"),
        ("D", 11, "aolspk", "role"),
        ("D", 12, "aolspk", "none"),
    ],
    excluded={
        4: 'term ("local loop")',
        5: 'term ("21st Century network") inside BT\'s reported clause, which is labelled instead',
    },
)

STORIES["business_020.txt"] = dict(
    speakers={
        "diemont": ("Cara Diemont", "of IT firm Dimension Data", "person", ["Ms Diemont"]),
        "dd": ("Dimension Data", "IT firm which commissioned the survey", "organisation", []),
        "offshorers": (None, "companies that decide to offshore their operations", "unnamed", []),
    },
    items=[
        ("D", 0, "diemont", "name"),
        ("R", "call centres also saw a sharp increase of customers simply abandoning calls", "diemont", "pronoun"),
        (
            "R",
            "is the fact that more customers are calling 'on the move' using their mobile phones",
            "diemont",
            "name",
            (
                "attribution inside the clause ('One possible reason for the lack in patience, Ms Diemont says, is "
                "...'): the longer part"
            ),
        ),
        ("D", 1, "diemont", "name"),
        ("D", 2, "dd", "name", "'what Dimension Data calls'"),
        ("D", 3, "dd", "name", "continues the Dimension Data sentence"),
        ("D", 4, "diemont", "name"),
        (
            "R",
            (
                'Suggestions that "outsourcing" - relocating call centres to low-cost countries like India or South '
                "Africa - is to blame are wrong"
            ),
            "diemont",
            "name",
        ),
        ("D", 7, "diemont", "none"),
        ("D", 8, "diemont", "pronoun"),
        (
            "R",
            "saving money is the main consideration when closing domestic call centre operations",
            "offshorers",
            "pronoun",
            "survey answer ('Only 42% of them say')",
        ),
        ("R", "workers in other countries offer better skills for the money", "offshorers", "pronoun"),
    ],
    excluded={
        5: 'term ("churn rate")',
        6: 'term ("outsourcing") inside the reported clause, which is labelled instead',
        9: 'scare quote ("offshore")',
        10: 'term ("core function") in a list of survey reasons, no speech verb',
    },
)

STORIES["business_260.txt"] = dict(
    speakers={
        "wong": ("Eddie Wong", "of ABN Amro", "person", []),
        "economists": (None, "some economists in Sri Lanka", "unnamed", []),
        "kunplome": ("Sontaya Kunplome", "tourism minister", "person", []),
        "chaiyasoot": (
            "Naris Chaiyasoot",
            "director general at the ministry's fiscal policy office",
            "person",
            [],
        ),
        "shaheed": ("Ahmed Shaheed", "chief government spokesman", "person", []),
        "experts": (None, "many experts, including the World Bank", "unnamed", []),
        "imf": (None, "IMF official", "unnamed", []),
    },
    items=[
        ("D", 0, "wong", "name"),
        ("D", 1, "wong", "none"),
        ("R", "as much as 1% of annual growth may be lost", "economists", "role"),
        (
            "A",
            "Thailand may lose 30bn baht (£398m; $768m) in earnings from tourism over the next three months",
            "kunplome",
            "name",
        ),
        ("D", 2, "chaiyasoot", "name"),
        (
            "A",
            "In the Maldives the cost of reconstruction could wipe out economic growth",
            "shaheed",
            "role",
            "'according to a government spokesman': Ahmed Shaheed, named in the next sentence",
        ),
        ("D", 3, "shaheed", "name"),
        ("D", 4, "shaheed", "pronoun"),
        ("D", 5, "shaheed", "none"),
        (
            "R",
            "investment in a single tourist resort - the economic mainstay - could run to $40m",
            "shaheed",
            "name",
        ),
        (
            "R",
            "it is still difficult to assess the magnitude of the disaster and its likely economic impact",
            "experts",
            "role",
        ),
        ("D", 6, "imf", "role"),
        ("D", 7, "imf", "none"),
    ],
    excluded={},
)

STORIES["business_200.txt"] = dict(
    speakers={
        "critics": (None, "critics of the measure", "unnamed", []),
        "aide": (None, "President Castro's chief aide", "unnamed", []),
        "barrionuevo": (
            "Jose Barrionuevo",
            "head of strategy for Latin American emerging markets for Barclays Capital",
            "person",
            ["Mr Barrionuevo", "Mr Barrioneuvo"],
        ),
        "eclac": ("UN Economic Commission for Latin America", None, "organisation", []),
    },
    items=[
        (
            "R",
            (
                "it is a step backwards, reflecting the Cuban president's desire to increase his control of the "
                "economy and to clamp down on private enterprise"
            ),
            "critics",
            "role",
        ),
        ("D", 1, "aide", "role"),
        ("D", 2, "aide", "pronoun"),
        (
            "R",
            "Castro's tax plan smacks more of a desperate economic measure than a political gesture",
            "barrionuevo",
            "role",
            "'A leading expert on the Cuban economy says': Jose Barrionuevo, named in the next sentence",
        ),
        ("D", 3, "barrionuevo", "name"),
        ("D", 4, "barrionuevo", "none"),
        ("A", "is now worth $3bn to the country", "eclac", "name"),
        ("R", "The tax could fuel an active black market in currency trading", "barrionuevo", "name"),
        ("D", 5, "barrionuevo", "pronoun"),
        (
            "R",
            "the measure could be dropped if it has a damaging effect on economic activity",
            "barrionuevo",
            "name",
            "the article misspells him 'Mr Barrioneuvo' here",
        ),
        ("D", 6, "barrionuevo", "none"),
    ],
    excluded={0: 'term ("convertible" peso)'},
)

STORIES["entertainment_022.txt"] = dict(
    speakers={
        "trew": ("Eve Trew", "dance teacher", "person", ["Ms Trew"]),
        "gilbert": ("Hazel Gilbert", "information manager from Newcastle", "person", []),
        "enb": (None, "spokesman for the English National Ballet", "unnamed", []),
        "rad": (None, "spokeswoman for the RAD", "unnamed", []),
    },
    items=[
        ("D", 0, "trew", "name"),
        ("D", 1, "trew", "pronoun"),
        ("D", 2, "trew", "none"),
        ("D", 3, "trew", "none"),
        ("D", 4, "gilbert", "pronoun"),
        ("D", 5, "gilbert", "none"),
        ("D", 6, "gilbert", "none"),
        ("D", 7, "trew", "name"),
        (
            "R",
            "many young ballet dancers were no longer willing to make the sacrifices to succeed",
            "trew",
            "name",
        ),
        ("D", 8, "trew", "none"),
        ("D", 9, "trew", "none"),
        ("D", 10, "trew", "none"),
        (
            "R",
            (
                "although only two out of their 12 principal dancers were British, around a quarter of the "
                "company's dancers were from the UK"
            ),
            "enb",
            "role",
        ),
        ("D", 11, "enb", "pronoun"),
        ("D", 12, "rad", "role"),
        ("D", 13, "rad", "none"),
        ("D", 14, "rad", "none"),
        ("D", 15, "rad", "none"),
    ],
    excluded={},
)

STORIES["entertainment_372.txt"] = dict(
    speakers={
        "eastwood": ("Clint Eastwood", None, "person", []),
        "swank": ("Hilary Swank", None, "person", []),
        "freeman": ("Morgan Freeman", None, "person", []),
        "blanchett": ("Cate Blanchett", None, "person", []),
        "foxx": ("Jamie Foxx", None, "person", []),
    },
    items=[
        ("D", 0, "eastwood", "name"),
        ("D", 1, "eastwood", "none"),
        ("D", 2, "swank", "pronoun"),
        ("D", 3, "swank", "none"),
        ("D", 4, "freeman", "pronoun"),
        ("D", 5, "freeman", "pronoun"),
        ("D", 6, "blanchett", "name"),
        ("D", 7, "blanchett", "pronoun"),
        ("D", 8, "blanchett", "name"),
        ("D", 9, "foxx", "name"),
        ("D", 10, "foxx", "pronoun"),
        ("D", 11, "foxx", "none"),
        ("D", 12, "foxx", "none"),
    ],
    excluded={},
)

STORIES["entertainment_282.txt"] = dict(
    speakers={
        "fifty": ("50 Cent", "US rap star", "person", []),
        "game": ("The Game", "protege", "person", ["the newcomer"]),
        "police": ("Police", None, "group", []),
        "wilson": ("Elliott Wilson", "editor-in-chief of hip-hop magazine XXL", "person", []),
    },
    items=[
        ("R", "he has thrown protege The Game out of his G-Unit gang", "fifty", "name"),
        ("R", "the newcomer was disloyal in conflicts with other rappers", "fifty", "name"),
        ("D", 0, "game", "name"),
        ("R", "he would not turn on them", "game", "name"),
        ("D", 1, "game", "pronoun"),
        ("D", 2, "game", "none"),
        ("R", "The Game was no longer a member of G-Unit", "fifty", "name"),
        ("D", 3, "fifty", "pronoun"),
        (
            "R",
            (
                "The Game's associates may have heard the interview and gone to the studio, where they confronted "
                "50 Cent's entourage"
            ),
            "police",
            "name",
        ),
        ("R", "the feud would boost publicity for 50 Cent's release", "wilson", "name"),
        ("D", 4, "wilson", "pronoun"),
        ("D", 5, "wilson", "pronoun"),
        ("D", 6, "wilson", "none"),
    ],
    excluded={},
)

STORIES["entertainment_050.txt"] = dict(
    speakers={
        "willis": ("Bruce Willis", "actor", "person", ["Willis", "the star", "the lawsuit"]),
        "dudas": ("Sean Dudas", "Revolution Studios spokesman", "person", []),
    },
    items=[
        ("R", "he suffered while making Tears of the Sun", "willis", "name"),
        (
            "R",
            "he was hit in the head by a firework during the filming of the 2002 movie",
            "willis",
            "name",
        ),
        (
            "R",
            "the star has endured mental and physical injuries as a result of the alleged incident",
            "willis",
            "role",
            "the words of his lawsuit",
        ),
        ("D", 0, "dudas", "name"),
        (
            "A",
            "the injury was suffered during the firing of explosions as part of a special effect",
            "willis",
            "role",
            "'According to the lawsuit'",
        ),
        ("D", 1, "willis", "none", "the lawsuit's words"),
        ("D", 2, "willis", "role", "the lawsuit's words"),
        ("D", 3, "willis", "role", "the lawsuit's words"),
        ("R", "he will incur additional future medical expenses", "willis", "pronoun", "'It stated': the lawsuit"),
        ("D", 4, "willis", "role", "the lawsuit's words"),
    ],
    excluded={},
)

STORIES["politics_088.txt"] = dict(
    speakers={
        "parties": ("Labour and the Conservatives", None, "group", ["the parties"]),
        "ico": (
            "information commissioner's office",
            "the watchdog overseeing the rules",
            "organisation",
            ["Information Commissioner's Office", "the watchdog", "the commissioner"],
        ),
        "lab": (None, "Labour Party spokesman", "unnamed", []),
        "con": (None, "Conservative spokeswoman", "unnamed", []),
        "icospk": (None, "spokesman for the Information Commissioner's Office", "unnamed", []),
        "taylor": ("Matthew Taylor", "Lib Dem chairman", "person", ["Mr Taylor"]),
    },
    items=[
        (
            "R",
            (
                "they can stick to the rules by ensuring that their calls are not marketing - for instance by "
                "asking about people's voting intentions"
            ),
            "parties",
            "role",
        ),
        ("D", 1, "ico", "name"),
        (
            "R",
            "the party avoided those on TPS lists when telephoning people about membership or fundraising",
            "lab",
            "role",
        ),
        ("D", 3, "lab", "pronoun"),
        ("D", 4, "lab", "none"),
        (
            "R",
            (
                "the party always asked people if they would be happy to be contacted again and if they said no, "
                "they were not rung again"
            ),
            "lab",
            "pronoun",
        ),
        ("R", "the party stuck to the rules when it rang TPS subscribers", "con", "role"),
        ("D", 5, "con", "pronoun"),
        (
            "R",
            (
                "it would be classed as marketing if political parties telephoned people to encourage them to vote "
                "for them"
            ),
            "icospk",
            "role",
        ),
        ("D", 6, "icospk", "pronoun"),
        (
            "R",
            (
                "it might be considered unsolicited marketing if a party recorded voting preferences with a view to "
                "marketing information in the future"
            ),
            "icospk",
            "role",
        ),
        ("D", 7, "icospk", "role"),
        ("D", 8, "icospk", "role"),
        ("D", 9, "icospk", "pronoun"),
        ("D", 10, "taylor", "name"),
        ("D", 11, "taylor", "pronoun"),
        ("D", 12, "taylor", "pronoun"),
        (
            "R",
            (
                "there should be new guidelines so all parties can act in the same way if the watchdog believes the "
                "rules allow parties to ring TPS numbers about voting intentions and later urge those people to "
                "vote for them"
            ),
            "taylor",
            "name",
        ),
    ],
    excluded={
        0: 'term ("cold calls")',
        2: 'term ("voter identification" calls) in unattributed free indirect speech',
    },
)

STORIES["politics_348.txt"] = dict(
    speakers={
        "hansard": ("Hansard Society", None, "organisation", ["the non-partisan charity"]),
        "holme": ("Lord Holme", "Chairman", "person", []),
        "blair": ("Tony Blair", "prime minister", "person", ["Mr Blair", "the prime minister"]),
    },
    items=[
        (
            "A",
            (
                "Broadcasters should fix a date for a pre-election televised debate between the three main "
                "political leaders"
            ),
            "hansard",
            "name",
        ),
        (
            "R",
            "It would then be up to Tony Blair, Michael Howard and Charles Kennedy to decide whether to take part",
            "hansard",
            "role",
        ),
        ("D", 0, "holme", "name"),
        ("D", 1, "holme", "pronoun"),
        ("D", 2, "holme", "pronoun"),
        (
            "R",
            (
                "If Mr Blair did not want to take part, the broadcasters could go ahead with an empty chair or "
                "cancel the event and explain their reasons why"
            ),
            "holme",
            "name",
        ),
        ("D", 3, "holme", "pronoun"),
        ("D", 4, "holme", "none"),
        ("D", 5, "holme", "name"),
        (
            "R",
            (
                "Opinion polls suggested that the idea had the backing of the public who like comparing the "
                "personalities and policies of the contenders in their own homes"
            ),
            "holme",
            "pronoun",
        ),
        ("D", 6, "holme", "name"),
        (
            "R",
            (
                "An independent third-party body such as the Hansard Society or Electoral Commission could work out "
                "the ground rules so they were fair to participants and informative to the public"
            ),
            "holme",
            "pronoun",
        ),
        ("D", 7, "holme", "name"),
        ("D", 8, "holme", "none"),
        ("D", 9, "holme", "none"),
        ("D", 10, "holme", "none"),
        ("D", 11, "blair", "pronoun", "'Last month he said': Tony Blair, named in the previous sentence"),
    ],
    excluded={},
)

STORIES["politics_036.txt"] = dict(
    speakers={
        "kennedy": ("Charles Kennedy", "Liberal Democrat leader", "person", ["Mr Kennedy"]),
    },
    items=[
        (
            "R",
            (
                "Voters will have a clear choice between the politics of fear and the politics of hope in the next "
                "general election"
            ),
            "kennedy",
            "name",
        ),
        ("D", 0, "kennedy", "role"),
        ("R", "his party was the one of hope and was ready for a 2005 poll", "kennedy", "pronoun"),
        ("D", 1, "kennedy", "pronoun"),
        (
            "R",
            (
                "his thoughts were with all those caught up in the disaster, which had dominated the Christmas and "
                "New Year period"
            ),
            "kennedy",
            "name",
        ),
        (
            "R",
            (
                "many people were turning to the Liberal Democrats as they became disheartened with the politics of "
                "the other two main parties"
            ),
            "kennedy",
            "pronoun",
        ),
        ("D", 2, "kennedy", "pronoun"),
        ("D", 3, "kennedy", "none"),
        ("D", 4, "kennedy", "pronoun"),
        (
            "R",
            "the government was using this climate of fear to try to strip away civil liberties",
            "kennedy",
            "pronoun",
        ),
        (
            "R",
            (
                "It was already using detention without trial at Belmarsh Prison, ignoring a recent Law Lords "
                "judgement that this contravenes basic human rights"
            ),
            "kennedy",
            "pronoun",
        ),
        (
            "R",
            (
                "while everyone had the right to be secure they also had the right to be protected against unfair "
                "discrimination"
            ),
            "kennedy",
            "pronoun",
        ),
        ("D", 5, "kennedy", "pronoun"),
        ("D", 6, "kennedy", "pronoun"),
        ("D", 7, "kennedy", "pronoun"),
        ("D", 8, "kennedy", "none"),
        ("D", 9, "kennedy", "none"),
    ],
    excluded={},
)

STORIES["politics_100.txt"] = dict(
    speakers={
        "mubanga": ("Martin Mubanga", "British terror suspect held in Guantanamo Bay", "person", ["Mr Mubanga"]),
        "clarke": ("Charles Clarke", "Home Secretary", "person", ["the home secretary"]),
        "christian": ("Louise Christian", "his lawyer", "person", []),
        "campbell": ("Menzies Campbell", "the Liberal Democrats' foreign affairs spokesman", "person", []),
        "fo": (None, "Foreign Office spokesman", "unnamed", []),
        "usgov": ("US government", None, "organisation", []),
        "jakobi": ("Stephen Jakobi", "Fair Trials Abroad director", "person", []),
    },
    items=[
        (
            "R",
            "an MI6 officer played a key role in consigning him to the US camp in Cuba, following his arrest in Zambia",
            "mubanga",
            "name",
        ),
        ("R", "he was brutally interrogated and daubed with urine at the camp", "mubanga", "name"),
        (
            "R",
            "he would not be launching an investigation",
            "clarke",
            "role",
            "'The home secretary': Charles Clarke, named later",
        ),
        ("D", 0, "clarke", "role"),
        (
            "R",
            (
                "he was sent there after being interrogated by a British man who said he was from MI6, shortly "
                "after his arrest in Zambia in March 2002"
            ),
            "mubanga",
            "pronoun",
        ),
        ("R", "he had been in Afghanistan and Pakistan to study Islam", "mubanga", "name"),
        (
            "R",
            (
                "he was unable to return to the UK because he had lost his British passport, and was travelling on "
                "his Zambian passport instead"
            ),
            "mubanga",
            "pronoun",
        ),
        (
            "R",
            (
                'the "MI6 agent" told him the passport had been found in a cave in Afghanistan along with documents '
                "listing Jewish groups in New York and suggested he had been on an al-Qaeda reconnaissance mission"
            ),
            "mubanga",
            "name",
        ),
        (
            "R",
            (
                "the man, and an American female defence official, tried to recruit him as an agent, but he refused "
                "and within three weeks was told he would be sent to Guantanamo Bay"
            ),
            "mubanga",
            "name",
        ),
        ("D", 2, "christian", "name", "stray single quote mark at the start in the source"),
        (
            "R",
            "it was vital to establish whether ministers approved Mr Mubanga's transfer to Guantanamo",
            "campbell",
            "name",
        ),
        (
            "R",
            "he could not comment on the activities of British intelligence or security agencies",
            "fo",
            "role",
        ),
        ("D", 3, "clarke", "name"),
        (
            "R",
            (
                "his worst moment was when he was told he would be released last March, only to be confined and "
                "told he would be there for many more years"
            ),
            "mubanga",
            "pronoun",
        ),
        (
            "R",
            (
                "he was stripped of his clothes and mattress and forced to remain in an empty metal box, naked "
                "except for boxer shorts"
            ),
            "mubanga",
            "pronoun",
        ),
        (
            "R",
            "an interrogator used a mop to daub him with his own urine while he was chained hand and foot",
            "mubanga",
            "pronoun",
        ),
        ("R", "he does not feel bitter", "mubanga", "name"),
        (
            "DT",
            "I've lost three years of my life, because I was a Muslim.",
            "mubanga",
            "name",
            "closing quote mark missing in the source before 'He added:'",
        ),
        ("D", 5, "mubanga", "pronoun"),
        ("R", "it condemned and prohibited torture", "usgov", "name"),
        ("D", 6, "usgov", "pronoun"),
        ("D", 7, "usgov", "none"),
        (
            "R",
            "there were similarities between Mr Mubanga's account and those of other Guantanamo detainees",
            "jakobi",
            "name",
        ),
        ("D", 8, "jakobi", "pronoun"),
        ("D", 9, "jakobi", "none"),
    ],
    excluded={
        1: 'scare quote ("MI6 agent") inside Mubanga\'s reported clause, which is labelled instead',
        4: "runs on past the missing closing quote mark into 'He added:'; labelled as DT without it",
    },
)

STORIES["sport_260.txt"] = dict(
    speakers={
        "shepherd": ("Freddy Shepherd", "Magpies chairman", "person", []),
        "souness": ("Graeme Souness", "manager", "person", []),
        "bellamy": ("Craig Bellamy", "Welsh striker", "person", ["the Welshman", "the Wales international"]),
        "newcastle": ("Newcastle", None, "organisation", ["the Magpies"]),
    },
    items=[
        ("D", 0, "shepherd", "name"),
        ("D", 1, "shepherd", "none"),
        ("R", "the Welshman had feigned injury after being asked to play out of position", "souness", "name"),
        ("D", 2, "bellamy", "name"),
        ("D", 3, "bellamy", "pronoun"),
        ("D", 4, "bellamy", "pronoun"),
        ("D", 5, "bellamy", "none"),
        ("D", 6, "shepherd", "name"),
        ("D", 7, "shepherd", "name"),
        ("D", 8, "shepherd", "none"),
        ("D", 9, "shepherd", "none"),
        (
            "DT",
            (
                "At that meeting Bellamy admitted to Graeme and I that he had told the players that he was going to "
                '"fake" an injury in training and walk off.'
            ),
            "shepherd",
            "none",
            'the inner "fake" is in double quote marks in the source',
        ),
        ("D", 12, "shepherd", "none"),
        ("D", 13, "shepherd", "none"),
        ("D", 14, "shepherd", "none"),
        ("R", "the player would not be sold", "newcastle", "name"),
        ("R", "he had no intention of handing in a transfer request", "bellamy", "name"),
        ("D", 15, "bellamy", "pronoun"),
        ("D", 16, "bellamy", "none"),
        ("D", 17, "bellamy", "none"),
        ("D", 18, "bellamy", "none"),
    ],
    excluded={},
)

STORIES["sport_490.txt"] = dict(
    speakers={
        "safin": ("Marat Safin", "Australian Open champion", "person", []),
    },
    items=[
        ("D", 0, "safin", "name"),
        ("D", 1, "safin", "pronoun"),
        ("D", 2, "safin", "none"),
        ("D", 3, "safin", "pronoun"),
        ("D", 4, "safin", "none", "no closing quote mark before the next paragraph"),
        ("D", 5, "safin", "none"),
        ("R", "he had begun to doubt whether he would win another Grand Slam", "safin", "name"),
        ("D", 6, "safin", "pronoun"),
        ("D", 7, "safin", "none"),
        ("D", 8, "safin", "none"),
        ("D", 9, "safin", "none"),
        ("R", "he began to doubt himself again", "safin", "name"),
        ("D", 10, "safin", "pronoun"),
        ("D", 11, "safin", "none"),
        ("D", 12, "safin", "none"),
        ("D", 13, "safin", "none"),
    ],
    excluded={},
)

STORIES["sport_182.txt"] = dict(
    speakers={
        "desailly": (
            "Marcel Desailly",
            "former Chelsea captain",
            "person",
            ["the French star", "the 36-year-old"],
        ),
    },
    items=[
        (
            "R",
            "there is no chance of history repeating itself when Chelsea take on Barcelona on Wednesday",
            "desailly",
            "name",
        ),
        ("D", 0, "desailly", "pronoun"),
        ("D", 1, "desailly", "none"),
        (
            "R",
            "there is no comparison between that side and the current Blues team, who are top of the Premiership",
            "desailly",
            "name",
        ),
        ("D", 2, "desailly", "role"),
        ("D", 3, "desailly", "none"),
        ("D", 4, "desailly", "none"),
        (
            "R",
            "the Russian's arrival helped to instil a winning mentality at the club as well as a demand for success",
            "desailly",
            "name",
        ),
        ("D", 5, "desailly", "pronoun"),
        ("D", 6, "desailly", "none"),
        ("D", 7, "desailly", "none"),
        ("D", 8, "desailly", "pronoun"),
        ("D", 9, "desailly", "none"),
        ("D", 10, "desailly", "none"),
    ],
    excluded={},
)

STORIES["sport_448.txt"] = dict(
    speakers={
        "belgian": ("Belgian authorities", None, "group", []),
        "eerdekens": ("Claude Eerdekens", "Belgian sports minister", "person", []),
        "kuznetsova": ("Svetlana Kuznetsova", "US Open champion", "person", []),
        "tarpishchev": ("Shamil Tarpishchev", "Russian tennis chief", "person", []),
    },
    items=[
        (
            "A",
            "US Open champion Svetlana Kuznetsova has tested positive for a banned drug",
            "belgian",
            "name",
        ),
        (
            "R",
            "the Russian world number five tested positive for the stimulant ephedrine on 19 December",
            "eerdekens",
            "name",
        ),
        ("D", 0, "eerdekens", "name"),
        ("D", 1, "kuznetsova", "name"),
        ("D", 2, "kuznetsova", "none"),
        (
            "R",
            (
                "confirmation of the findings was sent last Friday to the player's address in Spain, as well as to "
                "the Belgian prosecutors' office and the Belgian and Russian tennis federations"
            ),
            "eerdekens",
            "name",
        ),
        ("R", "Kuznetsova might have taken a medicine which contained the banned substance", "eerdekens", "pronoun"),
        ("D", 3, "eerdekens", "pronoun"),
        ("D", 4, "eerdekens", "none", "no closing quote mark before the next paragraph"),
        ("D", 5, "eerdekens", "none"),
        ("D", 6, "tarpishchev", "name"),
        ("D", 7, "tarpishchev", "pronoun"),
        ("D", 8, "tarpishchev", "none"),
        ("D", 9, "tarpishchev", "none"),
        ("D", 10, "tarpishchev", "none"),
        ("D", 11, "tarpishchev", "none"),
    ],
    excluded={},
)

STORIES["tech_168.txt"] = dict(
    speakers={
        "nielsen": ("Jakob Nielsen", "usability guru", "person", ["Dr Nielsen"]),
    },
    items=[
        (
            "R",
            "some things have stayed constant in that decade, namely the principles of what makes a site easy to use",
            "nielsen",
            "name",
        ),
        ("D", 0, "nielsen", "pronoun"),
        ("D", 1, "nielsen", "none"),
        (
            "R",
            (
                "Some design crimes, such as splash screens that get between a user and the site they are trying to "
                "visit, and web designers indulging their artistic urges have almost disappeared"
            ),
            "nielsen",
            "name",
        ),
        ("D", 2, "nielsen", "pronoun"),
        (
            "R",
            (
                "the basic principles of usability, centring around ease of use and clear thinking about a site's "
                "total design, were as important as ever"
            ),
            "nielsen",
            "name",
        ),
        ("D", 3, "nielsen", "pronoun"),
        ("D", 4, "nielsen", "pronoun"),
        ("D", 5, "nielsen", "none"),
        (
            "R",
            (
                "the success of sites such as Google, Amazon, eBay and Yahoo showed that close attention to design "
                "and user needs was important"
            ),
            "nielsen",
            "name",
        ),
        ("D", 6, "nielsen", "name"),
        ("R", "they have largely defined commercial success on the net", "nielsen", "name"),
        ("D", 7, "nielsen", "pronoun"),
        ("D", 8, "nielsen", "none"),
        ("D", 9, "nielsen", "pronoun"),
        ("D", 10, "nielsen", "pronoun"),
        (
            "R",
            "the fact that they are useful now does not meant that they could not do better",
            "nielsen",
            "pronoun",
        ),
        (
            "R",
            (
                "search sites did not do a very good job of describing the information that they return in response "
                "to queries"
            ),
            "nielsen",
            "pronoun",
        ),
        ("D", 11, "nielsen", "name"),
    ],
    excluded={},
)

STORIES["tech_276.txt"] = dict(
    speakers={
        "ea": ("Electronic Arts", "video game giant", "organisation", ["EA", "the US firm", "the company"]),
        "florin": ("Gerhard Florin", "EA's managing director for European publishing", "person", ["Mr Florin"]),
        "bolz": ("Jan Bolz", "EA's vice president of sales and marketing in Europe", "person", ["Mr Bolz"]),
    },
    items=[
        ("R", "it wants to become the biggest entertainment firm in the world", "ea", "name"),
        (
            "R",
            (
                "it wants to compete with companies such as Disney and will only achieve this by making games "
                "appeal to mainstream audiences"
            ),
            "ea",
            "role",
        ),
        ("D", 0, "florin", "name"),
        (
            "R",
            (
                "it would take many years before EA could challenge Disney - which in 2004 reported revenues of "
                "$30bn (£16bn) - but it remained a goal for the company"
            ),
            "florin",
            "pronoun",
        ),
        ("D", 1, "florin", "none"),
        (
            "R",
            "the next round of games console would give developers enough power to create real emotion",
            "florin",
            "name",
        ),
        ("D", 2, "florin", "none", "no closing quote mark before the next paragraph"),
        ("D", 3, "florin", "pronoun"),
        ("D", 4, "florin", "none"),
        (
            "R",
            (
                "more than 50% of all EA's games were sold to adults and played by adults, but the perception "
                "remained that the video game industry was for children"
            ),
            "florin",
            "name",
        ),
        ("D", 5, "florin", "none"),
        ("R", "the video game industry was now bigger than the music industry", "ea", "name"),
        (
            "D",
            6,
            "florin",
            "none",
            "ambiguous: follows 'EA said ...'; the next quote's 'he said' points to Mr Florin",
        ),
        ("D", 7, "florin", "pronoun"),
        (
            "R",
            "the firm was working to give video games a more central role in popular culture",
            "bolz",
            "name",
        ),
        (
            "R",
            (
                "the company was in advanced stages of discussions over a reality TV show in which viewers could "
                "control the actions of the characters as in its popular game The Sims"
            ),
            "bolz",
            "pronoun",
        ),
        ("D", 8, "bolz", "name"),
        ("D", 9, "bolz", "pronoun"),
        ("R", "video games firm had to work more closely with celebrities", "bolz", "name"),
        ("D", 10, "bolz", "none"),
        ("R", "the challenge was to keep people playing in their 30s, 40s and 50s", "florin", "name"),
        ("D", 11, "florin", "none"),
        ("D", 12, "florin", "none"),
    ],
    excluded={},
)

STORIES["tech_180.txt"] = dict(
    speakers={
        "simonetti": (
            "Ellen Simonetti",
            "US airline attendant",
            "person",
            ["Ms Simonetti", "Queen of the Sky"],
        ),
        "delta": ("Delta", None, "organisation", ["Delta Airlines", "the airline"]),
        "deltaspk": (None, "Delta spokesperson", "unnamed", []),
        "expert": (None, "legal expert in the US", "unnamed", []),
        "analysts": (None, "analysts", "unnamed", []),
        "unions": (None, "unions", "unnamed", []),
    },
    items=[
        (
            "R",
            "she has been fired",
            "simonetti",
            "role",
            "'A US airline attendant ... says': Ellen Simonetti, named in the next sentence",
        ),
        ("D", 1, "simonetti", "pronoun"),
        ("R", "Ms Simonetti was no longer an employee", "deltaspk", "role"),
        ("D", 2, "delta", "name", "'what it calls'"),
        ("R", "Ms Simonetti was no longer with the company", "deltaspk", "role"),
        ("D", 3, "deltaspk", "role"),
        ("R", "she had been fired on 1 November", "simonetti", "name"),
        ("D", 4, "simonetti", "pronoun"),
        ("D", 5, "simonetti", "pronoun"),
        (
            "R",
            "she had received no warning or further explanation when she was suspended on 25 September",
            "simonetti",
            "name",
        ),
        ("A", "Queen of the Sky developed over the months as a character in her own right", "simonetti", "name"),
        ("D", 7, "simonetti", "name"),
        (
            "R",
            (
                "Delta might be concerned that the fictional content on the blog may be linked back to the airline "
                "after the images were posted"
            ),
            "expert",
            "role",
        ),
        (
            "R",
            "it needs to cut between 6,000 and 7,000 jobs and reduce costs by $5bn (£2.7bn) a year",
            "delta",
            "pronoun",
        ),
        ("R", "the airline might have to seek Chapter 11 bankruptcy prevention", "analysts", "role"),
        (
            "R",
            "The deal would see pilots accept a 32% pay cut in return for the right to buy 30 million Delta shares",
            "unions",
            "role",
        ),
        ("R", "it had agreed the terms of a $600m loan from American Express", "delta", "role"),
    ],
    excluded={
        0: 'scare quote ("inappropriate images"): the reason for her suspension, outside her reported clause',
        6: 'term (flight "wings")',
    },
)

STORIES["tech_382.txt"] = dict(
    speakers={
        "flynn": ("Jeremy Flynn", "head of third party services at Vodafone", "person", ["Mr Flynn"]),
        "bud": (
            "Andrew Bud",
            "regulatory head of the MEF and executive chairman of messaging firm MBlox",
            "person",
            [],
        ),
        "harris": ("Christian Harris", "partnership manager of mobile content firm Zed", "person", []),
    },
    items=[
        (
            "R",
            "fierce competition is making it difficult for firms to get their wares in front of consumers",
            "flynn",
            "name",
        ),
        ("D", 0, "flynn", "pronoun"),
        (
            "R",
            "the move to using subscriptions happened over the space of a few weeks at the end of 2004",
            "flynn",
            "name",
        ),
        ("D", 1, "flynn", "name"),
        ("D", 2, "flynn", "none"),
        ("D", 3, "flynn", "pronoun"),
        ("D", 4, "bud", "name"),
        ("D", 5, "bud", "pronoun"),
        ("D", 6, "bud", "none"),
        ("D", 7, "bud", "pronoun"),
        (
            "R",
            "the new system was essential if consumers were to trust companies that sell ringtones and other downloads",
            "harris",
            "name",
        ),
        ("D", 8, "harris", "pronoun"),
        (
            "R",
            (
                "Some have been told to revamp websites so customers know what they get for their money and what "
                "they are signing up for"
            ),
            "flynn",
            "name",
        ),
        (
            "R",
            "Vodafone has briefly cut off between eight and ten content sellers flouting the rules",
            "flynn",
            "name",
        ),
        ("D", 9, "flynn", "pronoun"),
        ("D", 10, "flynn", "none"),
        (
            "R",
            (
                "the system had been designed to limit how much a consumer will pay if they inadvertently signed up "
                "for a service"
            ),
            "flynn",
            "pronoun",
        ),
        ("D", 12, "flynn", "name"),
    ],
    excluded={11: 'term (a universal "stop" command)'},
)
