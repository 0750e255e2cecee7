"""``textqa fix``: show ranked suggestions, or apply the safe ones and nothing else.

* ``--suggest`` prints each finding's sentence with the span marked, its suggestions
  best first with the confidence, and the evidence; it changes nothing (exit as
  ``check``).
* ``--diff`` prints the unified diff ``--write`` would apply (exit 1 when non-empty).
* ``--write`` applies the safe fixes in place and prints each one (exit 1 when a file
  changed). Text read from stdin is written, fixed, to stdout (like ruff), the list of
  changes going to stderr.

A fix is *safe* when it comes from a pack rule marked ``fix = "safe"`` (and the wording
is that rule's), or when the finding has one clear best suggestion (a single wording, or
a first wording that a sibling article shows and no sibling contradicts) with confidence
at or above the fix threshold. A pack rule marked ``fix = "suggest"`` is applied only
when a sibling article shows its wording, and so is a statistical guess
(``stats.substitution``): word statistics alone are right often enough to report, not
to rewrite someone's text. A fix keeps the case pattern of what it replaces and corrects
an "a"/"an" in front of it (and, in reStructuredText, the underline of a section title
it lengthens); every other byte of the file stays as it was (line endings, BOM, a
missing final newline). Files are written atomically (in place when hard-linked), never
when they changed since they were read, and never when they have no write permission
bit. The fixed text is checked again, and fixed again if that finds more safe fixes, so
that a second ``--write`` changes nothing.
"""

from __future__ import annotations

import argparse
import bisect
import contextlib
import difflib
import os
import re
import stat
import sys
import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from textqa.casing import match_case, repair_article
from textqa.corroboration import shows_wording
from textqa.detectors.siblings import COPIES_OF, is_echo, quoted_siblings
from textqa.document import Document, TextView
from textqa.files import InputError, SourceFile, encode
from textqa.rst_titles import RST_SUFFIXES, adornment_edits
from textqa.spans import SpanIndex
from textqa.tokens import (
    ENTITY,
    INLINE_TAG_RE,
    KEPT_RE,
    WORD_APOSTROPHE_RE,
    apostrophe_entities,
    only_drops_words,
    unquoted,
)

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

    from textqa.config import Config
    from textqa.detectors.base import CheckContext
    from textqa.engine import DocumentResult, RunResult
    from textqa.findings import Finding
    from textqa.packs import Rule
    from textqa.run import ContextFactory

MAX_ROUNDS = 4  # fix, re-check, fix again: a fix may reveal another (e.g. a closer alignment)
# Statistical guesses at an original, applied only when a sibling shows the wording. A
# wrong article ("an lift") proves a swap but not what it replaced: the guess is the
# likeliest vowel-initial candidate, and the candidates may lack the original
# ("elevator", where the spinner's "lift" was "elevation"). On DEV spins such guesses
# were wrong one time in twenty (python -m bench.safe_rules --all-detectors).
STATS_GUESSES = frozenset({"stats.substitution", "stats.a-an"})


@dataclass(frozen=True)
class Edit:
    """Replace ``text[start:end]`` (``old``) with ``new``, because of ``finding``."""

    start: int
    end: int
    old: str
    new: str
    finding: Finding
    # Made for another edit of ``finding`` (a section title's underline), not a fix of
    # its own: shown and applied, not counted as a finding fixed.
    follows: bool = False


# ---------------------------------------------------------------------- what is safe
def safe_suggestion(
    finding: Finding, threshold: float, rules: Mapping[str, Rule] | None = None
) -> str | None:
    """The wording ``--write`` may put in place of ``finding.text``, or None."""
    return fix_verdict(finding, threshold, rules)[0]


def fix_verdict(
    finding: Finding, threshold: float, rules: Mapping[str, Rule] | None = None
) -> tuple[str | None, str]:
    """The wording ``--write`` may put in place of ``finding.text`` (or None), and why
    not when it may not (``fix --suggest`` says so beside the first suggestion)."""
    wording, why_not = _verdict(finding, threshold, rules)
    if wording is not None and in_place(finding.text, match_case(finding.text, wording)) is None:
        return None, "the passage holds markup or a line break that the new wording cannot keep"
    return wording, why_not


# A word of running text: letters and digits, with inner apostrophes or hyphens ("'_' and
# '*' are Markdown emphasis, not part of a word).
_WORD = r"[^\W_]+(?:['’-][^\W_]+)*"
_WORD_RE = re.compile(_WORD)
# (tokens.KEPT_RE: what a rewrite of the whole span would lose. Other punctuation in a
# span is the wording's own: "said.Professor".)
_MARKUP_RE = re.compile(rf"{INLINE_TAG_RE.pattern}|{ENTITY}", re.IGNORECASE)


