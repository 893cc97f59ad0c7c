"""Parsing and classification off the event loop: a process pool (both cores), or a thread."""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import ctypes.util
import functools
import hashlib
import logging
import multiprocessing
import os
import re
import resource
import signal
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace

from bot.news.classify import Classification, classify, could_be_relevant, language
from bot.news.entries import Entry, parse_feed, scope_uid
from bot.news.pickling import fast_pickle
from bot.news.stories import context_tokens, home_country, tokens
from bot.textsafe import clean_text, safe_link

log = logging.getLogger(__name__)
BrokenExecutor = BrokenProcessPool

# What an article that cannot be relevant is classified as: no score, no country, no story.
OFF_TOPIC = Classification(False, 0.0, (), ("off-topic: names no vendor and no policy angle",))


@fast_pickle
@dataclass(frozen=True, slots=True)
class ParsedItem:
    """One entry as the pipeline needs it. ``words`` (the headline's grouping words) and
    ``context`` (its standfirst's) are None for an off-topic entry, which joins no story."""

    entry: Entry
    classification: Classification
    words: frozenset[str] | None = None
    context: frozenset[str] = frozenset()

    @property
    def on_topic(self) -> bool:
        return self.words is not None


@fast_pickle
@dataclass(frozen=True, slots=True)
class KnownItem:
    """An entry the pipeline said it stores already (its id or link is in the job's
    ``known`` digests): not classified. ``entry`` is sanitised as :func:`prepare` returns it,
    its summary "" when the entry is off-topic (what the pipeline's refresh of a stored article
    reads, as for a classified one); ``summary`` is the sanitised standfirst, whole, which
    the pipeline needs only if the article turns out not to be stored (see
    :func:`reclassify`)."""

    entry: Entry
    summary: str


@fast_pickle
@dataclass(frozen=True, slots=True)
class ParsedBatch:
    title: str | None
    items: tuple[ParsedItem | KnownItem, ...]
    error: str | None


def sanitise(entry: Entry) -> Entry:
    """Feed text is data: no control characters or bidi overrides in what is kept, and a
    link only when it is a well-formed http(s) link (see bot.textsafe)."""
    return replace(
        entry,
        title=" ".join(clean_text(entry.title).split()),
        summary=clean_text(entry.summary),
        outlet=" ".join(clean_text(entry.outlet).split()),
        link=safe_link(entry.link),
    )


def prepare(entry: Entry, threshold: float) -> ParsedItem:
    """Classify one entry and, when it may matter, compute the words grouping compares."""
    entry = sanitise(entry)
    lang = language(entry.title, entry.summary)
    if not could_be_relevant(entry.title, entry.summary, threshold, lang):
        # Kept only so that it is not read again: its standfirst is never shown, so not kept.
        return ParsedItem(replace(entry, summary=""), replace(OFF_TOPIC, lang=lang))
    words = tokens(entry.title)
    return ParsedItem(
        entry,
        classify(
            entry.title,
            entry.summary,
            threshold,
            lambda: home_country(entry.outlet, entry.link),  # only if needed
            lang,
        ),
        words,
        context_tokens(entry.summary, words, outlet=entry.outlet, link=entry.link),
    )


KNOWN_DIGEST = 8  # bytes per digest in a job's ``known`` (a false match is re-classified)


def digest(value: str) -> bytes:
    """A stored article id's or link's digest, as a job's ``known`` holds them."""
    return hashlib.blake2b(
        value.encode("utf-8", "surrogatepass"), digest_size=KNOWN_DIGEST
    ).digest()


def known_digests(values: Iterable[str]) -> bytes:
    """What a parse job is told its feed stores: the ids' and links' digests, concatenated
    (16 bytes an article, whatever the lengths of its id and link)."""
    return b"".join(sorted({digest(v) for v in values}))


def _digest_set(known: bytes) -> set[bytes]:
    return {known[i : i + KNOWN_DIGEST] for i in range(0, len(known), KNOWN_DIGEST)}


