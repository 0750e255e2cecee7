"""A checked text: its code-point offsets, lines, sentences and special spans.

Detectors never re-derive positions: they ask the document. The special spans are

* *skipped* spans — Markdown code, URLs, HTML tags and comments, ``<script>``,
  ``<style>``, ``<pre>``, ``<code>``, ``<kbd>``, ``<samp>``, ``<var>``, ``<tt>`` and
  ``<textarea>`` elements, ``#``/``//`` suppression directives —
  whose words are not prose and produce no tokens at all. Indented code counts only by
  the path's suffix (Markdown indented code in .md/.markdown, literal blocks in .rst),
  since an indented paragraph of plain text is prose;
* *quoted* spans — text inside quotation marks. Spinners leave quoted speech alone,
  so a match inside a quotation is much weaker evidence.
"""

from __future__ import annotations

import bisect
import os
import re
from contextlib import suppress
from functools import cached_property
from itertools import compress
from operator import attrgetter, itemgetter

from textqa.findings import Finding
from textqa.link_names import markdown_link_names, rst_link_names
from textqa.spans import covered
from textqa.suppression import directive_spans
from textqa.tokens import (
    BLANK_LINE_RE,
    BLOCK_TAG_RE,
    ENTITY,
    INLINE_TAG_RE,
    LINE_BREAK_RE,
    LIST_MARKER,
    NO_BREAK_SPACE_RE,
    QUOTE_ENTITY_RE,
    QUOTE_PREFIX_RE,
    WORD_APOSTROPHE_RE,
    Token,
    apostrophe_entities,
    entity_char,
    joins_phrase,
    tokenize,
    wraps,
)

# HTML comments (suppression directives live here) and elements whose content is code,
# not prose: each needs its closing mark, which :func:`_skip_spans` looks for itself (in
# a regex alternative, every opener left unclosed would scan to the end of the text).
# Besides code: keyboard input, program output, variables, teletype text and form data.
_CODE_ELEMENTS = ("script", "style", "pre", "code", "kbd", "samp", "var", "tt", "textarea")
_CLOSED_OPENER_RE = re.compile(rf"<!--|<(?i:({'|'.join(_CODE_ELEMENTS)}))\b[^>]*>")
_CLOSERS = {name: re.compile(rf"</(?i:{name})[ \t\r\n]*>") for name in _CODE_ELEMENTS}
_CLOSERS[""] = re.compile("-->")
# What an HTML parser reads to the end when it is not closed: a comment and the raw-text
# elements.
_RAW_TEXT = frozenset({"", "script", "style", "textarea"})
_HTML_SUFFIXES = frozenset({".html", ".htm"})
_SKIP_RE = re.compile(
    r"(?P<code>"  # code (see Document.code): fenced code, then inline code
    # A fence is 3 or more backticks (no backtick after them on its line: "```x``` y" is
    # inline code) or tildes; it closes at a line of as many or more of the same mark and
    # nothing else (not at "```bash", nor at "```" inside a "````" block), or at the end.
    # Indented any depth: a list item's fence sits at its content's column ("10. Run:"
    # then "    ```bash"; a nested item's deeper), and indented code is code anyway. It
    # may open on the item's first line, after its marker ("- ```bash").
    rf"^[ \t]*+(?:{LIST_MARKER})*+(?P<fence>`{{3,}}(?![^\n]*`)|~{{3,}})[^\n]*\n.*?"
    r"(?:^[ \t]*(?P=fence)(?:(?<=`)`*|(?<=~)~*)[ \t\r]*$|\Z)"
    # Inline code: a run of backticks closed by a run as long ("``a ` b``"), on its line
    # or the next (hard-wrapped Markdown wraps inside a code span; a blank line ends one)
    # (It starts with a literal backtick: cheap to rule out at every other position.)
    r"|`(?<!``)(?P<ticks>`*)(?!`)[^\n]*?(?:\n(?![ \t>]*\r?\n)[^\n]*?)?(?<!`)`(?P=ticks)(?!`))"
    # HTML tags: quoted values may hold ">" (alt='a > b'); failing that, the tag ends at
    # the first ">" (an unquoted value with an apostrophe, title=It's)
    r"|<[A-Za-z/!](?:[^<>\"'\n]|\"[^\"\n]*\"|'[^'\n]*')*>|<[A-Za-z/!][^<>\n]*>"
    r"|\]\([^)\s\]]*\)"  # Markdown link targets (no "]": "[a](" repeated stays linear)
    r"|\b(?:https?://|www\.)[^\s<>()\"“”]+"  # URLs
    r"|[\w.+-]+@[\w-]+\.[\w.-]+"  # e-mail addresses
    # HTML entities ("in&nbsp;and"), but not an apostrophe's inside a word: that is part
    # of the word ("Macron&rsquo;s"), as a literal ’ is
    rf"|(?!{WORD_APOSTROPHE_RE.pattern}){ENTITY}"
    # block-quote prefixes ("> "): marks, not prose; and with the opening fence of a code
    # block inside the quote ("> ```python"), whose end depends on the quote's depth,
    # which :func:`_quoted_fence_end` reads line by line (after a list item's marker, too:
    # "> - ```")
    rf"|^{QUOTE_PREFIX_RE.pattern}"
    rf"(?P<qfence>[ \t]*(?:{LIST_MARKER})*(?P<qmarks>`{{3,}}(?![^\n]*`)|~{{3,}}))?",
    re.DOTALL | re.MULTILINE,
)
# Every _SKIP_RE match contains one of these; a substring test for each is much faster
# than one regex search for them all.
_SKIP_TRIGGERS = ("<", "`", "~", "@", "](", "http://", "https://", "www.", "&", ">")
_MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
# A line indented to Markdown's code depth (4 columns), with something on it, maybe
# behind a block-quote prefix: only a text that has one needs the line scan for
# indented code.
_INDENTED_LINE_RE = re.compile(
    rf"^(?:{QUOTE_PREFIX_RE.pattern})?(?: {{4}}| {{0,3}}\t)[ \t]*\S", re.MULTILINE
)
_LIST_MARKER_RE = re.compile(r"(?:[-*+]|\d{1,9}[.)])(?:[ \t]+|$)")
# What opens a reStructuredText literal block: a code directive, or a paragraph line
# ending in "::" (other directives, such as ".. note::", have prose bodies).
_RST_LITERAL_RE = re.compile(
    r"^(?P<indent>[ \t]*)(?:\.\.[ \t]+(?i:code-block|code|sourcecode)[ \t]*::.*"
    r"|(?P<colons>(?![ \t]*\.\.)[^\n]*::))[ \t\r]*$",
    re.MULTILINE,
)
# Sentence ends: terminal punctuation (and closing quotes/brackets) then space, or
# any line break. A lowercase letter after the space does not start a new sentence.
# An HTML block tag ends one too ("<h2>Talks</h2><p>Workplace..." on one line).
_SENTENCE_END_RE = re.compile(
    r"[.!?…][\"'”’)\]]*[ \t]+(?=[\"'“‘(\[]?[A-Z0-9])|[\r\n]+|" + BLOCK_TAG_RE.pattern
)
# Words whose full stop abbreviates rather than ends a sentence ("the Sept. 11 attacks",
# "Staff-Insp. Gary Ellis said"). Initials are left out: "the U.S." ends many sentences.
_ABBREVIATION_RE = re.compile(
    r"(?<![\w.])(?:Mr|Mrs|Ms|Dr|Prof|Sen|Rep|Gov|Gen|Lt|Col|Capt|Cmdr|Sgt|Cpl|Insp|Supt|Det|"
    r"Const|Rev|Fr|Hon|St|Mt|Ft|Jan|Feb|Aug|Sept|Sep|Oct|Nov|Dec|No|Nos|Co|Corp|Inc|Ltd|Bros|"
    r"Jr|Sr|vs)\.$"
)

