"""Awkward inputs: symlink loops, FIFOs, one file under several names, stray files in a
sibling folder, other encodings, missing paths, empty folders; and the API's paths."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from textqa import check_paths, check_text
from textqa.config import Config
from textqa.files import InputError, decode, discover, read_source

from conftest import ROOT, SEEDS, SPUN_SEED

SPUN = "Macron's workplace stated on Sunday.\n"
CHECK = ("check", "--isolated", "--select", "news-spin", "--format", "json")

needs_symlinks = pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks")
needs_fifos = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs")


def _paths(out: str) -> set[str]:
    return {f["path"] for f in json.loads(out)["findings"]}


@pytest.fixture
def looped(tmp_path: Path) -> Path:
    """A folder with a spun file and two symlinks pointing at each other."""
    folder = tmp_path / "dA"
    folder.mkdir()
    (folder / "ok.txt").write_text(SPUN, encoding="utf-8")
    try:
        os.symlink("loopx", folder / "loopy.txt")
        os.symlink("loopy.txt", folder / "loopx")
    except OSError as error:  # e.g. Windows without the privilege
        pytest.skip(f"cannot make symlinks: {error}")
    return folder


@needs_symlinks
def test_symlink_loop_in_a_folder_is_one_error_and_the_rest_is_checked(looped: Path, cli):
    result = cli(*CHECK, str(looped))
    assert result.code == 2
    (error,) = result.err.strip().splitlines()
    assert "loopy.txt: symlink loop" in error
    assert _paths(result.out) == {str(looped / "ok.txt")}


@needs_symlinks
def test_symlink_loop_named_directly_says_so(looped: Path, cli):
    result = cli(*CHECK, str(looped / "loopy.txt"), str(looped / "ok.txt"))
    assert result.code == 2
    assert "loopy.txt: symlink loop" in result.err
    assert "no such file" not in result.err
    assert _paths(result.out) == {str(looped / "ok.txt")}


@needs_symlinks
def test_broken_symlink_is_named_as_such(tmp_path: Path):
    os.symlink("nowhere.txt", tmp_path / "broken.txt")
    with pytest.raises(InputError, match="broken symlink"):
        read_source(str(tmp_path / "broken.txt"))


@needs_fifos
def test_a_fifo_in_a_folder_is_skipped_not_waited_on(tmp_path: Path):
    # A real process with a timeout: a regression must fail, not hang the suite.
    (tmp_path / "ok.txt").write_text(SPUN, encoding="utf-8")
    os.mkfifo(tmp_path / "pipe.txt")
    path = os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])
    env = {**os.environ, "PYTHONPATH": path}
    done = subprocess.run(
        [sys.executable, "-m", "textqa", *CHECK, str(tmp_path)],
        capture_output=True, text=True, timeout=120, check=False, env=env,
    )  # fmt: skip
    assert done.returncode == 1, done.stderr
    assert _paths(done.stdout) == {str(tmp_path / "ok.txt")}
    assert discover([str(tmp_path)]) == [str(tmp_path / "ok.txt")]


@needs_fifos
def test_a_fifo_named_directly_is_read_as_given(tmp_path: Path):
    """What ``textqa check <(…)`` passes: the walk's skip must not apply to it."""
    fifo = tmp_path / "named.txt"
    os.mkfifo(fifo)
    assert discover([str(fifo)]) == [str(fifo)]

    def feed() -> None:
        with open(fifo, "wb") as stream:
            stream.write(SPUN.encode())

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    assert read_source(str(fifo)).text == SPUN
    writer.join(timeout=10)


def test_one_file_under_several_spellings_is_checked_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli
):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "dup.txt").write_text(SPUN, encoding="utf-8")
    spellings = ["dup.txt", "./dup.txt", str(tmp_path / "dup.txt")]
    assert discover(spellings) == ["dup.txt"]
    assert discover([".", "./dup.txt"]) == ["dup.txt"]
    result = cli(*CHECK, *spellings)
    assert result.code == 1
    assert json.loads(result.out)["summary"]["files"] == 1


