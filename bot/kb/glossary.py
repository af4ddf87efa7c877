"""The glossary: entities with their aliases, topics, and synonyms users type.

``knowledge/glossary.yaml``::

    entities:
      - id: ttp
        name: Tehrik-i-Taliban Pakistan
        type: group
        aliases: [TTP, Tehreek-e-Taliban, Pakistani Taliban]
    topics:
      - id: refugees
        name: Afghan refugees and deportation
        keywords: [refugee, deport, migrant]
    synonyms:
      - [chief, head, director general]

Aliases are matched whatever their spacing, hyphens or case ("IS-K", "ISK",
"Isk"), except an all-capitals alias that is also an English stop word
("US", "IS"), which must be written in capitals. Words read together as one
alias hold an English stop word only as the alias writes it: "is kp" is the
words "is" and "KP", not "IS-KP" or "ISKP".
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from bot.kb.errors import KnowledgeError, Problem
from bot.kb.text import STOP_WORDS, YEAR, Tokenizer, parts, words

ENTITY_TYPES = ("person", "group", "organisation", "place", "agreement", "concept", "event")
MAX_ALIAS_PARTS = 6


@dataclass(frozen=True)
class Entity:
    id: str
    name: str
    type: str
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class Topic:
    id: str
    name: str
    keywords: tuple[str, ...]


@dataclass(frozen=True)
class Mention:
    entity: str
    start: int  # index of the first word part matched
    end: int  # one past the last word part matched


@dataclass(frozen=True)
class About:
    """What the articles are about, as the bot's greeting and help say it: "the Taliban and
    Pakistan", with a question to show how to ask."""

    topic: str
    example: str | None = None


@dataclass(frozen=True, slots=True)
class Annotations:
    entities: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    years: tuple[str, ...] = ()

    def pack(self) -> str:
        """One string: 'ttp,isi|refugees|1947' (ids and years hold no ',' or '|')."""
        if not (self.entities or self.topics or self.years):
            return ""
        return "|".join(",".join(part) for part in (self.entities, self.topics, self.years))

    @classmethod
    def unpack(cls, packed: str) -> Annotations:
        if not packed:
            return cls()
        entities, topics, years = (tuple(p for p in part.split(",") if p)
                                   for part in packed.split("|"))
        return cls(entities, topics, years)


