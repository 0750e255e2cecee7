"""Inside a sentence pair: the slots where the two wordings differ, cut into the swaps
a spinner makes (one word or phrase for another, an added or dropped word)."""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache

from textqa.alignment.model import (
    JOIN_RE,
    MAX_LINKED_WORDS,
    MAX_SLOT_WORDS,
    MIN_SENTENCE_WORDS,
    PAIR_CUTOFF,
    PARTICLES,
    PUNCTUATION_MARKS,
)
from textqa.synonymy import COMMON_WORDS, FUNCTION_WORDS, PACK, THESAURUS, fact_word, link
from textqa.tokens import Token


def joined(text: str, words: list[Token]) -> bool:
    """The words form one run of prose: nothing but spaces and hyphens between them."""
    return all(JOIN_RE.fullmatch(text[a.end : b.start]) for a, b in itertools.pairwise(words))


@dataclass
class Slot:
    mine: list[Token]
    theirs: list[Token]
    mine_initial: bool
    theirs_initial: bool
    insertion: bool = False
    deletion: bool = False
    extra: list[str] = field(default_factory=list)  # the extra words (insertion/deletion)
    extra_after_anchor: bool = False
    mine_sentence: list[str] = field(default_factory=list)  # all words of both sentences
    theirs_sentence: list[str] = field(default_factory=list)


def differing_slots(
    texts: tuple[str, str],
    mine: list[Token],
    theirs: list[Token],
    anchored_edges: bool,
    boundaries: set[int],
    pack_pairs: Mapping[str, frozenset[str]] | None = None,
) -> list[Slot]:
    """Differing slots of two word lists that equal words anchor on both sides.

    ``anchored_edges``: the two lists are whole sentences, so their starts and ends
    anchor too. ``boundaries``: indexes in ``theirs`` where a second sentence starts.
    ``texts``: the two documents' texts, to see what lies between words.
    """
    a, b = [w.norm for w in mine], [w.norm for w in theirs]
    ops = _opcodes(texts, mine, theirs, a, b)
    # Group consecutive non-equal operations into one region.
    regions: list[tuple[int, int, int, int]] = []
    current: list[int] | None = None
    for op in ops:
        if op.tag == "equal":
            if current is not None:
                regions.append(tuple(current))  # type: ignore[arg-type]
                current = None
            continue
        if current is None:
            current = [op.src_start, op.src_end, op.dest_start, op.dest_end]
        else:
            current[1], current[3] = op.src_end, op.dest_end
    if current is not None:
        regions.append(tuple(current))  # type: ignore[arg-type]
    regions = _lent_to_next(_wrapped(_shifted(regions, a), a), a, b, pack_pairs)
    crossed = _crossed_extras(regions)
    slots = []
    for index, (i1, i2, j1, j2) in enumerate(regions):
        left = (i1 > 0 and j1 > 0) or (anchored_edges and i1 == 0 and j1 == 0)
        right = (i2 < len(a) and j2 < len(b)) or (anchored_edges and i2 == len(a) and j2 == len(b))
        if not (left and right):
            continue  # unanchored
        if any(j1 < k < j2 for k in boundaries):
            continue
        if i2 - i1 > MAX_SLOT_WORDS or j2 - j1 > MAX_SLOT_WORDS:
            # A wider region is a rewrite, unless it cuts into neighbouring swaps that
            # are each a thesaurus pair ("thirst force plays fair sexes" / "hunger
            # forces women"), after cutting at shared punctuation ("curtain raising
            # ceremonial, sounded out" / "opening ceremony, said").
            if min(i2 - i1, j2 - j1) == 0 or max(i2 - i1, j2 - j1) > MAX_LINKED_WORDS:
                continue
            parts = _at_punctuation(texts, mine, theirs, (i1, i2, j1, j2))
            pieces = [
                p for part in parts for p in _linked_pieces(mine, theirs, part, pack_pairs, True)
            ]
            if len(pieces) == 1 or any(
                p2 - p1 > MAX_SLOT_WORDS or q2 - q1 > MAX_SLOT_WORDS for p1, p2, q1, q2 in pieces
            ):
                continue
        elif i1 == i2 or j1 == j2:
            if index in crossed:
                continue
            slot = _extra(texts, mine, theirs, (i1, i2, j1, j2))
            if slot is not None:
                slot.mine_sentence, slot.theirs_sentence = a, b
                slots.append(slot)
            continue
        else:
            pieces = []
            for p1, p2, q1, q2 in _at_punctuation(texts, mine, theirs, (i1, i2, j1, j2)):
                whole = _strongly_linked(mine[p1:p2], theirs[q1:q2], pack_pairs)
                if whole:
                    pieces.append((p1, p2, q1, q2))  # a thesaurus phrase ("making love")
                elif (
                    p2 - p1 == q2 - q1 > 1
                    and _content_pairs(mine[p1:p2], theirs[q1:q2])
                    and not _ordinary_pairs_only(mine[p1:p2], theirs[q1:q2], pack_pairs)
                    and not _crossed(mine[p1:p2], theirs[q1:q2], pack_pairs)
                ):
                    # "workplace stated" / "office said": word by word (not "go on"),
                    # unless most words merely face other ordinary words ("Secret
                    # agents" / "Intelligence officers" is one swap of a phrase)
                    pieces.extend((p1 + k, p1 + k + 1, q1 + k, q1 + k + 1) for k in range(p2 - p1))
                else:
                    pieces.extend(_linked_pieces(mine, theirs, (p1, p2, q1, q2), pack_pairs))
        for p1, p2, q1, q2 in pieces:
            slots.append(
                Slot(list(mine[p1:p2]), list(theirs[q1:q2]), p1 == 0, q1 == 0 or q1 in boundaries)
            )
    return slots


