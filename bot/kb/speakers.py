"""Who a sentence says spoke, and how it names people: a verb of saying and its speaker
("said Petar Voss", "..., she said."), a name introduced by what it is ("Attard, a former
minister", "Finance Minister Teodora Vascu"), a post another holds ("the deputy mayor").
General English only, never one article's names.
"""

from __future__ import annotations

import re

from bot.kb import people
from bot.kb.text import STOP_WORDS, words

# a sentence that says who spoke the quotation before it ("..., she said.")
# "said X": X spoke
_SAYING = (r"said|says|added|adds|wrote|explained|explains|warned|warns|argued|argues|insisted|"
           r"insists|claimed|replied|replies|responded|responds|answered|noted|stated|declared|"
           r"acknowledged|acknowledges|admitted|admits|conceded|concedes|announced|announces|"
           r"countered|maintained|maintains|complained|vowed|denied|denies|confirmed|confirms")
_SAYS = _SAYING + r"|told|asked"  # ("told X": X listened)
# a surname ("{name}") after a person's title or before what they said: "Ms Marrow", "Dr
# Verosk", "Marrow said"
SURNAME = (r"\b(?:Mr|Ms|Mrs|Miss|Mx|Dr|Prof|Professor|Sir|Dame)\.?\s+{name}\b|"
           rf"\b{{name}}\s+(?:{_SAYING})\b")
ATTRIBUTION = re.compile(rf"\b(?:{_SAYS}|according to)\b", re.IGNORECASE)
# the speaker named only by a pronoun ("..., she said."): the name is in the sentence before
_PRONOUN_SAYS = rf"(?:he|she|they|it|we)\s+(?:{_SAYS})\b"
PRONOUN_SPEAKER = re.compile(rf"\b{_PRONOUN_SAYS}", re.IGNORECASE)
# ... and a quotation whose speaker (he, she, they) is named only there: "“Tell them we are
# not numbers,” she said."
QUOTES_NAMED_BEFORE = re.compile(
    rf"^[\"\u201c][^\"\u201d]*[\"\u201d]\s+(?!it\b|we\b){_PRONOUN_SAYS}", re.IGNORECASE)
# ... or only by what they are: "..., the official said." (lower case: not "the Fund said")
DESCRIBED_SPEAKER = re.compile(rf"\b[Tt]he\s+(?:[a-z]+\s+){{0,2}}?(?:{_SAYS})\b")
# a sentence that names someone as speaking: "A senior official ... acknowledged", "Ms Kostanj told"
NAMES_SPEAKER = re.compile(rf"^(?!\W*(?:he|she|they|it|we)\b).*\b(?:{_SAYS}|acknowledged|"
                           r"admitted|according to)\b", re.IGNORECASE)
# a quote that reports what someone said holds what they "think", "meant", their "reaction"
REPORTS_SPEECH = re.compile(ATTRIBUTION.pattern + r"|[\"\u201c\u201d]", re.IGNORECASE)
# how someone reacted: what they said (as a quote reports speech), or a verb of reacting
# ("denied", "welcomed")
GIVES_REACTION = re.compile(
    REPORTS_SPEECH.pattern + r"|\b(?:respond\w*|react\w*|repl\w*|statement|den(?:y|ied|ies)|"
    r"reject\w*|welcom\w*|dismiss\w*|condemn\w*|critici[sz]\w*|prais\w*|accus\w*|"
    r"declin\w*|refus\w*|apologi[sz]\w*|protest\w*|appeal\w*|su(?:e|ed|ing)|resign\w*|"
    r"vow\w*|pledg\w*|promis\w*|warn\w*|call\w*|announc\w*|insist\w*|defend\w*|"
    r"acknowledg\w*|admit\w*|blam\w*|threat\w*|demand\w*|agree\w*|accept\w*|"
    r"pull\w* out|withdr[ae]w\w*|shrug\w*|furious|angry|anger|outrage\w*)\b",
    re.IGNORECASE)
