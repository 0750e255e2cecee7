"""Document model: offsets, lines, sentences, quotations and skipped spans."""

from __future__ import annotations

import pytest

from textqa.document import Document, lines_of
from textqa.tokens import tokenize


def test_tokens_keep_code_point_offsets_and_normalise_apostrophes():
    text = "Macron’s *office* — said."
    tokens = tokenize(text)
    assert [(t.text, t.norm, t.is_word) for t in tokens] == [
        ("Macron’s", "macron's", True),
        ("office", "office", True),
        ("—", "—", False),
        ("said", "said", True),
        (".", ".", False),
    ]
    assert all(text[t.start : t.end] == t.text for t in tokens)


def test_an_apostrophe_entity_inside_a_word_reads_as_the_apostrophe():
    """An entity inside a word is its apostrophe: "Macron&rsquo;s" is one word, "macron's",
    as "Macron’s" is (it was "Macron" and a word "s"); an entity outside a word (quotes,
    "leaders&rsquo;") is still skipped."""
    text = (
        "<p>Macron&rsquo;s aide said it&#39;s &lsquo;odd&rsquo;, the leaders&rsquo; "
        "x&#x2019;y&#8217;z</p>"
    )
    doc = Document(text, "a.html")
    assert [(w.text, w.norm) for w in doc.words] == [
        ("Macron&rsquo;s", "macron's"),
        ("aide", "aide"),
        ("said", "said"),
        ("it&#39;s", "it's"),
        ("odd", "odd"),
        ("the", "the"),
        ("leaders", "leaders"),
        ("x&#x2019;y&#8217;z", "x'y'z"),
    ]
    assert [text[s:e] for s, e in doc.skipped] == [
        "<p>", "&lsquo;", "&rsquo;", "&rsquo;", "</p>"
    ]  # fmt: skip
    assert all(text[w.start : w.end] == w.text for w in doc.words)


def test_html_quotation_entities_quote_as_their_characters():
    """An entity pair quotes as the marks it stands for; an apostrophe entity inside a
    word opens and closes nothing; an entity inside a tag's attribute value is no
    quotation mark of the prose."""
    text = (
        "<p>He said &ldquo;the workplace stated&rdquo; and &lsquo;odd&rsquo;, Macron&rsquo;s "
        'aide &#8220;x&#8221; &#8216;y&#8217; <a title="say &quot;hi">The end</a>.</p>'
    )
    doc = Document(text, "a.html")
    assert [text[s:e] for s, e in doc.quoted] == [
        "&ldquo;the workplace stated&rdquo;",
        "&lsquo;odd&rsquo;",
        "&#8220;x&#8221;",
        "&#8216;y&#8217;",
        '"say &quot;hi"',  # the attribute's own quotes, as before
    ]
    assert not doc.in_quote(text.index("The end"), text.index("The end") + 7)
    # A capital after an opening entity starts the quotation, as after “: no name.
    for quoted in (
        "He called it &lsquo;Workplace&rsquo; twice.",
        "He called it ‘Workplace’ twice.",
    ):
        assert Document(quoted, "a.html").names == frozenset()
    assert len(Document("He called it Workplace twice.", "a.html").names) == 1


def test_an_html_block_tag_ends_a_paragraph_and_its_open_quotation():
    """HTML paragraphs seldom have blank lines between them: a “ left open in one <p>
    took in the paragraphs after it, whose findings were demoted to hints and left
    unfixed. A <br> is a line break inside a paragraph, not the end of one."""
    text = "<p>He said: “We will talk.</p>\n<p>Macron's workplace stated on Monday.</p>"
    doc = Document(text, "a.html")
    assert [text[s:e] for s, e in doc.quoted] == ["“We will talk."]
    at = text.index("workplace")
    assert not doc.in_quote(at, at + 9)
    news = "<P>“First paragraph of a quote.</P><p class='x'>“Second,” he said.</p>"
    assert [news[s:e] for s, e in Document(news, "a.html").quoted] == [
        "“First paragraph of a quote.",
        "“Second,”",
    ]
    verse = "<p>“A line<br>and another,” he said. ‘Single,’ too.</p>"
    assert [verse[s:e] for s, e in Document(verse, "a.html").quoted] == [
        "“A line<br>and another,”",
        "‘Single,’",
    ]
    from textqa import check_text

    found = check_text(text, path="a.html")
    assert {f.text for f in found if f.fails} >= {"workplace", "stated"}