def in_place(old: str, new: str) -> str | None:
    """``new`` laid into ``old``'s markup: a phrase matched across emphasis marks or a
    line break ("*speak* reveals", "speak\nreveals") gets its words replaced one by one,
    every mark and break kept ("*talk* shows"). None when the word counts differ and
    there is something to keep (rewriting it would delete the markup)."""
    if not KEPT_RE.search(old) or KEPT_RE.search(new):
        return new  # nothing to keep, or a wording that already keeps it (see laid_in)
    # Words outside inline tags and entities: "speak</b> reveals" has two, not three; an
    # apostrophe entity inside a word is the word's ("gained&#39;t" is one, as "gained't").
    view = TextView(old, apostrophe_entities(old))
    masked = _MARKUP_RE.sub(lambda tag: " " * len(tag.group()), view.text)
    words = [(view.to_text(w.start()), view.to_text(w.end())) for w in _WORD_RE.finditer(masked)]
    replacements = new.split()  # (a suggestion that took in its article keeps its gap)
    if len(words) != len(replacements):
        return None
    pieces, cursor = [], 0
    for (start, end), replacement in zip(words, replacements, strict=True):
        pieces.append(old[cursor:start])
        entity = WORD_APOSTROPHE_RE.search(old, start, end)
        # The new word's apostrophe written as the old one was: "won&#39;t", not "won't".
        pieces.append(re.sub("['’]", entity.group(), replacement) if entity else replacement)
        cursor = end
    pieces.append(old[cursor:])
    return "".join(pieces)


def laid_in(findings: list[Finding]) -> list[Finding]:
    """Suggestions laid into the markup and line breaks of their span, as ``--write``
    lays them: a JSON or SARIF suggestion for "US <b>speak</b> reveals" pasted in as
    "talk shows" used to drop the "</b>" (a trial), though ``--write`` kept it."""
    from dataclasses import replace

    out = []
    for finding in findings:
        if finding.suggestions and KEPT_RE.search(finding.text):
            laid = tuple(in_place(finding.text, s) or s for s in finding.suggestions)
            if laid != finding.suggestions:
                finding = replace(finding, suggestions=tuple(dict.fromkeys(laid)))
        out.append(finding)
    return out


def _verdict(
    finding: Finding, threshold: float, rules: Mapping[str, Rule] | None
) -> tuple[str | None, str]:
    suggestions = list(dict.fromkeys(s for s in finding.suggestions if s != finding.text))
    if not suggestions:
        return None, "no suggestion"
    if finding.level == "info":
        # A hint is not something `check` fails on, and its evidence is weak by
        # definition ("drug reclamation" paired with another list item's words; a pack
        # hit inside a quotation).
        return None, "a hint; applied only to warnings"
    best = suggestions[0]
    rule = (rules or {}).get(finding.rule)
    pack_wording = rule is not None and best.lower() in {o.lower() for o in rule.original}
    # An echo ("same swap as line N") quotes the sibling sentence of the line it echoes.
    # That is evidence here only for a swap a pack names ("stated" for "said"): a
    # thesaurus swap can stand for different originals ("force" for "violence" on one
    # line, in "defense force" for "defense" on another). And only where nothing here
    # suggests another original: "nation" was "country" on one line, "state" on another.
    # stats.reporting-verbs names its verb as a pack does ("stated" is "said").
    named = pack_wording or finding.rule == "stats.reporting-verbs"
    if is_echo(finding) and (not named or len(suggestions) > 1):
        return None, "another line's swap is no evidence for this one"
    excerpts = quoted_siblings(finding)
    if excerpts and not any(shows_wording(e, best) for e in excerpts):
        # An article on the same event shows this passage without it: not even a safe
        # pack rule overrides that ("dwelling house" is "home" there, not "living").
        return None, "a sibling shows this passage without it"
    if rule is not None and rule.fix == "safe" and pack_wording:
        return best, ""
    if finding.confidence < threshold:
        return None, f"below the fix threshold {threshold:g}"
    backed = _sibling_backed(excerpts, best, suggestions)
    if (rule is not None and rule.fix != "safe") or finding.rule in STATS_GUESSES:
        # The pack says "suggest", or the wording is a statistical guess: only another
        # article showing the wording makes it safe.
        if backed:
            return best, ""
        if finding.rule in STATS_GUESSES:
            return None, "a statistical guess; applied where a sibling shows it"
        pack = rule.pack if rule is not None else "the pack"
        return None, f"{pack} only suggests it; applied where a sibling shows it"
    if not backed and only_drops_words(finding.text, best):
        return None, "it only drops words; applied where a sibling shows it"
    if len(suggestions) == 1 or backed:
        return best, ""
    return None, "no clear best; applied where a sibling shows one"


def _sibling_backed(excerpts: list[str], best: str, suggestions: list[str]) -> bool:
    """A sibling excerpt quoted in the evidence shows ``best`` and none shows another
    wording instead."""
    if not any(shows_wording(e, best) for e in excerpts):
        return False
    return not any(
        shows_wording(e, other) and not shows_wording(e, best)
        for other in suggestions[1:]
        for e in excerpts
    )


