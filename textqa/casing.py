"""Putting a replacement into running text: its capitals and the article before it.

A fix must read as if the writer had typed it: "Stated" at the start of a sentence
becomes "Said", "WORKPLACE" in a headline becomes "OFFICE", and "a uncommon" becomes
"a rare" while "a workplace" becomes "an office".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")

_ARTICLE_GAP_RE = re.compile(r"[ \t]+|[ \t]*\r?\n[ \t]*|[ \t]*\r[ \t]*")
# An article and the gap after it, ending where the search ends (``\Z``, not ``$``: "$"
# also matches before a final line break, and the fix would drop the break after "a ").
# The look-behind sees the text before the search's start: "Ivan office" has no "an".
_ARTICLE_BEFORE_RE = re.compile(r"(?<![\w'’-])([Aa][Nn]?)(" + _ARTICLE_GAP_RE.pattern + r")\Z")


def match_case(template: str, replacement: str) -> str:
    """``replacement`` in the case pattern of ``template`` (the text it replaces).

    All capitals stay all capitals ("WORKPLACE" → "OFFICE"), a capitalised first word
    stays capitalised ("Additionally" → "Also"), every word capitalised stays so
    ("In Keeping With" → "According To"); otherwise ``replacement`` is kept as given,
    so a proper noun in a suggestion keeps its capital.
    """
    if not replacement or not any(c.isalpha() for c in template):
        return replacement
    if _in_capitals(template):
        return replacement.upper()
    words = template.split()
    if len(words) > 1 and all(w[:1].isupper() for w in words if w[:1].isalpha()):
        return " ".join(_capitalised(w) for w in replacement.split(" "))
    if template[:1].isupper():
        return _capitalised(replacement)
    return replacement


def _capitalised(word: str) -> str:
    """``word`` with a capital first letter, unless its capitals are its own inside it
    ("iPhone", "eBay": a trial's fix wrote "IPhone sales")."""
    if word[:1].islower() and any(c.isupper() for c in word[1:]):
        return word
    return word[:1].upper() + word[1:]


def same_form_first(
    observed: str, replacements: Sequence[T], text: Callable[[T], str] = str
) -> list[T]:
    """``replacements`` with those in the observed word's form first, each group in its
    order: a thesaurus (or a pack) offers "meet, met, meets" for "fulfills", and the
    likeliest first would have the fix write "The group meet"."""
    if len(replacements) < 2:
        return list(replacements)  # nothing to reorder: no look-up (the lexicon loads)
    form = _form(observed)
    if form is None:
        return list(replacements)

    def fits(item: T) -> bool:
        other = _form(text(item))
        return other == form or (other in _PAST and form in _PAST)

    same = [item for item in replacements if fits(item)]
    if not same or same[0] is replacements[0]:
        return list(replacements)
    return same + [item for item in replacements if not fits(item)]


_PAST = frozenset({"ed", "irregular"})  # "fulfilled" → "met"


def without_other_inflections(observed: str, replacements: Sequence[str]) -> list[str]:
    """``replacements`` less the other inflections of one whose form is the observed
    wording's, when that form is plain ('forest', 'allow') or an -s plural ('forests',
    'allows'): a pack lists "random forest, random forests" so that each number of hit
    has its own, and "an irregular woodland" was offered 'a random forests' as well;
    "permit" was offered 'allows'. The form is read off the last word ("misleading
    negative" is singular); a past or an -ing form, or an unknown one, drops nothing."""
    if len(replacements) < 2:
        return list(replacements)
    form = _inflection(observed)[1]
    if form is None:
        return list(replacements)
    inflections = [_inflection(item) for item in replacements]
    present = set(inflections)
    return [
        item
        for item, (head, its_form) in zip(replacements, inflections, strict=True)
        if its_form == form or (head, form) not in present
    ]


def _inflection(wording: str) -> tuple[str, str | None]:
    """(the wording with its last word as a lemma, that word's form: '' for the lemma,
    's' for an -s form, else None): "random forests" → ("random forest", "s")."""
    from textqa.data.lexicon import lexicon

    *rest, last = wording.lower().split() or [""]
    lex = lexicon()
    lemma = lex.lemma(last)
    unknown = lex.id(last) < 0
    if unknown and last.endswith("s") and not last.endswith(("ss", "us", "is")):
        lemma = last[:-1]  # a word the lexicon lacks ("platelets"): a regular plural
    if not lemma or lemma == last:
        return wording.lower(), ""
    form = "s" if last.endswith("s") else None
    return " ".join([*rest, lemma]), form


def _form(wording: str) -> str | None:
    """How a wording is inflected: '' for a lemma, its regular ending ('s', 'ed',
    'ing'), or 'irregular'; a phrase takes the form of its first inflected word
    ("neural organizations" is plural, as "neural networks" is; "persevering with" is
    "continuing"); None for no word."""
    from textqa.data.lexicon import lexicon

    words = wording.lower().split()
    if not words:
        return None
    lex = lexicon()
    for norm in words:
        if lex.lemma(norm) not in ("", norm):
            return next((end for end in ("ing", "ed", "s") if norm.endswith(end)), "irregular")
    return ""


def _in_capitals(text: str) -> bool:
    """All capitals, and more than one letter ("WORKPLACE", not "A")."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) > 1 and all(c.isupper() for c in letters)


def article_for(word: str) -> str | None:
    """``"a"`` or ``"an"`` before ``word``, or None where usage is split or unclear."""
    from textqa.detectors.quality.a_an import VOWEL, sound

    heard = sound(word)
    if heard is None:
        return None
    return "an" if heard == VOWEL else "a"


def repair_article(text: str, start: int, end: int, replacement: str) -> tuple[int, str]:
    """Fix the article in front of ``text[start:end]`` for its new wording.

    Returns the (possibly earlier) start of the edit and the text to put there: either
    ``replacement`` alone, or the corrected article, the original gap and ``replacement``
    ("a workplace" → "an office"). An article that is right for the new word stays.
    """
    if not replacement:
        return start, replacement
    # The gap holds only spaces, tabs and one line break, and the article ends where the
    # white space before ``start`` begins: the search looks only there, so that fixing
    # every line of a long text does not rescan the text before each fix.
    gap_start = start
    while gap_start > 0 and text[gap_start - 1] in " \t\r\n":
        gap_start -= 1
    match = _ARTICLE_BEFORE_RE.search(text, max(0, gap_start - 2), start)
    if match is None:
        return start, replacement
    article, gap = match.group(1), match.group(2)
    first_word = replacement.split()[0]
    wanted = article_for(first_word)
    if wanted is None and _in_capitals(text[start:end]) and first_word.isupper():
        # The wording took the capitals of the text it replaces ("EGGHEAD" → "SCIENTIST"),
        # where letters ("an S-C-I…") and word ("a scientist") disagree: it is the word.
        # (An acronym's reading is sure in capitals, "an FBI", and never gets here.)
        wanted = article_for(first_word.lower())
    if wanted is None or wanted == article.lower():
        return start, replacement
    # The article's case goes with the words after it: "A WORKPLACE" → "AN OFFICE".
    article = match_case(f"{article} {text[start:end]}", wanted)
    return match.start(1), article + gap + replacement
