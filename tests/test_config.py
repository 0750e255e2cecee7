"""Config discovery, validation (unknown keys and bad values name the key) and effects."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from textqa.config import Config, ConfigError, RuleSelection, config_for, load_config

from conftest import SPUN_SEED

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
        ("[stats]\nmin-ratio = 'high'\n", "`stats.min-ratio`: must be a number of at least 1"),
        # TOML's nan and inf compare false with every bound: they slipped through.
        ("[stats]\nspin-threshold = nan\n", "`stats.spin-threshold`: must be a number from 0 to 1"),
        ("[stats]\nspin-threshold = inf\n", "`stats.spin-threshold`: must be a number from 0 to 1"),
        ("[stats]\nspin-threshold = 7\n", "`stats.spin-threshold`: must be a number from 0 to 1"),
        ("[stats]\nspin-threshold = -1\n", "`stats.spin-threshold`: must be a number from 0 to 1"),
        (
            "[stats]\nnear-confidence = 1.5\n",
            "`stats.near-confidence`: must be a number from 0 to 1",
        ),
        (
            "[stats]\nmin-ratio = nan\n",
            "`stats.min-ratio`: must be a number of at least 1, not nan",
        ),
        ("[stats]\nwarning-ratio = inf\n", "`stats.warning-ratio`: must be a number of at least 1"),
        ("[stats]\nmin-ratio = 0.5\n", "`stats.min-ratio`: must be a number of at least 1"),
        ("fix-threshold = nan\n", "`fix-threshold`: must be a number from 0 to 1"),
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


def test_every_problem_of_a_bad_config_is_reported_one_line_each(tmp_path: Path, cli):
    """Several bad keys and values: all of them, in file order, each on its own line with
    the file and key, and exit 2; fixing the first must not just reveal the next."""
    path = _write(
        tmp_path / "textqa.toml",
        "selct = ['x']\nfail-on = 'loud'\nfix-threshold = 2\n"
        "[stats]\nmin-ratio = 0.5\nnope = 1\n[per-file-ignores]\n'a.txt' = 3\n",
    )
    doc = _write(tmp_path / "a.txt", "Macron's office said.\n")
    result = cli("check", str(doc))
    assert result.code == 2
    assert result.out == ""
    assert result.err.splitlines() == [
        f"textqa: error: {path}: `selct`: unknown key (did you mean `select`?)",
        f"textqa: error: {path}: `fail-on`: must be one of info, warning, error, not 'loud'",
        f"textqa: error: {path}: `fix-threshold`: must be a number from 0 to 1, not 2",
        f"textqa: error: {path}: `stats.min-ratio`: must be a number of at least 1, not 0.5",
        f"textqa: error: {path}: `stats.nope`: unknown threshold (known: min-ratio, "
        "near-confidence, near-threshold, promote-confidence, spin-threshold, warning-ratio)",
        f"textqa: error: {path}: `per-file-ignores.a.txt`: must be a list of strings, not 3",
    ]
    with pytest.raises(ConfigError) as error:
        load_config(path)
    assert len(error.value.problems) == 6
    assert str(error.value).count("\n") == 5  # the API's message: one line a problem


def test_a_missing_pack_is_reported_with_the_other_problems(tmp_path: Path, cli):
    """A pack file that is not there is a problem of the config's `packs` key, listed with
    the file's other problems (it came alone, after they were fixed)."""
    path = _write(tmp_path / "textqa.toml", "packs = ['gone.toml']\nfail-on = 'fatal'\n")
    doc = _write(tmp_path / "a.txt", "Macron's office said.\n")
    result = cli("check", str(doc))
    assert result.code == 2
    assert result.err.splitlines() == [
        f"textqa: error: {path}: `packs`: {(tmp_path / 'gone.toml').resolve()}: "
        "pack file not found",
        f"textqa: error: {path}: `fail-on`: must be one of info, warning, error, not 'fatal'",
    ]