def plan_edits(
    text: str,
    findings: Sequence[Finding],
    threshold: float,
    rules: Mapping[str, Rule] | None = None,
) -> list[Edit]:
    """Non-overlapping safe edits for ``text``, articles and case repaired.

    Substitutions go first, most confident first; a quality fix (e.g. "a" → "an") is
    dropped when a substitution already rewrites the word it depends on, so "a uncommon"
    becomes "a rare", not "an rare".
    """
    candidates = []
    for finding in findings:
        if text[finding.start : finding.end] != finding.text or finding.start == finding.end:
            continue
        wording = safe_suggestion(finding, threshold, rules)
        if wording is not None:
            candidates.append((finding, wording))
    candidates.sort(key=lambda c: (c[0].source == "quality", -c[0].confidence, c[0].start))
    chosen: list[Edit] = []  # sorted by start, non-overlapping
    starts: list[int] = []  # their starts, for bisect
    for finding, wording in candidates:
        new = in_place(finding.text, match_case(finding.text, wording))
        assert new is not None  # fix_verdict refuses wordings that do not fit
        start = finding.start
        if finding.source != "quality":
            repaired, with_article = repair_article(text, finding.start, finding.end, new)
            # A sibling showing the very article before the wording ("in an bid", a typo
            # of the source's own) is the original: restore it as it is.
            article = text[repaired : finding.start] + new
            if repaired == finding.start or not any(
                shows_wording(e, article) for e in quoted_siblings(finding)
            ):
                start, new = repaired, with_article
        edit = Edit(start, finding.end, text[start : finding.end], new, finding)
        if edit.old == edit.new or _doubles_a_word(text, edit):
            continue
        if _clashes(text, edit, chosen, starts):
            continue
        index = bisect.bisect_left(starts, edit.start)
        chosen.insert(index, edit)
        starts.insert(index, edit.start)
    return chosen


def _doubles_a_word(text: str, edit: Edit) -> bool:
    """The edit would set a word beside itself ("Blood plasma boards" with "Blood" →
    "Plasma": the spinner's "blood plasma" was "plasma") where no sibling shows that."""
    words = edit.new.split()
    if not words:
        return False
    before = re.search(r"(\w+)\s+$", text[max(0, edit.start - 40) : edit.start])
    after = re.match(r"\s+(\w+)", text[edit.end : edit.end + 40])
    pairs = []
    if before and before.group(1).lower() == words[0].lower():
        pairs.append(f"{before.group(1)} {words[0]}")
    if after and after.group(1).lower() == words[-1].lower():
        pairs.append(f"{words[-1]} {after.group(1)}")
    if not pairs:
        return False
    excerpts = quoted_siblings(edit.finding)
    return not any(shows_wording(e, pair) for e in excerpts for pair in pairs)


def _clashes(text: str, edit: Edit, chosen: Sequence[Edit], starts: Sequence[int]) -> bool:
    """``edit`` touches (:func:`_touches`) one of ``chosen`` (sorted, non-overlapping).

    Only the neighbours need asking: the one before ``edit`` ends (overlapping it, if
    any edit does), then outwards while nothing but white space lies between, since
    beyond a gap with a word in it no edit can touch ``edit``. Asking every chosen edit
    made fixing a long text quadratic.
    """
    after = bisect.bisect_left(starts, edit.end)
    for index in range(after - 1, -1, -1):
        other = chosen[index]
        if _touches(text, edit, other):
            return True
        if other.end <= edit.start and _has_word(text, other.end, edit.start):
            break
    for index in range(after, len(chosen)):
        other = chosen[index]
        if _touches(text, edit, other):
            return True
        if _has_word(text, edit.end, other.start):
            break
    return False


_NOT_SPACE_RE = re.compile(r"\S")


def _has_word(text: str, start: int, end: int) -> bool:
    """Something other than white space in ``text[start:end]`` (without copying it)."""
    return _NOT_SPACE_RE.search(text, start, end) is not None


def _touches(text: str, a: Edit, b: Edit) -> bool:
    """Overlapping, or separated by white space only (an article and its noun)."""
    if a.start < b.end and b.start < a.end:
        return True
    first, second = (a, b) if a.end <= b.start else (b, a)
    return not _has_word(text, first.end, second.start) and (
        first.finding.source == "quality" or second.finding.source == "quality"
    )


def apply_edits(text: str, edits: Sequence[Edit]) -> str:
    """``text`` with ``edits`` (sorted, non-overlapping) applied; all else untouched."""
    pieces = []
    cursor = 0
    for edit in edits:
        pieces.append(text[cursor : edit.start])
        pieces.append(edit.new)
        cursor = edit.end
    pieces.append(text[cursor:])
    return "".join(pieces)


# ---------------------------------------------------------------------- one file
@dataclass
class FileFix:
    """The outcome of fixing one document: its new text and the edits, round by round."""

    path: str
    source: SourceFile
    text: str
    rounds: list[tuple[str, list[Edit]]]  # (text before the round, edits applied to it)
    remaining: list[Finding]  # findings of the final text (as far as it was re-checked)

    @property
    def changed(self) -> bool:
        return self.text != self.source.text

    @property
    def edits(self) -> list[Edit]:
        return [edit for _, edits in self.rounds for edit in edits]

    @property
    def fixed(self) -> int:
        """Findings fixed (an edit that only follows another is none)."""
        return sum(not edit.follows for edit in self.edits)

    def as_read(self) -> list[tuple[int, int, Edit]]:
        """Every edit with its span in the text as read, in order. A later round's
        offsets are in the text the earlier rounds made; they are carried back through
        those rounds' edits (a position inside an earlier replacement maps to the span
        that replacement took)."""
        mapped: list[tuple[int, int, Edit]] = []
        for k, (_, edits) in enumerate(self.rounds):
            for edit in edits:
                start, end = edit.start, edit.end
                for _, earlier in reversed(self.rounds[:k]):
                    start, end = (
                        _carried_back(start, earlier, False),
                        _carried_back(end, earlier, True),
                    )
                mapped.append((start, end, edit))
        mapped.sort(key=lambda item: (item[0], item[1]))
        return mapped


