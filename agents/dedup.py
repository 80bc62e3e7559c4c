"""Dedup stage: flag exact and near duplicates, and assign every article to a story.

Nothing is dropped: a duplicate keeps flowing, marked `duplicate_of` the earliest article it
repeats. Exact duplicates share the hash of their normalised body; near duplicates share most
word 5-shingles (MinHash estimate of Jaccard similarity, found through LSH within a time window:
agents.neardup). A non-duplicate joins the story whose centroid it is most like (agents.storyvectors:
linked entities by id, character 4-grams of its content words), discounted by the time since the
story was last seen, or founds a new story whose id derives from its own id, so replays give the
same ids. Stories never merge: an article joins one story, and a story that has not been seen
within the window closes.

State lives behind the `StoryIndex` protocol: `InMemoryStoryIndex` here for tests and the
embedded `wirewatch process` mode; tables of the worker's state store (streams.state), made durable
by one changelog record per article, in the worker.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter
from collections.abc import Iterable, MutableMapping
from datetime import UTC, datetime
from typing import Any, ClassVar, Protocol

from pydantic import BaseModel, ConfigDict, Field

from agents.neardup import ByteStore, DictByteStore, NearDuplicateIndex, StreamClock, minhash
from agents.passages import PassageIndex
from agents.storyvectors import (
    Vector,
    centroid_norm,
    char_vector,
    content_words,
    cosine_with_centroid,
    grow_centroid,
    sublinear_tfidf,
)
from streams.schemas import ClusteredArticle, SharedPassage, StoryEntity, StorySummary, TaggedArticle

_WORD = re.compile(r"\w+", re.UNICODE)


class IndexedArticle(BaseModel):
    """What the index remembers of an article (small: no body)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    content_hash: str
    story_id: str
    duplicate_of: str | None
    duplicate_similarity: float | None
    duplicate_method: str | None
    shared_passages: list[SharedPassage] = Field(default_factory=list)
    timestamp: float | None
    day: int | None = Field(default=None, description="stream day it was indexed on (expiry)")


class Story(BaseModel):
    # Fields of older versions (term_counts) are ignored: such a story has no centroid yet, draws
    # no new articles and closes with its window.
    model_config = ConfigDict(frozen=True, extra="ignore")

    story_id: str
    first_article_id: str
    title: str | None = None
    duplicate_count: int = 0
    entity_names: dict[str, str] = Field(default_factory=dict, description="names of the counted entities")
    article_count: int
    outlets: list[str]
    entity_counts: dict[str, int] = Field(description="mentions per entity id (summaries, candidate lookup)")
    entity_centroid: dict[str, float] = Field(default_factory=dict, description="decayed sum of entity vectors")
    char_centroid: dict[str, float] = Field(default_factory=dict, description="decayed sum of 4-gram vectors")
    first_seen: float | None
    last_seen: float | None
    last_day: int | None = Field(default=None, description="stream day of its latest article (expiry)")
    language: str | None = Field(default=None, description="its first article's: words compare within a language")


class StoryIndex(Protocol):
    def article(self, article_id: str) -> IndexedArticle | None: ...
    def article_with_hash(self, content_hash: str) -> str | None: ...
    def near_duplicate_store(self) -> ByteStore: ...
    def passage_store(self) -> ByteStore: ...
    def stories(self) -> Iterable[Story]: ...
    def candidate_stories(self, entity_ids: Iterable[str]) -> Iterable[Story]: ...
    def story(self, story_id: str) -> Story | None: ...
    def put(self, article: IndexedArticle, story: Story) -> None: ...
    def sweep(self, today: int, window_days: int) -> int: ...
    def add_document(self, keys: list[str]) -> dict[str, int]: ...