def test_unknown_prefixes_are_reported_with_bad_keys_in_one_run(tmp_path: Path, cli):
    """Bad keys and values, then the unknown rule prefixes of the settings that parsed: one
    run lists them all (the prefixes came only on the next run, once the keys were fixed)."""
    path = _write(
        tmp_path / "textqa.toml",
        "select = ['news-spin', 'nosuchpack']\nfail-on = 'fatal'\n"
        "[per-file-ignores]\n'*.md' = ['nosuch.rule']\n",
    )
    doc = _write(tmp_path / "a.txt", "Macron's office said.\n")
    result = cli("check", str(doc))
    assert result.code == 2
    assert result.err.splitlines() == [
        f"textqa: error: {path}: `fail-on`: must be one of info, warning, error, not 'fatal'",
        f"textqa: error: {path}: `select`: unknown rule or prefix 'nosuchpack'",
        f"textqa: error: {path}: `per-file-ignores`: unknown rule or prefix 'nosuch.rule'",
    ]
    # With a pack file missing, its rules are unknown: the prefixes wait for the next run.
    _write(tmp_path / "textqa.toml", "select = ['mine']\npacks = ['mine.toml']\n")
    result = cli("check", str(doc))
    assert result.err.splitlines() == [
        f"textqa: error: {path}: `packs`: {(tmp_path / 'mine.toml').resolve()}: pack file not found"
    ]


def test_a_key_with_a_line_break_is_reported_on_one_line(tmp_path: Path, cli):
    """A TOML key may hold a line break; its error must not spill onto a second line."""
    path = _write(tmp_path / "textqa.toml", '"bad\\nkey" = 1\n')
    doc = _write(tmp_path / "a.txt", "Macron's office said.\n")
    result = cli("check", str(doc))
    assert result.code == 2
    assert result.err.splitlines() == [f"textqa: error: {path}: `bad\\nkey`: unknown key"]


def test_every_unknown_selector_is_reported(tmp_path: Path, cli):
    path = _write(tmp_path / "textqa.toml", "select = ['nwes-spin', 'quality', 'stast']\n"
                                            "ignore = ['foo']\n")  # fmt: skip
    doc = _write(tmp_path / "a.txt", "Macron's office said.\n")
    result = cli("check", "--ignore", "nope", str(doc))
    assert result.code == 2
    assert result.err.splitlines() == [
        "textqa: error: `--ignore`: unknown rule or prefix 'nope'",
        f"textqa: error: {path}: `select`: unknown rule or prefix 'nwes-spin'",
        f"textqa: error: {path}: `select`: unknown rule or prefix 'stast'",
        f"textqa: error: {path}: `ignore`: unknown rule or prefix 'foo'",
    ]


def test_stats_values_at_their_bounds_are_accepted(tmp_path: Path):
    text = "[stats]\nspin-threshold = 0\nnear-confidence = 1\nmin-ratio = 1\nwarning-ratio = 1e6\n"
    config = load_config(_write(tmp_path / "textqa.toml", text))
    assert (config.stat("spin-threshold"), config.stat("near-confidence")) == (0.0, 1.0)
    assert config.stat("near-threshold") == 0.0  # the default 0.4 follows it down
    assert (config.stat("min-ratio"), config.stat("warning-ratio")) == (1.0, 1e6)


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


def test_the_most_specific_selector_decides_as_in_ruff():
    narrow = Config(select=("news-spin.stated",), ignore=("news-spin",))
    assert narrow.is_selected("news-spin.stated")  # a rule id beats its pack's ignore
    assert not narrow.is_selected("news-spin.workplace")
    wide = Config(ignore=("stats",), extend_select=("stats.density",))
    assert wide.is_selected("stats.density")
    assert not wide.is_selected("stats.substitution")
    assert wide.is_selected("news-spin.stated")  # select = ["ALL"] is the least specific
    assert not Config(select=("ALL",), ignore=("news-spin.stated",)).is_selected("news-spin.stated")


@pytest.mark.parametrize("selector", ["ALL", "news-spin", "news-spin.stated"])
def test_ignore_wins_a_tie_of_specificity(selector: str):
    config = Config(select=(selector,), ignore=(selector,))
    assert not config.is_selected("news-spin.stated")
    layered = Config(select=()).with_selection(RuleSelection((selector,), (selector,)))
    assert not layered.is_selected("news-spin.stated")


