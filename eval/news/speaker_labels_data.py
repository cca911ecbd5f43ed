"""Hand labels of every quotation in the speaker-labelled stories (the source of speaker_labels.jsonl).

Read README.md (section "speaker_labels") for the rules. In short, per story:
- `speakers`: key -> (name as first given in the article or None when never named, role or None,
  kind: person | organisation | group | unnamed, aliases other names the article uses).
- `items`: one per quotation, in reading order:
    ("D", k, spk, mention)       direct: quoted segment number k of quote_segments.segments()
    ("DT", text, spk, mention)   direct, text given (quote marks the segmenter cannot pair, curly quotes)
    ("R", text, spk, mention)    reported clause (speech verb, no quoted words in the clause)
    ("A", text, spk, mention)    "according to X"
  mention is how the quote's own sentence refers to the speaker: name | role | pronoun | none.
- `excluded`: quoted segments that are not anyone's words (headline, terms, titles, scare quotes),
  so the coverage check can tell "left out on purpose" from "missed".
"""

STORIES = {}

STORIES["politics_010.txt"] = dict(
    speakers={
        "min": ("Scottish ministers", None, "group", []),
        "opp": ("opposition parties", None, "group", []),
        "snp": ("Scottish National Party and the Tories", None, "group", ["SNP", "Tories"]),
    },
    items=[
        ("R", "they will still have the final say on whether a super-casino will be built in Scotland", "min", "name"),
        ("R", "that will not happen in practice", "opp", "name"),
        ("R", "the issue of super-casinos should be decided in Scotland", "snp", "name"),
    ],
    excluded={},
)

STORIES["politics_364.txt"] = dict(
    speakers={"howard": ("Michael Howard", "Tory leader", "person", ["Mr Howard"])},
    items=[
        ("D", 0, "howard", "name"),
        (
            "R",
            "The simple fact was that under a new Labour government taxes would go up after the election to plug a financial black hole",
            "howard",
            "name",
        ),
        ("D", 1, "howard", "pronoun"),
        ("D", 2, "howard", "name"),
        ("D", 3, "howard", "role"),
        ("D", 4, "howard", "pronoun"),
        ("D", 5, "howard", "none"),
        ("D", 6, "howard", "none"),
        ("D", 7, "howard", "role"),
        ("D", 8, "howard", "role"),
        ("D", 9, "howard", "pronoun"),
        ("D", 10, "howard", "none"),
        ("D", 11, "howard", "none"),
        (
            "R",
            "Mr Brown's council tax rebate for pensioners was £300 less than what the Tories were offering",
            "howard",
            "name",
        ),
        ("D", 12, "howard", "pronoun"),
        ("D", 13, "howard", "pronoun"),
        ("D", 14, "howard", "pronoun"),
    ],
    excluded={},
)

STORIES["politics_338.txt"] = dict(
    speakers={
        "ld": ("Lib Dems", None, "organisation", ["Liberal Democrats"]),
        "cable": ("Vincent Cable", "Lib Dems' Treasury spokesman", "person", ["Mr Cable"]),
        "kennedy": ("Charles Kennedy", "Lib Dem leader", "person", ["Mr Kennedy"]),
        "lab": ("Labour", None, "organisation", []),
        "tory": ("Conservatives", None, "organisation", ["Tories"]),
    },
    items=[
        (
            "R",
            "People vulnerable to problem debts should be afforded greater protection from banks aggressively promoting financial products",
            "ld",
            "name",
        ),
        (
            "R",
            "one in eight households already struggle with debt and that will worsen if there is a hike in interest rates or unemployment",
            "cable",
            "name",
        ),
        ("D", 0, "cable", "pronoun"),
        ("D", 1, "cable", "name"),
        ("D", 2, "cable", "none"),
        ("D", 3, "cable", "name"),
        ("D", 4, "cable", "name"),
        ("D", 5, "cable", "pronoun"),
        ("D", 6, "cable", "pronoun"),
        ("R", "the Office of Fair Trading should investigate the market", "cable", "name"),
        ("D", 7, "kennedy", "name"),
        ("D", 8, "lab", "name"),
        ("D", 9, "tory", "name"),
        (
            "R",
            "in the northern cities, the race is between them and Labour, while in southern seats - particularly the south west - it is between them and the Tories",
            "ld",
            "name",
        ),
        ("D", 10, "kennedy", "name"),
        (
            "D",
            11,
            "lab",
            "none",
            "ambiguous: Labour's suggestion as reported in Kennedy's reply; may be Kennedy's own phrase",
        ),
        ("D", 12, "kennedy", "none"),
        ("D", 13, "kennedy", "none"),
    ],
    excluded={},
)

STORIES["politics_110.txt"] = dict(
    speakers={
        "howard": ("Michael Howard", "Conservative leader", "person", ["Mr Howard"]),
        "kemp": ("Fraser Kemp", "Labour's campaign spokesman", "person", ["Mr Kemp"]),
    },
    items=[
        ("R", "Tony Blair has had the chance to tackle the problems facing Britain and has failed", "howard", "name"),
        ("D", 0, "howard", "role"),
        ("D", 1, "howard", "pronoun"),
        ("D", 2, "kemp", "name"),
        (
            "R",
            "The catastrophe was overshadowing the hopes for the future at this usually positive time of the year",
            "howard",
            "name",
        ),
        ("D", 3, "howard", "none"),
        ("D", 4, "howard", "none"),
        ("D", 5, "howard", "pronoun"),
        ("D", 6, "howard", "pronoun"),
        ("D", 7, "howard", "none"),
        ("D", 8, "howard", "none"),
        ("R", "Mr Blair has failed to tackle these problems", "howard", "pronoun"),
        ("D", 9, "howard", "pronoun"),
        ("D", 10, "howard", "none"),
        ("D", 11, "howard", "none"),
        ("R", "can cut crime and improve public services without asking people to pay more taxes", "howard", "pronoun"),
        ("D", 12, "howard", "none"),
        ("D", 13, "howard", "none"),
        ("R", "This is the record Mr Blair will have to defend in the coming months", "howard", "pronoun"),
        ("D", 14, "kemp", "name"),
        ("D", 15, "kemp", "none"),
        ("D", 16, "kemp", "none"),
    ],
    excluded={},
)