def test_fix_write_with_several_spellings_fixes_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli
):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "dup.txt").write_text(SPUN, encoding="utf-8")
    result = cli("fix", "--write", "--isolated", "--select", "news-spin",
                 "dup.txt", "./dup.txt", str(tmp_path / "dup.txt"))  # fmt: skip
    assert result.code == 1, result.err
    assert "changed since" not in result.err
    assert "office" in (tmp_path / "dup.txt").read_text(encoding="utf-8")


def test_fix_write_through_two_hard_links_fixes_the_file_once(tmp_path: Path, cli):
    """A trial's two hard links made ``fix --write`` exit 2 ("changed since it was
    read") and count every finding twice."""
    (tmp_path / "h1.txt").write_text(SPUN, encoding="utf-8")
    os.link(tmp_path / "h1.txt", tmp_path / "h2.txt")
    assert discover([str(tmp_path)]) == [str(tmp_path / "h1.txt")]
    result = cli("fix", "--write", "--isolated", "--select", "news-spin",
                 str(tmp_path / "h1.txt"), str(tmp_path / "h2.txt"))  # fmt: skip
    assert result.code == 1, result.err
    assert result.err == "" and "in 1 file" in result.out
    assert "office" in (tmp_path / "h2.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("command", [("check",), ("fix", "--write"), ("fix", "--diff")])
def test_an_empty_path_is_an_error_not_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys, command: tuple[str, ...]
):
    """``textqa fix --write "$FILE"`` with FILE unset rewrote every file under the
    current folder: ``Path("")`` is ``.``."""
    from textqa.cli import main

    def usage_error(*args: str) -> str:
        with pytest.raises(SystemExit) as stop:
            main(list(args))
        assert stop.value.code == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1
        return err

    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text(SPUN, encoding="utf-8")
    err = usage_error(*command, "")
    assert err.startswith("textqa: error: argument PATH: an empty path names no file")
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == SPUN
    for option in ("--sibling", "--sibling-dir", "--config", "--stdin-filename"):
        err = usage_error(*command, "a.txt", option, "")
        assert f"argument {option}: an empty path names no file" in err
    with pytest.raises(InputError, match="an empty path names no file"):
        check_paths([""])


def test_a_sibling_dir_that_is_a_file_says_so(tmp_path: Path, cli):
    (tmp_path / "a.txt").write_text(SPUN, encoding="utf-8")
    result = cli("check", str(tmp_path / "a.txt"), "--sibling-dir", str(tmp_path / "a.txt"))
    assert result.code == 2
    assert result.err == f"textqa: error: {tmp_path / 'a.txt'}: not a folder\n"


@needs_symlinks
def test_a_symlink_to_a_checked_file_is_not_checked_again(tmp_path: Path):
    (tmp_path / "b_real.txt").write_text(SPUN, encoding="utf-8")
    os.symlink("b_real.txt", tmp_path / "a_alias.txt")
    assert discover([str(tmp_path)]) == [str(tmp_path / "a_alias.txt")]


def test_stray_files_in_the_sibling_folder_are_left_out_with_a_note(tmp_path: Path, cli):
    pool = tmp_path / "pool"
    pool.mkdir()
    (pool / "bin.txt").write_bytes(b"\x00bin")
    (pool / "latin.txt").write_bytes("caf\xe9\n".encode("latin-1"))
    sibling = "003_d0ee5e6dc7a5c66b.txt"
    (pool / sibling).write_bytes((SEEDS / sibling).read_bytes())
    result = cli("check", "--isolated", "--select", "siblings", "--format", "json",
                 "--sibling-dir", str(pool), str(SPUN_SEED))  # fmt: skip
    assert result.code == 1, result.err
    notes = result.err.strip().splitlines()
    assert len(notes) == 2
    assert all("note:" in n and "--sibling-dir" in n and "error" not in n for n in notes)
    assert "bin.txt: binary file" in notes[0] and "latin.txt: not valid UTF-8" in notes[1]
    findings = json.loads(result.out)["findings"]
    assert any(sibling in e for f in findings for e in f["evidence"])


