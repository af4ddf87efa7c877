"""Question analysis: from a user's words to weighted index terms.

Each informative word of the question becomes a ``QueryWord`` with the terms
that stand for it: its own stems, the entity it names (glossary aliases),
its synonyms (glossary synonym groups, phrases included), and, when the word
is not in the knowledge base at all, the closest word that is (a careful
edit-distance match: same first letter, one edit for words of 4 to 8
letters, two for longer ones; a word of four or five letters that is real
English is left alone, and one of four letters is only corrected to a name).
A place and the word for its people find each other ("Marvonia",
"Marvonian").

Each word also carries its information: the IDF of its best term, halved for
common English words; a word found nowhere in the knowledge base weighs as a
word seen once, and a year or number found nowhere weighs double, since it
pins the question to something the articles do not hold. The decline rule
compares the information found with the information asked.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from rapidfuzz.distance import DamerauLevenshtein
from rapidfuzz.process import extract, extractOne

from bot.kb.annotate import ENTITY_PREFIX, NUMBER_WORDS, TOPIC_PREFIX
from bot.kb.chat import (
    AUXILIARIES,
    GUESS_BOUNDS,
    GUESS_LEADS,
    QUESTION_WORDS,
    clean,
    ordinals_before_words,
    spelled,
)
from bot.kb.english import english_word
from bot.kb.people import POSTS
from bot.kb.snapshot import KnowledgeBase
from bot.kb.spellings import other_spellings, other_word
from bot.kb.text import (
    AMBIGUOUS_PAST,
    HEDGES,
    MONTHS,
    STOP_WORDS,
    WEAK_WORDS,
    joined,
    normalize,
    parts,
    plain,
    words,
)

ENTITY_WEIGHT = 1.0
SYNONYM_WEIGHT = 0.7
TOPIC_WEIGHT = 0.5  # a word that names a topic matches the passages on the topic
PART_OF_NAME_WEIGHT = 0.5  # "war" alone, asked about the Soviet-Afghan War
CORRECTION_WEIGHT = 0.9
COMPOUND_WEIGHT = 0.8  # "policemen" for "police", "businesswomen" for "business"
NAME_FORM_WEIGHT = 0.8  # "Marvonian" for "Marvonia", and the other way round
PAST_WEIGHT = 0.8  # "left" for "leave": a past that is another word too ("on the left")
CONTEXT_WEIGHT = 0.5  # words of the earlier question in a follow-up
WEAK_INFO = 0.5  # information share of a common English word
UNKNOWN_NUMBER_INFO = 2.0  # a number or year absent from the articles weighs double
# a word absent from the articles but common in English (one piece of the embedding model's
# vocabulary) is less telling than a rare one: a share of the rarest word's information
UNKNOWN_COMMON_INFO = 0.3
MAX_PHRASE = 3  # longest synonym phrase, in words
SURNAME_PASSAGES = 5  # passages looked in for the names written after a first name

THANKS = frozenset("thanks thank thx ty cheers appreciate appreciated".split())
# what an answer was, said with thanks: "thanks, that helped a lot", "that's all i needed"
THANKED = frozenset("""
lot was were helped helps help useful info information answer answers needed need wanted
perfect exactly brilliant excellent clear quick""".split())
FAREWELLS = frozenset("bye goodbye cya see later night gn".split())  # "good night", "see ya"
SMALL_TALK = THANKS | frozenset("""
hi hey hello hiya yo sup howdy greetings morning evening afternoon night good gm gn bye goodbye
cya later ok okay k kk cool see ya nice great awesome lol lmao rofl haha hah
hahaha xd yes yeah yep no nope nah sure wow omg welcome everyone guys all folks you bot there
how are doing whats what's up sorry np pls please bro dude man fine love test testing ping hmm hm
is it what time who am i your name
today tonight day going anyone anybody here still awake alive back again for now the best that
week weekend life things everything been have
thats that's you're youre ur u so much very really helpful just checking hope hoping well
around having super your a
""".split())

# question frames whose words are not what is asked about
_FRAMES = re.compile(r"\b(stands? for|short for|full (?:form|name)(?: of)?|abbreviation of|"
                     r"acronym|according to the (?:author|article|writer)|in your opinion|"
                     # the tense or aspect of a verb, not its meaning: "used to work", "did X
                     # manage to avoid", "is X supposed to"
                     r"used to|manag(?:e|es|ed) to|supposed to|"
                     # and phrases that only stress it: "what set it off in the first place"
                     r"in the first place|so far|at all|these days|any ?more|"
                     # what someone does "for a living" asks who they are
                     r"for (?:a )?living|"
                     # "how come" asks why: "come" is no word of what is asked
                     r"(?<=\bhow )come)\b")
# "what is the treaty called?": a name is asked for, not a call
_NAMING = re.compile(r"^(?:what|whats|what's)\b.*\b(called|named)\W*$", re.IGNORECASE)
_DEFINITION_Q = re.compile(r"\b(stands? for|short for|full (?:form|name)|abbreviation|acronym|"
                           r"what (?:is|are|was|were) (?:the )?[a-z-]+\??$|"
                           r"^what (?:does|do|did) (?:the )?[a-z-]+ "
                           r"(?:(?:actually|really|even|basically) )?do(?: exactly)?\??$)")
# "what is the unemployment rate?", "what was the rent?": a figure or a sum, asked by its name
_WHAT_IS_THE = (r"\bwhat(?:'s| is| was| are| were|s) (?:the |its |their |his |her )?"
                r"(?:(?!of\b|in\b|for\b)[a-z]+(?:'s)? ){0,2}")
_FIGURE_NOUN = r"(?:rate|population|turnout|percentage|proportion|toll|total)\b"
_SUM_NOUN = (r"(?:rent|rents|price|prices|cost|fee|fees|salary|salaries|wage|wages|budget|"
             r"bail|ransom|payout|bill|profit|profits|revenue|revenues|turnover|income|"
             r"earnings|deficit|surplus|debt|debts|valuation)\b")
_NAMED_FIGURE = _WHAT_IS_THE + rf"(?:{_FIGURE_NOUN}|{_SUM_NOUN})"
_NUMBER_Q = re.compile(r"\b(how (?:many|much|busy|big|large|long|far|often|old|tall|high|wide|"
                       r"deep|fast|heavy|expensive|cheap|costly|severe|bad)|"
                       r"what (?:number|percentage|share|proportion)|"
                       r"by how much|what was the (?:toll|number|death toll))\b|" + _NAMED_FIGURE)
# a count or an amount, not any figure: "how many crew" is not answered by "built in 1987"
_COUNT_Q = re.compile(r"\b(how (?:many|much)|what (?:number|percentage|share|proportion)|"
                      r"by how much|death toll)\b|" + _NAMED_FIGURE)
# a question for a named body, or someone or something named: "which company built the
# road", "what party does she lead", "which insurance company", "which engineer pushed the
# update", "which brands were seized" (and "the name of the deputy director": ``_NAME_OF``)
_NOT_A_DETERMINER = (r"(?!(?:the|a|an|this|that|these|those|his|her|its|their|is|was|are|"
                     r"were|do|does|did|has|have|had)\b)")
_WHICH_BODY_Q = re.compile(
    rf"\b(?:which|what) (?:{_NOT_A_DETERMINER}[a-z\d]+ )?(?P<body>company|companies|firms?|group|"
    r"organisation|organization|party|parties|country|countries|city|cities|town|towns|agency|"
    r"agencies|banks?|courts?|unions?|ministry|ministries|"
    r"brands?|chains?|engineer|leader|minister|official|officer|lawyer|judge|mp|director|"
    r"manager|executive|contractor|supplier|buyers?)\b"
    # ... and, after "which", more things that have names of their own: "which airline", "which
    # two architects" ("what school does she run?" may ask what kind of school)
    rf"|\bwhich (?:{_NOT_A_DETERMINER}[a-z\d]+ )?(?P<kind>airlines?|carriers?|players?|"
    r"architects?|retailers?|orchestras?|hospitals?|schools?|clubs?|teams?|newspapers?|"
    r"broadcasters?|channels?|charit(?:y|ies)|universit(?:y|ies)|airports?|villages?|"
    r"provinces?|regions?|districts?|ships?|vessels?|hotels?|shops?|stores?|restaurants?|"
    r"museums?|politicians?|doctors?|scientists?|experts?|economists?|journalists?|"
    r"reporters?|candidates?|councillors?|mayors?|governors?|ambassadors?|insurers?|lenders?|"
    r"investors?|sponsors?|operators?|manufacturers?|producers?|developers?|builders?|"
    r"prosecutors?|laborator(?:y|ies)|labs?|consultants?|auditors?|engineers|leaders|ministers|"
    r"officials|officers|lawyers|judges|mps|directors|managers|executives|contractors|"
    r"suppliers)\b")
# what is to be named, after "the name of" or "who was the": a few words up to what follows
# them ("the name of the ski instructor who died", "who was the one judge that ...")
_NAMED_AFTER = (r"(?P<thing>[a-z-]+(?: [a-z-]+){0,3}?)(?= (?:who|whom|that|which|whose|in|at|on|"
                r"for|from|with|by|to|of|is|was|are|were|has|had|did|does|do|[a-z]+ed|[a-z]+ing)\b|\W*$)")
_NAME_OF_THING = re.compile(r"\bnames? of (?:(?:the|a|an|this|that|these|those|its|his|her|"
                            r"their) )?" + _NAMED_AFTER)
# ... by a word of English, not "the guy who said ..." nor "the woman who ...": someone,
# whom a name tells
_NOT_NAMED = STOP_WORDS | HEDGES | WEAK_WORDS | frozenset("man men woman women one someone".split())
_WHO_IS_THE = re.compile(r"^\W*(?:who|whos|who's)(?: (?:is|was|are|were)|'s) the " + _NAMED_AFTER)
# the verbs a yes/no question opens on: "has the factory reopened?", "did anyone die?"
_POLAR_Q = re.compile(rf"\W*(?:{AUXILIARIES}|may|might|must|isn't|aren't|wasn't|didn't|"
                      r"hasn't|won't)\b")
# a question of keywords, no question word (``_QUESTION_START``), ends on the kind of thing it
# asks for: "ban expiry date", "dunmere population", "lantern editor name", "ruta delmar job";
# not after a word that says when ("tourism income last year")
_TIME_QUALIFIERS = frozenset("last this next per a each every that".split())
_KEYWORD_KIND = {**dict.fromkeys("date when year".split(), "date"),
                 **dict.fromkeys("population size number count total length cost price "
                                 "amount".split(), "number"),
                 "age": "age",  # "29", or the year of a birth or a founding
                 "name": "name", **dict.fromkeys("job role occupation".split(), "who"),
                 # "dgu chairman", "union general secretary": who holds the post
                 **dict.fromkeys(POSTS, "holder")}
POST_KEYWORDS = 5  # "growers association secretary general": at most this many words
_NOT_KEYWORDS = STOP_WORDS - frozenset("of the for".split())  # ... and none of a sentence
# "who was health minister before X?", "who replaced X?": someone other than those it names
_PREDECESSOR_Q = re.compile(r"\bwho (?:was|were|is|will be|had been|has been)\b.{1,60}?\b(?:before|"
                            r"after|until)\b|\bwho(?:'s| is| was| will be)? (?:replac(?:ed|es|ing)|"
                            r"succeed(?:ed|s|ing)|preceded|took over|takes over|taking over)\b"
                            r"|\bwho (?:will|is going to|is set to) (?:replace|succeed|take over)\b")
# the start or the length of a state: answered by "since 1994", "for the past three years"
_SINCE_Q = re.compile(r"\b(since when|how long (?:has|have|had)|how long (?:is|are|was|were) "
                      r"(?:\w+ ){0,4}?\w+(?:ed|en|ing)\b)")  # "were they detained", not "is the road"
# words the question quotes: "who said 'we are not the cause of this risk'?"
_IN_QUOTES = re.compile(r"[\"\u201c][^\"\u201c\u201d]{3,}[\"\u201d]"
                        r"|(?<!\w)['\u2018][^'\u2018\u2019]{3,}['\u2019](?!\w)")
_MONTH_Q = re.compile(r"\b(?:what|which) month\b")
_YEAR_Q = re.compile(r"\b(?:what|which) year\b")
# "how many of the 184 transplants were kidneys?": a part of a whole the question gives
_PART_OF_Q = re.compile(r"\bhow many of (?:the|those|these|its|their) (\d[\d,.]*)\b")
_DATE_Q = re.compile(r"\b(when|what (?:year|date|month|day|time)|which (?:year|month|day)|"
                     r"since when|what(?:'s|s| is| are| was| were) the (?:exact )?dates?)\b")
_PERSON_Q = re.compile(r"^(who|whom|whose)\b|\bwho (?:is|was|were|said|says|told|called|"
                       r"wrote)\b|\b(which|what) (?:person|scholar|official|leader|minister|"
                       r"president|chief|general|author|spokesperson|academic|researcher)\b")
# "who drew the line?": the word after "who" (an auxiliary asks something else)
_DONE_BY_Q = re.compile(r"\bwho\s+((?:\w+\s+){0,2}\w+)")  # ... after its hedges
_AUXILIARY = re.compile(rf"{AUXILIARIES}|may|might|must")
# what a question asks about, when its own word names it: "how tall", "how much bail",
# "the population of", "who heads"; the first of these that matches
_OF_A_PEOPLE = re.compile(r"^[a-z]+(?:ian|ean|an|ese|ish|i)$")  # "sorelian", "kestrani"
_NAMED_THEN_COUNTED = re.compile(rf"^how (?:many|much) ([a-z]+) (?!(?:{AUXILIARIES})\b)([a-z]+)")
_FOCUS = [re.compile(p) for p in (
    r"^how (?!many\b|much\b|come\b|did\b|does\b|do\b|is\b|are\b|was\b|were\b|can\b|"
    r"could\b|would\b|will\b|should\b|has\b|have\b|had\b)([a-z]+)",
    r"^how (?:many|much) ([a-z]+)",
    # ("what is the population of X", not "what is the dome made of")
    r"^(?:what|which|who)(?:'s| is| was| are| were|s) (?:the |its |their )?(?:[a-z]+ )?"
    r"((?!made\b|built\b|composed\b)[a-z]+) of\b",
    r"^who (?!is\b|was\b|are\b|were\b|did\b|does\b|do\b|has\b|have\b|had\b|will\b|would\b|"
    r"can\b|could\b|should\b|said\b|says\b|told\b|tells\b|called\b|calls\b|described\b|"
    r"compared\b|complained\b|warned\b|wrote\b|claimed\b|argued\b|insisted\b)([a-z]+)",
)]
# a figure a question gives, as a word of its own: not in a name ("aurel-1", "n7"), a ratio
# ("24/7") or a time ("9:30", written "9.30am" as often)
_GIVEN_FIGURE = re.compile(r"(?<![\w./:-])\d[\d,]*(?:\.\d+)?(?![\w/:-])")
# ... and a month it gives as a date ("in august", "on 3 june", "since early may"; not "the
# march" nor "it may be")
_MONTH_NAMES = "|".join(MONTHS)
_GIVEN_MONTH = re.compile(
    r"\b(?:in|on|since|until|till|by|before|after|during|last|next|of|from|through)\s+"
    rf"(?:(?:early|late|mid)[ -])?({_MONTH_NAMES})\b(?!\s+(?:be|have|not|also|well)\b)"
    rf"|\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH_NAMES})\b"
    rf"|\b({_MONTH_NAMES})\s+\d{{1,2}}(?:st|nd|rd|th)?\b")
# ... and one the asker guesses: "like 11?", "was it 22", "over 200", "more or less 40"
_GUESSED_BEFORE = re.compile(rf"\b(?:{GUESS_LEADS}|{GUESS_BOUNDS}|than|least|or)\s+$")
# a figure of the kind a "how tall / old / heavy / expensive ..." asks for
_FIGURE = r"\d[\d,.]*(?:\s|-)?"
# (a country's word may stand between the figure and the currency: "340,000 Astravian crowns")
CURRENCY_SIGNS = "$\u20ac\u00a3\u00a5\u20b9"
_CURRENCIES = (r"dollars?|euros?|pounds?|rupees?|yuan|yen|afghanis?|crowns?|marks?|francs?|krona|"
               r"kronor|kroner|pesos?|lira|lire|dinars?|shillings?|rand|zloty|forints?|cents?|pence|"
               r"centimes?")
CURRENCY = re.compile(_CURRENCIES, re.IGNORECASE)  # (a word, whole: ``fullmatch``)
_MONEY = (rf"[{CURRENCY_SIGNS}]\s?\d|\d[\d,.]*\s?(?:[a-z]+(?:ian|an|ese|ish|i)\s)?"
          rf"(?:{_CURRENCIES}|bn|billion|million)\b")
MONEY = re.compile(_MONEY, re.IGNORECASE)
# a question for a sum of money: "how much did it cost", "how much was the catch worth" (not
# "by how much did the budget fall" nor "how much of it is the state paying": a change or a
# part may be a share)
_MONEY_Q = re.compile(r"(?<!\bby )\bhow much\b(?! of\b).*(?:\b(?:cost|costs|costing|pay|pays|"
                      r"paid|paying|earn|earns|earned|earning|worth|price|spend|spends|spent|"
                      r"spending|fee|fees|salary|wage|"
                      r"wages|fine|fined|charge|charges|charged|charging|budget|money|cash|owe|"
                      r"owes|owed|bail|ransom|raise|raised|compensation|tax|fetch|fetches|"
                      r"fetched|auction|auctioned|valued|invest|invests|invested|investing|"
                      r"investment|borrow|borrows|borrowed|borrowing|lend|lends|lent|lending|loan|"
                      r"loans|fund|funds|funded|funding|donate|donates|donated|donation|subsidy|"
                      r"subsidies|deposits?|levy|levies|rent|rents|grants?|allowances?|bonus|"
                      r"bonuses|payouts?|payments?|refunds?|rebates?|bribes?|damages|"
                      r"penalty|penalties|surcharges?|tariffs?|fares?|tolls?|"
                      r"(?:go|goes|went|gone|sell|sells|sold|selling) for)\b|\$)|"
                      # "how much is a litre of petrol?", "how much does a pack cost": a price
                      r"\bhow much (?:is|are|was|were) (?:a|an|one) [a-z]+\b|"
                      + _WHAT_IS_THE + _SUM_NOUN)
_LENGTH = r"m|km|metres?|meters?|kilometres?|kilometers?|ft|feet|foot|miles?|yards?"
# an age: "58-year-old", "aged 58", "Halvik, 58, who ...", "Emir, who is three"; or when it
# began: "born in 1961", "founded in 1963", "its 14th-century monastery"
_AGE = (_FIGURE + r"(?:years?|yrs?)(?:\s|-)old\b|(?:year|yr)-old\b|\baged \w+|"
        r"\b[A-Z][\w\u2019'-]+, \d{1,3},|\bwho (?:is|was|turned|turns) (?:\d{1,3}|one|two|three|"
        r"four|five|six|seven|eight|nine|ten|eleven|twelve|\w+teen|\w+ty)\b|"
        r"\b\d{1,2}(?:st|nd|rd|th)[- ]century\b|\b(?:born|built|founded|established|set up|"
        # (not "founded in 2017 by X": X's company's age, not X's)
        r"opened|dat(?:ing|es|ed) (?:back )?(?:to|from)) (?:in )?(?:the )?(?:1\d|20)\d\d\b"
        r"(?!,? by\b)")
MEASURES = {word: re.compile(pattern, re.IGNORECASE) for words, pattern in (
    (("tall", "high", "deep"), _FIGURE + r"(?:m|cm|metres?|meters?|ft|feet|foot|storeys?|stories)\b"),
    (("long",), _FIGURE + rf"(?:{_LENGTH}|minutes?|hours?|days?|weeks?|months?|years?|decades?)\b"),
    (("far", "wide", "close"), _FIGURE + rf"(?:{_LENGTH})\b"),
    # a size is any measure or count: "a town of about 7,400 people", "a team of 12", "a
    # majority of four seats" (not a year)
    (("big", "large", "small"), r"(?<![\d,.])(?!(?:19|20)\d\d\b)\d[\d,.]*(?:\s|-)?[a-z%]|"
                                rf"\b(?:{'|'.join(sorted(NUMBER_WORDS - {'percent'}))})[\s-]+[a-z]"),
    (("old",), _AGE),
    (("heavy",), _FIGURE + r"(?:kg|kilos?|kilograms?|tonnes?|tons?|pounds?|lbs?)\b"),
    (("expensive", "cheap", "cheaper", "costly", "rich", "poor", "cash", "money", "funding",
      "funds"), _MONEY),
) for word in words}
# an age is a figure of one form, and every article uses "old" otherwise ("the old town"):
# "how old is X?" needs an age in the quote whether or not the articles use the word
ALWAYS_MEASURED = frozenset({"old"})
# "who is X?" asks what X is, not what X said, nor who was killed
# (and "what does X do for a living?")
_WHO = r"^\W*(?:who|whos|who's)"
_WHO_IS_Q = re.compile(_WHO + r"(?:\s+(?:is|was|are|were)\b|'s)\s+"
                       r"(?!\w+(?:ing|ed)\b)|^\W*what (?:does|did|do) .{1,60}? do for (?:a )?"
                       r"(?:living|work|a job)\b"
                       # "what is X's job?", "whats ilse vargs role"
                       r"|^\W*what(?:'s|s| is| was)\s+(?!the\b|a\b|an\b|this\b|that\b|its\b)"
                       r"[a-z][\w-]*(?:\s+[a-z][\w-]*){0,2}?(?:'s|s'|s)\s+(?:job|role|position|"
                       r"occupation|profession|title)\W*$"
                       # "what job does X have?", "what position does she hold?"
                       r"|^\W*(?:what|which) (?:job|role|position|post|title|office) (?:does|did|do)"
                       r" (?!the\b|a\b|an\b|this\b|that\b|its\b).{1,60}? (?:have|hold|do)\W*$",
                       re.IGNORECASE)
# ... and "who is X's finance minister?", "who is the president of X?" asks who holds a post
# of X: a sentence that introduces X ("its neighbour, X") does not say
_WHO_HOLDS_Q = re.compile(_WHO + r"(?:'s|\s+(?:is|was|are|were))\s+(?:the\s+)?"
                          r"(?:\w+(?:'s|s')\s+\w+|\w+(?:\s+\w+)?\s+of\b)", re.IGNORECASE)
# ... as does "who is the defence minister that got detained?", "who's the new head coach"
_WHO_IS_POST_Q = re.compile(_WHO + r"(?:\s+(?:is|was|are|were)|'s)\s+the\s+(?:[a-z-]+\s+){0,2}?"
                            r"(?:minister|mayor|president|chair|chairman|chairwoman|head|director|"
                            r"leader|chief|governor|ceo|boss|commander|secretary|ambassador|"
                            r"spokesman|spokeswoman|spokesperson|coach|captain|owner|founder)\b",
                            re.IGNORECASE)
# ... and "who chairs the commission?", "who leads the front now?"
_WHO_LEADS_Q = re.compile(_WHO + r"\s+(?:currently\s+|now\s+)?(?P<verb>chair|lead|led|head|run|"
                          r"direct|manage|own|command|govern)(?:s|e?d)?\b", re.IGNORECASE)
# ... the posts of those who do: "who chairs the federation?" of "X, chairman of the Federation"
_POSTS_OF = {"chair": ("chair", "chairman", "chairwoman", "chairperson"),
             "lead": ("leader", "head"), "led": ("leader", "head"),
             "head": ("head", "leader", "chief"),
             "run": ("managing director", "chief executive", "director", "head", "boss", "manager"),
             "direct": ("director",), "manage": ("manager", "managing director"),
             "own": ("owner",), "command": ("commander",), "govern": ("governor",)}
# "who said ...?", "who called it ...?": the question asks for a speaker
_SPEAKER_Q = re.compile(r"\bwho(?:m)?\b.*\b(?:said|says|say|told|tells|wrote|writes|called|"
                        r"calls|claimed|claims|warned|described|argued|asked|added|quoted)\b"
                        # "who made the crack about ...", "who came up with the ... line"
                        r"|\bwho\b.*\b(?:made|makes|came up with|comes up with|coined)\b.*\b"
                        r"(?:remark|comment|crack|joke|quip|line|phrase|jibe|dig|thing)\b"
                        r"|\bwhose (?:words|remark|comment|line|phrase)\b",
                        re.IGNORECASE)
# "what did X say / tell parliament / call it?": what someone said
_WHAT_DID = r"\bwhat (?:did|does|do|has|have|had)"
_SAY = r"say|tell|claim|argue|warn|reply|answer|respond"
# ... or what someone thinks of something: "what does X think of / make of Y", "how does X feel
# about Y": their words, not a sentence that only names them
_OPINE = r"think (?:of|about)|make of|feel about"
_WHAT_OR_HOW_DID = rf"(?:{_WHAT_DID}|\bhow (?:did|does|do|has|have))"  # "how does X feel about"
_SAID_Q = re.compile(rf"{_WHAT_DID}\b.{{1,80}}?\b(?:{_SAY}|call)\b|\bwhat\b(?! (?:is|was|are|were|"
                     r"happened|happens)\b).{1,60}?\b(?:said|says|told|tells)\b"
                     rf"|{_WHAT_OR_HOW_DID} (?!you\b).{{1,60}}?\b(?:{_OPINE})\b", re.IGNORECASE)
# a yes/no question whether someone said something ("did the ministry say why?", "has the
# ceo commented?", "did she answer questions?"): settled by a refusal ("declined to comment")
_IF_SAID_Q = re.compile(r"\b(?:say|said|saying|comment(?:ed|ing)?|answer(?:ed)?|respond(?:ed)?|"
                        r"repl(?:y|ied)|explain(?:ed)?|name|named|reveal(?:ed)?|confirm(?:ed)?|"
                        r"speak|spoke(?:n)?|talk(?:ed)?|tell|told)\b", re.IGNORECASE)
# what someone meant by what they said ("what does 'reset and hope' mean", "what did she
# mean by that"): often said in the sentence beside the words, not in them
_MEANING_Q = re.compile(r"\bwhat (?:does|did|do|is|was) .{1,80}?\bmean\b|\bmeant by\b|"
                        r"\bwhat (?:is|was) meant\b", re.IGNORECASE)
# ... and who: "what did [the Castellane CEO Henrik Aasgaard] say"
_SAID_BY = re.compile(rf"{_WHAT_OR_HOW_DID}\s+(?!you\b)(?P<who>.{{1,60}}?)\s+"
                      rf"(?:{_SAY}|said|told|{_OPINE})\b", re.IGNORECASE)
# ... or "what [the pakistani foreign minister] said about the refugees"
_SAID_BY_PAST = re.compile(r"\bwhat\s+(?!(?:is|was|are|were|happened|happens|did|does|do|has|"
                           r"have|had)\b)(?P<who>.{1,60}?)\s+(?:said|says|told|tells)\b",
                           re.IGNORECASE)
# "how many protesters were arrested?", "how many patients died?": the event counted, which a
# quote that counts the protesters or the patients for something else does not give
# (not "need" nor "feed"; "agreed", "freed")
_PARTICIPLE = (r"(?![a-z]*[^r]eed\b)[a-z]+ed|[a-z]+en|hurt|sent|cut|shot|hit|lost|held|kept|left|"
               r"caught|brought|sold|built|made|paid|fled")
_COUNTED_EVENT_Q = re.compile(
    r"^\W*how many (?:[a-z'-]+ ){1,3}?(?:were |was |got |get |have been |had been |are |is |"
    rf"have |has |had )?(?:actually |really |even |just )?(?!(?<=are | is )left\b)"
    rf"({_PARTICIPLE})\b"
    # not "showed up", "sent in", "taken into custody", "tuned in for": another verb may say
    # the same ("an estimated 3,000 marched", "watched by"); nor what "are left" (remain)
    r"(?!\s+(?:out|up|down|off|back|over|away|into)\b|\s+(?:in|on)(?:\W*$|\s+(?:for|to)\b))")
# "when was the association founded?", "when did she become minister?": the event dated, which
# a quote that dates something else about them does not give
_DATED_PASSIVE_Q = re.compile(
    r"^\W*when (?:was|were|is|are|will|has|have|had) (?:[a-z'-]+ ){1,5}?(?:been |be )?"
    rf"(?:first |finally |actually |officially |even |really |originally )?({_PARTICIPLE}|set|"
    r"shut|heard|found|begun|done|won|told|put|[a-z]{2,}ing)(?=\W*$|\s(?:in|on|by|at|for|to|from|"
    r"into|over|up|down|out|off|after|with|again|back|as|first|the|a|an|its|their|his|her)\b)")
_DATED_ACTIVE_Q = re.compile(r"^\W*(?:when|(?:what|which) (?:exact )?(?:year|date|day|month)) "
                             r"(?:exactly )?(?:did|does|do|will|would|could|can) (.+)")
_SUBJECT_PRONOUNS = frozenset("he she they it we you i".split())
_DETERMINERS = frozenset("the a an its their his her this that these those our".split())
# what follows a verb, not a subject's next word: a preposition, an article, an object
_BOUNDARY = _DETERMINERS | frozenset("of in on at by for to from into over under up down out off "
                                     "after before with again back as about him them us it and "
                                     "or".split())
_ASPECTUAL = frozenset("start starts started begin begins began stop stops stopped resume resumed "
                       "continue continued keep kept finish finished".split())
# what one goes to, not a verb after "going to": "going to court", "going to school"
_PLACES_GONE_TO = frozenset("court school college university uni war jail prison trial hospital "
                            "work bed church sea press parliament market town city waste hell "
                            "polls vote".split())
_PARTICLES = frozenset("out up down off back over away".split())
_END_PARTICLES = frozenset("in on".split())  # "kick in", "log on": a particle at the end
_ADVERBS = frozenset("even actually first finally really officially just ever originally "
                     "eventually".split())
# "how did X react?", "what was X's response?": X's reaction, which a quote that does not name X
# does not give
_REACT_Q = re.compile(r"\bhow (?:did|does|do|has|have|had|is|are|was|were|will|would) "
                      r"(?P<who>.{1,60}?) (?:react|reacted|reacting|respond|responded|responding|"
                      r"reply|replied|replying)\b|\bwhat (?:is|was|are|were) (?P<whose>.{1,60}?)"
                      r"(?:'s|s') (?:reaction|response|reply)\b", re.IGNORECASE)
# "what did the court decide?", "has it ruled yet?": an outcome, which a quote on the case being
# brought or heard does not give
_OUTCOME_Q = re.compile(r"\bwhat (?:did|does|has|have|will) .{1,60}? (?:decide|rule|conclude)\b|"
                        r"\b(?:has|have|did) .{1,60}? (?:ruled|decided|concluded|rule|decide|"
                        r"conclude)\b", re.IGNORECASE)
# "how many people live in Koranz?", "... sit on the board?": a count of people that asks the
# size of a place or a body, by one of these words
_PERSONS = frozenset("people person persons".split())
_SIZE_WORDS = frozenset("""live lives living lived reside resides residing sit sits sitting serve
serves serving belong belongs member members""".split())
# "will the plant reopen?", "is Pakistan going to attack?", "what does she plan to do?": whether
# something is to come, or what, which a quote on what has been does not give (not "why won't
# they act?", a refusal, nor "how many seats is it going to have?", a datum of its own)
_FUTURE_Q = re.compile(
    r"^\W*(?:will|shall)\b|^\W*(?:is|are) .{1,60}?\b(?:going to|gonna|planning to|about to)\b|"
    r"\bwhat will .{1,60}? do\b|\bwhat (?:is|are) .{1,60}? gonna do\b|"
    r"\bwhat (?:is|are|does|do) .{1,60}? (?:plan(?:s|ning)?|going|intend(?:s|ing)?) to do\b")
_RESULT_Q = re.compile(r"\bwhat (?:did|has|have) .{1,60}? (?:find|found)\b|"
                       r"\b(?:how|which way) did .{1,60}? vote\b|\bhow did .{1,60}? vote go\b|"
                       r"\bwhat (?:has |have |had )?(?:came|come) (?:out )?of\b|"
                       r"\bwhat (?:was|were|is|are)(?: the)? (?:results?|outcomes?|upshot|findings?) "
                       r"of\b|"
                       r"\bhow did .{1,60}? (?:go|end|turn out)\W*$",
                       re.IGNORECASE)
# "what caused the fire?", "the cause of the leak": a cause, which a quote gives in words that
# say so ("caused by", "because", "blamed on")
_CAUSE_Q = re.compile(r"\bwhat (?:\w+ )?(?:caus\w*|led to|triggered|sparked)\b|"
                      r"\bwhat (?:first |really |actually |finally |even |exactly )?made\b|"
                      r"\bcauses? of\b|\bwhat (?:is|was|were|are) (?:the )?(?:\w+ )?causes?\b")
_REASON_Q = re.compile(r"^why\b|\bwhy (?:is|was|are|were|do|does|did|has|have|had|would|won't|"
                       r"can't|doesn't|don't|didn't|isn't|should)\b|\bwhat (?:is|was|are|were) "
                       r"the reasons?\b|\bfor what reason\b|\bhow come\b")
# what a question for one datum expects: a figure, a date, a person, a name ("how many crew?",
# "when did she resign?"), as against an open question ("why?", "what happened?")
DATUMS = frozenset({"number", "date", "person", "name"})
_NAME_OF = re.compile(r"\bnames? of\b"  # "what was the name of the surgeon on duty?"
                      # "what was the cub called?", "what's the new ferry named"
                      r"|^\W*what(?:'s|s| is| was| are| were)\s+.{1,60}?\s+(?:called|named)\W*$")
# "what rocket was it launched on?", "which lawyer is representing him?": a thing to name
_WHAT_THING_Q = re.compile(r"\b(?:what|which) ([a-z]+) (?:did|does|do|is|was|are|were|has|have|"
                           r"had|will|would|can|could)\b")
_PLURAL = re.compile(r"[^s]s$")  # "what powers does it get": things to tell, not one to name
_NOT_A_THING = HEDGES | frozenset("else kind sort type time happened happens".split())
_HOW_MANY = re.compile(r"\bhow many ([a-z]+)")  # "how many firefighters": what is counted


_COMPOUND_PERSON = re.compile(r"(?:men|man|women|woman|people|folk|folks|person|persons)$")
# a place and the word for its people ("Marvonia", "Marvonian"; "Pakistan", "Pakistani")
_NAME_ENDINGS = ("ian", "an", "n", "i", "ese")


def _without_quoted(text: str) -> str:
    """The question with the words it quotes blanked out, its length kept (places in it stay
    where they were)."""
    return _IN_QUOTES.sub(lambda m: m.group()[0] + " " * (len(m.group()) - 2) + m.group()[-1],
                          text)


@dataclass
class QueryWord:
    surface: str
    terms: dict[str, float]  # term -> weight (1.0 for the word's own stems)
    info: float = 0.0
    known: bool = False
    correction: str | None = None
    context: bool = False  # comes from the earlier question of a follow-up
    fixes: dict[str, str] = field(default_factory=dict)  # typed word -> correction, kept on merge

    @property
    def in_glossary(self) -> bool:
        """The word names one of the glossary's entities (by its name or an alias)."""
        return any(t.startswith(ENTITY_PREFIX) for t in self.terms)