# A token after one of these (or after a line break) opens a sentence, a quotation or an
# aside, where a capital letter says nothing of a name. (A substring test, as in
# ``previous.text in _OPENERS``.)
_OPENERS = ".!?:;\"“‘'([—–-«‹„‚»›"
TITLE_LINE_MIN_WORDS = 4  # a line of this many words or more, ...
TITLE_LINE_SHARE = 0.7  # ... this share of them capitalised, is a headline


def starts_sentence(text: str, tokens: list[Token], index: int) -> bool:
    """Whether ``tokens[index]`` opens a sentence, a line (not one that only wraps a
    sentence), a quotation or an aside."""
    if index == 0:
        return True
    previous = tokens[index - 1]
    if previous.text in _OPENERS:
        return True
    start = tokens[index].start
    gap = text[previous.end : start]
    if "&" in gap and any(
        entity_char(m.group()) in _OPENERS for m in QUOTE_ENTITY_RE.finditer(gap)
    ):
        return True  # "&ldquo;" opens as "“" does (the entity is no token)
    if "<" in gap and BLOCK_TAG_RE.search(gap):
        return True  # a new paragraph, heading, list item or cell (minified HTML)
    if "\n" not in gap and "\r" not in gap:
        return False
    return not wraps(text, previous.end, start)


_OPEN_CURLY, _CLOSE_CURLY = "“", "”"
_QUOTE_MARK_RE = re.compile('[“”"]')


def lines_of(text: str) -> list[str]:
    """The lines of ``text`` without their breaks, numbered as :meth:`Document.position`
    numbers them (a report showing line N must split the text the same way)."""
    return LINE_BREAK_RE.split(text)


