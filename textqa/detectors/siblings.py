"""The sibling detector: other articles on the same event show what the spun words were.

PASS: Macron's office said on Sunday.     (sibling: "Macron's office said on Sunday.")
FAIL: Macron's workplace stated on Sunday. (siblings.substitution ×2: office, said)

Siblings come from ``--sibling`` and the ``siblings`` config globs (used unless they are
the checked file itself or plainly unrelated), and from ``--sibling-dir``, where only
the articles that share enough names, numbers, dates, rare words and quotations with
the checked one are chosen (:mod:`textqa.fingerprint`). Each chosen sibling is aligned
(:mod:`textqa.alignment`); every substitution that is a likely swap becomes a finding
whose first suggestion is the sibling's wording. The engine merges it with a pack or
statistical finding on the same span, which raises that finding's confidence.

A swap confirmed once is the spinner's table at work, so the same wording elsewhere in
the text (where no sibling covers it) is reported too, as an ``info`` hint.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from textqa.casing import match_case
from textqa.config import STATS_DEFAULTS
from textqa.detectors.base import CheckContext
from textqa.files import display_name as _name

if TYPE_CHECKING:
    from textqa.alignment import Alignment, Confirmation, SentencePair, Substitution
    from textqa.corroboration import Corroboration
    from textqa.document import Document
    from textqa.findings import Finding
    from textqa.fingerprint import KinshipIndex

RULE = "siblings.substitution"
DESCRIPTION = "A wording that an article on the same event has as a synonym in the same slot"
MAX_POOL_SIBLINGS = 8  # the strongest candidates of a --sibling-dir used, at most
# Candidates looked at to find them: a crawl may hold many lightly edited copies of the
# spun text, which read as spun and are passed over, not counted.
MAX_POOL_CANDIDATES = 32
# context.extra key: a text whose copies in the --sibling-dir are no siblings (``fix``
# re-checks a text against its own unfixed wording: see fix._without_copies).
COPIES_OF = "sibling_copies_of"
WARNING_CONFIDENCE = 0.7
ECHO_FACTOR = 0.6  # confidence of the same swap repeated where no sibling covers it
# An echo's first evidence line; its sibling excerpt shows the other line, not this one.
ECHO_EVIDENCE = "same swap as line"
# A sibling sentence quoted as evidence (see quote_line): `fix` reads these back.
_QUOTE_RE = re.compile(r'^sibling .+? line \d+: "(.*)"$', re.DOTALL)
EXPLAINED_FLOOR = 0.75  # a sentence less explained than this gets no credit for it
# A named sibling that shares little with the text still counts when a sentence of it
# matches this well.
EXPLICIT_MIN_PAIR = 0.8
# Which of two differing wordings came first: the text's, unless it reads as spun (its
# spin score at the threshold) or clearly more spun than the sibling (by this margin).
# Two outlets' clean versions of one story ("constructive" / "productive") would
# otherwise each rewrite the other, and ``fix --write`` over the folder would swap them
# back and forth forever. A pack pair says its direction itself.
DIRECTION_MARGIN = 0.15
# A short text can be spun through and still score low (the score needs length): there
# a sibling showing this many swaps (no pack pair among them) says one of the two is a
# spun copy. One or two ordinary synonyms apart is as like two outlets' clean versions.
SPUN_SWAP_MIN = 3
# Which of the two is the copy, then, for a sibling from the folder being checked (a
# named sibling is taken for the earlier text): the text, when its spin score less the
# sibling's, plus its wordings' mean rarity against the sibling's (Zipf; spinners trade
# common words for rarer synonyms) comes to more than this. Both terms change sign from
# the other side, so of two clean versions at most one is taken for the copy: `fix
# --write . --sibling-dir .` swapped their wordings back and forth forever. (Chosen on
# DEV data: from 0.1 on, DEV spun copies lose fixes; a named sibling kept the old rule
# because even 0.05 cost fresh DEV news spins 1.6 points of restored spans.)
SPUN_RARITY_GAP = 0.05
UNDIRECTED_CONFIDENCE = 0.5  # below every fix threshold worth using; an ``info`` hint
# The spin score from which a sibling reads as spun (the default spin-threshold: a
# sibling is judged by the default configuration, as :func:`score_alone` checks it).
SPUN_SIBLING = float(STATS_DEFAULTS["spin-threshold"])


class SiblingDetector:
    source = "siblings"

    def __init__(self) -> None:
        self._notes: WeakKeyDictionary[Document, list[str]] = WeakKeyDictionary()
        self._corroboration: WeakKeyDictionary[Document, Corroboration] = WeakKeyDictionary()
        self._alone: WeakKeyDictionary[Document, float] = WeakKeyDictionary()  # spin scores
        self._pool_index: tuple[Sequence[Document], KinshipIndex] | None = None

    def rules(self, context: CheckContext | None = None) -> dict[str, str]:
        return {RULE: DESCRIPTION}

    def notes(self, doc: Document) -> list[str]:
        """Which siblings were used and why (or why not), for the report."""
        return self._notes.pop(doc, [])

    def corroboration(self, doc: Document) -> Corroboration | None:
        """What close sibling sentences say of ``doc``'s words, for the engine to weigh
        the other detectors' findings (:mod:`textqa.corroboration`)."""
        return self._corroboration.pop(doc, None)

    # ------------------------------------------------------------------ choosing
    def choose(
        self, doc: Document, context: CheckContext
    ) -> tuple[list[Document], list[tuple[str, Document]], list[str]]:
        """The siblings named for ``doc``; the ``--sibling-dir`` candidates, best first,
        each with the note that says why it was chosen; and notes on the others."""
        from textqa.alignment import is_copy, same_document
        from textqa.document import Document
        from textqa.fingerprint import POOL_MIN_SCORE

        chosen: list[Document] = []
        notes: list[str] = []
        seen: set[str] = set()
        for sibling in context.siblings:
            seen.add(sibling.path)
            if same_document(doc, sibling):
                notes.append(
                    f"ignored sibling {_name(sibling.path)}: it is the checked file itself"
                )
                continue
            chosen.append(sibling)
        pool = context.extra.get("sibling_pool", ())
        copies_of = context.extra.get(COPIES_OF)

        def keep(other: Document) -> bool:
            if other.path in seen or same_document(doc, other):
                return False
            return not isinstance(copies_of, Document) or not (
                same_document(copies_of, other) or is_copy(copies_of, other)
            )

        candidates: list[tuple[str, Document]] = []
        if pool:
            picked, closest = self._index(pool).ranked(  # type: ignore[arg-type]
                doc, POOL_MIN_SCORE, MAX_POOL_CANDIDATES, keep
            )
            for relation, sibling in picked:
                why = f"chose {_name(sibling.path)}: {relation.describe()}"
                candidates.append((f"{why} (score {relation.score:g})", sibling))
            if closest is not None:
                best, sibling = closest
                notes.append(
                    f"no article in the sibling folder reports the same event (closest: "
                    f"{_name(sibling.path)}, score {best.score:g} < {POOL_MIN_SCORE:g})"
                )
        return chosen, candidates, notes

    def _index(self, pool: Sequence[Document]) -> KinshipIndex:
        """The sibling folder's index, built once per folder (the pool object)."""
        from textqa.fingerprint import KinshipIndex

        if self._pool_index is None or self._pool_index[0] is not pool:
            self._pool_index = (pool, KinshipIndex(pool))
        return self._pool_index[1]

    def _score_alone(self, doc: Document) -> float:
        from textqa.spin import score_alone

        if doc not in self._alone:
            self._alone[doc] = score_alone(doc)
        return self._alone[doc]

    def _undirected(
        self,
        sibling: Document,
        unsure: Sequence[Substitution],
        threshold: float,
        own: Callable[[], float],
        mutual: bool,
    ) -> str | None:
        """Why the wordings of ``sibling`` give no direction (see
        ``DIRECTION_MARGIN``), or None when the text reads as the spun one of the two.
        ``unsure``: the swaps it shows that no pack pair directs; ``mutual``: the
        sibling comes from the folder being checked, where it is checked (and fixed)
        against this text too."""
        # Extra words ("offered to help" / "offered help") are what outlets' edits look
        # like: only swaps say one text is a spun copy of the other.
        many = sum(not (sub.insertion or sub.deletion) for sub in unsure) >= SPUN_SWAP_MIN
        if many and not mutual:
            return None
        text = own()
        if text >= threshold:
            return None
        other = self._score_alone(sibling)
        if text - other >= DIRECTION_MARGIN:
            return None
        if many:
            rarity = sum(sub.rarity_gap for sub in unsure) / len(unsure)
            if (text - other) + rarity > SPUN_RARITY_GAP:
                return None
        and_rarer = f" and its {len(unsure)} wordings are not rarer than the sibling's"
        return (
            f"neither text reads as spun (spin scores {text:.2f}, {_name(sibling.path)} "
            f"{other:.2f}){and_rarer if many else ''}: which wording came first is not clear"
        )

    def _confirms(self, doc: Document, sibling: Document, own: Callable[[], float]) -> bool:
        """Whether ``sibling``'s equal words confirm the text's: it is no copy of the text
        (similarity ≥ 0.97), or a copy that reads clearly less spun (by
        ``DIRECTION_MARGIN``): the source of a lightly spun copy, not a second copy of
        the same spun text (a trial: the source, 97 % the same as a copy spun with sed,
        confirmed nothing, and a spun copy's 'requirement' was put in for the source's
        'demand'). In ``fix``'s re-checks, where copies of the text as read are set
        aside already, every sibling confirms (see the caller)."""
        from textqa.alignment import is_copy

        if not is_copy(doc, sibling):
            return True
        return self._score_alone(sibling) + DIRECTION_MARGIN <= own()

    def _spun_note(self, doc: Document, sibling: Document, own: Callable[[], float]) -> str | None:
        """Why ``sibling`` is left out as spun itself, or None when it is not.

        Another spun copy of the story (in a crawl or a sibling folder) would vouch for
        the spinner's words, and once ``fix --write`` has made the text differ from it,
        undo the fixes. A sibling is left out when, checked on its own, it reads as spun
        and at least as spun as the text does (a clean article can score high on its
        own: spun text scores higher). ``own`` caches the text's score (worked out only
        when a sibling reads as spun).
        """
        score = self._score_alone(sibling)
        if score < SPUN_SIBLING:
            return None
        if score < own():
            return None
        return (
            f"ignored sibling {_name(sibling.path)}: it reads as spun itself "
            f"(spin score {score:.2f}, the text {own():.2f})"
        )

    # ------------------------------------------------------------------ checking
    def check(self, doc: Document, context: CheckContext) -> list[Finding]:
        if not context.siblings and not context.extra.get("sibling_pool"):
            return []
        from textqa.alignment import align_documents
        from textqa.corroboration import Corroboration
        from textqa.document import Document
        from textqa.fingerprint import EXPLICIT_MIN_SCORE, kinship
        from textqa.synonymy import PACK

        named, candidates, notes = self.choose(doc, context)
        pairs = _pack_pairs(context)
        siblings: list[Document] = []
        alignments: list[Alignment] = []
        spun: set[int] = set()
        left_out: list[tuple[Document, str]] = []
        # The text's spin score on its own, worked out once if asked: the text as read,
        # in ``fix``'s later rounds too (the fixes made lower the score as they go).
        as_read = context.extra.get(COPIES_OF)
        recheck = isinstance(as_read, Document)  # fix's later rounds (see _confirms)

        def own() -> float:
            if not isinstance(as_read, Document):
                return self._score_alone(doc)
            if as_read not in self._alone:  # read as the text's own format
                self._alone[as_read] = self._score_alone(Document(as_read.text, doc.path))
            return self._alone[as_read]

        used = 0  # folder candidates aligned and not spun
        for sibling in [*named, *(c for _, c in candidates)]:
            from_folder = len(siblings) >= len(named)
            if from_folder and used == MAX_POOL_SIBLINGS:
                break
            confirms = recheck or self._confirms(doc, sibling, own)
            alignment = align_documents(doc, [sibling], pairs, confirms=confirms)
            # Whether a sibling reads as spun matters only where it pairs with a
            # sentence: that costs a check of the sibling on its own, so it is asked
            # only there.
            why = self._spun_note(doc, sibling, own) if alignment.pairs else None
            if why is not None:
                spun.add(id(sibling))
                left_out.append((sibling, why))
            elif from_folder:
                used += 1
                notes.append(candidates[len(siblings) - len(named)][0])
            siblings.append(sibling)
            alignments.append(alignment)
        notes.extend(_spun_notes(left_out))
        explicit = {s.path for s in context.siblings}
        evidence: list[Substitution] = []
        paired: list[SentencePair] = []
        corroboration = Corroboration()
        undirected: dict[int, str] = {}  # id of a substitution: why it has no direction
        threshold = context.config.stat("spin-threshold")
        for index, (sibling, alignment) in enumerate(zip(siblings, alignments, strict=True)):
            if id(sibling) in spun:
                continue
            shown = alignment.evidence
            # (Asked only where the text does not read as spun, clearly more than the
            # sibling: there the text is the copy, whatever the sibling's check says.)
            ahead = shown and (own() >= threshold and own() > self._score_alone(sibling))
            # The sibling's wording is a pack's spun phrase for the text's: a pack pair
            # says its direction itself, whatever the scores ("stated" for "said").
            reversed_ = [sub for sub in shown if _pack_reversed(sub, pairs)]
            if reversed_:
                drop = {id(sub) for sub in reversed_}
                shown = [sub for sub in shown if id(sub) not in drop]
            backwards = _backwards(sibling, shown) if shown and not ahead else []
            backwards = reversed_ + backwards if not ahead else backwards
            if backwards:
                # The sibling is the spun one here: its wordings are never the text's
                # originals, and the rest of what it shows are hints at most.
                notes.append(_backwards_note(sibling, backwards))
                drop = {id(sub) for sub in backwards}
                shown = [sub for sub in shown if id(sub) not in drop]
                why = f"{_name(sibling.path)} reads as a spun copy of this text"
                undirected.update((id(sub), why) for sub in shown if sub.link != PACK)
            unsure = [sub for sub in shown if sub.link != PACK and id(sub) not in undirected]
            why = None
            if unsure:
                from_folder = index >= len(named)  # the named siblings come first
                why = self._undirected(sibling, unsure, threshold, own, from_folder)
            if why is not None:
                undirected.update((id(sub), why) for sub in unsure)
            if sibling.path in explicit:
                relation = kinship(doc, sibling)
                best = max((p.score for p in alignment.pairs), default=0.0)
                if relation.score < EXPLICIT_MIN_SCORE and best < EXPLICIT_MIN_PAIR:
                    notes.append(
                        f"ignored sibling {_name(sibling.path)}: it does not report the same "
                        f"event ({relation.describe()}, no closely matching sentence)"
                    )
                    continue
                notes.append(
                    f"sibling {_name(sibling.path)}: {relation.describe()}{_pairs(alignment)}"
                )
            evidence.extend(shown)
            paired.extend(alignment.pairs)
            corroboration.confirmed.extend(alignment.confirmed)
            corroboration.witnesses.extend(alignment.witnesses)
        self._notes[doc] = notes
        self._corroboration[doc] = corroboration
        by_path = {sibling.path: sibling for sibling in siblings}
        evidence = _uncontested(
            evidence, corroboration.confirmed, lambda path: self._score_alone(by_path[path])
        )
        findings = _findings(doc, evidence, undirected)
        return findings + _echoes(doc, findings, paired, corroboration.confirmed)


