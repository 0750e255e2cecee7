"""``textqa rules [list [PREFIX] | show ID]``: what can fire, where it comes from, and why.

``show`` with a pack's id or another prefix ("news-spin", "stats") lists its rules.

The catalogue is built from the same objects a check uses (the packs the config
loads and each built-in detector's ``rules(context)``), so it cannot drift from what
``check`` reports. Output is a rich table on a terminal, aligned plain text when
piped, or JSON with ``--format json``.

The list gives each rule one line: its phrases, or for a regex rule (some run to 2,000
characters) its first bad example, cut with an ellipsis to the terminal's width or,
piped, to ``PLAIN_PATTERN`` cells, its originals kept. ``rules show ID`` and JSON have
the pattern whole.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderResult
    from rich.measure import Measurement

    from textqa.detectors.base import CheckContext
    from textqa.packs import Pack, Rule

VARIES = "varies"  # built-in rules whose level depends on the strength of the evidence
PLAIN_PATTERN = 60  # cells of a rule's phrases or regex in the piped list
MIN_SUMMARY = 24  # cells the summary column keeps on a narrow terminal


@dataclass
class PackInfo:
    id: str
    description: str
    source: str
    path: str
    rules: int


@dataclass
class RuleInfo:
    """One rule as listed and shown; pack-only fields stay empty for built-in rules."""

    id: str
    source: str  # the finding source: rules, stats, siblings or quality
    level: str
    summary: str  # "spun → original" for pack rules, the description otherwise
    pack: str | None = None
    description: str = ""
    spun: list[str] = field(default_factory=list)
    regex: str | None = None
    original: list[str] = field(default_factory=list)
    fix: str | None = None
    message: str | None = None
    case: str | None = None
    unless_near: list[str] = field(default_factory=list)
    unless_before: list[str] = field(default_factory=list)
    unless_after: list[str] = field(default_factory=list)
    examples_bad: list[str] = field(default_factory=list)
    examples_good: list[str] = field(default_factory=list)
    note: str = ""
    explanation: str = ""  # the detector module's docstring, for built-in rules

    def to_dict(self) -> dict[str, object]:
        data = asdict(self)
        return {key.replace("_", "-"): value for key, value in data.items()}


# ---------------------------------------------------------------------- catalogue
def _display_path(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)


def _pack_rule(rule: Rule) -> RuleInfo:
    return RuleInfo(
        id=rule.id,
        source="rules",
        level=rule.level,
        summary=f"{', '.join(rule.spun) or rule.regex} → {', '.join(rule.original)}",
        pack=rule.pack,
        spun=list(rule.spun),
        regex=rule.regex,
        original=list(rule.original),
        fix=rule.fix,
        message=rule.message,
        case="exact" if rule.case_exact else "ignore",
        unless_near=list(rule.unless_near),
        unless_before=list(rule.unless_before),
        unless_after=list(rule.unless_after),
        examples_bad=list(rule.examples_bad),
        examples_good=list(rule.examples_good),
        note=rule.note,
    )


def _builtin_rules(context: CheckContext) -> list[RuleInfo]:
    """Rules of the built-in detectors, with the quality modules' levels and examples."""
    import inspect

    from textqa.detectors import all_detectors
    from textqa.detectors.quality import check_modules

    modules = {module.RULE: module for module in check_modules(include_unused=True)}
    infos: list[RuleInfo] = []
    for detector in all_detectors():
        if detector.source == "rules":
            continue
        rules = detector.rules(context)
        explanation = inspect.getdoc(sys.modules[type(detector).__module__]) or ""
        if len(rules) > 1:
            # The module's docstring covers all its rules and how the code is laid out;
            # for one rule its opening says what the detector is, the description the rest.
            explanation = explanation.split("\n\n")[0]
        explanation = plain_docstring(explanation)
        for rule_id, description in sorted(rules.items()):
            module = modules.get(rule_id)
            info = RuleInfo(
                id=rule_id,
                source=detector.source,
                level=VARIES,
                summary=description,
                description=description,
                explanation=explanation,
            )
            if module is not None:
                info.level = module.LEVEL
                info.examples_bad = list(module.EXAMPLES_BAD)
                info.examples_good = list(module.EXAMPLES_GOOD)
                info.explanation = plain_docstring(inspect.getdoc(module) or "")
            infos.append(info)
    return infos


_ROLE = re.compile(r":[\w:.-]+:`([^`]*)`")  # :mod:`textqa.swaps`
_LITERAL = re.compile(r"``([^`]*)``")  # ``stats``


def plain_docstring(text: str) -> str:
    """A docstring as a reader of ``rules show`` wants it: Sphinx roles and literal
    markup dropped (``:mod:`textqa.spin``` is "textqa.spin")."""
    return _LITERAL.sub(r"\1", _ROLE.sub(r"\1", text))