def test_command_line_layer_over_the_config_file():
    file = Config(ignore=("news-spin.workplace",))
    added = file.with_selection(RuleSelection(ignore=("stats",)))
    assert not added.is_selected("news-spin.workplace")  # the file's ignore is kept
    assert not added.is_selected("stats.density")
    assert added.is_selected("news-spin.stated")
    extended = Config(ignore=("news-spin",)).with_selection(
        RuleSelection(extend_select=("news-spin.stated",))
    )
    assert extended.is_selected("news-spin.stated")
    assert not extended.is_selected("news-spin.workplace")
    # --select replaces the file's whole selection, its ignores included (ruff's
    # `--select F401` enforces F401 over a file's `ignore = ["F401"]`).
    replaced = file.with_selection(RuleSelection(select=("news-spin",)))
    assert replaced.is_selected("news-spin.workplace")
    assert not replaced.is_selected("stats.density")
    # A later layer overrides an earlier one whatever their specificity.
    file = Config(ignore=("stats",), extend_select=("stats.density",))
    assert not file.with_selection(RuleSelection(ignore=("stats",))).is_selected("stats.density")
    assert file.with_selection(None) is file


def test_ignores_after_an_empty_select_carry_over_as_in_ruff():
    file = Config(select=(), ignore=("stats.density",))
    assert not file.is_selected("stats.substitution")
    cli = file.with_selection(RuleSelection(select=("stats",)))
    assert cli.is_selected("stats.substitution")
    assert not cli.is_selected("stats.density")


def test_a_detector_runs_when_a_specific_selector_re_enables_one_of_its_rules():
    from textqa.detectors import CheckContext, detectors_for

    def names(config: Config) -> set[str]:
        return {type(d).__name__ for d in detectors_for(CheckContext(config=config))}

    assert "StatsDetector" not in names(Config(ignore=("stats",)))
    assert "StatsDetector" in names(Config(ignore=("stats",), extend_select=("stats.density",)))
    ignored = Config(ignore=("stats",)).with_selection(RuleSelection(select=("stats.density",)))
    assert "StatsDetector" in names(ignored)
    assert "StatsDetector" not in names(Config(select=("news-spin",)))


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


# ------------------------------------------------ a folder argument's own config
ARTICLE = "Macron's workplace stated today in Paris.\n"


def test_config_for_a_folder_starts_in_the_folder(tmp_path: Path):
    _write(tmp_path / "docs" / "textqa.toml", "fail-on = 'error'\n")
    assert config_for(tmp_path / "docs", None, False).fail_on == "error"
    assert config_for(tmp_path / "docs" / "a.txt", None, False).fail_on == "error"


def test_folder_argument_applies_its_run_wide_settings(tmp_path: Path, cli, monkeypatch):
    import json

    monkeypatch.chdir(tmp_path)
    _write(tmp_path / "c17" / "a.txt", ARTICLE)
    _write(tmp_path / "c17" / "textqa.toml", 'fail-on = "error"\n')
    assert cli("check", "c17/a.txt").code == 0
    assert cli("check", "c17").code == 0  # was 1: fail-on came from defaults

    _write(tmp_path / "c22" / "a.txt", ARTICLE)
    _write(tmp_path / "c22" / "b.txt", ARTICLE)
    _write(tmp_path / "c22" / "textqa.toml", 'exclude = ["a.txt"]\n')
    result = cli("check", "--format", "json", "c22")
    assert {f["path"] for f in json.loads(result.out)["findings"]} == {"c22/b.txt"}
    assert json.loads(result.out)["summary"]["files"] == 1


