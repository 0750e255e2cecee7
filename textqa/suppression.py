"""Suppression comments: parse the directives in a document and apply them.

``<!-- textqa: ignore-next-line [RULE …] -->``, ``<!-- textqa: disable [RULE …] -->`` …
``<!-- textqa: enable [RULE …] -->`` and ``<!-- textqa: disable-file -->``; the same
after ``#`` or ``//`` in plain text. A bare ``enable`` ends every open ``disable``; one
naming rules turns only those back on. A directive that suppresses nothing is reported, as ruff
reports an unused ``noqa``, so stale suppressions do not pile up.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from textqa.config import matches_prefix
from textqa.findings import Finding

_DIRECTIVE_RE = re.compile(
    r"(?P<opener><!--|#|//)[ \t]*(?P<tag>textqa:)[ \t]*"
    r"(?P<kind>ignore-next-line|disable-file|disable|enable)"
    # The directive ends at "-->" or at the end of its line (LF, CRLF or a lone CR).
    r"(?P<rules>[^\r\n]*?)[ \t]*(?:-->|(?=[\r\n])|\Z)",
)
_LINE_END_RE = re.compile(r"[\r\n]")


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


def parse_directives(text: str, line_of) -> list[Directive]:
    """Directives in ``text``; ``line_of(offset)`` gives a 1-based line number."""
    directives: list[Directive] = []
    open_disables: list[Directive] = []
    last_line = line_of(len(text))  # counted as line_of counts (a lone CR ends a line)
    for match in _DIRECTIVE_RE.finditer(text):
        kind = match.group("kind")
        rules = tuple(r for r in re.split(r"[\s,]+", match.group("rules").strip()) if r)
        line = line_of(match.start())
        directive = Directive(kind, rules, match.start(), match.end(), line)
        if kind == "ignore-next-line":
            directive.scope = (line + 1, line + 1)
        elif kind == "disable-file":
            directive.scope = (1, last_line)
        elif kind == "disable":
            directive.scope = (line, last_line)
            open_disables.append(directive)
        else:
            _enable(open_disables, rules, line)
            continue
        directives.append(directive)
    return directives


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


def directive_spans(text: str) -> list[tuple[int, int]]:
    """Spans of the ``#`` and ``//`` directives, from ``textqa:`` to the end of the line.

    The document skips them so the rule ids they name are not checked as prose (an
    HTML-comment directive is skipped as a comment already). The same pattern as
    :func:`parse_directives`, so what is obeyed and what is skipped cannot differ.
    """
    if "textqa:" not in text:
        return []
    spans: list[tuple[int, int]] = []
    for match in _DIRECTIVE_RE.finditer(text):
        if match.group("opener") != "<!--":
            end = _LINE_END_RE.search(text, match.end())
            spans.append((match.start("tag"), end.start() if end else len(text)))
    return spans


def apply(findings: list[Finding], directives: list[Directive]) -> list[Finding]:
    """Drop suppressed findings, marking each directive that was used."""
    if not directives:
        return findings
    kept: list[Finding] = []
    for finding in findings:
        suppressed = False
        for directive in directives:
            if directive.covers(finding):
                directive.used = True
                suppressed = True
        if not suppressed:
            kept.append(finding)
    return kept