@dataclass
class Query:
    text: str
    words: list[QueryWord] = field(default_factory=list)
    # what is asked for: "number", "date", "person", "definition", "name", "reason"
    expects: str | None = None
    # ... one of the DATUMS, or a name ("the name of the surgeon", "which company")
    asks_datum: bool = False
    focus: str | None = None  # the question's word for what it asks about ("tall", "bail")
    degree: bool = False  # ... a degree ("how strict", "how bad"), the focus after "how"
    # a question of keywords, its last word and the kind it asks for ("population", "number")
    keyword_kind: tuple[str, str] | None = None
    asks_who_is: bool = False  # "who is X?": what X is
    asks_holder: bool = False  # "who is X's finance minister?": who holds a post of X
    asks_leader: bool = False  # ... or "who chairs X?": someone to be named
    posts: tuple[str, ...] = ()  # ... the posts of one who does ("chairman", "chair")
    asks_speaker: bool = False  # "who said ...?": who spoke
    asks_said: bool = False  # "what did X say about Y?": what someone said
    said_by: str | None = None  # ... and the words that say who ("X")
    counts: bool = False  # "how many", "how much": a figure that is not a year or a date
    counted: str | None = None  # "how many firefighters": what is counted
    part_of: str | None = None  # "how many of the 184 transplants": the whole (a part is asked)
    lasting: bool = False  # "since when", "how long has": since when, or for how long
    asks_month: bool = False  # "what month", "which month": a month, not a year alone
    asks_year: bool = False  # "what year": a year, not "two days after" nor "since its launch"
    asks_body: bool = False  # "which company ...?": the name of a body the question does not give
    asks_money: bool = False  # "how much did it cost?": a sum of money
    # "who was minister before X?", "who replaced X?": someone the question does not name
    asks_successor: bool = False
    # what a question for a name asks to be named: "which two architects" ("architects"),
    # "the name of the ski instructor who died" ("instructor")
    named: str | None = None
    asks_cause: bool = False  # "what caused the fire?": a cause
    reacting: str | None = None  # "how did X react?": the words that say who (X)
    asks_outcome: bool = False  # "what did the court decide?", "has it ruled?": an outcome
    # "what did the audit find?", "how did the council vote?": the result of something done,
    # which a quote that has it still to come does not give
    asks_result: bool = False
    polar: bool = False  # a yes/no question: "has the factory reopened?"
    asks_if_said: bool = False  # ... whether someone said something: "did she comment?"
    asks_meaning: bool = False  # what someone meant: "what does 'reset and hope' mean?"
    # the figures it gives ("in 2021", "a 36 hour shift"), as digits: not one the asker guesses
    # ("like 11?"), nor 1 (as often "a", "single" or "first")
    figures: tuple[str, ...] = ()
    months: tuple[str, ...] = ()  # the months it gives as dates: "in august"
    asks_future: bool = False  # "will the plant reopen?", "what is she going to do?"
    # the event asked about: counted ("how many protesters were arrested?": "arrested") or
    # dated ("when was the association founded?": "founded")
    event: str | None = None
    small_talk: bool = False

    @property
    def weights(self) -> dict[str, float]:
        out: dict[str, float] = {}
        for word in self.words:
            scale = CONTEXT_WEIGHT if word.context else 1.0
            for term, weight in word.terms.items():
                out[term] = max(out.get(term, 0.0), weight * scale)
        return out

    @property
    def own_words(self) -> list[QueryWord]:
        return [w for w in self.words if not w.context]

    @property
    def own_by_surface(self) -> dict[str, QueryWord]:
        """The question's own words, by the word as typed (corrected)."""
        return {w.surface: w for w in self.own_words}

    @property
    def size_words(self) -> list[QueryWord]:
        """A count of people that asks a size, its words that say so: "live" in "how many
        people live in Koranz?", "sit" in "... sit on the board?", "population" in "what's
        the population of Oudhaven?"; empty for any other
        question (and for a count of an event: "how many people were arrested?")."""
        if self.event:
            return []
        population = self.own_by_surface.get("population")
        if population is not None and self.expects == "number":
            return [population]  # "what's the population of Oudhaven?"
        counted = self.own_by_surface.get(self.counted or "")
        if counted is None or counted.surface not in _PERSONS:
            return []
        return [w for w in self.own_words if w.surface in _SIZE_WORDS]

    @property
    def done_by(self) -> QueryWord | None:
        """"Who <did> X?" or "which body <did> X?": the word for what was done, whose doer
        is asked ("drew" in "who drew the Durand Line?", "built" in "which company built the
        road?"); None for "who is X?", "who said ...?" and any other question."""
        lower = self.text.lower()
        body = _WHICH_BODY_Q.search(lower) if self.asks_body else None
        if body is not None:  # "which company built the road?"
            after = words(lower[body.end():])[:3]
        elif self.expects != "person" or self.asks_who_is or self.asks_speaker:
            return None
        elif (found := _DONE_BY_Q.search(lower)) is not None:
            after = words(found.group(1))
        else:
            return None
        done = next((w for w in after if w not in HEDGES), "")
        return None if _AUXILIARY.fullmatch(done) else self.own_by_surface.get(done)

    @property
    def entities(self) -> set[str]:
        return {t[len(ENTITY_PREFIX):] for w in self.own_words for t in w.terms
                if t.startswith(ENTITY_PREFIX)}

    @property
    def corrections(self) -> dict[str, str]:
        return {typed: fixed for w in self.words if not w.context for typed, fixed in w.fixes.items()}


