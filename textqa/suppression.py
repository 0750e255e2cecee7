"""Suppression comments: parse the directives in a document and apply them.

A directive is ``textqa:``, a kind, the rule ids it is for, and an optional reason::

    <!-- textqa: ignore-next-line news-spin.stated -- the Elysee's own wording -->
    # textqa: disable news-spin quality.a-an
    // textqa: enable

in an HTML comment (it ends at ``-->``, and may run over lines) or after ``#`` or ``//``
that start a line or follow white space (it ends at the end of the line). The kinds are
``ignore-next-line`` (the line after the directive), ``disable`` … ``enable`` and
``disable-file``. A bare ``enable`` ends
every open ``disable``; one naming rules turns only those back on.

The rule ids (full ids or prefixes such as ``news-spin``) are separated by spaces or
commas; none means every rule. The list ends at the first word that cannot be a rule id
(ASCII letters, digits, ``_``, ``-`` and inner dots), so ``--`` starts the reason, as in
ESLint: ``# textqa: disable-file -- generated``. Words that look like rule ids are
taken as rule ids, so a reason without ``--`` may be reported as unknown rule ids.

A directive inside code (Markdown code, ``<pre>``, ``<code>``, ``<script>``, ``<style>``,
reST literal blocks) is not a directive: it is an example of one, as in a README.

A directive that suppresses nothing is reported, as ruff reports an unused ``noqa``, so
stale suppressions do not pile up.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

from textqa.config import closest_key, matches_prefix
from textqa.findings import Finding
from textqa.spans import covered

# The directives, longest first where one begins another ("disable-file", "disable").
KINDS = ("ignore-next-line", "disable-file", "disable", "enable")
# "#" and "//" start a comment only at the start of a line or after white space: in a
# URL ("https://x.com/#textqa:disable-file", "…/a//textqa:…") they silenced the file.
_DIRECTIVE_RE = re.compile(
    r"(?:(?P<comment><!--)|(?<!\S)(?:#|//))[ \t]*(?P<tag>textqa:)[ \t]*"
    rf"(?P<kind>{'|'.join(KINDS)})(?=-->|[^\w-]|\Z)",
)
_COMMENT_END = "-->"
_LINE_END_RE = re.compile(r"[\r\n]")
_RULE_ID_RE = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+)*")
_SEPARATOR_RE = re.compile(r"[\s,]+")

Span = tuple[int, int]


@dataclass
class Directive:
    kind: str
    rules: tuple[str, ...]  # empty: every rule
    start: int
    end: int
    line: int
    scope: tuple[int, int] = (0, 0)  # lines it covers, inclusive
    # (line, rules): an ``enable`` of some of a disabled block's rules on that line; the
    # block goes on below it for the rest.
    reenabled: list[tuple[int, tuple[str, ...]]] = field(default_factory=list)
    used: bool = field(default=False)
    # Why a malformed directive (an unknown word, an ``enable`` with nothing to end)
    # cannot work: it covers no line, and is reported as unused with this reason.
    problem: str = ""

    def covers(self, finding: Finding) -> bool:
        if not self.scope[0] <= finding.line <= self.scope[1]:
            return False
        if self.rules and not _named(finding.rule, self.rules):
            return False
        return not any(
            finding.line > line and _named(finding.rule, rules) for line, rules in self.reenabled
        )


def _named(rule: str, prefixes: tuple[str, ...]) -> bool:
    return any(matches_prefix(rule, prefix) for prefix in prefixes)


def parse_directives(
    text: str, line_of: Callable[[int], int], code: Sequence[Span] = ()
) -> list[Directive]:
    """Directives in ``text``, outside the ``code`` spans (sorted, disjoint);
    ``line_of(offset)`` gives a 1-based line number."""
    directives: list[Directive] = []
    open_disables: list[Directive] = []
    last_line = line_of(len(text))  # counted as line_of counts (a lone CR ends a line)
    for match, body_end, end in _found(text, code):
        kind = match.group("kind")
        rules = _rule_ids(text[match.end() : body_end])
        line = line_of(match.start())
        directive = Directive(kind, rules, match.start(), end, line)
        if kind == "ignore-next-line":
            after = line_of(end - 1) + 1  # the line after the comment's last line
            directive.scope = (after, after)
        elif kind == "disable-file":
            directive.scope = (1, last_line)
        elif kind == "disable":
            directive.scope = (line, last_line)
            open_disables.append(directive)
        elif open_disables:
            _enable(open_disables, rules, line)
            continue
        else:
            directive.problem = "'enable' with no 'disable' before it"
        directives.append(directive)
    directives.extend(_unknown_directives(text, line_of, code))
    directives.sort(key=lambda d: d.start)
    return directives


# A comment that says it is for textqa but names no directive it knows ("disabel"):
# only in HTML comments, where "textqa:" can mean nothing but a directive.
_UNKNOWN_RE = re.compile(r"<!--[ \t]*textqa:[ \t]*(?P<word>[\w-]*)")


def _unknown_directives(
    text: str, line_of: Callable[[int], int], code: Sequence[Span]
) -> Iterator[Directive]:
    """``<!-- textqa: disabel -->``: a typo that would otherwise suppress nothing in
    silence (ruff reports an invalid ``noqa`` the same way)."""
    if "textqa:" not in text:
        return
    for match in _UNKNOWN_RE.finditer(text):
        word = match.group("word")
        if word in KINDS or covered(code, match.start()):
            continue  # (as _DIRECTIVE_RE reads it: "Disable" is no directive)
        close = text.find(_COMMENT_END, match.end())
        end = close + len(_COMMENT_END) if close >= 0 else match.end()
        problem = f"unknown directive {word!r}" if word else "no directive named"
        meant = closest_key(word.lower(), KINDS)
        if meant:
            problem += f" (did you mean {meant!r}?)"
        else:
            problem += f" (one of {', '.join(KINDS)})"
        yield Directive(word, (), match.start(), end, line_of(match.start()), problem=problem)


def _found(text: str, code: Sequence[Span]) -> Iterator[tuple[re.Match[str], int, int]]:
    """Each directive outside code, with where its body ends and where it ends: an HTML
    comment's at ``-->`` (or, with none, at the end of the line), the others' at the
    end of the line, trailing blanks left out."""
    if "textqa:" not in text:
        return
    pos = 0
    unclosed = False  # no "-->" after one comment: none after a later one either
    while (match := _DIRECTIVE_RE.search(text, pos)) is not None:
        if covered(code, match.start()):
            pos = match.end()
            continue
        close = -1
        if match.group("comment") and not unclosed:
            close = text.find(_COMMENT_END, match.end())
            unclosed = close < 0
        if close >= 0:
            body_end, end = close, close + len(_COMMENT_END)
        else:
            line_end = _LINE_END_RE.search(text, match.end())
            end = line_end.start() if line_end else len(text)
            while end > match.end() and text[end - 1] in " \t":
                end -= 1
            body_end = end
        yield match, body_end, end
        pos = end


def _rule_ids(body: str) -> tuple[str, ...]:
    """The rule ids at the start of a directive's body; the first word that cannot be
    one (``--``, prose) ends them, and the rest is a reason."""
    rules: list[str] = []
    for word in _SEPARATOR_RE.split(body.strip()):
        if not _RULE_ID_RE.fullmatch(word):
            break
        rules.append(word)
    return tuple(rules)


def _enable(open_disables: list[Directive], rules: tuple[str, ...], line: int) -> None:
    """``enable`` on ``line``: a bare one ends every open ``disable`` block; one naming
    rules turns just those back on, ending a block only when it turns all of its rules
    back on (``disable news-spin quality`` … ``enable quality`` leaves news-spin off)."""
    for opened in list(open_disables):
        if not rules or (opened.rules and all(_named(r, rules) for r in opened.rules)):
            opened.scope = (opened.scope[0], line)
            open_disables.remove(opened)
        else:  # the rules it names are on again below; the rest stay off
            opened.reenabled.append((line, rules))


def directive_spans(text: str, code: Sequence[Span] = ()) -> list[Span]:
    """Spans of the ``#`` and ``//`` directives outside ``code``, from ``textqa:`` to
    the end of the line.

    The document skips them so the rule ids they name are not checked as prose (an
    HTML-comment directive is skipped as a comment already). Found as
    :func:`parse_directives` finds them, so what is obeyed and what is skipped cannot
    differ.
    """
    return [
        (match.start("tag"), end)
        for match, _body_end, end in _found(text, code)
        if not match.group("comment")
    ]


def apply(findings: list[Finding], directives: list[Directive]) -> list[Finding]:
    """Drop suppressed findings, marking each directive that was used."""
    if not directives:
        return findings
    # A one-line directive (ignore-next-line) is asked only by the findings on its line:
    # asking every directive for every finding made a file of many such lines quadratic.
    by_line: dict[int, list[Directive]] = {}
    wide: list[Directive] = []
    for directive in directives:
        first, last = directive.scope
        if first == last:
            by_line.setdefault(first, []).append(directive)
        else:
            wide.append(directive)
    kept: list[Finding] = []
    for finding in findings:
        suppressed = False
        for directive in (*by_line.get(finding.line, ()), *wide):
            if directive.covers(finding):
                directive.used = True
                suppressed = True
        if not suppressed:
            kept.append(finding)
    return kept