def test_an_html_block_tag_ends_a_sentence_even_on_one_line():
    """Minified HTML has no line breaks: a heading and the paragraph after it were one
    sentence, so the paragraph's capitalised first word read as a name ("Workplace") and
    its finding was lost; the sentences are the tags' contents."""
    text = "<h2>Ceasefire talks</h2><p>Workplace stated on Monday.</p><p>Next one</p>"
    doc = Document(text, "a.html")
    assert [text[s:e] for s, e in doc.sentences] == [
        "Ceasefire talks", "Workplace stated on Monday.", "Next one"
    ]  # fmt: skip
    assert sorted(doc.tokens[i].text for i in doc.names) == ["Monday"]
    inline = "<p>The <b>Workplace</b> software</p>"  # an inline tag ends nothing
    assert [inline[s:e] for s, e in Document(inline, "a.html").sentences] == [
        "The <b>Workplace</b> software"
    ]


def test_hard_wrapped_prose_inside_an_html_block_wraps_as_plain_lines_do():
    """A trial: a line starting with a tag ("<p>", "<p class=...>", "<li>", even "<b>")
    never went on to the next, so hard-wrapped prose inside a <p> (hand-written and CMS
    HTML) lost the phrases wrapped across its lines. The tags around a line's text are
    marks; a block tag still ends the paragraph at a break before or after it."""
    from textqa import check_text

    text = (
        "<p>The two leaders final spoke by phone on February 12, in\n"
        "keeping with the White House.</p>\n"
        '<p class="lead">In a round of US <b>speak</b>\n'
        "reveals, Blinken spoke.</p>\n"
        "<ul>\n"
        "  <li>The talks went on in\n"
        "  <b>and</b> round the capital</li>\n"
        "  <li>Second item</li>\n"
        "</ul>\n"
    )
    doc = Document(text, "a.html")
    assert [text[s:e] for s, e in doc.sentences] == [
        "The two leaders final spoke by phone on February 12, in\nkeeping with the White House.",
        "In a round of US <b>speak</b>\nreveals, Blinken spoke.",
        "The talks went on in\n  <b>and</b> round the capital",
        "Second item",
    ]
    found = {(f.rule, f.text) for f in check_text(text, path="a.html")}
    assert {
        ("news-spin.in-keeping-with", "in\nkeeping with"),
        ("news-spin.talk-shows", "speak</b>\nreveals"),
        ("news-spin.in-and-around", "in\n  <b>and</b> round"),
    } <= found
    # A block tag at the break (closing the line before, opening the next) ends the
    # paragraph: no phrase and no sentence across it.
    blocks = (
        "<p>The two leaders final spoke by phone on February 12, in</p>\n"
        "keeping with the White House.\n"
        "<p>In a round of US speak\n"
        "<p>reveals, Blinken spoke.</p>\n"
        "<h2>Talks went on in\n"
        "</h2>and round the capital\n"
    )
    doc = Document(blocks, "a.html")
    assert [blocks[s:e] for s, e in doc.sentences] == [
        "The two leaders final spoke by phone on February 12, in",
        "keeping with the White House.",
        "In a round of US speak",
        "reveals, Blinken spoke.",
        "Talks went on in",
        "and round the capital",
    ]
    rules = {f.rule for f in check_text(blocks, path="a.html")}
    assert rules.isdisjoint(
        {"news-spin.in-keeping-with", "news-spin.talk-shows", "news-spin.in-and-around"}
    )


def test_the_regex_view_reads_an_apostrophe_entity_as_one_character():
    doc = Document("a&rsquo;b c&#39;d e", "a.html")
    view = doc.regex_view
    assert view.text == "a’b c'd e"
    # text: a 0, &rsquo; 1-7, b 8, space 9, c 10, &#39; 11-15, d 16, space 17, e 18
    assert [view.to_view(o) for o in (0, 1, 8, 9, 10, 11, 16, 18)] == [0, 1, 2, 3, 4, 5, 6, 8]
    assert [view.to_text(o) for o in (0, 1, 2, 3, 4, 5, 6, 8)] == [0, 1, 8, 9, 10, 11, 16, 18]
    plain = Document("a’b c", "a.html").regex_view
    assert (plain.text, plain.to_view(3), plain.to_text(3)) == ("a’b c", 3, 3)


