"""One tokenizer for passages and questions.

``normalize`` folds Unicode forms, typographic quotes and dashes, and
invisible characters. ``words`` splits normalised text into surface words,
keeping compounds ("us-led", "is-k", "9/11") together. ``Tokenizer.terms``
turns text into index terms: lower case, possessives dropped, stop words
removed, English (Snowball) stemming, and each hyphenated compound indexed
both as its parts and as one joined word ("isk"), so that "IS-K", "ISK" and
"IS K" meet.
"""

from __future__ import annotations

import re
import unicodedata

import snowballstemmer

_FOLD = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u00b4": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u00ab": '"', "\u00bb": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-",
    "\u2212": "-", "\u2026": "...", "\u00a0": " ",
})
_FOLD_TABLE = {chr(k): v for k, v in _FOLD.items()}
_FOLDABLE = re.compile("[" + "".join(_FOLD_TABLE) + "]")
_INVISIBLE = re.compile(r"[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\u00ad]")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# a word: letters/digits, optionally joined by hyphens, slashes or apostrophes
_WORD = re.compile(r"[^\W_]+(?:[-/'][^\W_]+)*")
_POSSESSIVE = re.compile(r"'[sS]?$")
STEM_CACHE = 200_000
_PART_SEP = re.compile(r"[-/']")
_NUMBER_SEP = re.compile(r"(?<=\d),(?=\d{3})")
# "per cent" is one word, as "percent" is: "by what percent did sales drop?" finds "fell by
# 14 per cent"
_PER_CENT = re.compile(r"\bper\s+cent\b", re.IGNORECASE)

# a year, in figures ("1893", "the 1990s")
YEAR = re.compile(r"\b(1[5-9]\d\d|20\d\d)s?\b")

STOP_WORDS = frozenset("""
a about above after again against all also am an and any are aren't as at be because been before
being below between both but by can cannot could couldn't did didn't do does doesn't doing don't
down during each either else ever every few for from further get gets got had hadn't has hasn't
have haven't having he he'd he'll he's her here here's hers herself him himself his how how's i
i'd i'll i'm i've if in into is isn't it it's its itself just let's like may me might more most
much must mustn't my myself no nor not now of off on once only or other ought our ours ourselves
out over own really same shall shan't she she'd she'll she's should shouldn't so some such tell
than that that's the their theirs them themselves then there there's these they they'd they'll
they're they've this those though through to too under until up upon us very was wasn't we we'd
we'll we're we've well were weren't what what's when when's where where's whether which while who
who's whom whose why why's will with won't would wouldn't yet you you'd you'll you're you've your
yours yourself yourselves according anyone anything anybody etc please thing things way ways
explain describe happened happen happens said say says mean means one ones many lot lots
hi hello hey thanks thank pls tell know
""".split())

# Common English words that carry little information whatever the articles say:
# they still match, but count for half in deciding whether a question is covered.
WEAK_WORDS = frozenset("""
time times people person thing things way ways work works working make makes made new good best
bad big small day days today week weeks month months year years use used know get go goes going
come comes take takes taken see look looks want give gives find think place places part parts
case cases point points fact number numbers world life kind lot right left long little old
great high low last first next other same different important large able sure real
""".split())

# Irregular forms of English verbs and nouns, under their base form: the stemmer cannot see
# that "held" is "hold" ("is the ceasefire holding?" - "The truce has held"). Forms that are
# also common words of another meaning are left out ("left", "found", "rose", "saw",
# "struck", "lay", "ground", "wound", "bound", "lives", "leaves").
_IRREGULAR = """
arise:arose,arisen awake:awoke,awoken bear:bore,borne beat:beaten become:became
begin:began,begun bend:bent bite:bit,bitten bleed:bled blow:blew,blown break:broke,broken
breed:bred bring:brought build:built buy:bought catch:caught choose:chose,chosen
come:came deal:dealt dig:dug draw:drew,drawn drink:drank,drunk drive:drove,driven
eat:ate,eaten fall:fell,fallen feed:fed feel:felt fight:fought flee:fled fly:flew,flown
forbid:forbade,forbidden foresee:foresaw,foreseen forget:forgot,forgotten
forgive:forgave,forgiven freeze:froze,frozen give:gave,given go:went,gone grow:grew,grown
hang:hung hear:heard hide:hid,hidden hold:held keep:kept lead:led lend:lent lose:lost
make:made mean:meant meet:met overcome:overcame overtake:overtook,overtaken
overthrow:overthrew,overthrown pay:paid ride:rode,ridden rise:risen run:ran seek:sought
see:seen sell:sold send:sent shake:shook,shaken shoot:shot show:shown shrink:shrank,shrunk
sing:sang,sung sink:sank,sunk sit:sat sleep:slept slide:slid speak:spoke,spoken spend:spent
stand:stood steal:stole,stolen stick:stuck sting:stung strive:strove,striven swear:swore,sworn
sweep:swept swim:swam,swum swing:swung take:took,taken teach:taught tear:tore,torn
think:thought throw:threw,thrown undergo:underwent,undergone understand:understood
undertake:undertook,undertaken uphold:upheld wake:woke,woken wear:wore,worn weep:wept
win:won withdraw:withdrew,withdrawn withhold:withheld withstand:withstood write:wrote,written
child:children man:men woman:women foot:feet tooth:teeth mouse:mice crisis:crises
analysis:analyses thesis:theses wife:wives knife:knives thief:thieves
"""
IRREGULAR = {form: base for entry in _IRREGULAR.split()
             for base, forms in [entry.split(":")] for form in forms.split(",")}
