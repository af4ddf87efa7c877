"""A synthetic knowledge base of any size, for the benchmark.

Sentences are the seed article's own, recombined: each synthetic paragraph
takes two to five of them, with the names of people, places and groups, the
numbers and the years varied, and some words replaced by rare made-up words
(a Zipf-like long tail, as a real library of articles has). Questions are
drawn the same way: content words of a generated sentence in a question
frame, sometimes with a typo or a word no article holds.
"""

from __future__ import annotations

import json
import random
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

from bot.kb.articles import article_files, parse_article
from bot.kb.sentences import split_sentences
from bot.kb.text import STOP_WORDS

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "knowledge"

PEOPLE = ["Imran Khan", "Faiz Hameed", "Anwar-ul-Haq Kakar", "Amir Khan Muttaqi", "Sanaa Alimia",
          "Asim Munir", "Shehbaz Sharif", "Zabihullah Mujahid", "Sirajuddin Haqqani",
          "Hibatullah Akhundzada", "Bilawal Bhutto", "Nawaz Sharif", "Ishaq Dar", "Mohsin Naqvi",
          "Abdul Ghani Baradar", "Mullah Yaqoob", "Ashraf Ghani", "Hamid Karzai"]
PLACES = ["Kabul", "Islamabad", "Peshawar", "Quetta", "Kandahar", "Torkham", "Chaman", "Khost",
          "Jalalabad", "Karachi", "Lahore", "Waziristan", "Kunar", "Nangarhar", "Balochistan",
          "Khyber Pakhtunkhwa", "Paktika", "Bajaur", "Helmand", "Herat", "Gwadar", "Chitral"]
GROUPS = ["TTP", "IS-K", "the Haqqani network", "al-Qaeda", "the Baloch Liberation Army",
          "Lashkar-e-Taiba", "Jamaat-ul-Ahrar", "the Afghan Taliban", "the ISI", "the army"]
PUBLICATIONS = ["Dawn", "The Diplomat", "Al Jazeera", "Reuters", "The Express Tribune",
                "Foreign Policy", "BBC News", "Tolo News", "The News International"]
FRAMES = ["What did {0} say about {1} {2}?", "Why did {0} {1} {2}?", "When did {0} {1}?",
          "How many {0} {1} {2}?", "Who {0} {1} {2}?", "What happened to {0} {1}?",
          "{0} {1} {2}", "What is the link between {0} and {1}?", "Where did {0} {1} {2}?"]
_SYLLABLES = ["ka", "ri", "zan", "tor", "mul", "bek", "sha", "qor", "vin", "dal", "nur", "gha",
              "pes", "lo", "tam", "ush", "yar", "zeb", "fir", "kho", "ban", "dro", "sel", "wak"]
_NUMBER = re.compile(r"\b\d+\b")
_WORD = re.compile(r"[A-Za-z]{4,}")


def _seed_sentences() -> list[str]:
    path = article_files(SEED)[0]
    article = parse_article(path.read_bytes(), str(path))
    out = []
    for paragraph in article.paragraphs:
        out.extend(s for s in split_sentences(paragraph.text) if len(s) > 40)
    return out