def vouching_siblings(
    doc: Document, siblings: Sequence[Document], recheck: bool = False
) -> tuple[Document, ...]:
    """The named siblings whose words may vouch for ``doc``'s (the statistics count a
    wording a sibling uses as less suspect): not the text itself, not a copy of it
    (similarity ≥ 0.97), and not one that reads as spun at least as much as the text,
    which the sibling detector ignores too. A trial's spun text checked against itself
    plus a byline lost 8 of its 14 findings, under a note saying the sibling was
    ignored. In ``fix``'s re-checks (``recheck``), copies of the text as read are set
    aside already: a near copy then is the article the fixes led to."""
    from textqa.alignment import is_copy, same_document
    from textqa.spin import score_alone

    kept = []
    for sibling in siblings:
        if same_document(doc, sibling) or (not recheck and is_copy(doc, sibling)):
            continue
        score = score_alone(sibling)
        if score >= SPUN_SIBLING and score >= score_alone(doc):
            continue
        kept.append(sibling)
    return tuple(kept)


def _backwards(sibling: Document, evidence: Sequence[Substitution]) -> list[Substitution]:
    """The swaps that point the other way: the sibling's own check (alone, default
    configuration) warns that its wording there is a spinner's swap for the text's
    wording ("japanese" for "eastern", "troopers" for "troops").

    A clean article checked beside a lightly spun copy of itself (one that does not read
    as spun overall) had the copy's spinner wordings written into it by ``fix --write``,
    and in a crawl every clean copy was told to take the spun copies' words.
    """
    from textqa.findings import names_a_swap
    from textqa.spin import check_alone

    flagged = [
        (f.start, f.end, {s.lower() for s in f.suggestions})
        for f in check_alone(sibling).findings
        if f.suggestions and f.start < f.end and f.level != "info" and names_a_swap(f)
    ]
    if not flagged:
        return []
    found = []
    for sub in evidence:
        wording = sub.text.lower()
        for start, end, originals in flagged:
            if start < sub.sibling_end and sub.sibling_start < end and wording in originals:
                found.append(sub)
                break
    return found