def test_unknown_prefix_in_config_names_the_file_and_key(tmp_path: Path, cli, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _write(tmp_path / "c15" / "a.txt", ARTICLE)
    config = _write(tmp_path / "c15" / "textqa.toml", 'select = ["nope"]\n')
    for target in ("c15", "c15/a.txt"):
        result = cli("check", target)
        assert result.code == 2
        assert f"{config}: `select`: unknown rule or prefix 'nope'" in result.err
        assert result.err.count("\n") == 1
    pyproject = _write(tmp_path / "c16" / "pyproject.toml", '[tool.textqa]\nignore = ["nope"]\n')
    _write(tmp_path / "c16" / "a.txt", ARTICLE)
    result = cli("check", "c16")
    assert result.code == 2
    assert f"{pyproject}: `tool.textqa.ignore`: unknown rule or prefix 'nope'" in result.err
    # On the command line the option is named instead, even with a config present.
    result = cli("check", "--select", "nwes", "c15")
    assert result.code == 2
    assert "`--select`: unknown rule or prefix 'nwes'" in result.err


# ------------------------------------------------ a broken pyproject.toml
def test_broken_pyproject_is_an_error_naming_it(tmp_path: Path, cli, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _write(tmp_path / "c1" / "a.txt", ARTICLE)
    pyproject = _write(tmp_path / "c1" / "pyproject.toml", "[tool.textqa\nselect = 3\n")
    result = cli("check", "c1/a.txt")
    assert result.code == 2
    assert f"{pyproject}: invalid TOML" in result.err
    assert result.err.count("\n") == 1
    with pytest.raises(ConfigError, match="invalid TOML"):
        config_for(tmp_path / "c1" / "a.txt", None, False)
    # Without any textqa section it is still an error: whether it has one cannot be told.
    pyproject.write_text("[project\nname = 'x'\n", encoding="utf-8")
    assert cli("check", "c1/a.txt").code == 2


def test_broken_pyproject_the_search_does_not_reach_is_ignored(tmp_path: Path):
    _write(tmp_path / "pyproject.toml", "[project\n")
    _write(tmp_path / "sub" / "textqa.toml", "fail-on = 'error'\n")
    assert config_for(tmp_path / "sub" / "a.txt", None, False).fail_on == "error"
    _write(tmp_path / "same" / "pyproject.toml", "[project\n")
    _write(tmp_path / "same" / "textqa.toml", "fail-on = 'info'\n")  # read before pyproject
    assert config_for(tmp_path / "same" / "a.txt", None, False).fail_on == "info"


def test_a_pyproject_found_by_the_search_is_parsed_once(tmp_path: Path, monkeypatch):
    """The search reads a pyproject.toml to see whether it has [tool.textqa]; loading the
    settings then reuses that parse instead of reading the file again."""
    import tomllib

    import textqa.config as config_module

    _write(tmp_path / "pyproject.toml", "[project]\nname = 'x'\n[tool.textqa]\nfail-on = 'error'\n")
    _write(tmp_path / "sub" / "a.txt", "Macron's office said.\n")
    parses: list[object] = []
    load = tomllib.load

    def counting_load(handle):
        parses.append(handle.name)
        return load(handle)

    monkeypatch.setattr(config_module.tomllib, "load", counting_load)
    assert config_for(tmp_path / "sub" / "a.txt", None, False).fail_on == "error"
    assert parses == [str(tmp_path / "pyproject.toml")]


def test_pyproject_textqa_that_is_not_a_table_is_an_error(tmp_path: Path):
    path = _write(tmp_path / "pyproject.toml", "[tool]\ntextqa = 3\n")
    with pytest.raises(ConfigError, match=r"`tool\.textqa`: must be a table"):
        load_config(path)


# ------------------------------------------------ config= in the Python API
def test_api_accepts_config_mapping_or_path(tmp_path: Path):
    import textqa

    assert [f.text for f in textqa.check_text(ARTICLE)] == ["workplace"]
    assert textqa.check_text(ARTICLE, config={"allow": ["workplace"]}) == []
    path = _write(tmp_path / "conf" / "textqa.toml", 'allow = ["workplace"]\n')
    assert textqa.check_text(ARTICLE, config=path) == []
    assert textqa.check_text(ARTICLE, config=str(path)) == []
    assert textqa.check_text(ARTICLE, config=textqa.Config(allow=("workplace",))) == []
    doc = _write(tmp_path / "doc.txt", ARTICLE)
    assert textqa.check_paths([doc], config={"ignore": ["news-spin"]}) == []
    assert [f.text for f in textqa.check_paths([doc], config={})] == ["workplace"]


def test_api_bad_config_raises_a_clear_error(tmp_path: Path):
    import textqa

    with pytest.raises(textqa.ConfigError, match=r"`selct`: unknown key \(did you mean"):
        textqa.check_text(ARTICLE, config={"selct": ["news-spin"]})
    with pytest.raises(textqa.ConfigError, match=r"`fail-on`: must be one of"):
        textqa.check_text(ARTICLE, config={"fail-on": "loud"})
    with pytest.raises(textqa.ConfigError, match="unknown rule or prefix 'nope'"):
        textqa.check_text(ARTICLE, config={"select": ["nope"]})
    bad = _write(tmp_path / "bad.toml", "colour = 'red'\n")
    with pytest.raises(textqa.ConfigError, match=f"{bad}: `colour`: unknown key"):
        textqa.check_paths([bad.parent], config=bad)
    with pytest.raises(textqa.ConfigError, match="config file not found"):
        textqa.check_text(ARTICLE, config=tmp_path / "none.toml")
    with pytest.raises(TypeError, match="mapping of config keys or a path"):
        textqa.check_text(ARTICLE, config=3)  # type: ignore[arg-type]


def _one_line_error(result, path: Path, byte: str) -> None:
    """Exit 2 with one line naming ``path`` and the bad byte, and no traceback."""
    assert result.code == 2
    assert result.err.count("\n") == 1
    assert f"{path}: not UTF-8 (byte {byte}" in result.err


def test_config_files_that_are_not_utf8_are_a_one_line_error(tmp_path: Path, cli):
    """TOML must be UTF-8; tomllib lets a UnicodeDecodeError through, which was a
    traceback and exit 1 (what CI reads as "findings")."""
    doc = _write(tmp_path / "d" / "doc.txt", SPUN)
    explicit = tmp_path / "bad.toml"
    explicit.write_bytes(b"\xff\xfe")
    _one_line_error(cli("check", "--config", str(explicit), str(doc)), explicit, "0xff")
    found = tmp_path / "d" / "pyproject.toml"
    found.write_bytes(b"# caf\xe9\n[tool.textqa]\n")  # Latin-1, searched upward from doc
    _one_line_error(cli("check", str(doc)), found, "0xe9")


def test_api_config_file_that_is_not_utf8_raises_config_error(tmp_path: Path):
    import textqa

    path = tmp_path / "bad.toml"
    path.write_bytes(b"\xff\xfe")
    with pytest.raises(textqa.ConfigError, match=r"bad\.toml: not UTF-8"):
        textqa.check_text(SPUN, config=str(path))


def test_ignoring_a_rule_silences_other_detectors_on_the_same_words():
    """A trial: with ignore = ["news-spin.stated"] all 12 'stated' still failed the check,
    as stats.reporting-verbs (the pack hit used to absorb that finding); ignoring
    quality.proper-adjective brought 'japanese' back as stats.proper-adjective."""
    from textqa import check_text

    spun = SPUN_SEED.read_text(encoding="utf-8")

    def stated(config: Config) -> set[str]:
        found = check_text(spun, config=config)
        return {f.rule for f in found if f.text.lower() == "stated" and f.fails}

    # The seed's profile (14 spinner-style verbs, no 'said') makes the stats finding
    # the primary one, with the pack hit folded in.
    assert stated(Config()) == {"stats.reporting-verbs"}
    assert "news-spin.stated" in stated(Config(ignore=("stats",)))
    # Only the "stated Sunday" that news-spin.stated-day flags is left.
    left = [
        f
        for f in check_text(spun, config=Config(ignore=("news-spin.stated",)))
        if f.text.lower() == "stated" and f.fails
    ]
    assert [spun[f.end : f.end + 7] for f in left] == [" Sunday"]
    text = "Talks in japanese Ukraine will go on, the minister said.\n"
    assert [f.rule for f in check_text(text)] == ["quality.proper-adjective"]
    assert check_text(text, config=Config(ignore=("quality.proper-adjective",))) == []
    assert check_text(text, config=Config(ignore=("quality",))) == []
    # Left out of the selection is not ignored: --select stats still has the cue.
    only_stats = check_text(text, config=Config(select=("stats",)))
    assert [f.rule for f in only_stats] == ["stats.proper-adjective"]


def test_packs_left_out_of_the_selection_do_not_run_but_ignored_ones_do():
    """``--select stats`` is the statistics alone: the packs still ran, and their hits
    raised the spin score that promotes statistical hints. Ignored packs still run, so
    their hits silence the statistics on the same words."""
    from textqa import check_text
    from textqa.detectors import CheckContext, detectors_for

    def runs_packs(config: Config) -> bool:
        return any(d.source == "rules" for d in detectors_for(CheckContext(config=config)))

    assert runs_packs(Config())
    assert not runs_packs(Config(select=("stats",)))
    assert not runs_packs(Config(select=("quality", "stats")))
    assert runs_packs(Config(select=("stats", "tortured-phrases")))
    assert runs_packs(Config(select=("stats", "news-spin.stated")))
    assert runs_packs(Config(select=("stats",), ignore=("news-spin",)))
    assert runs_packs(Config(per_file_ignores=(("*.txt", ("news-spin.stated",)),)))

    # Pack traces alone ("workplace", "in keeping with", "navy"...) no longer make a
    # statistics-only run read the text as spun.
    text = (
        "Macron's workplace met the navy chief in keeping with the plan. The workplace "
        "and the navy agreed, in keeping with the deal, and the workplace left.\n"
    )
    from textqa.document import Document
    from textqa.engine import check_document

    def score(config: Config) -> float:
        doc = Document(text, "t.txt")
        return check_document(doc, CheckContext(config=config)).spin_score

    assert score(Config(select=("stats",))) < score(Config(select=("stats", "news-spin")))
    # Ignoring every pack still silences the statistics on the words a pack hit.
    spun = SPUN_SEED.read_text(encoding="utf-8")
    ignored = check_text(spun, config=Config(ignore=("news-spin", "tortured-phrases")))
    assert [f for f in ignored if f.text.lower() == "stated" and f.fails] == []


def test_is_ignored_tells_an_ignore_from_a_narrower_select():
    config = Config(select=("news-spin", "quality"), ignore=("news-spin.stated",))
    assert config.is_ignored("news-spin.stated")
    assert not config.is_ignored("stats.reporting-verbs")  # never selected
    assert not config.is_ignored("news-spin.workplace")  # selected


@pytest.mark.parametrize("key", ["select", "exclude", "allow", "packs"])
def test_a_lone_string_where_a_list_belongs_is_an_error(tmp_path: Path, cli, key: str):
    """Two trials: ``select = "stats"`` was taken as ``["stats"]``, though the error for
    ``["stats", 3]`` says a list of strings is needed (ruff refuses both)."""
    (tmp_path / "textqa.toml").write_text(f'{key} = "stats"\n', encoding="utf-8")
    (tmp_path / "a.txt").write_text("Plain text.\n", encoding="utf-8")
    result = cli("check", str(tmp_path / "a.txt"))
    assert result.code == 2
    assert f'`{key}`: must be a list of strings: write ["stats"]' in result.err
    assert result.err.count("\n") == 1


def test_a_lone_string_in_a_pack_rule_is_an_error(tmp_path: Path):
    from textqa.packs import PackError, load_pack

    path = tmp_path / "p.toml"
    path.write_text(
        '[pack]\nid = "p"\ndescription = "d"\nsource = "s"\n\n[[rule]]\nid = "car"\n'
        'spun = "motorcar"\noriginal = ["car"]\nexamples-bad = ["A motorcar."]\n'
        'examples-good = ["A car."]\n',
        encoding="utf-8",
    )
    with pytest.raises(PackError, match=r'`spun` must be a list of strings: write \["motorcar"\]'):
        load_pack(path)


def test_globs_from_the_config_folder_may_start_with_dot_slash(tmp_path: Path, cli, monkeypatch):
    """A trial: ``exclude = ["./archive/**"]`` and a ``"./sub/*.txt"`` per-file ignore
    silently matched nothing (ruff reads them from the project root)."""
    for folder in ("archive", "sub", "kept"):
        _write(tmp_path / folder / "a.txt", SPUN)
    _write(
        tmp_path / "textqa.toml",
        'exclude = ["./archive/**"]\n[per-file-ignores]\n"./sub/*.txt" = ["news-spin"]\n',
    )
    monkeypatch.chdir(tmp_path)
    result = cli("check", ".", "--format", "json", "--select", "news-spin")
    paths = {f["path"] for f in json.loads(result.out)["findings"]}
    assert paths == {"kept/a.txt"}
    assert json.loads(result.out)["summary"]["files"] == 2  # kept and sub, not archive


def test_an_empty_allowed_phrase_is_an_error(tmp_path: Path, cli):
    _write(tmp_path / "textqa.toml", 'allow = ["workplace", ""]\n')
    result = cli("check", str(_write(tmp_path / "a.txt", SPUN)))
    assert result.code == 2
    assert "`allow`: an empty phrase allows nothing: remove it" in result.err


def test_near_threshold_above_spin_threshold_is_an_error(tmp_path: Path, cli):
    _write(tmp_path / "textqa.toml", "[stats]\nnear-threshold = 0.9\nspin-threshold = 0.2\n")
    result = cli("check", str(_write(tmp_path / "a.txt", SPUN)))
    assert result.code == 2
    assert "`stats.near-threshold`: 0.9 is above spin-threshold (0.2)" in result.err


def test_a_pack_listed_twice_is_loaded_once(tmp_path: Path, tiny_pack: Path, cli):
    """It was "pack id 'tiny' is already used by" the very same file."""
    _write(tmp_path / "textqa.toml", f'packs = ["{tiny_pack}", "{tiny_pack}"]\n')
    result = cli("check", str(_write(tmp_path / "a.txt", SPUN)))
    assert (result.code, result.err) == (1, "")
    assert "tiny.workplace" in result.out


def test_sibling_patterns_absolute_empty_or_a_folder(tmp_path: Path, cli):
    """A trial: ``siblings = ["/abs/*.txt"]`` raised NotImplementedError, ``[""]`` a
    ValueError and ``["."]`` an IndexError, all as tracebacks; a folder matched nothing."""
    text = _write(tmp_path / "a.txt", SPUN)
    other = _write(
        tmp_path / "coverage" / "b.txt", "Macron's office said. Russian military drills.\n"
    )
    config = tmp_path / "textqa.toml"
    config.write_text(f'siblings = ["{other.parent}/*.txt"]\n', encoding="utf-8")
    result = cli("check", str(text), "--format", "json")
    assert result.code == 1, result.err
    evidence = [line for f in json.loads(result.out)["findings"] for line in f["evidence"]]
    assert any("b.txt" in line for line in evidence)
    for pattern, message in (
        ("", "`siblings`: an empty pattern matches nothing: remove it"),
        (".", "`siblings`: '.' names a folder, not articles"),
        ("coverage", "`siblings`: 'coverage' names a folder, not articles"),
    ):
        config.write_text(f'siblings = ["{pattern}"]\n', encoding="utf-8")
        result = cli("check", str(text))
        assert result.code == 2, pattern
        assert result.err.count("\n") == 1 and message in result.err, result.err


def test_config_dev_null_means_no_settings_and_a_folder_is_no_config(tmp_path: Path, cli):
    """A trial: ``--config /dev/null`` and ``--config .`` both said "config file not
    found"; /dev/null is the usual way to say "no settings"."""
    _write(tmp_path / "textqa.toml", 'ignore = ["news-spin"]\n')
    text = _write(tmp_path / "a.txt", SPUN)
    assert "news-spin" not in cli("check", str(text)).out  # the folder's config applies
    result = cli("check", str(text), "--config", os.devnull)
    assert "news-spin.workplace" in result.out  # the folder's config is not read
    result = cli("check", str(text), "--config", str(tmp_path))
    assert (result.code, result.err) == (
        2,
        f"textqa: error: {tmp_path}: a folder, not a config file\n",
    )


def test_config_siblings_leave_out_a_stray_file_and_empty_packs_or_devices_are_errors(
    tmp_path: Path, cli
):
    """A trial: a binary file caught by a ``siblings`` glob stopped the whole run;
    ``packs = [""]`` said "cannot read pack: Is a directory" without the key; and
    ``--config /dev/zero`` said "config file not found"."""
    text = _write(tmp_path / "a.txt", SPUN)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "bin.txt").write_bytes(b"\x00binary")
    _write(tmp_path / "sub" / "b.txt", "Macron's office said. Russian military drills.\n")
    config = _write(tmp_path / "textqa.toml", 'siblings = ["sub/*.txt"]\n')
    result = cli("check", str(text))
    assert result.code == 1  # checked, with findings
    assert (
        "bin.txt: binary file" in result.err and "left out of the config's siblings" in result.err
    )
    config.write_text('packs = [""]\n', encoding="utf-8")
    result = cli("check", str(text))
    assert result.code == 2 and "`packs`: an empty path names no pack: remove it" in result.err
    if Path("/dev/zero").exists():
        result = cli("check", str(text), "--config", "/dev/zero")
        assert result.err == "textqa: error: /dev/zero: not a regular file, not a config file\n"