class Document:
    """The text of one file (or stdin), with lazily computed structure."""

    def __init__(self, text: str, path: str = "<stdin>") -> None:
        self.text = text
        self.path = path
        self._line_starts = [0] + [m.end() for m in LINE_BREAK_RE.finditer(text)]

    # ------------------------------------------------------------------ positions
    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a code-point offset."""
        index = bisect.bisect_right(self._line_starts, offset) - 1
        return index + 1, offset - self._line_starts[index] + 1

    def line_text(self, line: int) -> str:
        """The text of a 1-based line, without its line break."""
        start = self._line_starts[line - 1]
        end = self._line_starts[line] if line < len(self._line_starts) else len(self.text)
        return self.text[start:end].rstrip("\r\n")

    @property
    def line_count(self) -> int:
        return len(self._line_starts)

    # ------------------------------------------------------------------ spans
    @cached_property
    def skipped(self) -> list[tuple[int, int]]:
        """Spans that are not prose (code, URLs, HTML tags and comments, directives),
        sorted and disjoint."""
        return self._skips[0]

    @cached_property
    def code(self) -> list[tuple[int, int]]:
        """The skipped spans that are code (Markdown code, ``<pre>``, ``<code>``,
        ``<script>``, ``<style>``, reST literal blocks), sorted and disjoint: a
        suppression directive there is an example, not a directive (HTML comments,
        where directives live, are skipped but are not code)."""
        return self._skips[1]

    @cached_property
    def _skips(self) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
        """:attr:`skipped` and :attr:`code`, found together."""
        text = self.text
        spans: list[tuple[int, int]] = []
        code: list[tuple[int, int]] = []
        suffix = os.path.splitext(self.path)[1].lower()
        if any(trigger in text for trigger in _SKIP_TRIGGERS):  # most prose has none
            spans, code = _skip_spans(text, html=suffix in _HTML_SUFFIXES)
        extra: list[tuple[int, int]] = []
        blocks: list[tuple[int, int]] = []
        if suffix in _MARKDOWN_SUFFIXES:
            extra += _front_matter(text)
            blocks = _markdown_indented_code(text, spans)
            extra += markdown_link_names(text)
        elif suffix == ".rst":
            blocks = _merged(_rst_literal_blocks(text) + _rst_doctest_blocks(text))
            extra += rst_link_names(text) + _rst_comments(text)
        if blocks:
            code = _merged(code + blocks)
            extra += blocks
        extra += directive_spans(text, code)
        return (_merged(spans + extra) if extra else spans), code

    @cached_property
    def tokens(self) -> list[Token]:
        """Word and punctuation tokens of the prose, skipped spans left out."""
        if not self.skipped:
            return tokenize(self.text)
        tokens: list[Token] = []
        cursor = 0
        for start, end in self.skipped:
            tokens.extend(tokenize(self.text[cursor:start], cursor))
            cursor = end
        tokens.extend(tokenize(self.text[cursor:], cursor))
        return tokens

    @cached_property
    def norms(self) -> list[str]:
        """Normalised form of each token: lets a detector find the few tokens it cares
        about with C-level filters (``map(WORDS.__contains__, doc.norms)``) instead of a
        Python loop over every token."""
        return list(map(_token_norm, self.tokens))

    @cached_property
    def token_starts(self) -> list[int]:
        """Start offsets of :attr:`tokens`, for bisecting."""
        return list(map(_token_start, self.tokens))

    @cached_property
    def words(self) -> list[Token]:
        """Only the word tokens."""
        return list(compress(self.tokens, map(_token_is_word, self.tokens)))

    @cached_property
    def word_starts(self) -> list[int]:
        """Start offsets of :attr:`words`, for bisecting."""
        return [w.start for w in self.words]

    def words_between(self, start: int, end: int) -> list[Token]:
        """The words that start in ``[start, end)``."""
        starts = self.word_starts
        return self.words[bisect.bisect_left(starts, start) : bisect.bisect_left(starts, end)]

    @cached_property
    def word_count(self) -> int:
        return len(self.words)

    @cached_property
    def sentences(self) -> list[tuple[int, int]]:
        """(start, end) spans of sentences; a line break ends one unless it only wraps
        it (see :func:`wraps`), and so does an HTML block tag."""
        spans: list[tuple[int, int]] = []
        cursor = 0
        text = self.text
        for match in _SENTENCE_END_RE.finditer(text):
            at = match.start()
            if text[at] == "." and _ABBREVIATION_RE.search(text, max(0, at - 6), at + 1):
                continue  # "Sept. 11", "Insp. Ellis": the sentence goes on
            if text[at] in "\r\n" and wraps(text, at, match.end()):
                continue
            if match.start() > cursor:
                spans.append((cursor, at + (text[at] in ".!?…")))  # the stop, not a break
            cursor = match.end()
        if cursor < len(self.text):
            spans.append((cursor, len(self.text)))
        return [span for span in map(self._trim, spans) if span[0] < span[1]]

    def _trim(self, span: tuple[int, int]) -> tuple[int, int]:
        """The span without white space around it, nor a block-quote prefix before it
        (a quoted sentence starts at its first word)."""
        start, end = span
        while start < end and self.text[start].isspace():
            start += 1
        if start < end and (start == 0 or self.text[start - 1] in "\r\n"):
            prefix = QUOTE_PREFIX_RE.match(self.text, start, end)
            start = prefix.end() if prefix else start
        while start < end and self.text[start].isspace():
            start += 1
        while end > start and self.text[end - 1].isspace():
            end -= 1
        return start, end

    @cached_property
    def _sentence_starts(self) -> list[int]:
        return [start for start, _ in self.sentences]

    def sentence_at(self, offset: int) -> tuple[int, int]:
        """The sentence span containing ``offset`` (or the nearest one before it)."""
        if not self.sentences:
            return 0, len(self.text)
        index = max(0, bisect.bisect_right(self._sentence_starts, offset) - 1)
        return self.sentences[index]

    @cached_property
    def quoted(self) -> list[tuple[int, int]]:
        """Spans inside quotation marks, quotes included; a paragraph closes any double
        quote. Single quotes (British and AP style: ‘…’ or '…') count only in closed
        pairs, as an apostrophe looks the same ("Macron’s", "’em", "the leaders’").
        HTML quotation entities (``&ldquo;`` … ``&rdquo;``, ``&#8216;`` …) are the marks
        they stand for: the text is read with each as its character, and the spans mapped
        back (an ``&rsquo;`` inside a word is still an apostrophe)."""
        text = self.text
        marks = self._quotation_entities
        if marks:
            view = TextView(text, marks)
            return [(view.to_text(s), view.to_text(e)) for s, e in _quoted_spans(view.text)]
        return _quoted_spans(text)

    @cached_property
    def _quotation_entities(self) -> list[tuple[int, int, str]]:
        """(start, end, character) of each HTML quotation-mark entity of the prose (not
        one inside a tag's attribute value, code or a comment)."""
        text = self.text
        if "&" not in text:
            return []
        return [
            (m.start(), m.end(), entity_char(m.group()))
            for m in QUOTE_ENTITY_RE.finditer(text)
            if not self._inside_skipped(m.start(), m.end())
        ]

    def _inside_skipped(self, start: int, end: int) -> bool:
        """Whether ``text[start:end]`` lies inside a larger skipped span (a tag's
        attribute value, code, a comment): not the span itself, as an entity is."""
        skipped = self.skipped
        index = bisect.bisect_right(skipped, (start, float("inf"))) - 1
        if index < 0:
            return False
        span_start, span_end = skipped[index]
        return span_start <= start and end <= span_end and (span_start, span_end) != (start, end)

    def in_quote(self, start: int, end: int) -> bool:
        """Whether the span lies inside a quotation."""
        return covered(self.quoted, start, end)

    @cached_property
    def tokens_in_quote(self) -> list[bool]:
        """:meth:`in_quote` of every token: per quotation, two searches for the run of
        tokens inside it, instead of a search per token. (Quotations do not overlap, so
        a token inside one starts at or after its start and ends by its end.)"""
        tokens = self.tokens
        flags = [False] * len(tokens)
        starts = self.token_starts
        for start, end in self.quoted:
            first = bisect.bisect_left(starts, start)
            last = bisect.bisect_right(tokens, end, lo=first, key=_token_end)
            flags[first:last] = [True] * (last - first)
        return flags

    @cached_property
    def joins(self) -> list[bool]:
        """``joins_phrase`` of each pair of neighbouring tokens (entry i: tokens i, i+1)."""
        text = self.text
        tokens = self.tokens
        # Nothing or one space between them (the usual case) joins them; the rest are
        # worked out one by one. (The gaps are sliced by C-level maps, not a loop.)
        gaps = map(text.__getitem__, map(slice, map(_token_end, tokens), self.token_starts[1:]))
        flags = list(map(_PLAIN_GAPS.__contains__, gaps))
        index = -1
        with suppress(ValueError):  # list.index: no pair left to work out
            while True:
                index = flags.index(False, index + 1)
                flags[index] = joins_phrase(text, tokens[index], tokens[index + 1])
        return flags

    @cached_property
    def names(self) -> frozenset[int]:
        """Indices of the tokens used as names: words capitalised (not all capitals) inside
        a sentence, outside headlines; and, at the start of a sentence, words this text
        capitalises inside sentences and never writes in lower case ("Workplace is a
        suite", "IBM's Workplace software").

        Spinners leave names alone (DSpin's "immutables"), so a pack's spun word
        capitalised there is a name, not a swap.
        """
        text, tokens = self.text, self.tokens
        capitalised = [
            i
            for i, token in enumerate(tokens)
            if token.text[:1].isupper() and not token.text.isupper() and token.is_word
        ]
        if not capitalised:
            return frozenset()
        headlines = self._headline_lines
        inside: list[int] = []
        initial: list[int] = []
        for i in capitalised:
            if starts_sentence(text, tokens, i):
                initial.append(i)
            elif self.position(tokens[i].start)[0] not in headlines:
                inside.append(i)
        named = {tokens[i].norm for i in inside}
        if initial and named:
            lowercase = {t.norm for t in tokens if t.is_word and t.text[:1].islower()}
            named -= lowercase
            inside += [i for i in initial if tokens[i].norm in named]
        return frozenset(inside)

    @cached_property
    def _headline_lines(self) -> frozenset[int]:
        """Line numbers of headlines: most words capitalised ("Macron's Office Says...")."""
        lines = set()
        for number, line in enumerate(lines_of(self.text), start=1):
            words = [w for w in line.split() if w[:1].isalpha()]
            if len(words) < TITLE_LINE_MIN_WORDS:
                continue
            if sum(w[:1].isupper() for w in words) >= TITLE_LINE_SHARE * len(words):
                lines.add(number)
        return frozenset(lines)

    @cached_property
    def regex_text(self) -> str:
        """The text as pack regexes read it: inline tags, no-break space entities and
        emphasis marks blanked out, so that "*workplace* stated" and "navy
        <span>motion</span>" read as the words they are. (Same length: offsets hold.)"""
        text = self.text
        if "<" in text:
            text = INLINE_TAG_RE.sub(_blank, text)
        if "&" in text:
            text = NO_BREAK_SPACE_RE.sub(_blank, text)
        if "*" in text or "_" in text:
            text = _EMPHASIS_RE.sub(_blank, text)
        if ">" in text:
            text = _QUOTE_LINE_PREFIX_RE.sub(_blank, text)
        return text

    @cached_property
    def regex_view(self) -> TextView:
        """:attr:`regex_text` with each apostrophe entity inside a word as the character
        it stands for, so a pack regex reads "Macron&rsquo;s workplace" as it reads
        "Macron’s workplace" (``\\w['’]s``), and each quotation-mark entity of the prose as
        its mark, so a rule's context reads "fulfill &ldquo;in" as "fulfill “in"; with the
        maps between its offsets and the text's, as the entity is longer than its
        character."""
        marks = self._quotation_entities
        apostrophes = apostrophe_entities(self.text)
        if marks and apostrophes:
            # The same entity may be in both lists (an &rsquo; inside a word): once.
            marks = sorted({span[0]: span for span in [*marks, *apostrophes]}.values())
        return TextView(self.regex_text, marks or apostrophes)

    def is_skipped(self, start: int, end: int) -> bool:
        return covered(self.skipped, start, end)

    # ------------------------------------------------------------------ findings
    def finding(
        self,
        start: int,
        end: int,
        *,
        rule: str,
        source: str,
        level: str,
        message: str,
        suggestions: tuple[str, ...] | list[str] = (),
        confidence: float = 0.5,
        evidence: tuple[str, ...] | list[str] = (),
    ) -> Finding:
        """A Finding for ``text[start:end]`` with its line and column filled in."""
        line, column = self.position(start)
        end_line, end_column = self.position(end)
        return Finding(
            path=self.path,
            line=line,
            column=column,
            end_line=end_line,
            end_column=end_column,
            start=start,
            end=end,
            rule=rule,
            source=source,
            level=level,
            message=message,
            text=self.text[start:end],
            suggestions=tuple(suggestions),
            confidence=max(0.0, min(1.0, confidence)),
            evidence=tuple(evidence),
        )


class TextView:
    """A text with some spans each read as one character (``(start, end, char)``,
    sorted and disjoint), and the maps between offsets in the text and in the view."""

    def __init__(self, text: str, replaced: list[tuple[int, int, str]]) -> None:
        self._text_ends: list[int] = []  # where each replaced span ends in the text
        self._view_ends: list[int] = []  # and its character in the view
        self._shifts: list[int] = []  # characters dropped up to and including it
        if not replaced:
            self.text = text
            return
        pieces: list[str] = []
        cursor = shift = 0
        for start, end, char in replaced:
            pieces += [text[cursor:start], char]
            shift += end - start - 1
            self._text_ends.append(end)
            self._view_ends.append(end - shift)
            self._shifts.append(shift)
            cursor = end
        pieces.append(text[cursor:])
        self.text = "".join(pieces)

    def to_view(self, offset: int) -> int:
        """The view offset of a text offset outside the replaced spans."""
        if not self._shifts:
            return offset
        index = bisect.bisect_right(self._text_ends, offset)
        return offset - (self._shifts[index - 1] if index else 0)

    def to_text(self, offset: int) -> int:
        """The text offset of a view offset (a replaced character's span as a whole)."""
        if not self._shifts:
            return offset
        index = bisect.bisect_right(self._view_ends, offset)
        return offset + (self._shifts[index - 1] if index else 0)


_token_end = attrgetter("end")
# Token fields by position: faster than by attribute.
_token_norm = itemgetter(1)
_token_start = itemgetter(2)
_token_is_word = itemgetter(4)
_PLAIN_GAPS = frozenset({"", " "})  # between two tokens, these always join a phrase


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """The paragraphs of ``text``, between blank lines (or quoted blank lines) and, in
    HTML, block tags: ``<p>He said: “We will talk.</p><p>...`` has two, and the quote
    left open in the first ends with it."""
    breaks = list(BLANK_LINE_RE.finditer(text))
    if "<" in text:
        tags = list(BLOCK_TAG_RE.finditer(text))
        if tags:
            breaks = sorted(breaks + tags, key=_match_start)
    spans: list[tuple[int, int]] = []
    cursor = 0
    for match in breaks:
        if match.start() < cursor:
            continue  # inside the break before (a tag holding a blank line)
        if match.start() > cursor:
            spans.append((cursor, match.start()))
        cursor = match.end()
    spans.append((cursor, len(text)))
    return spans


def _match_start(match: re.Match[str]) -> int:
    return match.start()


def _quoted_spans(text: str) -> list[tuple[int, int]]:
    """:attr:`Document.quoted` of a text whose quotation marks are all characters."""
    spans: list[tuple[int, int]] = []
    if "'" in text or _OPEN_SINGLE in text:
        spans = _single_quoted(text)
    if '"' not in text and _OPEN_CURLY not in text:
        return spans  # nothing can open a double quotation
    singles, spans = spans, []
    for para_start, para_end in _paragraphs(text):
        open_at: int | None = None
        opener = ""
        # Only quotation marks change the state: visit just those.
        for match in _QUOTE_MARK_RE.finditer(text, para_start, para_end):
            index = match.start()
            char = text[index]
            if open_at is None:
                if char == _OPEN_CURLY or (char == '"' and _opens(text, index)):
                    open_at, opener = index, char
            elif (opener == _OPEN_CURLY and char == _CLOSE_CURLY) or (
                opener == '"' and char == '"'
            ):
                spans.append((open_at, index + 1))
                open_at = None
        if open_at is not None:
            spans.append((open_at, para_end))
    # A quotation nested in another (or touching it) is part of it.
    return _merged(spans + singles, join_touching=True) if singles else spans


_OPEN_SINGLE, _CLOSE_SINGLE = "‘", "’"
_SINGLE_MARK_RE = re.compile("[‘’']")
# Words whose first letters an apostrophe stands for: "'em", "'Tis", "'til" open nothing.
_ELISION_RE = re.compile(r"(?i:em|tis|twas|til|cause|bout|cept|nuff|ol|n)\b")
_BEFORE_SINGLE_OPENER = frozenset(' \t\r\n([{—–-"“')


def _single_quoted(text: str) -> list[tuple[int, int]]:
    """Closed single-quoted spans, quotes included, each within a paragraph.

    An opener (‘ or ') starts a word, after a space, a line break or an opening
    bracket or dash; a closer (’ or ') ends one, not followed by a letter or digit (the
    apostrophe of "Macron’s" is no closer). An opener never closed is left alone:
    "’em" and "‘90s" write the apostrophe the same way.
    """
    spans: list[tuple[int, int]] = []
    for para_start, para_end in _paragraphs(text):
        open_at: int | None = None
        opener = ""
        for match in _SINGLE_MARK_RE.finditer(text, para_start, para_end):
            index = match.start()
            char = text[index]
            before = text[index - 1] if index > para_start else " "
            after = text[index + 1] if index + 1 < para_end else " "
            opens = (
                char != _CLOSE_SINGLE
                and before in _BEFORE_SINGLE_OPENER
                and after.isalpha()
                and not _ELISION_RE.match(text, index + 1)
            )
            if opens and (open_at is None or char == opener):
                open_at, opener = index, char  # a later opener of the same kind restarts
                continue
            if (
                open_at is not None
                and char == (_CLOSE_SINGLE if opener == _OPEN_SINGLE else "'")
                and not before.isspace()
                and not after.isalnum()
            ):
                spans.append((open_at, index + 1))
                open_at = None
    return spans


_QUOTE_LINE_PREFIX_RE = re.compile(rf"^{QUOTE_PREFIX_RE.pattern}", re.MULTILINE)
_EMPHASIS_RE = re.compile(r"\*+|(?<!\w)_+|_+(?!\w)")  # not snake_case's


def _blank(match: re.Match[str]) -> str:
    return " " * len(match.group())


def _opens(text: str, index: int) -> bool:
    """A straight double quote opens a quotation when it does not follow a word."""
    return index == 0 or not (text[index - 1].isalnum() or text[index - 1] in ".,!?;:")


def _skip_spans(
    text: str, html: bool = False
) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Left to right, the comments and code elements (:data:`_CLOSED_OPENER_RE`) and the
    :data:`_SKIP_RE` matches, the earlier winning (a comment or element on a tie, so that
    ``<pre>`` is not taken for a bare tag); and, apart, those of them that are code. An
    opener whose closing mark never follows is not looked for again, so unclosed openers
    cost linear time. In an HTML file (``html``) an unclosed comment, ``<script>``,
    ``<style>`` or ``<textarea>`` runs to the end, as a browser reads it (a trial's fix
    rewrote the rest of such a file); elsewhere "<!--" with no end may be prose."""
    spans: list[tuple[int, int]] = []
    code: list[tuple[int, int]] = []
    unclosed: set[str] = set()
    pos = 0
    pending = _next_closed(text, pos, unclosed, html)  # the next (None: there are no more)
    while True:
        if pending is not None and pending[0] < pos:
            pending = _next_closed(text, pos, unclosed, html)
        match = _SKIP_RE.search(text, pos)
        if pending is not None and (match is None or pending[0] <= match.start()):
            start, pos, is_code = pending
            spans.append((start, pos))
        elif match is not None:
            if match.group("qfence") is not None:
                pos, is_code = _quoted_fence_end(text, match), True
                spans.append((match.start(), pos))
            else:
                spans.append(match.span())
                pos, is_code = match.end(), match.group("code") is not None
        else:
            return spans, code
        if is_code:
            code.append(spans[-1])


_QUOTE_MARK_PREFIX_RE = re.compile(r"[ \t]{0,3}>[ \t]?")  # one level of a quote prefix
_CLOSING_FENCE_RE = re.compile(r"[ \t]*(`{3,}|~{3,})[ \t\r]*")


def _quoted_fence_end(text: str, opener: re.Match[str]) -> int:
    """Where a fenced code block opened inside a block quote (``opener``) ends: at its
    closing fence (the fence's character, at least as many, nothing after), or at the
    last line of the quote, as in CommonMark. A line quoted less deeply (or not at all,
    or a blank line) ends the quote and the block with it; a line quoted more deeply is
    code ("> > x" in a "> ```" block is the code line "> x")."""
    depth = text.count(">", opener.start(), opener.start("qfence"))
    marks = opener.group("qmarks")
    end = _line_end(text, opener.end())
    while end < len(text):
        line_start = end + (2 if text.startswith("\r\n", end) else 1)
        line_end = _line_end(text, line_start)
        content = line_start
        for _ in range(depth):
            mark = _QUOTE_MARK_PREFIX_RE.match(text, content, line_end)
            if mark is None:
                return end  # the quote (and the code in it) ended on the line before
            content = mark.end()
        end = line_end
        closer = _CLOSING_FENCE_RE.fullmatch(text, content, line_end)
        if closer is not None and closer.group(1).startswith(marks):  # same mark, as many
            return end
    return end


def _line_end(text: str, pos: int) -> int:
    """The end of the line holding ``pos``, before its line break (LF or CRLF)."""
    end = text.find("\n", pos)
    if end == -1:
        return len(text)
    return end - 1 if end > pos and text[end - 1] == "\r" else end


def _next_closed(
    text: str, pos: int, unclosed: set[str], html: bool = False
) -> tuple[int, int, bool] | None:
    """The first comment or code element at or after ``pos`` that is closed (in HTML, a
    raw-text one left open runs to the end), and whether it is code (an element) rather
    than a comment."""
    while (opener := _CLOSED_OPENER_RE.search(text, pos)) is not None:
        name = (opener.group(1) or "").lower()
        if name not in unclosed:
            closer = _CLOSERS[name].search(text, opener.end())
            if closer is not None:
                return opener.start(), closer.end(), bool(name)
            if html and name in _RAW_TEXT:
                return opener.start(), len(text), bool(name)
            unclosed.add(name)  # none later either
        pos = opener.end()
    return None


# Front matter: a YAML ("---") or TOML ("+++") block that opens a Markdown file (after
# a byte-order mark, if any) and closes on a line of the same marks ("..." for YAML).
_FRONT_MATTER_RE = re.compile(
    r"\A\ufeff?(?:---[ \t]*\r?\n.*?^(?:---|\.\.\.)|\+\+\+[ \t]*\r?\n.*?^\+\+\+)[ \t]*$",
    re.DOTALL | re.MULTILINE,
)


def _front_matter(text: str) -> list[tuple[int, int]]:
    """The front matter of a Markdown file (Jekyll, Hugo): metadata, not prose."""
    if not text.startswith(("---", "+++", "\ufeff")):
        return []
    match = _FRONT_MATTER_RE.match(text)
    return [match.span()] if match else []


def _merged(spans: list[tuple[int, int]], *, join_touching: bool = False) -> list[tuple[int, int]]:
    """Sorted, disjoint spans covering ``spans`` (the token sweep and bisects need it);
    spans that only touch stay apart unless ``join_touching``."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and (start < merged[-1][1] or (join_touching and start == merged[-1][1])):
            if end > merged[-1][1]:
                merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def _indent(line: str, tabsize: int) -> int:
    """The column of a line's first non-blank character."""
    return len(line[: len(line) - len(line.lstrip(" \t"))].expandtabs(tabsize))


def _markdown_indented_code(text: str, skipped: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Markdown indented code blocks: lines indented 4 columns past the enclosing list
    item's content (if any), after a blank line or another such line.

    Inside a block quote the same holds of the line after its prefix ("> " then 4
    spaces), as code in a quote is code: a quote opens a container of its own (its
    first line may be code), and a line quoted less deeply than the one before goes on
    that line's paragraph (Markdown's lazy continuation) unless the line before was
    blank or code.

    One pass over the lines, run only when some line is that deeply indented. Lines
    that begin inside an already skipped span (fenced code, comments) are left to it,
    so an indented line in a fenced block cannot start a block of its own.
    """
    if not _INDENTED_LINE_RE.search(text):
        return []
    spans: list[tuple[int, int]] = []
    items: list[int] = []  # content columns of the open list items, innermost last
    after_blank = True  # the start of the text counts as a blank line
    in_code = False
    depth = 0  # how deep the line before was quoted
    resumed: list[int] = []  # the items a quote sits in, open again when it ends
    other = iter(skipped)
    ahead = next(other, None)  # the first skipped span not yet behind the line
    start = 0
    for line in text.split("\n"):
        line_start, start = start, start + len(line) + 1
        while ahead is not None and ahead[1] <= line_start:
            ahead = next(other, None)
        if ahead is not None and ahead[0] < line_start:
            after_blank = in_code = False
            continue
        content = line.lstrip(" \t")
        line_depth = 0
        if ">" in line and (prefix := QUOTE_PREFIX_RE.match(line)) is not None:
            line_depth = prefix.group().count(">")
            if depth == 0:
                resumed = _items_around_quote(prefix.group(), items)
            line_start += prefix.end()
            line = line[prefix.end() :]
            content = line.lstrip(" \t")
        if line_depth != depth:
            if line_depth > depth or in_code:
                after_blank = True  # a new quote, or the end of one after its code
            items, in_code, depth = (resumed if line_depth == 0 else []), False, line_depth
        if not content.strip():
            after_blank = True
            continue
        indent = _indent(line, 4)
        if indent >= (items[-1] if items else 0) + 4 and (after_blank or in_code):
            end = line_start + len(line.rstrip("\r"))
            if in_code:
                spans[-1] = (spans[-1][0], end)
            else:
                spans.append((line_start, end))
            in_code, after_blank = True, False
            continue
        in_code = False
        marker = _LIST_MARKER_RE.match(content)
        if marker or after_blank:  # a new item, or a paragraph: close deeper items
            while items and items[-1] > indent:
                items.pop()
        if marker:
            items.append(indent + marker.end())
        after_blank = False
    return spans


def _items_around_quote(prefix: str, items: list[int]) -> list[int]:
    """The content columns of the list items an unquoted line's quote ``prefix`` sits
    in: the open ``items`` it is indented to ("- item" then "  > quote": the quote is
    the item's), and those opened on its own line ("- > quote", "1. - > quote"). The
    lines after the quote are read in them ("- > quote", a blank line, then "    more"
    is the item's paragraph, 4 columns in but 2 past its content: no code)."""
    head = prefix[: prefix.index(">")]
    indent = _indent(head, 4)
    kept = [column for column in items if column <= indent]
    if head.strip():  # "- > ": each marker opens an item, its content after the spaces
        markers = _LIST_MARKER_RE.finditer(head, len(head) - len(head.lstrip(" \t")))
        kept += [len(head[: marker.end()].expandtabs(4)) for marker in markers]
    return kept


def _rst_literal_blocks(text: str) -> list[tuple[int, int]]:
    """reStructuredText literal blocks: the lines indented past a code directive, or
    past a paragraph line ending in "::" that a blank line follows.

    Only the lines after each opener are visited, not every line of the text.
    """
    if "::" not in text:
        return []
    spans: list[tuple[int, int]] = []
    done = 0  # the end of the last block: an opener inside it is code, not an opener
    for opener in _RST_LITERAL_RE.finditer(text):
        cursor = opener.end() + 1  # the next line
        if opener.start() < done or (
            opener.group("colons") is not None and _line_at(text, cursor).strip()
        ):
            continue
        first, last = _indented_lines(text, cursor, _indent(opener.group("indent"), 8))
        if first >= 0:
            spans.append((first, last))
            done = last
    return spans


def _indented_lines(text: str, cursor: int, depth: int) -> tuple[int, int]:
    """Where the lines from ``cursor`` on that are indented past ``depth`` columns start
    and end (blank lines among them included), up to the first line that is not; (-1,
    -1) for none."""
    first = last = -1
    while cursor <= len(text):
        line = _line_at(text, cursor)
        if line.strip():
            if _indent(line, 8) <= depth:
                break
            first = cursor if first < 0 else first
            last = cursor + len(line.rstrip())
        cursor += len(line) + 1
    return first, last


# A reST doctest block: a paragraph whose first line starts with ">>> ".
_RST_DOCTEST_RE = re.compile(r"(?:\A|\n[ \t]*\r?\n)[ \t]*(>>> )")
# A reST comment: explicit markup ".." that is no directive ("name::"), target ("_"),
# footnote or citation ("[") or substitution definition ("|").
_RST_COMMENT_RE = re.compile(
    r"^(?P<indent>[ \t]*)\.\.(?:[ \t]+(?![_\[|]|[\w-]+(?:[ \t]+[\w-]+)*[ \t]*::)[^\n]*)?$",
    re.MULTILINE,
)


def _rst_doctest_blocks(text: str) -> list[tuple[int, int]]:
    """reStructuredText doctest blocks: from a ">>> " that starts a paragraph to the
    blank line that ends it (its expected output is code too: a trial's fix rewrote
    an output line, and the doctest failed)."""
    if ">>> " not in text:
        return []
    spans = []
    for found in _RST_DOCTEST_RE.finditer(text):
        start = found.start(1)
        end = _BLANK_LINE_AFTER_RE.search(text, start)
        stop = end.start() if end else len(text)
        while stop > start and text[stop - 1].isspace():  # not text[:stop].rstrip(): a copy
            stop -= 1
        spans.append((start, stop))
    return spans


_BLANK_LINE_AFTER_RE = re.compile(r"\r?\n[ \t]*(?:\r?\n|\Z)")


def _rst_comments(text: str) -> list[tuple[int, int]]:
    """reStructuredText comments: the ".." line and the lines indented under it (a
    trial's fix rewrote a comment)."""
    if ".." not in text:
        return []
    spans = []
    for opener in _RST_COMMENT_RE.finditer(text):
        _, under = _indented_lines(text, opener.end() + 1, _indent(opener.group("indent"), 8))
        spans.append((opener.start() + len(opener.group("indent")), max(opener.end(), under)))
    return spans


def _line_at(text: str, start: int) -> str:
    """The line that starts at ``start``, without its line break."""
    end = text.find("\n", start)
    return text[start:] if end == -1 else text[start:end]
