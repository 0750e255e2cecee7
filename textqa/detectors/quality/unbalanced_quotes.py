"""quality.unbalanced-quotes: a paragraph with a quotation mark that is never closed.

An opening “ without its ” (or a ” with no “) means a quotation was cut, merged or
mangled on the way: exactly where a spinner or a scraper has been at work, and where
a reader can no longer tell who said what.

Curly double quotes are paired in order; straight double quotes are paired in order
(an odd one out is reported: a leading quote that closes, or else the last one), and
inch marks (`12"`, `5'10"`) are ignored. Single quotes are not checked:
apostrophes make them ambiguous.

News style opens a quotation that runs over several paragraphs with “ at the start
of each and closes only the last, so an unclosed quote is fine when the next
paragraph starts with an opening quote.

Paragraphs are separated by blank lines and HTML block tags; in a block whose every line ends like a
sentence (one paragraph per line, as in many plain-text feeds) each line is one.

Level: info. A missing quote is a formatting defect, not a trace of spinning, and
feeds that join a story's paragraphs onto one line make the multi-paragraph idiom
look unbalanced (55 hits on the clean held-out Lee corpus, which is stored that way),
so it is a hint that never fails a check. Which quote is missing is for a human to
decide, so there is no suggestion.

PASS: “We are ready,” she said.
FAIL: “We are ready, she said.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from textqa.tokens import BLOCK_TAG_RE

if TYPE_CHECKING:
    from textqa.document import Document
    from textqa.findings import Finding

RULE = "quality.unbalanced-quotes"
LEVEL = "info"
DESCRIPTION = "A paragraph with an unmatched double quotation mark"
EXAMPLES_BAD = [
    "“We are ready, she said.",
    "We are ready,” she said.",
    'He said "we are ready and left.',
    'We are ready," she said, "and willing" to go.',
    "“One quote. “Another quote,” he said.",
    "Paragraph one says “unclosed.\n\nParagraph two has none.",
]
EXAMPLES_GOOD = [
    "“We are ready,” she said.",
    'He said "we are ready" and left. The 12" pipe and a 5\'10" man.',
    "“First paragraph of a long quote.\n\n“Second and last paragraph,” he said.",
    "“A quote that is\nhard-wrapped,” he said.",
    "One paragraph per line.\n“Quoted line,” she said.\nAnother line.",
    'He typed regex.match(r"(\\w)+", "abc") and b"raw".',
]

_QUOTE_RE = re.compile(r"[“”\"]")
_BLANK_LINE_RE = re.compile(r"\n[ \t]*(?:>[ \t]*)*\n")  # a quoted e-mail's blank line too
_LINE_END_RE = re.compile(r"[.!?:;\"”’)\]]\s*$")
_PARAGRAPH_OPENER_RE = re.compile(r"[ \t>*_-]*[“\"]")


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph: blocks between blank lines and HTML block tags
    (``<p>``, ``</p>``...: HTML seldom has blank lines between paragraphs), or lines in
    line-per-paragraph blocks."""
    blocks: list[tuple[int, int]] = []
    cursor = 0
    breaks = list(_BLANK_LINE_RE.finditer(text))
    if "<" in text:
        breaks = sorted(breaks + list(BLOCK_TAG_RE.finditer(text)), key=lambda m: m.start())
    for blank in breaks:
        if blank.start() < cursor:
            continue  # inside the break before
        blocks.append((cursor, blank.start()))
        cursor = blank.end()
    blocks.append((cursor, len(text)))
    spans: list[tuple[int, int]] = []
    for block_start, block_end in blocks:
        lines = text[block_start:block_end].split("\n")
        if len(lines) > 1 and all(_LINE_END_RE.search(line) for line in lines[:-1] if line.strip()):
            offset = block_start
            for line in lines:
                spans.append((offset, offset + len(line)))
                offset += len(line) + 1
        else:
            spans.append((block_start, block_end))
    return [span for span in spans if text[span[0] : span[1]].strip()]


def unmatched(doc: Document, start: int, end: int) -> list[int]:
    """Offsets of the unmatched double quotes in ``text[start:end]``."""
    text = doc.text
    curly_open: int | None = None
    straight: list[int] = []
    lonely: list[int] = []
    for match in _QUOTE_RE.finditer(text, start, end):
        at = match.start()
        char = match.group(0)
        if doc.is_skipped(at, at + 1):
            continue
        if char == "“":
            if curly_open is not None:
                lonely.append(curly_open)  # a second “ before the first was closed
            curly_open = at
        elif char == "”":
            if curly_open is None:
                lonely.append(at)
            curly_open = None
        elif len(straight) % 2 == 0 and at > 0 and text[at - 1].isdigit():
            continue  # 12" (inches), when no straight quotation is open
        else:
            straight.append(at)
    if curly_open is not None:
        lonely.append(curly_open)
    if len(straight) % 2:
        # Straight quotes pair in order; the odd one out is a leading stray closer
        # ('ready," she said "later"'), or else the last opener.
        first = straight[0]
        lonely.append(first if _closes(text, first) else straight[-1])
    return sorted(lonely)


def _closes(text: str, at: int) -> bool:
    """A straight quote after a word or punctuation, before a space or the end, closes."""
    before = text[at - 1] if at > 0 else " "
    after = text[at + 1] if at + 1 < len(text) else " "
    return (before.isalnum() or before in ".,!?;:") and not after.isalnum()


def check(doc: Document) -> Iterator[Finding]:
    text = doc.text
    if '"' not in text and "“" not in text and "”" not in text:
        return
    spans = paragraphs(text)
    for index, (start, end) in enumerate(spans):
        following = spans[index + 1][0] if index + 1 < len(spans) else None
        for at in unmatched(doc, start, end):
            char = text[at]
            opens = char == "“" or (char == '"' and not _closes(text, at))
            if (
                opens
                and following is not None
                and _PARAGRAPH_OPENER_RE.match(text, following)
                and not _QUOTE_RE.search(text, at + 1, end)
            ):
                continue  # a quotation that runs on into the next paragraph
            what = "opening" if opens else "closing"
            yield doc.finding(
                at,
                at + 1,
                rule=RULE,
                source="quality",
                level=LEVEL,
                message=f"unmatched {what} quotation mark {char} in this paragraph",
                confidence=0.7,
                evidence=(_evidence(opens),),
            )


def _evidence(opens: bool) -> str:
    if opens:
        return (
            "no closing quote before the paragraph ends, and the next paragraph does not"
            " continue the quotation"
        )
    return "no opening quote earlier in the paragraph"