def _opcodes(
    texts: tuple[str, str], mine: list[Token], theirs: list[Token], a: list[str], b: list[str]
) -> list:
    """The opcodes of ``a`` against ``b``, among equally good ones those that match
    words after punctuation with words after the same punctuation, and then those that
    leave fewer gaps (see below).

    "All the same, the defence ministry" / "However, the defense ministry": matching
    the first "the" is as good a match as matching the one after the comma, but only
    the second leaves "All the same" / "However" whole. Words are marked with the
    punctuation before them; the marked matching is used when it matches as many
    words as the plain one (then it is one of the plain one's optimal matchings).
    """
    from rapidfuzz.distance import Indel

    plain = Indel.opcodes(a, b)
    marked_a = _marked(texts[0], mine, a)
    marked_b = _marked(texts[1], theirs, b)
    chosen = list(plain)
    if marked_a != a or marked_b != b:
        marked = Indel.opcodes(marked_a, marked_b)
        if _matched(marked) >= _matched(plain):
            chosen = list(marked)
    # Where two equally long matchings part ways, the one that leaves fewer gaps there:
    # "Disaster lit upon the yield of The Return" against "The winner of the World Cinema
    # Award … struck the production of The Return" matches "the … of" with "The winner
    # of" as well as with "the production of", but only the second keeps the matched
    # words together. Elsewhere in the sentence the first matching stands.
    backwards = _reversed(Indel.opcodes(a[::-1], b[::-1]), len(a), len(b))
    if _matched(backwards) != _matched(chosen):
        return chosen
    return _fewest_gaps(chosen, backwards, len(a), len(b))


def _reversed(ops, size_a: int, size_b: int) -> list:
    """Opcodes of two reversed lists, as opcodes of the lists themselves."""
    from rapidfuzz.distance import Opcode

    return [
        Opcode(op.tag, size_a - op.src_end, size_a - op.src_start, size_b - op.dest_end,
               size_b - op.dest_start)
        for op in reversed(list(ops))
    ]  # fmt: skip


Pair = tuple[int, int]


