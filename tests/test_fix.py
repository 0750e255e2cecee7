"""``textqa fix``: what is safe, case and article repair, byte preservation, refusal."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest

from textqa.casing import article_for, match_case, repair_article
from textqa.document import Document
from textqa.files import SourceFile
from textqa.findings import Finding
from textqa.fix import (
    Edit,
    FileChanged,
    FileFix,
    _as_written,
    apply_edits,
    change_lines,
    color_diff,
    fix_verdict,
    in_place,
    plan_edits,
    safe_suggestion,
    unified_diff,
    write_atomically,
)

from conftest import SEEDS, SPUN_SEED

PACK = """\
[pack]
id = "fixpack"
description = "Swaps for the fix tests"
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
id = "uncommon"
spun = ["uncommon"]
original = ["rare"]
fix = "safe"
examples-bad = ["a uncommon meeting"]
examples-good = ["a rare meeting"]

[[rule]]
id = "stated"
spun = ["stated"]
original = ["said"]
fix = "safe"
examples-bad = ["Macron stated."]
examples-good = ["Macron said."]

[[rule]]
id = "navy"
spun = ["navy"]
original = ["military"]
level = "info"
examples-bad = ["Russian navy drills continued."]
examples-good = ["The US Navy sent a ship."]

[[rule]]
id = "large"
spun = ["large"]
original = ["massive", "huge"]
examples-bad = ["large sanctions"]
examples-good = ["massive sanctions"]
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "fixpack.toml").write_text(PACK, encoding="utf-8")
    (tmp_path / "textqa.toml").write_text(
        'packs = ["fixpack.toml"]\nselect = ["fixpack", "quality"]\n', encoding="utf-8"
    )
    return tmp_path


def write(project: Path, name: str, data: bytes) -> Path:
    path = project / name
    path.write_bytes(data)
    return path


# ---------------------------------------------------------------------- case and article
@pytest.mark.parametrize(
    ("template", "replacement", "expected"),
    [
        ("workplace", "office", "office"),
        ("Workplace", "office", "Office"),
        ("WORKPLACE", "office", "OFFICE"),
        ("In Keeping With", "according to", "According To"),
        ("in keeping with", "according to", "according to"),
        ("japanese", "Japanese", "Japanese"),  # a proper noun keeps its capital
        ("A", "an", "An"),
        # A wording with capitals of its own inside keeps them (a trial: "IPhone sales").
        ("Mobile telephone", "iPhone", "iPhone"),
        ("Online Auction Site", "eBay listing", "eBay Listing"),
        ("MOBILE TELEPHONE", "iPhone", "IPHONE"),
    ],
)
def test_match_case(template: str, replacement: str, expected: str):
    assert match_case(template, replacement) == expected


def test_article_for():
    assert [article_for(w) for w in ("office", "rare", "hour", "university", "MP")] == [
        "an",
        "a",
        "an",
        "a",
        "an",
    ]


@pytest.mark.parametrize(
    ("text", "word", "replacement", "expected"),
    [
        ("hosting a uncommon meeting", "uncommon", "rare", "hosting a rare meeting"),
        ("in a workplace near", "workplace", "office", "in an office near"),
        ("An uncommon event", "uncommon", "rare", "A rare event"),
        ("an office nearby", "office", "workplace", "a workplace nearby"),
        ("a\n  workplace", "workplace", "office", "an\n  office"),
        ("a \nworkplace", "workplace", "office", "an \noffice"),  # the break was dropped
        ("a\n\nworkplace", "workplace", "office", "a\n\noffice"),  # a paragraph apart
        ("data workplace", "workplace", "office", "data office"),  # no article: nothing to do
        # A wording in the capitals of the text is read as a word, not spelled out.
        ("hired an EGGHEAD today", "EGGHEAD", "SCIENTIST", "hired a SCIENTIST today"),
        ("AN EGGHEAD FOUND ICE", "EGGHEAD", "SCIENTIST", "A SCIENTIST FOUND ICE"),
        ("A WORKPLACE FIRE", "WORKPLACE", "OFFICE", "AN OFFICE FIRE"),
        ("in an AGENCY", "AGENCY", "FBI", "in an FBI"),  # an acronym is still spelled out
    ],
)
def test_repair_article(text: str, word: str, replacement: str, expected: str):
    start = text.index(word)
    new_start, new = repair_article(text, start, start + len(word), replacement)
    assert text[:new_start] + new + text[start + len(word) :] == expected


def test_write_fixes_the_article_before_a_wording_in_capitals(tmp_path: Path, cli):
    """The article before a wording in capitals was left as it was: "an SCIENTIST"."""
    pack = PACK.split("[[rule]]")[0] + (
        '[[rule]]\nid = "boffin"\nspun = ["egghead"]\noriginal = ["scientist"]\n'
        'fix = "safe"\nexamples-bad = ["An egghead came."]\nexamples-good = ["A chemist came."]\n'
    )
    (tmp_path / "h.toml").write_text(pack, encoding="utf-8")
    (tmp_path / "textqa.toml").write_text('packs = ["h.toml"]\nselect = ["fixpack"]\n')
    path = write(
        tmp_path,
        "t.txt",
        b"They hired an egghead.\n\nThey hired an EGGHEAD yesterday.\n\nAN EGGHEAD FOUND ICE.\n",
    )
    assert cli("fix", "--write", str(path)).code == 1
    assert path.read_bytes() == (
        b"They hired a scientist.\n\nThey hired a SCIENTIST yesterday.\n\nA SCIENTIST FOUND ICE.\n"
    )


# ---------------------------------------------------------------------- safety
def finding(text: str, word: str, suggestions, confidence=0.9, rule="x.y", source="stats", **kw):
    doc = Document(text)
    start = text.index(word)
    return doc.finding(
        start,
        start + len(word),
        rule=rule,
        source=source,
        level=kw.pop("level", "warning"),
        message="m",
        suggestions=suggestions,
        confidence=confidence,
        **kw,
    )


def test_safe_suggestion_needs_one_clear_best_above_the_threshold():
    text = "Macron's workplace stated."
    assert safe_suggestion(finding(text, "workplace", ["office"], 0.9), 0.8) == "office"
    assert safe_suggestion(finding(text, "workplace", ["office"], 0.7), 0.8) is None
    assert safe_suggestion(finding(text, "workplace", ["office", "bureau"], 0.9), 0.8) is None
    assert safe_suggestion(finding(text, "workplace", [], 0.99), 0.8) is None
    # A sibling that shows the first wording makes it the clear best.
    backed = finding(
        text,
        "workplace",
        ["office", "bureau"],
        0.9,
        evidence=['sibling 003.txt line 3: "Macron\'s office said."'],
    )
    assert safe_suggestion(backed, 0.8) == "office"


def test_a_word_level_statistical_guess_needs_a_sibling_to_be_safe():
    text = "Moscow is gearing up for an invasion, officials said."
    guess = finding(text, "gearing up", ["preparing"], 0.91, rule="stats.substitution")
    assert safe_suggestion(guess, 0.8) is None  # seed 002: the annotation keeps "gearing up"
    shown = finding(
        text,
        "gearing up",
        ["preparing"],
        0.91,
        rule="stats.substitution",
        evidence=['sibling 003.txt line 4: "Moscow is preparing for an invasion"'],
    )
    assert safe_suggestion(shown, 0.8) == "preparing"


def test_statistics_alone_never_safely_drop_a_word():
    # Seed 002 after one round of fixes: "Aggressive military action has" — a shorter
    # phrase always fits the n-grams better, so "action" alone must not be written.
    text = "Aggressive military action has already begun in and around Ukraine."
    dropping = finding(text, "military action", ["action"], 0.9)
    assert safe_suggestion(dropping, 0.8) is None
    # A sibling showing the shorter wording, or a swap of the same length, is still safe.
    backed = finding(
        text, "military action", ["action"], 0.9, evidence=['sibling 003.txt line 2: "action has"']
    )
    assert safe_suggestion(backed, 0.8) == "action"
    assert safe_suggestion(finding(text, "military action", ["army action"], 0.9), 0.8) == (
        "army action"
    )
    # A wording with a word the text lacks is a swap, not a deletion.
    assert safe_suggestion(finding(text, "military action", ["action taken"], 0.9), 0.8) == (
        "action taken"
    )


def test_quality_fix_yields_to_the_substitution_it_depends_on():
    text = "Biden was hosting a uncommon weekend meeting."
    swap = finding(text, "uncommon", ["rare"], 0.95)
    article = finding(text, "a uncommon", ["an"], 0.95, rule="quality.a-an", source="quality")
    article = Finding(**{**article.to_dict(), "end": article.start + 1, "text": "a",
                         "suggestions": ("an",), "evidence": ()})  # fmt: skip
    edits = plan_edits(text, [article, swap], 0.8)
    assert apply_edits(text, edits) == "Biden was hosting a rare weekend meeting."
    # Without the substitution, the article fix alone is applied.
    assert apply_edits(text, plan_edits(text, [article], 0.8)) == (
        "Biden was hosting an uncommon weekend meeting."
    )


def test_overlapping_fixes_keep_the_most_confident():
    text = "in keeping with the plan"
    whole = finding(text, "in keeping with", ["according to"], 0.95)
    part = finding(text, "keeping", ["holding"], 0.85)
    assert apply_edits(text, plan_edits(text, [part, whole], 0.8)) == "according to the plan"