def _uncontested(
    evidence: list[Substitution],
    confirmed: Sequence[Confirmation],
    spin_of: Callable[[str], float],
) -> list[Substitution]:
    """Without the swaps that a closer sentence of another sibling contradicts: it has
    the text's very word in that place, and reads as no more spun than the swap's
    sibling, or that does not read as spun where the swap's sibling does. A trial's
    crawl: another outlet's 'biggest' was put in for 'largest', which the source's own
    sentence (a closer match) has too; another: a spun copy's 'requirement' was put in
    for 'demand', which the clean source has. (A lightly spun copy's closer sentence,
    'robust' where the source has 'strong', contradicts nothing.)"""
    if not confirmed:
        return evidence
    from textqa.spans import SpanIndex

    runs = SpanIndex(confirmed, lambda c: (c.start, c.end))
    kept = []
    for sub in evidence:
        closer = any(
            c.start <= sub.start
            and sub.end <= c.end
            and c.sibling != sub.sibling
            and (
                (c.score > sub.pair.score and spin_of(c.sibling) <= spin_of(sub.sibling))
                or spin_of(c.sibling) < SPUN_SIBLING <= spin_of(sub.sibling)
            )
            for c in runs.overlapping(sub.start, sub.end)
        )
        if not closer:
            kept.append(sub)
    return kept