def test_block_quoted_lines_wrap_as_plain_lines_do():
    """E-mail and Markdown block quotes ("> " on each line) hold hard-wrapped prose as
    plain lines do: the prefixes are marks, not words, and a quoted line wraps to the
    next line quoted as deep; a sentence starts at its first word, not at the "> "."""
    text = "> The workplace stated on\n> Monday that talks would resume.\n"
    doc = Document(text, "mail.txt")
    assert [w.text for w in doc.words][:5] == ["The", "workplace", "stated", "on", "Monday"]
    assert ">" not in [t.text for t in doc.tokens]
    assert [text[s:e] for s, e in doc.sentences] == [
        "The workplace stated on\n> Monday that talks would resume."
    ]
    crlf = "> > The workplace stated on\r\n> > Monday that talks would resume.\r\n"
    assert [crlf[s:e] for s, e in Document(crlf).sentences] == [
        "The workplace stated on\r\n> > Monday that talks would resume."
    ]


def test_a_quoted_line_never_wraps_into_one_quoted_deeper():
    """Into a line quoted where the one before was not, a deeper quote, or past a quoted
    blank line: each is a block of its own, as in Markdown."""
    for text in (
        "The talks went on in and\n> round the capital.\n",
        "> The talks went on in and\n> > round the capital.\n",
        "> The talks went on in and\n>\n> round the capital.\n",
    ):
        doc = Document(text)
        assert len(doc.sentences) == 2, text
        start, end = doc.sentences[0]
        assert text[start:end] == "The talks went on in and", text


def test_a_line_quoted_less_deeply_goes_on_the_quoted_sentence():
    """Markdown's lazy continuation ("> The workplace stated\non Monday." is one
    paragraph of the quote), and a mail client's re-wrap of a quoted line: by the same
    wrap rules as plain lines, so a headline or a finished sentence still ends there."""
    text = "> The workplace stated\non Monday.\n"
    doc = Document(text, "a.md")
    assert doc.sentences == [(2, 33)]  # "The workplace stated\non Monday."
    assert text[2:33] == "The workplace stated\non Monday."
    nested = "> > The talks went on in and\n> round the capital.\n"
    assert [nested[s:e] for s, e in Document(nested).sentences] == [
        "The talks went on in and\n> round the capital."
    ]
    for text in ("> The talks went on.\nNew line here.\n", "> Quoted Headline Here\nBody.\n"):
        assert len(Document(text).sentences) == 2, text


def test_a_quoted_blank_line_ends_a_paragraph_and_its_open_quotation():
    """A line of only ">" is a quoted e-mail's blank line: a double quote left open in
    the paragraph before ends there, as at a blank line, instead of taking in the next
    paragraph (whose findings were demoted to hints)."""
    text = "> He said: \"We will talk\n>\n> Macron's workplace stated.\n"
    assert Document(text).quoted == [(11, 24)]
    assert text[11:24] == '"We will talk'
    crlf = "> He said: \"We will talk\r\n> \r\n> Macron's workplace stated.\r\n"
    assert Document(crlf).quoted == [(11, 24)]


def test_positions_are_one_based_code_points():
    doc = Document("é\nab\r\ncd")
    assert doc.position(0) == (1, 1)
    assert doc.position(2) == (2, 1)
    assert doc.position(6) == (3, 1)
    assert doc.line_text(2) == "ab"


def test_a_lone_carriage_return_ends_a_line_too():
    # Classic Mac files end lines with CR alone; SARIF and editors count it as a break.
    text = "one\rtwo\r\nthree\nfour"
    doc = Document(text)
    starts = [text.index(w) for w in ("one", "two", "three", "four")]
    assert [doc.position(o) for o in starts] == [(1, 1), (2, 1), (3, 1), (4, 1)]
    assert [doc.line_text(n) for n in (1, 2, 3)] == ["one", "two", "three"]
    assert lines_of(text) == ["one", "two", "three", "four"]


def test_sentences_split_on_terminal_punctuation_and_lines():
    text = "He said it. She left!\nNew line here. e.g. lower stays"
    doc = Document(text)
    assert [text[s:e] for s, e in doc.sentences] == [
        "He said it.",
        "She left!",
        "New line here. e.g. lower stays",
    ]