# ... and those left out, which a question's verb still finds: asked "when did the US leave?",
# the "left" of "Once the US left Afghanistan" is the verb's (see ``query``)
AMBIGUOUS_PAST = {"leave": "left", "find": "found", "rise": "rose", "strike": "struck",
                  "bind": "bound"}

MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

# Words that only colour a question ("what does X actually want", "exactly how many", "random q
# but", the "back" of "sent back"): a question is read without them. The articles' own uses
# still count.
HEDGES = frozenset("""
actually basically even exactly literally whole stuff random q totally truly seriously honestly
kinda sorta anyway anyways guy guys dude bloke fella lady chap back everyone everybody
""".split())

# What someone thinks, means, called something or how they reacted: held by a quote that
# reports what they said
OPINION_WORDS = frozenset("""
think thinks thought reckon reckons feel feels felt believe believes believed meant view views
talk talks talking talked
opinion opinions stance position react reacts reacted reaction reactions respond responds
responded response responses
call calls called calling describe describes described describing
""".split())


def normalize(text: str) -> str:
    """Unicode NFKC, straight quotes and hyphens, no invisible or control characters."""
    if text.isascii():  # nothing to fold but control characters
        return _CONTROL.sub(" ", text)
    if not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    text = _FOLDABLE.sub(_fold, text)
    text = _INVISIBLE.sub("", text)
    return _CONTROL.sub(" ", text)


def _fold(match: re.Match[str]) -> str:
    return _FOLD_TABLE[match.group()]


def words(text: str, lower: bool = True) -> list[str]:
    """Surface words of ``text``, compounds kept whole, possessives dropped."""
    clean = _PER_CENT.sub("percent", _NUMBER_SEP.sub("", normalize(text)))
    found = _WORD.findall(clean)
    if "'" in clean:
        found = [w for w in (_drop_possessive(w) if "'" in w else w for w in found) if w]
    return [w.lower() for w in found] if lower else found


def _drop_possessive(word: str) -> str:
    return _POSSESSIVE.sub("", word).strip("'-/")


def plain(word: str) -> str:
    """The word without its accents, as people type it: "café" is "cafe", "Halász" is
    "Halasz"."""
    if word.isascii():
        return word
    return "".join(c for c in unicodedata.normalize("NFD", word)
                   if not unicodedata.combining(c))


def parts(word: str) -> list[str]:
    """The pieces of a compound word: 'us-led' -> ['us', 'led']; '9/11' -> ['9', '11']."""
    if "-" not in word and "/" not in word and "'" not in word:
        return [word]
    return [p for p in _PART_SEP.split(word) if p]


def joined(word: str) -> str:
    """A compound written as one word: 'is-k' -> 'isk'."""
    return "".join(parts(word))


class Tokenizer:
    """Turns text into index terms; the same object serves passages and questions."""

    def __init__(self, stop_words: frozenset[str] = STOP_WORDS) -> None:
        self.stop_words = stop_words
        self._stemmer = snowballstemmer.stemmer("english")
        self._stems: dict[str, str] = {}  # a plain dict: no reference cycle, no lock

    def stem(self, word: str) -> str:
        stem = self._stems.get(word)
        if stem is None:
            if word.isdigit() or len(word) <= 2:
                stem = word
            else:
                if len(self._stems) >= STEM_CACHE:
                    self._stems.clear()
                bare = plain(word)
                stem = self._stemmer.stemWord(IRREGULAR.get(bare, bare))
            self._stems[word] = stem
        return stem

    def word_terms(self, word: str) -> list[str]:
        """Index terms of one surface word (see ``words``)."""
        if word in self.stop_words:
            return []
        pieces = parts(word)
        if len(pieces) == 1:
            piece = pieces[0]
            return [] if piece in self.stop_words else [self.stem(piece)]
        terms = [self.stem(p) for p in pieces if p not in self.stop_words and len(p) > 1]
        terms.append(self.stem("".join(pieces)))
        return terms

    def terms(self, text: str) -> list[str]:
        """All index terms of ``text``, in order, with repeats."""
        out: list[str] = []
        for word in words(text):
            out.extend(self.word_terms(word))
        return out

    def is_content_word(self, word: str) -> bool:
        return any(p not in self.stop_words for p in parts(word))