# first letters that sound alike: a name heard, then typed ("Corvath" for "Korvath")
_SOUNDS_ALIKE = {"c": "k", "k": "c"}
# a word as it sounds, for a misspelling two letters off a word written the same way to the
# ear ("lisense": "licence", "comitee": "committee", "fotograf": "photograph")
_SOUND_SPELLINGS = ((re.compile(r"ph"), "f"), (re.compile(r"ck|q"), "k"),
                    (re.compile(r"c(?=[eiy])"), "s"), (re.compile(r"c"), "k"),
                    (re.compile(r"z"), "s"), (re.compile(r"y"), "i"),
                    (re.compile(r"(\w)\1+"), r"\1"))


# the letters a word may begin with, written, for the first letter of its sound
_WRITTEN_AS = {"f": "fp", "k": "kcq", "s": "scz", "i": "iy"}


def sound_key(word: str) -> str:
    for pattern, written in _SOUND_SPELLINGS:
        word = pattern.sub(written, word)
    return word


_WH = re.compile(r"\b(?:what|whats|how|who|whom|whose|why|where|which|when)\b")


def _subordinate(date: re.Match[str], lower: str) -> bool:
    """A "when" after another question word opens a clause, not the question: "what did
    she say when he resigned?" asks what was said."""
    first = _WH.search(lower)
    return date.group() == "when" and first is not None and first.start() < date.start()