# what someone said: a verb of saying, a quotation of a few words at least (not a term set
# in quotation marks: "strategic depth"), or what someone called it ("called the claim
# “a fantasy”")
SAYS_SOMETHING = re.compile(ATTRIBUTION.pattern + r"|[\"\u201c](?:[^\"\u201d\s]+\s+){3,}"
                            r"|\bcall(?:ed|s)\b[^.]*[\"\u201c]"
                            # the end of a quotation opened in a sentence before: "The delay was
                            # not a failure of courage; it was a failure of funding.”"
                            r"|^[^\"\u201c\u201d]*(?:\S+\s+){3,}\S+[.!?,][\"\u201d]",
                            re.IGNORECASE)
# who a quote says spoke: "said Petar Voss", "Ms Kostanj told", "Dariusz Kell, a miner, said",
# "according to Anna Brel", "the Dravonian government has declared"; a name of capitalised
# words, without its title
NAME_TITLES = frozenset("mr mrs ms miss dr professor prof president judge minister general colonel "
                        "captain sir dame lord lady senator mayor governor".split())
_NAME_RUN = r"[A-Z][\w\u2019'-]+(?:\s+[A-Z][\w\u2019'-]+){0,3}"
SPEAKERS = re.compile(
    rf"\b(?:{_SAYING}|writes|recalled|according to)\s+(?P<after>{_NAME_RUN})"
    rf"|(?P<before>{_NAME_RUN})(?:,\s+(?:a|an|the|who|whose|its|his|her|their)\b"
    rf"[^,;\u201c\u201d\"]{{0,80}},|\s+[a-z]+)?(?:\s+ha(?:s|ve|d))?"
    rf"\s+(?:{_SAYING}|writes|recalled|say|told|tells)\b"
    # ... a name set off by commas after what they are: "the health minister, Rosalind
    # Achterberg, told" (not "chief economist at the institute in Sarvel, warned", nor one
    # who speaks for "it": "Its chief executive, Anders Prins, said")
    rf"|\b(?:[Tt]he|[Aa]n?)\s+[^,;.\u201c\u201d\"]{{1,60}}?,\s+(?P<set_off>{_NAME_RUN}),"
    rf"(?:\s+ha(?:s|ve|d))?\s+(?:{_SAYING}|told|tells)\b")


def speaker_names(quote: str) -> list[str]:
    """The names ``SPEAKERS`` finds speaking in the quote, as written ("Ms Kostanj",
    "Rosalind Achterberg")."""
    return [m.group("after") or m.group("before") or m.group("set_off")
            for m in SPEAKERS.finditer(quote)]
# "what did X say": X named by a role ("the Lunemark foreign minister") or from a place ("the
# schoolteacher in Halvery"), not by name
PLACE_PREPOSITIONS = frozenset("in from of at near outside".split())
ROLES = NAME_TITLES | frozenset("spokesman spokeswoman spokesperson official officials chief head "
                                "director leader secretary ambassador chairman chairwoman chair ceo "
                                "boss ministry government office".split())
# a name the sentence speaks to or of, not who speaks: "in a letter to the prime minister,
# Anton Velsky, he wrote", "a petition addressed to President Anton Reshetar" (but "a
# spokesman for X" speaks for X)
ADDRESSED = re.compile(
    rf"\b(?<![Aa]ccording )(?<!spokesman )(?<!spokeswoman )(?<!spokesperson )"
    rf"(?:to|for|by|from|with|against|about|at|on|of|towards)\s+"
    rf"(?:(?:the|a|an|its|his|her|their)\s+)?(?:[a-z][\w-]*\s+){{0,3}}?(?:[a-z][\w-]*,\s+)?"
    rf"(?P<name>{_NAME_RUN})")
FULL_NAME = re.compile(r"\b[A-Z][a-z]+ [A-Z][a-z]+\b")  # two capitalised words: a name
# a sentence that gives something's name: "known formally as the Sabrine Accord"
GIVES_NAME = re.compile(r"\b(?:known(?: \w+)? as|called|named|dubbed|nicknamed|titled)\s+"
                        r"(?:the\s+)?[\"'\u201c\u2018]?[A-Z]")