STORIES["politics_186.txt"] = dict(
    speakers={
        "blair": ("Tony Blair", "prime minister", "person", ["Mr Blair"]),
        "ken": ("Ken Livingstone", "London mayor", "person", ["Mr Livingstone", "the mayor"]),
        "howard": ("Michael Howard", "Tory leader", "person", []),
        "fine": ("Oliver Finegold", "Evening Standard reporter", "person", ["Mr Finegold"]),
    },
    items=[
        ("D", 1, "ken", "name"),
        ("D", 2, "ken", "name"),
        ("D", 3, "blair", "name"),
        ("R", "the remarks may have been offensive but were not racist", "ken", "name"),
        ("R", "he would not apologise even if the prime minister asked", "ken", "name"),
        ("R", "it was time for the London mayor to say sorry", "blair", "name"),
        ("D", 4, "blair", "pronoun"),
        ("D", 5, "blair", "none"),
        ("R", "it was important for politicians to be mindful about the language they use", "howard", "name"),
        ("D", 6, "howard", "pronoun"),
        ("D", 7, "howard", "none"),
        ("D", 8, "ken", "name"),
        ("D", 9, "fine", "name"),
        ("D", 10, "ken", "role"),
        ("R", "his comments were not racist", "ken", "name"),
        ("D", 11, "ken", "pronoun"),
    ],
    excluded={0: "scare quote ('his \"Nazi\" comment'): not his words"},
)

STORIES["politics_220.txt"] = dict(
    speakers={
        "clarke": ("Charles Clarke", "Home Secretary", "person", ["Mr Clarke", "the home secretary"]),
        "ld": ("Lib Dems", None, "organisation", []),
        "fox": ("Liam Fox", "Conservative Party Co-Chairman", "person", []),
        "oaten": ("Mark Oaten", "Liberal Democrat home affairs spokesman", "person", []),
        "howard": ("Mr Howard", None, "person", ["Michael Howard"]),
        "phillips": ("Trevor Phillips", "chairman of the Commission for Racial Equality", "person", []),
        "rc": ("Refugee Council", None, "organisation", []),
    },
    items=[
        (
            "R",
            "Anyone planning to move to the UK will have to pass a test to prove they can contribute to the country",
            "clarke",
            "name",
        ),
        ("D", 0, "clarke", "name"),
        ("R", "they will look at his plans", "ld", "name"),
        ("D", 1, "fox", "name"),
        ("D", 2, "fox", "role"),
        ("D", 3, "clarke", "role"),
        ("D", 4, "clarke", "pronoun"),
        ("D", 5, "clarke", "pronoun"),
        ("D", 6, "clarke", "pronoun"),
        ("D", 7, "clarke", "pronoun"),
        ("D", 8, "oaten", "name"),
        ("D", 9, "howard", "name"),
        ("R", "the current asylum system is being abused - and with it Britain's generosity", "howard", "pronoun"),
        ("D", 10, "phillips", "pronoun"),
        ("D", 11, "phillips", "none"),
        ("R", "Mr Howard's proposals would mean there would be no safe haven in the UK", "rc", "name"),
    ],
    excluded={},
)

STORIES["business_154.txt"] = dict(
    speakers={
        "ons": ("Office for National Statistics", None, "organisation", ["ONS"]),
        "letwin": ("Oliver Letwin", "Shadow chancellor", "person", ["Mr Letwin"]),
        "econ": (None, "economists", "unnamed", []),
        "con": ("Conservatives", None, "organisation", []),
        "tsy": ("Treasury", None, "organisation", []),
        "ifs": ("Institute for Fiscal Studies", None, "organisation", ["IFS"]),
        "loynes": ("Jonathan Loynes", "chief UK economist at Capital Economics", "person", []),
    },
    items=[
        ("R", "it had been measuring road expenditure data wrongly over the past five years", "ons", "name"),
        ("D", 0, "letwin", "name"),
        ("D", 1, "ons", "name"),
        ("R", "it might also allow for some vote-catching measures in the Budget", "econ", "role"),
        ("D", 3, "letwin", "name"),
        ("D", 4, "con", "name"),
        (
            "R",
            "there would be no relaxation of economic discipline and the golden rule would be met even without the data revisions",
            "tsy",
            "name",
        ),
        (
            "R",
            "Mr Brown would need to raise taxes to get public finances onto the track predicted in last year's Budget",
            "ifs",
            "name",
        ),
        (
            "R",
            'the government might narrowly miss its "golden rule" if the current economic cycle ended in 2005/06',
            "ifs",
            "pronoun",
        ),
        (
            "R",
            "there could also be a proportionate boost to the current budget in 2004/05 of about £400m",
            "econ",
            "role",
        ),
        ("D", 6, "loynes", "name"),
        ("D", 7, "loynes", "none"),
    ],
    excluded={2: 'term ("golden rule")', 5: "term inside the IFS reported clause, which is labelled instead"},
)