@dataclass
class Glossary:
    entities: dict[str, Entity] = field(default_factory=dict)
    topics: dict[str, Topic] = field(default_factory=dict)
    synonyms: tuple[tuple[str, ...], ...] = ()
    path: str = ""
    about: About | None = None

    def __post_init__(self) -> None:
        # alias key (its parts joined) -> (entity id, needs capitals)
        self._aliases: dict[str, tuple[str, bool]] = {}
        # alias key -> the lower-case parts of its aliases that hold a stop word
        # in small letters ("islamic emirate of afghanistan")
        self._with_stop_words: dict[str, set[tuple[str, ...]]] = defaultdict(set)
        for entity in self.entities.values():
            for alias in (entity.name, *entity.aliases):
                cased_pieces = [p for w in words(alias, lower=False) for p in parts(w)]
                pieces = tuple(p.lower() for p in cased_pieces)
                key = "".join(pieces)
                cased = alias.isupper() and key in STOP_WORDS
                if key and key not in self._aliases:
                    self._aliases[key] = (entity.id, cased)
                if not any(p.isupper() and p.lower() in STOP_WORDS for p in cased_pieces):
                    self._with_stop_words[key].add(pieces)
        # every beginning of an alias key: a scan stops as soon as it leaves them
        self._prefixes = {key[:n] for key in self._aliases for n in range(1, len(key) + 1)}
        self._synonyms: dict[str, tuple[str, ...]] = {}
        for group in self.synonyms:
            for phrase in group:
                self._synonyms[phrase.lower()] = tuple(p for p in group if p.lower() != phrase.lower())

    # --- entities -----------------------------------------------------------
    def mentions(self, text: str) -> list[Mention]:
        """Entity mentions in ``text``, longest alias first, left to right."""
        return self.mentions_in_words(words(text, lower=False))

    def mentions_in_words(self, cased_words: list[str],
                          lowered: list[str] | None = None) -> list[Mention]:
        """Entity mentions in words as ``words(text, lower=False)`` gives them
        (``lowered``: the same words in lower case, when the caller has them)."""
        joined = "".join(cased_words)
        if "-" in joined or "/" in joined or "'" in joined:
            pieces = [p for w in cased_words for p in parts(w)]
            lowered = [p.lower() for p in pieces]
        else:  # each word is one part
            pieces = cased_words
            lowered = lowered if lowered is not None else [w.lower() for w in pieces]
        prefixes, aliases = self._prefixes, self._aliases
        found: list[Mention] = []
        covered = 0  # parts before this one belong to a mention already found
        last = len(lowered) - 1
        for i in [k for k, p in enumerate(lowered) if p in prefixes]:
            if i < covered:
                continue
            if (lowered[i] not in aliases
                    and (i == last or lowered[i] + lowered[i + 1] not in prefixes)):
                continue  # most beginnings ("the", "in") begin no alias: skip them quickly
            best = None
            key = ""
            for j in range(i, min(len(lowered), i + MAX_ALIAS_PARTS)):
                key += lowered[j]
                if key not in prefixes:
                    break
                hit = aliases.get(key)
                if hit and (not hit[1] or all(p.isupper() and len(p) > 1
                                              for p in pieces[i:j + 1])) \
                        and self._stop_words_as_written(key, pieces[i:j + 1], lowered[i:j + 1]):
                    best = Mention(hit[0], i, j + 1)
            if best:
                found.append(best)
                covered = best.end
        return found

    def _stop_words_as_written(self, key: str, span: list[str], lowered: list[str]) -> bool:
        """Whether several words read as one alias hold a stop word only where an
        alias has it in small letters ("is kp" is not "IS-KP")."""
        if len(span) < 2 or not any(w.lower() in STOP_WORDS and not w.isupper() for w in span):
            return True
        return tuple(lowered) in self._with_stop_words.get(key, ())

    def alias_words(self) -> set[str]:
        """Every lower-case word used in a name or alias (for spelling correction)."""
        out: set[str] = set()
        for entity in self.entities.values():
            for alias in (entity.name, *entity.aliases):
                out.update(words(alias))
        return out

    # --- topics and synonyms ------------------------------------------------
    def topic_stems(self, tokenizer: Tokenizer) -> dict[str, set[str]]:
        """Topic id -> the index terms of its keywords."""
        return {t.id: {term for k in t.keywords for term in tokenizer.terms(k)}
                for t in self.topics.values()}

    def synonyms_of(self, phrase: str) -> tuple[str, ...]:
        return self._synonyms.get(phrase.lower(), ())

    def annotate(self, text: str, tokenizer: Tokenizer,
                 topic_stems: dict[str, set[str]] | None = None) -> Annotations:
        entities = list(dict.fromkeys(m.entity for m in self.mentions(text)))
        stems = set(tokenizer.terms(text))
        topic_stems = topic_stems if topic_stems is not None else self.topic_stems(tokenizer)
        topics = [tid for tid, keys in topic_stems.items() if keys & stems]
        years = list(dict.fromkeys(m.group(1) for m in YEAR.finditer(text)))
        return Annotations(tuple(entities), tuple(topics), tuple(years))

    def stats(self) -> dict[str, object]:
        by_type: dict[str, int] = defaultdict(int)
        for e in self.entities.values():
            by_type[e.type] += 1
        return {"entities": len(self.entities), "aliases": len(self._aliases),
                "topics": len(self.topics), "synonym groups": len(self.synonyms),
                "entities by type": dict(sorted(by_type.items()))}


def _str_list(value: object) -> list[str] | None:
    if isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value):
        return [v.strip() for v in value]
    return None


