"""YAML written by hand: PyYAML's safe loader, with the traps of hand-written files closed.

- A key given twice in one mapping is refused, naming the key and both lines (plain
  ``yaml.safe_load`` keeps the last and silently drops the first).
- Aliases are bounded: the document is composed first, then the size it would have with
  every alias expanded is counted (each shared node once), and a document of more than
  ``max_values`` values is refused before anything is constructed. PyYAML itself shares
  the aliased objects, but anything that walks them (a repr in an error message, a loop
  over a list) walks the expansion: ten nested aliases of nine items are 3.5 billion.
- Numbers with an exponent and no dot (``1e308``, ``2E-3``) are numbers, as in YAML 1.2,
  not text.
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

MAX_VALUES = 10_000  # a config holds about a hundred
MAX_DEPTH = 100
_MERGE = "tag:yaml.org,2002:merge"


class YamlError(ValueError):
    """Why a document was refused: ``problem`` (one line), its 1-based ``line`` if known, and
    whether it is not YAML at all (``syntax``) or YAML that a trap above refuses."""

    def __init__(self, problem: str, line: int | None = None, syntax: bool = False) -> None:
        super().__init__(problem if line is None else f"line {line}: {problem}")
        self.problem, self.line, self.syntax = problem, line, syntax


class _Loader(yaml.SafeLoader):
    """The safe loader, reading ``1e308`` as a number."""


_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?[0-9][0-9_]*(?:\.[0-9_]*)?[eE][-+]?[0-9]+$"),
    list("-+0123456789"))


def _line(node: Node) -> int:
    return node.start_mark.line + 1


def _name(path: str, key: str) -> str:
    key = key if len(key) <= 40 else key[:39] + "…"
    return f"{path}.{key}" if path else key


class _Census:
    """Counts a composed document's values with aliases expanded, checking keys on the way."""

    def __init__(self, max_values: int) -> None:
        self.max_values = max_values
        self.sizes: dict[int, int] = {}  # id(node) -> its size expanded; each node counted once
        self.open: set[int] = set()  # the nodes being counted: one seen again is a cycle

    def size(self, node: Node, path: str = "", depth: int = 0) -> int:
        key = id(node)
        if key in self.sizes:
            return self.sizes[key]
        if key in self.open:
            raise YamlError("an alias refers to the value that holds it", _line(node))
        if depth > MAX_DEPTH:
            raise YamlError(f"nested more than {MAX_DEPTH} levels deep", _line(node))
        self.open.add(key)
        total = 1
        for child, child_path in self._children(node, path):
            total += self.size(child, child_path, depth + 1)
            if total > self.max_values:
                raise YamlError(f"more than {self.max_values:,} values once aliases are "
                                "expanded", _line(child))
        self.open.discard(key)
        self.sizes[key] = total
        return total

    @staticmethod
    def _children(node: Node, path: str) -> list[tuple[Node, str]]:
        if isinstance(node, SequenceNode):
            return [(item, f"{path}[{i}]") for i, item in enumerate(node.value)]
        if not isinstance(node, MappingNode):
            return []
        children: list[tuple[Node, str]] = []
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE:  # `<<: *defaults`: keys given beside it override
                children.append((value_node, path))
                continue
            if not isinstance(key_node, ScalarNode):
                raise YamlError("a key must be a name, not a list or a mapping",
                                _line(key_node))
            name = _name(path, key_node.value)
            if key_node.value in seen:
                raise YamlError(f"duplicate key '{name}' (lines {seen[key_node.value]} and "
                                f"{_line(key_node)}): give it once")
            seen[key_node.value] = _line(key_node)
            children += [(key_node, name), (value_node, name)]
        return children


def load(text: str, max_values: int = MAX_VALUES) -> Any:
    """The document in ``text`` (None when empty). YamlError for bad YAML or a trap above."""
    loader = None
    try:
        loader = _Loader(text)  # refuses control characters at once
        node = loader.get_single_node()
        if node is None:
            return None
        _Census(max_values).size(node)
        return loader.construct_document(node)
    except YamlError:
        raise
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise YamlError(_clip(exc.problem or exc.context or "bad YAML"),
                        mark.line + 1 if mark else None, syntax=True) from None
    except Exception as exc:
        # ValueError and friends: values YAML reads but Python cannot hold (2023-02-30);
        # KeyError, AttributeError: explicit tags on values they do not fit (!!bool maybe)
        problem = str(exc) if isinstance(exc, yaml.YAMLError | ValueError | RecursionError) \
            else f"a value that does not fit its tag ({type(exc).__name__})"
        raise YamlError(_clip(problem or type(exc).__name__), syntax=True) from None
    finally:
        if loader is not None:
            loader.dispose()


def _clip(text: str, limit: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