def test_plan_edits_asks_only_the_neighbours_of_each_edit(monkeypatch: pytest.MonkeyPatch):
    """Every edit was checked against every edit chosen before it: fixing a 1000-line
    text took 47 s. The article before each swap is still folded into it."""
    import textqa.fix

    calls = []
    touches = textqa.fix._touches
    monkeypatch.setattr(textqa.fix, "_touches", lambda *a: calls.append(1) or touches(*a))
    n = 1000
    text = "".join(f"Item {i}: hosting a uncommon meeting.\n\n" for i in range(n))
    doc = Document(text)
    at = {"level": "warning", "message": "m", "confidence": 0.95}
    findings = []
    for i in range(n):
        start = text.index("a uncommon", text.index(f"Item {i}:"))
        swap = doc.finding(start + 2, start + 10, rule="x.y", source="stats",
                           suggestions=["rare"], **at)  # fmt: skip
        article = doc.finding(start, start + 1, rule="quality.a-an", source="quality",
                              suggestions=["an"], **at)  # fmt: skip
        findings += [swap, article]
    edits = plan_edits(text, findings, 0.8)
    assert apply_edits(text, edits) == text.replace("a uncommon", "a rare")
    assert len(calls) < 5 * n  # was n * (n - 1) / 2 and more


def test_repair_article_looks_only_before_the_word():
    """The article search ran over the whole text before the word, once per fix."""
    import time

    text = "They met in a hall. " * 50_000 + "They met in a workplace."
    start = text.rindex("workplace")
    began = time.perf_counter()
    for _ in range(100):
        assert repair_article(text, start, start + 9, "office") == (start - 2, "an office")
    assert time.perf_counter() - began < 1.0  # was 4 s (a 1 MB scan per call)


def test_apply_edits_leaves_every_other_character():
    text = "α workplace\r\nβ stated"
    edits = [
        Edit(2, 11, "workplace", "office", None),  # type: ignore[arg-type]
        Edit(15, 21, "stated", "said", None),  # type: ignore[arg-type]
    ]
    assert apply_edits(text, edits) == "α office\r\nβ said"


def test_unified_diff_marks_a_missing_final_newline():
    diff = unified_diff("a.txt", "one\ntwo", "one\nthree")
    assert diff.endswith("+three\n\\ No newline at end of file\n")
    assert diff.startswith("--- a/a.txt\n+++ b/a.txt\n")


def test_unified_diff_ends_lines_only_at_a_line_feed():
    """A form feed, NEL or U+2028 ended a diff line, and "No newline at end of file"
    came out in mid-file (a malformed patch)."""
    before = "Page one.\f\nIt was a uncommon\u2028meeting.\x85\n"
    diff = unified_diff("ff.txt", before, before.replace("a uncommon", "a rare"))
    assert diff == (
        "--- a/ff.txt\n+++ b/ff.txt\n@@ -1,2 +1,2 @@\n Page one.\f\n"
        "-It was a uncommon\u2028meeting.\x85\n+It was a rare\u2028meeting.\x85\n"
    )
    # Coloured, each line is still one line, coloured by its kind.
    assert "\x1b[31m-It was a uncommon\u2028meeting.\x85\x1b[0m\n" in color_diff(diff)
    # A CR-only text is one line to patch and git, and so to the diff.
    diff = unified_diff("cr.txt", "One.\rA uncommon day.\r", "One.\rA rare day.\r")
    assert diff == (
        "--- a/cr.txt\n+++ b/cr.txt\n@@ -1 +1 @@\n"
        "-One.\rA uncommon day.\r\n\\ No newline at end of file\n"
        "+One.\rA rare day.\r\n\\ No newline at end of file\n"
    )


def _patch(folder: Path, diff: str) -> None:
    """Apply ``diff`` in ``folder`` with GNU patch, as a user would."""
    done = subprocess.run(
        ["patch", "-p1", "--batch", "-s"],
        cwd=folder,
        input=diff.encode(),
        capture_output=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.skipif(shutil.which("patch") is None, reason="needs GNU patch")
@pytest.mark.parametrize("brk", ["\n", "\r\n", "\r", "\f\n", "\u2028", "\x85"])
def test_patch_applies_the_diff_whatever_the_line_breaks(tmp_path: Path, brk: str):
    before = brk.join(["Page one.", "It was a uncommon meeting.", "", "End."]) + brk
    after = before.replace("a uncommon", "a rare")
    (tmp_path / "f.txt").write_bytes(before.encode())
    diff = unified_diff("f.txt", before, after)
    _patch(tmp_path, diff)
    assert (tmp_path / "f.txt").read_bytes() == after.encode()


@pytest.mark.skipif(shutil.which("patch") is None, reason="needs GNU patch")
def test_fix_diff_of_a_file_with_a_bom_applies(tmp_path: Path, cli, monkeypatch):
    """The diff left the BOM out of the first line, and patch and git apply refused it."""
    raw = "\ufeffMacron’s workplace stated the talks.\nSecond.\n".encode()
    (tmp_path / "a.txt").write_bytes(raw)
    (tmp_path / "b.txt").write_bytes(raw)
    monkeypatch.chdir(tmp_path)
    result = cli("fix", "--diff", "a.txt", "--color", "never")
    assert result.code == 1
    assert "-\ufeffMacron’s workplace stated the talks.\n" in result.out
    _patch(tmp_path, result.out)
    assert cli("fix", "--write", "b.txt").code == 1
    patched = (tmp_path / "a.txt").read_bytes()
    assert patched.startswith("\ufeffMacron’s office".encode())
    assert patched == (tmp_path / "b.txt").read_bytes()


def test_unified_diff_names_files_as_git_does():
    """A name with a space lacked git's closing TAB, and patch looked for "a/my"."""
    assert unified_diff("my file.txt", "a\n", "b\n").startswith(
        "--- a/my file.txt\t\n+++ b/my file.txt\t\n"
    )
    # A quote, a backslash or a control character: quoted with C escapes, as git does.
    assert unified_diff('q"uo\\te\n.txt', "a\n", "b\n").startswith(
        '--- "a/q\\"uo\\\\te\\n.txt"\n+++ "b/q\\"uo\\\\te\\n.txt"\n'
    )
    assert unified_diff("café.txt", "a\n", "b\n").startswith("--- a/café.txt\n")


@pytest.mark.skipif(shutil.which("patch") is None, reason="needs GNU patch")
@pytest.mark.parametrize("name", ["my file.txt", 'say "hi" \\ bye.txt', "tab\there.txt"])
def test_patch_finds_a_file_whatever_its_name(tmp_path: Path, name: str):
    (tmp_path / name).write_bytes(b"It was a uncommon day.\n")
    diff = unified_diff(name, "It was a uncommon day.\n", "It was a rare day.\n")
    _patch(tmp_path, diff)
    assert (tmp_path / name).read_bytes() == b"It was a rare day.\n"


def _retitled(text: str, old: str, new: str) -> str:
    """``text`` with ``old`` replaced by ``new``, and the adornment edits that follow."""
    from textqa.rst_titles import adornment_edits

    start = text.index(old)
    edits = [Edit(start, start + len(old), old, new, None)]  # type: ignore[arg-type]
    extra = adornment_edits(text, [(start, start + len(old), new)])
    edits += [Edit(s, e, text[s:e], n, None) for s, e, n, _ in extra]  # type: ignore[arg-type]
    return apply_edits(text, sorted(edits, key=lambda e: e.start))


@pytest.mark.parametrize(
    ("text", "old", "new", "expected"),
    [
        # An underline as long as the title follows it, longer or shorter.
        ("Navy motion\n===========\n", "Navy", "Military", "Military motion\n===============\n"),
        ("A military act\n--------------\n", "military ", "", "A act\n-----\n"),
        ("Navy motion\n===========\n\nText.\n", "motion", "action", None),  # as long
        # A longer underline stays, until the title outgrows it.
        ("Navy motion\n~~~~~~~~~~~~~~\n", "Navy", "Armies", None),
        ("Navy motion\n~~~~~~~~~~~~~~\n", "Navy", "Military", "Military motion\n~~~~~~~~~~~~~~~\n"),
        # An overline with it (an inset title counts its indent), CRLF and trailing blanks.
        ("\r\n====\nNavy\n====\r\n", "Navy", "Military", "\r\n========\nMilitary\n========\r\n"),
        ("======\n Navy \n======\n", "Navy", "Military", "=========\n Military \n=========\n"),
        ("Navy motion \r\n=========== \r\n", "Navy", "Military",
         "Military motion \r\n=============== \r\n"),
        # Not a title: the underline was already short, the line ends a paragraph, the
        # line is an indented quote, or the "underline" is not one repeated character.
        ("Navy motion\n=====\n", "Navy", "Military", None),
        ("Some text.\nNavy motion\n===========\n", "Navy", "Military", None),
        ("\n  Navy motion\n  ===========\n", "Navy", "Military", None),
        ("Navy motion\n=-=-=-=-=-=\n", "Navy", "Military", None),
        ("Navy\n====", "Navy", "Military", "Military\n========"),
    ],
)  # fmt: skip
def test_a_fixed_section_title_keeps_its_underline_long_enough(
    text: str, old: str, new: str, expected: str | None
):
    assert _retitled(text, old, new) == (expected or text.replace(old, new, 1))


def test_write_lengthens_a_section_title_underline_in_rst_only(tmp_path: Path, cli):
    """A longer title over its old underline: docutils warned "Title underline too
    short". The change list shows the new underline; it is no finding of its own."""
    data = (
        b"Russian chief and navy motion\n=============================\n\n"
        b"The two leaders final spoke by phone.\n"
    )
    rst = write(tmp_path, "h.rst", data)
    txt = write(tmp_path, "h.txt", data)
    result = cli("fix", "--write", "--isolated", "--select", "news-spin", str(rst), str(txt))
    assert result.code == 1
    fixed = b"Russian chief and military action\n%s\n\nThe two leaders last spoke by phone.\n"
    assert rst.read_bytes() == fixed % (b"=" * 33)
    assert txt.read_bytes() == fixed % (b"=" * 29)
    # The underline follows the title's fix: listed as such, not counted as a finding.
    assert (
        f"{rst}:2:1: news-spin.military-navy (the title's adornment) '{'=' * 29}' → '{'=' * 33}'"
        in result.out
    )
    assert "Fixed 6 findings in 2 files." in result.out


# ---------------------------------------------------------------------- writing
def test_write_atomically_refuses_a_changed_file_and_keeps_permissions(tmp_path: Path):
    path = tmp_path / "a.txt"
    path.write_bytes(b"old")
    os.chmod(path, 0o640)
    with pytest.raises(FileChanged):
        write_atomically(str(path), b"something else", b"new")
    assert path.read_bytes() == b"old"
    write_atomically(str(path), b"old", b"new")
    assert path.read_bytes() == b"new"
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]  # no temporary file left


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0, reason="giving a file away needs root"
)
def test_write_atomically_keeps_owner_and_extended_attributes(tmp_path: Path):
    """A trial: run as root, the rename handed a user's file to root, and dropped its
    extended attributes (ACLs, SELinux labels, tags)."""
    path = tmp_path / "a.txt"
    path.write_bytes(b"old")
    os.chown(path, 1234, 5678)
    try:
        os.setxattr(path, "user.tag", b"kept")
    except OSError:
        pytest.skip("this file system has no user extended attributes")
    inode = path.stat().st_ino
    write_atomically(str(path), b"old", b"new")
    assert path.read_bytes() == b"new"
    assert (path.stat().st_uid, path.stat().st_gid) == (1234, 5678)
    assert os.getxattr(path, "user.tag") == b"kept"
    assert path.stat().st_ino != inode  # written by rename: atomic


