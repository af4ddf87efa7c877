"""Sentence boundaries inside a paragraph, as character spans of the original text.

A sentence ends at '.', '!' or '?' (with any closing quotes or brackets that
follow) when the next word starts a sentence: an upper-case letter, a digit or
an opening quote. Abbreviations ("Dr.", "U.S.", "e.g."), initials ("J. Smith")
and decimal numbers do not end a sentence, and an ellipsis inside a quotation
does not either. Spans keep the text exact, so a quote built from them is a
substring of the paragraph.
"""

from __future__ import annotations

import re

ABBREVIATIONS = frozenset("""
mr mrs ms dr prof sr jr st mt gen col lt maj capt cmdr adm sgt gov sen rep pres amb rev hon
no nos vol vols pp fig figs approx est inc ltd co corp dept univ assn bros
jan feb mar apr jun jul aug sep sept oct nov dec
e.g i.e etc vs cf al u.s u.k u.n u.s.a
""".split())

_END = re.compile(r"[.!?]+[\"'\u201d\u2019)\]]*")
_NEXT_START = re.compile(r"\s+[\"'\u201c\u2018(\[]*[A-Z0-9\u00c0-\u024f]")


def _word_before(text: str, end: int) -> str:
    start = end
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] == "."):
        start -= 1
    return text[start:end].lower().strip(".")


def _is_boundary(text: str, match: re.Match[str]) -> bool:
    if not _NEXT_START.match(text, match.end()):
        return False
    if match.group().startswith("..."):
        return False  # an ellipsis, usually a cut inside a quotation
    if match.group().startswith("."):
        word = _word_before(text, match.start())
        if word in ABBREVIATIONS:
            return False
        if len(word) == 1 and word.isalpha() and text[match.start() - 1].isupper():
            return False  # an initial, as in "J. Smith"
    return True


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of ``text``, leading and trailing spaces excluded."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _END.finditer(text):
        if _is_boundary(text, match):
            spans.append((start, match.end()))
            start = match.end()
    spans.append((start, len(text)))
    out = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s < e:
            out.append((s, e))
    return out


def split_sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in sentence_spans(text)]
