"""CLI behaviour: exit codes, inputs (files, folders, stdin), bad input, selection."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import textqa

from conftest import SPUN_SEED, CliResult, run_textqa

SPUN = "Macron's workplace said on Sunday.\n"
CLEAN = "Macron's office said on Sunday.\n"


@pytest.fixture
def project(tmp_path: Path, tiny_pack: Path) -> Path:
    """A folder with a config selecting only the tiny pack, a spun and a clean file."""
    (tmp_path / "textqa.toml").write_text(
        f'packs = ["{tiny_pack.name}"]\nselect = ["tiny", "quality"]\n', encoding="utf-8"
    )
    (tmp_path / "spun.txt").write_text(SPUN, encoding="utf-8")
    (tmp_path / "clean.txt").write_text(CLEAN, encoding="utf-8")
    return tmp_path


def test_exit_codes_clean_findings(project: Path, cli):
    assert cli("check", str(project / "clean.txt")).code == 0
    result = cli("check", str(project / "spun.txt"))
    assert result.code == 1
    assert "tiny.workplace" in result.out


def test_fail_on_error_passes_warnings(project: Path, cli):
    assert cli("check", "--fail-on", "error", str(project / "spun.txt")).code == 0
    assert cli("check", "--fail-on", "info", str(project / "clean.txt")).code == 0


def test_missing_path_is_exit_2_with_one_line(project: Path, cli):
    result = cli("check", str(project / "absent.txt"))
    assert result.code == 2
    assert result.err.strip().endswith("absent.txt: no such file or directory")
    assert result.err.count("\n") == 1


def test_binary_and_non_utf8_are_errors_but_others_are_checked(project: Path, cli):
    (project / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    (project / "latin.txt").write_bytes("caf\xe9 workplace\n".encode("latin-1"))
    result = cli("check", "--format", "json", str(project / "image.txt"),
                 str(project / "latin.txt"), str(project / "spun.txt"))  # fmt: skip
    assert result.code == 2
    errors = result.err.strip().splitlines()
    assert len(errors) == 2
    assert "image.txt: binary file" in errors[0]
    assert "latin.txt: not valid UTF-8 (byte 0xe9 at offset 3)" in errors[1]
    paths = {f["path"] for f in json.loads(result.out)["findings"]}
    assert paths == {str(project / "spun.txt")}


def test_bom_is_accepted_and_offsets_exclude_it(project: Path, cli):
    (project / "bom.txt").write_bytes(b"\xef\xbb\xbf" + SPUN.encode())
    result = cli("check", "--format", "json", str(project / "bom.txt"))
    finding = json.loads(result.out)["findings"][0]
    assert (finding["start"], finding["column"], finding["text"]) == (9, 10, "workplace")


def test_stdin_with_filename(project: Path, cli, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(project)
    result = cli("check", "--format", "json", "--stdin-filename", "piped.md", "-", stdin=SPUN)
    data = json.loads(result.out)
    assert result.code == 1
    assert [f["path"] for f in data["findings"]] == ["piped.md"]


def test_folder_recursion_respects_gitignore_and_extensions(project: Path, cli):
    subprocess.run(["git", "init", "-q"], cwd=project, check=True)
    (project / ".gitignore").write_text("ignored/\n", encoding="utf-8")
    for rel in ("ignored/a.txt", "docs/b.md", "docs/c.html", "docs/d.py", "node_modules/e.txt"):
        path = project / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(SPUN, encoding="utf-8")
    result = cli("check", "--format", "json", str(project))
    paths = sorted({Path(f["path"]).relative_to(project).as_posix()
                    for f in json.loads(result.out)["findings"]})  # fmt: skip
    assert paths == ["docs/b.md", "docs/c.html", "spun.txt"]


def test_unknown_selector_is_exit_2(project: Path, cli):
    result = cli("check", "--select", "nwes-spin", str(project / "spun.txt"))
    assert result.code == 2
    assert "unknown rule or prefix 'nwes-spin'" in result.err


def test_select_and_ignore(project: Path, cli):
    spun = str(project / "spun.txt")
    assert cli("check", "--select", "quality", spun).code == 0
    assert cli("check", "--ignore", "tiny.workplace", spun).code == 0
    assert cli("check", "--select", "tiny.workplace", spun).code == 1


def _rules(result: CliResult) -> set[str]:
    """The rule ids of a ``--format json`` run's findings."""
    return {finding["rule"] for finding in json.loads(result.out)["findings"]}


