"""quality.lowercase-sentence: a sentence that starts with a lowercase letter.

"He left. the next day he returned." A lowercase start after a full stop is left
behind when a spinner or a careless edit splits, joins or rewrites sentences, and
it always needs a human look.

Only a full stop after a word of two or more letters counts as a sentence end.
Not after an abbreviation ("e.g.", "i.e.", "etc.", "vs.", "approx.", "No."), an
initial or "a.m." (one letter before the stop), a number, or an ellipsis; and not
before a lowercase brand or a name particle ("iPhone", "eBay", "de Gaulle",
"al-Assad"). Question and exclamation marks are left out on purpose: “Really?” he
asked is correct English.

Level: warning. With those exclusions it raised nothing on the clean seeds or on
the Lee dev corpus (see the test-suite and the report), so a hit is worth fixing.

PASS: He left. The next day, e.g. on Monday, he returned at 5 p.m. with an iPhone.
FAIL: He left. the next day he returned.     (suggests "The")
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textqa.document import Document
    from textqa.findings import Finding

RULE = "quality.lowercase-sentence"
LEVEL = "warning"
DESCRIPTION = "A sentence that starts with a lowercase letter after a full stop"
EXAMPLES_BAD = [
    "He left. the next day he returned.",
    "Talks ended on Sunday. they resume on Monday.",
    "He said it was “over.” but it was not.",
]
EXAMPLES_GOOD = [
    "He left. The next day, e.g. on Monday, he returned at 5 p.m. with an iPhone.",
    "Apples, pears, etc. are fruit; cf. oranges vs. lemons, approx. ten of them.",
    "He was ranked No. one. Wait... then it rained.",
    "“Really?” he asked. “Yes!” she said.",
    "He met Charles. de Gaulle was not there. She sold it on eBay. eBay took a cut.",
    "Rights:\n ii. moral rights;\n b. other rights.",
    "Use orjson. orjson is fast. We like orjson.",
    "The spec is valid.\n    validate(spec)\n",
]

# Words that end with a full stop inside a sentence (lowercased, stop removed).
ABBREVIATIONS = frozenset({
    "etc", "vs", "cf", "al", "approx", "apr", "aug", "ave", "blvd", "ca", "capt", "cit", "co",
    "col", "corp", "dec", "dept", "dist", "dr", "ed", "eds", "esp", "est", "ext", "feb", "fig",
    "figs", "ft", "gen", "gov", "hr", "hrs", "ibid", "inc", "incl", "jan", "jr", "jul", "jun", "lb",
    "lbs", "lt", "ltd", "maj", "mar", "max", "min", "misc", "mr", "mrs", "ms", "mt", "no", "nos",
    "nov", "nr", "oct", "op", "oz", "pp", "para", "prof", "rd", "rep", "resp", "rev", "sen", "sept",
    "sep", "sgt", "sq", "sr", "st", "ste", "tel", "trans", "viz", "vol", "vols", "abbr", "mi", "km",
    "kg", "cm", "mm", "sec", "ch", "pt", "pts", "aka", "eg", "ie", "var", "seq",
})  # fmt: skip
# Lowercase name particles that keep their case at the start of a sentence.
PARTICLES = frozenset({
    "de", "del", "della", "di", "da", "dos", "van", "von", "der", "den", "le", "la", "al", "el",
    "bin", "ibn", "ben",
})  # fmt: skip

_LOWERCASE_START_RE = re.compile(
    r"(?<![\w.])([^\W\d_]{2,})\.([\"”’']?)(?:[ \t]+\n?|\n)([ \t]*)"  # a word, a stop, space
    r"([a-z][^\W\d_]*)(?![\w(])"  # a lowercase word, not "urllib3" or a call "validate("
)
# What every _LOWERCASE_START_RE match contains: scanning for it is several times faster
# than the full pattern, which tries a word at every letter; most text has none.
# (It starts at the stop, a literal the regex engine finds fast, and looks back from it.)
_TRIGGER_RE = re.compile(r"\.(?<=[^\W\d_]\.)[\"”’']?(?:[ \t]+\n?|\n)[ \t]*[a-z]")
_ROMAN_RE = re.compile(r"(?i)m{0,3}(?:cm|cd|d?c{0,3})(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})")
_LABEL_END = (".", ")")  # "b. Affirmer", "iv) rights": list labels, not words
# A name written in lower case on purpose ("orjson") shows up this often, never capitalised.
_STYLED_NAME_COUNT = 3


def check(doc: Document) -> Iterator[Finding]:
    text = doc.text
    if not _TRIGGER_RE.search(text):
        return
    styled: set[str] | None = None
    for match in _LOWERCASE_START_RE.finditer(text):
        before, _closing, indent, word = match.groups()
        if before.lower() in ABBREVIATIONS or word in PARTICLES or not word.islower():
            continue  # etc. / de Gaulle / iPhone, eBay, mRNA
        start, end = match.span(4)
        if text[end : end + 1] in _LABEL_END and len(word) <= 4:
            continue
        if _line_start(text, match.start(1)) and _ROMAN_RE.fullmatch(before):
            continue  # "ii. moral rights": a numbered list
        if _line_start(text, start) and (len(indent) >= 4 or "\t" in indent):
            continue  # the first word of an indented code block
        if doc.is_skipped(start, end) or doc.is_skipped(match.start(1), match.end(1)):
            continue
        if styled is None:
            styled = _styled_names(doc)
        if word in styled:
            continue
        capital = word[0].upper() + word[1:]
        yield doc.finding(
            start,
            end,
            rule=RULE,
            source="quality",
            level=LEVEL,
            message=f"sentence starts with lowercase '{word}' after '{before}.'",
            suggestions=(capital,),
            confidence=0.75,
            evidence=(f"'{before}.' ends a sentence and is not a known abbreviation",),
        )


def _line_start(text: str, offset: int) -> bool:
    """Whether only white space precedes ``offset`` on its line."""
    return not text[text.rfind("\n", 0, offset) + 1 : offset].strip()


def _styled_names(doc: Document) -> set[str]:
    """Words used several times and never capitalised: names styled lower case."""
    lower: dict[str, int] = {}
    capitalised: set[str] = set()
    for token in doc.words:
        if token.text[0].isupper():
            capitalised.add(token.norm)
        elif token.text.islower():
            lower[token.norm] = lower.get(token.norm, 0) + 1
    return {w for w, n in lower.items() if n >= _STYLED_NAME_COUNT and w not in capitalised}