def catalogue(context: CheckContext) -> tuple[list[PackInfo], list[RuleInfo]]:
    """Every pack the config loads, and every rule (pack rules first, then built-ins)."""
    from textqa.detectors.rules import PackDetector

    packs: tuple[Pack, ...] = PackDetector().matcher(context).packs
    pack_infos = [
        PackInfo(p.id, p.description, p.source, _display_path(p.path), len(p.rules)) for p in packs
    ]
    rules = [_pack_rule(rule) for pack in packs for rule in pack.rules]
    return pack_infos, rules + _builtin_rules(context)


# ---------------------------------------------------------------------- command
def run_rules(args: argparse.Namespace) -> int:
    from textqa.cli import UsageError
    from textqa.config import config_for, matches_prefix
    from textqa.detectors import CheckContext

    config = config_for(None, args.config, args.isolated)
    packs, rules = catalogue(CheckContext(config=config))
    as_json = args.format == "json"
    if args.action == "show":
        if not args.rule_id:
            raise UsageError(
                "`rules show` needs a rule id, e.g. `textqa rules show news-spin.workplace`"
            )
        chosen = next((rule for rule in rules if rule.id == args.rule_id), None)
        if chosen is not None:
            output = _json(chosen.to_dict()) if as_json else _show(chosen)
        elif any(matches_prefix(rule.id, args.rule_id) for rule in rules):
            # A pack or a detector ("news-spin", "stats"): its rules, as `rules list` has them.
            args.action = "list"
            return run_rules(args)
        else:
            raise UsageError(f"unknown rule {args.rule_id!r} (see `textqa rules list`)")
    else:
        if args.rule_id:
            rules = [rule for rule in rules if matches_prefix(rule.id, args.rule_id)]
            if not rules:
                raise UsageError(f"no rule matches {args.rule_id!r} (see `textqa rules list`)")
            packs = [pack for pack in packs if any(rule.pack == pack.id for rule in rules)]
        if as_json:
            output = _json(
                {
                    "packs": [asdict(pack) for pack in packs],
                    "rules": [rule.to_dict() for rule in rules],
                }
            )
        else:
            output = _list(packs, rules)
    sys.stdout.write(output)
    sys.stdout.flush()
    return 0