class MappingStoryIndex:
    """StoryIndex over plain mutable mappings of JSON-ready values: dicts here, tables of the
    worker's state store there, so both run the same code.

    Stories are found through their entities (`story_entities`: entity id -> the ids of the
    stories that carry it, the latest `STORIES_PER_ENTITY`), so an article is scored against the
    stories it shares an entity with, never against every story: the cost per article does not
    grow with the number of stories held."""

    def __init__(
        self,
        articles: MutableMapping[str, Any],
        hashes: MutableMapping[str, Any],
        stories: MutableMapping[str, Any],
        frequencies: MutableMapping[str, Any],
        near: ByteStore,
        passages: ByteStore,
        story_entities: ByteStore,
    ) -> None:
        self._articles = articles
        self._story_entities = story_entities
        self._hashes = hashes  # also holds the last swept day, under SWEPT_KEY
        self._stories = stories
        self._frequencies = frequencies
        self._near = near
        self._passages = passages
        # Parsed stories: every article scores every story, so each version is parsed once.
        self._parsed: dict[str, Story] = {}
        self._generation: int | None = getattr(stories, "generation", None)

    def article(self, article_id: str) -> IndexedArticle | None:
        value = self._articles.get(article_id)
        return IndexedArticle.model_validate(value) if value else None

    def article_with_hash(self, content_hash: str) -> str | None:
        value = self._hashes.get(content_hash)
        return str(value) if value else None

    def near_duplicate_store(self) -> ByteStore:
        return self._near

    def passage_store(self) -> ByteStore:
        return self._passages

    def stories(self) -> Iterable[Story]:
        for story_id in list(self._stories.keys()):
            story = self.story(story_id)
            if story is not None:
                yield story

    def candidate_stories(self, entity_ids: Iterable[str]) -> Iterable[Story]:
        """The stories that carry any of these entities (for each, its latest stories)."""
        seen: set[str] = set()
        for entity_id in entity_ids:
            posting = self._story_entities.get(entity_id.encode("utf-8")) or b""
            for story_id in reversed(posting.decode("ascii").split()):
                if story_id in seen:
                    continue
                seen.add(story_id)
                story = self.story(story_id)
                if story is not None:
                    yield story

    def story(self, story_id: str) -> Story | None:
        # Parsed stories are the index's own writes, so they are current while the store has
        # not changed underneath (a restore, an aborted transaction: its `generation` moves).
        generation = getattr(self._stories, "generation", None)
        if generation != self._generation:
            self._parsed.clear()
            self._generation = generation
        story = self._parsed.get(story_id)
        if story is not None:
            return story
        value = self._stories.get(story_id)
        if not value:
            return None
        story = self._parsed[story_id] = Story.model_validate(value)
        if len(self._parsed) > 100_000:  # stories expire; so does this cache, wholesale
            self._parsed.clear()
        return story

    def put(self, article: IndexedArticle, story: Story) -> None:
        self._articles[article.id] = article.model_dump(mode="json")
        if self._hashes.get(article.content_hash) is None:
            self._hashes[article.content_hash] = article.id
        before = self.story(story.story_id)
        self._stories[story.story_id] = story.model_dump(mode="json")
        self._parsed[story.story_id] = story
        known = before.entity_counts.keys() if before is not None else set()
        for entity_id in story.entity_counts.keys() - known:
            self._post_story(entity_id, story.story_id)

    def _post_story(self, entity_id: str, story_id: str) -> None:
        key = entity_id.encode("utf-8")
        entry = f" {story_id}".encode("ascii")
        posting = self._story_entities.get(key) or b""
        if posting.count(b" ") >= STORIES_PER_ENTITY:  # keep the latest: rewrite, shortened
            kept = posting.split()[-(STORIES_PER_ENTITY // 2):]
            self._story_entities.put(key, b"".join(b" " + k for k in kept) + entry)
        else:
            self._story_entities.append(key, entry)

    def add_document(self, keys: list[str]) -> dict[str, int]:
        """Count one more document carrying `keys`; answer their frequencies and the total."""
        out = {}
        for key in {*keys, DOCUMENTS}:
            self._frequencies[key] = out[key] = int(self._frequencies.get(key) or 0) + 1
        return out

    def sweep(self, today: int, window_days: int) -> int:
        """Forget articles and stories not seen within the window (once per stream day)."""
        swept = self._hashes.get(SWEPT_KEY)
        if swept is not None and today <= int(swept):
            return 0
        self._hashes[SWEPT_KEY] = today
        removed = 0
        for key, value in list(self._articles.items()):
            if expired(value.get("day"), today, window_days):
                del self._articles[key]
                if self._hashes.get(value["content_hash"]) == key:
                    del self._hashes[value["content_hash"]]
                removed += 1
        for key, value in self._articles.items():  # a surviving copy keeps exact matching alive
            if self._hashes.get(value["content_hash"]) is None:
                self._hashes[value["content_hash"]] = key
        for key, value in list(self._stories.items()):
            if expired(value.get("last_day"), today, window_days):
                del self._stories[key]
                self._parsed.pop(key, None)
                removed += 1
        alive = {key.encode("ascii") for key in self._stories.keys()}  # ids only: no story parsed
        for entity_key in list(self._story_entities.keys()):
            posting = self._story_entities.get(entity_key) or b""
            live = [i for i in posting.split() if i in alive]
            if not live:
                self._story_entities.delete(entity_key)
            elif len(live) != posting.count(b" "):
                self._story_entities.put(entity_key, b"".join(b" " + i for i in live))
        return removed


class InMemoryStoryIndex(MappingStoryIndex):
    def __init__(self) -> None:
        super().__init__({}, {}, {}, {}, DictByteStore(), DictByteStore(), DictByteStore())


class DedupConfig(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    near_duplicate_threshold: float = Field(
        default=0.4, gt=0, le=1, description="estimated Jaccard similarity of word 5-shingles (BENCHMARKS.md)"
    )
    shingle_words: int = Field(default=5, ge=1, le=12)
    min_near_duplicate_words: int = Field(default=25, ge=0, description="shorter texts are only exact duplicates")
    window_days: int = Field(default=7, ge=1, le=365, description="how far back duplicates are looked for")
    passage_share: float = Field(
        default=0.5, gt=0, le=1, description="share of a paragraph's fingerprints an earlier article must have"
    )
    min_passage_words: int = Field(default=15, ge=5, description="shorter paragraphs are not compared")
    story_threshold: float = Field(
        default=0.35, gt=0, le=1,
        description="score to join a story; chosen on the dev pairs and a chaining check (BENCHMARKS.md)",
    )
    entity_weight: float = Field(default=0.5, ge=0, le=1, description="entities' share of the geometric mean")
    story_grace_hours: float = Field(default=36.0, ge=0)
    story_half_life_hours: float = Field(default=96.0, gt=0)
    story_char_grams: int = Field(default=300, ge=20, description="character 4-grams kept per story centroid")
    story_entities: int = Field(default=60, ge=5, description="entities remembered per story")


def expired(day: int | None, today: int, window_days: int) -> bool:
    """Older than the window; state from before any dated article (day None) is kept."""
    return day is not None and day < today - window_days


def words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def content_hash(tokens: list[str]) -> str:
    return hashlib.sha256(" ".join(tokens).encode("utf-8")).hexdigest()[:32]


def _paragraph_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph: the clean text separates them with blank lines."""
    return [(m.start(), m.end()) for m in re.finditer(r"[^\n]+(?:\n[^\n]+)*", text)]


AGENCY_ID_PREFIX = "ww:agency-"  # the news agencies' ids (agents/resources/entities_agencies.yaml)
STORIES_PER_ENTITY = 64  # an entity in every story (Deutschland) must not make scoring a scan
DOCUMENTS = "\x00documents"  # key of the document count among the frequencies
SWEPT_KEY = "\x00swept-day"  # among the hashes: the last stream day swept


def story_id_for(article_id: str) -> str:
    return "story-" + hashlib.sha256(article_id.encode("utf-8")).hexdigest()[:16]


def moment(timestamp: float | None) -> datetime | None:
    return datetime.fromtimestamp(timestamp, UTC) if timestamp is not None else None


def article_time(article: TaggedArticle) -> float | None:
    """When the article appeared, if known to the day; a month-only date is too vague to decay."""
    moment: datetime | None = article.fetched_at
    if article.published_at is not None and article.published_precision != "month":
        moment = article.published_at
    return moment.timestamp() if moment else None


class StoryClusterer:
    name: ClassVar[str] = "dedup"
    input_model = TaggedArticle
    output_model = ClusteredArticle

    def __init__(self, config: DedupConfig, index: StoryIndex | None = None) -> None:
        self.config = config
        self.index: StoryIndex = index if index is not None else InMemoryStoryIndex()
        self.near = NearDuplicateIndex(
            self.index.near_duplicate_store(), config.near_duplicate_threshold, config.window_days
        )
        self.passages = PassageIndex(self.index.passage_store(), config.window_days)
        self._norms: dict[str, tuple[int, float, float]] = {}  # story id -> (version, entities, chars)

    def __call__(self, article: TaggedArticle) -> ClusteredArticle:
        seen = self.index.article(article.id)
        if seen is not None:  # a redelivered message: answer as the first time
            return self._output(article, seen)
        tokens = words(article.text)
        body_hash = content_hash(tokens)
        when = article_time(article)
        dup_of, similarity, method = self._find_duplicate(article.id, body_hash, tokens, when)
        passages = self._shared_passages(article, when)
        today = StreamClock(self.index.near_duplicate_store()).today()
        # Who distributed a report (dpa, AFP) says nothing about what it reports.
        entities = Counter(e.entity_id for e in article.entities if not e.entity_id.startswith(AGENCY_ID_PREFIX))
        vectors = self._vectors(entities, article)
        story = self._story_of_duplicate(dup_of) if dup_of else self._best_story(vectors, when, article.language)
        story = self._grow(story, article, entities, vectors, when, today, duplicate=dup_of is not None)
        indexed = IndexedArticle(
            id=article.id, content_hash=body_hash, story_id=story.story_id,
            duplicate_of=dup_of, duplicate_similarity=similarity, duplicate_method=method,
            shared_passages=passages, timestamp=when, day=today,
        )
        self.index.put(indexed, story)
        if today is not None:
            self.index.sweep(today, self.config.window_days)
        return self._output(article, indexed)

    def summary(self, story_id: str, top: int = 10) -> StorySummary | None:
        """What the `stories` topic carries for a story, from the current state."""
        story = self.index.story(story_id)
        if story is None:
            return None
        ranked = sorted(story.entity_counts.items(), key=lambda kv: (-kv[1], kv[0]))
        named = [(k, n) for k, n in ranked if not k.startswith("nil:")] or ranked
        return StorySummary(
            story_id=story.story_id, representative_article_id=story.first_article_id,
            representative_title=story.title, article_count=story.article_count,
            duplicate_count=story.duplicate_count, outlets=story.outlets,
            top_entities=[StoryEntity(entity_id=k, name=story.entity_names.get(k), mentions=n) for k, n in named[:top]],
            first_seen=moment(story.first_seen), last_seen=moment(story.last_seen),
        )

    def _output(self, article: TaggedArticle, indexed: IndexedArticle) -> ClusteredArticle:
        return ClusteredArticle(
            **article.model_dump(),
            content_hash=indexed.content_hash,
            duplicate_of=indexed.duplicate_of,
            duplicate_similarity=indexed.duplicate_similarity,
            duplicate_method=indexed.duplicate_method,  # type: ignore[arg-type]
            shared_passages=indexed.shared_passages,
            story_id=indexed.story_id,
        )

    def _find_duplicate(
        self, article_id: str, body_hash: str, tokens: list[str], when: float | None
    ) -> tuple[str | None, float | None, str | None]:
        # Every article enters the near-duplicate index, exact copies too: a later reprint
        # may resemble the copy more than the original.
        near = self.near.add(article_id, minhash(tokens, self.config.shingle_words), when)
        if near is not None and len(tokens) < self.config.min_near_duplicate_words:
            near = None  # a few lines share too much by chance: short texts need an exact copy
        exact = self.index.article_with_hash(body_hash)
        if exact is not None:
            return self._original(exact), 1.0, "exact"
        if near is None:
            return None, None, None
        return self._original(near.article_id), near.similarity, "near"

    def _shared_passages(self, article: TaggedArticle, when: float | None) -> list[SharedPassage]:
        """Paragraphs that earlier articles of other outlets carry near-verbatim (agency copy)."""
        outlet = article.outlet or article.source
        paragraphs = [
            (start, end) for start, end in _paragraph_spans(article.text)
            if len(words(article.text[start:end])) >= self.config.min_passage_words
        ]
        found = self.passages.add(article.id, outlet, article.text, paragraphs, when, self.config.passage_share)
        out = []
        for (start, end), sharing in zip(paragraphs, found, strict=True):
            others = [s for s in sharing if s.outlet != outlet]
            if others:
                out.append(SharedPassage(
                    start=start, end=end, articles=[s.article_id for s in others],
                    outlets=sorted({s.outlet for s in others}), similarity=max(s.share for s in others),
                ))
        return out

    def _original(self, article_id: str) -> str:
        """The earliest article of a duplicate chain."""
        other = self.index.article(article_id)
        return other.duplicate_of if other and other.duplicate_of else article_id

    def _story_of_duplicate(self, original_id: str) -> Story | None:
        original = self.index.article(original_id)
        return self.index.story(original.story_id) if original else None

    def _vectors(self, entities: Counter[str], article: TaggedArticle) -> tuple[Vector, Vector]:
        """The article's entity and character 4-gram vectors, normalised. Entities are weighted
        by TF-IDF over the articles seen (this one included): an entity most articles carry
        (Deutschland) says little about which story an article belongs to."""
        # Content words are those rarer than function words in the article's language; they are
        # then weighted by their frequency in the stream itself, as entities are: in a stream
        # full of one topic ("Flüchtlinge") the topic's words stop telling its events apart.
        occurrences = [w for w, _ in content_words(article.text, article.language or "de") if not w.isdigit()]
        keys = [f"e:{e}" for e in entities] + [f"w:{w}" for w in set(occurrences)]
        frequencies = self.index.add_document(keys)
        total = frequencies.get(DOCUMENTS, 1)

        def idf(key: str) -> float:
            return math.log((1 + total) / (1 + frequencies.get(key, 0))) + 1.0

        entity_vector = sublinear_tfidf(entities, {e: idf(f"e:{e}") for e in entities})
        return entity_vector, char_vector((w, idf(f"w:{w}")) for w in occurrences)

    def _best_story(self, vectors: tuple[Vector, Vector], when: float | None, language: str | None) -> Story | None:
        entity_vector, char_vector_ = vectors
        w = self.config.entity_weight
        window = self.config.window_days * 86400.0
        best: tuple[float, Story] | None = None
        # Only stories that share an entity: for the others the geometric mean below is 0.
        for story in self.index.candidate_stories(entity_vector):  # keyed by the article's entity ids
            decay = 1.0
            if when is not None and story.last_seen is not None:
                if when - story.last_seen > window:
                    continue  # closed: not seen within the window
                # News stories run for days: no decay within the grace period, then halving.
                decay = self._keep(abs(when - story.last_seen))
            entity_norm, char_norm = self._norms_of(story)
            entity_cosine = cosine_with_centroid(entity_vector, story.entity_centroid, entity_norm)
            if language and story.language and language != story.language:
                # Words of two languages cannot be compared: across languages a story is
                # joined on who and where (entity ids are language-free) and time alone.
                score = decay * entity_cosine
            else:
                # A weighted geometric mean: a story must share both who/where and what;
                # sharing only "USA" or only common vocabulary is not enough. The 4-gram
                # cosine is at most 1, so a story whose entity part cannot win is skipped.
                bound = decay * entity_cosine**w
                if bound < self.config.story_threshold or (best is not None and bound <= best[0]):
                    continue
                score = bound * cosine_with_centroid(char_vector_, story.char_centroid, char_norm) ** (1 - w)
            if score >= self.config.story_threshold and (best is None or score > best[0]):
                best = (score, story)
        return best[1] if best else None

    def _keep(self, seconds: float) -> float:
        """How much of a story counts after `seconds`: all within the grace period, then halving."""
        hours = seconds / 3600 - self.config.story_grace_hours
        return 0.5 ** (max(0.0, hours) / self.config.story_half_life_hours)

    def _norms_of(self, story: Story) -> tuple[float, float]:
        """The norms of a story's centroids, computed once per version."""
        cached = self._norms.get(story.story_id)
        if cached is None or cached[0] != story.article_count:
            cached = self._norms[story.story_id] = (
                story.article_count, centroid_norm(story.entity_centroid), centroid_norm(story.char_centroid)
            )
            if len(self._norms) > 200_000:  # stories expire; so does this cache, wholesale
                self._norms.clear()
        return cached[1], cached[2]

    def _grow(
        self,
        story: Story | None,
        article: TaggedArticle,
        entities: Counter[str],
        vectors: tuple[Vector, Vector],
        when: float | None,
        today: int | None,
        duplicate: bool,
    ) -> Story:
        names = {e.entity_id: e.name for e in article.entities if e.name}
        if story is None:
            kept = dict(entities.most_common(self.config.story_entities))
            return Story(
                story_id=story_id_for(article.id), first_article_id=article.id, title=article.title,
                entity_names={k: v for k, v in names.items() if k in kept}, article_count=1,
                outlets=[article.outlet or article.source], entity_counts=kept,
                entity_centroid=grow_centroid({}, vectors[0], 1.0, self.config.story_entities),
                char_centroid=grow_centroid({}, vectors[1], 1.0, self.config.story_char_grams),
                first_seen=when, last_seen=when, last_day=today, language=article.language,
            )
        merged_entities = Counter(story.entity_counts) + entities
        kept = dict(merged_entities.most_common(self.config.story_entities))
        # The centroid decays as the story's weight does: later articles count more.
        keep = self._keep(abs(when - story.last_seen)) if when is not None and story.last_seen is not None else 1.0
        outlet = article.outlet or article.source
        times = [t for t in (story.first_seen, story.last_seen, when) if t is not None]
        return story.model_copy(
            update={
                "article_count": story.article_count + 1,
                "duplicate_count": story.duplicate_count + (1 if duplicate else 0),
                "entity_names": {k: v for k, v in {**story.entity_names, **names}.items() if k in kept},
                "outlets": story.outlets + ([outlet] if outlet not in story.outlets else []),
                "entity_counts": kept,
                "entity_centroid": grow_centroid(story.entity_centroid, vectors[0], keep, self.config.story_entities),
                "char_centroid": grow_centroid(story.char_centroid, vectors[1], keep, self.config.story_char_grams),
                "first_seen": min(times) if times else None,
                "last_seen": max(times) if times else None,
                "last_day": today,
            }
        )