STORIES["business_384.txt"] = dict(
    speakers={
        "next": ("Next", None, "organisation", ["the company", "the High Street retailer"]),
        "wolfson": ("Simon Wolfson", "Next chief executive", "person", ["Mr Wolfson"]),
        "bubb": ("Nick Bubb", "analyst at Evolution Securities", "person", []),
        "dealer": (None, "dealer who asked not to be named", "unnamed", []),
    },
    items=[
        (
            "R",
            "its annual profit will be £5m lower than previously expected because its end-of-year clearance sale has proved disappointing",
            "next",
            "name",
        ),
        ("D", 0, "next", "role"),
        ("R", "it now expected to report annual profits of between £415m and £425m ($779m-798m)", "next", "role"),
        ("D", 1, "wolfson", "name"),
        ("R", "sales should still top analyst expectations", "wolfson", "name"),
        ("D", 2, "wolfson", "name"),
        ("D", 3, "wolfson", "name"),
        ("R", "Overall sales across both its retail and mail order divisions were up 12.4%", "next", "name"),
        ("D", 4, "bubb", "name"),
        ("D", 5, "bubb", "none"),
        ("D", 6, "dealer", "role"),
        ("D", 7, "dealer", "pronoun"),
    ],
    excluded={},
)

STORIES["business_402.txt"] = dict(
    speakers={
        "kim": ("Ken Kim", "analyst at Stone & McCarthy Research", "person", ["Mr Kim"]),
        "fed": ("US Federal Reserve", None, "organisation", ["the Fed"]),
        "analysts": (None, "analysts", "unnamed", []),
        "berson": ("David Berson", "chief economist at Fannie Mae", "person", []),
    },
    items=[
        ("D", 0, "kim", "name"),
        ("D", 1, "kim", "none"),
        ("R", "borrowing costs could rise further", "kim", "name"),
        ("D", 2, "fed", "name"),
        (
            "R",
            "Fed has to be careful not to move too aggressively and take the wind out of the recovery's sails",
            "analysts",
            "role",
        ),
        ("D", 3, "berson", "name"),
        ("D", 4, "berson", "none"),
        ("D", 5, "berson", "none"),
        ("D", 6, "berson", "none"),
    ],
    excluded={},
)

STORIES["business_190.txt"] = dict(
    speakers={
        "insee": ("INSEE", "statistical office", "organisation", []),
        "analysts": (None, "analysts", "unnamed", []),
        "toutai": ("Marc Toutai", "economist at Natexis Banques Populaires", "person", []),
        "claquin": ("Nicolas Claquin", "analyst at CCF", "person", []),
    },
    items=[
        (
            "R",
            "Gross domestic product (GDP) rose by 0.8% in the fourth quarter compared with the previous three month period",
            "insee",
            "name",
        ),
        (
            "R",
            "France still was facing challenges and was unlikely to keep expanding at its current pace",
            "analysts",
            "role",
        ),
        ("D", 0, "toutai", "name"),
        ("D", 1, "toutai", "none"),
        ("D", 2, "toutai", "none"),
        ("D", 3, "toutai", "none"),
        (
            "R",
            "France was outperforming the majority of its European counterparts and that its economy was looking more robust than in previous years",
            "analysts",
            "role",
        ),
        ("D", 4, "claquin", "name"),
        ("D", 5, "claquin", "none"),
        ("D", 6, "claquin", "none"),
    ],
    excluded={},
)

STORIES["business_382.txt"] = dict(
    speakers={
        "gov": ("government", None, "organisation", []),
        "hewitt": ("Patricia Hewitt", "Trade and Industry Secretary", "person", []),
        "biz": (None, "business leaders", "unnamed", []),
        "bcc": ("British Chambers of Commerce", None, "organisation", []),
        "ac": ("Age Concern", None, "organisation", []),
        "lishman": ("Gordon Lishman", "director general of Age Concern England", "person", []),
    },
    items=[
        ("R", "firms will be barred from 2006 from imposing arbitrary retirement ages", "gov", "name"),
        ("R", "people would not be forced to work longer than they wanted", "hewitt", "name"),
        ("R", "the default age was not a statutory, compulsory retirement age", "hewitt", "name"),
        (
            "R",
            "employers would be free to continue employing people for as long as they were competent",
            "hewitt",
            "pronoun",
        ),
        ("R", "it would be too costly and cumbersome", "biz", "pronoun"),
        ("D", 0, "bcc", "pronoun"),
        ("D", 1, "bcc", "none"),
        ("D", 2, "ac", "name"),
        ("D", 3, "ac", "name"),
        ("D", 4, "lishman", "name"),
        ("D", 5, "lishman", "none"),
        (
            "R",
            "The decision will have no impact on the age at which workers can collect their state pension",
            "gov",
            "name",
        ),
    ],
    excluded={},
)

STORIES["business_178.txt"] = dict(
    speakers={
        "neg": (None, "those behind the negotiations", "unnamed", []),
        "joh": ("Stefan Johannesson", "chairman of the working party", "person", ["Mr Johannesson"]),
        "bush": ("George W Bush", "President", "person", []),
        "us": ("US", None, "organisation", []),
        "aus": ("Australia", None, "organisation", []),
        "comp": (None, "competitors", "unnamed", []),
    },
    items=[
        ("D", 0, "neg", "role"),
        ("D", 1, "joh", "name"),
        ("R", "the US backed Russian entry", "bush", "name"),
        ("D", 2, "bush", "pronoun"),
        ("D", 3, "us", "name"),
        ("D", 4, "aus", "name"),
        ("D", 5, "joh", "name"),
        ("R", "give Russian businesses an unfair advantage", "comp", "role"),
    ],
    excluded={},
)

