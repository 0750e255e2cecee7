"""Anchor words of pack regexes, so regex rules ride on the token hash like phrases.

Running a few hundred regexes over every document is what makes regex-based linters
slow, and compiling them with the ``regex`` package costs seconds at start-up. Almost
every pack regex starts with a literal word (``\\bstated(?= on Sunday)``,
``\\b(?:high|prime)(?= diplomat)``), so we extract those words; the matcher then tries
a regex only at tokens that start with one of its anchors, and compiles it the first
time that happens. A regex without a literal start falls back to a full scan.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

# A literal word at the start of a pattern: letters, apostrophes, escaped dots.
_LITERAL_RE = re.compile(r"(?:[A-Za-z0-9'’]|\\\.)+")
_LOOKBEHIND_OPEN = ("(?<=", "(?<!")
_SCOPED_FLAGS = ("(?-i:", "(?i:")
_GLOBAL_FLAGS_RE = re.compile(r"\(\?[aiLmsux-]+\)")
# What may follow a literal for it to be a whole token (not a prefix like "fulfil(?:l)?").
_WORD_END = (r"\b", " ", r"\s", "(?=", "(?!", "(?<", "[ ", "[-", ",", ")", "|", "$")


# One step of a scan over a pattern: an escape, a whole character class (which ends at
# its first unescaped "]"), or a grouping or alternation character (group 1).
_SYNTAX_RE = re.compile(r"\\.?|\[(?:\\.?|[^\]\\])*\]?|([()|])", re.DOTALL)


def _structure(pattern: str, start: int = 0) -> Iterator[tuple[int, str, int]]:
    """(index, char, depth after it) for each ``(``, ``)`` and ``|`` of the pattern.

    Escaped characters and the inside of character classes are skipped, so ``(``, ``)``
    and ``|`` are only reported where they group or alternate.
    """
    depth = 0
    for match in _SYNTAX_RE.finditer(pattern, start):
        char = match.group(1)
        if char is not None:
            depth += (char == "(") - (char == ")")
            yield match.start(), char, depth


def _group_end(pattern: str, start: int) -> int:
    """Index just past the group that opens at ``pattern[start] == '('``."""
    for index, char, depth in _structure(pattern, start):
        if char == ")" and depth == 0:
            return index + 1
    return -1


def _split_top_level(pattern: str) -> list[str] | None:
    """Split on ``|`` outside groups and classes; None if the pattern is unbalanced."""
    parts: list[str] = []
    current = 0
    depth = 0
    for index, char, depth in _structure(pattern):
        if char == "|" and depth == 0:
            parts.append(pattern[current:index])
            current = index + 1
    if depth != 0:
        return None
    parts.append(pattern[current:])
    return parts


def _strip_prefix(pattern: str) -> str:
    """Drop what cannot contain the first matched character: \\b and lookbehinds."""
    while True:
        if pattern.startswith(r"\b"):
            pattern = pattern[2:]
        elif pattern.startswith(_LOOKBEHIND_OPEN) or _is_zero_width_group(pattern):
            end = _group_end(pattern, 0)
            if end < 0:
                return pattern
            pattern = pattern[end:]
        elif pattern.startswith(_SCOPED_FLAGS):
            # "(?-i:\\bgovt)(?= …)": the scoped group's content starts the match.
            end = _group_end(pattern, 0)
            if end < 0:
                return pattern
            opener = pattern.index(":") + 1
            pattern = pattern[opener : end - 1] + pattern[end:]
        else:
            return pattern


def _is_zero_width_group(pattern: str) -> bool:
    """``(?:(?<=^)|(?<=[.!?]\\s))``: a group of lookbehinds consumes nothing."""
    if not pattern.startswith("(?:"):
        return False
    end = _group_end(pattern, 0)
    inner = _split_top_level(pattern[3 : end - 1]) if end > 0 else None
    return bool(inner) and all(_strip_prefix(choice) == "" for choice in inner)


def _anchors_of(alternative: str) -> set[tuple[str, bool]] | None:
    """(anchor, whole_word) pairs for one top-level alternative, or None if unknown."""
    body = _strip_prefix(alternative)
    if body.startswith("(?:"):
        end = _group_end(body, 0)
        if end < 0:
            return None
        inner = _split_top_level(body[3 : end - 1])
        if inner is None:
            return None
        rest = body[end:]
        if rest.startswith(("?", "*", "{")):
            return None  # the group is optional: the match may start elsewhere
        anchors: set[tuple[str, bool]] = set()
        for choice in inner:
            found = _literal(choice, rest) if choice else _literal(rest, "")
            if found is None:
                return None
            anchors.add(found)
        return anchors
    found = _literal(body, "")
    return None if found is None else {found}


def _literal(body: str, rest: str) -> tuple[str, bool] | None:
    match = _LITERAL_RE.match(body)
    if match is None:
        return None
    word = match.group(0).replace("\\.", ".")
    after = body[match.end() :] or rest
    if after[:1] in ("?", "*", "{"):
        # The last character is optional ("rounds?"): anchor on the part before it.
        word = word[:-1]
        if not word:
            return None
        return _normal(word), False
    whole = after == "" or after.startswith(_WORD_END)
    return _normal(word), whole


def _normal(word: str) -> str:
    return word.replace("’", "'").lower()


def regex_anchors(pattern: str) -> frozenset[tuple[str, bool]] | None:
    """Words a match must start with, as (text, whole_word); None means "scan everything".

    >>> sorted(regex_anchors(r"\\b(?:high|prime)(?= diplomat)"))
    [('high', True), ('prime', True)]
    >>> sorted(regex_anchors(r"\\bfulfil(?:l|ls)?(?= with)"))
    [('fulfil', False)]
    """
    if _GLOBAL_FLAGS_RE.match(pattern):
        return None  # global inline flags: leave such patterns to a full scan
    alternatives = _split_top_level(pattern)
    if not alternatives:
        return None
    anchors: set[tuple[str, bool]] = set()
    for alternative in alternatives:
        found = _anchors_of(alternative)
        if not found:
            return None
        anchors |= found
    # An anchor must be a word start: a token begins with a letter or digit.
    if any(not word or not (word[0].isalnum()) for word, _ in anchors):
        return None
    return frozenset(anchors)


def _strip_suffix(alternative: str) -> str:
    """Drop the lookarounds that end an alternative: they look past the match."""
    while alternative.endswith(")"):
        opened = -1
        closes_at_end = False
        for index, char, depth in _structure(alternative):
            if char == "(" and depth == 1:
                opened = index
            closes_at_end = char == ")" and depth == 0 and index == len(alternative) - 1
        if not closes_at_end or not alternative.startswith(_LOOK_OPEN, opened):
            break
        alternative = alternative[:opened]
    return alternative


_LOOK_OPEN = ("(?=", "(?!", "(?<=", "(?<!")


def match_body(pattern: str) -> str | None:
    """``pattern`` without the context its matches look at around them (the lookbehinds
    and ``\\b`` that start each top-level alternative, the lookarounds that end it):
    what a match itself must be, to tell whether some phrase can be a whole match.
    ``None`` when the pattern cannot be taken apart so."""
    flags = _GLOBAL_FLAGS_RE.match(pattern)
    head = flags.group(0) if flags else ""
    alternatives = _split_top_level(pattern[len(head) :])
    if alternatives is None:
        return None
    return head + "|".join(_strip_suffix(_strip_prefix(a)) for a in alternatives)