def _fewest_gaps(first: list, second: list, size_a: int, size_b: int) -> list:
    """Two matchings (opcodes) combined: between the word pairs both match, the part of
    ``second`` where it matches more words, or as many in fewer gaps; else ``first``'s."""
    ours, theirs = _pairs(first), _pairs(second)
    if ours == theirs:
        return first
    shared = set(ours) & set(theirs)
    anchors = [(-1, -1), *sorted(shared), (size_a, size_b)]
    chosen: list[Pair] = []
    o = t = 0
    for start, end in itertools.pairwise(anchors):
        mine, o = _unshared_before(ours, o, end, shared)
        other, t = _unshared_before(theirs, t, end, shared)
        better = (len(other), -_gaps_between(start, other, end)) > (
            len(mine),
            -_gaps_between(start, mine, end),
        )
        chosen.extend(other if better else mine)
        if end != (size_a, size_b):
            chosen.append(end)
    return _opcodes_of(chosen, size_a, size_b)


def _unshared_before(
    pairs: list[Pair], index: int, end: Pair, shared: set[Pair]
) -> tuple[list[Pair], int]:
    """The pairs from ``pairs[index]`` on that come before the anchor ``end`` and are not
    ``shared``, and the index after them."""
    found = []
    while index < len(pairs) and pairs[index][0] < end[0]:
        if pairs[index] not in shared:
            found.append(pairs[index])
        index += 1
    return found, index


def _pairs(ops) -> list[Pair]:
    """The (index in a, index in b) of every matched word, in order."""
    return [
        (op.src_start + k, op.dest_start + k)
        for op in ops
        if op.tag == "equal"
        for k in range(op.src_end - op.src_start)
    ]


def _gaps_between(start: Pair, pairs: list[Pair], end: Pair) -> int:
    """Runs of unmatched words from ``start`` to ``end`` when ``pairs`` are matched."""
    points = [start, *pairs, end]
    return sum((i2 - i1, j2 - j1) != (1, 1) for (i1, j1), (i2, j2) in itertools.pairwise(points))


def _opcodes_of(pairs: list[Pair], size_a: int, size_b: int) -> list:
    """Opcodes (equal, or one non-equal op per gap) of a matching given as word pairs."""
    from rapidfuzz.distance import Opcode

    ops = []
    i = j = 0
    for pi, pj in [*pairs, (size_a, size_b)]:
        if (pi, pj) != (i, j):
            tag = "replace" if pi > i and pj > j else "delete" if pi > i else "insert"
            ops.append(Opcode(tag, i, pi, j, pj))
        if (pi, pj) == (size_a, size_b):
            break
        if ops and ops[-1].tag == "equal" and (ops[-1].src_end, ops[-1].dest_end) == (pi, pj):
            last = ops[-1]
            ops[-1] = Opcode("equal", last.src_start, pi + 1, last.dest_start, pj + 1)
        else:
            ops.append(Opcode("equal", pi, pi + 1, pj, pj + 1))
        i, j = pi + 1, pj + 1
    return ops


def _marked(text: str, words: list[Token], norms: list[str]) -> list[str]:
    """Each word's norm, prefixed with the punctuation between it and the word before."""
    out = norms[:1]
    for before, word, norm in zip(words, words[1:], norms[1:], strict=False):
        marks = "".join(c for c in text[before.end : word.start] if c in PUNCTUATION_MARKS)
        out.append(marks + norm if marks else norm)
    return out


def _matched(ops) -> int:
    return sum(op.src_end - op.src_start for op in ops if op.tag == "equal")