STORIES["business_328.txt"] = dict(
    speakers={
        "bush": ("George W Bush", "US president", "person", ["Mr Bush"]),
        "us": ("US", None, "organisation", []),
    },
    items=[
        ("D", 0, "bush", "name"),
        ("D", 1, "bush", "name"),
        ("D", 2, "bush", "name"),
        ("D", 3, "bush", "none"),
        ("R", "it is committed to a strong dollar", "us", "name"),
        ("R", "the best way to halt the dollar's slide is to deal with the US deficit", "bush", "name"),
        ("D", 4, "bush", "name"),
        ("D", 5, "bush", "none"),
    ],
    excluded={},
)

STORIES["business_100.txt"] = dict(
    speakers={
        "ebbers": ("Bernie Ebbers", "Former WorldCom chief", "person", ["Mr Ebbers"]),
        "sullivan": ("Scott Sullivan", "ex-chief financial officer", "person", ["Mr Sullivan"]),
    },
    items=[
        ("D", 0, "ebbers", "pronoun"),
        ("D", 1, "ebbers", "pronoun"),
        ("D", 2, "ebbers", "name"),
        ("D", 3, "ebbers", "name"),
        (
            "R",
            "he met frequently with Mr Ebbers, told him about changes made to WorldCom's accounts to hide costs and had warned him such practises were improper",
            "sullivan",
            "name",
        ),
        ("D", 4, "ebbers", "pronoun"),
        ("D", 5, "ebbers", "none"),
    ],
    excluded={},
)

STORIES["entertainment_190.txt"] = dict(
    speakers={
        "rantzen": ("Esther Rantzen", "That's Life host", "person", []),
        "fletcher": ("Cyril Fletcher", "comedian and broadcaster", "person", []),
        "pointon": ("Michael Pointon", "friend and fellow broadcaster", "person", ["Mr Pointon"]),
        "jill": ("Jill", "Fletcher's daughter", "person", []),
    },
    items=[
        ("D", 1, "rantzen", "name"),
        ("D", 2, "rantzen", "name"),
        ("D", 3, "rantzen", "pronoun"),
        ("D", 4, "rantzen", "none"),
        ("D", 5, "rantzen", "none"),
        ("D", 6, "fletcher", "name"),
        ("D", 7, "pointon", "name"),
        ("D", 8, "pointon", "name"),
        ("D", 9, "pointon", "none"),
        ("R", "her father would be sorely missed", "jill", "name"),
        ("D", 10, "jill", "pronoun"),
    ],
    excluded={0: 'name of his act ("odd odes")'},
)

STORIES["entertainment_168.txt"] = dict(
    speakers={
        "ptc": ("Parents Television Council", None, "organisation", ["PTC", "television indecency campaigners"]),
        "kedas": ("Jeannie Kedas", "MTV spokeswoman", "person", ["Ms Kedas", "a spokeswoman for MTV"]),
        "bozell": ("Brent Bozell", "PTC president and conservative activist", "person", []),
    },
    items=[
        ("D", 0, "ptc", "role"),
        ("D", 1, "ptc", "name"),
        ("D", 2, "kedas", "role"),
        (
            "R",
            "it witnessed 3,056 flashes of nudity or sexual situations and 2,881 verbal references to sex",
            "ptc",
            "name",
        ),
        ("D", 3, "bozell", "name"),
        ("D", 4, "bozell", "none"),
        ("D", 5, "bozell", "none"),
        (
            "R",
            "the network follows the same standards as broadcasters and reflects the culture and what its viewers are interested in",
            "kedas",
            "name",
        ),
        ("D", 7, "kedas", "pronoun"),
        ("D", 8, "kedas", "none"),
    ],
    excluded={6: 'catch-phrase ("wardrobe malfunction") not said in this story'},
)

STORIES["entertainment_010.txt"] = dict(
    speakers={
        "council": ("Ugandan Media Council", None, "organisation", ["the council", "Media Council"]),
        "org": (None, "organisers of the play", "unnamed", []),
        "nv": ("New Vision", "Ugandan newspaper", "organisation", []),
        "ssempgani": ("Kefa Ssempgani", "MP", "person", []),
        "ensler": ("Eve Ensler", "US playwright", "person", ["Ms Ensler"]),
        "mukasa": ("Sarah Mukasa", "the play's organiser in Uganda", "person", []),
    },
    items=[
        (
            "R",
            "the performance would not be put on as it promoted and glorified acts such as lesbianism and homosexuality",
            "council",
            "name",
        ),
        ("D", 0, "council", "pronoun"),
        ("R", "it raises awareness of sexual abuse against women", "org", "role"),
        ("D", 1, "council", "role"),
        ("R", "Some parliamentarians and church leaders are also siding with the Media Council", "nv", "name"),
        ("D", 2, "ssempgani", "name"),
        ("R", "it is all about women's empowerment", "ensler", "name"),
        ("D", 3, "ensler", "name"),
        ("D", 4, "ensler", "none"),
        (
            "R",
            "the play is being produced and performed by Ugandan women and it is not being forced on them",
            "ensler",
            "pronoun",
        ),
        ("D", 5, "mukasa", "name"),
        ("D", 6, "mukasa", "none"),
    ],
    excluded={},
)

