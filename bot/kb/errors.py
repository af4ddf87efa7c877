"""Errors the knowledge engine reports about knowledge files."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one knowledge file, located as precisely as known."""

    file: str
    message: str
    line: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        what = f"{self.field}: {self.message}" if self.field else self.message
        return f"{where}: {what}"


class KnowledgeError(Exception):
    """Raised when a knowledge folder or file cannot be loaded.

    Carries every problem found, so that a moderator can fix them all at once.
    """

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        first = str(self.problems[0]) if self.problems else "unknown problem"
        more = len(self.problems) - 1
        super().__init__(first if more <= 0 else f"{first} (and {more} more)")

    def listing(self) -> str:
        """Every problem on its own indented line, for a terminal."""
        return "\n".join(f"  {p}" for p in self.problems)
