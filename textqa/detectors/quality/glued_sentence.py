"""quality.glued-sentence: a sentence stuck to the previous one with no space.

Copy that was scraped, spun and re-pasted loses the space between sentences where
a paragraph break or markup used to be: `documents."He`, `said.The`. Readers trip
over it and search engines see one long garbled word.

Only a word ending in two lowercase letters, then `.`, `!` or `?` (and quotes),
then a capitalised word is reported, which leaves out "U.S.", "e.g.", "J.R.R.",
"3.5", "example.com", "Node.js" and dotted names such as "System.Out.Println".
URLs, e-mail addresses and code are skipped by the document.

PASS: He left. The talks went on. The U.S. and the e.g. form are fine.
FAIL: Macron's office said.The talks went on.    (suggests "said. The")
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textqa.document import Document
    from textqa.findings import Finding

RULE = "quality.glued-sentence"
LEVEL = "warning"
DESCRIPTION = "A sentence glued to the previous one without a space"
EXAMPLES_BAD = [
    "Macron's office said.The talks went on.",
    'He read the documents."He was calm," she said.',
    "Is it over?No, it is not.",
    "They met in Ukraine.“We agreed,” he said.",
]
EXAMPLES_GOOD = [
    "He left. The talks went on.",
    "The U.S. envoy, e.g. Mr. Blinken, met J.R.R. Tolkien fans.",
    "Growth was 3.5 per cent; see example.com or Node.js for System.Out.Println.",
    "Visit https://example.org/Index.Html today.",
    "They met at Booking.Com headquarters.",
    "Call requests.Session() or nx.Graph[0].",
    ">>> import networkx as nx; nx.Graph",
]

_LOWER = "a-zß-öø-ÿ"
_GLUED_RE = re.compile(
    rf"(?<![\w.@/\\])([A-Za-z{_LOWER}]*[{_LOWER}]{{2}})"  # a word ending in two lowercase letters
    r"([.!?])([\"”’']?)([“‘]?)"  # the sentence end, maybe a closing and an opening quote
    rf"([A-Z][{_LOWER}]+|[AI])(?![\w@/\\(\[]|\.\w)"  # a capitalised word, not a name or call
)
# What every _GLUED_RE match contains: scanning for it is several times faster than the
# full pattern, which tries a word at every letter; most text has none.
# (It starts at the stop, which the regex engine finds fast, and looks back from it.)
_TRIGGER_RE = re.compile(rf"[.!?](?<=[{_LOWER}]{{2}}[.!?])[\"”’']?[“‘]?[A-Z]")
_PROMPT_RE = re.compile(r"[ \t]*(?:>>>|\.\.\.|\$)[ \t]")  # doctest and shell lines
# Capitalised file extensions and domain parts: "Booking.Com", "index.Html".
_NOT_A_SENTENCE = frozenset({
    "com", "org", "net", "gov", "edu", "io", "co", "uk", "us", "eu", "de", "fr", "ru", "info",
    "biz", "tv", "me", "js", "py", "txt", "pdf", "html", "htm", "md", "doc", "docx", "xls", "xlsx",
    "jpg", "jpeg", "png", "gif", "exe", "zip", "csv", "json", "xml", "php", "asp", "aspx",
})  # fmt: skip


def check(doc: Document) -> Iterator[Finding]:
    text = doc.text
    if not _TRIGGER_RE.search(text):
        return
    for match in _GLUED_RE.finditer(text):
        before, stop, closing, opening, after = match.groups()
        if after.lower() in _NOT_A_SENTENCE:
            continue
        start, end = match.span()
        if doc.is_skipped(start, end) or _PROMPT_RE.match(text, text.rfind("\n", 0, start) + 1):
            continue
        fixed = f"{before}{stop}{closing} {opening}{after}"
        yield doc.finding(
            start,
            end,
            rule=RULE,
            source="quality",
            level=LEVEL,
            message=f"missing space after '{stop}{closing}': two sentences glued together",
            suggestions=(fixed,),
            # Below the default fix threshold: a dotted name outside backticks
            # ("pathlib.Path") looks the same, so --write leaves it to a human.
            confidence=0.75,
            evidence=(f"'{after}' starts a new sentence right after '{before}{stop}{closing}'",),
        )