def _node_lines(text: str) -> dict[tuple[str, int], int]:
    """Line of each item of the top-level lists: (section, index) -> line."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return {}
    out: dict[tuple[str, int], int] = {}
    if isinstance(root, yaml.MappingNode):
        for key, value in root.value:
            if isinstance(value, yaml.SequenceNode):
                for i, item in enumerate(value.value):
                    out[(str(key.value), i)] = item.start_mark.line + 1
    return out


def parse_glossary(raw: bytes, name: str) -> Glossary:
    """Parse glossary bytes; raise KnowledgeError listing every problem."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise KnowledgeError([Problem(name, "not valid UTF-8", line)]) from None
    try:
        data = yaml.safe_load(text) or {}
    except Exception as exc:  # YAMLError; ValueError, KeyError... from !!tags, dates like 2023-02-30
        mark = getattr(exc, "problem_mark", None)
        raise KnowledgeError([Problem(name, f"bad YAML: {getattr(exc, 'problem', exc)}",
                                      mark.line + 1 if mark else None)]) from None
    if not isinstance(data, dict):
        raise KnowledgeError([Problem(name, "must be a mapping with entities, topics, synonyms")])
    lines = _node_lines(text)
    problems: list[Problem] = []
    for key in data:
        if key not in ("about", "entities", "topics", "synonyms"):
            problems.append(Problem(name, "unknown section; allowed: about, entities, topics, "
                                    "synonyms", None, str(key)))
    about = _about(data.get("about"), name, problems)
    for key in ("entities", "topics", "synonyms"):
        if not isinstance(data.get(key) or [], list):  # e.g. "entities: 2023"
            problems.append(Problem(name, "must be a list", None, key))
            data[key] = []
    entities: dict[str, Entity] = {}
    for i, item in enumerate(data.get("entities") or []):
        line = lines.get(("entities", i))
        if not isinstance(item, dict):
            problems.append(Problem(name, "an entity must be a mapping", line, "entities"))
            continue
        unknown = set(item) - {"id", "name", "type", "aliases"}
        if unknown:
            problems.append(Problem(name, f"unknown keys {sorted(unknown)}", line, "entities"))
        eid, ename, etype = item.get("id"), item.get("name"), item.get("type")
        aliases = _str_list(item.get("aliases", []))
        if not isinstance(eid, str) or not re.fullmatch(r"[a-z0-9_]+", eid):
            problems.append(Problem(name, "id must be lower-case letters, digits, '_'", line, "id"))
        elif eid in entities:
            problems.append(Problem(name, f"duplicate entity id '{eid}'", line, "id"))
        if not isinstance(ename, str) or not ename.strip():
            problems.append(Problem(name, "name must be text", line, "name"))
        if etype not in ENTITY_TYPES:
            problems.append(Problem(name, f"type must be one of {', '.join(ENTITY_TYPES)}",
                                    line, "type"))
        if aliases is None:
            problems.append(Problem(name, "aliases must be a list of text", line, "aliases"))
        for alias in [*(aliases or ()), *([ename] if isinstance(ename, str) else [])]:
            key = "".join(p.lower() for w in words(alias, lower=False) for p in parts(w))
            if not key:
                problems.append(Problem(name, f"alias '{alias}' has no words", line, "aliases"))
            elif key in STOP_WORDS and not alias.isupper():
                problems.append(Problem(name, f"alias '{alias}' is a common word (a stop word) "
                                        "and would be found in almost every sentence; an "
                                        "acronym written in capitals (e.g. 'IS') is matched "
                                        "only in capitals", line, "aliases"))
        if not problems and isinstance(eid, str):
            entities[eid] = Entity(eid, str(ename), str(etype), tuple(aliases or ()))
    topics: dict[str, Topic] = {}
    for i, item in enumerate(data.get("topics") or []):
        line = lines.get(("topics", i))
        if not isinstance(item, dict) or set(item) - {"id", "name", "keywords"}:
            problems.append(Problem(name, "a topic is a mapping of id, name, keywords", line,
                                    "topics"))
            continue
        keywords = _str_list(item.get("keywords"))
        tid = item.get("id")
        if not isinstance(tid, str) or not isinstance(item.get("name"), str) or not keywords:
            problems.append(Problem(name, "a topic needs an id, a name and keywords", line,
                                    "topics"))
        elif not re.fullmatch(r"[a-z0-9_]+", tid):
            problems.append(Problem(name, f"topic id '{tid}' must be lower-case letters, digits "
                                    "and _", line, "id"))
        elif tid in topics:
            problems.append(Problem(name, f"duplicate topic id '{tid}'", line, "id"))
        else:
            topics[tid] = Topic(tid, item["name"], tuple(keywords))
    synonyms = []
    for i, group in enumerate(data.get("synonyms") or []):
        words_ = _str_list(group)
        if not words_ or len(words_) < 2:
            problems.append(Problem(name, "a synonym group is a list of two or more words",
                                    lines.get(("synonyms", i)), "synonyms"))
        else:
            synonyms.append(tuple(words_))
    if problems:
        raise KnowledgeError(problems)
    return Glossary(entities, topics, tuple(synonyms), name, about)


ABOUT_TOPIC_LIMIT = 80
ABOUT_EXAMPLE_LIMIT = 150


def _about(value: object, name: str, problems: list[Problem]) -> About | None:
    """The optional ``about`` section: ``topic`` (what the articles are about, as "Ask me
    about ..." ends) and ``example`` (a question)."""
    if value is None:
        return None
    if not isinstance(value, dict):
        problems.append(Problem(name, "must be a mapping of topic and example", None, "about"))
        return None
    unknown = set(value) - {"topic", "example"}
    if unknown:
        problems.append(Problem(name, f"unknown keys {sorted(map(str, unknown))}; allowed: "
                                "topic, example", None, "about"))
    topic, example = value.get("topic"), value.get("example")
    if not isinstance(topic, str) or not topic.strip() or len(topic) > ABOUT_TOPIC_LIMIT:
        problems.append(Problem(name, f"topic must be text of at most {ABOUT_TOPIC_LIMIT} "
                                "characters, e.g. 'the Taliban and Pakistan'", None, "about"))
        return None
    if example is not None and (not isinstance(example, str) or not example.strip()
                                or len(example) > ABOUT_EXAMPLE_LIMIT):
        problems.append(Problem(name, f"example must be a question of at most "
                                f"{ABOUT_EXAMPLE_LIMIT} characters", None, "about"))
        return None
    return About(topic.strip(), example.strip() if example else None)


def load_glossary(folder: Path) -> Glossary:
    path = folder / "glossary.yaml"
    if not path.exists():
        return Glossary()
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise KnowledgeError([Problem(str(path), f"cannot be read: {exc.strerror}")]) from None
    return parse_glossary(raw, str(path))
