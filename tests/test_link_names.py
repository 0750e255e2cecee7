"""Link names in Markdown and reStructuredText are not prose: a fix that renamed a link's
target but not its references (or the other way round) broke the link."""

from __future__ import annotations

from pathlib import Path

from textqa.document import Document
from textqa.link_names import markdown_link_names, rst_link_names

RST = """\
Russian navy motion in and round Ukraine
========================================

See `Russian navy motion in and round Ukraine`_ for details.

.. _navy motion: https://example.com/navy-motion

Read about the `navy motion`_ and |navy motion|, and motion_ too.

.. |navy motion| replace:: Russian navy motion

.. _motion: https://example.com/m

| A line block with a navy motion in it.
"""

MARKDOWN = """\
# Russian navy motion in and round Ukraine

Blinken said: “The [navy motion] has begun.” See [the report][navy motion],
[navy motion][] and [the section](#russian-navy-motion-in-and-round-ukraine).
An [inline navy motion](https://example.com) link and a [bracketed navy motion] aside.

[navy motion]: https://example.com/x "Russian navy motion"

A footnote[^1].

[^1]: The navy motion began.
"""


def _texts(text: str, spans: list[tuple[int, int]]) -> list[str]:
    return [text[start:end] for start, end in spans]


def test_rst_targets_references_substitutions_and_referenced_titles():
    assert _texts(RST, rst_link_names(RST)) == [
        "Russian navy motion in and round Ukraine",  # a title a reference names
        "`Russian navy motion in and round Ukraine`_",
        ".. _navy motion: https://example.com/navy-motion",
        "`navy motion`_",
        "|navy motion|",
        "motion_",
        "|navy motion|",
        ".. _motion: https://example.com/m",
    ]


def test_markdown_definitions_references_and_anchored_headings():
    assert _texts(MARKDOWN, markdown_link_names(MARKDOWN)) == [
        "Russian navy motion in and round Ukraine",  # a ](#slug) link points at it
        "[navy motion]",
        "[navy motion]",  # the label of [the report][navy motion]
        "[navy motion][]",
        '[navy motion]: https://example.com/x "Russian navy motion"',
    ]


KEPT = {
    "a.rst": (
        "Russian navy motion in and round Ukraine\n===",
        "`Russian navy motion in and round Ukraine`_",
        ".. _navy motion:",
        "`navy motion`_ and |navy motion|",
        ".. |navy motion| replace::",
    ),
    "a.md": (
        "# Russian navy motion in and round Ukraine",
        "“The [navy motion] has begun.”",
        "[the report][navy motion]",
        "[navy motion][]",
        "\n[navy motion]: https://example.com/x",
    ),
}


def test_fix_leaves_every_link_name_and_still_fixes_the_prose(tmp_path: Path, cli, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.rst").write_text(RST, encoding="utf-8")
    (tmp_path / "a.md").write_text(MARKDOWN, encoding="utf-8")
    cli("fix", "--write", "a.rst", "a.md")
    fixed = {name: (tmp_path / name).read_text(encoding="utf-8") for name in KEPT}
    for name, kept in KEPT.items():
        assert [part for part in kept if part not in fixed[name]] == []
    assert "replace:: Russian military action" in fixed["a.rst"]  # a substitution's text
    assert "[^1]: The military action began." in fixed["a.md"]  # a footnote is prose


def test_only_in_their_own_formats_and_only_whole_definitions():
    text = "[navy motion]: see below. The |navy motion| here, and motion_ too."
    # Not a Markdown definition ("below. The ..." is no title), and no reST names in .txt.
    prose = ["navy", "motion", "see", "below", "The", "navy", "motion", "here", "and", "motion"]
    assert [t.text for t in Document(text, "a.md").words] == [*prose, "too"]
    assert [t.text for t in Document(text, "a.txt").words] == [*prose, "too"]
    rst = ["navy", "motion", "see", "below", "The", "here", "and", "too"]
    assert [t.text for t in Document(text, "a.rst").words] == rst