STORIES["entertainment_166.txt"] = dict(
    speakers={
        "ncfa": ("National Council for Adoption", None, "organisation", []),
        "atwood": ("Thomas Atwood", "president of the National Council for Adoption", "person", []),
        "fox": (None, "Fox producers", "unnamed", []),
        "foxspk": (None, "Fox spokesman", "unnamed", []),
        "schenck": ("Tommy Schenck", "WRAZ-TV's general manager", "person", []),
    },
    items=[
        ("D", 0, "ncfa", "name"),
        ("D", 1, "atwood", "name"),
        ("D", 2, "atwood", "none"),
        ("D", 3, "fox", "role"),
        ("D", 4, "foxspk", "role"),
        ("D", 5, "foxspk", "none"),
        ("D", 6, "schenck", "name"),
        ("R", "his decision had not been influenced by public protests", "schenck", "pronoun"),
    ],
    excluded={},
)

STORIES["entertainment_080.txt"] = dict(
    speakers={
        "atlas": ("Jacoba Atlas", None, "person", ["Ms Atlas"]),
        "pbs": ("PBS", None, "organisation", []),
    },
    items=[
        ("D", 0, "atlas", "name"),
        ("D", 1, "atlas", "name"),
        ("D", 2, "pbs", "name"),
        ("R", "PBS could put itself financially at risk if it showed the uncut version of Dirty War", "atlas", "name"),
        ("D", 4, "atlas", "name"),
        ("D", 5, "atlas", "pronoun"),
        (
            "R",
            "PBS, which is a private, non-profit media enterprise owned and operated by the nation's 349 public television stations, is bolder about screening non-fiction or historical programming",
            "atlas",
            "pronoun",
        ),
        ("D", 6, "pbs", "name"),
    ],
    excluded={3: 'catch-phrase ("wardrobe malfunction") not said in this story'},
)

STORIES["entertainment_208.txt"] = dict(
    speakers={
        "krim": ("Rick Krim", "VH1's vice president of music and talent", "person", []),
        "rhodes": ("Nick Rhodes", "keyboard player", "person", []),
        "lebon": ("Simon Le Bon", "the singer", "person", ["Le Bon"]),
    },
    items=[
        ("D", 0, "krim", "name"),
        ("D", 1, "rhodes", "name"),
        ("D", 2, "rhodes", "none"),
        ("R", "the group were not trying to update their sound too much", "lebon", "name"),
        ("D", 3, "lebon", "role"),
        ("R", "the five members were getting on very well", "lebon", "name"),
        ("D", 4, "lebon", "none"),
        ("D", 5, "lebon", "pronoun"),
        ("D", 6, "lebon", "none"),
    ],
    excluded={},
)

STORIES["entertainment_036.txt"] = dict(
    speakers={"hanks": ("Tom Hanks", "Hollywood star", "person", ["Hanks"])},
    items=[
        ("D", 0, "hanks", "name"),
        ("D", 1, "hanks", "pronoun"),
        ("D", 2, "hanks", "name"),
        ("D", 3, "hanks", "role"),
        ("D", 4, "hanks", "pronoun"),
    ],
    excluded={5: 'name of a technique ("performance capture")'},
)

STORIES["sport_154.txt"] = dict(
    speakers={
        "reyes": ("Jose Antonio Reyes", "striker", "person", ["Reyes", "the Spaniard", "the 21-year-old"]),
        "butra": ("Emilio Butragueno", "Real Madrid sporting director", "person", ["Butragueno"]),
    },
    items=[
        ("D", 0, "reyes", "role"),
        ("D", 1, "reyes", "role"),
        ("D", 2, "reyes", "none"),
        ("D", 3, "reyes", "pronoun"),
        ("D", 4, "reyes", "none"),
        ("D", 5, "reyes", "none"),
        ("D", 6, "reyes", "name"),
        ("D", 7, "reyes", "pronoun"),
        ("D", 8, "reyes", "none"),
        ("D", 9, "butra", "pronoun"),
        ("D", 10, "butra", "none"),
    ],
    excluded={},
)

STORIES["sport_150.txt"] = dict(
    speakers={
        "jol": ("Martin Jol", "Tottenham manager", "person", ["Jol", "the Dutchman"]),
        "keane": ("Robbie Keane", "skipper for the night", "person", ["the Irishman"]),
        "megson": ("Gary Megson", "Forest manager", "person", []),
    },
    items=[
        ("D", 0, "jol", "role"),
        ("D", 1, "jol", "none"),
        ("D", 2, "jol", "name"),
        ("D", 3, "jol", "pronoun"),
        ("D", 4, "keane", "pronoun"),
        (
            "R",
            "the win over Forest, which included goals from Noe Pamarot and Mido, was not pretty to watch",
            "keane",
            "pronoun",
        ),
        ("D", 5, "keane", "role"),
        ("D", 6, "keane", "none"),
        ("D", 7, "keane", "none"),
        ("R", "his team did not deserve anything after a poor performance", "megson", "name"),
        ("D", 8, "megson", "pronoun"),
        ("D", 9, "megson", "none"),
        ("D", 10, "megson", "none"),
    ],
    excluded={},
)

STORIES["sport_188.txt"] = dict(
    speakers={"campbell": ("Sol Campbell", "defender", "person", ["Campbell", "the 30-year-old"])},
    items=[
        ("D", 0, "campbell", "name"),
        ("D", 1, "campbell", "role"),
        ("D", 2, "campbell", "none"),
        ("D", 3, "campbell", "none"),
        ("D", 4, "campbell", "role"),
        ("D", 5, "campbell", "none"),
        ("D", 6, "campbell", "name"),
        ("D", 7, "campbell", "none"),
        ("D", 8, "campbell", "none"),
        ("D", 9, "campbell", "none"),
    ],
    excluded={},
)