def test_a_title_or_month_abbreviation_does_not_end_a_sentence():
    text = (
        "The FBI seeks him over links to the Sept. 11 hijackers. It was a laugh, "
        "Staff-Insp. Gary Ellis said. Mr. Smith lives at No. 10 Downing St. in London. "
        "He met officials in the U.S. They left."
    )
    doc = Document(text)
    assert [text[s:e] for s, e in doc.sentences] == [
        "The FBI seeks him over links to the Sept. 11 hijackers.",
        "It was a laugh, Staff-Insp. Gary Ellis said.",
        "Mr. Smith lives at No. 10 Downing St. in London.",
        "He met officials in the U.S.",  # initials can end a sentence: no rule for them
        "They left.",
    ]


def test_quoted_spans_curly_and_straight():
    text = 'He said “the workplace is fine” and "so it is" today.'
    doc = Document(text)
    assert [text[s:e] for s, e in doc.quoted] == ["“the workplace is fine”", '"so it is"']
    start = text.index("workplace")
    assert doc.in_quote(start, start + 9)
    assert not doc.in_quote(text.index("today"), text.index("today") + 5)


def test_unclosed_quote_ends_at_paragraph():
    text = "“Open quote runs on\n\nNext paragraph."
    doc = Document(text)
    assert doc.quoted == [(0, text.index("\n\n"))]


def test_paragraph_breaks_close_quotes_in_crlf_and_cr_only_text():
    """A blank line is a blank line whatever the line ends: an unclosed quote in a CRLF
    file once ran on to the end of the text, and hid every finding after it."""
    for newline in ("\r\n", "\r", "\n"):
        blank = newline + " \t" + newline
        text = f"“Open quote runs on{newline}and on{blank}Next paragraph."
        assert Document(text).quoted == [(0, text.index(blank))], repr(newline)
        single = f"“One quote{newline}over two lines” and more."
        assert Document(single).quoted == [(0, single.index(" and"))], repr(newline)


def test_code_urls_and_html_are_skipped():
    text = "See `workplace` at https://x.org/workplace and <b class='workplace'>bold</b>.\n"
    text += "```\nworkplace\n```\nend"
    doc = Document(text)
    assert [t.text for t in doc.words] == ["See", "at", "and", "bold", "end"]


def _words(text: str, path: str) -> list[str]:
    return [t.text for t in Document(text, path).words]


def test_script_style_pre_and_code_element_contents_are_skipped_in_any_file():
    text = (
        "<style>.workplace {color:red}</style>\n<SCRIPT type='x'>\nvar workplace = 1;\n"
        "</Script> after <pre>workplace\n\n workplace</pre><code>workplace</code> end"
    )
    for path in ("page.html", "page.HTM", "notes.txt", "<stdin>"):
        assert _words(text, path) == ["after", "end"]


def test_keyboard_output_variable_teletype_and_form_contents_are_skipped():
    """A trial found `fix --write` rewriting the words of <kbd> and <textarea>."""
    text = (
        "Press <kbd>Ctrl workplace</kbd>, see <samp>workplace stated</samp> for "
        "<var>workplace</var> and <TT>the the</TT>. <textarea rows=2>a uncommon</textarea> "
        "<variable>kept</variable> end"
    )
    assert _words(text, "page.html") == ["Press", "see", "for", "and", "kept", "end"]


def test_text_right_after_a_closing_script_tag_is_prose():
    text = "<script>run(workplace);</script>The workplace said."
    assert _words(text, "page.html") == ["The", "workplace", "said"]


def test_markdown_front_matter_is_metadata_not_prose():
    yaml = "---\ntitle: Talks\npermalink: /x/\n---\n\nThe talks ended.\n"
    assert _words(yaml, "post.md") == ["The", "talks", "ended"]
    toml = '+++\ntitle = "Talks"\ndraft = true\n+++\nThe talks ended.\n'
    assert _words(toml, "post.markdown") == ["The", "talks", "ended"]
    assert _words("\ufeff" + yaml.replace("\n---\n", "\n...\n", 1), "post.md")[0] == "The"
    # Only at the very start of a Markdown file, and only when closed.
    assert "title" in _words(yaml, "post.txt")
    assert "title" in _words("---\ntitle: Talks\nThe talks ended.\n", "post.md")