def _linked_pieces(
    mine: list[Token],
    theirs: list[Token],
    region: tuple[int, int, int, int],
    pack_pairs: Mapping[str, frozenset[str]] | None,
    allow_weak: bool = False,
) -> list[tuple[int, int, int, int]]:
    """The region cut into consecutive pieces that are each a thesaurus or pack pair
    ("group built up" / "radical armed" → group/radical, built up/armed), or the whole
    region when no such cut exists: neighbouring swaps of unequal length are separate.
    Strong links count. With ``allow_weak`` (a region too wide to be one swap), one
    piece may be a mere pair of ordinary words ("most expand state of nature jackass
    chase" / "most elaborate wild goose chase", where the thesaurus lacks "state of
    nature"), as the strong pieces around it fix its edges; a narrow region ("egg white
    grangers" / "white farmers") is better left whole. With common-word pairs alone any
    rewrite would cut somehow.

    When the region itself does not cut, the shared word before it may belong to the
    first swap: "military machine stated" / "military said" is military machine/military
    and stated/said.
    """

    i1, i2, j1, j2 = region
    if (i2 - i1) + (j2 - j1) < 3:
        return [region]

    @cache
    def strength(a1: int, a2: int, b1: int, b2: int) -> int:
        """2 for a thesaurus or pack pair, 1 for two ordinary words, else 0."""
        spun = " ".join(w.norm for w in mine[a1:a2])
        original = " ".join(w.norm for w in theirs[b1:b2])
        kind = link(spun, original, pack_pairs)
        return 2 if kind in (PACK, THESAURUS) else 1 if kind == COMMON_WORDS else 0

    Pieces = tuple[tuple[int, int, int, int], ...]

    @cache
    def best(a: int, b: int, weak_left: int) -> Pieces | None:
        """The most pieces covering mine[a:i2] and theirs[b:j2], every piece linked,
        at most ``weak_left`` of them weakly."""
        if a == i2 and b == j2:
            return ()
        found = None
        for a2 in range(a + 1, min(i2, a + 3) + 1):
            for b2 in range(b + 1, min(j2, b + 3) + 1):
                if (a2 == i2) != (b2 == j2):
                    continue
                weak = 2 - strength(a, a2, b, b2)
                if weak > min(1, weak_left):
                    continue
                rest = best(a2, b2, weak_left - weak)
                if rest is not None and (found is None or len(rest) + 1 > len(found)):
                    found = ((a, a2, b, b2), *rest)
        return found

    def cut(a: int, b: int) -> Pieces | None:
        pieces = best(a, b, 0)
        if pieces and len(pieces) > 1:
            return pieces
        if not allow_weak:
            return None
        pieces = best(a, b, 1)
        return pieces if pieces and len(pieces) > 1 else None

    pieces = cut(i1, j1)
    if pieces:
        return list(pieces)
    if i1 > 0 and j1 > 0 and mine[i1 - 1].norm == theirs[j1 - 1].norm and strength(*region) < 2:
        pieces = best(i1 - 1, j1 - 1, 0)
        if pieces and len(pieces) > 1:
            return list(pieces)
    return [region]


def _shifted(
    regions: list[tuple[int, int, int, int]], a: list[str]
) -> list[tuple[int, int, int, int]]:
    """Move a shared word to the far side of extra words that end with the same word.

    "step in direct in the" / "intervene directly in the": the opcodes match the
    spinner's "in" (of "step in") with the original's and leave "direct in" extra;
    matching the later "in" instead, which is as good a match, gives one region "step
    in direct" / "intervene directly", a swap. Likewise "looking for for alleged" /
    "seeking for alleged". The region may be words only B has: "take on natural process
    on the" / "take action on the" is "on natural process" / "action", not a missing
    "action" before the spinner's "on".
    """
    out: list[tuple[int, int, int, int]] = []
    for region in regions:
        if out:
            i1, i2, j1, j2 = out[-1]
            k1, k2, l1, l2 = region
            if k1 - i2 == 1 and l1 - j2 == 1 and l1 == l2 and j2 > j1 and a[k2 - 1] == a[i2]:
                out[-1] = (i1, k2 - 1, j1, j2)  # the region, the gap word, B's other words
                continue
        out.append(region)
    return out