STORIES["sport_276.txt"] = dict(
    speakers={
        "sanchez": ("Gustavo Parente Sanchez", "president of Red Sharks Veracruz", "person", ["Sanchez"]),
        "hassell": ("Brian Hassell", "agent", "person", ["Hassell"]),
        "oneill": ("Martin O'Neill", "Celtic manager", "person", ["O'Neill"]),
    },
    items=[
        ("D", 0, "sanchez", "name"),
        ("R", "the 31-year-old Brazilian midfielder is determined to win back his place", "hassell", "name"),
        ("D", 1, "hassell", "pronoun"),
        ("D", 2, "hassell", "none"),
        (
            "R",
            "Juninho could reconsider his future at Celtic unless he is given a run of games by the end of the January transfer window",
            "hassell",
            "name",
        ),
        ("D", 3, "hassell", "name"),
        ("D", 4, "hassell", "none"),
        ("D", 5, "hassell", "none"),
        ("D", 6, "sanchez", "name"),
        ("D", 7, "oneill", "pronoun"),
        ("D", 8, "oneill", "none"),
    ],
    excluded={},
)

STORIES["sport_090.txt"] = dict(
    speakers={
        "gardener": ("Jason Gardener", None, "person", ["Gardener"]),
        "lf": ("Mark Lewis-Francis", None, "person", ["Lewis-Francis", "the Birchfield Harrier"]),
        "campbell": ("Darren Campbell", "sprinter", "person", ["Campbell", "the Newport-based athlete"]),
    },
    items=[
        (
            "R",
            "being made an MBE in the New Year Honours List underlines the achievement of Great Britain's 4x100m relay squad at the Olympics",
            "gardener",
            "name",
        ),
        ("D", 0, "gardener", "pronoun"),
        ("D", 1, "lf", "name"),
        ("D", 2, "lf", "role"),
        ("D", 3, "lf", "none"),
        ("D", 4, "gardener", "name"),
        ("D", 5, "gardener", "none"),
        ("D", 6, "gardener", "none"),
        ("R", "receiving the honour capped off what has been a difficult year for the sprinter", "campbell", "name"),
        ("D", 7, "campbell", "role"),
        ("D", 8, "campbell", "none"),
        ("D", 9, "campbell", "none"),
    ],
    excluded={},
)

STORIES["sport_172.txt"] = dict(
    speakers={"robson": ("Sir Bobby Robson", None, "person", ["Robson", "Bobby Robson"])},
    items=[
        ("D", 0, "robson", "name"),
        ("D", 1, "robson", "none"),
        ("D", 2, "robson", "name"),
        ("D", 3, "robson", "none"),
        ("D", 4, "robson", "none"),
        ("D", 5, "robson", "none"),
        ("D", 6, "robson", "none"),
        (
            "R",
            "he would relish the chance to get back into management and test his skills against Mourinho",
            "robson",
            "name",
        ),
        ("D", 7, "robson", "pronoun"),
        ("D", 8, "robson", "none"),
        ("D", 9, "robson", "none"),
        ("D", 10, "robson", "none"),
    ],
    excluded={},
)

STORIES["sport_264.txt"] = dict(
    speakers={
        "ellis": ("Doug Ellis", "Villa chairman", "person", []),
        "oleary": ("David O'Leary", "Aston Villa boss", "person", ["O'Leary"]),
    },
    items=[
        ("R", "he was happy to secure the deal", "ellis", "name"),
        ("D", 0, "ellis", "pronoun"),
        ("D", 1, "ellis", "none"),
        ("D", 2, "oleary", "name"),
        ("D", 3, "oleary", "none"),
        (
            "R",
            "he was happy to take on the challenge of improving Villa's fortunes in the long term",
            "oleary",
            "pronoun",
        ),
        ("D", 4, "oleary", "name"),
        ("D", 5, "oleary", "none"),
        ("D", 6, "oleary", "none"),
        ("D", 7, "oleary", "pronoun"),
        ("D", 8, "oleary", "none"),
    ],
    excluded={},
)

STORIES["tech_024.txt"] = dict(
    speakers={
        "bioware": ("Bioware", None, "organisation", ["the company"]),
        "perry": ("Shauna Perry", "Bioware's audio and external resources producer", "person", ["Ms Perry"]),
    },
    items=[
        ("D", 0, "bioware", "role"),
        ("D", 1, "perry", "name"),
        ("D", 2, "perry", "none"),
        ("D", 3, "perry", "pronoun"),
        ("D", 4, "perry", "name"),
        (
            "R",
            "chosen participants will have no control over how the image is used in a computer game",
            "perry",
            "pronoun",
        ),
        ("D", 5, "perry", "none"),
        ("D", 6, "perry", "none"),
    ],
    excluded={},
)