def test_a_bad_explicit_sibling_is_still_an_error(tmp_path: Path, cli):
    (tmp_path / "bin.txt").write_bytes(b"\x00bin")
    result = cli(*CHECK, "--sibling", str(tmp_path / "bin.txt"), str(SPUN_SEED))
    assert result.code == 2
    assert "bin.txt: binary file" in result.err


def test_a_folder_given_as_sibling_points_to_sibling_dir(tmp_path: Path, cli):
    result = cli(*CHECK, "--sibling", str(tmp_path), str(SPUN_SEED))
    assert result.code == 2
    assert "is a folder" in result.err and "--sibling-dir" in result.err
    assert "not found" not in result.err


@pytest.mark.parametrize(
    ("raw", "encoding"),
    [
        (b"\xff\xfeh\x00i\x00", "UTF-16"),
        (b"\xfe\xff\x00h\x00i", "UTF-16"),
        (b"\xff\xfe\x00\x00h\x00\x00\x00", "UTF-32"),
        (b"\x00\x00\xfe\xff\x00\x00\x00h", "UTF-32"),
    ],
)
def test_utf16_and_utf32_are_named_not_called_binary(raw: bytes, encoding: str):
    with pytest.raises(InputError) as caught:
        decode("u.txt", raw)
    message = str(caught.value)
    assert f"{encoding} text" in message and "UTF-8" in message
    assert "binary" not in message


def test_an_empty_folder_warns_and_passes(tmp_path: Path, cli):
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "notes.py").write_text("x = 1\n", encoding="utf-8")
    result = cli("check", "--isolated", str(tmp_path / "empty"))
    assert result.code == 0
    assert result.err.strip() == f"textqa: warning: no files to check under {tmp_path / 'empty'}"
    assert cli("check", "--isolated", "--quiet", str(tmp_path / "empty")).err == ""


def test_a_subfolder_that_cannot_be_listed_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("Hidden.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Seen.\n", encoding="utf-8")
    real_scandir = os.scandir

    def scandir(path):  # what a folder without read permission does (root reads all)
        if os.fspath(path).endswith("sub"):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    found = discover([str(tmp_path)])
    assert found == [str(tmp_path / "b.txt"), str(tmp_path / "sub")]
    with pytest.raises(InputError, match="sub: cannot read folder: Permission denied"):
        read_source(found[1])


def test_a_missing_path_does_not_stop_the_others(tmp_path: Path, cli):
    (tmp_path / "spun.txt").write_text(SPUN, encoding="utf-8")
    result = cli(*CHECK, str(tmp_path / "absent.txt"), str(tmp_path / "spun.txt"))
    assert result.code == 2
    (error,) = result.err.strip().splitlines()
    assert error.endswith("absent.txt: no such file or directory")
    data = json.loads(result.out)  # still valid JSON: errors go to stderr
    assert data["summary"]["files"] == 1
    assert _paths(result.out) == {str(tmp_path / "spun.txt")}


def test_check_paths_takes_one_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "info.txt").write_text(SPUN, encoding="utf-8")
    by_list = check_paths(["info.txt"])
    assert by_list and [f.text for f in by_list] == [f.text for f in check_paths("info.txt")]
    assert [f.text for f in check_paths(Path("info.txt"))] == [f.text for f in by_list]
    with pytest.raises(InputError, match=r"absent\.txt: no such file"):
        check_paths("absent.txt")


