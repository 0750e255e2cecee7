"""Tokenisation shared by every detector, so that offsets and phrase matching agree.

A token is a word (letters and digits, with internal apostrophes: "Macron's" is one
token) or a single punctuation character. Markdown emphasis markers (``*`` and ``_``)
are not tokens at all, so ``*workplace*`` and ``workplace`` tokenise alike.
Each token keeps its code-point span in the document and a normalised form
(lowercase, curly apostrophes straightened) that pack phrases are compared with.
"""

from __future__ import annotations

import re
from typing import NamedTuple

# HTML entities for an apostrophe (’ or '): inside a word ("Macron&rsquo;s",
# "it&#39;s") they are the apostrophe a reader sees, so the word reads as "Macron’s".
APOSTROPHE_ENTITY = r"&(?:rsquo|apos|#0*(?:8217|39)|#[xX]0*(?:2019|27));"
_APOSTROPHE_ENTITY_RE = re.compile(APOSTROPHE_ENTITY)
WORD_APOSTROPHE_RE = re.compile(rf"(?<=[^\W_]){APOSTROPHE_ENTITY}(?=[^\W_])")
# Letters/digits (not underscore) with internal straight or curly apostrophes (or their
# entities).
_TOKEN_RE = re.compile(rf"([^\W_]+(?:(?:['’]|{APOSTROPHE_ENTITY})[^\W_]+)*)|([^\s\w*])")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'"})

# Characters allowed between two tokens of one phrase: white space and emphasis marks.
_PHRASE_GAP_RE = re.compile(r"[ \t\r\n*_]*")
# Inline HTML tags, which a phrase runs through as it runs through Markdown emphasis
# ("US <b>speak</b> reveals"); block tags (p, div, br, li, h1...) end it.
INLINE_TAG_RE = re.compile(
    r"</?(?:a|abbr|b|bdi|bdo|cite|del|dfn|em|font|i|ins|kbd|mark|q|s|samp|small|span|strong"
    r"|sub|sup|time|u|var)(?:\s[^<>]*)?>",
    re.IGNORECASE,
)
# What rewriting a whole span would lose: emphasis marks, inline tags, entities, line
# breaks, tabs, runs of spaces (a fix lays its words in one by one instead).
KEPT_RE = re.compile(r"[*_~\n\r\t<&]|  ")
# An HTML entity, and those that stand for a no-break space (a space to a reader).
ENTITY = r"&(?:[A-Za-z]+|#[0-9]+|#[xX][0-9A-Fa-f]+);"
NO_BREAK_SPACE_RE = re.compile(r"&nbsp;|&#160;|&#x0*a0;", re.IGNORECASE)


# A Markdown list item's marker ("- ", "* ", "+ ", "1. ", "2) ") and the 1-4 spaces after it.
LIST_MARKER = r"(?:[-*+]|\d{1,9}[.)])[ \t]{1,4}"
# An e-mail or Markdown block-quote prefix at the start of a line ("> ", "> > "): not
# prose, but the mark of a quoted line, which hard-wrapped prose may fill as it fills
# a plain one. A quote may open on a list item's first line ("- > ", "1. > ", "> - > "),
# as in CommonMark, its lines going on as "  > " (a list item's marker followed by no
# quote is prose, as ever: "- The talks").
QUOTE_PREFIX_RE = re.compile(rf"[ \t]{{0,3}}(?:(?:{LIST_MARKER})*+>[ \t]?)+")
_GAP_QUOTE_PREFIX_RE = re.compile(rf"(?<=[\r\n]){QUOTE_PREFIX_RE.pattern}")


def plain_gap(gap: str) -> str:
    """The gap between two words without inline tags and the block-quote prefix of a
    line it wraps to, no-break space entities as spaces: what a reader sees between
    them."""
    if "<" in gap:
        gap = INLINE_TAG_RE.sub("", gap)
    if "&" in gap:
        gap = NO_BREAK_SPACE_RE.sub(" ", gap)
    return unquoted(gap) if ">" in gap else gap


