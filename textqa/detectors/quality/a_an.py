"""quality.a-an: the article disagrees with the sound of the next word.

Spinners swap a word and keep its article: "a rare weekend meeting" becomes
"a uncommon weekend meeting". A wrong "a"/"an" is one of the surest signs that the
next word was put there by a machine. The other article is the mechanical fix; when a
pack restores the word itself ("a rare"), ``textqa fix`` drops the article fix.

The choice follows the *sound*, not the letter: "a university", "a European",
"a one-time", "an hour", "an honest", "an 11-year-old", "an 8", acronyms by the
sound of their first letter ("an MP", "an FBI", "a US") and word acronyms by their
first syllable ("a NATO"). Where usage is split ("an historic", "a herb") or the
pronunciation cannot be told from the spelling (unknown word-like acronyms, years
such as 1800), nothing is reported.

PASS: Biden was hosting a rare weekend meeting.
PASS: She has an MP's salary and a university degree.
FAIL: Biden was hosting a uncommon weekend meeting.   (suggests "an")
FAIL: It took an hundred days.                        (suggests "a")
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import compress
from typing import TYPE_CHECKING

from textqa.detectors.quality import once_per_document
from textqa.tokens import plain_gap

if TYPE_CHECKING:
    from textqa.document import Document
    from textqa.findings import Finding

RULE = "quality.a-an"
# Confidence of a wrong article that is likely the original's, before a swapped word
# (the text reads as spun, or a close sibling sentence has the same article there):
# still shown as a trace of the swap, but below every fix threshold worth using.
DOUBTED_CONFIDENCE = 0.5


def doubted(finding: Finding, why: str) -> Finding:
    """``finding`` (a wrong article) kept as a trace of a swap, but below every fix
    threshold worth using, with ``why`` as evidence."""
    from dataclasses import replace

    return replace(
        finding,
        confidence=min(finding.confidence, DOUBTED_CONFIDENCE),
        evidence=(*finding.evidence, why),
    )


LEVEL = "warning"
DESCRIPTION = "'a' before a vowel sound or 'an' before a consonant sound"
EXAMPLES_BAD = [
    "Biden was hosting a uncommon weekend meeting.",
    "It was an huge crowd.",
    "He is an university professor.",
    "She became a MP in 2010.",
    "The boy is a 11-year-old.",
    "An European official spoke.",
]
EXAMPLES_GOOD = [
    "Biden was hosting a rare weekend meeting.",
    "He waited an hour for an honest answer.",
    "It is a European and a one-time university union.",
    "An MP, an FBI agent and a US official met an 11-year-old and an 8-year-old.",
    "It was a historic day, or an historic one.",
    "Plan A is better than plan B.",
    "A NATO summit and an SUV.",
    "That defeat was followed by a Uefa Cup exit, a Nato summit and a Fifa ban.",
    "It came from an fbi.gov address, whether it's a on a Bosman or not.",
    "She has an on-screen role and an in-depth plan.",
]

VOWEL, CONSONANT = "vowel", "consonant"

# Letters whose *name* starts with a vowel sound: "an F", "an MP", "an X-ray".
_VOWEL_LETTERS = frozenset("AEFHILMNORSX")

# Vowel-letter words that start with a consonant sound (y or w).
_CONSONANT_SOUND_RE = re.compile(
    r"eu|ewe|one(?:s|-|$)|once|ouija"
    r"|uni(?![nmd])|unanim|ubiq|uk|ugand|uig|ur[aeiu]|url|us(?!h)|ut[aeio]|uv"
)
# Words without a vowel that are read as words, not spelled: "a Mr Smith", "a lb".
_READ_AS_WORDS = frozenset({
    "mr", "mrs", "ms", "dr", "st", "mt", "ft", "lb", "lbs", "hr", "hrs", "pt", "pts", "sq", "rd",
    "cwm", "hmm", "shh",
})  # fmt: skip
_SPELLED_RE = re.compile(r"[b-df-hj-np-tv-xz]+\d*")  # npm, mp3, html
_X_RAY_RE = re.compile(r"x[^aeiouy]")  # xray: "ex-ray"
# Consonant-letter words with a silent h.
_SILENT_H_RE = re.compile(r"hour|honest|hono(?:u)?r|heir")
# Words where both articles are in good use; never reported.
_EITHER = frozenset({
    "historic", "historical", "historian", "historically", "hotel", "hotels", "heroic", "herb",
    "herbs", "herbal", "homage", "humble", "hypothesis", "habitual", "hilarious", "horrific",
    "hysterical", "hereditary",
})  # fmt: skip
# Acronyms read as words, with the sound they start with.
_WORD_ACRONYMS = {
    "NATO": CONSONANT, "NASA": CONSONANT, "NAFTA": CONSONANT, "FIFA": CONSONANT,
    "UEFA": CONSONANT, "UNESCO": CONSONANT, "UNICEF": CONSONANT, "UNHCR": CONSONANT,
    "SARS": CONSONANT, "MERS": CONSONANT, "COVID": CONSONANT, "SWAT": CONSONANT,
    "FEMA": CONSONANT, "NAACP": VOWEL, "OPEC": VOWEL, "AIDS": VOWEL, "ASEAN": VOWEL,
    "IKEA": VOWEL, "ISIS": VOWEL, "ISIL": VOWEL, "OSCE": VOWEL, "UKIP": CONSONANT,
}  # fmt: skip
_ACRONYM_RE = re.compile(r"([A-Z][A-Z0-9]+|[A-Z])(?:['’]?s)?")
_ASCII_LETTER_RE = re.compile(r"[a-z]")
_OPENING_GAP_RE = re.compile(r"[ \t]*\n?[ \t]*[\"'“‘(]?")
_ARTICLES = frozenset({"a", "an"})
_NOT_AFTER_ARTICLE = frozenset({
    "a", "an", "and", "or", "nor", "but", "of", "is", "are", "was", "were", "the",
})  # fmt: skip
# Words an article does not come before, except as the head of a hyphenated compound
# ("an on-screen role", "an in-depth look"): "whether it's a on a Bosman" has a stray
# article, and "an on" would not mend it.
_COMPOUND_HEADS_ONLY = frozenset({
    "on", "in", "at", "to", "for", "with", "by", "from", "if", "it", "its", "as", "off",
    "up", "out", "into", "onto", "upon", "over", "under",
})  # fmt: skip
_DOMAIN_AFTER_RE = re.compile(r"\.[a-z]")  # "an fbi.gov address": read letter by letter
_SENTENCE_OPENERS = frozenset(".!?:;\"“‘'([-–—#>|")


def sound(word: str) -> str | None:
    """``"vowel"`` or ``"consonant"`` for how ``word`` starts, or None if unsure."""
    if not word:
        return None
    first = word[0]
    if first.isdigit():
        return _number_sound(word)
    if word[0].isupper() and word.upper() in _WORD_ACRONYMS:
        return _WORD_ACRONYMS[word.upper()]  # "a Uefa Cup", "a Nato summit": British style
    acronym = _ACRONYM_RE.fullmatch(word)
    if acronym and (len(acronym.group(1)) > 1 or len(word) == 1):
        return _acronym_sound(acronym.group(1))
    if len(word) == 1 or (first.islower() and word[1].isupper()):  # f-string, mRNA, eBay
        return _letter_sound(first.upper())
    return _word_sound(word.lower())


def _letter_sound(letter: str) -> str:
    return VOWEL if letter in _VOWEL_LETTERS else CONSONANT


def _word_sound(lower: str) -> str | None:
    if lower in _EITHER or not _ASCII_LETTER_RE.match(lower):
        return None  # split usage, or "élite"/"Óscar": leave alone
    spelled = lower not in _READ_AS_WORDS and _SPELLED_RE.fullmatch(lower)
    if spelled or _X_RAY_RE.match(lower):
        return _letter_sound(lower[0].upper())
    if lower[0] in "aeiou":
        return CONSONANT if _CONSONANT_SOUND_RE.match(lower) else VOWEL
    if lower[0] == "h" and _SILENT_H_RE.match(lower):
        return VOWEL
    return CONSONANT


def _number_sound(word: str) -> str | None:
    digits = re.match(r"\d+", word).group(0)  # type: ignore[union-attr]
    if digits[0] == "8":
        return VOWEL  # eight, eighty, eight hundred
    if digits[:2] in ("11", "18"):
        if len(digits) == 4:
            return None  # 1800: "eighteen hundred" or "one thousand eight hundred"
        return VOWEL if len(digits) % 3 == 2 else CONSONANT  # 11, 18,000 / 110
    return CONSONANT


def _acronym_sound(acronym: str) -> str | None:
    if acronym in _WORD_ACRONYMS:
        return _WORD_ACRONYMS[acronym]
    spelled = _letter_sound(acronym[0])
    if len(acronym) <= 3 or not re.search("[AEIOU]", acronym[1:]):
        return spelled  # FBI, MP, NHS, LGBT: spelled out
    # Might be read as a word ("SWAT", or a headline in capitals): sure only if both agree.
    return spelled if _word_sound(acronym.lower()) == spelled else None


@once_per_document
def check(doc: Document) -> Iterator[Finding]:
    tokens = doc.tokens
    text = doc.text
    # Only the articles matter: find them without a Python step per token.
    for index in compress(range(len(tokens) - 1), map(_ARTICLES.__contains__, doc.norms)):
        token = tokens[index]
        norm = token.norm
        if token.text[0].isupper() and not _starts_sentence(doc, index):
            continue  # "Plan A", "grade A", the name "An"
        following = tokens[index + 1]
        gap = plain_gap(text[token.end : following.start])  # "a <em>uncommon</em>"
        if not following.is_word or not _OPENING_GAP_RE.fullmatch(gap):
            continue
        if following.norm in _NOT_AFTER_ARTICLE:
            continue  # "the letters a and b", "the words a or an": not an article
        if (
            following.norm in _COMPOUND_HEADS_ONLY
            and text[following.end : following.end + 1] != "-"
        ):
            continue
        if following.text.isalpha() and _DOMAIN_AFTER_RE.match(text, following.end):
            continue  # a domain name: how it is read is anybody's guess
        heard = sound(following.text)
        if heard is None or (heard == VOWEL) == (norm == "an"):
            continue
        wanted = "an" if heard == VOWEL else "a"
        if token.text[0].isupper():
            wanted = wanted.capitalize()
        kind = "a vowel" if heard == VOWEL else "a consonant"
        yield doc.finding(
            token.start,
            token.end,
            rule=RULE,
            source="quality",
            level=LEVEL,
            message=f"'{token.text} {following.text}': use '{wanted}' before {kind} sound",
            suggestions=(wanted,),
            confidence=0.95 if following.text.isalpha() and following.text.islower() else 0.85,
            evidence=(
                f"'{following.text}' starts with {kind} sound",
                "a wrong article often marks a word that a spinner swapped in",
            ),
        )


def _starts_sentence(doc: Document, index: int) -> bool:
    """A capital "A"/"An" is the article only at the start of a sentence or heading."""
    if index == 0:
        return True
    previous = doc.tokens[index - 1]
    gap = doc.text[previous.end : doc.tokens[index].start]
    return "\n" in gap or "\r" in gap or previous.text in _SENTENCE_OPENERS