def test_unclosed_comments_and_code_elements_hide_nothing():
    # An opener with no closing mark is not a span: the prose after it is checked (and
    # many such openers are each looked at once, not scanned to the end of the text).
    text = "a <pre> workplace <!-- b <script> c <code> d " * 200
    words = _words(text, "page.txt")
    assert words.count("workplace") == 200
    assert words.count("d") == 200
    # In an HTML file an unclosed comment runs to the end, as a browser reads it; an
    # unclosed <pre> does not hide the words before it.
    assert _words(text, "page.html") == ["a", "workplace"]
    closed = "x <pre> y <!-- z --> w </pre> <!-- v --> u"
    assert _words(closed, "page.html") == ["x", "u"]


MARKDOWN = (
    "Intro text.\n\n    indented alpha\n\n    indented beta\nProse gamma.\n\n"
    "- item\n\n    continued delta\n\n        indented epsilon\n\nPara zeta.\n"
)


def test_markdown_indented_code_is_skipped_but_not_list_continuations():
    prose = ["Intro", "text", "Prose", "gamma", "item", "continued", "delta", "Para", "zeta"]
    for path in ("a.md", "a.MARKDOWN"):
        assert _words(MARKDOWN, path) == prose


def test_an_indented_paragraph_is_prose_outside_markdown():
    for path in ("a.txt", "<stdin>", "a.rst"):
        assert "alpha" in _words(MARKDOWN, path)
        assert "epsilon" in _words(MARKDOWN, path)


def test_an_indented_line_in_a_fenced_block_does_not_open_indented_code():
    text = "```\nx = 1\n\n    y = 2\n```\nAfter the fence.\n"
    assert _words(text, "a.md") == ["After", "the", "fence"]


def test_a_fence_closes_only_at_a_bare_line_of_as_many_of_its_marks():
    """A "```bash" line inside a block, or "```" inside a "````" block (Markdown about
    Markdown), is code, not the closer: the code after it was checked as prose and the
    prose after the real closer hidden as code. A line starting "```x```" is inline
    code, not a fence that hid the rest of the file."""
    nested = "````markdown\n```python\nx = workplace\n```\nThe workplace stated.\n````\nAfter.\n"
    assert _words(nested, "a.md") == ["After"]
    assert Document(nested, "a.md").code == [(0, nested.index("\nAfter"))]
    info = "```python\nx = 1\n```bash\ny = workplace\n```\nAfter.\n"
    assert _words(info, "a.txt") == ["After"]
    assert _words("~~~\ncode\n~~~~~ \nAfter.\n", "a.md") == ["After"]
    inline = "```x``` is inline.\nThe workplace stated.\n"
    assert _words(inline, "a.md") == ["is", "inline", "The", "workplace", "stated"]
    assert _words("> " + inline.replace("\n", "\n> ", 1), "a.md")[-3:] == [
        "The", "workplace", "stated"
    ]  # fmt: skip


def test_inline_code_closes_with_as_many_backticks_and_may_wrap_one_line():
    """A code span is a run of backticks closed by a run as long, as in CommonMark:
    "``a ` b``" was cut at its inner backtick; hard-wrapped Markdown wraps inside a code
    span, whose second line was prose. A blank line still ends one."""
    text = "Run `textqa check\nworkplace.txt` and ``a ` b workplace`` to see.\n"
    doc = Document(text, "a.md")
    assert [text[s:e] for s, e in doc.code] == [
        "`textqa check\nworkplace.txt`",
        "``a ` b workplace``",
    ]
    assert [w.text for w in doc.words] == ["Run", "and", "to", "see"]
    assert _words("A stray ` tick.\n\nThe workplace `stated` x.\n", "a.md") == [
        "A", "stray", "tick", "The", "workplace", "x"
    ]  # fmt: skip
    assert _words("> Run `textqa\n> check` now.\n", "mail.txt") == ["Run", "now"]


def test_a_fence_in_a_list_item_is_code_at_any_indentation():
    """A list item's fence sits at its content's column: 4 spaces under "10." or a
    nested item, past the 3 a top-level fence may have; its code was read as prose."""
    nested = "- outer\n  - inner\n\n    ```python\n    workplace = 1\n    ```\n\nAfter.\n"
    assert _words(nested, "a.md") == ["outer", "inner", "After"]
    tenth = "10. Step ten:\n\n    ~~~\n    workplace = 1\n    ~~~\n\nAfter.\n"
    assert _words(tenth, "a.txt") == ["10", "Step", "ten", "After"]
    quoted = "> - item\n>\n>       ```\n>       workplace\n>       ```\n> After.\n"
    assert _words(quoted, "a.md") == ["item", "After"]