def unquoted(text: str) -> str:
    """``text`` without the block-quote prefixes of the lines it runs on to ("in and\n>
    round" → "in and\nround"): how a span quoted across a wrapped line reads."""
    return _GAP_QUOTE_PREFIX_RE.sub("", text)


# A blank line (a paragraph break) in LF, CRLF or CR-only text, or a line of block-quote
# marks only (">", a blank line of a quoted e-mail): no phrase, quotation or pack match
# runs across one.
BLANK_LINE_RE = re.compile(r"(?:\r\n|\n|\r(?!\n))[^\S\r\n]*(?:>[^\S\r\n]*)*(?:\r\n|\n|\r)")

# HTML tags that open or close a block of prose (a paragraph, list item, heading, table
# cell...): a paragraph ends there as at a blank line. (Not <br>: a line break inside one.)
BLOCK_TAG_RE = re.compile(
    r"</?(?i:p|div|li|h[1-6]|blockquote|section|article|aside|header|footer|main|nav|ul|ol"
    r"|dl|dt|dd|table|tr|td|th|caption|figure|figcaption|hr|title)(?:\s[^<>]*)?/?>"
)


class Token(NamedTuple):
    """One token: its text, normalised form, code-point span and whether it is a word."""

    text: str
    norm: str
    start: int
    end: int
    is_word: bool


def normalise(text: str) -> str:
    """Lowercase and straighten apostrophes (their entities too), the form phrases are
    compared in."""
    if "&" in text:
        text = _APOSTROPHE_ENTITY_RE.sub("'", text)
    return text.translate(_APOSTROPHES).lower()


def apostrophe_entities(text: str) -> list[tuple[int, int, str]]:
    """(start, end, character) of each apostrophe entity inside a word: where the text
    as read has a single ’ or ' ("Macron&rsquo;s" reads "Macron’s")."""
    if "&" not in text:
        return []
    return [
        (match.start(), match.end(), entity_char(match.group()))
        for match in WORD_APOSTROPHE_RE.finditer(text)
    ]


_POSSESSIVE_RE = re.compile(rf"(?:['’]|{APOSTROPHE_ENTITY})s\Z")


def without_possessive(word: str) -> str:
    """``word`` without a possessive "'s" ("Macron’s", "Macron&rsquo;s" → "Macron")."""
    return _POSSESSIVE_RE.sub("", word) if word.endswith("s") else word


# HTML entities of quotation marks and apostrophes, by name or code point.
QUOTE_ENTITY_RE = re.compile(
    r"&(?:lsquo|rsquo|ldquo|rdquo|quot|apos|#0*(?:8216|8217|8220|8221|34|39)"
    r"|#[xX]0*(?:2018|2019|201[cCdD]|22|27));"
)
_QUOTE_ENTITY_NAMES = {
    "lsquo": "‘",
    "rsquo": "’",
    "ldquo": "“",
    "rdquo": "”",
    "quot": '"',
    "apos": "'",
}


def entity_char(entity: str) -> str:
    """The character a :data:`QUOTE_ENTITY_RE` (or apostrophe) entity stands for
    ("&ldquo;" → “, "&#39;" → ', "&#x2019;" → ’)."""
    name = entity[1:-1]
    if name[0] != "#":
        return _QUOTE_ENTITY_NAMES[name]
    return chr(int(name[2:], 16) if name[1] in "xX" else int(name[1:]))


# Normalised forms of words seen so far: news reuses its words, so most tokens cost a
# dict look-up instead of a translate() and a lower().
_NORMS: dict[str, str] = {}
_NORMS_LIMIT = 50_000
_PUNCT_NORMS = {"’": "'", "‘": "'", "ʼ": "'"}
_new_token = tuple.__new__  # Token(...) without the keyword-argument handling, ~2x faster


def tokenize(text: str, offset: int = 0) -> list[Token]:
    """Split ``text`` into word and punctuation tokens with spans shifted by ``offset``."""
    tokens: list[Token] = []
    append = tokens.append
    norms = _NORMS
    if len(norms) > _NORMS_LIMIT:
        norms.clear()
    punct_norms = _PUNCT_NORMS
    for match in _TOKEN_RE.finditer(text):
        word, punct = match.groups()
        start, end = match.span()
        if word is not None:
            norm = norms.get(word)
            if norm is None:
                norm = norms[word] = normalise(word)
            append(_new_token(Token, (word, norm, start + offset, end + offset, True)))
        else:
            norm = punct_norms.get(punct, punct)  # punct.translate(_APOSTROPHES)
            append(_new_token(Token, (punct, norm, start + offset, end + offset, False)))
    return tokens


