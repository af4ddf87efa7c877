"""Questions as people type them: general English and chat habits, in one place.

``clean`` turns a chat message into the question the engine reads:

- filler and frames around the question go ("hey so i was reading about X,
  can someone explain why ...", "my uncle says ..., is that true?"), and a
  message of several sentences keeps those that ask or claim something;
- chat spellings and common abbreviations are written out (govt, pm, fm,
  wat, abt, sept ...), from tables of general English, never of one article;
- numbers written as words become digits ("fifty four" -> "54");
- a message asking two things is split into its parts ("who was X and what
  did he say"), each answered on its own;
- a message that is not in English is recognised, so the bot can say that
  the articles are in English.

Domain names and their spellings (TTP, KP, Pak ...) are not here: they are
the glossary's aliases.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from bot.kb.phrasal import in_plain_verbs
from bot.kb.text import MONTHS, STOP_WORDS, WEAK_WORDS, normalize

# --- chat spellings and abbreviations (general English) ------------------------
ABBREVIATIONS = {
    "govt": "government", "govts": "governments", "gov": "government", "gvt": "government",
    "pm": "prime minister", "dg": "director general",
    "mil": "military", "intl": "international", "natl": "national", "dept": "department",
    "pres": "president", "prez": "president", "min": "minister", "doc": "doctor", "uni": "university",
    "prof": "professor", "anon": "anonymous", "dep": "deputy", "edu": "education",
    "hr": "hour", "veg": "vegetables", "mgmt": "management", "info": "information",
    "org": "organisation", "parl": "parliament", "fin": "finance", "intel": "intelligence",
    "hosp": "hospital", "reps": "representatives",
    "orgs": "organisations", "approx": "approximately", "esp": "especially",
    "wat": "what", "wut": "what", "wht": "what", "whats": "what is", "wats": "what is",
    "whos": "who is", "wheres": "where is", "whens": "when is", "hows": "how is",
    # question words as fingers slip: "wher", "waht", "teh"
    "wher": "where", "whre": "where", "wehre": "where", "waht": "what", "whta": "what",
    "hwat": "what", "whn": "when", "teh": "the", "hte": "the",
    "abt": "about", "abut": "about", "bc": "because", "bcz": "because", "cuz": "because",
    "coz": "because", "cos": "because", "becuz": "because", "thru": "through", "tho": "though",
    "b/w": "between", "btwn": "between", "w/": "with", "w/o": "without", "wrt": "about",
    "u": "you", "ur": "your", "r": "are", "y": "why", "pls": "please", "plz": "please",
    "ppl": "people", "smth": "something", "sth": "something", "bcoz": "because",
    "acc": "according", "acc.": "according", "abt.": "about", "yrs": "years", "yr": "year",
    "mins": "minutes", "hrs": "hours", "wks": "weeks", "mths": "months", "mo": "months",
    "mn": "million", "bn": "billion", "rn": "now", "atm": "now", "fams": "families",
    "fam": "family", "hav": "have", "bout": "about", "cud": "could", "shud": "should",
    "b4": "before", "svc": "service", "svcs": "services", "tmr": "tomorrow", "2day": "today",
    "2nite": "tonight", "tonite": "tonight", "stats": "statistics", "msg": "message",
    "rly": "really", "probs": "probably",
    "wud": "would", "thx": "thanks", "tmrw": "tomorrow", "yday": "yesterday", "ppls": "people",
    "vs": "against", "gonna": "going to", "wanna": "want to", "dunno": "do not know",
    "didnt": "did not", "doesnt": "does not", "dont": "do not", "isnt": "is not",
    "wasnt": "was not", "werent": "were not", "arent": "are not", "cant": "cannot",
    "wont": "will not", "hasnt": "has not", "havent": "have not", "wouldnt": "would not",
    "shouldnt": "should not", "couldnt": "could not", "im": "i am", "ive": "i have",
    "jan": "january", "feb": "february", "mar": "march", "apr": "april", "jun": "june",
    "jul": "july", "aug": "august", "sep": "september", "sept": "september",
    "oct": "october", "nov": "november", "dec": "december",
    "un": "United Nations", "uk": "United Kingdom", "eu": "European Union",
    "mgr": "manager", "corp": "corporation", "assoc": "association", "admin": "administration",
    "regs": "regulations", "vp": "vice president", "cfo": "chief financial officer",
    "hq": "headquarters", "avg": "average", "wk": "week", "spox": "spokesperson",
    "meds": "medicines", "vax": "vaccine", "pharma": "pharmaceutical", "biz": "business",
    "infra": "infrastructure", "est": "estimated", "pct": "percent", "amt": "amount",
    "qty": "quantity", "num": "number", "nums": "numbers", "bday": "birthday",
    "cmte": "committee", "exec": "executive", "execs": "executives", "dir": "director",
    "sen": "senator", "rep": "representative", "cops": "police", "cop": "police officer",
    "co": "company", "depts": "departments", "unis": "universities", "profs": "professors",
    "hosps": "hospitals", "env": "environment", "transpo": "transport", "rd": "road",
    "ave": "avenue", "sq": "square", "ft": "feet", "lbs": "pounds",
    "heli": "helicopter", "helis": "helicopters", "req": "request", "reqs": "requests",
    "compo": "compensation", "bldg": "building", "bldgs": "buildings", "vols": "volunteers",
    # family words as people say them, as articles write them
    "mum": "mother", "mom": "mother", "mommy": "mother", "mummy": "mother", "dad": "father",
    "daddy": "father", "kids": "children", "kid": "child", "grandma": "grandmother",
    "grandpa": "grandfather", "hubby": "husband",
}
# written in capitals, an abbreviation; in lower case, an English word
CAPITAL_ABBREVIATIONS = {"US": "United States", "USA": "United States", "UN": "United Nations",
                         "PM": "prime minister"}
# an abbreviation with several common readings: the first the articles use, else the first
READINGS = {"fm": ("foreign minister", "finance minister"), "ceo": ("ceo", "chief executive"),
            "econ": ("economy", "economic", "economics"),
            "docs": ("doctors", "documents"),
            "ag": ("agriculture", "agricultural", "attorney general"),
            "fed": ("federal", "federation"), "elec": ("electricity", "election", "electric"),
            "comm": ("commission", "committee", "communications"),
            "temp": ("temperature", "temporary", "temperatures"),
            "km": ("km", "kilometres", "kilometers"), "kms": ("km", "kilometres", "kilometers"),
            "kg": ("kg", "kilograms", "kilogrammes"), "kgs": ("kg", "kilograms", "kilogrammes"),
            "mw": ("mw", "megawatts"), "gw": ("gw", "gigawatts"), "kw": ("kw", "kilowatts"),
            "mwh": ("mwh", "megawatt hours"), "gwh": ("gwh", "gigawatt hours"),
            "kwh": ("kwh", "kilowatt hours"), "mph": ("mph", "miles per hour"),
            "kmh": ("km/h", "kilometres per hour"), "kph": ("km/h", "kilometres per hour")}

# --- numbers as words ----------------------------------------------------------
_UNITS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen".split())}
_TENS = {w: 10 * (i + 2) for i, w in enumerate(
    "twenty thirty forty fifty sixty seventy eighty ninety".split())}
_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000}
NUMBER_NAME = "(?:" + "|".join(sorted([*_UNITS, *_TENS, *_SCALES], key=len, reverse=True)) + ")"
_NUMBER_WORDS = re.compile(rf"\b(?:a\s+(?=hundred|thousand|million|billion))?{NUMBER_NAME}"
                           rf"(?:(?:[\s-]+|\s+and\s+){NUMBER_NAME})*\b", re.IGNORECASE)
_LARGE_SCALES = ("million", "billion")
# a day of the month in words: "march fourteenth", "the twenty eighth of may"
_ORDINALS = {w: i + 1 for i, w in enumerate(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth "
    "thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth".split())}
_ORDINALS.update({"twentieth": 20, "thirtieth": 30})
_MONTH_NAMES = "|".join(MONTHS)
_ORDINAL = (r"(?:(?:twenty|thirty)[\s-]+)?(?:" + "|".join(_ORDINALS) + r")")
_ORDINAL_FIGURE = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)\b", re.IGNORECASE)  # "3rd" -> "3"
# ("on march fourteenth", "the first of may"; not "you may first ask", "the first may be")
_DAY_OF_MONTH = re.compile(
    rf"\b(?:(?P<pre>(?:on|since|until|till|by|from|before|after|in|of|and)\s+)(?P<m1>{_MONTH_NAMES})"
    rf"\s+(?:the\s+)?(?P<d1>{_ORDINAL})|(?:the\s+)?(?P<d2>{_ORDINAL})\s+of\s+(?P<m2>{_MONTH_NAMES}))\b",
    re.IGNORECASE)
# how an asker marks a figure as a guess: words before it ("like 11?", "was it 22"), a bound
# ("over 200"), or words after it ("forty something", "40ish", "40 or so")
GUESS_LEADS = r"like|around|about|roughly|approx(?:imately)?|maybe|is it|was it"
GUESS_BOUNDS = r"over|under|nearly|almost|more than|less than|at least"
_ROUGHLY = r"(?:\s*-?\s*(?:something|ish|odd)|\s+or (?:so|something|whatever))"
# a figure the asker guesses, not one they ask about: "forty something", "40ish", "40 or so"
_GUESSED = rf"(?:\d+|{NUMBER_NAME}(?:[\s-]+{NUMBER_NAME})*)"  # a figure, or one in words
_GUESS = re.compile(rf",?\s*\b(?:like |around |about )?{_GUESSED}{_ROUGHLY}\b", re.IGNORECASE)
# a figure with its scale abbreviated: "2.3k", "96m", "12 mil" ("mil" alone is the military)
_SHORT_NUMBER = re.compile(r"\b(\d+(?:\.\d+)?)\s?(k|m|mn|mil|bn)\b", re.IGNORECASE)
_FIGURE = re.compile(r"\d[\d,]*(?:\.\d+)?")  # "4,117", "2.40"
SCALE_OF = {"thousand": 1e3, "million": 1e6, "billion": 1e9}
# a figure with its scale: "420 million"
_AMOUNT = re.compile(rf"(?<![\d.])({_FIGURE.pattern})(?:\s+({'|'.join(SCALE_OF)})\b)?",
                     re.IGNORECASE)
_PERCENT_AFTER = re.compile(r"\s?(?:%|per\s?cent\b|pc\b)", re.IGNORECASE)  # (after a figure)
_GUESSED_AMOUNT = re.compile(
    rf"\b(?:{GUESS_LEADS})\s+(?P<after>{_AMOUNT.pattern})\b"
    # ("over two thousand?", not "over fifteen years": a length of time)
    rf"|\b(?:{GUESS_BOUNDS})\s+(?P<bound>{_AMOUNT.pattern})\b"
    r"(?!\s+(?:years?|months?|weeks?|days?|hours?|minutes?|decades?)\b)"
    rf"|\b(?P<rough>{_AMOUNT.pattern}){_ROUGHLY}\b"
    rf"|,\s*(?P<alone>{_AMOUNT.pattern})\s*\?\s*$", re.IGNORECASE)
# a sentence that is only a guess, after the question it guesses at: "like 10 million?", "over
# 200?", "forty something?"
# ... and a guess that ends the question after a comma: "what was the budget, like 100
# million?", "how many seats, still around 1800?" (not in a "when" question, whose guessed
# year finds the date: "when did it open, around 2019?")
_TRAILING_GUESS = re.compile(
    rf",\s*(?:still\s+|probably\s+|so\s+)?(?:{GUESS_LEADS}|{GUESS_BOUNDS})\s+"
    rf"{_AMOUNT.pattern}(?:\s+[a-z]+){{0,2}}\W*$", re.IGNORECASE)
_ASKS_WHEN = re.compile(r"\W*(?:when|what (?:year|date|day|month|time))\b", re.IGNORECASE)
_GUESS_ALONE = re.compile(rf"^\W*(?:(?:{GUESS_LEADS}|{GUESS_BOUNDS})\s+)?{_GUESSED}"
                          rf"(?:\s+(?:{'|'.join(SCALE_OF)}))?(?:{_ROUGHLY})?\W*$", re.IGNORECASE)

# --- filler and frames ---------------------------------------------------------
_INTERJECTION = (r"(?:hey+|hi+|hiya|heya|hello+|yo+|aw+|ok(?:ay)?|so+|well|lol+|lmao+|rofl|"
                 r"haha+|um+|uh+|hm+|guys|folks|everyone|all|y'?all|"
                 r"(?:quick|random|dumb|stupid|silly) (?:question|q|thought|one)|random|question|q|"
                 r"pls|please|plz|"
                 r"bro|bruh|dude|man|mate|sorry|btw|also|and|but|like|right|anyway|oh|ah|wait|"
                 r"ngl|tbh|honestly|genuinely|seriously|real quick|ya|yeah|yes|no|hmm+|"
                 r"wow+|omg|damn|oof|ugh|yikes|wtf|jeez|geez|greetings|"
                 r"good (?:morning|afternoon|evening|night|day)|not (?:gonna|going to) lie|"
                 r"(?:morning|afternoon|evening)(?=\s*[,.!:;-])|"
                 r"welp|alright|aight|basically|realistically|maybe|sanity check|quick sanity check|"
                 r"(?:ok(?:ay)? )?last (?:question|q)(?: i promise)?|"
                 r"to be (?:honest|fair)|quick one|@?(?:cite)?bot(?=\s*[,:!]))")
_LEADING_FILLER = re.compile(rf"^(?:{_INTERJECTION}\b[\s,.!:;-]*)+", re.IGNORECASE)
_TRAILING_FILLER = re.compile(
    r"(?:[\s,;-]*(?:\b(?:lol+|lmao+|haha+|thanks|thank you|thx|ty|pls|please|plz|guys|bro|"
    r"(?:does )?anyone know|any idea|anyone|someone|or not|or what|or nah|or naw|or no|right|tho|"
    r"though|i guess|i think|idk|"
    r"rn|atm|fr|imo|tbh|ngl|true|correct|exactly|any thoughts|thoughts|"
    # a question tag: "..., didn't they?"
    r"(?:did|do|does|is|was|are|were|has|have|had|will|would|can|could) not "
    r"(?:they|he|she|it|we|you|there)|"
    # asking whether the articles cover it: "is there anything about that", "any numbers on it"
    r"is there anything(?: (?:about|on) (?:that|this|it))?|"
    r"any (?:numbers|figures|stats|statistics|info|information|details|data|sources?)"
    r"(?: (?:on|about|for) (?:that|this|it))?|about all (?:this|that)|"
    r"or (?:am i|is (?:that|he|she|it)|are they) (?:wrong|lying|making (?:it|that) up)|"
    r"or (?:is (?:that|it)|was (?:that|it)) (?:just )?(?:a )?(?:theory|rumou?r|myth|made up)|"
    r"help)\b|"
    r"[?!.]+))+\s*$",
    re.IGNORECASE)
_ASKER_HAS_BEEN = r"\b(?:i was|i've been|i have been|i am|i'm|been)"  # "i was reading ..."
_FRAMES = [re.compile(p, re.IGNORECASE) for p in (
    r"^(?:some ?one|any ?one|some ?body|any ?body)(?: (?:please |pls )?(?:explain|tell me|"
    r"help me))?(?= (?:the|this|that|what|why|how|who|when|where)\b)",
    # who is asking and why: "i was reading up on climate stuff and wondering", "i don't
    # really follow politics but"
    _ASKER_HAS_BEEN + r" (?:just )?(?:reading|looking|learning)"
    r"(?: up)? (?:about|on|into) [^,.?!]{1,50}? and (?:i'?m |i am |i was |was )?(?:just )?"
    r"(?:wondering|curious|thinking)(?: (?:about|if|whether))?\b",
    r"^(?:i|im|i'm) (?:do not|don't|dont) (?:really |much |even )?(?:follow|know (?:much|a lot) "
    r"about|keep up with) [^,.?!]{1,40}? but\b",
    rf"(?:{_ASKER_HAS_BEEN}|^was) (?:just )?(?:reading|looking|thinking|"
    r"wondering|curious|confused|hearing|learning)(?: (?:up )?(?:about|on|into|if|whether))?\b",
    r"\b(?:i (?:just )?(?:read|heard|saw)|someone(?: (?:in|on|from) (?:another|a|the|my|this|"
    r"some) \w+)? (?:said|told me|says)|people (?:say|are saying)"
    # (not "what did they say", which asks what they said)
    r"|(?<!did )(?<!do )(?<!does )(?<!will )(?<!would )they say|apparently|"
    r"i (?:keep )?hear(?:ing)?)(?: (?:somewhere|online|on (?:twitter|x|"
    r"reddit|the news)))?(?: (?:that|about))?\b",
    r"(?<!what does )(?<!what did )\bmy (?:\w+ ){0,2}(?:friend|uncle|aunt|dad|father|mom|mum|"
    r"mother|brother|sister|cousin|teacher|prof|professor|boss|colleague|roommate|mate|buddy|"
    r"grandpa|grandma|gran|granny|nan|nana|grandad|granddad|grandmother|grandfather|auntie|"
    r"son|daughter|kid|flatmate|housemate|coworker|co-worker|pal|neighbou?r|classmate|bf|gf|"
    r"partner|wife|husband|parent)s? (?:\w+ ){0,5}?(?:says?|"
    r"said|told (?:me|us)|tells (?:me|us)|keeps telling (?:me|us)|thinks?|claims?|reckons?|"
    r"insists?|swears?|was saying|keeps saying|"
    r"was telling (?:me|us)|mentioned|mentions|heard(?: about)?|(?:was |is |keeps )?asking(?: me)?|"
    r"asked(?: me)?|asks|wants to know|wanted to know|(?:was |is )?wondering)(?: that)?\b",
    # how to say it: "in simple words", "in a nutshell"
    r"\b(?:in (?:simple|plain|easy|layman'?s?) (?:words|terms|english|language)|in a nutshell|"
    r"in one (?:line|sentence))\b",
    # how the asker feels about it: "kinda sad but", "wow thats crazy,", "i feel bad for X,"
    r"^(?:(?:that'?s|this is|it'?s|its) )?(?:kinda |kind of |so |pretty |really |such a )?(?:sad|"
    r"crazy|wild|insane|nuts|scary|awful|terrible|messed up|interesting|weird|wow|damn|yikes|"
    r"oof|ugh|wtf|omg|rough|brutal|grim)(?: stuff)?(?: tbh| honestly| ngl)?(?: but\b|,|!+|\.+|$)",
    r"\b(?:i )?feel (?:so |really |kinda )?(?:bad|sorry) for\b",
    # asking for help
    r"\b(?:can|could|would|will) (?:some ?one|any ?one|some ?body|any ?body|you|u|y'?all|"
    r"someone here|anyone here) (?:please |pls |plz |pretty please )?(?:explain|tell(?: me| us)?|"
    r"help(?: me)?(?: understand)?|clarify|summari[sz]e|let me know|say|remind me|fill me in)"
    r"(?: (?:to )?(?:me|us))?(?: (?:about|on))?\b",
    r"\b(?:(?:does|do) (?:any ?one|any ?body|some ?one|you|u|y'?all)|(?:^|,\s*)(?:any ?one|any ?body))"
    r" (?:here )?(?:know|knows|remember|have any idea)(?: (?:about|of))?\b",
    r",?\s*\b(?:(?:does )?(?:any ?one|any ?body) know )?(?:if|whether) (?:that'?s|thats|this is|"
    r"it'?s|its|that is) (?:legit|true|right|correct|real|a thing|the case)$",
    r"^(?:i'?m |im )?(?:kinda |kind of |a bit |so |totally |really )?(?:lost|confused) here\b",
    r"\b(?:i (?:don't|do not|dont|didn't|did not) (?:get|understand|know)|i'?m not sure|idk|"
    r"i wonder|wondering|just curious|curious)(?: (?:about|of))?\b",
    # (not "how did he explain the delay": "explain" alone only as the message's first word)
    r"\b(?:help me understand|eli5|tl;?dr|explain (?:to me )?like (?:i'?m|i am) (?:five|5)|"
    r"explain to me)\b|^(?:pls |please )?explain\b",
    r"\b(?:can|could|would) (?:you|u|some ?one|any ?one|some ?body|any ?body) (?:please |pls )?"
    r"(?:break down|give me (?:a |the )?(?:quick |short |brief )?(?:summary|rundown|overview) "
    r"of|sum up)\b",
    r"^(?:does )?(?:any ?one|any ?body) (?:got|have|has) (?:the )?(?=(?:number|figure|date|name)s? "
    r"of\b)",
    # what the asker says of their question: "what i am asking is", "sorry if this was asked"
    r"\b(?:so )?(?:what i(?: am|'m) (?:asking|trying to (?:ask|say)) is|my question is)\b",
    r"\b(?:sorry )?if (?:this|it) (?:was|has been|got) asked (?:already|before)(?: but)?\b",
    r"\b(?:sorry )?if (?:(?:this|it|that)(?: is|'s| was)? )?(?:a |an )?(?:dumb|stupid|silly|obvious|"
    r"basic|naive)(?: (?:q|question))?(?:,? but)?\b",
    # what the asker missed, and what others talk of: "i missed most of this", "the 2017 thing
    # people keep bringing up"
    r"\bi (?:missed|have not been following|haven't been following|havent been following|"
    r"wasn't following|was not following|lost track of)(?: (?:most|all|some|half|a lot) of)? "
    r"(?:this|that|it|the (?:story|news|thread|whole thing))\b",
    r"\b(?:that |which )?(?:people|everyone|everybody|folks|they) (?:keep|keeps|are|is|have been|"
    r"has been|were|was) (?:bringing up|talking about|mentioning|going on about|on about)(?: here)?"
    r"(?=\W*$)",
    r"\b(?:i'?ve |i have )?been following (?:this|the story|it)(?: for (?:\w+ ){0,2}?\w+)?"
    r"(?: and)?\b",
    r"\b(?:i|still) (?:do not|don't|dont) (?:get|understand)\b",
    r"\b(?:my \w+ wants (?:me|us) to|i (?:need|have|want) to|we (?:need|have) to) "
    r"(?:find out|know|figure out)\b",
    r"\b(?:is|was) it (?:true|right|correct|the case) that\b",
    # checking a claim against the article
    r"\bwhat (?:does|do) the (?:article|text|piece|story|report|articles) say(?: about)?\b",
    r"\b(?:is|was) (?:that|this|it|s?he) (?:actually |really |even |honestly |legit )?(?:true|"
    r"right|correct|accurate|so|real|for real|a fact|legit|a thing|what the (?:article|text|"
    r"piece|story|report) says)\b"
    # ... and what the asker suspects instead: "or is he making stuff up", "or just union talk"
    r"(?: or (?:is (?:he|she|it|that|this|they) |are they |was (?:he|she|it) |just |is it just )?"
    r"(?:\w+ ){0,3}?(?:making (?:stuff|it|this|that|things|shit) up|lying|exaggerating|kidding|"
    r"joking|trolling|wrong|talk|a myth|a rumou?r|rumou?rs|fake(?: news)?|made up|bs|nonsense|"
    r"propaganda|hype|spin)(?: again)?\b)?",
    r"\b(?:does|did|would) the (?:article|text|piece|story|report|source|writer|author) (?:say|"
    r"mention|talk about|back (?:that|this) up|confirm|support|agree)(?: (?:with )?(?:that|this|"
    r"it|anything(?: about)?))?\b",
    r"\b(?:according to|in|from) the (?:article|text|piece|story|report|articles|sources?)\b",
    # the source itself: "what the writer thinks X", "the Y the article talks about"
    r"\b(?:the|this|that) (?:article|articles|writer|author|piece|text|journalist|reporter|"
    r"story|report)(?:'s)? (?:talks? about|says?|said|thinks?|argues?|mentions?|claims?|"
    r"writes?|wrote|believes?|describes?|calls?|means?|refers? to)\b",
)]
# "what's the deal with X", "what's up with X": what about X
_WHAT_ABOUT = re.compile(r"\bwhat(?: is|'s|s)? (?:the (?:deal|story|situation|sitch|lowdown|tea|"
                         r"craic|score) (?:with|on|behind|about|between)|up with|going on with|"
                         r"happening with)\b", re.IGNORECASE)
# "kakar who?", "sanaa alimia who": who is Kakar (a name of a word or a few, then "who")
_NAME_THEN_WHO = re.compile(r"^\W*(?!(?:who|whos|what|whats|when|where|why|how|which|is|are|was|"
                            r"were|did|does|do|and|but|so|the|a|an)\b)([^\W\d_][\w'-]*"
                            r"(?: [^\W\d_][\w'-]*){0,3}) who\W*$", re.IGNORECASE)
# a question about the articles themselves: who wrote them, when, where the bot's quotes come
# from ("who wrote this article?", "what are your sources?"), not about what they say
_SOURCE = r"(?:article|articles|piece|pieces|story|stories|source|sources)"
_ABOUT_SOURCES = re.compile(
    r"\b(?:who|which (?:journalist|reporter|author|writer|paper|publication|outlet))\s+"
    r"(?:wrote|writes|authored|published|publishes)\s+(?:(?:this|that|the|these|those|your|ur)\s+)?"
    rf"{_SOURCE}\W*$"
    # ("who wrote that?" alone: in a longer question "that" is something the articles quote)
    r"|^\W*who (?:wrote|authored|published) (?:it|this|that)\W*$"
    r"|^\W*where(?:'s|s| is| was| does| did) (?:this|that) (?:come )?from\W*$"
    r"|^\W*when (?:was|were) (?:it|this|that) (?:written|published|posted)\W*$"
    r"|^\W*when(?:'s|s| is| was) (?:this|that) from\W*$"
    r"|\bwho(?:'s|s| is| was| are| were) the (?:author|writer|reporter|journalist)s?"
    rf"(?: of (?:this|that|the|these|your|ur) {_SOURCE})?\W*$"
    rf"|\bwhen (?:was|were) (?:this|that|the|these|those|your|ur) {_SOURCE} "
    r"(?:written|published|posted)\b"
    r"|\bwhere (?:do|does) (?:you|u|this|the bot|citebot) get (?:its|your|ur|this|the|that) "
    r"(?:info|information|answers|facts|quotes)\b",
    re.IGNORECASE)


# a reply that only doubts what was answered ("is that true?", "really?"): of a follow-up,
# the earlier question asked again
_ONLY_DOUBTS = re.compile(r"^\W*(?:(?:is|was) (?:that|this|it) (?:really )?(?:true|right|correct|"
                          r"so|accurate|a fact)|really|for real|are you sure|(?:you )?sure)\W*$",
                          re.IGNORECASE)


def only_doubts(text: str) -> bool:
    return _ONLY_DOUBTS.match(text) is not None


# a reply that only asks for more on what was answered ("tell me more", "anything else?", "can
# you elaborate?"): the earlier question's further excerpts, not a search for "tell"
_THAT = r"(?:it|that|this|them|him|her|those)"
_MORE_OF = (r"more(?: (?:info|information|details?|quotes?|excerpts?|passages?|context))?"
            rf"(?: (?:about|on|of) {_THAT})?")
# "please can you ...", "... pls": the frame of a request to the bot, whatever it asks
_PLEASE = r"^\W*(?:(?:please|pls|plz) )?(?:(?:can|could|would) (?:you|u) (?:please |pls )?)?(?:"
_PLEASE_END = r")(?: (?:please|pls|plz))?\W*$"
_ASKS_FOR_MORE = re.compile(
    _PLEASE +
    rf"(?:tell|show|give|send) (?:me|us) (?:some |a (?:bit|little) |any )?{_MORE_OF}"
    rf"|(?:any|some)(?:thing)? ?{_MORE_OF}"
    rf"|(?:say |go )?{_MORE_OF}"
    r"|(?:anything|what) else(?: (?:is there|do(?:es)? (?:it|they|the articles?) say))?"
    rf"|go on|keep going|continue|elaborate(?: on {_THAT})?|expand on {_THAT}"
    + _PLEASE_END, re.IGNORECASE)


# a request for what the articles are about as a whole ("tldr?", "summarize the article", "what
# is this article about?"): their own summaries, not a search for "summarize"
_OF_THEM = rf"(?:it|this|that|(?:the|this|that|these|those|your|ur) {_SOURCE})"
_GIST = r"(?:summary|summaries|gist|tl;? ?dr|overview|rundown|recap)"
_ASKS_FOR_SUMMARY = re.compile(
    _PLEASE +
    rf"(?:summari[sz]e|sum up|recap)(?: {_OF_THEM})?|sum {_OF_THEM} up"
    rf"|(?:give|show|tell|send) (?:me|us) (?:a |an |the )?(?:quick |short |brief )?{_GIST}"
    rf"(?: of {_OF_THEM})?"
    rf"|(?:(?:what|wat|wht)(?:'s| is|s) )?(?:an? |the )?(?:quick |short |brief )?{_GIST}"
    rf"(?: of {_OF_THEM})?"
    rf"|(?:what|wat|wht)(?:'s| is|s| are| r)? (?:this|that|the|these|those|your|ur) {_SOURCE} "
    r"(?:about|on)"
    rf"|what (?:do|does) (?:this|that|the|these|those|your|ur) {_SOURCE} say"
    + _PLEASE_END, re.IGNORECASE)


# a question to the bot about itself ("what can you do?", "are you a bot?", "help"): what it
# does and how to ask it, not a search of the articles
_YOU = r"(?:you|u|ya|this bot|the bot|citebot|this thing)"
_ABOUT_BOT = re.compile(
    r"^\W*(?:"
    rf"(?:what|wat) (?:can|do|could) {_YOU} (?:do|answer|help (?:me )?with|tell me)"
    rf"|(?:what|who) (?:are|r) {_YOU}|(?:what|wat)(?:'s| is|s) (?:this bot|citebot|this thing)"
    rf"|who (?:made|built|created|wrote|runs|owns) {_YOU}"
    rf"|(?:are|r) {_YOU} (?:a |an )?(?:bot|ai|robot|human|person|real|chatgpt|gpt)"
    rf"|how (?:do|does|can) (?:(?:i|we) (?:use|ask) (?:{_YOU}|this)|{_YOU} work|this work)"
    r"|(?:i )?(?:need )?help(?: me)?(?: pls| please)?|commands|how do i ask(?: (?:a|my) question)?"
    rf"|what (?:can|should|do) (?:i|we) ask(?: {_YOU})?"
    rf"|what (?:topics?|subjects?|things|stuff|articles|questions) (?:do|can) {_YOU} "
    r"(?:cover|know(?: about)?|answer|have)"
    rf"|what do {_YOU} know(?: about)?"
    r")\W*$", re.IGNORECASE)
# a reply that says the answer was wrong or no help ("you're wrong", "that's not what i asked"):
# asking the same again would give the same quotes
_COMPLAINT = re.compile(
    r"^\W*(?:(?:no|nope|nah|lol|smh|ugh)\W+)?(?:"
    r"(?:you(?:'re| are)|ur|youre|that(?:'s| is)|thats|this is|it(?:'s| is)|its) "
    r"(?:so |totally |completely |just |all )?(?:wrong|incorrect|not (?:right|correct|true|it|"
    r"what i (?:asked|meant|wanted))|useless|irrelevant|off[- ]topic|nonsense)"
    r"|wrong(?: answer| quote)?|(?:that|this|it) (?:does not|doesn't|doesnt|didn't|didnt) "
    r"(?:answer|help)(?: (?:my|the) question| me)?"
    r"|not what i (?:asked|meant|wanted)|(?:bad|dumb|stupid|useless) bot|useless|irrelevant"
    r")\W*$", re.IGNORECASE)


def _says_only(pattern: re.Pattern[str], texts: tuple[str, ...]) -> bool:
    """One of the readings of a message (as typed, as ``clean`` reads it), its leading filler
    aside ("lol", "hey so"), is only what ``pattern`` says."""
    return any(pattern.match(_LEADING_FILLER.sub("", t.strip())) is not None for t in texts)


def asks_for_more(*texts: str) -> bool:
    return _says_only(_ASKS_FOR_MORE, texts)


def asks_for_summary(*texts: str) -> bool:
    return _says_only(_ASKS_FOR_SUMMARY, texts)


def asks_about_bot(*texts: str) -> bool:
    return _says_only(_ABOUT_BOT, texts)


def complains(*texts: str) -> bool:
    return _says_only(_COMPLAINT, texts)


# ... or, word by word, a question with nothing in it but the articles as sources and
# what is asked of them ("how old is this article?", "whens the article from", "which
# articles do you have?"): a word for the articles themselves (not "report" or "story", which
# an article may be about), and only words a question about them has beside it
_SOURCE_NOUNS = frozenset(
    "article articles piece pieces source sources website websites url urls link links "
    "citation citations quote quotes info".split())
_ABOUT_SOURCE_WORDS = _SOURCE_NOUNS | frozenset(
    "who whos what whats when whens where wheres which how is isnt was are r s do does did "
    "has have had you u your ur yours it its this that these those the a an of from in on to "
    "for by up date dated dates old new recent latest newest wrote written write writes "
    "author authors writer published publish posted post come comes came get got use used "
    "using quote quoted quoting cite cited citing know knows read many much any all there "
    "name names title titles called pls plz please thanks thx".split())


def asks_about_sources(text: str) -> bool:
    """The question asks about the articles themselves (who wrote them, when, which they
    are), which their quotes do not say but their details do."""
    if _ABOUT_SOURCES.search(text.strip()) is not None:
        return True
    said = [w.replace("'", "") for w in re.findall(r"[\w']+", normalize(text).lower())]
    return (any(w in _SOURCE_NOUNS for w in said)
            and all(w in _ABOUT_SOURCE_WORDS for w in said))


# a link pasted beside the question: its pieces ("https", "com") are no words to search for
_LINK = re.compile(r"\b(?:https?://|www\.)\S+", re.IGNORECASE)
# laughter and faces, wherever they stand: "lol", "haha", ":)", ";-P", "xD"
_LAUGHTER = re.compile(r"(?<![\w'])(?:lol+|lmf?ao+|rofl|ha(?:ha)+h?|he(?:he)+|xd+)(?![\w'])|"
                       r"(?<![\w:])[:;=][-']?[()\[\]dpo/\\|3*]+(?![\w])|(?<!\w)<3+(?!\w)|"
                       r"(?<!\w)\^[_.]?\^(?!\w)", re.IGNORECASE)
# an aside after what is asked: "..., asking for a friend", "..., my sister is freaking out",
# "..., never heard of them", "..., a friend of mine ran it", "..., saw a clip of it somewhere"
_ASIDE = (r"(?:asking for (?:a friend|my \w+)|never heard of (?:them|it|him|her|this)|"
          r"a friend of mine\b|my (?:\w+ ){0,2}?(?:is|was|are|were|has|had|lives|works|ran|keeps|got) |"
          r"(?:i )?heard (?:it'?s|its|that|they)\b|i'?m (?:just )?(?:curious|asking|confused|"
          r"lost)\b|(?:i )?(?:saw|seen|read|heard) (?:a |an |the |some )?(?:clip|video|post|thread|"
          r"tweet|story|headline|meme|something|it|this|that|about it)\b)")
_TRAILING_ASIDE = re.compile(rf",\s*{_ASIDE}[^?]*[?!.]*$", re.IGNORECASE)
_LEADING_ASIDE = re.compile(_ASIDE, re.IGNORECASE)
# how it strikes the asker: "sounds too good to be true", "feels like it was way worse"; after
# what they ask: "..., sounds insane", "..., seems dramatic"
_STRIKES = r"(?:(?:it|that|this|which) )?(?:feels|sounds|seems|looks)"
_TRAILING_REACTION = re.compile(rf",\s*{_STRIKES}\b[^,?]*[?!.]*$", re.IGNORECASE)
# ... beside what they ask or claim
_REACTION = re.compile(rf"^(?:all )?{_STRIKES}(?: like| so| too| way| kinda| kind of| a bit| pretty|"
                       r" really| off| weird| wrong| crazy| insane| dramatic| fishy| sus| unreal|"
                       r" bad| awful| grim| wild| mad| odd| strange| unlikely| fake| made up|"
                       r" far.fetched| high| low| harsh| unfair| dodgy| shady| suspicious| extreme|"
                       r" excessive| ridiculous| absurd| impossible|$)"
                       # how the whole story strikes them: "this whole thing seems like a mess",
                       # "this is honestly so sad", "what a mess"
                       r"|^(?:(?:this|that|it)(?: whole)?(?: thing| story| situation| saga| news)?"
                       r"(?:'s| is| was| seems| sounds| looks| feels)(?: like)?|what|such|so)"
                       r"(?: (?:honestly|kinda|kind of|so|really|pretty|such|a|an|absolutely|"
                       r"totally|just|actually|super|very|genuinely|quite|a bit))* (?:sad|crazy|"
                       r"wild|insane|nuts|scary|awful|terrible|messed up|rough|brutal|grim|mess|"
                       r"bleak|depressing|shocking|bizarre|heartbreaking|tragic|horrible|"
                       r"upsetting|worrying|frustrating|ridiculous|absurd|unreal|shady|dodgy|"
                       r"fishy|sus|suspicious|off|weird|odd|strange|unfair|corrupt)"
                       r"(?: (?:to me|tbh|honestly|ngl|imo|stuff))*\W*$", re.IGNORECASE)
_SENTENCE_BREAK = re.compile(r"(?<=[?!.])\s+|\n+|\s+(?=(?:also|and also|plus|oh and)\b)",
                             re.IGNORECASE)
_PART_BREAK = re.compile(
    r"\s*(?:\?|;|,?\s+(?:and|also|plus|&)\s+(?=(?:who|whom|what|when|where|why|how|which|"
    r"did|does|do|is|are|was|were|has|have|had|can|will)\b))\s*", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")
# the words a question opens on: a question word, or the verb of a yes/no question
QUESTION_WORDS = r"who|whom|whose|what|when|where|why|which|how"
AUXILIARIES = r"is|are|was|were|do|does|did|can|could|would|will|should|has|have|had"
_ASKS = rf"(?:{QUESTION_WORDS}|{AUXILIARIES})\b"
# a lead-in before a question: "question for the bot: who ...", "before my exam - what is ..."
_LEAD_IN = re.compile(rf"^(?P<lead>[^:?]{{1,80}}?)\s*(?P<mark>:|\s[-\u2013\u2014]\s|,)\s*"
                      rf"(?P<rest>{_ASKS}.*)$", re.IGNORECASE)
_POINTS_BACK = re.compile(r"\b(?:it|its|that|this|they|them|their|he|him|his|she|"
                          r"her|there)\b", re.IGNORECASE)
_QUESTION_WORD = re.compile(rf"\b(?:{QUESTION_WORDS})\b", re.IGNORECASE)
# what the asker believed, beside what they ask: "i thought they were allies. when did ..."
_BELIEF = re.compile(r"^(?:honestly |personally )?i (?:always |just |honestly |really |kind of |kinda |"
                     r"still |personally )?(?:thought|assumed|figured|believed|expected|guessed|"
                     r"used to think|think|believe|reckon|feel like|feel that)\b", re.IGNORECASE)
# what the asker says of themselves ("i went there loads as a child", "i'm from there"), beside a
# question: not what is asked
_ABOUT_ME = re.compile(r"^(?:i|i'm|im|i've|ive|i'd|me|myself)\b", re.IGNORECASE)
_BUT = re.compile(r"(?:,\s*|\s)but\s", re.IGNORECASE)
# how it strikes the asker, and then the question: "sounds off to me tbh, what kinds of fish
# were they?"
_REACTION_THEN_ASKED = re.compile(rf"^(?P<reaction>(?:all )?{_STRIKES}\b[^,?]*),\s*"
                                  rf"(?=(?:{QUESTION_WORDS})\b)", re.IGNORECASE)


def _without_reaction(sentence: str) -> str:
    """The question after how it strikes the asker ("sounds off to me, what kinds of fish were
    they?"); not after a claim ("it seems the talks failed, why")."""
    found = _REACTION_THEN_ASKED.match(sentence)
    if found and _REACTION.match(found.group("reaction")):
        return sentence[found.end():]
    return sentence


def _after_but(sentence: str) -> str:
    """What follows the asker's belief ("i think zoos are sad anyway but the place is
    understaffed now"): the claim they go on to, when there is one."""
    pieces = _BUT.split(sentence)
    rest = pieces[-1].strip(" ,")
    return rest if len(pieces) > 1 and _content(rest) >= 2 and not _BELIEF.match(rest) else sentence


# a question word with nothing of its own to ask about ("who?", "which one?", "how much?",
# "since when?"): asked of what was said before it, in the message or in the earlier question
# ("what?" alone is a reader lost, not a question)
_ASKED_OF = (r"(?:much|many|long|old|often|far|come|exactly|then|so|now|though|tho|one|ones|kind|"
             r"type|sort)")
ASKS_ALONE = re.compile(rf"^\W*(?:(?:and|so|but)\s+)?(?:(?:who|whom|whose|when|where|why|which|"
                        rf"how|since when)(?:\s+{_ASKED_OF})?|what\s+{_ASKED_OF})\W*$", re.IGNORECASE)


# a thing named, then asked about: "operation X, what is that exactly" -> "what is operation X"
_NAMED_THEN_ASKED = re.compile(r"^(?P<thing>(?:[^\s,?]+\s+){0,5}[^\s,?]+),\s*what\s*(?:'s|\s(?P<verb>is|"
                               r"are|was|were))\s+(?:that|it|this|they|those|these)$",
                               re.IGNORECASE)

# --- other languages -----------------------------------------------------------
# frequent function words of languages a member might write in (Latin script)
_FOREIGN_WORDS = frozenset("""
el la los las del que por para con una uno es está esta qué cómo cuándo dónde porque pero muy
le les des est une sont pourquoi quand comment avec pour dans sur qui quoi ou
der die das und ist warum wann wie mit nicht ein eine auf den dem wer was wo
o os um uma não são porque quando como onde com
il lo gli che perché quando dove chi non sono
bir ve bu ne neden nas\u0131l için ile
kya hai hain ki ka ke ko ne kyun kyu kyon kaise kab kahan aur nahi nahin tha thi se mein
""".split())
_ENGLISH_HINTS = frozenset("""
the a an is are was were of to in on for with and or why what who when where how which did does
do has have had will would can could should about from by this that it he she they we you
""".split())


@dataclass(frozen=True)
class Cleaned:
    text: str  # the whole question as the engine reads it
    parts: tuple[str, ...]  # the questions it holds (one, or each part of a two-part question)
    foreign: bool = False  # not written in English


def _year(words: list[str]) -> int | None:
    """A year said in pairs: "twenty nineteen" -> 2019, "nineteen ninety eight" -> 1998."""
    if len(words) < 2 or words[0] not in ("nineteen", "twenty"):
        return None
    rest = _number(words[1:])
    if rest is None or not 10 <= rest <= 99 or words[1] not in (*_TENS, *_UNITS):
        return None
    return _UNITS.get(words[0], 20) * 100 + rest


def _number(words: list[str]) -> int | None:
    total, current, seen = 0, 0, False
    for word in words:
        if word in ("and", "a"):
            continue
        if word in _UNITS:
            tens_alone = current % 100 >= 20 and current % 10 == 0  # "forty" before "three"
            if current % 100 and not tens_alone:
                return None  # "three four", "twelve five": not one number
            current += _UNITS[word]
        elif word in _TENS:
            if current % 100:
                return None  # "three forty", "twenty thirty": not one number
            current += _TENS[word]
        elif word in _SCALES:
            scale = _SCALES[word]
            if scale == 100:
                current = (current or 1) * 100
            else:
                total += (current or 1) * scale
                current = 0
        else:
            return None
        seen = True
    return total + current if seen else None


def spelled(number: int) -> str | None:
    """A whole number below 100 as it is written in words ("54" -> "fifty-four")."""
    if not 0 <= number < 100:
        return None
    units = list(_UNITS)
    if number < 20:
        return units[number]
    tens = list(_TENS)[number // 10 - 2]
    return tens if number % 10 == 0 else f"{tens}-{units[number % 10]}"


# a question of a length, a height or a depth, where "4000m" is in metres
_LENGTH_ASKED = re.compile(r"\bhow (?:high|tall|far|long|deep|wide|big)\b|\b(?:height|altitude|"
                           r"elevation|distance|depth|length|width|metres|meters)\b", re.IGNORECASE)


def _short_numbers(text: str) -> str:
    """A figure's abbreviated scale written out: "2.3k" -> "2300", "96m" and "96 mil" ->
    "96 million", "2bn" -> "2 billion"."""
    def short(match: re.Match[str]) -> str:
        unit = match.group(2).lower()
        # "how high is the summit, like 4000m?": metres
        if unit == "m" and _LENGTH_ASKED.search(match.string):
            return f"{match.group(1)} metres"
        if unit != "k":
            return f"{match.group(1)} {'billion' if unit == 'bn' else 'million'}"
        return f"{float(match.group(1)) * 1000:.0f}"
    return _SHORT_NUMBER.sub(short, text)


def figures_in(text: str) -> set[str]:
    """The figures a text gives, in figures or in words, as digits without separators:
    "4,117", "eleven", "February 3rd", "seven hundred" give "4117", "11", "3", "700"."""
    return {figure.replace(",", "") for figure in _FIGURE.findall(numbers_as_digits(text))}


def ordinals_in(text: str) -> set[str]:
    """The places in order a text gives in words, as digits: "a second letter", "the
    third time" give "2", "3" (what "their 2nd letter" asks of)."""
    return {str(_ORDINALS[w]) for w in _WORD.findall(text.lower()) if w in _ORDINALS}


_ORDINAL_BEFORE_WORD = re.compile(r"\b(" + "|".join(_ORDINALS) + r")\s+(?!of\b)[a-z]")


def ordinals_before_words(text: str) -> list[str]:
    """The places in order a lower-case text gives in words before what they count, as
    digits: "in its second week" gives "2" (not "the second of May")."""
    return [str(_ORDINALS[m.group(1)]) for m in _ORDINAL_BEFORE_WORD.finditer(text)]


def amounts_in(text: str, percent: bool | None = None) -> list[float]:
    """The amounts a text gives, in figures or in words, with their scale: "420 million",
    "forty-one", "20k", "1,140" give 420000000, 41, 20000, 1140. With ``percent``, only the
    shares ("18 percent", "40%") or only the others."""
    digits = numbers_as_digits(text)
    return [_amount(*m.groups("")) for m in _AMOUNT.finditer(digits)
            if _share_as_asked(digits, m.end(), percent)]


def guesses(message: str, percent: bool | None = None) -> list[float]:
    """The amounts the asker guesses: "like 400 million?", "was it forty something?",
    "over two thousand?", "how many suspects are there, 11?". With ``percent``, only the
    shares ("like 5 percent") or only the others."""
    text = numbers_as_digits(normalize(message).lower())
    found = []
    for m in _GUESSED_AMOUNT.finditer(text):
        group = next(g for g in ("after", "bound", "rough", "alone") if m.group(g))
        found += [_amount(*figure.groups(""))
                  for figure in _AMOUNT.finditer(text, m.start(group), m.end(group))
                  if _share_as_asked(text, figure.end(), percent)]
    return found


def _share_as_asked(text: str, end: int, percent: bool | None) -> bool:
    """The figure ending at ``end`` is a share ("18 percent") when ``percent`` asks for one,
    not one when it asks for the others; any, without ``percent``."""
    return percent is None or bool(_PERCENT_AFTER.match(text, end)) is percent


def _amount(figure: str, scale: str) -> float:
    """A figure as digits ("1,140"), times its scale ("million"; "" for none)."""
    return float(figure.replace(",", "")) * SCALE_OF.get(scale.lower(), 1)


_JOINED_MOST = 4  # numbers an "and" joins into one: "a hundred and twenty thousand and five"


def _numbers_apart(raw: str, replace: Callable[[re.Match[str]], str]) -> str:
    """Numbers in words joined by "and" that are not one number, each in figures: "twenty
    nineteen and twenty twenty three" -> "2019 and 2023", "nineteen ninety eight and two
    thousand and five" -> "1998 and 2005" (the longest run that is one number first)."""
    pieces = re.split(r"(\s+and\s+)", raw)  # numbers, and the "and"s between them
    out, start = [], 0
    while start < len(pieces):
        for end in range(min(len(pieces), start + 2 * _JOINED_MOST - 1), start, -2):
            run = "".join(pieces[start:end])
            words = [w for w in re.split(r"[\s-]+", run.lower()) if w]
            if end == start + 1 or _year(words) or _number(words) is not None:
                out.append(_NUMBER_WORDS.sub(replace, run))
                break
        out.extend(pieces[end:end + 1])
        start = end + 1
    return "".join(out)


def numbers_as_digits(text: str) -> str:
    """Numbers as articles write them: "fifty four" -> "54", "2k" -> "2000", millions
    and billions with their word ("ninety six million", "96m" -> "96 million"), and a day
    of the month in figures ("the twenty eighth of may" -> "may 28")."""
    def replace(match: re.Match[str]) -> str:
        raw = match.group()
        words = [w for w in re.split(r"[\s-]+", raw.lower()) if w]
        if words in (["one"], ["zero"]) or words[0] in _SCALES:
            return raw  # "one" alone is usually a pronoun; "million" alone follows a figure
        if len(words) > 1 and words[-1] in _LARGE_SCALES:  # "a billion": "1 billion"
            return f"{_number(words[:-1]) or 1} {words[-1]}"
        value = _year(words) or _number(words)
        if value is None and "and" in words:  # "between twenty nineteen and twenty twenty"
            return _numbers_apart(raw, replace)
        return raw if value is None else str(value)

    def day(match: re.Match[str]) -> str:
        words = re.split(r"[\s-]+", (match.group("d1") or match.group("d2")).lower())
        number = _ORDINALS[words[-1]] + (_TENS[words[0]] if len(words) > 1 else 0)
        return f"{match.group('pre') or ''}{match.group('m1') or match.group('m2')} {number}"

    text = _DAY_OF_MONTH.sub(day, _ORDINAL_FIGURE.sub(r"\1", text))
    return _short_numbers(_NUMBER_WORDS.sub(replace, text))  # "fifty k" too


_MINUTES = re.compile(r"\b(\d+(?:[.,]\d+)?)\s?mins?\b", re.IGNORECASE)


def _expand(text: str, has_phrase: Callable[[str], bool] | None = None) -> str:
    def replace(match: re.Match[str]) -> str:
        word = match.group()
        readings = READINGS.get(word.lower())
        if readings is None:
            return CAPITAL_ABBREVIATIONS.get(word) or ABBREVIATIONS.get(word.lower(), word)
        if has_phrase is not None:  # "fm" in articles on a currency crisis: the finance minister
            return next((r for r in readings if has_phrase(r)), readings[0])
        return readings[0]

    # "the us" is the United States; "of us", "to us" only in articles that speak of it ("it
    # came back to us in coffins" is a quote's own "us")
    us = r"\bthe us\b" if has_phrase is not None and not has_phrase("united states") else (
        r"\b(?:the|of|in|by|to) us\b")
    text = re.sub(us, lambda m: m.group()[:-2] + "United States", text, flags=re.IGNORECASE)
    text = _short_numbers(text)  # before "mil" could be read as the military
    text = _MINUTES.sub(r"\1 minutes", text)  # "a 10 min target": not a minister
    # ("the pm's spokesman": the possessive stays)
    # (a word of letters, or of letters and figures: "b4", "2day")
    return re.sub(r"(?<![\w'/-])[A-Za-z0-9]*[A-Za-z][A-Za-z0-9]*(?:/[a-z]?|\.)?(?=(?:'s)?(?![\w'-]))",
                  replace, text)


def is_foreign(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return False
    latin = sum(1 for c in letters if c.isascii() or "\u00c0" <= c <= "\u024f")
    if latin < 0.5 * len(letters):
        return True
    words = [w.lower() for w in _WORD.findall(text)]
    foreign = sum(1 for w in words if w in _FOREIGN_WORDS and w not in _ENGLISH_HINTS)
    english = sum(1 for w in words if w in _ENGLISH_HINTS)
    return foreign >= 2 and foreign > english


def _strip_filler(sentence: str) -> str:
    sentence = "".join(c for c in _LAUGHTER.sub(" ", sentence)
                       if unicodedata.category(c) != "So")  # emoji
    for _ in range(3):  # a frame may stand after filler: "yo anyone know ..."
        sentence = _TRAILING_REACTION.sub("", sentence)
        if _is_question(sentence):
            sentence = _TRAILING_ASIDE.sub("", sentence)
        for frame in _FRAMES:
            sentence = frame.sub(" ", sentence)
        sentence = re.sub(r"\s+(?=[,?!.;])", "", re.sub(r"\s{2,}", " ", sentence)).strip(" ,;:-")
        sentence = _LEADING_FILLER.sub("", sentence).strip(" ,;:-")
        sentence = _TRAILING_FILLER.sub("", sentence).strip(" ,;:-")
    return sentence


def _content(text: str) -> int:
    return len(_WORD.findall(text))


def _names_nothing(text: str, has_phrase: Callable[[str], bool] | None) -> bool:
    """Chat: no figure, and no word the articles use but the commonest ("i'm new here",
    "long time lurker here"). Without ``has_phrase``, any text without a figure."""
    if re.search(r"\d", text):
        return False
    if has_phrase is None:
        return True
    return not any(has_phrase(w) for w in _WORD.findall(text.lower())
                   if len(w) >= 4 and w not in STOP_WORDS and w not in WEAK_WORDS)


def _is_question(sentence: str) -> bool:
    return re.match(_ASKS, sentence, re.IGNORECASE) is not None


def _without_lead_in(sentence: str, has_phrase: Callable[[str], bool] | None) -> str:
    """A question after a lead-in that names nothing the articles speak of ("question for
    the bot:", "before my exam tomorrow -", "i'm new here,"), and that stands alone (not
    "the Doha deal - who signed it?"), without its lead-in. After a comma, only when what
    the articles speak of is known."""
    match = _LEAD_IN.match(sentence)
    if match is None or _QUESTION_WORD.search(match["lead"]) or (
            match["mark"] == "," and has_phrase is None):
        return sentence
    rest = match["rest"]
    if _POINTS_BACK.search(rest) or _content(rest) < 3 or not _names_nothing(match["lead"],
                                                                             has_phrase):
        return sentence
    return rest


def _asked_of_named(sentence: str) -> str:
    """"Operation X, what is that?" -> "what is Operation X"."""
    match = _NAMED_THEN_ASKED.match(sentence)
    if match is None or _POINTS_BACK.search(match["thing"]) or re.match(
            r"(?:i|we|you)\b", match["thing"], re.IGNORECASE):
        return sentence
    return f"what {match['verb'] or 'is'} {match['thing']}"


def without_guess(question: str) -> str:
    """The question without the guess that ends it: "what was the budget, like 100
    million" -> "what was the budget". A "when" question keeps it: its year finds the date."""
    return question if _ASKS_WHEN.match(question) else _TRAILING_GUESS.sub("", question)


def clean(message: str, has_phrase: Callable[[str], bool] | None = None) -> Cleaned:
    """The question(s) a chat message asks, in the engine's words. ``has_phrase`` says
    whether the articles use a phrase, to read an abbreviation as they would."""
    text = _LINK.sub(" ", normalize(message)).strip()
    if is_foreign(text):
        return Cleaned(text, (text,), foreign=True)
    kept: list[str] = []
    for sentence in _SENTENCE_BREAK.split(text):
        if kept and _GUESS_ALONE.match(_short_numbers(sentence)):
            # "how many were ordered? like 10 million?": a guess at what was asked before, not
            # a figure it gives (``guesses`` reads it from the message as typed)
            continue
        sentence = _strip_filler(_WHAT_ABOUT.sub("what about", _expand(sentence, has_phrase)))
        sentence = _NAME_THEN_WHO.sub(r"who is \1", sentence)
        if has_phrase is not None:  # "kicking out" of articles that say "deport"
            sentence = in_plain_verbs(sentence, has_phrase)
        sentence = _asked_of_named(_without_lead_in(sentence, has_phrase))
        sentence = _without_reaction(sentence)
        if sentence and _content(sentence):
            kept.append(_GUESS.sub("", numbers_as_digits(sentence)).strip(" ,"))
    if len(kept) > 1 and not all(_REACTION.match(k) for k in kept):
        kept = [k for k in kept if not _REACTION.match(k)]
    kept = [_after_but(k) if _BELIEF.match(k) else k for k in kept]
    asking = [_is_question(k) for k in kept]
    if len(kept) > 1 and any(asking):
        # beside a question, what the asker believed goes ("i thought they were allies"), an
        # aside ("a friend of mine ran it"), and a sentence that names nothing the articles
        # speak of ("long time lurker here")
        # (what the asker says of themselves stays when the question points back to it:
        # "i'm from quetta. what happened there?")
        about_me = not any(asks and _POINTS_BACK.search(k)
                           for k, asks in zip(kept, asking, strict=True))
        kept = [k for k, asks in zip(kept, asking, strict=True) if asks or not (
            _BELIEF.match(k) or _LEADING_ASIDE.match(k) or (about_me and _ABOUT_ME.match(k))
            or (has_phrase is not None and _names_nothing(k, has_phrase)))]
    if not kept:  # nothing but filler: let the small-talk rule see the message as typed
        return Cleaned(text, (text,))
    whole = " ".join(kept)
    parts: list[str] = []
    for sentence in kept:
        pieces = [p.strip(" ,") for p in _PART_BREAK.split(sentence)]
        for piece in pieces:
            if _content(piece) < 2:
                continue
            if parts and ASKS_ALONE.match(piece):
                # "there was bacteria in the powder. which one?": asked of the claim before it
                parts[-1] = f"{piece.rstrip(' ?!.')} {parts[-1]}"
                whole = parts[-1] if len(parts) == 1 else whole
            else:
                parts.append(piece)
    if len(parts) < 2:
        parts = [whole]
    return Cleaned(whole, tuple(parts))
