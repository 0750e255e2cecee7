"""Putting a replacement into running text: its capitals and the article before it.

A fix must read as if the writer had typed it: "Stated" at the start of a sentence
becomes "Said", "WORKPLACE" in a headline becomes "OFFICE", and "a uncommon" becomes
"a rare" while "a workplace" becomes "an office".
"""

from __future__ import annotations

import re

_ARTICLE_GAP_RE = re.compile(r"[ \t]+|[ \t]*\n[ \t]*")
# An article and the gap after it, ending where the search ends (``\Z``, not ``$``: "$"
# also matches before a final line break, and the fix would drop the break after "a ").
# The look-behind sees the text before the search's start: "Ivan office" has no "an".
_ARTICLE_BEFORE_RE = re.compile(r"(?<![\w'’-])([Aa]n?)(" + _ARTICLE_GAP_RE.pattern + r")\Z")


def match_case(template: str, replacement: str) -> str:
    """``replacement`` in the case pattern of ``template`` (the text it replaces).

    All capitals stay all capitals ("WORKPLACE" → "OFFICE"), a capitalised first word
    stays capitalised ("Additionally" → "Also"), every word capitalised stays so
    ("In Keeping With" → "According To"); otherwise ``replacement`` is kept as given,
    so a proper noun in a suggestion keeps its capital.
    """
    letters = [c for c in template if c.isalpha()]
    if not letters or not replacement:
        return replacement
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return replacement.upper()
    words = template.split()
    if len(words) > 1 and all(w[:1].isupper() for w in words if w[:1].isalpha()):
        return " ".join(w[:1].upper() + w[1:] for w in replacement.split(" "))
    if template[:1].isupper():
        return replacement[:1].upper() + replacement[1:]
    return replacement


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
    while gap_start > 0 and text[gap_start - 1] in " \t\n":
        gap_start -= 1
    match = _ARTICLE_BEFORE_RE.search(text, max(0, gap_start - 2), start)
    if match is None:
        return start, replacement
    article, gap = match.group(1), match.group(2)
    first_word = replacement.split()[0]
    wanted = article_for(first_word)
    if wanted is None or wanted == article.lower():
        return start, replacement
    return match.start(1), match_case(article, wanted) + gap + replacement
