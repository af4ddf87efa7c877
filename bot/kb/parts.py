"""One answer to a question of several parts: each part's best quotes, merged, and the
question read whole, to settle which quote comes first and whether the answer is sure.
"""

from __future__ import annotations

from dataclasses import replace

from bot.kb.result import Answer, Excerpt


def merge_parts(question: str, answers: list[Answer], limit: int,
                holds: list[bool] | None = None) -> Answer:
    """One answer to a question of several parts: the best quote of each part first.

    Sure when every part is, or when one sentence answers them all: a part is sure of it,
    and it is the best quote of every other part, which finds in it what it asks
    (``holds``: the figure, the date, the name; see ``decide.holds_what_is_asked``). "When
    were they arrested and how long was that after the story came out?" of "Their arrest,
    on 3 September, came eleven days after ...": the short second part is far in meaning
    from the long sentence. Declined only when every part is.
    """
    answered = [a for a in answers if a.answered]
    absent = tuple(dict.fromkeys(w for a in answers for w in a.absent))
    corrections = {k: v for a in answers for k, v in a.corrections.items()}
    if not answered:
        first = answers[0]
        return replace(first, question=question, absent=absent, corrections=corrections)
    excerpts: list[Excerpt] = []
    spans: set[tuple[str, int, int]] = set()
    for rank in range(limit):
        for a in answered:
            if rank < len(a.excerpts) and len(excerpts) < limit:
                e = a.excerpts[rank]
                key = (e.passage.id, e.start, e.end)
                if key not in spans:
                    spans.add(key)
                    excerpts.append(e)
    sure = len(answered) == len(answers) and (
        not any(a.tentative for a in answers)
        or _one_sentence_answers(answers, holds or [False] * len(answers)))
    return Answer(question, True, tuple(excerpts),
                  matched=tuple(dict.fromkeys(w for a in answers for w in a.matched)),
                  missing=tuple(dict.fromkeys(w for a in answers for w in a.missing)),
                  coverage=min(a.coverage for a in answers), corrections=corrections,
                  tentative=not sure, absent=absent, similarity=answered[0].similarity)


def _overlap(e: Excerpt, f: Excerpt) -> bool:
    """Two quotes share some of the same paragraph's text."""
    return e.passage.id == f.passage.id and e.start < f.end and f.start < e.end


def _one_sentence_answers(answers: list[Answer], holds: list[bool]) -> bool:
    """A part is sure of its first quote, and every unsure part has the same sentence first
    and holds what it asks in it."""
    return any(
        not a.tentative and all(
            not b.tentative or (h and _overlap(a.excerpts[0], b.excerpts[0]))
            for b, h in zip(answers, holds, strict=True))
        for a in answers if a.excerpts)


def _parts_vouch(parts: list[Answer], first: Excerpt) -> bool:
    """The whole question's ``first`` quote is a sure part's first too, or, every part
    answered, two parts' first."""
    on_it = [a for a in parts if a.answered and _overlap(a.excerpts[0], first)]
    return any(not a.tentative for a in on_it) or (
        all(a.answered for a in parts) and len(on_it) >= 2)


def read_whole(merged: Answer, whole: Answer, parts: list[Answer]) -> Answer:
    """A question of several parts, answered part by part (``merged``), and read whole: the
    parts' quote that the whole question finds first comes first, cut as the whole reads it
    (one sentence may give the dead and the injured, in clauses each part alone would not
    both keep), and a sure reading of the whole settles an unsure part, as does a sure part
    whose first quote the whole question, read unsure, finds first too ("when was the airline
    founded and what was it called originally?" of "Founded in 1963 as Valdenian National
    Airways, ...": the second part, alone, knows only "it"), or two parts, each unsure alone,
    when every part is answered ("how old is Farid and what does he do for work?": three
    readings agree on "He is 29, rides for three delivery platforms ...")."""
    if merged.tentative and whole.answered and (
            not whole.tentative or _parts_vouch(parts, whole.excerpts[0])):
        merged = replace(merged, tentative=False)
    if whole.excerpts:
        best = whole.excerpts[0]
        same = [e for e in merged.excerpts if _overlap(e, best)]
        if same:
            merged = replace(merged, excerpts=(best, *(e for e in merged.excerpts
                                                       if e not in same)))
    return merged