def _lent_to_next(
    regions: list[tuple[int, int, int, int]],
    a: list[str],
    b: list[str],
    pack_pairs: Mapping[str, frozenset[str]] | None,
) -> list[tuple[int, int, int, int]]:
    """Give the last word of a region's longer side to the shared word after it, when
    the two make a thesaurus phrase of that word and the rest is a thesaurus swap:
    "needing action" / "taking legal action" is needing/taking and action/legal action,
    not needing/taking legal."""
    out: list[tuple[int, int, int, int]] = []
    for i1, i2, j1, j2 in regions:
        mine, theirs = i2 - i1, j2 - j1
        if min(mine, theirs) < 1 or mine == theirs or i2 == len(a) or j2 == len(b):
            out.append((i1, i2, j1, j2))
            continue
        # rest: the region without the lent word; lent: that word with the shared one.
        if theirs > mine:
            rest, lent = (i1, i2, j1, j2 - 1), (i2, i2, j2 - 1, j2)
            phrase_words = b[j2 - 1 : j2 + 1]
        else:
            rest, lent = (i1, i2 - 1, j1, j2), (i2 - 1, i2, j2, j2)
            phrase_words = a[i2 - 1 : i2 + 1]
        shared = a[i2]
        if (
            shared == b[j2]
            and link(" ".join(phrase_words), shared, pack_pairs) == THESAURUS
            and _strong(a[rest[0] : rest[1]], b[rest[2] : rest[3]], pack_pairs)
            and not _strong(a[i1:i2], b[j1:j2], pack_pairs)
        ):
            out.extend([rest, lent])
        else:
            out.append((i1, i2, j1, j2))
    return out


def _wrapped(
    regions: list[tuple[int, int, int, int]], a: list[str]
) -> list[tuple[int, int, int, int]]:
    """Join two regions around one shared word into one slot when one of them only adds
    words here (or both only drop words): a thesaurus phrase that contains the original
    word ("senior high school" for "high", "air travel defense" for "air defense") is
    one swap, not an added word and another swap. No phrase wraps a number, date or
    name ("past tense seven classes" / "past seven years" is two swaps)."""
    joined: list[tuple[int, int, int, int]] = []
    for region in regions:
        if joined:
            i1, i2, j1, j2 = joined[-1]
            k1, k2, l1, l2 = region
            one_word_apart = k1 - i2 == 1 and l1 - j2 == 1
            fits = k2 - i1 <= MAX_SLOT_WORDS and l2 - j1 <= MAX_SLOT_WORDS
            # Extra words in front of the shared word ("senior" high "school"), not a
            # swap before it and extra words after ("electrical storm" and "senior").
            added = j1 == j2 and i2 > i1 and k2 > k1
            dropped = i1 == i2 and k1 == k2
            if one_word_apart and fits and (added or dropped) and fact_word(a[i2]) is None:
                joined[-1] = (i1, k2, j1, l2)
                continue
        joined.append(region)
    return joined


def _grammar(word: Token) -> bool:
    return word.norm in FUNCTION_WORDS or word.norm in PARTICLES


def _strong(
    spun: list[str], original: list[str], pack_pairs: Mapping[str, frozenset[str]] | None
) -> bool:
    """Whether two wordings (lists of normalised words) are a thesaurus or pack pair."""
    return link(" ".join(spun), " ".join(original), pack_pairs) in (PACK, THESAURUS)


def _strongly_linked(
    mine: list[Token], theirs: list[Token], pack_pairs: Mapping[str, frozenset[str]] | None
) -> bool:
    """Whether two phrases as wholes are a thesaurus or pack pair ("making love" /
    "having sex"): then they are one swap, however their words pair up."""
    if len(mine) < 2 and len(theirs) < 2:
        return False
    return _strong([w.norm for w in mine], [w.norm for w in theirs], pack_pairs)


def _ordinary_pairs_only(
    mine: list[Token], theirs: list[Token], pack_pairs: Mapping[str, frozenset[str]] | None
) -> bool:
    """Whether more words face mere ordinary words (no synonym, other form or other fact
    of them) than thesaurus synonyms: then the phrases as wholes are the swap ("Secret
    agents" / "Intelligence officers"; "generated primer coat" / "wing gave ground", an
    extra "wing", "gave" and "ground" misaligned; "Packets moved around" / "Packet boats
    traveled")."""

    kinds = [link(a.norm, b.norm, pack_pairs) for a, b in zip(mine, theirs, strict=True)]
    ordinary = kinds.count(COMMON_WORDS)
    strong = sum(kind in (PACK, THESAURUS) for kind in kinds)
    return ordinary > strong