def skip_known(entry: Entry, threshold: float) -> KnownItem:
    """A stored entry: sanitised, and its standfirst dropped when it is off-topic (the first
    look only, :func:`could_be_relevant`), exactly as :func:`prepare` would return it, without
    classifying it or computing its grouping words (the pipeline uses neither for a stored
    article: it only completes the stored copy, ``storage.news.REFRESH``)."""
    entry = sanitise(entry)
    summary = entry.summary
    if summary and not could_be_relevant(
        entry.title, summary, threshold, language(entry.title, summary)
    ):
        entry = replace(entry, summary="")
    return KnownItem(entry, summary)


def reclassify(item: KnownItem, threshold: float) -> ParsedItem:
    """A skipped entry the pipeline does not find stored after all (deleted since the job
    was sent, or a digest that matched by chance): classified as the worker would have."""
    return prepare(replace(item.entry, summary=item.summary), threshold)


# A body that declares internal entities can expand them past any memory (billion laughs):
# refused before feedparser, whose loose parser expands what expat refused. Declarations live
# in the prolog (the DOCTYPE's internal subset, before the root element), so only the prolog
# is searched: an article quoting "<!ENTITY" in its text is not refused.
_ROOT = re.compile(r"<[A-Za-z]")


def _prolog(body: bytes) -> str:
    """The text before the root element (UTF-16 bodies decoded, anything else as Latin-1)."""
    if body.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"  # the BOM says which order
    elif body[:1] == b"\x00":
        encoding = "utf-16-be"
    elif body[1:2] == b"\x00":
        encoding = "utf-16-le"
    else:
        encoding = "latin-1"
    text = body.decode(encoding, errors="ignore")
    root = _ROOT.search(text)
    return text[: root.start()] if root else text


MAX_ATTRIBUTES = 256  # per element; tens of thousands cost feedparser O(n²)
_TAG = re.compile(rb"<[A-Za-z][^<>]{%d,}>" % (MAX_ATTRIBUTES * 3))
_ATTRIBUTE = re.compile(rb"""[\s"'][^\s=<>"']+\s*=""")


def hostile_reason(body: bytes) -> str | None:
    """Why a body is refused before parsing (entity declarations, absurd attribute counts)."""
    if "<!entity" in _prolog(body).lower():
        return (
            "the feed declares XML entities (<!ENTITY>), which are refused: expanding them "
            "can exhaust memory"
        )
    for tag in _TAG.finditer(body):
        if len(_ATTRIBUTE.findall(tag.group())) > MAX_ATTRIBUTES:
            return f"an element of the feed has more than {MAX_ATTRIBUTES} attributes (refused)"
    return None


def newest(entries: tuple[Entry, ...], limit: int) -> tuple[Entry, ...]:
    """At most ``limit`` entries, newest first (undated ones after the dated, in feed order)."""
    if len(entries) <= limit:
        return entries
    dated = sorted((e for e in entries if e.published), key=lambda e: e.published, reverse=True)  # type: ignore[arg-type,return-value]
    undated = [e for e in entries if not e.published]
    return tuple((dated + undated)[:limit])


def warm() -> None:
    """Build everything classifying reads (country detectors and every language's lexicon and
    place names) by reading one small sample of each kind. Run once in the fork server before
    it forks any worker (:mod:`bot.news.prewarm`), so that every parser worker starts with
    them built instead of building them on its first feeds, inside a poll cycle."""
    from bot import countries
    from bot.news import lexicon

    for lang in lexicon.LANGUAGES:
        if lang != "en":
            lexicon.lexicon(lang)
            countries.find_mentions_in("Warm-up: Deutschland", lang)
    sample = Entry(
        "g:warm-up",
        "https://www.example.co.uk/warm-up",
        "UK bans Huawei from its 5G networks",
        "Germany and France review the risk of Chinese vendors.",
        "Example News",
        None,
    )
    prepare(sample, 0.5)
    could_be_relevant("Warm-up", "", 0.5, "de")  # the other languages' vendor words