# a name followed by what it is ("Attard, a former minister"; "Avelin, who has managed"; "Khessuk,
# 58, who chairs") ...
_AFTER_NAME = re.compile(r"(?:\s+[A-Z][\w\u2019'-]*)*(?:(?:,\s+\d{1,3})?"
                         r",\s+(?:a|an|the|who|whose|its|his|her)\b|\s+(?:is|was)\s+(?:a|an|the)\b"
                         # ... or a post without an article: "Ilsa Dravenko, chair of the union"
                         r"|,\s+(?:(?:deputy|vice|acting|former|co)[ -])?" + people.POST
                         + r"\s+(?:of|at|for)\b)")
_POSSESSIVE = re.compile(r"[\u2019']s\b")
# ... or preceded by it ("Its regional director, Ilse Marenko"; "Pakistan's prime minister, X")
# (not after a preposition: "amid shouting from the public gallery, Quenara's Chamber ...")
_NOT_AFTER = "".join(rf"(?<![{p[0].upper()}{p[0]}]{p[1:]} )" for p in (
    "in on at by for with into from of to after before during amid over under about against "
    "across through near behind since until without within between among beyond").split())
_BEFORE_NAME = re.compile(
    _NOT_AFTER + r"\b(?:[Aa]|[Aa]n|[Tt]he|[Ii]ts|[Hh]is|[Hh]er|[Tt]heir|[A-Z][\w-]*[\u2019']s)\s"
    r"[^,.;\u201c\u201d\"]{2,60},\s*(?:[A-Z][\w\u2019'-]*\s+)*$")
# ... or by a title that says what they are ("Finance Minister Teodora Vascu", "Judge X"), not
# one that only addresses them ("Mr", "Dr")
_TITLE_BEFORE = re.compile(
    r"\b(?i:" + "|".join(sorted(people.TITLES)) + r")\s+(?:[A-Z][\w\u2019'-]*\s+)*$")
# ... or by what they are, after "the" ("the political scientist Sanaa Alimia")
_NOUN_BEFORE = re.compile(r"\b[Tt]he\s+((?:[\w-]+\s+){0,2}[a-z][\w-]*\s+)$")
_NOT_WHAT_THEY_ARE = frozenset("told tells said says met meets saw sees sent gave took made let "
                               "named".split())
# "a", "two", "several" and up to three words before a thing: one of a kind, not named
ONE_OF_A_KIND = re.compile(
    r"\b(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several|some|"
    r"another|other|\d+)\s+(?:(?!(?:the|this|that|these|those|its|his|her|their|our|of|in|on|"
    r"at|for|by|with|from|and|or)\b)[\w-]+\s+){0,3}$", re.IGNORECASE)
# ... unless a name stands beside it: "a contractor, Halbrook", "a firm of engineers,
# Halbrook", "a firm (Halbrook)", "a lawyer called Anna Berg"; or before it: "Halbrook, a
# contractor", "a Veldrian contractor" (a capital: a name, or near enough)
NAME_FOLLOWS = re.compile(r"\w*(?:(?:\s+of\s+[a-z][\w-]*)?(?:,\s+|\s+\()(?:the\s+)?|"
                          r"\s+(?:called|named|known as)\s+|\s+)(?-i:[A-Z])")
NAME_BEFORE = re.compile(r"(?-i:[A-Z])[\w\u2019'-]*,\s+$")
# a capitalised word within a sentence (not its first): a name
_WITHIN_SENTENCE = r"(?<=[\w,;:\u2013\u2014)]\s)"
INNER_CAPITAL = re.compile(rf"{_WITHIN_SENTENCE}[A-Z][\w\u2019'-]+")
# ... right before a role, its possessive aside: "the Dravonian government", "Zelterra's
# transport minister"
NAME_BEFORE_ROLE = re.compile(rf"{_WITHIN_SENTENCE}([A-Z][\w-]+)(?:[\u2019']s)?\s+\Z")
CAPITALISED = r"(?-i:[A-Z][\w\u2019'-]+)(?:\s+(?-i:[A-Z][\w\u2019'-]+))*"  # a name


