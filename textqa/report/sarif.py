"""``sarif``: SARIF 2.1.0 for code-scanning tools, with a ``fix`` per suggestion.

Columns and character offsets are Unicode code points (``run.columnKind`` says so;
SARIF's default is UTF-16 code units), lines and columns 1-based and ``endColumn``
exclusive, exactly like the JSON format. Paths under the working directory are
relative URIs against ``%SRCROOT%``; others are absolute ``file:`` URIs.
"""

from __future__ import annotations

import json
import os
from pathlib import Path, PurePath
from typing import TYPE_CHECKING
from urllib.parse import quote

from textqa.findings import LEVEL_RANK

if TYPE_CHECKING:
    from textqa.engine import RunResult
    from textqa.findings import Finding

SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
ROOT_ID = "%SRCROOT%"


def artifact_location(path: str, cwd: Path) -> dict[str, str]:
    """A SARIF artifactLocation: relative to ``cwd`` when inside it, else a file URI.

    A URI percent-encodes the name's bytes (as ``Path.as_uri`` does), so a file name
    that is not UTF-8 (held with surrogate escapes, as ``os.fsdecode`` gives it) gets
    its own bytes back (``bad%FF.txt``) instead of failing to encode."""
    candidate = PurePath(path)
    if candidate.is_absolute():
        try:
            candidate = Path(path).resolve().relative_to(cwd)
        except (ValueError, OSError):
            return {"uri": Path(path).as_uri()}
    return {"uri": quote(os.fsencode(candidate.as_posix()), safe="/"), "uriBaseId": ROOT_ID}


def region(finding: Finding) -> dict[str, int]:
    return {
        "startLine": finding.line,
        "startColumn": finding.column,
        "endLine": finding.end_line,
        "endColumn": finding.end_column,
        "charOffset": finding.start,
        "charLength": finding.end - finding.start,
    }


def result(finding: Finding, rule_index: int, cwd: Path) -> dict[str, object]:
    location = artifact_location(finding.path, cwd)
    span = region(finding)
    return {
        "ruleId": finding.rule,
        "ruleIndex": rule_index,
        "level": SARIF_LEVEL[finding.level],
        "message": {"text": finding.message},
        "locations": [{"physicalLocation": {"artifactLocation": location, "region": span}}],
        "fixes": [
            {
                "description": {"text": f"Replace '{finding.text}' with '{suggestion}'"},
                "artifactChanges": [
                    {
                        "artifactLocation": location,
                        "replacements": [
                            {"deletedRegion": span, "insertedContent": {"text": suggestion}}
                        ],
                    }
                ],
            }
            for suggestion in finding.suggestions
        ],
        "properties": {
            "confidence": round(finding.confidence, 3),
            "evidence": list(finding.evidence),
            "source": finding.source,
        },
    }


def _known_rules(rule_ids: set[str]) -> dict[str, tuple[str, str | None]]:
    """Descriptions (and default levels) of built-in rules: {id: (description, level)}.

    User packs are not known here (their config is per file); their rules fall back
    to what the findings say.
    """
    from textqa.config import Config
    from textqa.detectors import CheckContext, builtin_prefixes, detectors_for
    from textqa.detectors.quality import check_modules
    from textqa.packs import PackError, builtin_matcher

    known: dict[str, tuple[str, str | None]] = {}
    prefixes = {rule.split(".", 1)[0] for rule in rule_ids} & set(builtin_prefixes())
    if prefixes:
        context = CheckContext(config=Config(select=tuple(sorted(prefixes))))
        try:
            for detector in detectors_for(context):
                if detector.source != "rules":
                    known.update((k, (v, None)) for k, v in detector.rules(context).items())
        except PackError:
            pass
        if "quality" in prefixes:
            for module in check_modules(include_unused=True):
                known[module.RULE] = (module.DESCRIPTION, module.LEVEL)
    try:
        packs = builtin_matcher().rules
    except PackError:
        packs = {}
    for rule_id in rule_ids & set(packs):
        rule = packs[rule_id]
        known[rule_id] = (
            f"{', '.join(rule.spun) or rule.regex} → {', '.join(rule.original)}",
            rule.level,
        )
    return known


def _information_uri() -> str | None:
    """The project's home page from the installed metadata, if it names one."""
    from importlib.metadata import PackageNotFoundError, metadata

    try:
        urls = metadata("textqa").get_all("Project-URL") or []
    except PackageNotFoundError:
        return None
    for entry in urls:
        label, _, url = entry.partition(",")
        if label.strip().lower() in ("homepage", "documentation", "source", "repository"):
            return url.strip()
    return None


def rule_descriptors(findings: list[Finding]) -> list[dict[str, object]]:
    """One reportingDescriptor per rule that fired, in order of first appearance."""
    first: dict[str, Finding] = {}
    highest: dict[str, str] = {}
    for finding in findings:
        first.setdefault(finding.rule, finding)
        level = highest.get(finding.rule, "info")
        highest[finding.rule] = max(level, finding.level, key=LEVEL_RANK.__getitem__)
    known = _known_rules(set(first))
    descriptors: list[dict[str, object]] = []
    for rule_id, finding in first.items():
        description, level = known.get(rule_id, (finding.message, None))
        descriptors.append(
            {
                "id": rule_id,
                "shortDescription": {"text": description},
                "defaultConfiguration": {"level": SARIF_LEVEL[level or highest[rule_id]]},
                "properties": {"source": finding.source},
            }
        )
    return descriptors


def document(run: RunResult) -> dict[str, object]:
    """The SARIF log as a dict."""
    from textqa import __version__

    cwd = Path.cwd().resolve()
    findings = run.findings
    rules = rule_descriptors(findings)
    index = {rule["id"]: position for position, rule in enumerate(rules)}
    driver: dict[str, object] = {"name": "textqa", "version": __version__}
    uri = _information_uri()
    if uri:
        driver["informationUri"] = uri
    driver["rules"] = rules
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": driver},
                "originalUriBaseIds": {ROOT_ID: {"uri": cwd.as_uri().rstrip("/") + "/"}},
                "columnKind": "unicodeCodePoints",
                "invocations": [
                    {
                        "executionSuccessful": not run.errors,
                        "toolExecutionNotifications": [
                            {"level": "error", "message": {"text": error}} for error in run.errors
                        ],
                    }
                ],
                "results": [result(f, index[f.rule], cwd) for f in findings],
            }
        ],
    }


def render(run: RunResult, *, color: bool = False, quiet: bool = False) -> str:
    return json.dumps(document(run), ensure_ascii=False, indent=2) + "\n"