def _carried_back(offset: int, edits: Sequence[Edit], is_end: bool) -> int:
    """``offset`` in the text after ``edits`` as an offset in the text before them."""
    shift = 0
    for edit in edits:
        new_start, new_end = edit.start + shift, edit.start + shift + len(edit.new)
        if offset < new_start or (offset == new_start and is_end):
            break  # before this replacement (an end that meets it stays before it)
        if offset < new_end or (offset == new_end and is_end):
            return edit.end if is_end else edit.start  # inside the replacement
        shift += len(edit.new) - (edit.end - edit.start)
    return offset - shift


def fix_document(
    result: DocumentResult,
    source: SourceFile,
    threshold: float,
    rules: Mapping[str, Rule] | None,
    recheck: Callable[[str], list[Finding]] | None = None,
) -> FileFix:
    """Apply safe fixes to one document until a re-check finds nothing more to fix."""
    text = source.text
    findings = result.findings
    rounds: list[tuple[str, list[Edit]]] = []
    retitles = os.path.splitext(result.path)[1].lower() in RST_SUFFIXES
    # What earlier rounds put in, in ``text``, with the wordings each replaced.
    written: list[_Written] = []
    for _ in range(MAX_ROUNDS):
        edits = plan_edits(text, findings, threshold, rules)
        # A later round may correct what an earlier one wrote, never put back what it
        # replaced: a sibling with the spun wording ("robust") undid a fix ("strong"),
        # the next round redid it, and the change list showed edits that never landed.
        edits = [edit for edit in edits if not _reverts(edit, written)]
        if not edits:
            break
        if retitles:
            edits = _with_adornments(text, edits)
        rounds.append((text, edits))
        written = _written_after(written, edits)
        text = apply_edits(text, edits)
        if recheck is None:
            break
        findings = recheck(text)
    return FileFix(result.path, source, text, rounds, findings)


@dataclass(frozen=True)
class _Written:
    start: int
    end: int
    replaced: frozenset[str]  # the wordings this span held before, normalised


def _wording(text: str) -> str:
    return " ".join(text.lower().split())


def _touched(edit: Edit, spans: Sequence[_Written]) -> list[_Written]:
    return [span for span in spans if edit.start < span.end and span.start < edit.end]


def _reverts(edit: Edit, spans: Sequence[_Written]) -> bool:
    """Whether ``edit`` puts back a wording an earlier round replaced there."""
    return any(_wording(edit.new) in span.replaced for span in _touched(edit, spans))


def _written_after(spans: list[_Written], edits: Sequence[Edit]) -> list[_Written]:
    """``spans`` and each edit's new wording (with what it and the spans it covers
    replaced), at their places in the text once ``edits`` (sorted) are applied."""
    moved: list[_Written] = []
    shift = 0
    pending = sorted(spans, key=lambda span: span.start)
    index = 0
    for edit in edits:
        while index < len(pending) and pending[index].end <= edit.start:
            span = pending[index]
            moved.append(_Written(span.start + shift, span.end + shift, span.replaced))
            index += 1
        replaced = {_wording(edit.old)}
        while index < len(pending) and pending[index].start < edit.end:
            replaced |= pending[index].replaced  # covered by this edit
            index += 1
        new_start = edit.start + shift
        moved.append(_Written(new_start, new_start + len(edit.new), frozenset(replaced)))
        shift += len(edit.new) - (edit.end - edit.start)
    moved.extend(
        _Written(span.start + shift, span.end + shift, span.replaced) for span in pending[index:]
    )
    return moved


def _with_adornments(text: str, edits: list[Edit]) -> list[Edit]:
    """``edits`` and, where they change a reStructuredText section title's length, the
    edits that keep its underline (and overline) as long as docutils wants."""
    extra = [
        Edit(start, end, text[start:end], new, edits[index].finding, follows=True)
        for start, end, new, index in adornment_edits(
            text, [(e.start, e.end, e.new) for e in edits]
        )
    ]
    return sorted([*edits, *extra], key=lambda e: e.start) if extra else edits


# ---------------------------------------------------------------------- writing
class FileChanged(Exception):
    """The file on disk is not what was read: refuse to overwrite someone's edit."""

    @classmethod
    def of(cls, path: str) -> FileChanged:
        return cls(f"{path}: changed since it was read; not fixed (run textqa fix again)")


def write_atomically(path: str, original: bytes, data: bytes) -> None:
    """Replace ``path``'s content with ``data`` unless it no longer holds ``original``.

    The new content goes to a temporary file in the same folder, which then replaces
    the file in one rename, so a crash never leaves half a file. Permissions, owner and
    extended attributes are kept (where they cannot be given to the new file, it is
    written in place), and a symbolic link is followed rather than replaced. A file
    with other hard links is written in place (:func:`_write_in_place`), and a file
    without any write permission bit is refused (:class:`InputError`): the rename would
    have replaced it all the same.
    """
    target = os.path.realpath(path)
    try:
        current = Path(target).read_bytes()
        info = os.stat(target)
    except OSError as error:
        raise InputError(f"{path}: cannot read before writing: {error.strerror}") from error
    if current != original:
        raise FileChanged.of(path)
    # The mode bits, not os.access: root may write anything, yet a file marked read-only
    # says "do not change me" to every user.
    if not info.st_mode & 0o222:
        raise InputError(f"{path}: read-only (no write permission); not fixed")
    if info.st_nlink > 1:
        _write_in_place(path, target, original, data)
        return
    folder = os.path.dirname(target) or "."
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=".textqa-", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, stat.S_IMODE(info.st_mode))
        kept = _keep_owner_and_attributes(target, temporary, info)
        if kept:
            os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    if not kept:
        os.unlink(temporary)
        _write_in_place(path, target, original, data)