def only_drops_words(text: str, wording: str) -> bool:
    """``wording`` is ``text`` with words left out ("military action" → "action",
    "government minister" → "minister"). A shorter wording always has the larger
    frequency, so statistics alone say little for it, and applying it can delete a fact."""
    kept = wording.lower().split()
    words = iter(text.lower().split())
    return len(kept) < len(text.split()) and all(word in words for word in kept)


def phrase_key(phrase: str) -> tuple[str, ...]:
    """The token sequence a pack phrase is matched as, e.g. ``"rapid-fire"`` → 3 tokens."""
    return tuple(token.norm for token in tokenize(phrase))


# A line ends at LF, CRLF or a lone CR (classic Mac files), as SARIF and editors count.
LINE_BREAK_RE = re.compile(r"\r\n?|\n")


def line_breaks(gap: str) -> int:
    """How many line breaks ``gap`` holds, a CRLF counting once."""
    return gap.count("\n") + gap.count("\r") - gap.count("\r\n")


def joins_phrase(text: str, left: Token, right: Token) -> bool:
    """True when ``left`` and ``right`` may belong to one phrase.

    Only spaces, single line breaks, emphasis marks and inline HTML tags may separate
    them: a blank line (paragraph break) or any other character ends the phrase.
    """
    gap = plain_gap(text[left.end : right.start])
    if not gap:
        return True
    if gap.strip("_") == "":
        return False  # snake_case: an underscore inside a word is no emphasis mark
    if _PHRASE_GAP_RE.fullmatch(gap) is None:
        return False
    breaks = line_breaks(gap)
    if breaks == 0:
        return True
    return breaks == 1 and wraps(text, left.end, right.start)  # a wrapped line, not a heading


def is_capitalised(word: str) -> bool:
    """True for "Ukraine", "EU"; false for "ukraine" and "2022"."""
    return word[:1].isupper()


# A line that ends in one of these ends its sentence too.
_LINE_END_STOPS = frozenset(".!?…:;\"”’'|")
# A line that starts so opens a block of its own: a list item, a heading, a quote, a
# table row, a tag, an underline.
_BLOCK_START_RE = re.compile(r"(?:[-*+•]\s|\d+[.)]\s|[#>|<=~^`]|[A-Z][A-Z .,'’-]*$)")
# A line that is a block of its own whatever follows (a list item's text may wrap).
_OWN_LINE_RE = re.compile(r"(?:[#>|<=~^`]|[A-Z][A-Z .,'’-]*$)")
# Hard-wrapped prose fills its lines: a shorter line that stops short of punctuation is
# a headline or a label ("Russian chief and military action"), unless the next line
# starts in lower case.
WRAPPED_LINE_MIN = 50
# A line ending in one of these is cut mid-sentence, however short it is.
_WRAPPING_WORDS = frozenset({
    "a", "an", "the", "of", "in", "on", "at", "to", "for", "with", "by", "from", "and", "or",
    "but", "that", "which", "who", "whose", "as", "into", "than", "its", "his", "her",
    "their", "our", "this", "these", "those", "is", "are", "was", "were", "be", "has", "have",
})  # fmt: skip
_ONE_LINE_RE = re.compile(r"[^\r\n]{0,200}")
# HTML tags opening a line ("<p>", "  <li class=x>", "</p><p>", "<b>"), indented or not:
# marks, not text; a paragraph's text goes on after them.
_LEADING_TAGS_RE = re.compile(r"[ \t]*(?:<[A-Za-z/!][^<>\r\n]*>[ \t]*)+")