def _pack_reversed(sub: Substitution, pairs: Mapping[str, frozenset[str]]) -> bool:
    """Whether the sibling's wording is what a pack rule calls a spinner's swap for the
    text's ("stated" for "said"): a named, lightly spun sibling had ``fix --write`` put
    its spinner words into a clean article."""
    from textqa.synonymy import phrase

    return phrase(sub.text) in pairs.get(phrase(sub.replacement), ())


def _backwards_note(sibling: Document, backwards: list[Substitution]) -> str:
    first = backwards[0]
    more = f" and {len(backwards) - 1} more" if len(backwards) > 1 else ""
    return (
        f"sibling {_name(sibling.path)} has spinner wordings where this text has its own "
        f"('{first.replacement}' for '{first.text}'{more}): it is read as a spun copy, "
        "and what else it shows is a hint at most"
    )


def _spun_notes(left_out: list[tuple[Document, str]]) -> list[str]:
    """One note per sibling left out as spun, or one for all of them when there are many
    (a crawl's copies of the spun text)."""
    if len(left_out) <= 3:
        return [why for _, why in left_out]
    names = [_name(sibling.path) for sibling, _ in left_out]
    shown = ", ".join(names[:3])
    return [
        f"ignored {len(names)} siblings that read as spun themselves: {shown} "
        f"and {len(names) - 3} more"
    ]


