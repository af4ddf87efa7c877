"""Knowledge gaps: the questions the bot declined or that got 👎, near duplicates grouped.

Two questions are near duplicates when their index terms (the same tokenizer
as the search: stemmed, stop words out) overlap by at least ``SIMILARITY``
(Jaccard), so "Who funds the TTP?" and "who is funding the ttp" count as one.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol

from bot.kb.text import Tokenizer, normalize

SIMILARITY = 0.6


class AskedQuestion(Protocol):
    question: str
    asked_at: float
    declined: bool
    thumbs_down: int


@dataclass
class Gap:
    question: str  # the most common wording
    count: int = 0
    declined: int = 0
    thumbs_down: int = 0
    last_asked: float = 0.0
    wordings: Counter[str] = field(default_factory=Counter)  # lower-cased wording -> count
    typed: dict[str, str] = field(default_factory=dict)  # lower-cased -> as first typed
    terms: frozenset[str] = frozenset()


def _similar(a: frozenset[str], b: frozenset[str]) -> bool:
    if not a or not b:
        return a == b
    return len(a & b) / len(a | b) >= SIMILARITY


def group_gaps(rows: Iterable[AskedQuestion], tokenizer: Tokenizer, limit: int = 10) -> list[Gap]:
    """Groups of near-duplicate questions, the most frequent first."""
    groups: list[Gap] = []
    for row in sorted(rows, key=lambda r: r.asked_at):
        text = " ".join(row.question.split())
        terms = frozenset(tokenizer.terms(normalize(text)))
        group = next((g for g in groups if _similar(g.terms, terms)), None)
        if group is None:
            group = Gap(text, terms=terms)
            groups.append(group)
        group.count += 1
        group.declined += int(row.declined)
        group.thumbs_down += row.thumbs_down
        group.last_asked = max(group.last_asked, row.asked_at)
        key = text.lower()
        group.wordings[key] += 1
        group.typed.setdefault(key, text)
        group.question = group.typed[max(group.wordings.items(), key=lambda kv: kv[1])[0]]
    groups.sort(key=lambda g: (-(g.count + g.thumbs_down), -g.last_asked))
    return groups[:limit]