def _json(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _console() -> Console | None:
    """A rich console when stdout is a terminal, else None (plain text)."""
    if not sys.stdout.isatty():
        return None
    import io
    import shutil

    from rich.console import Console

    width = shutil.get_terminal_size().columns
    color = not os.environ.get("NO_COLOR")  # no escape codes at all, like `check`
    return Console(
        file=io.StringIO(),
        force_terminal=color,
        no_color=not color,
        width=width,
        highlight=False,
        markup=False,
    )


# ---------------------------------------------------------------------- list
def _shorten(text: str, room: int) -> str:
    """``text`` cut to ``room`` cells, an ellipsis marking the cut."""
    from rich.cells import cell_len, set_cell_size

    if cell_len(text) <= room:
        return text
    return set_cell_size(text, max(0, room - 1)).rstrip() + "…"


def fitted_summary(rule: RuleInfo, room: int) -> str:
    """The rule's summary in one line of ``room`` cells: a pack rule's phrases or regex
    are cut (its originals are what a reader looks for), anything else at the end."""
    from rich.cells import cell_len

    if rule.source != "rules":
        return _shorten(rule.summary, room)
    pattern = ", ".join(rule.spun) or _example(rule) or rule.regex or ""
    originals = f" → {', '.join(rule.original)}"
    if cell_len(pattern) + cell_len(originals) <= room:
        return pattern + originals
    if cell_len(originals) + 8 > room:
        return _shorten(pattern + originals, room)
    return _shorten(pattern, room - cell_len(originals)) + originals


def _example(rule: RuleInfo) -> str:
    """A regex rule's first bad example, which says more at a glance than its pattern
    (``rules show`` has the pattern)."""
    return f"e.g. “{rule.examples_bad[0]}”" if rule.regex and rule.examples_bad else ""


class _Summary:
    """A rule's summary cell: as wide as the table can give, one line, cut to fit."""

    def __init__(self, rule: RuleInfo) -> None:
        self.rule = rule

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        from rich.cells import cell_len
        from rich.measure import Measurement

        full = cell_len(self.rule.summary)
        return Measurement(min(full, MIN_SUMMARY), full).clamp(max_width=options.max_width)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        from rich.text import Text

        yield Text(fitted_summary(self.rule, options.max_width), no_wrap=True)


def _list(packs: list[PackInfo], rules: list[RuleInfo]) -> str:
    console = _console()
    if console is None:
        return _list_plain(packs, rules)
    from rich import box
    from rich.cells import cell_len
    from rich.table import Table
    from rich.text import Text

    from textqa.report.full import rendered

    pack_table = Table(title="Packs", title_justify="left", box=box.SIMPLE_HEAD)
    for column in ("pack", "rules", "description", "source", "path"):
        pack_table.add_column(column, justify="right" if column == "rules" else "left")
    for pack in packs:
        pack_table.add_row(pack.id, str(pack.rules), pack.description, pack.source, pack.path)
    rule_table = Table(title="Rules", title_justify="left", box=box.SIMPLE_HEAD)
    # Only the summary gives way to a narrow terminal (cut to fit by _Summary), down to
    # MIN_SUMMARY cells; below that the source column goes (the id's prefix tells it),
    # then long ids fold.
    id_width = max((cell_len(rule.id) for rule in rules), default=4)
    level_width = max([len("level"), *(len(rule.level) for rule in rules)])
    source_width = max([len("source"), *(len(rule.source) for rule in rules)])
    extra = 3 * 4 + 1  # edges, padding and separators of four columns
    with_source = console.width >= id_width + level_width + source_width + extra + MIN_SUMMARY
    if not with_source:
        extra -= 3
    room = console.width - level_width - extra - MIN_SUMMARY - source_width * with_source
    rule_table.add_column("rule", overflow="fold", width=max(12, min(id_width, room)))
    rule_table.add_column("level", no_wrap=True)
    if with_source:
        rule_table.add_column("source", no_wrap=True)
    rule_table.add_column("spun → original / description")
    level_style = {"error": "red", "warning": "yellow", "info": "blue"}
    for rule in rules:
        level = Text(rule.level, level_style.get(rule.level, "dim"))
        cells = (rule.id, level, rule.source) if with_source else (rule.id, level)
        rule_table.add_row(*cells, _Summary(rule))
    if packs:
        console.print(pack_table)
    console.print(rule_table)
    return rendered(console)


def _columns(rows: list[tuple[str, ...]]) -> list[str]:
    """Rows as lines with every column but the last padded to its widest cell."""
    if not rows:
        return []
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    return [
        "  ".join(
            [*(cell.ljust(width) for cell, width in zip(row[:-1], widths, strict=True)), row[-1]]
        ).rstrip()
        for row in rows
    ]


def _list_plain(packs: list[PackInfo], rules: list[RuleInfo]) -> str:
    lines: list[str] = []
    if packs:
        lines.append("Packs:")
        lines += [
            f"  {line}"
            for line in _columns(
                [
                    (p.id, f"{p.rules} rule{'s' * (p.rules != 1)}", p.path, p.description,
                     f"(source: {p.source})" if p.source else "")
                    for p in packs
                ]
            )
        ]  # fmt: skip
        lines.append("")
    lines.append("Rules:")
    rows = [(r.id, r.level, r.source, _plain_summary(r)) for r in rules]
    lines += [f"  {line}" for line in _columns(rows)]
    return "\n".join(lines) + "\n"


def _plain_summary(rule: RuleInfo) -> str:
    """Piped, a description stays whole; a pattern is cut to ``PLAIN_PATTERN`` cells."""
    if rule.source != "rules":
        return rule.summary
    return fitted_summary(rule, PLAIN_PATTERN + 3 + len(", ".join(rule.original)))


# ---------------------------------------------------------------------- show
def _fields(rule: RuleInfo) -> list[tuple[str, str]]:
    """(label, value) pairs of a rule, in reading order, empty ones left out."""
    pairs = [
        ("rule", rule.id),
        ("source", rule.source + (f" (pack {rule.pack})" if rule.pack else "")),
        ("level", rule.level),
        ("description", rule.description),
        ("spun", ", ".join(repr(s) for s in rule.spun)),
        ("regex", rule.regex or ""),
        ("original", ", ".join(repr(o) for o in rule.original)),
        ("fix", rule.fix or ""),
        ("case", rule.case if rule.case == "exact" else ""),
        ("message", rule.message or ""),
        ("unless-near", ", ".join(rule.unless_near)),
        ("unless-before", ", ".join(rule.unless_before)),
        ("unless-after", ", ".join(rule.unless_after)),
        ("note", rule.note),
    ]
    return [(label, value) for label, value in pairs if value]


def _show(rule: RuleInfo) -> str:
    console = _console()
    fields = _fields(rule)
    width = max(len(label) for label, _ in fields)
    if console is None:
        lines = [f"{label.ljust(width)}  {value}" for label, value in fields]
        for title, examples in (("examples-bad", rule.examples_bad),
                                ("examples-good", rule.examples_good)):  # fmt: skip
            if examples:
                lines += ["", f"{title}:", *(f"  {example!r}" for example in examples)]
        if rule.explanation:
            lines += ["", rule.explanation]
        return "\n".join(lines) + "\n"
    from rich.text import Text

    from textqa.report.full import print_wrapped, rendered

    for label, value in fields:
        # A long value (a whole regex) wraps under itself, past the labels.
        line = Text.assemble((label.ljust(width), "bold"), "  ", value)
        # A regex folds to fill each line: a break at one of its spaces would hide it.
        breaks = () if label == "regex" else None
        print_wrapped(console, line, " " * (width + 2), lead=width + 2, breaks=breaks)
    for title, examples, style in (
        ("examples-bad", rule.examples_bad, "red"),
        ("examples-good", rule.examples_good, "green"),
    ):
        if examples:
            console.print()
            console.print(Text(f"{title}:", style=f"bold {style}"))
            for example in examples:
                print_wrapped(console, Text(f"  {example!r}"), "   ", lead=2)
    if rule.explanation:
        console.print()
        console.print(Text(rule.explanation, style="dim"))
    return rendered(console)