def _pairs(alignment: Alignment) -> str:
    count = len(alignment.pairs)
    return f"; {count} aligned sentence{'s' * (count != 1)}" if count else ""


_PAIRS_CACHE: dict[tuple[object, ...], Mapping[str, frozenset[str]]] = {}


def _pack_pairs(context: CheckContext) -> Mapping[str, frozenset[str]]:
    """spun → originals from the packs this run uses (user packs included)."""
    key = tuple(context.config.packs)
    if key not in _PAIRS_CACHE:
        from textqa.packs import matcher_for
        from textqa.synonymy import pack_pairs

        rules = matcher_for(context.config.packs).rules.values()
        _PAIRS_CACHE[key] = pack_pairs(r for r in rules if not r.regex)
    return _PAIRS_CACHE[key]


# ---------------------------------------------------------------------- scoring
def confidence(sub: Substitution) -> float:
    """How sure one sibling's substitution makes us: the link, then the alignment."""
    from textqa.alignment import SPLIT
    from textqa.synonymy import GRAMMAR, PACK, THESAURUS, VARIANT

    # How closely the sentences match: their similarity, or better, the share of the
    # sentence that equal words and the swaps found account for.
    quality = max(
        min(1.0, max(0.0, (sub.pair.score - 0.5) / 0.25)),
        min(1.0, max(0.0, (sub.explained - EXPLAINED_FLOOR) / (1 - EXPLAINED_FLOOR))),
    )
    if sub.link == PACK:
        value = 0.9 + 0.05 * quality
    elif sub.link in (THESAURUS, GRAMMAR):
        # Outlets choose between synonyms too ("ongoing"/"current"): only a close copy
        # of the sentence makes a thesaurus pair strong evidence.
        value = 0.6 + 0.3 * quality
    elif sub.link == VARIANT:
        value = 0.4 + 0.1 * quality  # a hint: tense and spelling are editors' choices too
    else:
        # A lone common-word difference in an otherwise matching sentence: the closer
        # the sentences, the likelier a swap. Spinners mostly trade common words for
        # rarer ones; a much commoner word in the text looks more like an editor's.
        value = 0.55 + 0.3 * quality
        if sub.rarity_gap > 0.1:
            value += 0.05
        elif sub.rarity_gap < -1.0:
            value -= 0.05
        words, original_words = len(sub.text.split()), len(sub.replacement.split())
        if not sub.insertion and (
            min(words, original_words) > 1 or abs(words - original_words) > 1
        ):
            value -= 0.05  # a rewritten phrase is less surely one swap
    if sub.insertion:
        value -= 0.05
    if sub.deletion:
        value -= 0.25  # a sibling with an extra word more often just says more
    if sub.pair.kind == SPLIT:
        value -= 0.05  # coverage is a looser measure than whole-sentence similarity
    return max(0.05, min(0.97, value))


