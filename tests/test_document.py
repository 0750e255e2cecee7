"""Document model: offsets, lines, sentences, quotations and skipped spans."""

from __future__ import annotations

from textqa.document import Document
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


def test_positions_are_one_based_code_points():
    doc = Document("é\nab\r\ncd")
    assert doc.position(0) == (1, 1)
    assert doc.position(2) == (2, 1)
    assert doc.position(6) == (3, 1)
    assert doc.line_text(2) == "ab"


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


def test_code_urls_and_html_are_skipped():
    text = "See `workplace` at https://x.org/workplace and <b class='workplace'>bold</b>.\n"
    text += "```\nworkplace\n```\nend"
    doc = Document(text)
    assert [t.text for t in doc.words] == ["See", "at", "and", "bold", "end"]


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
