"""Shared fixtures: the shipped knowledge base, and tiny knowledge folders on disk."""

from __future__ import annotations

import os
import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, settings
from threadpoolctl import threadpool_limits

from bot.kb import Answerer, build_knowledge_base
from bot.kb.semantic import SemanticModel
from bot.kb.snapshot_cache import SWITCH_VARIABLE
from bot.kb.vector_cache import CACHE_VARIABLE

# The tests run in a process per core (pytest-xdist, pyproject's addopts), each with one
# thread for numpy's matrix products, as do the commands they run: threads of their own in
# every process, on as many cores as processes, only wait on each other.
if os.environ.get("PYTEST_XDIST_WORKER"):
    os.environ["OPENBLAS_NUM_THREADS"] = "1"
    threadpool_limits(limits=1, user_api="blas")  # from now on, for the whole process

ROOT = Path(__file__).resolve().parent.parent
KNOWLEDGE = ROOT / "knowledge"
DATA = Path(__file__).resolve().parent / "data"

# Property tests (tests/test_properties.py): a few hundred examples each by default;
# HYPOTHESIS_PROFILE=thorough for a long hunt. No deadline: timing is not the property.
settings.register_profile(
    "citebot", max_examples=200, deadline=None, print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                           HealthCheck.large_base_example, HealthCheck.filter_too_much])
settings.register_profile("thorough", parent=settings.get_profile("citebot"), max_examples=5000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "citebot"))


def load_questions(name: str) -> tuple[list[dict], list[dict]]:
    data = yaml.safe_load((DATA / name).read_text(encoding="utf-8"))
    return data.get("on_topic", []), data.get("off_topic", [])


@pytest.fixture(scope="session", autouse=True)
def vector_cache_dir(tmp_path_factory):
    """Sentence vectors of this test run, in a folder of its own (the shell commands the
    tests run read it from the environment too)."""
    folder = tmp_path_factory.mktemp("vectors")
    previous = os.environ.get(CACHE_VARIABLE)
    os.environ[CACHE_VARIABLE] = str(folder)
    yield folder
    if previous is None:
        os.environ.pop(CACHE_VARIABLE, None)
    else:
        os.environ[CACHE_VARIABLE] = previous


@pytest.fixture(scope="session", autouse=True)
def no_snapshot_cache():
    """No snapshot cache by default (tests/test_snapshot_cache.py passes one of its own):
    with it, a test's second build of a folder would read the first one's snapshot back,
    and a test of the build (one process or several, say) would compare it with itself.
    Set in the environment, so that the commands the tests run leave it off too."""
    previous = os.environ.get(SWITCH_VARIABLE)
    os.environ[SWITCH_VARIABLE] = "off"
    yield
    if previous is None:
        os.environ.pop(SWITCH_VARIABLE, None)
    else:
        os.environ[SWITCH_VARIABLE] = previous


@pytest.fixture
def make_read_only():
    """Make a file read-only for this process, root included (root ignores permissions, so
    then also ``chattr +i``), undone after the test."""
    locked: list[Path] = []

    def lock(path: Path) -> Path:
        path.chmod(0o444)
        if os.geteuid() == 0:
            chattr = shutil.which("chattr")
            if chattr is None or subprocess.run([chattr, "+i", str(path)], capture_output=True,
                                                check=False).returncode:
                pytest.skip("running as root, where only chattr +i makes a file read-only")
            locked.append(path)
        return path

    yield lock
    for path in locked:
        subprocess.run(["chattr", "-i", str(path)], capture_output=True, check=False)


@pytest.fixture(scope="session")
def semantic(vector_cache_dir):
    """The sentence-embedding model, loaded once for the run."""
    return SemanticModel.load(vector_cache_dir)


@pytest.fixture(scope="session")
def kb(semantic):
    return build_knowledge_base(KNOWLEDGE, semantic=semantic)


@pytest.fixture(scope="session")
def answerer(kb):
    return Answerer(kb)


