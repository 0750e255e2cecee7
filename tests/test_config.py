"""Config discovery, validation (unknown keys and bad values name the key) and effects."""

from __future__ import annotations

from pathlib import Path

import pytest

from textqa.config import Config, ConfigError, config_for, load_config

SPUN = "Macron's workplace said. Russian navy drills continued.\n"


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ("selct = ['x']\n", "`selct`: unknown key (did you mean `select`?)"),
        ("colour = 'red'\n", "`colour`: unknown key"),
        ("[tool.textqa]\nselect = ['x']\n", "`tool`: unknown key ([tool.textqa] is read"),
        ("fail-on = 'loud'\n", "`fail-on`: must be one of info, warning, error"),
        ("select = 3\n", "`select`: must be a list of strings"),
        ("[stats]\nmin-ratio = 'high'\n", "`stats.min-ratio`: must be a non-negative number"),
        ("[stats]\nnope = 1\n", "`stats.nope`: unknown threshold"),
        ("fix-threshold = 2\n", "`fix-threshold`: must be a number from 0 to 1"),
        ("per-file-ignores = 3\n", "`per-file-ignores`: must be a table"),
        ("select = [\n", "invalid TOML"),
    ],
)
def test_bad_config_names_file_and_key(tmp_path: Path, content: str, fragment: str):
    path = _write(tmp_path / "textqa.toml", content)
    with pytest.raises(ConfigError) as error:
        load_config(path)
    assert str(path) in str(error.value)
    assert fragment in str(error.value)


def test_pyproject_keys_are_named_with_their_table(tmp_path: Path):
    path = _write(tmp_path / "pyproject.toml", "[tool.textqa]\nbogus = 1\n")
    with pytest.raises(ConfigError, match=r"`tool\.textqa\.bogus`: unknown key"):
        load_config(path)
    path.write_text("[tool.textqa]\nfail_on = 'error'\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"did you mean `tool\.textqa\.fail-on`\?"):
        load_config(path)


def test_discovery_searches_upward_and_prefers_textqa_toml(tmp_path: Path):
    _write(tmp_path / "pyproject.toml", "[tool.textqa]\nfail-on = 'error'\n")
    nested = tmp_path / "a" / "b" / "doc.txt"
    _write(nested, "text")
    assert config_for(nested, None, False).fail_on == "error"
    _write(tmp_path / "a" / "textqa.toml", "fail-on = 'info'\n")
    assert config_for(nested, None, False).fail_on == "info"
    assert config_for(nested, None, True) == Config()


def test_pyproject_without_table_is_skipped(tmp_path: Path):
    _write(tmp_path / "textqa.toml", "fail-on = 'error'\n")
    _write(tmp_path / "sub" / "pyproject.toml", "[project]\nname = 'x'\n")
    assert config_for(tmp_path / "sub" / "f.txt", None, False).fail_on == "error"


def test_selection_prefixes():
    config = Config(select=("tiny", "quality"), ignore=("quality.doubled-word",))
    assert config.is_selected("tiny.workplace")
    assert config.is_selected("quality.a-an")
    assert not config.is_selected("quality.doubled-word")
    assert not config.is_selected("stats.substitution")
    assert not config.is_selected("tinyx.workplace")  # prefixes stop at a dot


def test_per_file_ignores(tmp_path: Path):
    path = _write(tmp_path / "textqa.toml", '[per-file-ignores]\n"drafts/*" = ["tiny"]\n')
    config = load_config(path)
    assert not config.is_selected("tiny.workplace", str(tmp_path / "drafts" / "a.txt"))
    assert config.is_selected("tiny.workplace", str(tmp_path / "final" / "a.txt"))


def test_config_from_cli_changes_findings(tmp_path: Path, tiny_pack: Path, cli):
    import json

    doc = _write(tmp_path / "doc.txt", SPUN)
    config = tmp_path / "textqa.toml"
    base = f'packs = ["{tiny_pack.name}"]\nselect = ["tiny"]\nfail-on = "info"\n'
    config.write_text(base, encoding="utf-8")
    result = cli("check", "--format", "json", str(doc))
    assert [f["rule"] for f in json.loads(result.out)["findings"]] == [
        "tiny.workplace",
        "tiny.navy",
    ]
    assert result.code == 1
    config.write_text(base + 'allow = ["workplace"]\n', encoding="utf-8")
    result = cli("check", "--format", "json", str(doc))
    # workplace is allowed; navy is an info hint, shown because fail-on = "info" asks for hints
    assert [f["rule"] for f in json.loads(result.out)["findings"]] == ["tiny.navy"]
    assert result.code == 1


def test_info_hints_are_dropped_in_text_that_does_not_read_as_spun(tmp_path: Path, tiny_pack, cli):
    import json

    doc = _write(tmp_path / "doc.txt", "Russian navy drills continued.\n")
    (tmp_path / "textqa.toml").write_text(f'packs = ["{tiny_pack.name}"]\n', encoding="utf-8")
    result = cli("check", "--format", "json", str(doc))
    assert json.loads(result.out)["findings"] == []
    assert result.code == 0
    result = cli("check", "--format", "json", "--fail-on", "info", str(doc))
    assert [f["rule"] for f in json.loads(result.out)["findings"]] == ["tiny.navy"]


def test_unknown_key_via_cli_is_exit_2(tmp_path: Path, cli):
    doc = _write(tmp_path / "doc.txt", SPUN)
    _write(tmp_path / "textqa.toml", "colour = 'red'\n")
    result = cli("check", str(doc))
    assert result.code == 2
    assert "`colour`: unknown key" in result.err
    assert result.err.count("\n") == 1


def test_missing_explicit_config_is_exit_2(tmp_path: Path, cli):
    doc = _write(tmp_path / "doc.txt", SPUN)
    result = cli("check", "--config", str(tmp_path / "none.toml"), str(doc))
    assert result.code == 2
    assert "config file not found" in result.err


def test_broken_user_pack_is_exit_2(tmp_path: Path, cli):
    doc = _write(tmp_path / "doc.txt", SPUN)
    _write(tmp_path / "bad.toml", "[pack]\nid = 'bad'\n[[rule]]\nid = 'x'\n")
    _write(tmp_path / "textqa.toml", "packs = ['bad.toml']\n")
    result = cli("check", str(doc))
    assert result.code == 2
    assert "bad.toml" in result.err and "rule bad.x" in result.err