def test_a_fenced_block_inside_a_block_quote_is_code():
    """Code in a quote is code, as outside one: the block runs from "> ```" to its
    closing fence, or to the quote's last line (a line quoted less deeply, or not at all,
    ends the quote); quoted marks inside it are code text ("> > x", ">", "> ```bash")."""
    text = (
        "> Quoted text:\n>\n> ```python\n> # the workplace stated\n> > nested = 1\n>\n"
        "> ```bash\n> ```\n> After the code.\n"
    )
    doc = Document(text, "mail.txt")
    assert [w.text for w in doc.words] == ["Quoted", "text", "After", "the", "code"]
    start = text.index("> ```python")
    end = text.index("> After") - 1  # up to the closing fence, before its line break
    assert doc.code == [(start, end)]
    assert text[end - 5 : end] == "> ```"
    # Unclosed: the block ends with the quote (here at the unquoted line).
    assert _words("> ~~~\n> code one\nLazy prose.\n", "a.md") == ["Lazy", "prose"]
    # Two levels deep: a line quoted once ends it; CRLF lines close as LF lines do.
    assert _words("> > ```\n> > code\n> Outer prose.\n", "a.md") == ["Outer", "prose"]
    crlf = "> ~~~~\r\n> code\r\n> ~~~\r\n> more code\r\n> ~~~~~\r\n> Prose.\r\n"
    assert _words(crlf, "a.txt") == ["Prose"]  # "~~~" is shorter than "~~~~": no closer


def test_a_quote_or_fence_opened_on_a_list_items_first_line_is_read_as_one():
    """A trial: "- > " (a list item holding a quote, its lines going on as "  > ") was
    no quote prefix on its first line, so a fence there ("- > ```") was prose that fix
    rewrote, and the quote's first line never wrapped into its second; "- ```" and
    "> - ```" opened no fence either. A list item's marker followed by no quote is
    prose, as ever, and a line opening a new item never goes on the one before."""
    from textqa import check_text

    fenced = "- > ```\n  > Macron's workplace stated.\n  > ```\nAfter.\n"
    doc = Document(fenced, "a.md")
    assert [w.text for w in doc.words] == ["After"]
    assert doc.code == [(0, fenced.index("\nAfter"))]
    assert check_text(fenced, path="a.md") == []
    for text in (
        "- ```\n  Macron's workplace stated.\n  ```\nAfter.\n",
        "> - ```\n>   Macron's workplace stated.\n>   ```\nAfter.\n",
        "1. > ~~~\n   > Macron's workplace stated.\n   > ~~~\nAfter.\n",
    ):
        assert _words(text, "a.md") == ["After"], text
        assert _words(text, "a.txt") == ["After"], text  # fences are fences in any file

    text = (
        "- > In a round of US speak\n"
        "  > reveals, Blinken spoke.\n"
        "- > The talks went on in\n"
        "- > and round the capital.\n"
    )
    doc = Document(text, "a.md")
    assert "-" not in [t.text for t in doc.tokens] and ">" not in [t.text for t in doc.tokens]
    assert [text[s:e] for s, e in doc.sentences] == [
        "In a round of US speak\n  > reveals, Blinken spoke.",
        "The talks went on in",
        "and round the capital.",
    ]
    found = {(f.rule, f.text) for f in check_text(text, path="a.md")}
    assert ("news-spin.talk-shows", "speak\n  > reveals") in found
    assert "news-spin.in-and-around" not in {rule for rule, _ in found}
    assert _words("- The talks went on.\n", "a.md") == ["The", "talks", "went", "on"]

    # Indented code: "- >     x" is code in the item's quote, as ">     x" is; after the
    # quote, the lines are read in the item ("    more": 2 columns past its content).
    assert _words("- >     code line\n- > prose\n", "a.md") == ["prose"]
    assert _words("- > quote\n\n    more\n\n      code\n", "a.md") == ["quote", "more"]
    assert _words("- item\n  > quote\n\n    more\n", "a.md") == ["item", "quote", "more"]
    assert _words("- item\n> quote\n\n    code\n", "a.md") == ["item", "quote"]


