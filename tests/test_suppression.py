"""Suppression comments and the unused-suppression report."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from textqa import check_text
from textqa.config import Config
from textqa.document import Document


def _rules(text: str, pack: Path, path: str | None = None) -> list[tuple[int, str]]:
    config = Config(packs=(pack,), select=("tiny", "quality.unused-suppression"))
    return [(f.line, f.rule) for f in check_text(text, path=path, config=config)]


def test_ignore_next_line(tiny_pack: Path):
    text = (
        "<!-- textqa: ignore-next-line tiny.workplace -->\n"
        "Macron's workplace said.\nThe workplace said.\n"
    )
    assert _rules(text, tiny_pack) == [(3, "tiny.workplace")]


def test_ignore_next_line_other_rule_does_not_apply(tiny_pack: Path):
    text = "<!-- textqa: ignore-next-line tiny.navy -->\nMacron's workplace said.\n"
    assert _rules(text, tiny_pack) == [(1, "quality.unused-suppression"), (2, "tiny.workplace")]


def test_disable_enable_block_with_prefix(tiny_pack: Path):
    text = (
        "The workplace said.\n<!-- textqa: disable tiny -->\nThe workplace said.\n"
        "In keeping with that.\n<!-- textqa: enable -->\nThe workplace said.\n"
    )
    assert _rules(text, tiny_pack) == [(1, "tiny.workplace"), (6, "tiny.workplace")]


def test_disable_file_and_hash_and_slash_forms(tiny_pack: Path):
    assert _rules("# textqa: disable-file\nThe workplace said.\n", tiny_pack) == []
    text = "// textqa: ignore-next-line\nThe workplace said.\n"
    assert _rules(text, tiny_pack) == []


def test_directive_scopes_count_lines_as_positions_do(tiny_pack: Path):
    # A lone CR ends a line: a disable must reach the lines after it in a CR-only file.
    text = "Intro.\r# textqa: disable tiny\rThe workplace said.\rThe workplace said.\r"
    assert _rules(text, tiny_pack) == []
    assert _rules("# textqa: disable-file\rIntro.\rThe workplace said.\r", tiny_pack) == []


def test_unused_suppression_is_reported_with_its_span(tiny_pack: Path):
    text = "Fine text.\n<!-- textqa: disable-file -->\n"
    config = Config(packs=(tiny_pack,))
    findings = [
        f for f in check_text(text, config=config) if f.rule == "quality.unused-suppression"
    ]
    assert len(findings) == 1
    assert findings[0].text == "<!-- textqa: disable-file -->"
    assert (findings[0].line, findings[0].column) == (2, 1)


def test_unused_suppression_can_be_ignored(tiny_pack: Path):
    config = Config(packs=(tiny_pack,), ignore=("quality.unused-suppression",))
    assert check_text("<!-- textqa: disable-file -->\n", config=config) == []


def test_the_rule_ids_in_a_hash_or_slash_directive_are_not_checked(tiny_pack: Path):
    text = "# textqa: ignore-next-line tiny.workplace\nMacron's workplace said.\n"
    assert _rules(text, tiny_pack) == []
    text = "The workplace said. // textqa: ignore-next-line tiny.workplace\nThe workplace said.\n"
    assert _rules(text, tiny_pack) == [(1, "tiny.workplace")]  # the text before it is prose


def test_an_unused_directive_names_the_rule_ids_nothing_defines(tiny_pack: Path):
    text = (
        "<!-- textqa: ignore-next-line tiny.workplce tiny.navy -->\nMacron's office said.\n"
        "<!-- textqa: ignore-next-line tiny.navy -->\nMacron's office said.\n"
    )
    config = Config(packs=(tiny_pack,), select=("tiny", "quality.unused-suppression"))
    messages = [f.message for f in check_text(text, config=config)]
    assert len(messages) == 2
    # The typo is why the first suppressed nothing; the second names a real rule.
    assert messages[0].endswith("unknown rule id 'tiny.workplce'")
    assert messages[1].endswith("nothing here was reported")


def test_a_directive_that_silences_a_quiet_hint_is_used_at_any_fail_on(tiny_pack: Path):
    # tiny.navy is an info hint, dropped as quiet in a text that does not read as spun
    # unless --fail-on is info; the directive silenced it either way, so it is used.
    text = "<!-- textqa: ignore-next-line tiny.navy -->\nRussian navy drills continued.\n"
    for fail_on in ("warning", "info"):
        config = Config(packs=(tiny_pack,), select=("tiny", "quality.unused-suppression"))
        assert check_text(text, config=replace(config, fail_on=fail_on)) == []
    hint = check_text(text.split("\n", 1)[1], config=replace(config, fail_on="info"))
    assert [(f.rule, f.level) for f in hint] == [("tiny.navy", "info")]  # there is one


def test_enable_with_rules_turns_only_those_rules_back_on(tiny_pack: Path):
    text = (
        "<!-- textqa: disable tiny.workplace tiny.in-keeping-with -->\n"
        "The workplace said, in keeping with custom.\n"
        "<!-- textqa: enable tiny.in-keeping-with -->\n"
        "The workplace said, in keeping with custom.\n"
    )
    assert _rules(text, tiny_pack) == [(4, "tiny.in-keeping-with")]


def test_enable_with_rules_leaves_other_open_blocks_disabled(tiny_pack: Path):
    text = (
        "<!-- textqa: disable tiny -->\n"
        "<!-- textqa: disable tiny.in-keeping-with -->\n"
        "Prices rose, in keeping with custom.\n"
        "<!-- textqa: enable tiny.in-keeping-with -->\n"
        "The workplace said, in keeping with custom.\n"  # tiny stays off but for that rule
        "<!-- textqa: enable -->\n"  # a bare enable ends every block
        "The workplace said.\n"
    )
    assert _rules(text, tiny_pack) == [(5, "tiny.in-keeping-with"), (7, "tiny.workplace")]


@pytest.mark.parametrize(
    ("example", "path"),
    [
        ("```markdown\n<!-- textqa: disable-file -->\n```\n", None),
        ("~~~\n# textqa: disable-file\n~~~\n", None),
        ("Write `<!-- textqa: disable-file -->` above it.\n", None),
        ("Use `# textqa: disable-file` in plain text.\n", None),
        ("<pre>\n# textqa: disable-file\n</pre>\n", None),
        ("<code><!-- textqa: disable-file --></code>\n", None),
        ("<script>// textqa: disable-file\n</script>\n", None),
        ("<style>/* x */ // textqa: disable-file\n</style>\n", None),
        ("An example:\n\n    <!-- textqa: disable-file -->\n", "doc.md"),
        ("An example::\n\n    # textqa: disable-file\n", "doc.rst"),
        (".. code-block:: text\n\n    # textqa: disable-file\n", "doc.rst"),
    ],
)
def test_a_directive_inside_code_is_an_example_not_a_directive(
    tiny_pack: Path, example: str, path: str | None
):
    # Neither obeyed nor reported as unused: documentation shows directives in code.
    text = example + "\nThe workplace said.\n"
    line = text.count("\n")
    assert _rules(text, tiny_pack, path) == [(line, "tiny.workplace")]


def test_an_indented_directive_in_plain_text_is_obeyed(tiny_pack: Path):
    # Only Markdown and reST indent code; in a .txt file the line is text.
    text = "An example:\n\n    # textqa: disable-file\n\nThe workplace said.\n"
    assert _rules(text, tiny_pack, "doc.txt") == []


def test_the_prose_after_a_directive_in_inline_code_is_checked():
    doc = Document("Use `# textqa: disable-file` in plain text.")
    assert [w.text for w in doc.words] == ["Use", "in", "plain", "text"]


def test_a_reason_after_double_dash_is_not_a_rule_list(tiny_pack: Path):
    text = "<!-- textqa: disable-file -- generated from the wire copy -->\nThe workplace said.\n"
    assert _rules(text, tiny_pack) == []
    text = "# textqa: ignore-next-line tiny.workplace  -- the venue's name\nThe workplace said.\n"
    assert _rules(text, tiny_pack) == []


def test_the_rule_list_ends_at_the_first_word_that_is_no_rule_id(tiny_pack: Path):
    config = Config(packs=(tiny_pack,), select=("tiny", "quality.unused-suppression"))
    text = "<!-- textqa: ignore-next-line tiny.navy, tiny.workplce “as quoted” -->\nFine.\n"
    (finding,) = check_text(text, config=config)
    assert finding.message == (
        "unused suppression (ignore-next-line tiny.navy tiny.workplce): "
        "unknown rule id 'tiny.workplce'"
    )


def test_a_comment_directive_runs_to_the_end_of_the_comment(tiny_pack: Path):
    # The rule list goes on past the line break, and the next line is the one after
    # the comment, not its second line.
    text = (
        "<!-- textqa: ignore-next-line\n     tiny.workplace -->\n"
        "The workplace said.\nThe workplace said.\n"
    )
    assert _rules(text, tiny_pack) == [(4, "tiny.workplace")]


def _unused(text: str, config: Config | None = None) -> list[str]:
    return [
        f.message
        for f in check_text(text, path="a.md", config=config)
        if f.rule == "quality.unused-suppression"
    ]


def test_an_unknown_directive_word_is_reported_not_ignored():
    """`<!-- textqa: disabel -->` disabled nothing and said nothing."""
    assert _unused("<!-- textqa: disabel -->\nMacron's workplace said.\n") == [
        "unused suppression: unknown directive 'disabel' (did you mean 'disable'?)"
    ]
    assert _unused("<!-- textqa: shush -->\nA clean line.\n") == [
        "unused suppression: unknown directive 'shush' (one of ignore-next-line, "
        "disable-file, disable, enable)"
    ]
    # Directives are lower case, as they are read: "Disable" was ignored in silence.
    assert _unused("<!-- textqa: Disable -->\nA clean line.\n") == [
        "unused suppression: unknown directive 'Disable' (did you mean 'disable'?)"
    ]
    # Prose that mentions "textqa:" outside an HTML comment is no directive.
    assert _unused("Run textqa: checks pass.\n") == []


def test_an_enable_with_nothing_to_end_is_reported():
    assert _unused("A clean sentence.\n<!-- textqa: enable -->\n") == [
        "unused suppression: 'enable' with no 'disable' before it"
    ]
    assert (
        _unused("<!-- textqa: disable -->\nMacron's workplace said.\n<!-- textqa: enable -->\n")
        == []
    )


def test_a_directive_for_a_rule_switched_off_says_so():
    """It said "nothing here was reported", as if the text were clean (ruff: non-enabled)."""
    text = "<!-- textqa: ignore-next-line news-spin.workplace -->\nMacron's workplace said.\n"
    assert _unused(text) == []
    assert _unused(text, Config(ignore=("news-spin.workplace",))) == [
        "unused suppression (ignore-next-line news-spin.workplace): not enabled here: "
        "'news-spin.workplace'"
    ]


@pytest.mark.parametrize(
    "link",
    [
        '<a href="https://x.com/#textqa:disable-file">docs</a>',
        "https://example.com/page#textqa:disable-file",
        "https://example.com/a//textqa:disable-file",
    ],
)
def test_a_directive_inside_a_url_is_no_directive(link: str):
    """A trial: a link to such an anchor switched off checking for the whole file."""
    from textqa import check_text

    text = f"See {link} for more.\n\nMacron's workplace stated on Sunday.\n"
    assert {f.rule for f in check_text(text, path="a.html")} >= {"news-spin.workplace"}
    real = "# textqa: disable-file\n" + text  # the same directive, as a comment
    assert check_text(real) == []
