"""Whether a differing slot is a spinner's swap (thesaurus, pack or ordinary-word link)
or the sibling reporting other facts (names, numbers, dates)."""

from __future__ import annotations

from collections.abc import Mapping

from textqa.alignment.model import (
    CLOSE_PAIR,
    PARTICLES,
    SAME,
    VERY_CLOSE_PAIR,
    SentencePair,
    Substitution,
)
from textqa.alignment.slots import Slot, joined
from textqa.document import Document
from textqa.synonymy import (
    COMMON_WORDS,
    FUNCTION_WORDS,
    GRAMMAR,
    PACK,
    THESAURUS,
    VARIANT,
    different_facts,
    fact_word,
    link,
    phrase,
)
from textqa.tokens import Token


def _surface(words: list[Token], initial: bool, names: frozenset[str]) -> list[str]:
    """Words as written, with the capital of an ordinary sentence-initial word lowered.

    "Additionally" and "Clinging" are ordinary; "Putin" is not, since either text has it
    capitalised in mid-sentence (``names``), and neither is a word English lacks.
    """
    from textqa.synonymy import zipf

    out = [w.text for w in words]
    if initial and out and out[0][:1].isupper() and not out[0][1:2].isupper():
        lower = out[0].lower()
        if lower not in names and zipf(lower) >= 3.0:
            out[0] = lower
    return out


def _names(doc: Document, sibling: Document) -> frozenset[str]:
    """Lower-cased words either document capitalises in mid-sentence."""
    from textqa.fingerprint import fingerprint

    return fingerprint(doc).capitalised | fingerprint(sibling).capitalised


def classify(
    doc: Document,
    sibling: Document,
    slot: Slot,
    pair: SentencePair,
    pack_pairs: Mapping[str, frozenset[str]] | None,
) -> Substitution | None:
    mine, theirs = slot.mine, slot.theirs
    if not (joined(doc.text, mine) and joined(sibling.text, theirs)):
        return None  # punctuation inside the slot: a rewrite, not a swap
    start, end = mine[0].start, mine[-1].end
    sibling_start, sibling_end = theirs[0].start, theirs[-1].end
    text = doc.text[start:end]
    replacement = sibling.text[sibling_start:sibling_end]
    names = _names(doc, sibling)
    spun_words = _surface(mine, slot.mine_initial, names)
    original_words = _surface(theirs, slot.theirs_initial, names)
    if slot.mine_initial and slot.theirs_initial:
        _lower_initial_capitals(slot, spun_words, original_words, names, pack_pairs)
    kind: str | None
    reason = ""
    rarity_gap = 0.0
    if doc.in_quote(start, end):
        kind, reason = None, "inside a quotation, which is quoted speech, not the spinner's"
    elif slot.insertion or slot.deletion:
        kind, reason = _extra_link(slot, spun_words, original_words, pair, pack_pairs)
    else:
        facts = different_facts(spun_words, original_words)
        if facts:
            kind, reason = None, facts
        else:
            kind = link(" ".join(spun_words), " ".join(original_words), pack_pairs)
            reason = "" if kind else "not interchangeable wordings"
            moved = kind == COMMON_WORDS and (
                _elsewhere(doc, pair.start, pair.end, slot.mine, original_words)
                or _elsewhere(
                    sibling, pair.sibling_start, pair.sibling_end, slot.theirs, spun_words
                )
            )
            if moved:
                # "poor people, minister of finance" / "poor, finance minister": the
                # spinner reordered the phrase, and 'people' was never 'finance'.
                kind, reason = None, "the word is elsewhere in the other sentence: moved"
            elif kind == VARIANT and pair.score < CLOSE_PAIR:
                kind, reason = None, "another form of the same word, in a loosely matching sentence"
            elif kind == GRAMMAR and pair.score < CLOSE_PAIR:
                kind, reason = None, "a grammar-word swap counts only in a close copy"
    if kind in (COMMON_WORDS, VARIANT) or (kind and (slot.insertion or slot.deletion)):
        from textqa.synonymy import zipf

        rarity_gap = round(zipf(" ".join(original_words)) - zipf(" ".join(spun_words)), 2)
    line = sibling.position(sibling_start)[0]
    return Substitution(
        start=start,
        end=end,
        text=text,
        replacement=replacement,
        sibling=sibling.path,
        sibling_start=sibling_start,
        sibling_end=sibling_end,
        sibling_line=line,
        sibling_sentence=pair.sibling_text,
        pair=pair,
        link=kind,
        reason=reason,
        insertion=slot.insertion,
        deletion=slot.deletion,
        replacement_initial=slot.theirs_initial,
        rarity_gap=rarity_gap,
    )