def test_check_paths_skips_what_the_config_excludes(tmp_path: Path, monkeypatch):
    """check_paths walked into `exclude`d folders that `textqa check` skips."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pyproject.toml").write_text(
        '[tool.textqa]\nexclude = ["archive/**"]\nextend-exclude = ["drafts/*.txt"]\n',
        encoding="utf-8",
    )
    for folder in ("archive", "drafts", "news"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "a.txt").write_text(SPUN, encoding="utf-8")
    assert {f.path for f in check_paths(["."])} == {"news/a.txt"}
    assert {f.path for f in check_paths(".", config="pyproject.toml")} == {"news/a.txt"}
    given = {f.path for f in check_paths(".", config={"exclude": ["news/**"]})}
    assert given == {"archive/a.txt", "drafts/a.txt"}


def test_check_text_siblings_str_and_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """As documented: a str naming a file, or one line ending in a prose file's
    extension, is a path; any other str is the text itself; a Path must name a file."""
    monkeypatch.chdir(tmp_path)
    sibling = SEEDS / "003_d0ee5e6dc7a5c66b.txt"
    text = SPUN_SEED.read_text(encoding="utf-8")
    config = Config(select=("siblings",))
    as_path = check_text(text, siblings=[sibling], config=config)
    assert as_path
    assert check_text(text, siblings=[str(sibling)], config=config) == as_path
    # A mistyped file name is an error (as on the command line), not a one-line sibling
    # text that matches nothing and turns the sibling evidence off in silence.
    for missing in ("absent.txt", Path("absent.txt")):
        with pytest.raises(InputError, match=r"^absent\.txt: sibling not found$"):
            check_text(text, siblings=[missing], config=config)
    assert check_text(text, siblings=["Absent sibling text, one line."], config=config) == []
    # Texts given as siblings are told apart in the evidence by their place in the list.
    raw = sibling.read_text(encoding="utf-8")
    found = check_text(text, siblings=["An unrelated line.", raw], config=config)
    assert found and all("<sibling 2>" in " ".join(f.evidence) for f in found)


def test_check_text_path_object_is_reported_as_str():
    """Finding.path was the PosixPath given, where JSON (and the type) say str."""
    findings = check_text(SPUN, path=Path("notes") / "x.md")
    assert findings
    assert {(type(f.path), f.path) for f in findings} == {(str, "notes/x.md")}


@pytest.mark.parametrize(
    "one",
    [str(SEEDS / "003_d0ee5e6dc7a5c66b.txt"), SEEDS / "003_d0ee5e6dc7a5c66b.txt", "Some text."],
    ids=["file-name", "path", "text"],
)
def test_one_sibling_not_in_a_list_is_a_type_error(one: str | Path):
    """A bare str was iterated character by character: one-letter sibling articles."""
    from textqa import align

    for call in (
        lambda: check_text(SPUN, siblings=one),
        lambda: check_paths(str(SPUN_SEED), siblings=one),
        lambda: align(SPUN, one),
    ):
        with pytest.raises(TypeError, match=r"siblings must be a list .*pass siblings=\[\.\.\.\]"):
            call()


def test_a_very_deep_tree_is_walked_without_recursion(tmp_path: Path):
    """Python 3.11's os.walk recurses: a tree 1,000 folders deep was a RecursionError."""
    from textqa.files import discover

    folders = [tmp_path]
    for _ in range(1100):  # (mkdir(parents=True) recurses too)
        folders.append(folders[-1] / "d")
        folders[-1].mkdir()
    text = folders[-1] / "a.txt"
    text.write_text("Macron's workplace stated.\n", encoding="utf-8")
    try:
        assert discover([str(tmp_path)]) == [str(text)]
    finally:  # shutil.rmtree recurses too: pytest's clean-up of tmp_path would fail
        text.unlink()
        for folder in reversed(folders[1:]):
            folder.rmdir()


def test_the_walk_matches_os_walk(tmp_path: Path):
    import os

    from textqa.files import _walk_tree

    for name in ("b/x", "a/y/z", "c"):
        (tmp_path / name).mkdir(parents=True)
        (tmp_path / name / "f.txt").write_text("x", encoding="utf-8")
    (tmp_path / "link").symlink_to(tmp_path / "a", target_is_directory=True)
    (tmp_path / "g.md").write_text("x", encoding="utf-8")

    def listing(walk) -> list[tuple[str, list[str], list[str]]]:
        out = []
        for current, dirnames, filenames in walk:
            dirnames.sort()
            out.append((current, list(dirnames), sorted(filenames)))
        return out

    assert listing(_walk_tree(str(tmp_path), print)) == listing(os.walk(str(tmp_path)))