def names_someone(text: str, asked: set[str]) -> bool:
    """Two capitalised words in a row that the question does not give: a name."""
    return any(not {w.lower() for w in m.group().split()} <= asked
               for m in FULL_NAME.finditer(text))


# someone who speaks without a name: "who spoke on condition of anonymity", "who asked not to
# be named"
ANONYMOUS_SOURCE = re.compile(r"\b(?:on condition of anonymity|(?:asked|declined|wished|wanted) "
                              r"not to be (?:named|identified)|(?:declined|refused) to be "
                              r"(?:named|identified)|speaking anonymously)\b", re.IGNORECASE)
# capitalised words in a row, "of" or "the" between them: "Joint Restitution Commission",
# "Minister of the Interior Ola Berg"
_CAPITALISED_RUN = re.compile(r"\b[A-Z][\w\u2019'-]*(?:\s+(?:(?:of|and|for|the|de|van|von)\s+)*"
                              r"[A-Z][\w\u2019'-]*)+")


def names_another_than(text: str, asked: set[str]) -> bool:
    """Two capitalised words or more in a row ("Elsa Varhoff", "Mayor Halvik") that are
    not what the question names, nor what its short form stands for ("Joint Restitution
    Commission" for "jrc"); a first word that opens the sentence ("On Tuesday") is no part
    of a name."""
    for match in _CAPITALISED_RUN.finditer(text):
        named = [w for w in match.group().split() if w[0].isupper()]
        if named and named[0].lower() in STOP_WORDS:
            named = named[1:]
        if len(named) < 2:
            continue
        lowered = {words(w)[0] if words(w) else w.lower() for w in named}
        if lowered <= asked or "".join(w[0] for w in named).lower() in asked:
            continue
        return True
    return False


def introduces(sentence: str, names: list[str]) -> bool:
    """The sentence introduces someone the question names: "X, a former minister",
    "X is the head of ...", "Its director, X"."""
    for name in names:
        for match in re.finditer(r"\b" + re.escape(name) + r"\b", sentence, re.IGNORECASE):
            if not sentence[match.start()].isupper() or _POSSESSIVE.match(sentence, match.end()):
                continue  # (not "X's statement": what is X's, not who X is)
            if (_AFTER_NAME.match(sentence, match.end())
                    or _BEFORE_NAME.search(sentence, 0, match.start())
                    or _TITLE_BEFORE.search(sentence, 0, match.start())
                    or _described_before(sentence[:match.start()])):
                return True
    return False


def _described_before(before: str) -> bool:
    """"The political scientist Sanaa Alimia", "the economist X": what they are, in a few
    words after "the" and right before the name (not "the case against X", "the police told
    X")."""
    found = _NOUN_BEFORE.search(before)
    if found is None:
        return False
    said = found.group(1).split()
    return not any(w.lower() in STOP_WORDS or w in _NOT_WHAT_THEY_ARE or w.endswith(("ed", "ing"))
                   for w in said)


# a question of the past: "who was ...", "did ...", "in 2019", "back then"
_PAST_ASKED = re.compile(r"\b(?:was|were|did|had|used to|back then|(?:19|20)\d\d)\b|\w+ed\b",
                         re.IGNORECASE)


def another_post(question: str, quote: str) -> bool:
    """The question names a post ("the mayor", "the prime minister") and the quote holds it
    only as another, qualified ("the deputy mayor"; "the former prime minister" when the
    question asks in the present), as the question does not qualify it."""
    asked = words(question)
    other = people.OTHER_POST if _PAST_ASKED.search(question) else (
        people.OTHER_POST | people.PAST_HOLDER)
    for k, word in enumerate(asked):
        if word not in people.POSTS or not other.isdisjoint(asked[max(0, k - 3):k]):
            continue
        said = [m.start() for m in re.finditer(rf"\b{word}\b", quote, re.IGNORECASE)]
        if said and all(not other.isdisjoint(
                re.split(r"[\s-]+", quote[max(0, at - 30):at].lower())[-4:]) for at in said):
            return True
    return False