def _keep_owner_and_attributes(target: str, temporary: str, info: os.stat_result) -> bool:
    """Give the new file the old one's owner, group and extended attributes (ACLs,
    SELinux labels, macOS tags), as a rename would otherwise drop them: a fix run as
    root handed a user's file to root. False when that is not allowed (another user's
    file in a shared folder): the caller then writes in place, which keeps them all."""
    new = os.stat(temporary)
    try:
        if (new.st_uid, new.st_gid) != (info.st_uid, info.st_gid):
            os.chown(temporary, info.st_uid, info.st_gid)
        if hasattr(os, "listxattr"):
            try:
                names = os.listxattr(target)
            except OSError:  # a file system without them
                names = []
            for name in names:
                os.setxattr(temporary, name, os.getxattr(target, name))
    except OSError:
        return False
    return True


def _write_in_place(path: str, target: str, original: bytes, data: bytes) -> None:
    """Overwrite ``target`` in its own inode, so that every hard link to it sees the fix
    (a rename would give ``path`` a new inode and leave the other links spun)."""
    with open(target, "r+b") as stream:
        # Writing in place is neither atomic nor undoable, so it comes only after the
        # "changed since it was read" check (someone's edit would be lost for good), and
        # the content is read again through the very handle that writes it: an editor's
        # save by rename since that check is caught too, and the window for an edit is
        # as short as it can be.
        if stream.read() != original:
            raise FileChanged.of(path)
        stream.seek(0)
        stream.write(data)
        stream.truncate()
        stream.flush()
        os.fsync(stream.fileno())


# ---------------------------------------------------------------------- output
def unified_diff(path: str, before: str, after: str, bom: bool = False) -> str:
    """A unified diff of two texts (``\\ No newline at end of file`` where due), that
    ``patch -p1`` and ``git apply`` apply. A file's BOM is part of its first line, as
    in ``git diff``: without it the hunk would not match the file's bytes."""
    if bom:
        before, after = "\ufeff" + before, "\ufeff" + after
    lines = difflib.unified_diff(
        _diff_lines(before),
        _diff_lines(after),
        fromfile=_diff_name("a/", path),
        tofile=_diff_name("b/", path),
    )
    out = []
    for line in lines:
        if line.endswith("\n"):
            out.append(line)
        else:
            out.append(line + "\n\\ No newline at end of file\n")
    return "".join(out)


def _diff_lines(text: str) -> list[str]:
    """``text``'s lines, each with its line break, as a diff tool reads them.

    A line ends at "\\n" (a CRLF's CR stays with its line), as :func:`lines_of` ends it
    in LF and CRLF text; ``str.splitlines`` also broke at form feed, NEL, U+2028 and the
    like, and the diff said "No newline at end of file" in mid-file. A lone CR (classic
    Mac text) cannot end a line of a diff: patch and git read such a text as one line,
    and so does the diff.
    """
    lines = text.split("\n")
    kept = [line + "\n" for line in lines[:-1]]
    return [*kept, lines[-1]] if lines[-1] else kept


# What git writes as a C escape in a file name it quotes (other control characters in
# octal): patch reads such a name back, where a raw line break would end the header.
_NAME_ESCAPES = {
    "\a": "a", "\b": "b", "\t": "t", "\n": "n", "\v": "v", "\f": "f", "\r": "r",
    '"': '"', "\\": "\\",
}  # fmt: skip


def _diff_name(prefix: str, path: str) -> str:
    """``prefix`` + ``path`` as git writes it in a diff header: in quotes with C escapes
    when it holds a quote, a backslash or a control character, and followed by a TAB
    when it holds a space, since patch ends a name at white space without one."""
    name = prefix + path.lstrip("/")
    escaped = "".join(map(_escaped, name))
    if escaped != name:
        name = f'"{escaped}"'
    return name + "\t" if " " in name else name


def _escaped(char: str) -> str:
    if char in _NAME_ESCAPES:
        return "\\" + _NAME_ESCAPES[char]
    if char < " " or char == "\x7f":
        return f"\\{ord(char):03o}"
    return char


DIFF_STYLES = {"header": "1", "hunk": "36", "-": "31", "+": "32", "\\": "2"}  # SGR codes
_HUNK = re.compile(r"@@ -\d+(?:,(\d+))? \+\d+(?:,(\d+))? @@")


def color_diff(diff: str) -> str:
    """``diff`` in git's colours: bold file headers, cyan hunk headers, red removed and
    green added lines; context lines as they are. Each line's code is reset before its
    line break, so a pager or a terminal cut never carries a colour on."""
    out = []
    old = new = 0  # lines of the current hunk still to come: '--- x' in a hunk is removed
    for line in _diff_lines(diff):
        body = line.rstrip("\r\n")
        hunk = _HUNK.match(body) if not (old or new) else None
        if hunk:
            kind = "hunk"
            old, new = (int(count) if count is not None else 1 for count in hunk.groups())
        elif not (old or new) and body.startswith(("--- ", "+++ ")):
            kind = "header"
        else:
            kind = body[:1]
            old -= kind in " -"
            new -= kind in " +"
        code = DIFF_STYLES.get(kind)
        out.append(line if code is None else f"\x1b[{code}m{body}\x1b[0m{line[len(body) :]}")
    return "".join(out)


