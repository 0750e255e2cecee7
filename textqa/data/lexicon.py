"""The statistical detector's data: vocabulary, frequencies, bigrams and spinner synonyms.

``lexicon.bin`` is built by :mod:`textqa.data.build` and loaded here once per process,
lazily: a run that never selects a ``stats`` rule never reads it. Loading reads one file
and takes zero-copy views of its sections; there is no word → id dict to build (words
are found by binary search in the sorted vocabulary, and the answers are cached), so
start-up stays in the low milliseconds.

Layout: ``MAGIC``, a little-endian u32 header length, a JSON header naming each
section's array typecode, offset and length, then the sections (8-byte aligned).
"""

from __future__ import annotations

import array
import bisect
import json
import mmap
import struct
import sys
from functools import cache
from itertools import pairwise
from pathlib import Path

MAGIC = b"TEXTQA-LEXICON\n"
FORMAT_VERSION = 4
PATH = Path(__file__).resolve().parent / "lexicon.bin"

# Source flags of a synonym link.
FLAG_WORDNET, FLAG_MOBY, FLAG_CURATED = 1, 2, 4
# Spin priors are stored as round(-PRIOR_SCALE * log10(P)) in one byte.
PRIOR_SCALE = 40.0
# Zipf frequencies are stored as round(ZIPF_SCALE * zipf) in one byte.
ZIPF_SCALE = 25.0

SECTIONS = (
    "phrase_starts",
    "words",
    "word_offsets",
    "zipf",
    "web",
    "lemma",
    "bigram_keys",
    "bigram_counts",
    "bigram_starts",
    "rev_offsets",
    "rev_targets",
    "rev_prior",
    "rev_flags",
    "candidates",
)
_MISSING = -1
_IDS_LIMIT = 60_000  # cached word -> id answers
_SLOW_FINDS = 200  # look-ups by slices before the vocabulary list is built


class LexiconError(RuntimeError):
    """The data file is missing or was written by an incompatible build."""


