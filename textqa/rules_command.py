"""``textqa rules [list [PREFIX] | show ID]``: what can fire, where it comes from, and why.

The catalogue is built from the same objects a check uses (the packs the config
loads and each built-in detector's ``rules(context)``), so it cannot drift from what
``check`` reports. Output is a rich table on a terminal, aligned plain text when
piped, or JSON with ``--format json``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console

    from textqa.detectors.base import CheckContext
    from textqa.packs import Pack, Rule

VARIES = "varies"  # built-in rules whose level depends on the strength of the evidence


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
        explanation = inspect.getdoc(sys.modules[type(detector).__module__]) or ""
        for rule_id, description in sorted(detector.rules(context).items()):
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
                info.explanation = inspect.getdoc(module) or ""
            infos.append(info)
    return infos


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
        if chosen is None:
            raise UsageError(f"unknown rule {args.rule_id!r} (see `textqa rules list`)")
        output = _json(chosen.to_dict()) if as_json else _show(chosen)
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


def _rendered(console: Console) -> str:
    from textqa.report.full import strip_end

    text = console.file.getvalue()  # type: ignore[attr-defined]
    return "".join(strip_end(line) + "\n" for line in text.split("\n")[:-1])


# ---------------------------------------------------------------------- list
def _list(packs: list[PackInfo], rules: list[RuleInfo]) -> str:
    console = _console()
    if console is None:
        return _list_plain(packs, rules)
    from rich import box
    from rich.table import Table
    from rich.text import Text

    pack_table = Table(title="Packs", title_justify="left", box=box.SIMPLE_HEAD)
    for column in ("pack", "rules", "description", "source", "path"):
        pack_table.add_column(column, justify="right" if column == "rules" else "left")
    for pack in packs:
        pack_table.add_row(pack.id, str(pack.rules), pack.description, pack.source, pack.path)
    rule_table = Table(title="Rules", title_justify="left", box=box.SIMPLE_HEAD)
    for column in ("rule", "level", "source", "spun → original / description"):
        rule_table.add_column(column, overflow="fold")
    level_style = {"error": "red", "warning": "yellow", "info": "blue"}
    for rule in rules:
        rule_table.add_row(
            rule.id, Text(rule.level, level_style.get(rule.level, "dim")), rule.source, rule.summary
        )
    if packs:
        console.print(pack_table)
    console.print(rule_table)
    return _rendered(console)


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
    lines += [
        f"  {line}" for line in _columns([(r.id, r.level, r.source, r.summary) for r in rules])
    ]
    return "\n".join(lines) + "\n"


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

    for label, value in fields:
        console.print(Text.assemble((label.ljust(width), "bold"), "  ", value))
    for title, examples, style in (
        ("examples-bad", rule.examples_bad, "red"),
        ("examples-good", rule.examples_good, "green"),
    ):
        if examples:
            console.print()
            console.print(Text(f"{title}:", style=f"bold {style}"))
            for example in examples:
                console.print(Text(f"  {example!r}"))
    if rule.explanation:
        console.print()
        console.print(Text(rule.explanation, style="dim"))
    return _rendered(console)