def _suggestion(doc: Document, sub: Substitution) -> str:
    """The sibling's wording in this text's case ("Said" at a sentence start, "said"
    mid-sentence where the sibling has it first)."""
    wording = " ".join(sub.replacement.split())
    if sub.replacement_initial and wording[:1].isupper() and not wording[1:2].isupper():
        wording = wording[:1].lower() + wording[1:]
    return match_case(sub.text, wording)


def excerpt(sentence: str, start: int, end: int, room: int = 120) -> str:
    """``sentence`` cut to about ``room`` characters around ``sentence[start:end]``."""
    sentence = " ".join(sentence.split("\n"))
    if len(sentence) <= room:
        return sentence
    side = max(10, (room - (end - start)) // 2)
    left, right = max(0, start - side), min(len(sentence), end + side)
    if left > 0:
        space = sentence.find(" ", left, start)
        left = space + 1 if space != -1 else left
    if right < len(sentence):
        space = sentence.rfind(" ", end, right)
        right = space if space != -1 else right
    return ("…" if left > 0 else "") + sentence[left:right] + ("…" if right < len(sentence) else "")


def quote_line(sibling: str, line: int, shown: str) -> str:
    """The evidence line quoting ``shown`` from line ``line`` of the sibling file."""
    return f'sibling {_name(sibling)} line {line}: "{shown}"'


def quoted_siblings(finding: Finding) -> list[str]:
    """The sibling excerpts a finding's evidence quotes (lower case)."""
    return [m.group(1).lower() for line in finding.evidence if (m := _QUOTE_RE.match(line))]


def is_echo(finding: Finding) -> bool:
    """Whether the finding carries an echo: its quoted sibling sentence is another line's."""
    return any(line.startswith(ECHO_EVIDENCE) for line in finding.evidence)


def _evidence_line(sub: Substitution) -> str:
    offset = sub.sibling_start - sub.pair.sibling_start
    shown = excerpt(sub.sibling_sentence, offset, offset + len(sub.replacement))
    return quote_line(sub.sibling, sub.sibling_line, shown)


def _link_line(sub: Substitution) -> str:
    from textqa.synonymy import GRAMMAR, PACK, THESAURUS

    if sub.link == PACK:
        return f"'{sub.text}' → '{sub.replacement}' is a pack rule"
    if sub.link == GRAMMAR:
        return f"'{sub.text}' for '{sub.replacement}' is a grammar swap spinners make"
    if sub.link == THESAURUS:
        return f"'{sub.text}' and '{sub.replacement}' are thesaurus synonyms"
    what = "a common-word swap"
    if sub.insertion or sub.deletion:
        what = "an extra word" if sub.insertion else "a missing word"
    elif sub.link == "variant":
        what = "another form of the word"
    return f"{what} in the same slot of a matching sentence (similarity {sub.pair.score:.2f})"


def _findings(
    doc: Document, evidence: list[Substitution], undirected: Mapping[int, str]
) -> list[Finding]:
    """One finding per span; siblings that agree add up, siblings that differ rank. A
    span that only siblings without a direction show (``undirected``: why, by id of
    the substitution) is a hint below every fix threshold."""
    by_span: dict[tuple[int, int], list[Substitution]] = defaultdict(list)
    for sub in evidence:
        by_span[(sub.start, sub.end)].append(sub)
    findings = []
    for (start, end), subs in sorted(by_span.items()):
        support: dict[str, float] = defaultdict(float)
        lines: dict[str, list[str]] = defaultdict(list)
        for sub in subs:
            wording = _suggestion(doc, sub)
            # Independent siblings agreeing: 1 - Π(1 - c).
            support[wording] = 1 - (1 - support[wording]) * (1 - confidence(sub))
            lines[wording].extend([_evidence_line(sub), _link_line(sub)])
        ranked = sorted(support, key=lambda w: -support[w])
        value = support[ranked[0]]
        if len(ranked) > 1:
            value *= support[ranked[0]] / sum(support.values())
        best = next(s for s in subs if _suggestion(doc, s) == ranked[0])
        evidence_lines = [line for wording in ranked for line in lines[wording]]
        if all(id(sub) in undirected for sub in subs):
            value = min(value, UNDIRECTED_CONFIDENCE)
            evidence_lines.append(undirected[id(subs[0])])
        findings.append(
            doc.finding(
                start,
                end,
                rule=RULE,
                source="siblings",
                level="warning" if value >= WARNING_CONFIDENCE else "info",
                message=(
                    f"'{doc.text[start:end]}' looks swapped: {_name(best.sibling)} has "
                    f"'{best.replacement}' in the same place"
                ),
                suggestions=ranked,
                confidence=min(0.99, value),
                evidence=list(dict.fromkeys(evidence_lines)),
            )
        )
    return findings


def _echoes(
    doc: Document,
    findings: list[Finding],
    paired: Sequence[SentencePair] = (),
    kept: Sequence[Confirmation] = (),
) -> list[Finding]:
    """The same confirmed swap where no sibling covers the text, as an info hint (when
    the swapped-in wording was confirmed for one original only).

    ``paired``: sentences paired with a sibling sentence. Where that sentence lacks the
    echoed wording, the swap is not this one ("fifth part mean solar day" / "fifth day"
    is no "part" for "region" as on another line); where it has the wording in another
    place ("the Elysee stated" / "The Elysee said"), the echo stands.
    ``kept``: words a close sibling sentence has in the same place. A wording the
    sibling shows the original using somewhere ("group" in "Islamist group") is an
    ordinary word of the story, not a spinner's signature: no echoes of it.
    """
    from textqa.corroboration import shows_wording
    from textqa.synonymy import phrase

    confirmed: dict[str, Finding] = {}
    originals: dict[str, set[str]] = {}
    for finding in findings:
        if finding.level == "warning":
            key = phrase(finding.text)
            confirmed.setdefault(key, finding)
            originals.setdefault(key, set()).add(phrase(finding.suggestions[0]))
    # A wording swapped in for different originals ("stated" for "said" here, for
    # "expressed" there) says nothing sure about a third place.
    confirmed = {key: f for key, f in confirmed.items() if len(originals[key]) == 1}
    if not confirmed:
        return []
    covered = [(f.start, f.end) for f in findings]
    lengths = sorted({len(key.split()) for key in confirmed}, reverse=True)
    original_wordings = _phrases_within(doc, kept, lengths)
    words = doc.words
    echoes: list[Finding] = []
    index = 0
    while index < len(words):
        for length in lengths:
            run = words[index : index + length]
            if len(run) < length:
                continue
            key = " ".join(w.norm for w in run)
            source = confirmed.get(key)
            start, end = run[0].start, run[-1].end
            if (
                source is None
                or key in original_wordings
                or phrase(doc.text[start:end]) != key
                or any(s < end and start < e for s, e in covered)
                or doc.in_quote(start, end)
                or (run[0].text[:1].isupper() and not _sentence_initial(doc, start))
            ):
                continue
            line = source.line
            wording = source.suggestions[0]
            if source.text[:1].isupper() and not source.text[1:2].isupper():
                wording = wording[:1].lower() + wording[1:]  # it was capitalised by position
            if any(
                p.start <= start and end <= p.end and not shows_wording(p.sibling_text, wording)
                for p in paired
            ):
                continue
            echoes.append(
                doc.finding(
                    start,
                    end,
                    rule=RULE,
                    source="siblings",
                    level="info",
                    message=(
                        f"'{doc.text[start:end]}' is the swap confirmed on line {line}: "
                        f"'{source.text}' for '{source.suggestions[0]}'"
                    ),
                    suggestions=[match_case(doc.text[start:end], wording)],
                    confidence=source.confidence * ECHO_FACTOR,
                    evidence=[f"{ECHO_EVIDENCE} {line}", *source.evidence[:1]],
                )
            )
            covered.append((start, end))
            index += length - 1
            break
        index += 1
    return echoes


def confirms_swap(finding: Finding) -> bool:
    """Whether a warning quotes a sibling sentence showing its first wording in its very
    place (an echo's excerpt shows another line; a contested guess quotes a sentence
    without its wording)."""
    from textqa.corroboration import shows_wording

    if finding.level == "info" or not finding.suggestions or is_echo(finding):
        return False
    wording = finding.suggestions[0]
    return any(shows_wording(quoted, wording) for quoted in quoted_siblings(finding))


def _phrases_within(
    doc: Document, spans: Sequence[Confirmation], lengths: Sequence[int]
) -> set[str]:
    """Every phrase of the given word counts lying wholly inside one of ``spans``."""
    found: set[str] = set()
    for span in spans:
        norms = [w.norm for w in doc.words_between(span.start, span.end)]
        for length in lengths:
            found.update(" ".join(norms[i : i + length]) for i in range(len(norms) - length + 1))
    return found


def _sentence_initial(doc: Document, offset: int) -> bool:
    return doc.sentence_at(offset)[0] == offset