def test_write_atomically_writes_in_place_where_the_owner_cannot_be_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """Another user's file in a shared folder: the new file cannot be given to them, so
    the old one is overwritten in place (keeping owner and attributes), not replaced."""
    path = tmp_path / "a.txt"
    path.write_bytes(b"old")
    inode = path.stat().st_ino
    real_stat = os.stat

    def foreign_owner(name, *args, **kwargs):
        status = real_stat(name, *args, **kwargs)
        if str(name) == str(path):
            fields = list(status)
            fields[stat.ST_UID] = status.st_uid + 1
            return os.stat_result(fields)
        return status

    def refuse(*_args, **_kwargs):
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "stat", foreign_owner)
    monkeypatch.setattr(os, "chown", refuse)
    write_atomically(str(path), b"old", b"new")
    monkeypatch.undo()
    assert path.read_bytes() == b"new"
    assert path.stat().st_ino == inode
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]  # no temporary file left


def test_write_fixes_a_hard_linked_file_in_place(project: Path, cli):
    """The rename gave the fixed file a new inode: its other links kept the spun text."""
    path = write(project, "a.txt", b"Macron's workplace stated.\n")
    other = project / "b.txt"
    os.link(path, other)
    inode = path.stat().st_ino
    assert cli("fix", "--write", str(path)).code == 1
    assert path.read_bytes() == other.read_bytes() == b"Macron's office said.\n"
    assert path.stat().st_ino == other.stat().st_ino == inode
    assert path.stat().st_nlink == 2
    # In place, too, a file changed since it was read is left alone.
    with pytest.raises(FileChanged):
        write_atomically(str(other), b"Macron's workplace stated.\n", b"x")
    assert other.read_bytes() == b"Macron's office said.\n"


def test_write_refuses_a_read_only_file_and_fixes_the_rest(project: Path, cli):
    """A file with no write bit was replaced all the same (the rename needs only the
    folder's permission, and root ignores permissions)."""
    locked = write(project, "locked.txt", b"Macron's workplace stated.\n")
    os.chmod(locked, 0o444)
    free = write(project, "free.txt", b"Macron's workplace stated.\n")
    result = cli("fix", "--write", str(locked), str(free))
    assert result.code == 2
    assert result.err == f"textqa: error: {locked}: read-only (no write permission); not fixed\n"
    assert locked.read_bytes() == b"Macron's workplace stated.\n"
    assert stat.S_IMODE(locked.stat().st_mode) == 0o444
    assert free.read_bytes() == b"Macron's office said.\n"
    # The locked file's safe fixes are not "left without a safe fix": they were refused.
    assert "Fixed 2 findings in 1 file; 2 safe fixes not written (see above)." in result.out


def test_write_keeps_crlf_non_ascii_and_no_final_newline(project: Path, cli):
    data = "Café owner’s workplace stated:\r\n«Uncommon» — a uncommon day in Zürich".encode()
    path = write(project, "crlf.txt", data)
    result = cli("fix", "--write", str(path))
    assert result.code == 1
    assert path.read_bytes() == (
        "Café owner’s office said:\r\n«Rare» — a rare day in Zürich".encode()
    )
    assert f"{path}:1:14: fixpack.workplace 'workplace' → 'office'" in result.out
    assert f"{path}:2:2: fixpack.uncommon 'Uncommon' → 'Rare'" in result.out
    assert "Fixed 4 findings in 1 file." in result.out


def test_write_keeps_the_bom_and_fixes_the_article(project: Path, cli):
    path = write(project, "bom.md", b"\xef\xbb\xbfWe met in a workplace.\n")
    assert cli("fix", "--write", str(path)).code == 1
    assert path.read_bytes() == b"\xef\xbb\xbfWe met in an office.\n"


def test_write_twice_changes_nothing_the_second_time(project: Path, cli):
    path = write(project, "twice.txt", b"Macron's workplace stated on Sunday.\n")
    first = cli("fix", "--write", str(path))
    after_first = path.read_bytes()
    second = cli("fix", "--write", str(path))
    assert (first.code, second.code) == (1, 0)
    assert after_first == b"Macron's office said on Sunday.\n"
    assert path.read_bytes() == after_first
    assert "Fixed 0 findings in 0 files." in second.out


def test_write_applies_only_safe_fixes(project: Path, cli):
    text = b"Russian navy drills used large sanctions.\n"  # a hint and a suggest-only rule
    path = write(project, "unsafe.txt", text)
    result = cli("fix", "--write", str(path))
    assert result.code == 0
    assert path.read_bytes() == text
    assert "left without a safe fix" in result.out


def test_write_refuses_a_file_changed_since_it_was_read(
    project: Path, cli, monkeypatch: pytest.MonkeyPatch
):
    path = write(project, "busy.txt", b"Macron's workplace stated.\n")
    import textqa.fix

    original = textqa.fix.fix_document

    def edit_meanwhile(*args, **kwargs):
        path.write_bytes(b"Someone else's edit.\n")
        return original(*args, **kwargs)

    monkeypatch.setattr(textqa.fix, "fix_document", edit_meanwhile)
    result = cli("fix", "--write", str(path))
    assert result.code == 2
    assert f"{path}: changed since it was read; not fixed" in result.err
    assert path.read_bytes() == b"Someone else's edit.\n"


def test_diff_prints_and_changes_nothing(project: Path, cli):
    path = write(project, "d.txt", b"First line.\r\nMacron's workplace stated.")
    result = cli("fix", "--diff", str(path))
    assert result.code == 1
    assert path.read_bytes() == b"First line.\r\nMacron's workplace stated."
    name = str(path).lstrip("/")
    assert result.out == (
        f"--- a/{name}\n+++ b/{name}\n@@ -1,2 +1,2 @@\n First line.\r\n"
        "-Macron's workplace stated.\n\\ No newline at end of file\n"
        "+Macron's office said.\n\\ No newline at end of file\n"
    )
    clean = write(project, "clean.txt", b"Macron's office said.\n")
    assert cli("fix", "--diff", str(clean)).code == 0


def test_diff_and_write_print_their_own_output_whatever_the_format_and_say_so(project: Path, cli):
    """fix --diff prints the diff, as ruff's --diff ignores --output-format, so a script
    gets what --diff promises; but a --format that does nothing is named on stderr (it
    was ignored in silence)."""
    data = b"Macron's workplace stated.\n"
    path = write(project, "f.txt", data)
    plain = cli("fix", "--diff", str(path))
    as_json = cli("fix", "--diff", "--format", "json", str(path))
    assert (as_json.code, as_json.out) == (plain.code, plain.out)
    assert plain.code == 1 and plain.out.startswith("--- a/")
    warning = (
        "textqa: warning: --format json does not apply to fix --diff, which prints a "
        "unified diff; for findings as json use check or fix --suggest"
    )
    assert as_json.err.splitlines()[0] == warning
    assert "warning" not in plain.err
    assert "warning" not in cli("fix", "--diff", "-q", "--format", "json", str(path)).err
    written = cli("fix", "--write", "--format", "sarif", str(path))
    assert written.code == 1 and "does not apply to fix --write" in written.err
    assert path.read_bytes() == b"Macron's office said.\n"


