"""``textqa rules list`` and ``textqa rules show ID``, plain, rich and JSON."""

from __future__ import annotations

import json
import re
import sys
import tomllib
from pathlib import Path

import pytest

from textqa.detectors.quality import check_modules

PACK = """\
[pack]
id = "mypack"
description = "Pack for the rules command tests"
source = "written for the tests"
level = "warning"

[[rule]]
id = "workplace"
spun = ["workplace"]
original = ["office"]
fix = "safe"
unless-near = ["safety", "harassment"]
examples-bad = ["Macron's workplace said."]
examples-good = ["Workplace safety rules changed."]

[[rule]]
id = "navy"
spun = ["navy"]
original = ["military", "armed forces"]
level = "info"
unless-before = ["us", "royal"]
unless-after = ["seal"]
note = "Spinners swap 'military' for 'navy'."
examples-bad = ["Russian navy drills continued."]
examples-good = ["The US Navy sent a ship."]

[[rule]]
id = "stated"
regex = "\\\\bstated\\\\b"
original = ["said"]
level = "error"
case = "exact"
examples-bad = ["Macron stated."]
examples-good = ["Macron said."]
"""
ANSI = "\x1b["


@pytest.fixture
def config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "mypack.toml").write_text(PACK, encoding="utf-8")
    path = tmp_path / "textqa.toml"
    path.write_text('packs = ["mypack.toml"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return path


def rules(cli, *args: str):
    return cli("rules", *args)


def builtin_quality() -> dict[str, object]:
    return {module.RULE: module for module in check_modules(include_unused=True)}


def test_list_plain_shows_packs_and_one_line_per_rule(config: Path, cli):
    result = rules(cli, "list", "--config", str(config))
    assert result.code == 0 and result.err == ""
    lines = result.out.splitlines()
    pack_line = next(line for line in lines if line.split()[:1] == ["mypack"])
    for part in ("3 rules", "mypack.toml", "Pack for the rules command tests",
                 "written for the tests"):  # fmt: skip
        assert part in pack_line
    rows = {line.split()[0]: line for line in lines if line.startswith("  mypack.")}
    assert set(rows) == {"mypack.workplace", "mypack.navy", "mypack.stated"}
    assert re.fullmatch(
        r"\s+mypack\.workplace\s+warning\s+rules\s+workplace → office", rows["mypack.workplace"]
    )
    assert re.fullmatch(
        r"\s+mypack\.navy\s+info\s+rules\s+navy → military, armed forces", rows["mypack.navy"]
    )
    assert re.fullmatch(
        r"\s+mypack\.stated\s+error\s+rules\s+e\.g\. “Macron stated\.” → said",
        rows["mypack.stated"],
    )
    # The built-in quality rules, with their module's level and description.
    for rule_id, module in builtin_quality().items():
        line = next(line for line in lines if line.split()[:1] == [rule_id])
        assert line.split()[1:3] == [module.LEVEL, "quality"]
        assert line.rstrip().endswith(module.DESCRIPTION)
    assert ANSI not in result.out


def test_list_json(config: Path, cli):
    result = rules(cli, "list", "--config", str(config), "--format", "json")
    assert result.code == 0
    data = json.loads(result.out)
    mine = next(pack for pack in data["packs"] if pack["id"] == "mypack")
    assert mine == {
        "id": "mypack", "description": "Pack for the rules command tests",
        "source": "written for the tests", "path": "mypack.toml", "rules": 3,
    }  # fmt: skip
    ids = [rule["id"] for rule in data["rules"]]
    assert len(ids) == len(set(ids))
    assert {"mypack.workplace", "mypack.navy", "mypack.stated"} <= set(ids)
    assert set(builtin_quality()) <= set(ids)
    for rule in data["rules"]:
        assert rule["source"] in ("rules", "stats", "siblings", "quality")
        assert rule["level"] in ("error", "warning", "info", "varies")
    packs_total = sum(pack["rules"] for pack in data["packs"])
    assert sum(rule["source"] == "rules" for rule in data["rules"]) == packs_total


def test_list_prefix_filters(config: Path, cli):
    result = rules(cli, "list", "mypack", "--config", str(config), "--format", "json")
    data = json.loads(result.out)
    assert [pack["id"] for pack in data["packs"]] == ["mypack"]
    assert [rule["id"] for rule in data["rules"]] == [
        "mypack.workplace", "mypack.navy", "mypack.stated"
    ]  # fmt: skip
    missing = rules(cli, "list", "nopack", "--config", str(config))
    assert missing.code == 2 and missing.out == ""


def test_isolated_ignores_the_config_packs(config: Path, cli):
    result = rules(cli, "list", "--isolated", "--format", "json")
    data = json.loads(result.out)
    assert "mypack" not in {pack["id"] for pack in data["packs"]}
    assert not any(rule["id"].startswith("mypack.") for rule in data["rules"])


def test_show_pack_rule_matches_the_pack_file(config: Path, cli):
    raw = {rule["id"]: rule for rule in tomllib.loads(PACK)["rule"]}
    result = rules(cli, "show", "mypack.navy", "--config", str(config), "--format", "json")
    assert result.code == 0
    shown = json.loads(result.out)
    expected = raw["navy"]
    assert shown["id"] == "mypack.navy" and shown["pack"] == "mypack"
    for key in ("spun", "original", "level", "unless-before", "unless-after", "note",
                "examples-bad", "examples-good"):  # fmt: skip
        assert shown[key] == expected[key], key
    assert shown["fix"] == "suggest"  # the default when a rule names none
    regex_rule = json.loads(
        rules(cli, "show", "mypack.stated", "--config", str(config), "--format", "json").out
    )
    assert (regex_rule["regex"], regex_rule["case"], regex_rule["spun"]) == (
        r"\bstated\b",
        "exact",
        [],
    )


def test_show_plain(config: Path, cli):
    result = rules(cli, "show", "mypack.workplace", "--config", str(config))
    assert result.code == 0
    out = result.out
    assert re.search(r"^rule\s+mypack\.workplace$", out, re.MULTILINE)
    assert re.search(r"^source\s+rules \(pack mypack\)$", out, re.MULTILINE)
    assert re.search(r"^level\s+warning$", out, re.MULTILINE)
    assert re.search(r"^spun\s+'workplace'$", out, re.MULTILINE)
    assert re.search(r"^original\s+'office'$", out, re.MULTILINE)
    assert re.search(r"^fix\s+safe$", out, re.MULTILINE)
    assert re.search(r"^unless-near\s+safety, harassment$", out, re.MULTILINE)
    bad = out.index("examples-bad:")
    good = out.index("examples-good:")
    assert bad < out.index('"Macron\'s workplace said."') < good
    assert good < out.index("'Workplace safety rules changed.'")


def test_show_builtin_quality_rule(cli):
    module = builtin_quality()["quality.unused-suppression"]
    result = rules(cli, "show", "quality.unused-suppression", "--isolated")
    assert result.code == 0
    assert re.search(rf"^level\s+{module.LEVEL}$", result.out, re.MULTILINE)
    assert f"description  {module.DESCRIPTION}" in result.out
    for example in (*module.EXAMPLES_BAD, *module.EXAMPLES_GOOD):
        assert repr(example) in result.out
    assert module.__doc__.strip().splitlines()[0] in result.out  # the why


@pytest.mark.parametrize(
    "args",
    [("show", "mypack.nope"), ("show",), ("show", "nope")],
)
def test_unknown_or_missing_id_is_one_line_exit_2(config: Path, cli, args: tuple[str, ...]):
    result = rules(cli, *args, "--config", str(config))
    assert result.code == 2
    assert result.out == ""
    assert result.err.startswith("textqa: error: ") and result.err.count("\n") == 1


def test_broken_pack_is_exit_2(config: Path, cli):
    (config.parent / "mypack.toml").write_text("[pack]\nid = 'x'\n", encoding="utf-8")
    result = rules(cli, "list", "--config", str(config))
    assert result.code == 2
    assert "mypack.toml" in result.err and result.err.count("\n") == 1


def test_rich_output_on_a_terminal(config: Path, cli, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("COLUMNS", "160")
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    listed = rules(cli, "list", "--config", str(config))
    assert listed.code == 0
    assert ANSI in listed.out
    plain = re.sub(r"\x1b\[[0-9;]*m", "", listed.out)
    assert "Packs" in plain and "Rules" in plain
    assert re.search(r"mypack\.workplace\s+warning\s+rules\s+workplace → office", plain)
    shown = rules(cli, "show", "mypack.workplace", "--config", str(config))
    assert "Workplace safety rules changed." in re.sub(r"\x1b\[[0-9;]*m", "", shown.out)
    monkeypatch.setenv("NO_COLOR", "1")
    assert ANSI not in rules(cli, "list", "--config", str(config)).out


def test_show_a_pack_id_lists_its_rules(config: Path, cli):
    """`rules show news-spin` said "unknown rule": a pack's id shows its rules."""
    shown = rules(cli, "show", "mypack", "--config", str(config))
    listed = rules(cli, "list", "mypack", "--config", str(config))
    assert shown.code == 0 and shown.out == listed.out
    assert {line.split()[0] for line in shown.out.splitlines() if line.startswith("  mypack.")} == {
        "mypack.workplace",
        "mypack.navy",
        "mypack.stated",
    }