STORIES["tech_100.txt"] = dict(
    speakers={
        "moly": (
            "Peter Molyneux",
            "head of Surrey's Lionhead Studios",
            "person",
            ["Mr Molyneux", "the veteran game maker"],
        )
    },
    items=[
        ("R", "receiving the honour was something of a surprise", "moly", "name"),
        ("DT", "It's come completely out of the blue,", "moly", "pronoun", "opening quote mark missing in the source"),
        ("D", 0, "moly", "pronoun"),
        (
            "R",
            "he was surprised as much because, not too long ago, many people thought computer gaming was a fad",
            "moly",
            "pronoun",
        ),
        ("D", 1, "moly", "pronoun"),
        ("D", 2, "moly", "pronoun"),
        ("R", "the gaming world rivals the movie industry for sales and cultural influence", "moly", "pronoun"),
        ("D", 3, "moly", "pronoun"),
        ("D", 4, "moly", "none"),
        (
            "R",
            "his involvement with the games industry started almost by accident as back in the early days game making was more a hobby than a career",
            "moly",
            "name",
        ),
        ("D", 5, "moly", "pronoun"),
        ("D", 6, "moly", "pronoun"),
        ("R", "he has one problem still to solve", "moly", "role"),
        ("D", 7, "moly", "pronoun"),
    ],
    excluded={},
)

STORIES["tech_182.txt"] = dict(
    speakers={"henderson": ("Belinda Henderson", "3 spokesperson", "person", ["Ms Henderson"])},
    items=[
        ("D", 1, "henderson", "name"),
        ("D", 2, "henderson", "none"),
        ("D", 3, "henderson", "name"),
        ("D", 4, "henderson", "none"),
    ],
    excluded={0: 'term ("phone cast")'},
)

STORIES["tech_230.txt"] = dict(
    speakers={
        "marson": ("Nigel Marson", "head of group marketing at Transport for London", "person", []),
        "harker": ("Rachel Harker", "spokeswoman for Hypertag", "person", ["Ms Harker"]),
    },
    items=[
        ("R", "the posters were useful because they work outside the mobile phone networks", "marson", "name"),
        ("D", 0, "marson", "pronoun"),
        ("D", 1, "harker", "name"),
        ("D", 2, "harker", "none"),
        (
            "R",
            "they can pass on almost any form of data including images, ring tones and video clips",
            "harker",
            "name",
        ),
        (
            "R",
            "there are no figures for how many people are using the posters but a previous campaign run for a cosmetics firm racked up 12,500 interactions",
            "harker",
            "pronoun",
        ),
        ("D", 3, "harker", "pronoun"),
        ("D", 4, "harker", "none"),
    ],
    excluded={},
)

STORIES["tech_236.txt"] = dict(
    speakers={
        "google": ("Google", None, "organisation", []),
        "wojcicki": ("Susan Wojcicki", "director of product management at Google", "person", []),
        "oxspk": (None, "spokeswoman for Oxford University", "unnamed", []),
        "carr": ("Reg Carr", "director of Oxford University Library Services", "person", []),
        "leclerc": ("Paul LeClerc", "president of the New York Public Library", "person", []),
        "wilkin": ("John Wilkin", "University of Michigan librarian", "person", []),
    },
    items=[
        (
            "R",
            "Online pages from scanned books will not have adverts but will have links to online store Amazon",
            "google",
            "name",
        ),
        ("D", 0, "wojcicki", "name"),
        ("R", "the digitised books would include novels, poetry, political tracts and art books", "oxspk", "role"),
        ("D", 1, "oxspk", "pronoun"),
        ("D", 2, "carr", "name"),
        ("D", 3, "leclerc", "name"),
        ("D", 4, "leclerc", "none"),
        ("D", 5, "wilkin", "name"),
        ("D", 6, "wilkin", "none"),
        ("D", 7, "wilkin", "none"),
    ],
    excluded={},
)

STORIES["tech_310.txt"] = dict(
    speakers={
        "opera": ("Opera", "authors / developers of the browser", "organisation", ["the company"]),
        "hanson": ("Berit Hanson", "Opera spokeswoman", "person", ["Ms Hanson"]),
    },
    items=[
        (
            "A",
            "the most accessible browser on the market",
            "opera",
            "role",
            "quoted words attributed with 'according to its authors'",
        ),
        ("R", 'Opera can also magnify text by up to 10 times and users can create "style sheets"', "opera", "role"),
        ("D", 2, "hanson", "name"),
        ("D", 3, "hanson", "none"),
        ("R", "this will also appeal to anyone using Opera with a handheld device", "opera", "role"),
        ("R", "features like voice activation are not solely aimed at visually impaired people", "opera", "role"),
        ("D", 4, "hanson", "name"),
        ("D", 5, "hanson", "none"),
    ],
    excluded={1: "term inside the reported clause, which is labelled instead", 6: 'scare quote ("trained")'},
)

STORIES["tech_148.txt"] = dict(
    speakers={
        "slattery": ("Thomas Slattery", "iTunes user suing Apple", "person", ["Mr Slattery", "the lawsuit"]),
        "gellhorn": (
            "Ernest Gellhorn",
            "anti-trust law professor at George Mason University",
            "person",
            ["Prof Gellhorn"],
        ),
        "npd": ("NPD Group", "market research firm", "organisation", []),
        "apple": ("Apple", None, "organisation", []),
    },
    items=[
        ("R", "it is unfair he can only use an iPod to play songs", "slattery", "role"),
        (
            "R",
            "Apple is breaking anti-competition laws in refusing to let other music players work with the site",
            "slattery",
            "pronoun",
        ),
        ("D", 0, "slattery", "role", "the words of his lawsuit"),
        (
            "A",
            "The key to such a lawsuit would be convincing a court that a single brand like iTunes is a market in itself separate from the rest of the online music market",
            "gellhorn",
            "name",
        ),
        ("D", 1, "gellhorn", "name"),
        (
            "R",
            "Apple has sold more than six million iPods since the gadget was launched and has an 87% share of the market for portable digital music players",
            "npd",
            "name",
        ),
        ("D", 2, "slattery", "role", "the words of his lawsuit"),
        ("D", 3, "slattery", "name"),
        ("R", "helps thwart piracy", "apple", "pronoun"),
    ],
    excluded={},
)

