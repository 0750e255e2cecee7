"""Names that links point at, in Markdown and reStructuredText: not prose to rewrite.

A fix that renames a link's target but not every reference to it (or a reference but not
its target) breaks the link: a trial's ``fix --write`` turned ``.. _navy motion:`` into
``.. _military action:`` and left `` `navy motion`_ `` dangling, and a Markdown
``[navy motion]: https://…`` definition lost the ``[navy motion]`` that pointed at it.
So the names are left alone, as code is:

* Markdown: link reference definitions (the whole ``[label]: url`` line); the label of
  a full reference (``[text][label]``); the text of a collapsed or shortcut reference
  (``[label][]``, ``[label]``) whose label a definition defines; and a heading that a
  ``](#slug)`` link in the text points at (its slug is made from its words).
* reStructuredText: hyperlink targets (``.. _name:`` lines, ``__ url``), hyperlink
  references (`` `name`_ ``, `` `text <url>`_ ``, ``name_``), substitution references
  (``|name|``), and a section title that a reference names (a title is a target).
"""

from __future__ import annotations

import re

from textqa.rst_titles import ADORNMENT_CHAR
from textqa.spans import covered

Span = tuple[int, int]

# (Not a footnote's "[^1]: text", which is prose.)
_MD_DEFINITION_RE = re.compile(
    r"^[ ]{0,3}(?:>[ ]?)*\[(?P<label>(?!\^)[^\[\]\n]+)\]:[ \t]*(?:<[^<>\n]*>|\S+)"
    r"(?:[ \t]+(?:\"[^\"\n]*\"|'[^'\n]*'|\([^()\n]*\)))?[ \t]*$",
    re.MULTILINE,
)
# "[text]", "[text][label]" or "[text][]", but not an inline link "[text](url)" nor a
# definition "[label]:".
_MD_REFERENCE_RE = re.compile(
    r"(?<![\]\\])\[(?P<text>[^\[\]\n]+)\](?:\[(?P<label>[^\[\]\n]*)\])?(?![(:\[])"
)
_MD_ANCHOR_RE = re.compile(r"\]\(#(?P<slug>[^)\s]+)\)")
_MD_HEADING_RE = re.compile(
    r"^[ ]{0,3}#{1,6}[ \t]+(?P<atx>[^\n]*?)[ \t]*#*[ \t]*$"
    r"|^(?P<setext>[^\n]*\S)[ \t]*\r?\n[ ]{0,3}(?:=+|-+)[ \t]*$",
    re.MULTILINE,
)

_RST_TARGET_RE = re.compile(r"^[ \t]*(?:\.\.[ \t]+_[^\n]*|__[ \t]+\S[^\n]*)$", re.MULTILINE)
_RST_REFERENCE_RE = re.compile(
    r"`(?P<phrase>[^`\n]+)`__?(?![\w])"  # `name`_, `text <url>`_, anonymous `name`__
    r"|(?<![\w`|])(?P<word>[A-Za-z0-9](?:[\w.+-]*\w)?)__?(?![\w])"  # name_
    r"|(?<![\w|])\|(?! )(?P<substitution>[^|\n]+)(?<! )\|(?:__?)?(?![\w|])"  # |name|
)
_RST_TITLE_RE = re.compile(
    rf"^(?P<title>[^\n]*\S)[ \t]*\r?\n(?P<mark>{ADORNMENT_CHAR})(?P=mark)+[ \t]*$", re.MULTILINE
)


def _name(text: str) -> str:
    """A link label or reference name as both languages compare them: case and runs of
    white space do not count."""
    return " ".join(text.split()).casefold()


def markdown_link_names(text: str) -> list[Span]:
    """The spans of ``text`` (Markdown) that name link targets, in order."""
    if "[" not in text and "](#" not in text:
        return []
    spans: list[Span] = []
    labels: set[str] = set()
    for match in _MD_DEFINITION_RE.finditer(text):
        labels.add(_name(match.group("label")))
        spans.append(match.span())
    defined = list(spans)  # in order, and one a line: disjoint
    for match in _MD_REFERENCE_RE.finditer(text):
        if covered(defined, match.start()):
            continue
        label = match.group("label")
        if label:  # [text][label]: the label part
            spans.append((match.start("label") - 1, match.end()))
        elif _name(match.group("text")) in labels:  # [label] or [label][]
            spans.append(match.span())
    slugs = {match.group("slug").casefold() for match in _MD_ANCHOR_RE.finditer(text)}
    if slugs:
        for match in _MD_HEADING_RE.finditer(text):
            group = "atx" if match.group("atx") is not None else "setext"
            if _slug(match.group(group)) in slugs:
                spans.append(match.span(group))
    return sorted(spans)


def _slug(heading: str) -> str:
    """The anchor GitHub (and most Markdown renderers) make of a heading's text."""
    kept = re.sub(r"[^\w\- ]", "", heading.strip().casefold())
    return kept.replace(" ", "-")


def rst_link_names(text: str) -> list[Span]:
    """The spans of ``text`` (reStructuredText) that name link targets, in order."""
    if "_" not in text and "|" not in text:
        return []
    spans = [match.span() for match in _RST_TARGET_RE.finditer(text)]
    names: set[str] = set()
    for match in _RST_REFERENCE_RE.finditer(text):
        spans.append(match.span())
        phrase = match.group("phrase")
        if phrase is not None:
            names.add(_name(re.sub(r"\s*<[^<>]*>$", "", phrase)))
        elif match.group("word") is not None:
            names.add(_name(match.group("word")))
    for match in _RST_TITLE_RE.finditer(text):
        title = match.group("title")
        if len(title.strip()) <= len(text[match.start("mark") : match.end()].rstrip()) and (
            _name(title) in names
        ):
            spans.append(match.span("title"))
    return sorted(spans)