def test_indented_code_inside_a_block_quote_is_code_in_markdown():
    """Markdown indented code behind "> " (4 columns after the prefix) is code, as it is
    outside a quote; an indented quoted line that only continues a paragraph is prose,
    and in a plain text (an e-mail) an indented quoted line is prose as an unquoted one."""
    text = "> Intro.\n>\n>     workplace = 1\n>\n>     more = 2\n> After.\n"
    doc = Document(text, "a.md")
    assert [w.text for w in doc.words] == ["Intro", "After"]
    start = text.index("    workplace")
    assert doc.code == [(start, text.index("\n> After"))]
    assert _words(text, "a.txt") == ["Intro", "workplace", "1", "more", "2", "After"]
    # A quote's first line may be code; a paragraph goes on into an indented line.
    assert _words(">     code line\n> prose\n", "a.md") == ["prose"]
    assert _words("> Intro.\n>     goes on\n", "a.md") == ["Intro", "goes", "on"]


RST = (
    "Title\n=====\n\n.. note::\n\n   Note body.\n\nExample::\n\n    literal alpha\n\n"
    "  literal beta\n\nAfter prose.\n\n.. code-block:: python\n   :linenos:\n\n"
    "   x = 1  # gamma\n\nEnds with a colon pair::\nnot literal\n\n::\n\n    delta\nLast.\n"
)


def test_rst_literal_blocks_and_code_directives_are_skipped():
    assert _words(RST, "doc.rst") == [
        "Title", "note", "Note", "body", "Example", "After", "prose", "code", "block",
        "python", "Ends", "with", "a", "colon", "pair", "not", "literal", "Last",
    ]  # fmt: skip


def test_rst_literal_blocks_are_prose_in_other_files():
    assert {"alpha", "beta", "gamma", "delta"} <= set(_words(RST, "doc.txt"))


def test_hash_and_slash_directives_are_skipped_but_not_the_text_before_them():
    text = "# textqa: ignore-next-line a.workplace\nThe workplace // textqa: disable b\r\nEnd"
    assert _words(text, "a.txt") == ["The", "workplace", "End"]


def _names(text: str) -> list[str]:
    doc = Document(text)
    return [doc.tokens[i].text for i in sorted(doc.names)]


def test_words_capitalised_inside_a_sentence_are_names():
    text = "IBM's Workplace software runs Linux. Workplace is a suite, said Ms Smith."
    # "Workplace" opens the second sentence, but the text capitalises it inside one and
    # never writes it in lower case: a name there too. "IBM" (all capitals) and the
    # sentence-initial "IBM's" are not counted; "Linux", "Ms" and "Smith" are.
    assert _names(text) == ["Workplace", "Linux", "Workplace", "Ms", "Smith"]


def test_a_sentence_initial_word_the_text_also_writes_in_lower_case_is_no_name():
    text = "The Workplace Relations Act passed. Workplace rules, and workplace safety, changed."
    assert _names(text) == ["Workplace", "Relations", "Act"]


def test_capitals_after_openers_and_in_headlines_are_no_names():
    text = (
        "Macron's Office Says Talks Will Resume Soon\n"
        "He said: «Uncommon» days — Rare ones — are (Seldom) seen.\n"
    )
    assert _names(text) == []


def test_a_phrase_spans_one_line_break_of_any_kind_but_not_a_blank_line():
    from textqa.tokens import joins_phrase

    for gap, joins in [
        (" ", True), ("\n", True), ("\r\n", True), ("\r", True), (" *", True),
        ("\n\n", False), ("\r\n\r\n", False), ("\r\r", False), ("\n \n", False), (", ", False),
    ]:  # fmt: skip
        text = f"speak{gap}reveals"
        left, right = tokenize(text)[0], tokenize(text)[-1]
        assert joins_phrase(text, left, right) is joins, repr(gap)


def test_single_quotes_are_quotations_only_in_closed_pairs():
    """British and AP style quote speech in single quotes; an apostrophe looks the same,
    so only a closed pair counts, and a word's apostrophe never closes one."""
    cases = {
        "He said ‘the workplace is shut’ on Sunday.": ["‘the workplace is shut’"],
        "He said 'the workplace is shut' and left.": ["'the workplace is shut'"],
        "Macron’s workplace stated the leaders’ talks went on.": [],
        "Rock ’n’ roll, ‘90s music and 'em all.": [],
        "It's the boys' toys and 'quoted words' here.": ["'quoted words'"],
        "“He said ‘no’ today,” she said.": ["“He said ‘no’ today,”"],  # nested: one span
        "‘Unclosed runs on\n\nNext paragraph’ here.": [],
    }
    for text, quoted in cases.items():
        assert [text[s:e] for s, e in Document(text).quoted] == quoted, text