def test_stdin_write_prints_the_fixed_text(project: Path, cli, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(project)
    result = cli("fix", "--write", "-", stdin="A workplace, ANOTHER WORKPLACE.\n")
    assert result.code == 1
    assert result.out == "An office, ANOTHER OFFICE.\n"
    assert "<stdin>:1:1: fixpack.workplace 'A workplace' → 'An office'" in result.err


def test_suggest_shows_sentence_suggestions_confidence_and_evidence(project: Path, cli):
    path = write(project, "s.txt", b"Intro line.\nThen Macron's workplace stated. Done.\n")
    result = cli("fix", "--suggest", "--color", "never", str(path))
    assert result.code == 1  # as check: warnings fail
    lines = result.out.splitlines()
    at = lines.index(f"{path}:2:15: fixpack.workplace [warning] 'workplace' is a spinner "
                     "synonym of 'office'")  # fmt: skip
    assert lines[at + 1] == "  │ Then Macron's workplace stated."
    assert lines[at + 2] == "  │               ^^^^^^^^^"
    assert lines[at + 3].startswith("  │ 1. office  confidence 0.9")
    assert lines[at + 3].endswith("(safe: --write applies it)")
    assert lines[at + 4] == "  │ evidence: pack fixpack"
    assert path.read_bytes() == b"Intro line.\nThen Macron's workplace stated. Done.\n"
    data = json.loads(cli("fix", "--suggest", "--format", "json", str(path)).out)
    assert [f["rule"] for f in data["findings"]] == ["fixpack.workplace", "fixpack.stated"]


def test_suggest_starts_with_its_first_finding_and_separates_blocks(project: Path, cli):
    """No stray blank line before the first finding (or before a lone summary); one blank
    line between findings and before the summary, as ruff lays out its report."""
    path = write(project, "s.txt", b"Macron's workplace stated.\n")
    lines = cli("fix", "--suggest", "--color", "never", str(path)).out.splitlines()
    assert lines[0] == (f"{path}:1:10: fixpack.workplace [warning] 'workplace' is a spinner "
                        "synonym of 'office'")  # fmt: skip
    assert lines[5] == ""
    assert lines[6] == (f"{path}:1:20: fixpack.stated [warning] 'stated' is a spinner "
                        "synonym of 'said'")  # fmt: skip
    assert lines[-2] == ""
    assert lines[-1].startswith("2 findings, 2 with a safe fix")
    assert [i for i, line in enumerate(lines) if line == ""] == [5, 11]
    clean = write(project, "clean.txt", b"Macron's office said.\n")
    out = cli("fix", "--suggest", "--color", "never", str(clean)).out
    assert out == "No findings: nothing to fix.\n"
    unsafe = write(project, "unsafe.txt", b"They imposed large sanctions.\n")  # two originals
    last = cli("fix", "--suggest", "--color", "never", str(unsafe)).out.splitlines()[-1]
    assert last == "1 finding, none with a safe fix (fix threshold 0.8): nothing for --write."


def test_suggest_keeps_a_title_on_one_line_when_the_span_crosses_a_line_break(cli):
    """A phrase wrapped over two lines ("in and\nround") is quoted in the message with its
    line break: the --suggest title printed it and split in two (check's titles did not)."""
    text = "The talks went on in and\nround the capital for hours.\n"
    lines = cli("fix", "--suggest", "--isolated", "--color", "never", "-", stdin=text).out
    assert (
        "<stdin>:1:19: news-spin.in-and-around [warning] 'in and round' is a spinner synonym "
        "of 'in and around'"
    ) in lines.splitlines()


def test_full_report_starts_with_its_first_line(project: Path, cli):
    path = write(project, "s.txt", b"Macron's workplace stated.\n")
    lines = cli("check", "--format", "full", "--color", "never", str(path)).out.splitlines()
    assert lines[0].startswith(f"{path}  (2 findings")  # then the spin score
    assert lines[1] == ""
    assert lines[2].startswith(f"{path}:1:10: fixpack.workplace [warning]")
    clean = write(project, "clean.txt", b"Macron's office said.\n")
    out = cli("check", "--format", "full", "--color", "never", str(clean)).out
    assert out.splitlines()[0] == "All checks passed."


def test_suggest_shows_a_document_verdict_without_a_passage(cli):
    result = cli("fix", "--suggest", "--color", "never", str(SEEDS / "002_3639516a7f37bea3.txt"))
    lines = result.out.splitlines()
    at = next(i for i, line in enumerate(lines) if " stats.density [warning] " in line)
    assert lines[at + 1].startswith("  │ evidence: the suspects are 10^")
    assert lines[at + 2] == "  │           document spin score 1.00"
    assert "no suggestion" not in result.out


def test_a_sibling_showing_another_wording_overrides_even_a_safe_pack_rule():
    from textqa.packs import Rule

    rule = Rule("p.dwelling", "p", ("dwelling",), ("living",), "warning", "safe", "m")
    text = "The metropolis is dwelling house to renowned universities."
    hit = finding(text, "dwelling", ["living"], 0.99, rule="p.dwelling", source="rules")
    assert safe_suggestion(hit, 0.8, {rule.id: rule}) == "living"
    shown = replace(hit, evidence=('sibling 003.txt line 1: "The metropolis is home to renowned"',))
    assert safe_suggestion(shown, 0.8, {rule.id: rule}) is None


def test_an_echo_is_safe_only_for_a_swap_a_pack_names():
    from textqa.packs import Rule

    # DEV, the sibling lacking this sentence: "force" was "violence" on line 10, but here
    # it is the spinner's "defense force" for "defense". The excerpt shows line 10.
    text = "All the same, the defense force ministry in Minsk said the drills will go on."
    echo = finding(
        text,
        "force",
        ["violence"],
        0.98,
        rule="siblings.substitution",
        source="siblings",
        evidence=("same swap as line 10", 'sibling s.txt line 1: "…intensified violence in…"'),
    )
    assert safe_suggestion(echo, 0.8) is None
    # "stated" for "said" is a pack's swap: the echo makes it safe, as on seed 002.
    rule = Rule("p.stated", "p", ("stated",), ("said",), "warning", "suggest", "m")
    text = "Macron's office stated on Sunday that talks would resume."
    stated = finding(
        text,
        "stated",
        ["said"],
        0.97,
        rule="p.stated",
        source="rules",
        evidence=("pack p", "same swap as line 3", 'sibling s.txt line 3: "…office said."'),
    )
    assert safe_suggestion(stated, 0.8, {rule.id: rule}) == "said"
    assert safe_suggestion(replace(stated, evidence=("pack p",)), 0.8, {rule.id: rule}) is None


def test_an_echo_is_no_evidence_where_another_original_is_suggested_here():
    from textqa.packs import Rule

    # DEV (enwiki, perturbed sibling): "nation" was "country" on line 5, and the pack names
    # that swap; here the spinner's "a separate nation" was "a separate state", which the
    # statistics suggest too. The echo of line 5 must not settle it.
    rule = Rule("p.nation", "p", ("nation",), ("country",), "info", "suggest", "m")
    text = "It re-affirmed its willingness to make a separate nation as the Republic."
    echo = finding(
        text,
        "nation",
        ["country", "state"],
        0.9,
        rule="p.nation",
        source="rules",
        evidence=("pack p", "same swap as line 5", 'sibling s.txt line 5: "…the country…"'),
    )
    assert safe_suggestion(echo, 0.8, {rule.id: rule}) is None
    assert safe_suggestion(replace(echo, suggestions=("country",)), 0.8, {rule.id: rule}) == (
        "country"
    )


def test_a_fix_never_sets_a_word_beside_itself():
    # DEV (BBC News): the spinner's "Blood plasma boards" (for "Plasma display panels")
    # had "Blood" fixed to "Plasma": "Plasma plasma boards".
    text = "Blood plasma boards are used for large, thin TVs."
    hit = finding(text, "Blood", ["Plasma"], 0.9, rule="siblings.substitution", source="siblings")
    assert safe_suggestion(hit, 0.8) == "Plasma"  # on its own a clear best
    assert plan_edits(text, [hit], 0.8) == []
    shown = replace(hit, evidence=('sibling s.txt line 1: "Plasma plasma boards are…"',))
    assert [e.new for e in plan_edits(text, [shown], 0.8)] == ["Plasma"]


def test_the_article_a_sibling_shows_before_the_wording_is_kept():
    # DEV (BBC News): the source itself reads "in an bid to help"; restoring "bid" from it
    # must give its article back as it is, while a sibling with "a bid" repairs it.
    text = "The state is regaining control of Air Jamaica in an play to help the firm."
    excerpt = 'sibling s.txt line 1: "…control of Air Jamaica in an bid to help…"'
    hit = finding(text, "play", ["bid"], 0.96, rule="siblings.substitution", source="siblings")
    kept = replace(hit, evidence=(excerpt,))
    assert [(e.old, e.new) for e in plan_edits(text, [kept], 0.8)] == [("play", "bid")]
    repaired = replace(hit, evidence=(excerpt.replace("an bid", "a bid"),))
    assert [(e.old, e.new) for e in plan_edits(text, [repaired], 0.8)] == [("an play", "a bid")]


def test_a_wrong_article_guess_needs_a_sibling_to_be_safe():
    # DEV: "at an lift of 1,023 metres" was "an elevation"; the likeliest vowel-initial
    # candidate was "elevator". The article proves a swap, not what it replaced.
    text = "It lies at an lift of 1,023 metres above sea level."
    guess = finding(text, "lift", ["elevator"], 0.81, rule="stats.a-an")
    assert safe_suggestion(guess, 0.8) is None
    shown = replace(guess, evidence=('sibling s.txt line 1: "…at an elevator of 1,023…"',))
    assert safe_suggestion(shown, 0.8) == "elevator"


def test_the_verdict_says_why_a_suggestion_is_not_applied():
    from textqa.packs import Rule

    text = "Macron's workplace stated the call lasted 105 minutes."
    assert fix_verdict(finding(text, "workplace", ["office"], 0.9), 0.8) == ("office", "")
    assert fix_verdict(finding(text, "workplace", ["office"], 0.7), 0.8) == (
        None,
        "below the fix threshold 0.8",
    )
    assert fix_verdict(finding(text, "workplace", ["office", "bureau"], 0.9), 0.8) == (
        None,
        "no clear best; applied where a sibling shows one",
    )
    hint = finding(text, "workplace", ["office"], 0.99, level="info")
    assert fix_verdict(hint, 0.8) == (None, "a hint; applied only to warnings")
    guess = finding(text, "workplace", ["office"], 0.9, rule="stats.substitution")
    assert fix_verdict(guess, 0.8)[1] == "a statistical guess; applied where a sibling shows it"
    rule = Rule("p.stated", "p", ("stated",), ("said",), "info", "suggest", "m")
    hint = finding(text, "stated", ["said"], 0.9, rule="p.stated", source="rules")
    assert fix_verdict(hint, 0.8, {rule.id: rule}) == (
        None,
        "p only suggests it; applied where a sibling shows it",
    )


def test_suggest_says_why_a_guess_is_not_applied(project: Path, cli):
    path = write(project, "g.txt", b"The tower stands at an lift of 1,023 metres, they said.\n")
    lines = cli("fix", "--suggest", "--color", "never", "--select", "stats", str(path)).out
    [line] = [x for x in lines.splitlines() if x.startswith("  \u2502 1. elevator")]
    assert line.endswith("(not applied: a statistical guess; applied where a sibling shows it)")


def test_another_copy_of_the_spun_article_among_the_siblings_does_not_undo_the_fixes(
    tmp_path: Path, cli, monkeypatch: pytest.MonkeyPatch
):
    # The sibling folder holds the spun seed itself as well as the four clean seeds. Once
    # the fixes make the article differ from that copy, the copy must not vouch for the
    # spinner's wording (the second round, or a second --write, would put it back).
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "coverage"
    folder.mkdir()
    for seed in SEEDS.glob("*.txt"):
        (folder / seed.name).write_bytes(seed.read_bytes())
    spun = (SEEDS / "002_3639516a7f37bea3.txt").read_bytes()
    article = write(tmp_path, "article.txt", spun)
    first = cli("fix", "--write", str(article), "--sibling-dir", str(folder))
    fixed = article.read_bytes()
    assert "Fixed 51 findings in 1 file" in first.out  # each one checked against the annotation
    explicit = write(tmp_path, "explicit.txt", spun)
    clean = [str(folder / s.name) for s in SEEDS.glob("*.txt") if not s.name.startswith("002")]
    cli("fix", "--write", str(explicit), *(a for p in clean for a in ("--sibling", p)))
    assert fixed == explicit.read_bytes()  # as with the clean seeds named one by one
    second = cli("fix", "--write", str(article), "--sibling-dir", str(folder))
    assert (second.code, second.out.startswith("Fixed 0 findings in 0 files")) == (0, True)
    assert article.read_bytes() == fixed
    report = cli("check", "--format", "full", str(article), "--sibling-dir", str(folder)).out
    assert "ignored sibling 002_3639516a7f37bea3.txt: it reads as spun itself" in report


# ---------------------------------------------------------------------- code is left alone
@pytest.mark.parametrize(
    ("name", "data"),
    [
        (
            "h5.html",
            b"<html><body>\n<script>\n// uses profound learning\nrun(profound learning);\n"
            b"</script>\n<p>Hello there.</p>\n</body></html>\n",
        ),
        (
            "code.md",
            b"Intro text here.\n\nInline `counterfeit consciousness` code.\n\n"
            b"    indented counterfeit consciousness code\n",
        ),
        (
            "r.rst",
            b"T\n=\n\n.. code-block:: python\n\n   x = 1  # profound learning\n\n::\n\n"
            b"    literal profound learning\n",
        ),
        (
            "quoted-fence.md",
            b"Example:\n\n> ```text\n> Macron's workplace stated on Monday.\n> ```\n",
        ),
        (
            "quoted-indented.md",
            b"Example:\n\n> Code:\n>\n>     Macron's workplace stated on Monday.\n",
        ),
    ],
)
def test_write_leaves_code_in_html_markdown_and_rst_alone(
    tmp_path: Path, cli, name: str, data: bytes
):
    path = write(tmp_path, name, data)
    assert cli("fix", "--write", str(path), "--isolated").code == 0
    assert path.read_bytes() == data


@pytest.mark.parametrize(
    ("name", "data", "fixed"),
    [
        (
            "page.html",
            b"<script>var workplace = 1;</script>Macron's workplace stated.\n",
            b"<script>var workplace = 1;</script>Macron's office said.\n",
        ),
        (
            "notes.md",
            b"Intro.\n\n    workplace = 1\n\nMacron's workplace stated.\n",
            b"Intro.\n\n    workplace = 1\n\nMacron's office said.\n",
        ),
        (
            "notes.txt",  # an indented paragraph of plain text is prose
            b"Intro.\n\n    Macron's workplace stated.\n",
            b"Intro.\n\n    Macron's office said.\n",
        ),
    ],
)
def test_write_still_fixes_the_prose_around_code(
    project: Path, cli, name: str, data: bytes, fixed: bytes
):
    path = write(project, name, data)
    assert cli("fix", "--write", str(path)).code == 1
    assert path.read_bytes() == fixed


# ---------------------------------------------------------------- several rounds
def _finding(doc: Document, text: str, wording: str) -> Finding:
    start = doc.text.index(text)
    return doc.finding(
        start, start + len(text), rule="p.x", source="rules", level="warning",
        message="m", suggestions=[wording], confidence=0.95, evidence=["pack p"],
    )  # fmt: skip


def test_later_rounds_are_shown_where_they_stand_in_the_text_as_read():
    original = "The workplace stated, in keeping with x.\n"
    doc = Document(original)
    first = [
        Edit(4, 13, "workplace", "office", _finding(doc, "workplace", "office")),
        Edit(14, 20, "stated", "said", _finding(doc, "stated", "said")),
    ]
    middle = apply_edits(original, first)  # "The office said, in keeping with x."
    start = middle.index("in keeping with")
    later = Edit(start, start + 15, "in keeping with", "according to", first[0].finding)
    final = apply_edits(middle, [later])
    fix = FileFix("a.txt", SourceFile("a.txt", original, original.encode(), False), final,
                  [(original, first), (middle, [later])], [])  # fmt: skip
    assert [(s, e, original[s:e]) for s, e, _ in fix.as_read()] == [
        (4, 13, "workplace"),
        (14, 20, "stated"),
        (22, 37, "in keeping with"),
    ]
    # The change list gives every edit at its place in the file as read, in order.
    assert [line.split(": ")[0] for line in change_lines(fix, color=False)] == [
        "a.txt:1:5",
        "a.txt:1:15",
        "a.txt:1:23",
    ]
    # --suggest says what --write does: a phrase fixed only in the second round is
    # safe there, and a safe wording that another edit overrides is not applied.
    phrase = _finding(doc, "in keeping with", "according to")
    from textqa.spans import SpanIndex

    edits = SpanIndex(fix.as_read(), lambda edit: edit[:2])
    wording, how = _as_written(phrase, None, "below the fix threshold 0.8", edits)
    assert (wording, how) == (
        "according to",
        "once the fixes around it are made, --write puts 'according to'",
    )
    overridden = _finding(doc, "workplace stated", "office said")
    wording, why = _as_written(overridden, "office said", "", edits)
    assert wording is None and "another edit here, 'workplace' → 'office'" in why


# ---------------------------------------------------------------- markup in a span
def test_a_fix_keeps_emphasis_and_line_breaks_inside_the_phrase(tmp_path: Path, cli):
    text = (
        "A round of US *speak* reveals.\n\nA round of US speak *reveals*.\n\n"
        "A round of **US speak** reveals.\n\nA round of US speak\nreveals.\n\n"
        "Troops are going *through* one another.\n"
    )
    path = tmp_path / "em.md"
    path.write_text(text, encoding="utf-8")
    result = cli("fix", "--write", "--isolated", str(path))
    assert result.code == 1
    assert path.read_text(encoding="utf-8") == (
        "A round of US *talk* shows.\n\nA round of US talk *shows*.\n\n"
        "A round of **US talk** shows.\n\nA round of US talk\nshows.\n\n"
        # Four words for three: no way to keep the marks, so it is left for a person.
        "Troops are going *through* one another.\n"
    )
    suggest = cli("fix", "--suggest", "--isolated", "--color", "never", str(path))
    assert "markup or a line break that the new wording cannot keep" in suggest.out


def test_in_place_writes_a_new_apostrophe_as_the_entity_the_word_had():
    """A word with an apostrophe entity is one word, and its replacement's apostrophe is
    written as that entity ("gained&#39;t" → "won&#39;t"): it was two words and no fix."""
    assert in_place("gained&#39;t", "won't") == "won&#39;t"
    assert in_place("girls&rsquo;s", "women’s") == "women&rsquo;s"
    assert in_place("1000&rsquo;s", "thousands") == "thousands"
    assert in_place("<b>Macron&rsquo;s</b> workplace", "Macron's office") == (
        "<b>Macron&rsquo;s</b> office"
    )
    assert in_place("&lsquo;speak&rsquo; reveals", "talk shows") == "&lsquo;talk&rsquo; shows"


def test_fix_rewrites_a_word_holding_an_apostrophe_entity_in_its_style(tmp_path: Path):
    from conftest import run_textqa

    page = tmp_path / "w.html"
    page.write_text(
        "<p>He said the team gained&#39;t play the girls&rsquo;s final, "
        "but 1000&rsquo;s of fans came.</p>\n",
        encoding="utf-8",
    )
    assert run_textqa("fix", "--write", "--isolated", str(page), cwd=tmp_path).code == 1
    assert page.read_text(encoding="utf-8") == (
        "<p>He said the team won&#39;t play the women&rsquo;s final, "
        "but thousands of fans came.</p>\n"
    )


def test_in_place_keeps_marks_and_leaves_punctuation_wordings_alone():
    assert in_place("speak\r\nreveals", "talk shows") == "talk\r\nshows"
    assert in_place("said.Professor", "said. Professor") == "said. Professor"
    assert in_place("in keeping with", "according to") == "according to"
    assert in_place("going *through* one another", "facing each other") is None


def test_single_quoted_speech_is_left_alone_like_double_quoted():
    """A spun phrase inside ‘…’ or '…' is a hint, never a fix: spinners leave quoted
    speech alone, whichever quotation marks a house style uses (a trial rewrote
    single-quoted speech while double-quoted was protected)."""
    from textqa import check_text

    speech = "the navy motion in and round Ukraine will stop in a single day"
    unquoted = check_text(f"Blinken told reporters {speech} on Sunday.\n")
    assert {f.text for f in unquoted if f.fails} >= {"navy", "motion", "in and round"}
    for left, right in (("“", "”"), ("‘", "’"), ("'", "'")):
        text = f"Blinken told reporters {left}{speech}{right} on Sunday.\n"
        assert [f for f in check_text(text) if f.fails] == [], left


def test_speech_between_html_quotation_entities_is_left_alone_as_between_the_marks():
    """&ldquo;…&rdquo;, &lsquo;…&rsquo; and their numeric forms are the quotation marks
    a reader sees: a spun phrase between them is a hint, never a fix (they were read
    as nothing, so quoted speech in HTML was rewritten)."""
    from textqa import check_text

    speech = "the navy motion in and round Ukraine will stop in a single day"
    unquoted = check_text(f"<p>Blinken told reporters {speech} on Sunday.</p>\n", path="a.html")
    assert {f.text for f in unquoted if f.fails} >= {"navy", "motion", "in and round"}
    for left, right in (
        ("&ldquo;", "&rdquo;"),
        ("&lsquo;", "&rsquo;"),
        ("&#8220;", "&#8221;"),
        ("&#8216;", "&#8217;"),
        ("&#x201C;", "&#x201D;"),
        ("&quot;", "&quot;"),
    ):
        text = f"<p>Blinken told reporters {left}{speech}{right} on Sunday.</p>\n"
        assert [f for f in check_text(text, path="a.html") if f.fails] == [], left


def test_a_suggestion_that_needs_the_other_article_takes_it_in():
    """A trial: JSON and --suggest offered "artificial intelligence" for "counterfeit
    consciousness" after "a", which pasted in reads "a artificial intelligence", while
    --write wrote "an artificial intelligence"."""
    from textqa import check_text

    text = "We propose a counterfeit consciousness method.\n"
    (finding,) = [f for f in check_text(text) if f.rule.startswith("tortured-phrases")]
    assert (finding.text, finding.suggestions[0]) == (
        "a counterfeit consciousness",
        "an artificial intelligence",
    )
    assert (finding.start, finding.column) == (11, 12)
    assert text[finding.start : finding.end] == finding.text
    pasted = text[: finding.start] + finding.suggestions[0] + text[finding.end :]
    assert pasted == "We propose an artificial intelligence method.\n"
    # An article that suits the suggestion stays outside the span.
    navy = [f for f in check_text("Blinken said it was a navy motion.\n") if f.text == "navy"]
    assert [(f.text, f.suggestions[0]) for f in navy] == [("navy", "military")]


def test_inline_html_tags_and_emphasis_are_transparent_to_phrases(tmp_path: Path):
    """A trial: "US <b>speak</b> reveals", "a <em>uncommon</em>", "navy
    <span>motion</span>" and "in&nbsp;and round" went unfound in HTML, and "*workplace*
    stated" in Markdown fell back to the suggest-only rule. Tags and entities stay."""
    from conftest import run_textqa

    page = tmp_path / "e.html"
    page.write_text(
        "<p>A rapid-fire round of US <b>speak</b> reveals.</p>\n"
        "<p>Biden was hosting a <em>uncommon</em> weekend meeting.</p>\n"
        '<p>Russian navy <span class="x">motion</span> went on in&nbsp;and round Kyiv.</p>\n',
        encoding="utf-8",
    )
    notes = tmp_path / "e.md"
    notes.write_text("Macron's *workplace* stated on Sunday that talks would resume.\n")
    assert run_textqa("fix", "--write", str(page), str(notes), cwd=tmp_path).code == 1
    assert page.read_text(encoding="utf-8") == (
        "<p>A rapid-fire round of US <b>talk</b> shows.</p>\n"
        "<p>Biden was hosting a <em>rare</em> weekend meeting.</p>\n"
        '<p>Russian military <span class="x">action</span> went on in&nbsp;and around Kyiv.</p>\n'
    )
    assert notes.read_text() == "Macron's *office* said on Sunday that talks would resume.\n"
    again = run_textqa("fix", "--write", str(page), str(notes), cwd=tmp_path)
    assert again.code == 0, again.err


@pytest.mark.parametrize("entity", ["&rsquo;", "&#8217;", "&#x2019;", "&#39;"])
def test_an_apostrophe_entity_reads_as_the_apostrophe_and_stays(tmp_path: Path, entity: str):
    """An entity apostrophe makes the possessive of plain text: in "Macron&rsquo;s
    workplace stated" the safe `news-spin.workplace` rule fires (not the suggest-only
    general one, as before), and the fix leaves every entity as it was."""
    from conftest import run_textqa

    page = tmp_path / "e.html"
    page.write_text(
        f"<p>French President Emmanuel Macron{entity}s workplace stated on Monday that "
        f"it{entity}s time to talk.</p>\n",
        encoding="utf-8",
    )
    check = run_textqa("check", "--isolated", "--format", "json", str(page), cwd=tmp_path)
    rules = [f["rule"] for f in json.loads(check.out)["findings"]]
    assert rules == ["news-spin.workplace", "news-spin.stated-day"]
    assert run_textqa("fix", "--write", "--isolated", str(page), cwd=tmp_path).code == 1
    assert page.read_text(encoding="utf-8") == (
        f"<p>French President Emmanuel Macron{entity}s office said on Monday that "
        f"it{entity}s time to talk.</p>\n"
    )


@pytest.mark.parametrize("mark", ["&ldquo;", "&#8220;", "&#x201C;", "&quot;"])
def test_a_pack_rule_reads_a_quotation_entity_as_its_mark(mark: str):
    """`fulfill-meet` fires where a quotation opens after 'fulfill' ("will fulfill “in the
    next few hours"): written with an entity, the opening mark is read as the mark."""
    from textqa import check_text

    page = f"<p>The group will fulfill {mark}in the next few hours with rebels.</p>\n"
    literal = page.replace(mark, "\u201c")
    packs = {"select": ["news-spin"]}
    assert [f.rule for f in check_text(literal, path="q.html", config=packs)] == [
        "news-spin.fulfill-meet"
    ]
    (finding,) = check_text(page, path="q.html", config=packs)
    assert (finding.rule, finding.text, finding.start) == ("news-spin.fulfill-meet", "fulfill", 18)


def test_suggest_shows_a_quoted_sentence_without_its_prefixes(tmp_path: Path):
    """The context line reads as the sentence does, without the "> " of the line it
    wraps to, and the carets stay under the span."""
    from conftest import run_textqa

    page = tmp_path / "q.md"
    page.write_text("> In a round of US speak\n> reveals, Blinken spoke.\n", encoding="utf-8")
    out = run_textqa("fix", "--suggest", "--isolated", "--color", "never", str(page), cwd=tmp_path)
    lines = out.out.splitlines()
    assert lines[1] == "  │ In a round of US speak reveals, Blinken spoke."
    assert lines[2] == "  │                  ^^^^^^^^^^^^^"


def test_block_quoted_prose_is_checked_and_fixed_as_plain_and_keeps_its_prefixes(tmp_path: Path):
    """Prose hard-wrapped behind "> " (a quoted e-mail, a Markdown block quote) reads as
    the sentences it wraps: the findings of the plain text, two columns on, and the
    phrase across a line break ("in and / round"); the fix keeps every "> "."""
    from conftest import run_textqa

    plain = (
        "French President Emmanuel Macron and Russian chief Vladimir Putin on\n"
        "Sunday agreed to work for a ceasefire in eastern Ukraine, Macron's\n"
        "workplace stated. The talks went on in and\n"
        "round the capital for hours.\n"
    )
    quoted = "".join("> " + line for line in plain.splitlines(keepends=True))
    (tmp_path / "plain.txt").write_text(plain, encoding="utf-8")
    (tmp_path / "mail.txt").write_text(quoted, encoding="utf-8")

    def found(name: str) -> list[tuple[str, int, int, str]]:
        out = run_textqa("check", "--isolated", "--format", "json", name, cwd=tmp_path).out
        return [
            (f["rule"], f["line"], f["column"], f["text"].replace("\n> ", "\n"))
            for f in json.loads(out)["findings"]
        ]

    # The same findings, two columns on (a document-level one such as stats.density
    # sits at the first word, which the prefix moves too).
    shifted = [(r, line, col + 2, t) for r, line, col, t in found("plain.txt")]
    assert shifted == found("mail.txt")
    assert ("news-spin.in-and-around", 3, 39, "in and\nround") in found("mail.txt")
    assert ("news-spin.workplace", 3, 3, "workplace") in found("mail.txt")
    concise = run_textqa("check", "--isolated", "--format", "concise", "mail.txt", cwd=tmp_path)
    assert (
        "mail.txt:3:39: news-spin.in-and-around [warning] 'in and round' is a spinner synonym "
        "of 'in and around' → in and around"
    ) in concise.out.splitlines()  # as a reader sees it, not "in and > round"
    assert run_textqa("fix", "--write", "--isolated", "mail.txt", cwd=tmp_path).code == 1
    assert (tmp_path / "mail.txt").read_text(encoding="utf-8") == (
        "> French President Emmanuel Macron and Russian leader Vladimir Putin on\n"
        "> Sunday agreed to work for a ceasefire in eastern Ukraine, Macron's\n"
        "> office stated. The talks went on in and\n"
        "> around the capital for hours.\n"
    )


def test_a_lazy_continuation_line_is_fixed_as_part_of_the_quoted_sentence(tmp_path: Path):
    """A quoted paragraph going on in a line without "> " (Markdown's lazy continuation)
    is one sentence: the phrase across the break is found and fixed, and no prefix is
    added to the unquoted line."""
    from conftest import run_textqa

    path = tmp_path / "lazy.md"
    path.write_text("> The talks went on in and\nround the capital.\n", encoding="utf-8")
    out = run_textqa("check", "--isolated", "--format", "json", "lazy.md", cwd=tmp_path).out
    found = [(f["rule"], f["line"], f["column"], f["text"]) for f in json.loads(out)["findings"]]
    assert ("news-spin.in-and-around", 1, 21, "in and\nround") in found
    assert run_textqa("fix", "--write", "--isolated", "lazy.md", cwd=tmp_path).code == 1
    assert path.read_text(encoding="utf-8") == "> The talks went on in and\naround the capital.\n"


@pytest.mark.parametrize(
    ("name", "text"),
    [
        (
            "at.html",
            "<p>Fans watched <img alt='a > b US speak reveals' src=\"x.png\"> today.</p>\n",
        ),
        ("sn.md", "Set in_and_round_the_town = True and call speak_reveals() first.\n"),
        ("hd.md", "## Ceasefire talks: who is in and\nround two of the talks begins in Minsk.\n"),
        ("rr.txt", "Stores opened in and\nRound Rock, Texas, the company said.\n"),
        ("poker.txt", "In poker, the player with the higher hand wins the pot.\n"),
        ("forest.txt", "Managers retained irregular woodland structure on the estate.\n"),
        ("sale.txt", "After the sale ended, prices rose again to regular levels.\n"),
        ("home.txt", "Teams with higher home attendance earned more.\n"),
    ],
)
def test_plain_english_and_code_are_never_rewritten(tmp_path: Path, name: str, text: str):
    """A trial's cases: an attribute value holding '>', snake_case identifiers, a phrase
    cut by a heading's line break or holding a name, and ordinary English that shipped
    "safe" rules rewrote ("the upper hand wins", "random forest structure")."""
    from conftest import run_textqa

    (tmp_path / name).write_text(text, encoding="utf-8")
    result = run_textqa("fix", "--diff", name, cwd=tmp_path)
    assert (result.code, result.out) == (0, ""), result.out


def test_the_article_is_taken_in_across_a_crlf_line_break(tmp_path: Path):
    """A trial: with CRLF the article before a wrapped phrase was left ("a\\r\\nartificial
    intelligence"), with LF it was mended."""
    from conftest import run_textqa

    for newline in ("\r\n", "\n"):
        path = tmp_path / "a.txt"
        path.write_bytes(
            f"The lab uses a{newline}counterfeit consciousness model.{newline}".encode()
        )
        assert run_textqa("fix", "--write", "a.txt", cwd=tmp_path).code == 1
        expected = f"The lab uses an{newline}artificial intelligence model.{newline}"
        assert path.read_bytes() == expected.encode(), repr(newline)


def test_json_suggestions_keep_the_markup_fix_write_keeps(tmp_path: Path):
    """A trial: the JSON suggestion for "speak</b> reveals" was "talk shows", which pasted
    in dropped the "</b>"; --write wrote "talk</b> shows"."""
    from conftest import run_textqa

    text = "<p>Fans saw US <b>speak</b> reveals, in&nbsp;and round the town.</p>\n"
    (tmp_path / "s.html").write_text(text, encoding="utf-8")
    found = json.loads(run_textqa("check", "--format", "json", "s.html", cwd=tmp_path).out)
    pasted = text
    for finding in sorted(found["findings"], key=lambda f: -f["start"]):
        if finding["suggestions"]:
            start, end = finding["start"], finding["end"]
            pasted = pasted[:start] + finding["suggestions"][0] + pasted[end:]
    assert run_textqa("fix", "--write", "s.html", cwd=tmp_path).code == 1
    written = (tmp_path / "s.html").read_text(encoding="utf-8")
    assert (
        pasted
        == written
        == ("<p>Fans saw US <b>talk</b> shows, in&nbsp;and around the town.</p>\n")
    )


BUDGET = (
    "City council approves new budget after long debate\n\n"
    "The city council on Tuesday passed a $4.2 billion budget for the coming fiscal year, "
    "ending weeks of argument over police funding and street repairs.\n\n"
    'Mayor Linda Torres said the budget "keeps our promises to working families" while '
    "holding property taxes flat. Council member James Ortiz, who voted against the plan, "
    "said that it did not do enough to address the housing shortage.\n\n"
    "The budget includes additional money for public transit and new positions in the fire "
    "department. Officials expect the changes to take effect in July.\n\n"
    "The final vote was 7 to 2. The mayor's office said she would sign the measure on Friday.\n"
)


def test_two_clean_versions_three_synonyms_apart_settle(tmp_path: Path, cli, monkeypatch):
    """A trial's two clean versions of a story, three synonyms apart: each read as the
    spun copy of the other, and every `fix --write . --sibling-dir .` swapped them."""
    other = (
        BUDGET.replace("passed a", "approved a")
        .replace("weeks of argument", "weeks of debate")
        .replace("street repairs", "road repairs")
    )
    (tmp_path / "a.txt").write_text(BUDGET, encoding="utf-8")
    (tmp_path / "b.txt").write_text(other, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    cli("fix", "--write", ".", "--sibling-dir", ".")
    first = {name: (tmp_path / name).read_text(encoding="utf-8") for name in ("a.txt", "b.txt")}
    assert list(first.values()).count(BUDGET) + list(first.values()).count(other) >= 1
    again = cli("fix", "--write", ".", "--sibling-dir", ".")
    assert again.code == 0
    assert {n: (tmp_path / n).read_text(encoding="utf-8") for n in first} == first


def _written_spans(before: str, after: str) -> list[tuple[int, int]]:
    """(start, end) in ``after`` of each run of words that ``before`` did not have there."""
    import difflib

    import regex

    words_before = [m.group() for m in regex.finditer(r"\w+", before)]
    found = list(regex.finditer(r"\w+", after))
    matcher = difflib.SequenceMatcher(None, words_before, [m.group() for m in found], False)
    return [
        (found[j1].start(), found[j2 - 1].end())
        for tag, _i1, _i2, j1, j2 in matcher.get_opcodes()
        if tag in ("replace", "insert")
    ]


def test_check_after_fix_write_leaves_the_words_the_fix_wrote_alone(tmp_path: Path, cli):
    """Packs restore 'said' (and 'military', 'action', 'called') in the spun seed; a
    check of the fixed file called the restored 'said' a spinner's 'told', so a fixed
    file could never pass. Without the packs (--select stats) the statistics still say
    so: only the packs' own wording is spared, and only as a whole ("military action"
    and "called for", phrases no pack writes, stay findings)."""
    for seed in SEEDS.glob("*.txt"):
        (tmp_path / seed.name).write_bytes(seed.read_bytes())
    spun = tmp_path / SPUN_SEED.name
    before = spun.read_text(encoding="utf-8")
    assert cli("fix", "--write", str(spun), "--sibling-dir", str(tmp_path)).code == 1  # some left
    after = spun.read_text(encoding="utf-8")
    written = _written_spans(before, after)
    wrote = {word for start, end in written for word in after[start:end].split()}
    assert {"said", "military", "action", "called"} <= wrote  # read off the diff by hand

    def stats_on_written(*options: str) -> set[str]:
        result = cli(
            "check", str(spun), "--sibling-dir", str(tmp_path), "--format", "json", *options
        )
        return {
            f["text"]
            for f in json.loads(result.out)["findings"]
            if f["rule"] == "stats.substitution"
            and any(
                start <= f["start"] < end or f["start"] <= start < f["end"]
                for start, end in written
            )
        }

    assert stats_on_written() == {"military action", "called for"}
    assert {"said", "military action", "called for"} <= stats_on_written("--select", "stats")


def test_a_folder_that_cannot_be_written_is_named_in_the_error(
    project: Path, cli, monkeypatch: pytest.MonkeyPatch
):
    """A trial: a writable file in a read-only folder got "cannot write: Permission
    denied", which the file's own permissions seemed to contradict."""
    import textqa.fix

    path = write(project, "a.txt", b"Macron's workplace stated.\n")

    def refuse(*_args):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(textqa.fix, "write_atomically", refuse)
    monkeypatch.setattr(os, "access", lambda name, mode: name != str(project))
    result = cli("fix", "--write", str(path))
    assert result.code == 2
    assert result.err == (
        f"textqa: error: {path}: cannot write: Permission denied "
        f"(fix writes a new file in {project} and renames it)\n"
    )


NVIDIA = """\
Shares in Nvidia rose sharply on Thursday after the chipmaker said its quarterly revenue \
would beat expectations, driven by strong demand for artificial intelligence systems.

The company said it expected sales of about $11 billion in the second quarter, well above \
the $7.2 billion that analysts had forecast.

Chief executive Jensen Huang said the company was increasing supply to meet surging demand \
for its data centre chips. "A trillion dollars of installed global data centre infrastructure \
will transition from general purpose to accelerated computing," he told analysts on a \
conference call.

The shares jumped 25 per cent in early trading in New York, adding about $200 billion to the \
company's market value.

Analysts said the results showed that the boom in generative artificial intelligence was \
already lifting spending by large technology companies.
"""


def _spun(text: str, swaps: list[tuple[str, str]], lines: tuple[int, ...] | None = None) -> str:
    import re

    out = text.split("\n")
    for number, line in enumerate(out):
        if lines is None or number in lines:
            for old, new in swaps:
                line = re.sub(rf"\b{old}\b", new, line)
        out[number] = line
    return "\n".join(out)


def test_fix_write_over_a_crawl_settles_in_one_run_and_lists_only_what_landed(tmp_path: Path, cli):
    """A trial's folder: the source, a heavily and a lightly spun copy. fix --write
    listed 'robust' → 'strong', 'strong' → 'robust' and back again at one spot (a later
    round undid an earlier one from the other copy's wording), wrote less than it listed,
    and a second run changed the files again."""
    heavy = _spun(NVIDIA, [("said", "stated"), ("Shares", "Stocks"), ("shares", "stocks"),
                           ("strong", "robust"), ("demand", "requirement"),
                           ("analysts", "experts"), ("Analysts", "Experts"),
                           ("expected", "predicted"), ("results", "outcomes")])  # fmt: skip
    light = _spun(NVIDIA, [("said", "stated")], (2, 4))
    light = _spun(light, [("strong", "robust")])
    light = _spun(light, [("demand", "requirement"), ("analysts", "experts")], (4,))
    folder = tmp_path / "crawl"
    folder.mkdir()
    for name, text in (("src.txt", NVIDIA), ("heavy.txt", heavy), ("light.txt", light)):
        (folder / name).write_text(text, encoding="utf-8")
    first = cli("fix", "--write", str(folder), "--sibling-dir", str(folder))
    changes = [line.split(": ", 1)[0] for line in first.out.splitlines() if "' → '" in line]
    assert len(changes) == len(set(changes))  # each spot changed once
    for name in ("src.txt", "heavy.txt", "light.txt"):
        assert (folder / name).read_text(encoding="utf-8") == NVIDIA, name
    second = cli("fix", "--write", str(folder), "--sibling-dir", str(folder))
    assert (second.code, second.out.strip()) == (0, "Fixed 0 findings in 0 files.")


def test_a_named_lightly_spun_sibling_never_spins_a_clean_article(tmp_path: Path, cli):
    """A trial: ``fix --diff src.txt --sibling light.txt`` put the copy's 'stated',
    'robust', 'requirement' and 'experts' into the clean source. 'stated' for 'said' is
    a pack pair, which says its direction itself: the sibling is the spun one."""
    light = _spun(NVIDIA, [("said", "stated")], (2, 4))
    light = _spun(light, [("strong", "robust")])
    light = _spun(light, [("demand", "requirement"), ("analysts", "experts")], (4,))
    (tmp_path / "src.txt").write_text(NVIDIA, encoding="utf-8")
    (tmp_path / "light.txt").write_text(light, encoding="utf-8")
    result = cli(
        "fix", "--diff", str(tmp_path / "src.txt"), "--sibling", str(tmp_path / "light.txt")
    )
    assert (result.code, result.out) == (0, "")
    check = cli("check", str(tmp_path / "src.txt"), "--sibling", str(tmp_path / "light.txt"))
    assert check.code == 0


@pytest.mark.parametrize("name", ["SIGTERM", "SIGHUP"])
def test_termination_mid_write_leaves_no_temporary_file(
    project: Path, cli, monkeypatch: pytest.MonkeyPatch, name: str
):
    """A trial: SIGTERM or SIGHUP (a CI timeout, a closed terminal) during fix --write
    left a '.textqa-….tmp' file in the user's folder; Ctrl-C did not."""
    import signal

    number = getattr(signal, name, None)
    if number is None:
        pytest.skip(f"no {name} here")
    before = {sig: signal.getsignal(sig) for sig in (signal.SIGTERM, getattr(signal, "SIGHUP", 15))}
    path = write(project, "a.txt", b"Macron's workplace stated.\n")
    real_fsync = os.fsync

    def killed_while_writing(fd: int) -> None:
        real_fsync(fd)
        os.kill(os.getpid(), number)

    monkeypatch.setattr(os, "fsync", killed_while_writing)
    try:
        result = cli("fix", "--write", str(path))
    finally:
        for sig, handler in before.items():
            signal.signal(sig, handler)
    assert result.code == 128 + number
    assert result.err == f"textqa: stopped by {name}\n"
    assert not [p.name for p in project.iterdir() if p.name.startswith(".textqa-")]
    assert path.read_bytes() == b"Macron's workplace stated.\n"


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_output_to_a_full_disk_is_a_one_line_error():
    """A trial: ``> /dev/full`` gave a traceback and exit 1, which reads as findings."""
    import subprocess
    import sys

    clean = next(p for p in SEEDS.glob("003_*.txt"))
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "textqa", "check", str(clean)],
            stdout=full,
            stderr=subprocess.PIPE,
            check=False,
        )
    assert done.returncode == 2
    assert done.stderr == b"textqa: error: cannot write the output: No space left on device\n"