def test_the_api_names_its_exports_and_refuses_text_that_is_not_a_string():
    """A trial: ``dir(textqa)`` hid the lazy exports, and ``check_text(b"…")`` raised
    the regex module's "cannot use a string pattern on a bytes-like object"."""
    import textqa

    assert set(textqa.__all__) <= set(dir(textqa))
    with pytest.raises(TypeError, match=r"needs the text as a str, not bytes \(decode"):
        check_text(b"Macron's workplace said.")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="needs the text as a str, not NoneType"):
        check_text(None)  # type: ignore[arg-type]


def _nobody_runs_python() -> bool:
    """Whether user nobody can start this interpreter (not where it lives under a
    root-only home, as a pyenv install in /root does)."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0 or not Path("/usr/bin/setpriv").exists():
        return False
    probe = ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
             "env", sys.executable, "-c", "pass"]  # fmt: skip
    return subprocess.run(probe, capture_output=True, check=False).returncode == 0


@pytest.mark.skipif(
    not _nobody_runs_python(),
    reason="runs textqa as another user (needs root, setpriv and a Python that user can run)",
)
def test_a_folder_that_cannot_be_searched_is_a_one_line_error():
    """A trial, as user nobody: files under a root-only folder gave a PermissionError
    traceback (exit 1) from the config search and the path checks; a sibling there was
    "not found"."""
    import shutil
    import tempfile

    base = Path(tempfile.mkdtemp(dir="/tmp"))
    try:
        base.chmod(0o755)
        locked = base / "noexec"
        locked.mkdir(mode=0o700)
        (locked / "x.txt").write_text(SPUN, encoding="utf-8")
        (locked / "c.toml").write_text('fail-on = "warning"\n', encoding="utf-8")
        (base / "ok.txt").write_text("Plain text.\n", encoding="utf-8")
        (base / "ok.txt").chmod(0o644)
        as_nobody = ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                     "env", "HOME=/tmp", "TEXTQA_NO_PACK_CACHE=1", f"PYTHONPATH={ROOT}",
                     sys.executable, "-m", "textqa"]  # fmt: skip
        cases = {
            ("check", "noexec/x.txt"): "noexec/x.txt: cannot read: Permission denied",
            ("fix", "--write", "noexec/x.txt"): "noexec/x.txt: cannot read: Permission denied",
            ("check", "--config", "noexec/c.toml", "ok.txt"): (
                "noexec/c.toml: cannot read the config file: Permission denied"
            ),
            ("check", "ok.txt", "--sibling", "noexec/x.txt"): (
                "noexec/x.txt: cannot read the sibling: Permission denied"
            ),
        }
        for args, message in cases.items():
            done = subprocess.run([*as_nobody, *args], cwd=base, capture_output=True, check=False)
            assert done.returncode == 2, args
            assert done.stderr.decode() == f"textqa: error: {message}\n", args
    finally:
        shutil.rmtree(base)


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_a_device_named_as_input_is_refused(cli):
    """A trial: ``check /dev/zero`` filled the memory until the kernel killed it, and
    ``/dev/urandom`` never ended; /dev/null stays an empty text."""
    for device in ("/dev/zero", "/dev/urandom"):
        result = cli("check", device)
        assert result.code == 2
        assert f"textqa: error: {device}: a character device, not a file\n" in result.err
    result = cli("check", str(SPUN_SEED), "--sibling", "/dev/zero")
    assert result.code == 2 and "/dev/zero: a character device, not a file" in result.err
    assert cli("check", "/dev/null").code == 0


def test_the_api_refuses_siblings_that_are_no_text_and_names_bytes_paths_as_str():
    """A trial: ``siblings=[5]`` became the article "5", and ``path=b"a.txt"`` gave
    findings whose path was bytes (the JSON writer then failed)."""
    with pytest.raises(TypeError, match="sibling 1 must be a text, a path or a Document, not int"):
        check_text(SPUN, siblings=[5])  # type: ignore[list-item]
    with pytest.raises(TypeError, match="not bytes"):
        check_text(SPUN, siblings=[b"Macron's office said."])  # type: ignore[list-item]
    assert {f.path for f in check_text(SPUN, path=b"a.txt")} == {"a.txt"}  # type: ignore[arg-type]