def change_lines(fix: FileFix, color: bool) -> list[str]:
    """One line per edit, in the order of the text: ``path:line:col: rule 'old' → 'new'``,
    positions in the text as read (a later round's edits included)."""
    from textqa.report.concise import shown_path

    red, green, dim, reset = ("\x1b[31m", "\x1b[32m", "\x1b[2m", "\x1b[0m") if color else ("",) * 4
    lines = []
    positions = Document(fix.source.text, fix.path)  # its lines, counted once
    for start, _end, edit in fix.as_read():
        line, column = positions.position(start)
        old, new = _show(edit.old), _show(edit.new)
        # A title's underline follows its title's fix: no finding of its own, and so
        # not counted in "Fixed N findings".
        why = edit.finding.rule + (" (the title's adornment)" if edit.follows else "")
        lines.append(
            f"{shown_path(fix.path)}:{line}:{column}: {dim}{why}{reset} "
            f"{red}'{old}'{reset} → {green}'{new}'{reset}"
        )
    return lines


def _show(text: str) -> str:
    """A wording on one line, its control characters escaped (``\\n``, ``\\x1b``)."""
    return "".join(
        c if c.isprintable() or c == " " else c.encode("unicode_escape").decode("ascii")
        for c in text
    )


def render_suggestions(
    results: Sequence[DocumentResult],
    threshold: float,
    rules: Mapping[str, Rule] | None,
    color: bool,
    quiet: bool,
    wrap: bool | None = None,
    planned: Mapping[str, list[tuple[int, int, Edit]]] | None = None,
) -> str:
    """Each finding: where, what, the sentence with the span marked, the ranked
    suggestions with the confidence, and the evidence.

    ``planned`` holds, per path, the edits ``--write`` would make (:meth:`FileFix.as_read`):
    each verdict then says what ``--write`` really does, a later round's edits included
    (a fix can become safe once the fixes around it are made).

    ``wrap`` (default: stdout is a terminal) fits every line to the console width, long
    titles and evidence wrapping behind the gutter; piped, each stays on one line.
    """
    from rich.cells import cell_len
    from rich.text import Text

    from textqa.report.concise import one_line
    from textqa.report.full import (
        LEVEL_STYLE,
        TITLE_INDENT,
        finding_title,
        print_wrapped,
        rendered,
        report_console,
        separate,
        trim_around,
    )

    console = report_console(color)
    wrap = sys.stdout.isatty() if wrap is None else wrap
    total = safe = 0
    for result in results:
        sentences = _Sentences(result.text)
        edits = None if planned is None else planned.get(result.path)
        placed = None if edits is None else SpanIndex(edits, lambda edit: edit[:2])
        for finding in result.findings:
            total += 1
            wording, why_not = fix_verdict(finding, threshold, rules)
            if placed is not None:
                wording, why_not = _as_written(finding, wording, why_not, placed)
            safe += wording is not None
            style = LEVEL_STYLE.get(finding.level, "bold")
            separate(console)
            # One line (a span across a line break split the title in two, even piped).
            title = finding_title(finding, _flat(one_line(finding.message)))
            print_wrapped(console, title, TITLE_INDENT, wrap=wrap)
            if finding.start >= finding.end:
                # A verdict on the whole document: no passage to show, nothing to put in.
                _evidence_lines(console, finding, wrap)
                continue
            start, end = sentences.around(finding.start)
            # The sentence as it reads: a wrapped line's block-quote prefix ("> ") left
            # out, the span's place counted in what is shown.
            before = _flat(unquoted(result.text[start : finding.start]))
            span = _flat(unquoted(result.text[finding.start : finding.end]))
            sentence = before + span + _flat(unquoted(result.text[finding.end : end]))
            room = console.width - len(GUTTER) - 1
            shown, left, right = trim_around(sentence, len(before), len(before) + len(span), room)
            code = Text(GUTTER, style="dim")
            code.append(shown[:left])
            code.append(shown[left:right], style=f"{style} underline")
            code.append(shown[right:])
            console.print(code, soft_wrap=True)
            marks = Text(GUTTER, style="dim")
            marks.append(" " * cell_len(shown[:left]))
            marks.append("^" * max(1, cell_len(shown[left:right])), style=style)
            console.print(marks, soft_wrap=True)
            _suggestion_lines(console, finding, wording, why_not, wrap)
    if not quiet:
        separate(console)
        summary = Text(_suggest_summary(total, safe, threshold), style="bold")
        print_wrapped(console, summary, wrap=wrap)
    return rendered(console)


def _suggest_summary(total: int, safe: int, threshold: float) -> str:
    """The closing line of ``fix --suggest``: what ``--write`` would do with it all."""
    if not total:
        return "No findings: nothing to fix."
    findings = f"{total} finding{'s' * (total != 1)}"
    threshold_note = f"(fix threshold {threshold:g})"
    if not safe:
        return f"{findings}, none with a safe fix {threshold_note}: nothing for --write."
    return (
        f"{findings}, {safe} with a safe fix {threshold_note}; apply them with textqa fix --write."
    )