def _crossed(
    mine: list[Token], theirs: list[Token], pack_pairs: Mapping[str, frozenset[str]] | None
) -> bool:
    """Whether a word is a synonym of a word in another place of the other phrase, and
    not of the one facing it: the spinner's swaps do not pair up word by word ("survived
    failure practical application" / "made its bankruptcy application": 'failure' was
    'bankruptcy', 'practical' an extra word, not a swap of 'bankruptcy')."""
    for k, word in enumerate(mine):
        if _strong([word.norm], [theirs[k].norm], pack_pairs):
            continue
        if any(
            _strong([word.norm], [other.norm], pack_pairs)
            for other in theirs
            if other is not theirs[k]
        ):
            return True
    return False


def _content_pairs(mine: list[Token], theirs: list[Token]) -> bool:
    """Every word facing a word of the same kind: content for content (a phrasal verb
    against another, "go on"/"take place", stays one phrase)."""
    return all(not _grammar(a) and not _grammar(b) for a, b in zip(mine, theirs, strict=True))


def _breaks(text: str, words: list[Token], first: int, last: int) -> list[tuple[int, str]]:
    """Indexes ``k`` in ``first+1..last-1`` with punctuation before ``words[k]``, and it."""
    found = []
    for k in range(first + 1, last):
        gap = text[words[k - 1].end : words[k].start]
        if not JOIN_RE.fullmatch(gap):
            found.append((k, gap.strip()))
    return found


def clause_window(
    text: str, mine: list[Token], theirs: list[Token]
) -> tuple[tuple[int, int], float] | None:
    """The part of a longer sibling sentence that this sentence was split from.

    The part runs between punctuation marks of the sibling ("... government forces. date
    2022-02-20 ..." has a full stop where the splitter saw none) and is the one most like
    this sentence: each shared word counts, each other sibling word costs a quarter (a
    clause of four words holding one shared word and a swapped pair stays in: "Macron's
    office said" against "Macron's post told"). Its edges then anchor the swaps at this
    sentence's edges, which the rest of the sibling sentence would otherwise swallow.
    Returns the part's word range and its similarity, or None when no part beats the
    whole sentence (which then stays, unanchored).
    """
    from rapidfuzz.distance import Indel, LCSseq

    a = [w.norm for w in mine]
    cuts = [0, *(k for k, _ in _breaks(text, theirs, 0, len(theirs))), len(theirs)]
    norms = [w.norm for w in theirs]

    def fit(first: int, last: int) -> float:
        shared = LCSseq.similarity(a, norms[first:last])
        return shared - 0.25 * (last - first - shared)

    best, window = fit(0, len(theirs)), None
    for n, first in enumerate(cuts):
        for last in cuts[n + 1 :]:
            if (first, last) == (0, len(theirs)) or last - first < MIN_SENTENCE_WORDS:
                continue
            if (score := fit(first, last)) > best:
                best, window = score, (first, last)
    if window is None:
        return None
    similarity = Indel.normalized_similarity(a, norms[window[0] : window[1]])
    return (window, similarity) if similarity >= PAIR_CUTOFF else None


def _at_punctuation(
    texts: tuple[str, str],
    mine: list[Token],
    theirs: list[Token],
    region: tuple[int, int, int, int],
) -> list[tuple[int, int, int, int]]:
    """Split a slot where both sides have the same punctuation ("locus, even so," /
    "venue, however,"): each part is then anchored by the punctuation."""
    i1, i2, j1, j2 = region
    ours, other = _breaks(texts[0], mine, i1, i2), _breaks(texts[1], theirs, j1, j2)
    if not ours or len(ours) != len(other) or [g for _, g in ours] != [g for _, g in other]:
        return [(i1, i2, j1, j2)]
    cuts_mine = [i1, *(k for k, _ in ours), i2]
    cuts_theirs = [j1, *(k for k, _ in other), j2]
    return [
        (cuts_mine[n], cuts_mine[n + 1], cuts_theirs[n], cuts_theirs[n + 1])
        for n in range(len(ours) + 1)
    ]