def wraps(text: str, start: int, end: int) -> bool:
    """Whether the one line break in ``text[start:end]`` (the gap between two words)
    only wraps a sentence: hard-wrapped prose ("...told reporters on\nSunday that"),
    not a line of its own (a headline, a list item, a line ending in a full stop).

    Hard-wrapped copies of an article used to lose findings and sibling evidence: every
    wrapped line was a sentence of its own. A phrase spans a line break only where the
    break wraps ("in and\nround two" under a heading is no phrase).
    """
    gap = text[start:end]
    if line_breaks(gap) != 1:
        return False  # no line break, or a blank line
    line_start = max(text.rfind("\n", 0, start), text.rfind("\r", 0, start)) + 1
    # Lines of a block quote ("> ...") wrap as plain lines do, read without their
    # prefixes. A line quoted deeper (or at all, after an unquoted one) opens a quote:
    # never a wrap. A line quoted less deeply (or not at all) may go on the quoted
    # sentence by the same rules, as Markdown's lazy continuation does ("> The office
    # said\non Monday") and as a mail client's re-wrap of a quoted line leaves it.
    # A line opening a list item with a quote in it ("- > ...") is a block of its own.
    depth, line_start, _ = _quote_depth(text, line_start, start)
    next_start = start + LINE_BREAK_RE.search(gap).end()  # type: ignore[union-attr]
    next_depth, following_start, item = _quote_depth(text, next_start, len(text))
    if next_depth > depth or item:
        return False
    # HTML: the text of a line is read without the tags around it ("<p>The talks went
    # on in" wraps as "The talks went on in" does). A block tag at either side of the
    # break ends the paragraph there ("...</p>" then a line, a line then "<p>...").
    tags = _LEADING_TAGS_RE.match(text, line_start, start)
    line_start = tags.end() if tags is not None else line_start
    line = text[line_start : _text_end(text, line_start, start)].strip()
    if not line or line[-1] in _LINE_END_STOPS or _OWN_LINE_RE.match(line):
        return False
    following_start = max(end, following_start)
    tags = _LEADING_TAGS_RE.match(text, following_start)
    if tags is not None:
        if not _inline_tags_only(tags.group()):
            return False  # a block tag (or <br>, <img>...) opens the line
        following_start = tags.end()
    following = _ONE_LINE_RE.match(text, following_start).group().strip()  # type: ignore[union-attr]
    if not following or _BLOCK_START_RE.match(following):
        return False
    if following[0].islower() or len(line) >= WRAPPED_LINE_MIN:
        return True
    return line.rsplit(None, 1)[-1].lower() in _WRAPPING_WORDS  # "met with the\nTrilateral"


def _text_end(text: str, line_start: int, end: int) -> int:
    """Where the text of the line ``text[line_start:end]`` ends without the inline tags
    that close it ("...US <b>speak</b>" → "...US <b>speak"); ``line_start`` if a block
    tag closes it (a paragraph, a list item, a cell...): no text goes on from there."""
    while end > line_start and text[end - 1] in " \t":
        end -= 1
    while end > line_start and text[end - 1] == ">":
        tag_start = text.rfind("<", line_start, end)
        if tag_start < 0:
            break
        if BLOCK_TAG_RE.fullmatch(text, tag_start, end):
            return line_start
        if INLINE_TAG_RE.fullmatch(text, tag_start, end) is None:
            break  # not a tag ("a -> b>"), or one such as <br>: read as it stands
        end = tag_start
        while end > line_start and text[end - 1] in " \t":
            end -= 1
    return end


def _inline_tags_only(tags: str) -> bool:
    """Whether a run of tags (:data:`_LEADING_TAGS_RE`) holds only inline ones."""
    return not INLINE_TAG_RE.sub("", tags).strip()


def _quote_depth(text: str, line_start: int, limit: int) -> tuple[int, int, bool]:
    """How deep the line at ``line_start`` is quoted ("> > " is 2), where its text
    starts after the prefix (no further than ``limit``), and whether the prefix opens a
    list item ("- > ")."""
    prefix = QUOTE_PREFIX_RE.match(text, line_start, limit)
    if prefix is None:
        return 0, line_start, False
    marks = prefix.group()
    return marks.count(">"), prefix.end(), marks.strip(" \t>") != ""