def test_a_hard_wrapped_sentence_is_one_sentence():
    text = (
        "Russian chief and military action\n"
        "French President Emmanuel Macron and Russian leader Vladimir\n"
        "Putin agreed on Sunday to work for a ceasefire in eastern\n"
        "Ukraine, Macron's office said.\n"
        "The two leaders last spoke by phone.\n"
        "- a list item\n"
        "- another item\n"
    )
    doc = Document(text)
    assert [text[s:e] for s, e in doc.sentences] == [
        "Russian chief and military action",  # a short line without a stop: a headline
        "French President Emmanuel Macron and Russian leader Vladimir\n"
        "Putin agreed on Sunday to work for a ceasefire in eastern\n"
        "Ukraine, Macron's office said.",
        "The two leaders last spoke by phone.",
        "- a list item",
        "- another item",
    ]
    # "Putin" and "Ukraine" continue a sentence: names, not sentence-initial words.
    names = {doc.tokens[i].text for i in doc.names}
    assert {"Putin", "Ukraine"} <= names


def test_an_elision_apostrophe_opens_no_quotation():
    """A trial: "Give 'em ... the leaders' trust" read as a quotation and hid the spun
    words between; so did "‘Tis ... the ministers’"."""
    for text in (
        "Give 'em the troops in and round the town and the leaders' trust.",
        "‘Tis the season, and the ministers’ talks went on.",
    ):
        assert Document(text).quoted == [], text
    text = "He said 'round two begins' today."
    assert [text[s:e] for s, e in Document(text).quoted] == ["'round two begins'"]


def test_a_tag_with_an_apostrophe_in_an_unquoted_value_is_still_a_tag():
    """A quoted value may hold ">" (alt='a > b'); an unquoted one with an apostrophe
    (title=It's) must not stop the tag from being a tag."""
    assert _words("<a title=It's>Macron workplace</a> said.", "a.html") == [
        "Macron", "workplace", "said",
    ]  # fmt: skip
    assert _words("<img alt='a > b US speak reveals' src=\"x\"> today", "a.html") == ["today"]


def test_rst_doctest_blocks_and_comments_are_not_prose():
    """A trial: fix --write rewrote a doctest's expected output (the doctest then
    failed) and a comment. A directive's body and text after a target stay prose."""
    text = (
        'Example\n=======\n\n>>> statement()\n"Macron\'s workplace stated"\n'
        "Macron's workplace stated the talks.\n\n"
        ".. Macron's workplace stated it in a comment.\n\n"
        ".. note::\n   Macron's workplace stated it in a note.\n\n"
        ".. _target:\n\nText after. Macron's workplace stated it.\n\n"
        "..\n   Macron's workplace stated it in an indented comment.\n\n"
        "End: Macron's workplace stated.\n"
    )
    doc = Document(text, "d.rst")
    lines = sorted({doc.position(t.start)[0] for t in doc.tokens if t.norm == "workplace"})
    assert lines == [11, 15, 20]
    assert text.count("workplace") == 7
    plain = Document(text, "d.txt")  # in plain text all of it is prose
    assert len([t for t in plain.tokens if t.norm == "workplace"]) == 7


@pytest.mark.parametrize("opener", ["<script>", "<style>", "<!--", "<textarea>"])
def test_an_unclosed_raw_text_element_runs_to_the_end_of_an_html_file(opener: str):
    """A trial: an unclosed <script> (or comment) was read as prose, and fix --write
    rewrote what a browser reads as script. In a .txt file "<!--" may be prose."""
    text = f"<p>Macron's workplace said so.</p>\n{opener}\nvar s = \"Macron's workplace stated\";\n"
    words = [t.norm for t in Document(text, "a.html").tokens if t.norm == "workplace"]
    assert len(words) == 1
    plain = Document(text, "a.txt")  # no end tag: in a .txt file, a mention of one
    assert len([t for t in plain.tokens if t.norm == "workplace"]) == 2