class Analyser:
    """Analyses questions against one knowledge base snapshot."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.tokenizer = kb.tokenizer
        self.max_idf = kb.index.max_idf()
        self.common_words = kb.vectors.model.encoder.vocabulary if kb.vectors else frozenset()
        self.rare_words = kb.vectors.model.encoder.rare_words if kb.vectors else frozenset()
        self._buckets = _by_first_letter(kb.vocabulary)  # words a misspelling may stand for
        self._stop_buckets = _by_first_letter(self.tokenizer.stop_words | HEDGES)  # "actualy"
        self._sounds: dict[str, dict[str, list[str]]] = {}  # (see ``_sounding``)
        self._pasts = {self.tokenizer.stem(base): self.tokenizer.stem(past)  # stems, once
                       for base, past in AMBIGUOUS_PAST.items()}
        self._topic_of: dict[str, list[str]] = {}
        for topic, stems in kb.glossary.topic_stems(self.tokenizer).items():
            for stem in stems:
                self._topic_of.setdefault(stem, []).append(topic)
        # synonym phrase (its terms, space-joined) -> terms of the other phrases of its group
        self._synonyms: dict[str, set[str]] = {}
        for group in kb.glossary.synonyms:
            keys = [tuple(self.tokenizer.terms(p)) for p in group]
            for key in keys:
                if key:
                    others = {t for k in keys if k != key for t in k}
                    self._synonyms.setdefault(" ".join(key), set()).update(others)

    # --- pieces ---------------------------------------------------------------
    def correct(self, word: str, after_name: bool = False) -> str | None:
        """The knowledge base's closest word to an unknown ``word``, or None. A name may be
        further off than a word of English: one edit more from a word of six to eight
        letters that is not common English ("feldmen": "Feldmann"), its first letter written
        as it sounds ("corvath": "Korvath"); and a rare English word of four or five letters
        may be a misspelt one ("lena": "Lenna", "tomas": "Tomasz"). A word written as it
        sounds may be one edit further still ("lisense": "licence", "fysical": "physical").
        ``after_name``: the word follows a name the articles hold ("agneta solo"), and may be
        a misspelt name though it is a word of English ("Agneta Sollo")."""
        if not word.isalpha() or len(word) < 4:
            return None
        english = word in self.common_words and word not in self.rare_words
        short = len(word) <= 5
        if short and english and not after_name:
            return None  # a real word, only not in the articles
        # "lena": to a name, never a word; and a word after a name, to a name
        names_only = (short and word in self.rare_words) or (after_name and english)
        limit = 1 if len(word) <= 8 else 2
        name_limit = limit + 1 if 6 <= len(word) <= 8 and not english else limit
        found = [(c, d, True) for c, d, _ in extract(
            word, self._buckets.get(word[0], ()), scorer=DamerauLevenshtein.distance,
            score_cutoff=name_limit, limit=None)]
        if (sounds := _SOUNDS_ALIKE.get(word[0])) is not None:
            found += [(c, d, False) for c, d, _ in extract(
                word, self._buckets.get(sounds, ()),
                scorer=DamerauLevenshtein.distance, score_cutoff=limit, limit=None)]
        # a name only, past a word's limit, with its first letter changed, or for a rare word
        found = [(c, d) for c, d, same in found if c not in self.common_words
                 or (same and d <= limit and not names_only)]
        if not found and not names_only:  # one written as it sounds: "lisense", "comitee"
            heard = sound_key(word)
            found = [(c, 0) for c in self._sounding(heard[0]).get(heard, ())
                     if DamerauLevenshtein.distance(word, c) <= limit + 1]
        if not found:
            return None
        # of the closest, a name before a common word ("laner": "Lanner", not "lane"), then
        # in alphabetical order: the same answer in every process, whatever the set's order
        closest = min(distance for _, distance in found)
        best = min((c for c, distance in found if distance == closest),
                   key=lambda c: (c in self.common_words, c))
        if len(word) == 4 and best in self.common_words:
            return None  # four letters: names only ("Ilsa" for "Ilse"), too close to too much else
        return best

    def _sounding(self, first: str) -> dict[str, list[str]]:
        """The knowledge base's words whose sound (``sound_key``) begins with ``first``, by
        their sound: made the first time a misspelling sounds that way, from the words that
        begin with a letter that can ("k": "k", "c", "q")."""
        if first not in self._sounds:
            sounds: dict[str, list[str]] = {}
            for letter in _WRITTEN_AS.get(first, first):
                for candidate in self._buckets.get(letter, ()):
                    sounds.setdefault(sound_key(candidate), []).append(candidate)
            self._sounds[first] = sounds
        return self._sounds[first]

    def _misspelt_stop_word(self, word: str) -> bool:
        if not word.isalpha() or len(word) < 5 or word in self.common_words:
            return False  # a real word ("think" is not a misspelt "thing")
        return extractOne(word, self._stop_buckets.get(word[0], ()),
                          scorer=DamerauLevenshtein.distance, score_cutoff=1) is not None

    def _known(self, term: str) -> bool:
        return term in self.kb.index

    def _word(self, surface: str) -> QueryWord:
        word = QueryWord(surface, {t: 1.0 for t in self.tokenizer.word_terms(surface)})
        # "9" finds "nine" too ("\u24f6" is a digit to str.isdigit, but no number)
        if surface.isascii() and surface.isdigit() and (name := spelled(int(surface))):
            word.terms.setdefault(self.tokenizer.stem(joined(name)), 1.0)
        if (said := other_word(surface)) is not None:  # "truck" finds "lorry" too
            for term in self.tokenizer.word_terms(said):
                if self._known(term):
                    word.terms.setdefault(term, SYNONYM_WEIGHT)
        if word.terms and not any(self._known(t) for t in word.terms):
            head = _COMPOUND_PERSON.sub("", surface)  # "policemen": the police
            if len(head) >= 4 and head != surface and self._known(self.tokenizer.stem(head)):
                word.terms = {self.tokenizer.stem(head): COMPOUND_WEIGHT}
                return word
            spelt = next((s for s in other_spellings(surface)
                          if any(self._known(t) for t in self.tokenizer.word_terms(s))), None)
            if spelt:  # "defense" of articles that write "defence": the same word
                self._fix(word, spelt, weight=1.0)
                return word
            fixed = self.correct(surface)
            if fixed is None and self._misspelt_stop_word(surface):
                word.terms = {}  # "happend", "becuase": a word that asks nothing, misspelt
                return word
            if fixed and fixed != surface:
                self._fix(word, fixed)
        for base, past in self._pasts.items():  # "leave" finds "left" too
            if base in word.terms:
                word.terms.setdefault(past, PAST_WEIGHT)
        for form in self._name_forms(word.correction or surface):
            for term in self.tokenizer.word_terms(form):
                word.terms.setdefault(term, NAME_FORM_WEIGHT)
        return word

    def _fix(self, word: QueryWord, fixed: str, weight: float = CORRECTION_WEIGHT) -> None:
        word.correction = fixed
        word.fixes[word.surface] = fixed
        word.terms = dict.fromkeys(self.tokenizer.word_terms(fixed), weight)

    def _names_after_names(self, out: list[QueryWord]) -> None:
        """A word after a name the articles hold, read as the name it misspells. A word of
        English the articles lack is the closest name, when there is one ("agneta solo" is
        Agneta Sollo); and any word the articles lack, even of three letters, is the name they
        write after that one when it is one or two letters off, before a correction to a
        name written elsewhere: "hedda moro" is Hedda Morrow, "tomas vel" Tomas Vell, "anton
        keler vaz" Anton Keller Vasz."""
        for before, word in itertools.pairwise(out):
            if (word.correction is None and word.terms and before.surface.isalpha()
                    and not any(self._known(t) for t in word.terms)
                    and (before.correction or before.surface) not in self.common_words
                    and any(self._known(t) for t in before.terms)
                    and (fixed := self.correct(word.surface, after_name=True))):
                self._fix(word, fixed)
            typed = word.surface
            if not typed.isalpha() or len(typed) < 3 or any(
                    self._known(t) for t in self.tokenizer.word_terms(typed)):
                continue
            name = before.correction or before.surface
            if not name.isalpha() or name in STOP_WORDS or not any(
                    self._known(t) for t in self.tokenizer.word_terms(name)):
                continue
            limit = 1 if len(typed) <= 3 else 2
            found = [(DamerauLevenshtein.distance(typed, plain(after.lower())), after.lower())
                     for after in self._written_after(name)]
            found = [(d, after) for d, after in found if d <= limit and after[0] == typed[0]]
            if found and word.correction not in {after for _, after in found}:
                self._fix(word, min(found)[1])

    def _written_after(self, name: str) -> set[str]:
        """The capitalised words the articles write right after a name ("Keller" after
        "Anton", "Vasz" after "Keller" in "Anton Keller-Vasz"), in the passages that hold it
        best."""
        written = name[0].upper() + name[1:]
        after = re.compile(rf"\b{re.escape(written)}(?:\s+|-)([A-Z][\w\u2019']+)")  # "Keller-Vasz"
        weights = dict.fromkeys(self.tokenizer.word_terms(name), 1.0)
        return {m.group(1) for row, _ in self.kb.index.top(weights, SURNAME_PASSAGES)
                for m in after.finditer(self.kb.passages[int(self.kb.rows[row])].text)}

    def _name_forms(self, surface: str) -> list[str]:
        """The articles' words for a place and its people that differ from ``surface`` by
        an ending ("marvonian" for "marvonia", "zelterra" for "zelterran"). Names only: a
        pair of common English words ("media", "median") is left alone."""
        if not surface.isalpha() or len(surface) < 4:
            return []
        forms = [surface + e for e in _NAME_ENDINGS if e != "n" or surface[-1] in "aeiou"]
        forms += [surface[:-len(e)] for e in _NAME_ENDINGS
                  if surface.endswith(e) and len(surface) - len(e) >= 4
                  and (e != "n" or surface[-2] in "aeiou")]
        common = self.common_words
        return [f for f in forms if f in self.kb.vocabulary
                and not (f in common and surface in common)]

    def _add_synonyms(self, out: list[QueryWord]) -> None:
        keys = [" ".join(self.tokenizer.word_terms(w.correction or w.surface)) for w in out]
        for i in range(len(out)):
            for n in range(MAX_PHRASE, 0, -1):
                key = " ".join(k for k in keys[i:i + n] if k)
                if i + n > len(out) or not key or key not in self._synonyms:
                    continue
                for word in out[i:i + n]:
                    for term in self._synonyms[key]:
                        word.terms.setdefault(term, SYNONYM_WEIGHT)
                break

    def _add_topics(self, out: list[QueryWord]) -> None:
        for word in out:
            for term in list(word.terms):
                for topic in self._topic_of.get(term, ()):
                    word.terms.setdefault(TOPIC_PREFIX + topic, TOPIC_WEIGHT)

    def _names(self, word: QueryWord) -> bool:
        """The word is a name or of one ("pakistani", "sorelian"): the glossary knows it, or
        it is no word of English and ends as the names of peoples do."""
        return word.in_glossary or (
            _OF_A_PEOPLE.search(word.surface) is not None and bool(self.common_words)
            and word.surface not in self.common_words)

    def _info(self, word: QueryWord) -> float:
        known = [self.kb.index.idf(t) * w for t, w in word.terms.items() if self._known(t)]
        word.known = bool(known)
        if known:
            info = max(known)
        elif any(c.isdigit() for c in word.surface):
            info = self.max_idf * UNKNOWN_NUMBER_INFO
        elif word.surface in self.common_words:
            info = self.max_idf * UNKNOWN_COMMON_INFO
        else:
            info = self.max_idf
        if word.surface in WEAK_WORDS:
            info *= WEAK_INFO
        return info

    # --- the whole question ---------------------------------------------------
    def analyse(self, question: str, context: str | None = None) -> Query:
        text = normalize(question).strip()
        query = Query(text)
        lower = text.lower()
        surfaces = words(text)
        if not surfaces or _only_small_talk(surfaces, text):
            query.small_talk = bool(surfaces)
            return query
        # what the question asks is read around the words it quotes, not in them: "who said
        # 'we are not the cause of this risk'?" asks for a speaker, not a cause
        asked = _without_quoted(text)
        asked_lower = asked.lower()
        if _NUMBER_Q.search(asked_lower):
            query.expects = "number"
            query.counts = bool(_COUNT_Q.search(asked_lower))
        elif (date := _DATE_Q.search(asked_lower)) and not _subordinate(date, asked_lower):
            query.expects = "date"
        elif _DEFINITION_Q.search(asked_lower):
            query.expects = "definition"
        elif _NAMING.search(asked_lower):
            query.expects = "name"
        elif _PERSON_Q.search(asked_lower):
            query.expects = "person"
        elif _REASON_Q.search(asked_lower):
            query.expects = "reason"
        query.lasting = bool(_SINCE_Q.search(asked_lower))
        query.asks_month = bool(_MONTH_Q.search(asked_lower))
        query.asks_year = bool(_YEAR_Q.search(asked_lower))
        query.asks_body = bool(_WHICH_BODY_Q.search(asked_lower) or _NAME_OF.search(asked_lower))
        query.asks_successor = bool(_PREDECESSOR_Q.search(asked_lower))
        query.named = self._named(asked_lower)
        query.asks_money = bool(_MONEY_Q.search(asked_lower))
        # (a named body is a datum too: "which company built the road?")
        query.asks_datum = (query.expects in DATUMS or query.asks_body
                            or any(m.group(1) not in _NOT_A_THING and not _PLURAL.search(m.group(1))
                                   for m in _WHAT_THING_Q.finditer(asked_lower)))
        query.counted = counted.group(1) if (counted := _HOW_MANY.search(asked_lower)) else None
        query.part_of = whole.group(1) if (whole := _PART_OF_Q.search(asked_lower)) else None
        query.asks_who_is = bool(_WHO_IS_Q.match(asked))
        query.asks_holder = bool(_WHO_HOLDS_Q.match(asked))
        leads = _WHO_LEADS_Q.match(asked)
        query.posts = _POSTS_OF[leads["verb"].lower()] if leads else ()
        query.asks_leader = query.asks_holder or bool(leads or _WHO_IS_POST_Q.match(asked))
        query.asks_speaker = bool(_SPEAKER_Q.search(asked))
        query.asks_cause = bool(_CAUSE_Q.search(asked_lower))
        query.asks_outcome = bool(_OUTCOME_Q.search(asked))
        query.asks_result = query.asks_outcome or bool(_RESULT_Q.search(asked))
        query.polar = bool(_POLAR_Q.match(asked_lower))
        query.asks_if_said = query.polar and bool(_IF_SAID_Q.search(asked_lower))
        query.asks_meaning = bool(_MEANING_Q.search(asked_lower))
        query.figures = tuple(
            figure for m in _GIVEN_FIGURE.finditer(lower)
            if (figure := m.group().replace(",", "")) != "1"
            and not _GUESSED_BEFORE.search(lower, 0, m.start())) + tuple(
            place for place in ordinals_before_words(lower) if place != "1")  # "second week"
        query.months = tuple(dict.fromkeys(next(g for g in m.groups() if g)
                                           for m in _GIVEN_MONTH.finditer(lower)))
        query.asks_future = bool(_FUTURE_Q.search(lower))
        event = _COUNTED_EVENT_Q.search(lower) or _DATED_PASSIVE_Q.search(lower)
        query.event = event.group(1) if event else self._dated_verb(lower)
        reacts = _REACT_Q.search(text)
        query.reacting = (reacts.group("who") or reacts.group("whose")) if reacts else None
        query.asks_said = bool(_SAID_Q.search(text))
        said = _SAID_BY.search(text) or _SAID_BY_PAST.search(text)
        query.said_by = said.group("who") if said else None
        query.focus = next((m.group(1) for m in (p.search(lower) for p in _FOCUS) if m), None)
        query.degree = _FOCUS[0].search(lower) is not None  # (then the focus is its word)
        if (surfaces and surfaces[-1] in _KEYWORD_KIND and not _QUESTION_START.search(lower)
                and not (len(surfaces) > 1 and surfaces[-2] in _TIME_QUALIFIERS)
                # (a post ends a sentence too: "he is family with the mayor")
                and not (_KEYWORD_KIND[surfaces[-1]] == "holder"
                         and (len(surfaces) > POST_KEYWORDS
                              or not _NOT_KEYWORDS.isdisjoint(surfaces)))):
            query.keyword_kind = (surfaces[-1], _KEYWORD_KIND[surfaces[-1]])
        query.words = self._words(_without_frames(text))
        named = _NAMED_THEN_COUNTED.search(lower)  # "how many [pakistani] soldiers": soldiers
        if named and named.group(1) == query.focus and any(
                w.surface == query.focus and self._names(w) for w in query.words):
            query.focus = named.group(2)
        if context:
            for word in self._words(normalize(context)):
                word.context = True
                query.words.append(word)
        for word in query.words:
            word.info = self._info(word)
        return query

    def _named(self, lower: str) -> str | None:
        """The word for what a question for a name asks to be named: the body of "which
        company", or the last English word of what follows "the name of" or "who was the"
        ("the name of the international convention velmora ratified": "convention")."""
        if body := _WHICH_BODY_Q.search(lower):
            return body.group("body") or body.group("kind")
        thing = _NAME_OF_THING.search(lower) or _WHO_IS_THE.search(lower)
        if not thing:
            return None
        english = [w for w in thing.group("thing").split()
                   if w in self.common_words and w not in _NOT_NAMED]
        return english[-1] if english else None

    def _dated_verb(self, lower: str) -> str | None:
        """The verb of "when did X <verb> ...?": the first word after its subject, a pronoun
        or a name ("adela rostrova", "marta kessel": words of no English, and a first name
        before one), or else the first word, after the subject's first, that a
        preposition, an article, a pronoun or nothing follows ("when did the border
        crossing reopen for lorries", "when did the fund spot the attackers"). Not a verb
        that says little alone ("go", "get"), nor one with a particle ("run out", "set up"):
        another verb may say the same ("expired")."""
        asked = _DATED_ACTIVE_Q.search(lower)
        if not asked:
            return None
        rest = [w for w in words(asked.group(1)) if w not in _ADVERBS and w not in HEDGES]
        if not rest:
            return None
        for k, word in enumerate(rest[:-1]):  # "start deporting", "begin to deport": the event
            if word in _ASPECTUAL:
                after = rest[k + 2] if rest[k + 1] == "to" and k + 2 < len(rest) else rest[k + 1]
                if after.endswith("ing") or rest[k + 1] == "to":
                    return after
        common = self.common_words
        at: int | None = 0
        if rest[0] in _SUBJECT_PRONOUNS:
            at = 1
        else:
            while at < len(rest) and (rest[at] not in common or (
                    at == 0 and len(rest) > 1 and rest[1] not in common)):
                at += 1
        if at == 0 or rest[0] in _DETERMINERS:
            start = 1 if rest[0] in _DETERMINERS else 0
            at = next((i for i in range(start + 1, len(rest)) if rest[i] not in _BOUNDARY and (
                i + 1 == len(rest) or rest[i + 1] in _BOUNDARY)), None)
        if at is None or at >= len(rest) or rest[at] in WEAK_WORDS or (
                at + 1 < len(rest) and rest[at + 1] in _PARTICLES) or (
                at + 2 == len(rest) and rest[at + 1] in _END_PARTICLES):  # "kick in"
            return None
        return rest[at]

    def _futures(self, originals: list[str]) -> set[int]:
        """Where "going" only says what is to come: "is she going to resign?" asks whether she
        will, not where she goes ("going to court", "going to Velmaria")."""
        lower = [w.lower() for w in originals]
        return {i for i, w in enumerate(lower[:-2]) if w == "going" and lower[i + 1] == "to"
                and originals[i + 2].islower() and english_word(lower[i + 2], self.common_words)
                and lower[i + 2] not in _BOUNDARY and lower[i + 2] not in _PLACES_GONE_TO}

    def _words(self, text: str) -> list[QueryWord]:
        originals = words(text, lower=False)
        out = [self._word(s.lower()) for s in originals]
        futures = self._futures(originals)
        self._names_after_names(out)
        # entity aliases, matched on the corrected words, may span several words
        cased = [w.correction or original for w, original in zip(out, originals, strict=True)]
        part_owner = [i for i, w in enumerate(cased) for _ in parts(w)]
        merged_into: dict[int, int] = {}
        for mention in self.kb.glossary.mentions(" ".join(cased)):
            owners = sorted(set(part_owner[mention.start:mention.end]))
            for i in owners:
                out[i].terms[ENTITY_PREFIX + mention.entity] = ENTITY_WEIGHT
            for i in owners[1:]:  # a name of several words is one piece of information
                merged_into[i] = owners[0]
        self._add_synonyms(out)
        self._add_topics(out)
        for i, head in merged_into.items():
            out[head].surface += " " + out[i].surface
            out[head].fixes.update(out[i].fixes)
            for term, weight in out[i].terms.items():
                out[head].terms[term] = max(weight, out[head].terms.get(term, 0.0))
        for head in set(merged_into.values()):  # one word of a name is not the name
            word = out[head]
            word.terms = {t: (w if t.startswith(ENTITY_PREFIX) else min(w, PART_OF_NAME_WEIGHT))
                          for t, w in word.terms.items()}
        out = [w for i, w in enumerate(out) if i not in merged_into and i not in futures]
        return [w for w in out if w.terms and w.surface not in HEDGES and (
            self.tokenizer.is_content_word(w.surface)
            or w.in_glossary)]