# questions the seed article answers, for tests that need many real ones
ANSWERED_QUESTIONS = (
    "When was the Durand Line drawn?",
    "Why is Pakistan deporting Afghan refugees?",
    "Who was the ISI chief that visited Kabul in 2021?",
    "How many people were killed in the IS-K attack in July 2023?",
    "What did the TTP demand during the peace talks?",
    "What does TTP stand for?",
    "What did the Taliban agree to in the Doha Accord?",
    "How many terror attacks did Pakistan suffer in August 2023?",
    "Which scholar documented what the refugees contributed?",
    "Why did Trump blame Pakistan?",
    "Since when has Pakistan backed the Taliban, and why?",
)


def article_text(article_id: str = "tiny", body: str = "A first paragraph.", **meta: str) -> str:
    fields = {"id": article_id, "title": "A tiny article", "publication": "Test Post",
              "author": "unknown", "date": "2024-01-02",
              "url": f"https://example.org/{article_id}",
              "language": "en", **meta}
    front = "\n".join(f"{k}: {v}" for k, v in fields.items())
    return f"---\n{front}\n---\n\n{textwrap.dedent(body).strip()}\n"


# an article the seed does not hold: what a moderator adds in the tests
NEW_ARTICLE = article_text(
    "chitral-floods", title="Floods in Chitral", publication="Valley Times",
    date="2024-05-02", url="https://example.org/chitral",
    body="""
    The Chitral river flooded the lower valley in May 2024.

    Relief convoys crossed the Lowari tunnel with food and tents for the villagers.
    """)


def filler(n: int) -> str:
    """An article that makes a build take a while, about nothing the questions ask."""
    paragraphs = [f"Paragraph {k} of report {n} describes irrigation canals, wheat harvests "
                  f"and the price of fertiliser in district {n}-{k}." for k in range(40)]
    return article_text(f"report-{n}", title=f"Report {n}", body="\n\n".join(paragraphs))


@pytest.fixture
def folder(tmp_path):
    """A writable copy of the shipped knowledge folder."""
    copy = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, copy)
    return copy


@pytest.fixture
def make_folder(tmp_path):
    """Write a knowledge folder: make_folder({"a.md": text, ...}, glossary=text)."""

    def make(articles: dict[str, str | bytes], glossary: str | None = None) -> Path:
        folder = tmp_path / "knowledge"
        (folder / "articles").mkdir(parents=True, exist_ok=True)
        for name, content in articles.items():
            path = folder / "articles" / name
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        if glossary is not None:
            (folder / "glossary.yaml").write_text(textwrap.dedent(glossary), encoding="utf-8")
        return folder

    return make


@pytest.fixture
def simcord_bot(kb, tmp_path):
    """citebot's client for SimCord's ``simcord_env`` fixture."""
    from tests.botsim import make_bot

    bot = make_bot(kb, tmp_path / "citebot.sqlite3")
    yield bot
    bot.store.close()


@pytest.fixture
def folder_bot(folder, tmp_path):
    """citebot's client over the writable knowledge folder (for tests that change it)."""
    from tests.botsim import make_bot

    bot = make_bot(build_knowledge_base(folder), tmp_path / "citebot.sqlite3")
    yield bot
    bot.store.close()


@pytest.fixture
def world(simcord_env, simcord_bot):
    """The simulated guild, its channels and members, with citebot running."""
    from tests.botsim import make_world

    return make_world(simcord_env, simcord_bot)


@pytest.fixture
def web():
    """A web server on 127.0.0.1 serving article pages, a PDF and bad links
    (tests/webpages.py)."""
    from tests.webpages import WebServer, standard_routes

    with standard_routes(WebServer()) as server:
        yield server


def seed_with_reports(tmp_path: Path, reports: int) -> Path:
    """A copy of the seed knowledge folder with ``reports`` filler reports beside its article."""
    folder = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, folder)
    for n in range(reports):
        (folder / "articles" / f"report-{n}.md").write_text(filler(n), encoding="utf-8")
    return folder


@pytest.fixture
def library(tmp_path):
    return seed_with_reports(tmp_path, 4)