class Lexicon:
    """Read-only look-ups over the built data."""

    def __init__(self, data: bytes | mmap.mmap) -> None:
        if data[: len(MAGIC)] != MAGIC:
            raise LexiconError("textqa/data/lexicon.bin is not a textqa lexicon; rebuild it")
        offset = len(MAGIC)
        (header_length,) = struct.unpack_from("<I", data, offset)
        offset += 4
        header = json.loads(data[offset : offset + header_length])
        if header["meta"].get("format") != FORMAT_VERSION:
            raise LexiconError("textqa/data/lexicon.bin has another format; rebuild it")
        base = offset + header_length
        view = memoryview(data)
        sections: dict[str, object] = {}
        meta = header["meta"]
        for name, (typecode, start, length) in header["sections"].items():
            chunk = view[base + start : base + start + length]
            if typecode == "raw":
                sections[name] = bytes(chunk)
            elif sys.byteorder == "little":
                sections[name] = chunk.cast(typecode)
            else:  # pragma: no cover - big-endian hosts copy and swap
                values = array.array(typecode)
                values.frombytes(chunk)
                values.byteswap()
                sections[name] = values
        self.web_total: float = meta["web_total"]
        self.bigram_floor: float = meta["bigram_floor"]
        self.sources: dict[str, str] = meta.get("sources", {})
        self._blob = sections["words"]
        # First word of each multi-word wording with originals → its longest length, and
        # the second words of those wordings (space-separated; see phrase_seconds).
        self.phrase_starts: dict[str, int] = {}
        self._second_words: dict[str, str] = {}
        for line in str(sections["phrase_starts"], "utf-8").splitlines():
            word, length, seconds = line.split("\t")
            self.phrase_starts[word] = int(length)
            self._second_words[word] = seconds
        self._offsets = sections["word_offsets"]
        self._zipf = sections["zipf"]
        self._web = sections["web"]
        self._lemma = sections["lemma"]
        self._bigram_keys = sections["bigram_keys"]
        self._bigram_counts = sections["bigram_counts"]
        self._rev_offsets = sections["rev_offsets"]
        self._rev_targets = sections["rev_targets"]
        self._rev_prior = sections["rev_prior"]
        self._rev_flags = sections["rev_flags"]
        # The reverse thesaurus, for hot loops that index it (see originals_of).
        self.rev_offsets = self._rev_offsets
        self.rev_targets = self._rev_targets
        self.rev_prior = self._rev_prior
        self.rev_flags = self._rev_flags
        # Per word id, the positions of its candidate originals in its reverse list,
        # worked out at build time by the swap model (textqa.swaps.candidates.candidate_table)
        # under the settings named by ``candidates_key``.
        self.candidates: memoryview = sections.get("candidates", memoryview(b""))  # type: ignore[assignment]
        self.candidates_key: str | None = meta.get("candidates_key")
        self.size = len(self._offsets) - 1  # type: ignore[arg-type]
        self._ids: dict[str, int] = {}
        # Per word id, where its pairs start in the sorted bigram keys (one more entry
        # at the end): a word's pairs are keys[starts[w] : starts[w + 1]].
        self._bigram_starts = sections["bigram_starts"]
        # What pair_counts reads, for the statistical detector's hot path, which inlines
        # it: (web counts, bigram keys, bigram counts, bigram starts).
        self.pair_tables = (self._web, self._bigram_keys, self._bigram_counts, self._bigram_starts)
        self._seconds: dict[str, frozenset[str]] = {}
        self._words: list[bytes] | None = None
        self._slow_finds = 0  # look-ups made without the list (see find)
        self._forward: dict[int, list[int]] | None = None
        import math

        self.log_floor = math.log10(self.bigram_floor)
        self.log_total = math.log10(self.web_total)

    # ------------------------------------------------------------------ words
    def id(self, word: str) -> int:
        """The word's id, or -1 when it is not in the vocabulary (answers are cached)."""
        found = self._ids.get(word)
        if found is None:
            if len(self._ids) > _IDS_LIMIT:  # a long run over a large vocabulary
                self._ids.clear()
            found = self._ids[word] = self.find(word)
        return found

    def find(self, word: str) -> int:
        """:meth:`id` without the cache, for callers that cache the answer themselves."""
        words = self._words
        key = word.encode("utf-8")
        if words is None:
            if self._slow_finds < _SLOW_FINDS:
                # A run that looks up a few words (a pack hit's originals, in a run
                # without the statistics) need not build the list below.
                self._slow_finds += 1
                return self._find_in_blob(key)
            # The vocabulary as a list of bytes, so the C bisect can search it: about
            # 10 ms and 4 MB once, then a look-up costs a fifth of a Python loop's.
            offsets = self._offsets.tolist()  # type: ignore[attr-defined]
            blob = self._blob
            words = self._words = [blob[a:b] for a, b in pairwise(offsets)]  # type: ignore[index]
        index = bisect.bisect_left(words, key)
        return index if index < len(words) and words[index] == key else _MISSING

    def _find_in_blob(self, key: bytes) -> int:
        """:meth:`find` by bisecting the vocabulary where it lies, one slice a step."""
        offsets, blob = self._offsets, self._blob

        def word_at(index: int) -> bytes:
            return blob[offsets[index] : offsets[index + 1]]  # type: ignore[index]

        count = len(offsets) - 1  # type: ignore[arg-type]
        index = bisect.bisect_left(range(count), key, key=word_at)
        return index if index < count and word_at(index) == key else _MISSING

    def phrase_seconds(self, first: str) -> frozenset[str]:
        """The second words of the multi-word wordings with originals that start with
        the word ``first`` (no spaces): a phrase whose second word is not among them has
        no originals, so it need not be looked up (listed by the build; cached)."""
        found = self._seconds.get(first)
        if found is None:
            seconds = self._second_words.get(first)
            found = self._seconds[first] = frozenset(seconds.split(" ") if seconds else ())
        return found

    def word(self, word_id: int) -> str:
        offsets = self._offsets
        return str(self._blob[offsets[word_id] : offsets[word_id + 1]], "utf-8")  # type: ignore[index]

    def zipf_of(self, word_id: int) -> float:
        """wordfreq's Zipf frequency (log10 per billion words); 0 for unknown words."""
        return self._zipf[word_id] / ZIPF_SCALE if word_id >= 0 else 0.0  # type: ignore[index]

    def zipf(self, word: str) -> float:
        return self.zipf_of(self.id(word))

    def log_web_of(self, word_id: int) -> float | None:
        """log10 of the word's Web 1T count (estimated when the list lacks it)."""
        if word_id < 0:
            return None
        value = self._web[word_id]  # type: ignore[index]
        return value / 1000 if value else None

    def lemma_of(self, word_id: int) -> int:
        return self._lemma[word_id] if word_id >= 0 else _MISSING  # type: ignore[index]

    def lemma(self, word: str) -> str:
        word_id = self.id(word)
        return self.word(self._lemma[word_id]) if word_id >= 0 else word  # type: ignore[index]

    # ------------------------------------------------------------------ bigrams
    def log_bigram_of(self, first: int, second: int) -> float | None:
        """log10 of the pair's count (on the unigram list's scale), or None when the pair
        is below the list's floor."""
        if first < 0 or second < 0:
            return None
        key = first << 24 | second
        keys = self._bigram_keys
        index = bisect.bisect_left(keys, key)  # type: ignore[arg-type]
        if index < len(keys) and keys[index] == key:  # type: ignore[arg-type,index]
            return self._bigram_counts[index] / 1000  # type: ignore[index]
        return None

    def pair_counts(self, first: int, second: int) -> tuple[float, float | None] | None:
        """For neighbouring words: (the log10 count their pair would have if they were
        independent, the pair's :meth:`log_bigram_of`), or None when either word has no
        Web 1T count. One call instead of three on the statistical detector's hot path."""
        if first < 0 or second < 0:
            return None
        web = self._web
        first_web, second_web = web[first], web[second]  # type: ignore[index]
        if not first_web or not second_web:
            return None
        expected = first_web / 1000 + second_web / 1000 - self.log_total
        key = first << 24 | second
        keys = self._bigram_keys
        low, high = self.bigram_range(first)
        index = bisect.bisect_left(keys, key, low, high)  # type: ignore[arg-type]
        if index < high and keys[index] == key:  # type: ignore[index]
            return expected, self._bigram_counts[index] / 1000  # type: ignore[index]
        return expected, None

    def bigram_range(self, first: int) -> tuple[int, int]:
        """The slice of the sorted bigram keys whose first word is ``first``: searching
        only it takes a few steps instead of twenty."""
        starts = self._bigram_starts
        return starts[first], starts[first + 1]  # type: ignore[index]

    def log_bigram(self, first: str, second: str) -> float | None:
        return self.log_bigram_of(self.id(first), self.id(second))

    # ------------------------------------------------------------------ synonyms
    def originals_of(self, word_id: int, limit: int | None = None) -> list[tuple[int, float, int]]:
        """(original id, log10 P(substitute | original spun), source flags), best first;
        only the first ``limit`` when given."""
        if word_id < 0:
            return []
        start, end = self._rev_offsets[word_id], self._rev_offsets[word_id + 1]  # type: ignore[index]
        if limit is not None:
            end = min(end, start + limit)
        targets, prior, flags = self._rev_targets, self._rev_prior, self._rev_flags
        return [
            (targets[j], -prior[j] / PRIOR_SCALE, flags[j])  # type: ignore[index]
            for j in range(start, end)
        ]

    def originals_columns(
        self, word_id: int, limit: int
    ) -> tuple[list[int], list[float], list[int]]:
        """:meth:`originals_of` as three lists (ids, log10 priors, flags): read with C
        slices and no tuple per original, for the statistical detector's first look at
        a wording."""
        if word_id < 0:
            return [], [], []
        start, end = self._rev_offsets[word_id], self._rev_offsets[word_id + 1]  # type: ignore[index]
        end = min(end, start + limit)
        return (
            self._rev_targets[start:end].tolist(),  # type: ignore[index]
            [-prior / PRIOR_SCALE for prior in self._rev_prior[start:end].tolist()],  # type: ignore[index]
            self._rev_flags[start:end].tolist(),  # type: ignore[index]
        )

    def originals(self, substitute: str) -> list[tuple[str, float, int]]:
        """Words a spinner may have replaced by ``substitute``: (original, P(substitute |
        original spun), source flags), likeliest first."""
        return [
            (self.word(target), 10**log_prior, flags)
            for target, log_prior, flags in self.originals_of(self.id(substitute))
        ]

    def has_originals(self, word_id: int) -> bool:
        offsets = self._rev_offsets
        return word_id >= 0 and offsets[word_id + 1] > offsets[word_id]  # type: ignore[index]

    def substitutes(self, original: str) -> list[str]:
        """Words the data lets a spinner put in place of ``original``."""
        word_id = self.id(original)
        if word_id < 0:
            return []
        if self._forward is None:
            forward: dict[int, list[int]] = {}
            offsets, targets = self._rev_offsets, self._rev_targets
            for substitute in range(self.size):
                for j in range(offsets[substitute], offsets[substitute + 1]):  # type: ignore[index]
                    forward.setdefault(targets[j], []).append(substitute)  # type: ignore[index]
            self._forward = forward
        return [self.word(i) for i in self._forward.get(word_id, ())]


@cache
def lexicon() -> Lexicon:
    """The shipped lexicon, loaded on first use.

    The file is memory-mapped, not read: only the pages a run touches are loaded, and
    worker processes and concurrent runs share them through the page cache.
    """
    try:
        with PATH.open("rb") as handle:
            try:
                data: bytes | mmap.mmap = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
            except (OSError, ValueError):  # a file system without mmap, or an empty file
                data = handle.read()
    except OSError as error:
        raise LexiconError(
            f"{PATH} is missing ({error.strerror}); run `python -m textqa.data.build`"
        ) from error
    return Lexicon(data)
