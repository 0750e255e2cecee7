"""quality.doubled-word: the same word twice in a row ("the the", "to to").

A doubled word is a classic slip of editing, and spinners make it too when a phrase
substitution ends with the word that follows it ("according to to"). It is found
across a line break as well, where proofreaders miss it most.

Some doublings are grammatical or idiomatic and are never reported: "had had",
"that that", "is is" ("what it is is"), "do do", "very very", "no no", "bye bye",
and so on. A capitalised second word is taken for a name ("Duran Duran",
"Sirhan Sirhan"). Three or more in a row are meant ("la la la", "no no no"): a slip
doubles a word, it does not triple it (and a long run would otherwise be a finding
per word).

PASS: She had had enough, and said that that was that.
FAIL: He said the the talks would resume.    (suggests "the")
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import compress
from operator import eq, itemgetter
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textqa.document import Document
    from textqa.findings import Finding

RULE = "quality.doubled-word"
LEVEL = "warning"
DESCRIPTION = "The same word twice in a row"
EXAMPLES_BAD = [
    "He said the the talks would resume.",
    "They agreed to to meet on Monday.",
    "The talks will resume in the\nthe coming days.",
    "The the talks resumed.",
]
EXAMPLES_GOOD = [
    "She had had enough, and said that that was that.",
    "What it is is a very very long day. Bye bye.",
    "He met Boutros Boutros-Ghali and Sirhan Sirhan.",
    "Talks resumed, resumed again, and again.",
    "It rose 5 5 times.",
    "Add it to to-do lists; x * x is a square.",
    'Sing "la la la" loudly, and "cha cha cha".',
]

# Doublings that are grammatical or idiomatic.
ALLOWED = frozenset({
    "had", "that", "is", "do", "very", "really", "so", "no", "yes", "bye", "ha", "hah", "haha",
    "ho", "knock", "chop", "tut", "now", "there", "many", "long", "far", "blah", "bla", "boo", "ta",
    "yada", "wow", "oh", "ooh", "uh", "mm", "hey", "please", "wait", "go", "hip", "hush", "tsk",
    "cha", "din", "dum", "pooh",
})  # fmt: skip
# White space with at most one line break (not into an indented code block), and
# emphasis marks stuck to a word ("*the* the"), but not "x * x".
_GAP_RE = re.compile(r"[*_]*(?:[ \t]+|[ \t]*\n[ \t]{0,3})[*_]*")


def check(doc: Document) -> Iterator[Finding]:
    words = doc.words
    text = doc.text
    norms = list(map(itemgetter(1), words))  # Token.norm
    # Only repeats matter: find them without a Python step per pair of words.
    last = len(words) - 1
    for index in compress(range(last), map(eq, norms, norms[1:])):
        first, second = words[index], words[index + 1]
        if first.norm in ALLOWED:
            continue
        if (index and norms[index - 1] == first.norm) or (
            index + 1 < last and norms[index + 2] == first.norm
        ):
            continue  # a run of three or more: "la la la"
        if not second.norm.isalpha() or second.text[0].isupper():
            continue  # numbers; names such as "Duran Duran"
        gap = text[first.end : second.start]
        if not _GAP_RE.fullmatch(gap):
            continue
        if text[second.end : second.end + 1] in ("-", "_"):
            continue  # "to to-do", "setuptools setuptools_scm"
        yield doc.finding(
            first.start,
            second.end,
            rule=RULE,
            source="quality",
            level=LEVEL,
            message=f"doubled word '{first.text} {second.text}'",
            # With emphasis between the words a plain replacement would break the markup.
            suggestions=() if "*" in gap or "_" in gap else (first.text,),
            confidence=0.9,
            evidence=("the same word twice in a row",),
        )