def _as_written(
    finding: Finding,
    wording: str | None,
    why_not: str,
    edits: SpanIndex[tuple[int, int, Edit]],
) -> tuple[str | None, str]:
    """The verdict for ``finding`` as ``--write`` carries it out: the wording it puts in
    (or None) and why not; for a wording put in only by a later round, how. ``edits``
    are every round's edits at their spans in the text as read (indexed: asking every
    edit made ``--suggest`` quadratic in long texts)."""
    if finding.start >= finding.end:
        return wording, why_not
    overlapping = edits.overlapping(finding.start, finding.end)
    if any(edit.finding is finding for _, _, edit in overlapping):
        return wording, why_not  # the first round's own edit
    if overlapping:
        _, _, edit = overlapping[0]
        if wording is not None:
            return None, f"--write makes another edit here, '{edit.old}' → '{edit.new}'"
        return edit.new, f"once the fixes around it are made, --write puts '{edit.new}'"
    if wording is not None:
        return None, "the edit would change nothing or set a word beside itself"
    return wording, why_not


GUTTER = "  │ "
EVIDENCE = "evidence: "


def _gutter_line(console: Console, label: str, body: Text, wrap: bool) -> None:
    """``  │ label body``, continuation lines indented past the label behind the gutter."""
    from rich.text import Text

    from textqa.report.full import print_wrapped

    line = Text.assemble((GUTTER, "dim"), (label, "dim"), body)
    hang = Text.assemble((GUTTER, "dim"), " " * len(label))
    print_wrapped(console, line, hang, lead=len(GUTTER) + len(label), wrap=wrap)


def _suggestion_lines(
    console: Console, finding: Finding, wording: str | None, why_not: str, wrap: bool
) -> None:
    from rich.text import Text

    from textqa.report.concise import flattened

    if not finding.suggestions:
        console.print(Text(GUTTER + "no suggestion", style="dim"), soft_wrap=True)
    for rank, suggestion in enumerate(finding.suggestions, 1):
        # One line, though it kept a break (and the quote prefix after it).
        line = Text(_flat(flattened(suggestion)), style="bold green" if rank == 1 else "green")
        if rank == 1:
            line.append(f"  confidence {finding.confidence:.2f}", style="bold")
            if wording is not None:
                line.append(f"  (safe: {why_not or '--write applies it'})", style="cyan")
            elif why_not:
                line.append(f"  (not applied: {why_not})", style="dim")
        _gutter_line(console, f"{rank}. ", line, wrap)
    _evidence_lines(console, finding, wrap)


def _evidence_lines(console: Console, finding: Finding, wrap: bool) -> None:
    from rich.text import Text

    for index, evidence in enumerate(finding.evidence):
        label = EVIDENCE if index == 0 else " " * len(EVIDENCE)
        _gutter_line(console, label, Text(_flat(evidence)), wrap)


def _flat(text: str) -> str:
    """Line breaks, tabs and other control characters as spaces (one character each,
    so offsets stay valid): an article's ESC sequences reached the terminal (a trial
    cleared the screen and set its title from a checked file)."""
    from textqa.report.full import printable

    return printable(text)


class _Sentences:
    """Sentence spans of a text, for showing each finding in its sentence."""

    def __init__(self, text: str) -> None:
        from textqa.document import Document

        self._doc = Document(text)

    def around(self, offset: int) -> tuple[int, int]:
        start, end = self._doc.sentence_at(offset)
        if not start <= offset <= end:
            line_start = self._doc.text.rfind("\n", 0, offset) + 1
            line_end = self._doc.text.find("\n", offset)
            return line_start, len(self._doc.text) if line_end == -1 else line_end
        return start, end


# ---------------------------------------------------------------------- the command
def _rechecker(
    contexts: ContextFactory, path: str, is_stdin: bool, original: str
) -> Callable[[str], list[Finding]]:
    """Checks a fixed text the way its file was checked: same config, same siblings,
    except those that are copies of the text as it was read (``original``)."""
    context: list[CheckContext] = []

    def recheck(text: str) -> list[Finding]:
        from textqa.document import Document
        from textqa.engine import check_document

        if not context:
            context.append(_without_copies(contexts(None if is_stdin else path), original))
        siblings = (*context[0].siblings, *context[0].extra.get("sibling_pool", ()))
        if any(sibling.text == text for sibling in siblings):  # type: ignore[attr-defined]
            # The fixes made it word for word another article (its source): nothing is
            # left to fix. A re-check would set that article aside as the text itself
            # and let a looser outlet's wording in ('largest' → 'biggest').
            return []
        return check_document(Document(text, path), context[0]).findings

    return recheck


def _without_copies(context: CheckContext, original: str) -> CheckContext:
    """``context`` without the siblings that are copies of the unfixed text.

    A copy vouches for nothing on the first check (it is the text itself, or another copy
    of the same spun article); once fixes have made the text differ, it would look like
    another outlet and vouch for the spun wording, and the next round would undo them.
    """
    from dataclasses import replace

    from textqa.alignment import is_copy, same_document

    unfixed = Document(original, "<unfixed>")

    def others(documents):
        return tuple(d for d in documents if not (same_document(unfixed, d) or is_copy(unfixed, d)))

    extra = dict(context.extra)
    # The folder stays as it is (its index is built once); only the articles the
    # detector would choose are asked whether they are copies. The detector also reads
    # the unfixed text's spin score from it, to keep the swaps' direction in every round.
    extra[COPIES_OF] = unfixed
    return replace(context, siblings=others(context.siblings), extra=extra)