def _seed_rules(cli, *options: str) -> set[str]:
    return _rules(cli("check", "--isolated", "--format", "json", *options, str(SPUN_SEED)))


def test_repeated_selection_options_accumulate(cli):
    both = _seed_rules(cli, "--select", "stats", "--select", "quality")
    assert {rule.split(".")[0] for rule in both} == {"stats", "quality"}
    assert _seed_rules(cli, "--select", "stats,quality", "--select", "stats") == both
    neither = _seed_rules(cli, "--ignore", "stats", "--ignore", "news-spin")
    assert neither and {rule.split(".")[0] for rule in neither} == {"quality"}
    extended = _seed_rules(
        cli, "--select", "quality", "--extend-select", "stats.density", "--extend-select", "stats"
    )
    assert "stats.density" in extended and "stats.substitution" in extended


def test_repeated_options_join_in_order_without_duplicates():
    from textqa.cli import build_parser
    from textqa.run import cli_selection

    args = build_parser().parse_args(
        [
            "check",
            "--select",
            "stats,quality",
            "--ignore",
            "stats.a-an",
            "--select",
            "quality,news-spin",
        ]
    )
    layer = cli_selection(args)
    assert layer is not None
    assert layer.select == ("stats", "quality", "news-spin")
    assert (layer.ignore, layer.extend_select) == (("stats.a-an",), ())
    assert cli_selection(build_parser().parse_args(["check"])) is None
    only_ignore = cli_selection(build_parser().parse_args(["check", "--ignore", "stats"]))
    assert only_ignore is not None and only_ignore.select is None  # adjusts, not replaces


def test_specific_select_beats_general_ignore(cli):
    assert _seed_rules(cli, "--select", "news-spin.stated", "--ignore", "news-spin") == {
        "news-spin.stated"
    }
    # Ignoring a pack, then extending the selection by one of its rules.
    rules = _seed_rules(cli, "--ignore", "stats", "--extend-select", "stats.density")
    assert "stats.density" in rules
    assert {rule for rule in rules if rule.startswith("stats.")} == {"stats.density"}


def test_ignore_wins_a_tie(cli):
    result = cli("check", "--isolated", "--format", "json", *("--select", "news-spin"),
                 *("--ignore", "news-spin"), str(SPUN_SEED))  # fmt: skip
    assert (result.code, _rules(result)) == (0, set())