def _crossed_extras(regions: list[tuple[int, int, int, int]]) -> set[int]:
    """Indexes of extra-word regions with an extra word on the other side one shared
    word away: "taking on backs" / "taking bets on" is the phrase reworded ("bets on"
    as "on backs"), not "bets" left out and "backs" added, so neither is evidence."""
    crossed: set[int] = set()
    for index in range(len(regions) - 1):
        i1, i2, j1, j2 = regions[index]
        k1, k2, l1, l2 = regions[index + 1]
        here, there = (i1 != i2, j1 != j2), (k1 != k2, l1 != l2)
        extra_here = here[0] != here[1]  # words on one side only
        extra_there = there[0] != there[1]
        if (
            extra_here
            and extra_there
            and here != there  # on opposite sides
            and k1 - i2 <= 1
            and l1 - j2 <= 1
        ):
            crossed.update((index, index + 1))
    return crossed


def _extra(
    texts: tuple[str, str],
    mine: list[Token],
    theirs: list[Token],
    region: tuple[int, int, int, int],
) -> Slot | None:
    """Words only one side has: "considered one" here where the sibling has "one"
    (an insertion), or "gun" here where the sibling has "hired gun" (a deletion).

    The span takes in a neighbouring shared word, so that neither wording is empty:
    the previous word when the extra words start with a grammar word ("check over",
    "unit of measurement"), else the next one ("police squad").
    """
    i1, i2, j1, j2 = region
    here = i1 != i2
    extra = mine[i1:i2] if here else theirs[j1:j2]
    if len(extra) > 2:
        return None
    text = texts[0] if here else texts[1]
    previous_ok = i1 > 0 and j1 > 0
    next_ok = i2 < len(mine) and j2 < len(theirs)
    longer = mine if here else theirs
    first, last = (i1, i2) if here else (j1, j2)
    # "check over", "unit of measurement" lean back; "front line in" too, since a
    # grammar word ("in") rarely takes an extra word in front of it; and "past tense
    # seven", where only the words before make a thesaurus phrase.
    prefer_previous = _grammar(extra[0]) or (
        previous_ok
        and next_ok
        and not _grammar(longer[first - 1])
        and (_grammar(longer[last]) or _thesaurus_phrase_before(longer, first, last))
    )
    words = [w.text for w in extra]
    # An extra word hyphened to a neighbour is half of a compound: the slot takes the
    # other neighbour ("documentary film film-maker" drops the first "film").
    previous_ok = previous_ok and not _glued(text, longer[first - 1], longer[first])
    next_ok = next_ok and not _glued(text, longer[last - 1], longer[last])
    for use_previous in (prefer_previous, not prefer_previous):
        if use_previous and previous_ok and joined(text, list(longer[first - 1 : last])):
            ours = list(mine[i1 - 1 : i2]) if here else [mine[i1 - 1]]
            other = [theirs[j1 - 1]] if here else list(theirs[j1 - 1 : j2])
            return Slot(
                ours, other, i1 == 1, j1 == 1, here, not here, words, extra_after_anchor=True
            )
        if not use_previous and next_ok and joined(text, list(longer[first : last + 1])):
            ours = list(mine[i1 : i2 + 1]) if here else [mine[i1]]
            other = [theirs[j1]] if here else list(theirs[j1 : j2 + 1])
            return Slot(ours, other, i1 == 0, j1 == 0, here, not here, words)
    return None


def _glued(text: str, a: Token, b: Token) -> bool:
    """Whether ``a`` and ``b`` are joined by a hyphen with no space ("film-maker")."""
    gap = text[a.end : b.start]
    return "-" in gap and not any(c.isspace() for c in gap)


def _thesaurus_phrase_before(words: list[Token], first: int, last: int) -> bool:
    """Whether the extra ``words[first:last]`` make a thesaurus phrase with the word
    before them ("past tense" for "past") and not with the word after them."""
    extra = " ".join(w.norm for w in words[first:last])
    before, after = words[first - 1].norm, words[last].norm
    return (
        link(f"{before} {extra}", before) == THESAURUS
        and link(f"{extra} {after}", after) != THESAURUS
    )