class Generator:
    """Deterministic synthetic articles and questions for a given seed."""

    def __init__(self, seed: int = 1) -> None:
        self.random = random.Random(seed)
        self.sentences = _seed_sentences()
        names = [n for names in (PEOPLE, PLACES, GROUPS) for n in names]
        self._swap = re.compile("|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)))
        self.rare = [self._rare_word() for _ in range(60_000)]

    def _rare_word(self) -> str:
        return "".join(self.random.choice(_SYLLABLES) for _ in range(self.random.randint(2, 4)))

    def _rare(self) -> str:
        # Zipf-like: a few rare words come back often, most almost never
        return self.rare[min(int(self.random.paretovariate(0.8)) - 1, len(self.rare) - 1)]

    def _vary_name(self, match: re.Match[str]) -> str:
        name = match.group()
        for pool in (PEOPLE, PLACES, GROUPS):
            if name in pool:
                return self.random.choice(pool)
        return name

    def sentence(self) -> str:
        r = self.random
        text = self._swap.sub(self._vary_name, r.choice(self.sentences))
        text = _NUMBER.sub(lambda m: str(r.randint(1900, 2026)) if len(m.group()) == 4
                           else str(r.randint(2, 999)), text)
        if r.random() < 0.6:
            words = list(_WORD.finditer(text))
            for m in r.sample(words, min(len(words), r.randint(1, 3)))[::-1]:
                if m.group()[0].islower():
                    text = text[:m.start()] + self._rare() + text[m.end():]
        return text

    def paragraph(self) -> str:
        return " ".join(self.sentence() for _ in range(self.random.randint(2, 5)))

    def article(self, number: int, paragraphs: int) -> str:
        r = self.random
        year, month = r.randint(2015, 2026), r.randint(1, 12)
        title = self.sentence()[:90].rstrip(" ,.;:")
        body = "\n\n".join(self.paragraph() for _ in range(paragraphs))
        return (f"---\nid: synthetic-{number:07d}\ntitle: {json.dumps(title, ensure_ascii=False)}\n"
                f"publication: {r.choice(PUBLICATIONS)}\nauthor: unknown\n"
                f"date: {year}-{month:02d}\nurl: https://example.org/synthetic/{number}\n"
                f"language: en\n---\n\n{body}\n")

    def question(self) -> str:
        r = self.random
        sentence = self.sentence()
        content = [w for w in re.findall(r"[A-Za-z][A-Za-z-]+", sentence)
                   if w.lower() not in STOP_WORDS and len(w) > 3]
        picked = r.sample(content, min(3, len(content))) if content else ["Taliban"]
        if r.random() < 0.1:  # a typo
            word = picked[0]
            i = r.randrange(1, len(word))
            picked[0] = word[:i] + word[i + 1:]
        if r.random() < 0.1:  # a word no article holds
            picked.append("zyx" + self._rare_word())
        picked += ["Pakistan", "Taliban"]
        return r.choice(FRAMES).format(*picked)


def article_sizes(passages: int, rng: random.Random) -> Iterator[int]:
    """Paragraph counts of 15 to 40 summing to ``passages``."""
    left = passages
    while left > 0:
        size = rng.randint(15, 40)
        if left - size < 15:
            size = left if left <= 40 else left - 15
        left -= size
        yield size


def write_corpus(folder: Path, passages: int, seed: int = 1) -> int:
    """Write a knowledge folder of about ``passages`` body paragraphs; returns the article count."""
    folder = Path(folder)
    if folder.exists():
        shutil.rmtree(folder)
    (folder / "articles").mkdir(parents=True)
    shutil.copy(SEED / "glossary.yaml", folder / "glossary.yaml")
    generator = Generator(seed)
    count = 0
    for count, size in enumerate(article_sizes(passages, generator.random), start=1):
        (folder / "articles" / f"synthetic-{count:07d}.md").write_text(
            generator.article(count, size), encoding="utf-8")
    return count


def questions(count: int, seed: int = 2) -> list[str]:
    generator = Generator(seed)
    return [generator.question() for _ in range(count)]


def large_article(number: int = 9_999_999, size: int = 500 * 1024, seed: int = 7) -> str:
    """One article of about ``size`` bytes of short paragraphs (one sentence each), the
    shape that made pull-quote detection slow; the seed's sentences recombined, so many
    paragraphs share most of their words."""
    generator = Generator(seed)
    paragraphs: list[str] = []
    total = 0
    while total < size:
        paragraphs.append(generator.sentence())
        total += len(paragraphs[-1].encode()) + 2
    body = "\n\n".join(paragraphs)
    return (f"---\nid: synthetic-{number:07d}\ntitle: A long report\npublication: Dawn\n"
            f"author: unknown\ndate: 2024-01\nurl: https://example.org/synthetic/{number}\n"
            f"language: en\n---\n\n{body}\n")


def one_article(number: int, seed: int = 11) -> str:
    """A new article of 25 paragraphs, for a refresh that adds one."""
    return Generator(seed).article(number, 25)