def _reads_stdin(args: argparse.Namespace) -> bool:
    from textqa.run import STDIN, stdin_piped

    if STDIN in args.paths:
        return True
    return not args.paths and stdin_piped()


def _rules(config: Config) -> Mapping[str, Rule]:
    from textqa.packs import PackError, matcher_for

    try:
        return matcher_for(config.packs).rules
    except PackError:
        return {}


def _fixes(
    args: argparse.Namespace,
    run: RunResult,
    sources: dict[str, SourceFile],
    contexts: ContextFactory,
    threshold: float,
    rules: Mapping[str, Rule],
) -> Iterator[tuple[FileFix, bool]]:
    """What ``--write`` does to each document read (all rounds), one file at a time, and
    whether it is stdin."""
    stdin_name = (args.stdin_filename or "<stdin>") if _reads_stdin(args) else None
    for result in run.documents:
        source = sources.get(result.path)
        if source is None:
            continue
        is_stdin = result.path == stdin_name
        recheck = _rechecker(contexts, result.path, is_stdin, source.text)
        yield fix_document(result, source, threshold, rules, recheck), is_stdin


def run_fix(
    args: argparse.Namespace,
    run: RunResult,
    sources: dict[str, SourceFile],
    config: Config,
    contexts: ContextFactory,
) -> int:
    """``textqa fix --suggest | --diff | --write``; returns the exit code."""
    from textqa.run import choose_format, failing, use_color

    color = use_color(args.color)
    threshold = config.fix_threshold
    rules = _rules(config)
    if not args.suggest and args.format is not None and not args.quiet:
        # As ruff's --diff ignores --output-format, the output stays a diff (or the list
        # of changes), which scripts may rely on; but not in silence.
        mode, prints = ("--diff", "a unified diff") if args.diff else ("--write", "its changes")
        print(
            f"textqa: warning: --format {args.format} does not apply to fix {mode}, which "
            f"prints {prints}; for findings as {args.format} use check or fix --suggest",
            file=sys.stderr,
        )
    if args.suggest:
        if args.format not in (None, "full"):
            from textqa.report import render

            sys.stdout.write(render(choose_format(args.format), run, color=color, quiet=args.quiet))
        else:
            # What --write would do, all rounds, so that each verdict shown is its own.
            fixes = _fixes(args, run, sources, contexts, threshold, rules)
            planned = {fix.path: fix.as_read() for fix, _ in fixes}
            output = render_suggestions(
                run.documents, threshold, rules, color, args.quiet, planned=planned
            )
            sys.stdout.write(output)
        sys.stdout.flush()
        return 1 if failing(run.documents, config.fail_on) else 0

    changed_files = 0
    changes = 0
    left = 0
    unwritten = 0  # safe fixes in files that could not be written
    for fix, is_stdin in _fixes(args, run, sources, contexts, threshold, rules):
        source = fix.source
        left += len(fix.remaining)
        if args.diff:
            if fix.changed:
                diff = unified_diff(fix.path, source.text, fix.text, source.bom)
                sys.stdout.write(color_diff(diff) if color else diff)
                changed_files += 1
                changes += fix.fixed
            continue
        out = sys.stderr if is_stdin else sys.stdout
        if is_stdin:
            sys.stdout.flush()
            sys.stdout.buffer.write(encode(source, fix.text))
            sys.stdout.buffer.flush()
        elif fix.changed:
            try:
                write_atomically(fix.path, source.raw, encode(source, fix.text))
            except (FileChanged, InputError, OSError) as error:
                message = str(error)
                if isinstance(error, OSError):
                    message = f"{fix.path}: cannot write: {error.strerror}"
                    folder = os.path.dirname(os.path.realpath(fix.path)) or "."
                    if isinstance(error, PermissionError) and not os.access(folder, os.W_OK):
                        # The file may be writable: the new version is made in its folder.
                        message += f" (fix writes a new file in {folder} and renames it)"
                run.errors.append(message)
                print(f"textqa: error: {message}", file=sys.stderr)
                unwritten += fix.fixed
                continue
        if fix.changed:
            changed_files += 1
            changes += fix.fixed
            # Colour where asked for, else only where the lines land on a terminal.
            paint = args.color == "always" or (color and out.isatty())
            for line in change_lines(fix, paint):
                print(line, file=out)
    if not args.quiet:
        verb = "Would fix" if args.diff else "Fixed"
        summary = (
            f"{verb} {changes} finding{'s' * (changes != 1)} in {changed_files} "
            f"file{'s' * (changed_files != 1)}"
        )
        if unwritten:
            summary += f"; {unwritten} safe fix{'es' * (unwritten != 1)} not written (see above)"
        if left:
            summary += f"; {left} left without a safe fix (see textqa fix --suggest)"
        summary += "."
        if args.diff or _reads_stdin(args):
            print(summary, file=sys.stderr)
        else:
            print(summary)
    return 1 if changed_files else 0
