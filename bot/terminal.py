"""Answers as terminal text: quotes, sources, matched words in bold where supported."""

from __future__ import annotations

import textwrap

from bot.kb.result import Answer, Excerpt

BOLD, DIM, YELLOW, RESET = "\033[1m", "\033[2m", "\033[33m", "\033[0m"


def _emphasise(excerpt: Excerpt, color: bool) -> str:
    if not color:
        return excerpt.quote
    out, last = [], 0
    for start, end in excerpt.highlights:
        out += [excerpt.quote[last:start], BOLD, excerpt.quote[start:end], RESET]
        last = end
    out.append(excerpt.quote[last:])
    return "".join(out)


def citation(excerpt: Excerpt) -> str:
    a = excerpt.article
    parts = [a.display_title]
    if a.publication != "unknown":
        parts.append(a.publication)
    if a.date != "unknown":
        parts.append(a.date)
    parts.append(excerpt.passage.label)
    return ", ".join(parts)


def render_answer(answer: Answer, color: bool = False, width: int = 88) -> str:
    if not answer.answered:
        return answer.message
    lines: list[str] = []
    notice = answer.message  # the closest passages, or the articles' own summaries: said
    if notice:  # before the quotes, not after
        lines += [f"{YELLOW}{notice}{RESET}" if color and answer.tentative else notice, ""]
    for n, excerpt in enumerate(answer.excerpts, 1):
        quote = _emphasise(excerpt, color)
        if not excerpt.quote.startswith(("\u201c", '"')):
            quote = f"\u201c{quote}\u201d"
        wrapped = textwrap.wrap(quote, width - 6) if not color else [quote]
        lines.append(f"[{n}] " + wrapped[0])
        lines += ["    " + line for line in wrapped[1:]]
    lines.append("")
    lines.append("Sources:")
    for n, excerpt in enumerate(answer.excerpts, 1):
        lines.append(f"[{n}] {citation(excerpt)}")
        if excerpt.article.url != "unknown":
            lines.append(f"    {excerpt.article.url}")
    notes = [f"matched: {', '.join(answer.matched)}"] if answer.matched else []
    if answer.corrections:
        notes.append("read " + ", ".join(f"{k!r} as {v!r}" for k, v in answer.corrections.items()))
    if notes:  # (none for a quote found by meaning alone)
        footer = "; ".join(notes)
        lines.append((DIM + footer + RESET) if color else footer)
    return "\n".join(lines)