def _elsewhere(
    document: Document, start: int, end: int, slot: list[Token], words: list[str]
) -> bool:
    """Whether the sentence ``[start, end)`` of ``document`` has ``words`` outside the
    slot, case and a plural -s aside ("benefits" for "benefit")."""
    inside = {token.start for token in slot}
    norms = [_stem(w.norm) for w in document.words_between(start, end) if w.start not in inside]
    wanted = [_stem(word.lower()) for word in words]
    size = len(wanted)
    return any(norms[i : i + size] == wanted for i in range(len(norms) - size + 1))


def _stem(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") else word


def _lower_initial_capitals(
    slot: Slot,
    spun_words: list[str],
    original_words: list[str],
    names: frozenset[str],
    pack_pairs: Mapping[str, frozenset[str]] | None,
) -> None:
    """Lower the first word of both wordings, which both start their sentences, where
    its capital is only the sentence's (``_surface`` kept it for a word that is rare or
    a name somewhere in either text)."""
    mine, theirs = slot.mine, slot.theirs
    if (
        spun_words[0] != mine[0].text.lower()
        and original_words[0].islower()
        and mine[0].norm not in names
    ):
        # The sibling's word is ordinary: so is this one, however rare ("Bureaus" /
        # "Authorities").
        spun_words[0] = mine[0].text.lower()
    if (
        original_words[0] != theirs[0].text.lower()
        and spun_words[0].islower()
        and theirs[0].norm not in names
    ):
        original_words[0] = theirs[0].text.lower()  # and the other way round ("Organisers")
    if (
        spun_words[0] != spun_words[0].lower() or original_words[0] != original_words[0].lower()
    ) and link(" ".join(spun_words).lower(), " ".join(original_words).lower(), pack_pairs) in (
        PACK,
        THESAURUS,
    ):
        # Thesaurus synonyms: the spinner swapped a word that only its capital made look
        # like a name ("Novel York" / "New York", "Republic" / "Democracy" where the text
        # also names a "Democratic Republic").
        spun_words[0], original_words[0] = spun_words[0].lower(), original_words[0].lower()


def _extra_link(
    slot: Slot,
    spun_words: list[str],
    original_words: list[str],
    pair: SentencePair,
    pack_pairs: Mapping[str, frozenset[str]] | None,
) -> tuple[str | None, str]:
    """An extra word is a spinner's doing only in a close copy of the sentence."""
    from textqa.synonymy import zipf

    spun, original = " ".join(spun_words), " ".join(original_words)
    if pack_pairs is not None and phrase(original) in pack_pairs.get(phrase(spun), ()):
        return PACK, ""
    extra = list(slot.extra)
    longer = spun_words if slot.insertion else original_words
    if not slot.extra_after_anchor and longer and longer[0].lower() == extra[0].lower():
        extra[0] = longer[0]  # a sentence-initial capital lowered ("Due south" / "South")
    ours, theirs = slot.mine_sentence, slot.theirs_sentence
    if slot.deletion:
        ours, theirs = theirs, ours
    if any(fact_word(w) not in (None, "time") for w in extra):
        return None, "different facts: the extra word is a name, number or date"
    if any(fact_word(w) == "name" for w in (*spun_words, *original_words)):
        return None, "different facts: a name is involved"
    if any(theirs.count(w.lower()) >= ours.count(w.lower()) for w in extra):
        return None, "the extra word is elsewhere in the other sentence (moved, not added)"
    if pair.kind != SAME or pair.score < CLOSE_PAIR:
        return None, "an extra word is evidence only in a close copy of one sentence"
    grammar = [w.lower() in FUNCTION_WORDS or w.lower() in PARTICLES for w in extra]
    if link(spun, original, pack_pairs) == THESAURUS:
        # The longer wording is a thesaurus entry for the shorter ("responsible for" /
        # "responsible", "past tense" / "past"): the spinner's own phrase.
        return THESAURUS, ""
    if all(grammar) and pair.score < VERY_CLOSE_PAIR:
        return None, "an extra grammar word is evidence only in a very close copy"
    if grammar[-1] and not all(grammar) and slot.extra_after_anchor:
        return None, "the extra words end in a grammar word"  # "magnitudes of" + anchor
    if any(zipf(w) < 2.5 for w in extra):
        return None, "the extra word is not an ordinary word"
    return COMMON_WORDS, ""