def warm_state() -> tuple[int, int]:
    """How many other languages' lexicons and place names this process has built (what
    :func:`warm` builds; the tests ask a worker before its first feed)."""
    from bot import countries
    from bot.news import lexicon

    return lexicon.lexicon.cache_info().currsize, countries.languages_built()


class ParseTimeout(BaseException):
    """Raised in a worker by SIGALRM when parsing one feed takes too long (a BaseException,
    so that no ``except Exception`` in a parser swallows it)."""


def _on_alarm(signum: int, frame: object) -> None:
    raise ParseTimeout


def parse_and_classify(
    body: bytes,
    url: str,
    name: str,
    content_type: str,
    threshold: float,
    max_items: int = 1_000_000,
    timeout: float = 0.0,
    known: bytes = b"",
    feed_id: int | None = None,
) -> ParsedBatch:
    """Runs in a worker: parse the feed and prepare each entry, returning slim data.

    ``known`` holds the digests (:func:`known_digests`) of the ids (as stored: scoped by
    ``feed_id``) and links of the feed's last stored articles: an entry whose id or link is
    among them is not classified (:func:`skip_known`); the pipeline reads it as stored.

    Hostile bodies are refused first; in a worker process (``timeout`` > 0) parsing is
    interrupted after ``timeout`` seconds, and its address space is limited (see ``_init``),
    so a body that needs too much memory ends with MemoryError: both become the feed's error.
    """
    reason = hostile_reason(body)
    if reason is not None:
        return ParsedBatch(None, (), reason)
    alarm = timeout > 0 and threading.current_thread() is threading.main_thread()
    if alarm:
        signal.signal(signal.SIGALRM, _on_alarm)
        signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        parsed = parse_feed(body, url, name, content_type)
        entries = newest(parsed.entries, max_items)
        stored = _digest_set(known)
        items = tuple(
            skip_known(e, threshold)
            if stored
            and (
                digest(scope_uid(e.uid, feed_id)) in stored
                or (e.link is not None and digest(e.link) in stored)
            )
            else prepare(e, threshold)
            for e in entries
        )
    except ParseTimeout:
        return ParsedBatch(None, (), f"parsing the feed took longer than {timeout:g} s (refused)")
    except MemoryError:
        return ParsedBatch(None, (), "parsing the feed needed more memory than allowed (refused)")
    finally:
        if alarm:
            signal.setitimer(signal.ITIMER_REAL, 0)
    title = clean_text(parsed.title) if parsed.title else parsed.title
    error = parsed.error
    if error and "MemoryError" in error:
        error = "parsing the feed needed more memory than allowed (refused)"
    return ParsedBatch(title, items, error)


class ParserUnavailable(Exception):
    """The parser workers died (killed, out of memory) and the retry failed too: the bot's
    problem, not the feed's."""


PR_SET_PDEATHSIG = 1