def test_fix_output_never_passes_control_characters_or_splits_a_line(tmp_path: Path, cli):
    """A trial: fix --suggest printed an article's ESC sequences raw (clear the screen,
    set the title, write the clipboard), and a line break in a file name split the
    change list's lines."""
    hostile = tmp_path / "e.txt"
    hostile.write_text("Macron's workplace stated \x1b]0;pwned\x07 \x1b[2J on Sunday.\n")
    out = cli("fix", "--suggest", str(hostile)).out
    assert "\x1b" not in out and "\x07" not in out
    assert "workplace" in out
    folder = tmp_path / "nl"
    folder.mkdir()
    (folder / "a\nb.txt").write_text("Macron's workplace stated on Sunday.\n", encoding="utf-8")
    out = cli("fix", "--write", str(folder)).out
    changes = [line for line in out.splitlines() if "' → '" in line]
    assert len(changes) == 2 and all(line.startswith(f"{folder}/a\\nb.txt:1:") for line in changes)


def test_fix_write_restores_two_spun_copies_from_their_clean_source(tmp_path: Path, cli):
    """A trial: in a folder with the source and two sed-spun copies, the more heavily
    spun copy's 'requirement' and 'workplace' were written into the other (its scores
    were close, and the source, 97 % the same as each copy, confirmed no word)."""
    import re

    source = (SEEDS / "003_d0ee5e6dc7a5c66b.txt").read_text(encoding="utf-8") + (
        "\nAnalysts said there was strong demand for a diplomatic deal, and the French "
        "president's office said talks would continue next week.\n"
    )

    def sed(text: str, swaps: dict[str, str]) -> str:
        for old, new in swaps.items():
            text = re.sub(rf"\b{old}\b", new, text)
        return text

    spun1 = sed(source, {"said": "stated", "office": "workplace", "strong": "robust",
                         "demand": "requirement"})  # fmt: skip
    spun2 = sed(source, {"said": "stated", "strong": "robust"})
    for name, text in (("source.txt", source), ("spun1.txt", spun1), ("spun2.txt", spun2)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    cli("fix", "--write", str(tmp_path), "--sibling-dir", str(tmp_path))
    for name in ("source.txt", "spun1.txt", "spun2.txt"):
        assert (tmp_path / name).read_text(encoding="utf-8") == source, name
    again = cli("fix", "--write", str(tmp_path), "--sibling-dir", str(tmp_path))
    assert again.out.strip() == "Fixed 0 findings in 0 files."


# ---------------------------------------------------------------------- reporting profile
def test_a_sure_reporting_profile_is_fixed_without_siblings(tmp_path: Path, cli) -> None:
    """The seed says "stated" 12 times and "instructed" twice, "said" and "told" never:
    `--select stats` fixed all 14, but the default configuration fixed none, because
    the pack's "stated" → "said" (a suggestion: the word alone may be the writer's) took
    the profile's finding in. Every one of them is annotated as the spinner's."""
    annotation = [
        json.loads(line)
        for line in (Path(__file__).parent / "data" / "seed_002_annotation.jsonl")
        .read_text(encoding="utf-8")
        .splitlines()
    ]
    reporting = [a for a in annotation if a["text"] in ("stated", "instructed")]
    assert len(reporting) == 14 and all(a["certain"] for a in reporting)
    article = write(tmp_path, "article.txt", SPUN_SEED.read_bytes())
    cli("fix", "--write", "--isolated", str(article))
    fixed = article.read_text(encoding="utf-8")
    outside = [line for line in fixed.splitlines() if "stated" in line.split("“")[0].split("”")[-1]]
    assert " stated" not in fixed and " instructed" not in fixed, outside
    assert fixed.count(" said") >= 12 and fixed.count(" told") >= 2


def test_a_reporting_verb_without_a_sure_profile_stays_a_suggestion(tmp_path: Path, cli) -> None:
    # Two uses are a writer's as often as a spinner's: the pack hit stays a suggestion.
    text = (
        "The company stated that profits rose in March. Its chief executive stated that "
        "the outlook was good, and analysts agreed with the forecast for next year.\n"
    )
    article = write(tmp_path, "article.txt", text.encode())
    cli("fix", "--write", "--isolated", str(article))
    assert article.read_text(encoding="utf-8").count("stated") == 2