def _by_first_letter(vocabulary: Iterable[str]) -> dict[str, list[str]]:
    """Words of four letters or more, by their first letter (a correction keeps it), without
    their accents ("halas" is one letter from "Halász")."""
    buckets: dict[str, set[str]] = {}
    for word in vocabulary:
        if word.isalpha() and len(word) >= 4:
            bare = plain(word)
            buckets.setdefault(bare[0], set()).add(bare)
    return {letter: sorted(found) for letter, found in buckets.items()}


def _without_frames(text: str) -> str:
    """The question without the words of its frame ("stand for", "what is it called")."""
    text = _FRAMES.sub(" ", text)
    naming = _NAMING.search(text)
    return text[:naming.start(1)] + text[naming.end(1):] if naming else text


_QUESTION_START = re.compile(
    rf"^(?:{QUESTION_WORDS}|{AUXILIARIES}|tell me|explain|"
    r"describe|define|list|name|compare)\b", re.IGNORECASE)


_HYPHENATED = re.compile(r"[^\W_]+(?:-[^\W_]+)+")


def _only_small_talk(surfaces: list[str], text: str) -> bool:
    """Every word is small talk, and no word of several joined by hyphens is something else
    ("what is IS-K?" is not "what is is k"); after thanks, what the answer was to the asker
    too ("thanks, that helped a lot", "cheers, that's all i needed")."""
    chat = SMALL_TALK | THANKED if THANKS.intersection(surfaces) else SMALL_TALK
    return bool(surfaces) and all(w in chat or not w.isalnum() for w in surfaces) and all(
        joined in chat for joined in _HYPHENATED.findall(text.lower()))


def is_small_talk(message: str) -> bool:
    """Greetings, thanks, "how's everyone doing today?": a chat message that asks the
    articles nothing."""
    cleaned = clean(message)
    return not cleaned.foreign and _only_small_talk(words(cleaned.text), cleaned.text)


def looks_like_question(text: str) -> bool:
    """A message that asks something: it ends with a question mark or opens as a question."""
    text = normalize(text).strip()
    return text.endswith("?") or bool(_QUESTION_START.match(text))
