"""Building a snapshot from a knowledge folder: load, validate, chunk, annotate, index.

Article files are read and annotated in batches. A large folder's batches go
to worker processes, one per CPU; a small one's are done in this process,
where starting workers would cost more than it saves. Either way a batch
comes back as compact arrays of term ids with the batch's own term table,
which this process renumbers into the snapshot's.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import logging
import os
import threading
import time
from array import array
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from multiprocessing import get_context
from pathlib import Path

import numpy as np

from bot.kb.annotate import Annotator, SentenceNotes, TermTable, surface_words
from bot.kb.articles import Article, article_files, leaves_folder, parse_article
from bot.kb.errors import KnowledgeError, Problem
from bot.kb.glossary import Annotations, Glossary, load_glossary
from bot.kb.index import PassageIndex
from bot.kb.library import text_fingerprint
from bot.kb.passages import Passage, chunk_article
from bot.kb.semantic import SemanticModel, SentenceVectors
from bot.kb.sentences import sentence_spans
from bot.kb.snapshot import KnowledgeBase
from bot.kb.snapshot_cache import SnapshotCache
from bot.kb.text import Tokenizer

log = logging.getLogger(__name__)

PARALLEL_MIN_BYTES = 4_000_000  # about 6,000 passages: below this one process is quicker
BATCH_FILES = 48
MAX_FILE_BYTES = 8 * 1024 * 1024  # an article file in the folder (kb add takes 512 KB at most)
REANNOTATE_MAX = 64  # a refresh re-annotates up to this many changed files (or a quarter) itself


@dataclass
class _Batch:
    """What a batch of article files gives, in a form that is cheap to send between processes."""

    files: list[tuple[str, Article | None, list[Problem], bytes]]  # name, article, problems, digest
    passages: list[Passage]
    worker: int  # the process that annotated it: its term ids are its own
    terms: list[str]  # the terms it numbered since its last batch, in the order numbered
    tokens: bytes  # int32 term ids, sentence after sentence
    sentence_sizes: bytes  # int32 tokens per sentence
    passage_sizes: bytes  # int32 sentences per passage
    kinds: bytes  # uint8 per sentence
    words: list[str]  # surface words it saw first in this batch


class _BatchAnnotator:
    """Chunks and annotates batches of articles.

    One annotator serves every batch, so each word's terms are worked out once
    per process; a batch sends only the terms and words first seen in it.
    """

    def __init__(self, glossary: Glossary, table: TermTable | None = None) -> None:
        self.glossary = glossary
        self._topic_order = {topic: i for i, topic in enumerate(glossary.topics)}
        self._annotator = Annotator(glossary, Tokenizer(), table)
        self._terms_sent = len(self._annotator.table.terms) if table is not None else 0
        self._words_sent = 0

    def batch(self, paths: list[str]) -> _Batch:
        files = []
        articles = []
        for path in paths:
            raw, problems = _read(Path(path))
            if raw is None:
                files.append((path, None, problems, b""))
                continue
            digest = hashlib.sha256(raw).digest()
            try:
                article = parse_article(raw, path)
            except KnowledgeError as exc:
                files.append((path, None, exc.problems, digest))
                continue
            files.append((path, article, [], digest))
            articles.append(article)
        return self._annotate(files, articles)

    def _annotate(self, files: list, articles: list[Article]) -> _Batch:
        annotator = self._annotator
        tokens, sentence_sizes, passage_sizes = array("i"), array("i"), array("i")
        kinds = array("B")
        passages: list[Passage] = []
        for article in articles:
            notes_of: dict[str, SentenceNotes] = {}  # each sentence annotated once
            spans, seqs = [], []
            for paragraph in article.paragraphs:
                spans.append(tuple(sentence_spans(paragraph.text)))
                seq: list[int] = []
                for start, end in spans[-1]:
                    sentence = paragraph.text[start:end]
                    notes = notes_of.get(sentence) or annotator.sentence(sentence)
                    notes_of[sentence] = notes
                    seq += notes.words
                seqs.append(seq)
            for passage in chunk_article(article, spans, seqs):
                entities: list[str] = []
                topics: set[str] = set()
                years: list[str] = []
                for sentence in passage.sentence_texts():
                    notes = notes_of.get(sentence) or annotator.sentence(sentence)
                    tokens.extend(notes.terms)
                    sentence_sizes.append(len(notes.terms))
                    kinds.append(notes.kinds)
                    entities += notes.entities
                    topics.update(notes.topics)
                    years += notes.years
                passage_sizes.append(len(passage.sentences))
                annotations = Annotations(tuple(dict.fromkeys(entities)),
                                          tuple(sorted(topics, key=self._topic_order.__getitem__)),
                                          tuple(dict.fromkeys(years)))
                passages.append(replace(passage, notes=annotations.pack()))
        # a snapshot's articles keep their metadata and digest: their text is in the passages
        files = [(name, article and replace(article, paragraphs=(), digest=digest.hex(),
                                            fingerprint=text_fingerprint(article) or ""),
                  problems, digest) for name, article, problems, digest in files]
        table = annotator.table
        terms, self._terms_sent = table.terms[self._terms_sent:], len(table.terms)
        words, self._words_sent = annotator.words[self._words_sent:], len(annotator.words)
        return _Batch(files, passages, os.getpid(), terms, tokens.tobytes(),
                      sentence_sizes.tobytes(), passage_sizes.tobytes(), kinds.tobytes(), words)


_worker: _BatchAnnotator | None = None


def _start_worker(glossary: Glossary, parent: int) -> None:
    global _worker
    _worker = _BatchAnnotator(glossary)
    threading.Thread(target=_exit_with, args=(parent,), daemon=True).start()


def _exit_with(parent: int) -> None:
    """End this worker when the process that started it is gone (killed mid-build, say):
    the other workers keep the job queue open, so it would otherwise wait forever."""
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(1)


def _work(paths: list[str]) -> _Batch:
    if _worker is None:
        raise RuntimeError("worker not started")
    return _worker.batch(paths)


def _batches(files: list[Path], glossary: Glossary, workers: int) -> Iterator[_Batch]:
    chunks = [[str(p) for p in files[i:i + BATCH_FILES]] for i in range(0, len(files), BATCH_FILES)]
    if workers <= 1 or len(chunks) <= 1:
        annotator = _BatchAnnotator(glossary)
        for chunk in chunks:
            yield annotator.batch(chunk)
        return
    # "fork" starts a worker at once, but is only safe in a process with one thread: the
    # command line's build, a bot's first build. A refresh runs beside the event loop's
    # threads, so it spawns fresh interpreters instead.
    method = "fork" if threading.active_count() == 1 and os.name == "posix" else "spawn"
    with ProcessPoolExecutor(max_workers=workers, mp_context=get_context(method),
                             initializer=_start_worker, initargs=(glossary, os.getpid())) as pool:
        yield from pool.map(_work, chunks)  # in order: the snapshot is the same either way


def _worker_count(files: list[Path]) -> int:
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    if (cpus or 1) <= 1:
        return 1
    size = 0
    for path in files:
        with contextlib.suppress(OSError):
            size += path.stat().st_size
        if size >= PARALLEL_MIN_BYTES:
            return cpus or 1
    return 1


class _Assembler:
    """Gathers batches into one snapshot's arrays, renumbering each worker's terms.

    Batches arrive in the order they were handed out, and each worker takes
    them in that order, so a worker's batches arrive in the order it numbered
    their terms.
    """

    def __init__(self, table: TermTable | None = None) -> None:
        self.table = table if table is not None else TermTable()
        self.articles: dict[str, Article] = {}
        self.passages: list[Passage] = []
        self.problems: list[Problem] = []
        self.seen: dict[str, str] = {}
        self.digest = hashlib.sha256()
        self.words: set[str] = set()
        self._tokens: list[np.ndarray] = []
        self._sentence_sizes: list[np.ndarray] = []
        self._passage_sizes: list[np.ndarray] = []
        self._kinds: list[np.ndarray] = []
        self._maps: dict[int, np.ndarray] = {}  # worker -> its term id -> the snapshot's

    def add(self, batch: _Batch) -> None:
        for name, article, problems, digest in batch.files:
            self.digest.update(Path(name).name.encode())
            self.digest.update(digest)
            self.problems += problems
            if article is None:
                continue
            if article.id in self.seen:
                self.problems.append(Problem(name, f"duplicate id '{article.id}', already used by "
                                             f"{self.seen[article.id]}", None, "id"))
                continue
            self.seen[article.id] = name
            self.articles[article.id] = article
        if self.problems:  # the build fails: keep checking files, stop gathering passages
            return
        added = np.array([self.table.id(t) for t in batch.terms], dtype=np.int32)
        mapping = self._maps[batch.worker] = np.concatenate(
            (self._maps.get(batch.worker, np.zeros(0, dtype=np.int32)), added))
        self._tokens.append(mapping[np.frombuffer(batch.tokens, dtype=np.int32)])
        self._sentence_sizes.append(np.frombuffer(batch.sentence_sizes, dtype=np.int32))
        self._passage_sizes.append(np.frombuffer(batch.passage_sizes, dtype=np.int32))
        self._kinds.append(np.frombuffer(batch.kinds, dtype=np.uint8))
        self.passages += batch.passages
        self.words.update(batch.words)

    def add_parts(self, name: str, article: Article | None, problems: list[Problem],
                  digest: bytes, parts: tuple | None = None) -> None:
        """One article file whose term ids are already the snapshot's (a refresh's reused or
        re-annotated article): ``parts`` is (passages, tokens, sentence sizes, passage sizes,
        kinds)."""
        self.digest.update(Path(name).name.encode())
        self.digest.update(digest)
        self.problems += problems
        if article is None:
            return
        if article.id in self.seen:
            self.problems.append(Problem(name, f"duplicate id '{article.id}', already used by "
                                         f"{self.seen[article.id]}", None, "id"))
            return
        self.seen[article.id] = name
        self.articles[article.id] = article
        if self.problems or parts is None:
            return
        passages, tokens, sentence_sizes, passage_sizes, kinds = parts
        self.passages += passages
        self._tokens.append(tokens)
        self._sentence_sizes.append(sentence_sizes)
        self._passage_sizes.append(passage_sizes)
        self._kinds.append(kinds)

    def snapshot(self, glossary: Glossary, folder: str, started: float,
                 update: tuple[PassageIndex, np.ndarray, list] | None = None) -> KnowledgeBase:
        """The finished snapshot: every stage after this one (a per-sentence stage, say) works
        on a complete KnowledgeBase, built whole or by a refresh that reused articles.

        ``update``: (the served index, its documents' new numbers, the new documents) when a
        refresh reused articles: the index is updated instead of counted again."""
        if self.problems:
            raise KnowledgeError(self.problems)
        tokens = _join(self._tokens, np.int32)
        sentence_bounds = _offsets(_join(self._sentence_sizes, np.int32))
        passage_sentences = _offsets(_join(self._passage_sizes, np.int32))
        kinds = _join(self._kinds, np.uint8)
        self._tokens = self._sentence_sizes = self._passage_sizes = self._kinds = []
        rows = np.fromiter((i for i, p in enumerate(self.passages) if p.searchable),
                           dtype=np.int32)
        passage_bounds = sentence_bounds[passage_sentences]  # token range of each passage
        if update is not None:
            old, remap, new_docs = update
            index = old.updated(remap, new_docs, len(rows), _offsets(np.diff(passage_bounds)[rows]),
                                self.table.terms, self.table.ids)
        elif len(rows) == len(self.passages):
            index = PassageIndex(tokens, passage_bounds, self.table.terms, self.table.ids)
        else:  # pull quotes stay out of the index
            searchable = np.zeros(len(self.passages), dtype=bool)
            searchable[rows] = True
            keep = np.repeat(searchable, np.diff(passage_bounds))
            bounds = _offsets(np.diff(passage_bounds)[rows])
            index = PassageIndex(tokens[keep], bounds, self.table.terms, self.table.ids)
        self.digest.update(b"glossary")
        raw_glossary = _glossary_bytes(glossary)
        self.digest.update(raw_glossary)
        return KnowledgeBase(
            articles=self.articles, passages=self.passages, glossary=glossary,
            tokenizer=Tokenizer(), index=index, rows=rows, tokens=tokens,
            sentence_bounds=sentence_bounds, passage_sentences=passage_sentences,
            sentence_kinds=kinds, vocabulary=frozenset(self.words | glossary.alias_words()),
            version=self.digest.hexdigest()[:12], folder=folder,
            build_seconds=time.perf_counter() - started,
            glossary_digest=hashlib.sha256(raw_glossary).hexdigest())


def _join(parts: list[np.ndarray], dtype: type) -> np.ndarray:
    return np.concatenate(parts) if parts else np.zeros(0, dtype=dtype)


def _offsets(sizes: np.ndarray) -> np.ndarray:
    out = np.zeros(len(sizes) + 1, dtype=np.int64)
    np.cumsum(sizes, out=out[1:])
    return out


def _glossary_bytes(glossary: Glossary) -> bytes:
    if glossary.path and Path(glossary.path).exists():
        return Path(glossary.path).read_bytes()
    return b""


def build_knowledge_base(folder: str | Path, workers: int | None = None,
                         previous: KnowledgeBase | None = None,
                         semantic: SemanticModel | None = None,
                         snapshots: SnapshotCache | bool = True) -> KnowledgeBase:
    """Load, validate, chunk, annotate and index a knowledge folder.

    Raises KnowledgeError listing every problem when any file is malformed.
    ``workers``: processes to annotate with (default: one per CPU for a large folder).
    ``previous``: the snapshot being served. A refresh reads every file, but re-annotates
    only those whose bytes changed (by SHA-256 digest) and reuses the rest of ``previous``
    as it is; with another glossary, or when most files changed, it builds everything.
    ``semantic``: the sentence-embedding model; with it, the snapshot has sentence
    vectors (from its cache, or embedded now: see ``bot.kb.semantic``).
    ``snapshots``: a whole build (no ``previous``) reads the folder's last snapshot from
    this cache (True: the one in ``default_cache_dir()``, unless CITEBOT_SNAPSHOT_CACHE is
    off; False: none) and writes the new one there (see ``bot.kb.snapshot_cache``). When
    every file's bytes are those it was built from, it is the snapshot; when some changed,
    it is refreshed as ``previous`` would be, giving what a whole build gives.
    """
    started = time.perf_counter()
    folder = Path(folder)
    outside = [Problem(str(p), "a symbolic link that leaves the knowledge folder; every "
                       "knowledge file must be inside it (copy the file in instead)")
               for p in (folder / "articles", folder / "glossary.yaml", *article_files(folder))
               if p.is_symlink() and leaves_folder(p, folder)]
    if outside:
        raise KnowledgeError(outside)
    glossary = load_glossary(folder)
    files = article_files(folder)
    store: SnapshotCache | None = None
    kb, cached = None, False
    if previous is not None:
        kb = _refresh(previous, folder, glossary, files, started)
    else:
        store = (snapshots if isinstance(snapshots, SnapshotCache)
                 else SnapshotCache.default() if snapshots else None)
        if store is not None:
            kb, cached = _from_cache(store, folder, glossary, files, started)
    if kb is None:
        assembler = _Assembler()
        for batch in _batches(files, glossary, workers or _worker_count(files)):
            assembler.add(batch)
        kb = assembler.snapshot(glossary, str(folder), started)
    if store is not None and not cached:
        store.save(kb)
    return completed(kb, semantic, started)


def _from_cache(store: SnapshotCache, folder: Path, glossary: Glossary, files: list[Path],
                started: float) -> tuple[KnowledgeBase | None, bool]:
    """(the folder's snapshot in the snapshot cache, True) when every file's bytes are
    those it was built from; else (that snapshot refreshed with the files that changed,
    its spelling vocabulary without the words only they held, False); (None, False) when
    there is none, or a whole build is the better way (another glossary, most changed)."""
    loaded = store.load(folder, glossary)
    if loaded is None or not _same_glossary(loaded, glossary):
        return None, False
    read = _read_all(files)  # once: the refresh below reuses it
    if len(read) == len(loaded.articles) and all(
            raw is not None and str(path) == article.path and digest.hex() == article.digest
            for (path, raw, digest, _), article in zip(read, loaded.articles.values(),
                                                       strict=True)):
        log.info("%s: every file as in the snapshot cache: nothing to annotate", folder)
        return replace(loaded, build_seconds=time.perf_counter() - started), True
    kb = _refresh(loaded, folder, glossary, files, started, read)
    if kb is None:
        return None, False
    log.info("%s: the snapshot cache refreshed with the files that changed", folder)
    kept = {a.digest for a in kb.articles.values()}
    dropped = [p for a in loaded.articles.values() if a.digest not in kept
               for p in loaded.passages[slice(*loaded.article_range(a.id))]]
    return replace(kb, vocabulary=_vocabulary_without(kb, dropped),
                   loaded_from=loaded.loaded_from), False


def _vocabulary_without(kb: KnowledgeBase, dropped: list[Passage]) -> frozenset[str]:
    """``kb``'s spelling vocabulary without the words only ``dropped`` held: the passages of
    the articles a refresh left out (changed or removed), whose words it keeps.

    What a whole build gives, without reading every sentence again: a word of a dropped
    passage stays if a sentence of ``kb`` has it. A sentence has a word only if its term
    ids hold the word's terms, so only the sentences holding the word's rarest term are
    read (for a stop word, which has none, every sentence until all are found)."""
    candidates = {w for p in dropped for s in p.sentence_texts() for w in surface_words(s)}
    candidates = (candidates & kb.vocabulary) - kb.glossary.alias_words()
    if not candidates:
        return kb.vocabulary
    tokenizer, term_ids, df = kb.tokenizer, kb.index.term_ids, kb.index.postings[2]
    pending: dict[int, set[str]] = {}  # term id -> words whose rarest term it is
    stop: set[str] = set()
    gone: set[str] = set()
    for word in candidates:
        terms = tokenizer.word_terms(word)
        ids = [term_ids.get(t) for t in terms]
        if not terms:
            stop.add(word)
        elif None in ids:  # a term no sentence holds
            gone.add(word)
        else:
            pending.setdefault(min(ids, key=lambda i: int(df[i])), set()).add(word)
    words_of: dict[int, set[str]] = {}  # sentence -> its words, for sentences read

    def words_in(sentence: int) -> set[str]:
        found = words_of.get(sentence)
        if found is None:
            p = int(np.searchsorted(kb.passage_sentences, sentence, "right")) - 1
            passage = kb.passages[p]
            start, end = passage.sentences[sentence - int(kb.passage_sentences[p])]
            found = words_of[sentence] = set(surface_words(passage.text[start:end]))
        return found

    at = np.flatnonzero(np.isin(kb.tokens, np.fromiter(pending, dtype=np.int32)))
    holders = np.searchsorted(kb.sentence_bounds, at, "right") - 1
    order = np.lexsort((holders, kb.tokens[at]))
    terms, holders = kb.tokens[at][order], holders[order]
    bounds = [*np.flatnonzero(np.diff(terms)) + 1, len(terms)] if len(terms) else []
    for first, end in itertools.pairwise([0, *bounds]):
        left = pending.pop(int(terms[first]))
        for sentence in np.unique(holders[first:end]).tolist():
            left -= words_in(sentence)
            if not left:
                break
        gone |= left
    for left in pending.values():  # terms found in no sentence
        gone |= left
    for passage in kb.passages:
        if not stop:
            break
        raw = passage.utf8.lower()
        # in ASCII text, a surface word is a piece of the lower-case text (a possessive
        # only shortens it), so a passage without the piece does not have the word
        if raw.isascii() and all(w.isascii() and w.encode() not in raw for w in stop):
            continue
        for sentence in passage.sentence_texts():
            stop.difference_update(surface_words(sentence))
    return kb.vocabulary - gone - stop


def completed(kb: KnowledgeBase, semantic: SemanticModel | None,
              started: float) -> KnowledgeBase:
    """The one place where a snapshot is complete, built whole or by a refresh that reused
    a served snapshot's articles: the stage over every sentence of the finished snapshot,
    its sentence vectors (cached by the text's digest: see ``bot.kb.semantic``), runs here."""
    if semantic is None:
        return kb
    vectors = SentenceVectors(semantic, kb.sentence_texts, len(kb.sentence_kinds),
                              kb.searchable_sentences())
    return replace(kb, vectors=vectors, build_seconds=time.perf_counter() - started)


def _read(path: Path) -> tuple[bytes | None, list[Problem]]:
    """A file's bytes, its size checked before it is read; or the problems."""
    try:
        size = os.stat(path).st_size
        if size > MAX_FILE_BYTES:
            return None, [Problem(str(path), f"the file is {size:,} bytes; an article file is "
                                             f"at most {MAX_FILE_BYTES:,}")]
        return path.read_bytes(), []
    except OSError as exc:
        return None, [Problem(str(path), f"cannot be read: {exc.strerror or exc}")]


def _same_glossary(previous: KnowledgeBase, glossary: Glossary) -> bool:
    """The glossary ``previous`` was annotated with (its annotations depend on it)."""
    return bool(previous.glossary_digest) and hashlib.sha256(
        _glossary_bytes(glossary)).hexdigest() == previous.glossary_digest


def _read_all(files: list[Path]) -> list[tuple[Path, bytes | None, bytes, list[Problem]]]:
    """Each file's path, bytes, SHA-256 digest and problems (no bytes: it cannot be read)."""
    read = []
    for path in files:
        raw, problems = _read(path)
        read.append((path, raw, hashlib.sha256(raw).digest() if raw is not None else b"",
                     problems))
    return read


def _refresh(previous: KnowledgeBase, folder: Path, glossary: Glossary, files: list[Path],
             started: float, read: list | None = None) -> KnowledgeBase | None:
    """A snapshot that reuses ``previous``'s unchanged articles; None when a whole build is
    the better way (another glossary, most files changed). ``read``: the files as
    ``_read_all`` gives them, when the caller has read them already."""
    if not _same_glossary(previous, glossary):
        return None
    known = {a.digest: a for a in previous.articles.values() if a.digest}
    if read is None:
        read = _read_all(files)
    changed = sum(raw is not None and digest.hex() not in known for _, raw, digest, _ in read)
    if changed > max(REANNOTATE_MAX, len(files) // 4):
        return None  # the workers of a whole build are quicker
    table = TermTable.copy_of(previous.index.terms, previous.index.term_ids)
    assembler = _Assembler(table)
    annotator = _BatchAnnotator(glossary, table)  # numbers new terms in the same table
    sentence_bounds, passage_sentences = previous.sentence_bounds, previous.passage_sentences
    remap = np.full(previous.index.size, -1, dtype=np.int64)  # old index document -> new
    new_docs: list[tuple[int, np.ndarray]] = []  # (new document, its term ids)
    doc = 0
    for path, raw, digest, problems in read:
        name = str(path)
        if raw is None:
            assembler.add_parts(name, None, problems, digest)
            continue
        old = known.get(digest.hex())
        if old is not None:  # the same bytes: the same passages, annotations and term ids
            start, end = previous.article_range(old.id)
            first, last = int(passage_sentences[start]), int(passage_sentences[end])
            parts = (previous.passages[start:end],
                     previous.tokens[sentence_bounds[first]:sentence_bounds[last]],
                     np.diff(sentence_bounds[first:last + 1]).astype(np.int32),
                     np.diff(passage_sentences[start:end + 1]).astype(np.int32),
                     previous.sentence_kinds[first:last])
            article = old if old.path == name else replace(old, path=name)
            if old.id not in assembler.seen:
                first_doc, end_doc = np.searchsorted(previous.rows, (start, end))
                remap[first_doc:end_doc] = np.arange(doc, doc + end_doc - first_doc)
                doc += int(end_doc - first_doc)
            assembler.add_parts(name, article, [], digest, parts)
            continue
        try:
            article = parse_article(raw, name)
        except KnowledgeError as exc:
            assembler.add_parts(name, None, exc.problems, digest)
            continue
        batch = annotator._annotate([(name, article, [], digest)], [article])
        tokens = np.frombuffer(batch.tokens, dtype=np.int32)
        sentence_sizes = np.frombuffer(batch.sentence_sizes, dtype=np.int32)
        passage_sizes = np.frombuffer(batch.passage_sizes, dtype=np.int32)
        if article.id not in assembler.seen:
            token_at = _offsets(sentence_sizes)[_offsets(passage_sizes)]
            for k, passage in enumerate(batch.passages):
                if passage.searchable:
                    new_docs.append((doc, tokens[token_at[k]:token_at[k + 1]]))
                    doc += 1
        assembler.add_parts(name, batch.files[0][1], [], digest, (
            batch.passages, tokens, sentence_sizes, passage_sizes,
            np.frombuffer(batch.kinds, dtype=np.uint8)))
        assembler.words.update(batch.words)
    # words of removed articles stay in the spelling vocabulary until the next whole build
    assembler.words.update(previous.vocabulary)
    kept = remap[remap >= 0]
    update = ((previous.index, remap, new_docs) if np.all(np.diff(kept) > 0) else None)
    return assembler.snapshot(glossary, str(folder), started, update)


def knowledge_warnings(kb: KnowledgeBase) -> list[str]:
    """What is not wrong but makes a poor knowledge base: no articles, no glossary."""
    folder = Path(kb.folder)
    found = []
    if not kb.articles:
        found.append(f"no articles in {folder / 'articles'}: every question will be declined "
                     "until one is added")
    if not kb.glossary.path:
        found.append(f"no glossary at {folder / 'glossary.yaml'}: no people, groups, places "
                     "or topics of the domain are recognised by name or alias")
    return found