def test_cli_ignore_keeps_the_config_files_ignore(tmp_path: Path, cli, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text(SPUN_SEED.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text(
        '[tool.textqa]\nignore = ["news-spin.workplace"]\n', encoding="utf-8"
    )

    def rules(*options: str) -> set[str]:
        return _rules(cli("check", "--format", "json", *options, "a.txt"))

    assert "news-spin.workplace" in _seed_rules(cli)  # the seed has the swap
    for options in ((), ("--ignore", "stats"), ("--extend-select", "stats.density")):
        found = rules(*options)
        assert "news-spin.workplace" not in found
        assert "news-spin.a-number-of" in found
    assert not any(rule.startswith("stats.") for rule in rules("--ignore", "stats"))
    # --select replaces the file's selection, its ignore included, as ruff's does.
    assert "news-spin.workplace" in rules("--select", "news-spin")


def test_version_and_module_entry_point():
    result = run_textqa("--version")
    assert result.code == 0
    assert result.out.startswith("textqa ")


@pytest.mark.parametrize("command", [["check"], ["fix", "--write"], ["rules", "list"]])
def test_version_works_after_a_command(command: list[str], cli, capsys):
    """The README lists --version among the common options, but `textqa check
    --version` was "unrecognized arguments", exit 2."""
    with pytest.raises(SystemExit) as stop:
        cli(*command, "--version")
    assert stop.value.code == 0
    assert capsys.readouterr().out == f"textqa {textqa.__version__}\n"


def test_the_readme_example_is_what_check_prints(cli, monkeypatch):
    """The README's first example showed `news-spin.stated` on "stated" for a session
    after the reporting-verb profile had taken that finding over."""
    root = Path(__file__).resolve().parent.parent
    readme = (root / "README.md").read_text(encoding="utf-8")
    section = readme.split("## What it finds", 1)[1]
    block = section.split("```text\n", 1)[1].split("```", 1)[0]
    expected = block.strip().splitlines()
    assert len(expected) >= 5
    monkeypatch.chdir(root)
    printed = cli("check", "seeds/002_3639516a7f37bea3.txt", "--format", "concise").out
    lines = printed.splitlines()
    assert [line for line in expected if line not in lines] == []
    # In the order shown, after the document-level findings.
    assert [lines.index(line) for line in expected] == sorted(lines.index(x) for x in expected)


@pytest.mark.parametrize("command", [["check"], ["fix", "--diff"], ["rules", "list"]])
def test_config_with_isolated_is_a_usage_error(project: Path, command: list[str], cli, capsys):
    """--isolated silently won over --config; ruff refuses the pair, and so do we."""
    config = project / "textqa.toml"
    with pytest.raises(SystemExit) as stop:
        cli(*command, "--config", str(config), "--isolated")
    assert stop.value.code == 2
    assert capsys.readouterr().err.startswith(
        "textqa: error: argument --isolated: not allowed with argument --config (see "
    )


def test_every_argument_has_help(cli, capsys):
    """--fail-on, --color and the rules arguments had no help text, and `rules list
    PREFIX` showed in the help only as ID."""
    from textqa.cli import build_parser

    parser = build_parser()
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    for name, command in commands.choices.items():
        assert [a.dest for a in command._actions if not a.help] == [], name
    with pytest.raises(SystemExit):
        cli("rules", "--help")
    out = " ".join(capsys.readouterr().out.split())
    assert "[{list,show}] [PREFIX|ID]" in out
    assert "PREFIX|ID list: only rules under this prefix" in out


def test_no_command_is_usage_error():
    assert run_textqa().code == 2


def test_piped_output_defaults_to_concise_and_github_in_actions(project: Path):
    spun = str(project / "spun.txt")
    result = run_textqa("check", spun, cwd=project)
    assert result.code == 1
    assert f"{spun}:1:10: tiny.workplace [warning]" in result.out
    import os

    env_result = subprocess.run(
        [sys.executable, "-m", "textqa", "check", spun],
        cwd=project, capture_output=True, text=True, check=False,
        env={**os.environ, "GITHUB_ACTIONS": "true"},
    )  # fmt: skip
    assert env_result.stdout.startswith("::warning ")


ARTICLE = "Macron's workplace stated today in Paris.\n"


def _folder_with_config(folder: Path, config: str) -> None:
    folder.mkdir()
    (folder / "textqa.toml").write_text(config, encoding="utf-8")


def test_stdin_filename_drives_config_and_per_file_ignores(
    tmp_path: Path, cli, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.chdir(tmp_path)
    _folder_with_config(tmp_path / "c19", 'allow = ["workplace"]\n')
    result = cli("check", "-", "--stdin-filename", "c19/a.txt", stdin=ARTICLE)
    assert (result.code, result.out.strip()) == (0, "All checks passed (1 file).")
    assert cli("check", "-", "--stdin-filename", "other/a.txt", stdin=ARTICLE).code == 1
    result = cli("fix", "--write", "-", "--stdin-filename", "c19/a.txt", stdin=ARTICLE)
    assert result.out == ARTICLE  # the re-check sees the same config
    _folder_with_config(tmp_path / "c23", '[per-file-ignores]\n"drafts/*" = ["news-spin"]\n')
    assert cli("check", "-", "--stdin-filename", "c23/drafts/a.txt", stdin=ARTICLE).code == 0
    assert cli("check", "-", "--stdin-filename", "c23/final/a.txt", stdin=ARTICLE).code == 1


def test_force_exclude_applies_to_stdin_filename(
    tmp_path: Path, cli, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.chdir(tmp_path)
    _folder_with_config(tmp_path / "c22", 'exclude = ["a.txt"]\n')
    named = ("-", "--stdin-filename", "c22/a.txt")
    result = cli("check", "--format", "json", "--force-exclude", *named, stdin=ARTICLE)
    assert result.code == 0
    assert json.loads(result.out)["summary"]["files"] == 0
    # Without --force-exclude a named input is checked, as a file named on the command line.
    assert cli("check", *named, stdin=ARTICLE).code == 1
    # fix --write hands excluded text back unchanged (an editor replaces its buffer with it).
    result = cli("fix", "--write", "--force-exclude", *named, stdin=ARTICLE)
    assert (result.code, result.out) == (0, ARTICLE)


@pytest.fixture
def undecodable_name(project: Path) -> Path:
    """The spun file again under a name that is not UTF-8 (b"spun\\xff.txt")."""
    name = project / os.fsdecode(b"spun\xff.txt")
    try:
        name.write_text(SPUN, encoding="utf-8")
    except (OSError, UnicodeEncodeError):
        pytest.skip("this file system refuses names that are not UTF-8")
    (project / "spun.txt").unlink()
    return name


@pytest.mark.parametrize("form", ["json", "jsonl", "sarif", "github", "concise", "full"])
def test_a_file_name_that_is_not_utf8_is_checked_and_reported(
    undecodable_name: Path, cli, monkeypatch: pytest.MonkeyPatch, form: str
):
    """Every report crashed with a UnicodeEncodeError on stdout (and SARIF already in
    building its URI). The name is printed backslash-escaped, as stderr prints it; in
    JSON that is a string escape that decodes back to the file's own bytes."""
    monkeypatch.chdir(undecodable_name.parent)
    result = cli("check", "--format", form, ".")
    assert result.code == 1
    assert result.err == ""
    result.out.encode("utf-8")  # no surrogate left: the output is valid UTF-8
    if form == "json":
        paths = {f["path"] for f in json.loads(result.out)["findings"]}
        assert {os.fsencode(p) for p in paths} == {b"spun\xff.txt"}
    elif form == "jsonl":
        rows = [json.loads(line) for line in result.out.splitlines()]
        assert {os.fsencode(row["path"]) for row in rows} == {b"spun\xff.txt"}
    elif form == "sarif":
        results = json.loads(result.out)["runs"][0]["results"]
        uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results}
        assert uris == {"spun%FF.txt"}
    elif form == "github":
        assert "::warning file=spun\\udcff.txt,line=1,col=10," in result.out
    else:
        assert "spun\\udcff.txt:1:10: tiny.workplace" in result.out


def test_undecodable_file_name_gives_utf8_json_in_any_locale(undecodable_name: Path):
    """Under the C locale stdout wrote the raw byte 0xff: JSON that is not UTF-8."""
    for encoding in ("utf-8:surrogateescape", "utf-8:strict"):
        done = subprocess.run(
            [sys.executable, "-m", "textqa", "check", "--format", "json", "."],
            cwd=undecodable_name.parent,
            env={**os.environ, "PYTHONIOENCODING": encoding},
            capture_output=True,
            check=False,
        )
        assert done.returncode == 1, done.stderr
        findings = json.loads(done.stdout.decode("utf-8"))["findings"]
        assert {os.fsencode(f["path"]) for f in findings} == {b"spun\xff.txt"}


def test_negative_jobs_is_a_usage_error_and_zero_means_every_core(project: Path, cli, capsys):
    """--jobs -3 was taken as the default; 0 is documented as the number of cores."""
    with pytest.raises(SystemExit) as stop:
        cli("check", "--jobs", "-3", str(project / "clean.txt"))
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert err == (
        "textqa: error: argument --jobs/-j: must be 0 (the number of cores) or more, not -3"
        " (see 'textqa check --help')\n"
    )
    assert cli("check", "--jobs", "0", str(project / "clean.txt")).code == 0
    with pytest.raises(SystemExit):
        cli("check", "--help")
    assert "which 0 and the default mean" in " ".join(capsys.readouterr().out.split())


def test_ctrl_c_says_it_was_interrupted_and_exits_130():
    """A crawl trial: Ctrl-C exited 130 with no word of why. (Waiting on stdin that never
    ends keeps the run busy for as long as the test needs.)"""
    import signal
    import time

    process = subprocess.Popen(
        [sys.executable, "-m", "textqa", "check", "-"],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    assert process.stdin is not None
    process.stdin.write(b"Macron's workplace stated.\n")
    process.stdin.flush()
    time.sleep(3.0)  # well past start-up (0.05 s), reading the rest of stdin
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130
    assert err.decode().strip().splitlines()[-1] == "textqa: interrupted"


def _textqa_with_stdin(folder: Path, stdin_setup: str, *args: str) -> CliResult:
    """``textqa check`` in ``folder`` with stdin ``/dev/null`` or closed, as cron, nohup
    and CI runners may start it."""
    kwargs: dict = {"stdin": subprocess.DEVNULL}
    if stdin_setup == "closed":
        kwargs = {"preexec_fn": lambda: os.close(0)}
    done = subprocess.run(
        [sys.executable, "-m", "textqa", "check", *args],
        cwd=folder,
        capture_output=True,
        check=False,
        **kwargs,
    )
    return CliResult(done.returncode, done.stdout.decode(), done.stderr.decode())


@pytest.mark.parametrize("stdin_setup", ["devnull", "closed"])
def test_no_path_and_no_piped_input_checks_the_folder(tmp_path: Path, stdin_setup: str):
    """Not an empty stdin that passes ("All checks passed", exit 0) nor a traceback: the
    working folder, as ruff does."""
    (tmp_path / "a.txt").write_text("Macron's workplace stated on Sunday.\n", encoding="utf-8")
    result = _textqa_with_stdin(tmp_path, stdin_setup)
    assert result.code == 1, result.err
    assert "a.txt:1:10: news-spin.workplace" in result.out
    assert "Traceback" not in result.err


def test_dash_with_stdin_closed_is_a_one_line_error(tmp_path: Path):
    result = _textqa_with_stdin(tmp_path, "closed", "-")
    assert result.code == 2
    assert result.err == "textqa: error: <stdin>: no standard input to read (it is closed)\n"


def test_a_file_redirected_to_stdin_is_read(tmp_path: Path):
    path = tmp_path / "a.txt"
    path.write_text("Macron's workplace stated on Sunday.\n", encoding="utf-8")
    with path.open("rb") as stdin:
        done = subprocess.run(
            [sys.executable, "-m", "textqa", "check"],
            cwd=tmp_path / "..",
            stdin=stdin,
            capture_output=True,
            check=False,
        )
    assert done.returncode == 1
    assert done.stdout.decode().startswith("<stdin>:1:10: news-spin.workplace")


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["check", "--jobs", "abc"], "argument --jobs/-j: invalid int value: 'abc'"),
        (["check", "--format", "xml"], "argument --format: invalid choice: 'xml'"),
        (["chekc"], "argument COMMAND: invalid choice: 'chekc'"),
        (["fix", "a.txt"], "one of the arguments --suggest --diff --write is required"),
    ],
)
def test_a_usage_error_is_one_line_and_exit_2(capsys, args: list[str], expected: str):
    from textqa.cli import main

    with pytest.raises(SystemExit) as exit_info:
        main(args)
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith(f"textqa: error: {expected}")
    assert err.count("\n") == 1 and "usage:" not in err
    assert err.endswith("--help')\n")