def die_with_parent() -> None:
    """Ask Linux to SIGKILL this process when its parent dies (no-op elsewhere)."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        pass


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a killed process that nobody reaped yet is a zombie: dead all the same
        with open(f"/proc/{pid}/stat", "rb") as f:
            return f.read().rsplit(b")", 1)[-1].split()[0] != b"Z"
    except (OSError, IndexError):
        return True


def watch_parent(pid: int, every: float = 1.0) -> None:
    """A daemon thread that ends this process as soon as process ``pid`` is gone."""

    def watch() -> None:
        while _alive(pid):
            time.sleep(every)
        os._exit(0)

    threading.Thread(target=watch, name=f"watch-{pid}", daemon=True).start()


def _init(main_pid: int, memory_bytes: int) -> None:
    """Each worker: dies with its parent (the fork server) and with the bot's main process,
    and may not map more than ``memory_bytes`` (a parse that needs more gets MemoryError)."""
    die_with_parent()
    watch_parent(main_pid)
    if memory_bytes > 0:
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))


class ParserPool:
    """Where feeds are parsed. ``processes=0`` uses one thread (for tests and tiny setups).

    A pool whose worker died (the OOM killer, a kill) is rebuilt and the feed retried once;
    if that fails too, ``parse`` raises ParserUnavailable (never counted against the feed).
    A parse that outlives ``timeout`` (+ a grace period) has its workers killed and the pool
    rebuilt. The fork server and the workers exit when the main process dies, even by kill -9
    (see bot.news.forkguard and ``_init``).
    """

    def __init__(
        self,
        processes: int,
        *,
        max_items: int = 1_000_000,
        timeout: float = 0.0,
        memory_mb: int = 0,
    ) -> None:
        self.processes = processes
        self.max_items = max_items
        self.timeout = timeout
        self.memory_bytes = memory_mb * 1024 * 1024
        self.calls = 0
        self.skipped = 0  # entries not classified: the pipeline said they were stored
        self.rebuilds = 0
        self._executor = self._make()

    def _make(self) -> Executor:
        if self.processes <= 0:
            return ThreadPoolExecutor(max_workers=1, thread_name_prefix="feed-parser")
        ctx = multiprocessing.get_context("forkserver")
        # forkguard first (the fork server dies with the bot), then prewarm (what classifying
        # reads, built once and shared by every worker forked after it).
        ctx.set_forkserver_preload(["bot.news.forkguard", "bot.news.prewarm"])
        return ProcessPoolExecutor(
            max_workers=self.processes,
            mp_context=ctx,
            initializer=_init,
            initargs=(os.getpid(), self.memory_bytes),
        )

    def _rebuild(self, broken: Executor) -> None:
        if broken is not self._executor:
            return  # another feed rebuilt it already
        self.rebuilds += 1
        log.warning("A parser worker died; starting new parser workers")
        _kill_workers(broken)
        broken.shutdown(wait=False, cancel_futures=True)
        self._executor = self._make()

    async def parse(
        self,
        body: bytes,
        url: str,
        name: str,
        content_type: str,
        threshold: float,
        *,
        known: bytes = b"",
        feed_id: int | None = None,
    ) -> ParsedBatch:
        """Parse and classify one feed; ``known`` and ``feed_id`` as in
        :func:`parse_and_classify` (entries the feed stores already are not classified)."""
        self.calls += 1
        # The worker interrupts itself after ``timeout`` (a thread cannot take the alarm).
        timeout = self.timeout if self.processes > 0 else 0.0
        job = functools.partial(
            parse_and_classify,
            body,
            url,
            name,
            content_type,
            threshold,
            self.max_items,
            timeout,
            known,
            feed_id,
        )
        for attempt in (1, 2):
            executor = self._executor
            try:
                batch = await self._run(executor, job)
                self.skipped += sum(isinstance(item, KnownItem) for item in batch.items)
                return batch
            except BrokenExecutor as exc:
                self._rebuild(executor)
                if attempt == 2:
                    raise ParserUnavailable(
                        f"the parser workers stopped twice ({type(exc).__name__})"
                    ) from exc
            except TimeoutError:
                self._rebuild(executor)
                return ParsedBatch(
                    None, (), f"parsing the feed took longer than {self.timeout:g} s (refused)"
                )
        raise AssertionError("unreachable")

    async def _run(self, executor: Executor, job: Callable[[], ParsedBatch]) -> ParsedBatch:
        running = asyncio.get_running_loop().run_in_executor(executor, job)
        if self.timeout <= 0:
            return await running
        # C code that ignores the worker's alarm is stopped from here a little later, by
        # killing the workers.
        return await asyncio.wait_for(running, self.timeout + 5.0)

    def close(self) -> None:
        self._executor.shutdown(wait=True, cancel_futures=True)


def _kill_workers(executor: Executor) -> None:
    for process in list(getattr(executor, "_processes", {}).values()):
        if process.is_alive():
            process.kill()