STORIES["tech_058.txt"] = dict(
    speakers={
        "bt": ("British Telecom", None, "organisation", ["BT"]),
        "ingram": ("Duncan Ingram", "BT's managing director, broadband and internet services", "person", ["Mr Ingram"]),
    },
    items=[
        ("R", "it will double the broadband speeds of most of its home and business customers", "bt", "name"),
        ("D", 0, "ingram", "name"),
        ("D", 1, "ingram", "pronoun"),
        ("D", 2, "ingram", "pronoun"),
        (
            "R",
            "Upload speeds - the speed at which information is sent from a PC via broadband - will remain at the same speed",
            "ingram",
            "name",
        ),
        ("D", 3, "ingram", "name"),
        ("D", 4, "ingram", "name", "no full stop between this and the previous quote, so it shares its sentence"),
        ("D", 5, "ingram", "name"),
        (
            "R",
            "a limited number of people with those connections consistently received speeds of 40Mbps",
            "ingram",
            "pronoun",
        ),
        ("R", "there would be a roll out across the network in order to prevent any problems", "ingram", "name"),
    ],
    excluded={},
)

# Seed articles (typographic quotes). 000 has no outlet line; 004 is from New Telegraph.
STORIES["000_5fffdecc461637a5.txt"] = dict(
    speakers={
        "pyong": ("Pyongyang", None, "organisation", ["North Korea"]),
        "biden": ("Joe Biden", "President", "person", ["Biden"]),
        "nk": ("North Korea", None, "organisation", ["Pyongyang"]),
        "fm": ("North Korea's foreign ministry", None, "organisation", ["the foreign ministry", "North Korea"]),
        "wh": ("White House", None, "organisation", []),
        "psaki": ("Jen Psaki", "Biden press secretary", "person", ["Psaki"]),
        "moon": ("Moon Jae-in", "South Korean President", "person", ["Moon"]),
        "town": ("Jenny Town", "director of 38 North", "person", []),
        "officials": (None, "officials", "unnamed", []),
    },
    items=[
        ("D", 0, "pyong", "name"),
        ("D", 1, "biden", "name"),
        ("D", 2, "nk", "name"),
        ("D", 3, "fm", "name"),
        ("D", 4, "fm", "name"),
        ("D", 5, "fm", "pronoun", "'He' in the source refers to the foreign ministry"),
        ("D", 6, "fm", "pronoun", "'He' in the source refers to the foreign ministry"),
        ("D", 7, "fm", "name"),
        ("D", 8, "biden", "name"),
        ("D", 9, "wh", "name"),
        ("D", 10, "wh", "name"),
        ("D", 11, "psaki", "name"),
        (
            "R",
            "Biden had learned from the experience of previous administrations, which have struggled for decades to deal with the dictatorship in North Korea or, in in recent years, in its growing nuclear arsenal",
            "psaki",
            "name",
        ),
        ("D", 13, "psaki", "pronoun", "'He' in the source refers to Psaki"),
        (
            "R",
            "The White House would also not follow the more differential approach called “strategic patience,” advocated by Barack Obama",
            "psaki",
            "name",
        ),
        ("D", 15, "moon", "name"),
        ("R", "the big features of Biden policy so far sound good", "town", "name"),
        ("D", 16, "town", "pronoun", "'he' in the source refers to Jenny Town"),
        ("R", "have been rejected by Pyongyang", "officials", "role"),
    ],
    excluded={12: "section heading", 14: "name of a policy inside Psaki's reported clause, which is labelled instead"},
)

STORIES["004_aea63fa0276bd9fa.txt"] = dict(
    speakers={
        "kim": ("Kim Jong-un", "North Korean leader", "person", ["Kim"]),
        "bbc": ("BBC", None, "organisation", []),
        "biden": ("Joe Biden", "President", "person", ["Biden"]),
        "nk": ("North Korea", None, "organisation", []),
        "wash": ("Washington", None, "organisation", ["US"]),
        "psaki": ("Jen Psaki", "US State Department spokesperson", "person", []),
        "easley": (
            "Leif-Eric Easley",
            "associate professor of international studies at Ewha Womans University",
            "person",
            [],
        ),
    },
    items=[
        ("D", 0, "kim", "name"),
        ("D", 1, "kim", "name"),
        ("R", "This marks the first time Kim has directly commented on Biden’s administration", "bbc", "name"),
        ("R", "the country was facing food shortages", "kim", "name"),
        ("D", 2, "kim", "name"),
        ("D", 3, "kim", "pronoun"),
        ("D", 4, "kim", "pronoun"),
        ("D", 5, "biden", "name"),
        ("D", 6, "biden", "name"),
        ("D", 7, "nk", "name"),
        (
            "R",
            "the US would continue to aim for the eventual complete denuclearisation of the Korean peninsula",
            "wash",
            "name",
        ),
        ("D", 8, "biden", "name"),
        ("D", 9, "psaki", "name"),
        ("D", 10, "psaki", "pronoun"),
        ("D", 11, "psaki", "pronoun"),
        ("D", 12, "easley", "name"),
        ("D", 13, "easley", "pronoun"),
        ("D", 14, "easley", "none"),
    ],
    excluded={},
)
