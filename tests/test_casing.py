"""Putting a replacement into running text: the form of the word it replaces."""

from __future__ import annotations


def test_replacements_in_the_observed_words_form_come_first():
    """A trial's 'fulfills' → 'meet' and 'maintains' → 'hold': the fix would write "The
    group meet"; the form the replaced word has goes first, each group in its order."""
    from textqa.casing import same_form_first

    assert same_form_first("fulfills", ["meet", "met", "meets"]) == ["meets", "meet", "met"]
    assert same_form_first("fulfilled", ["meet", "met", "meets"]) == ["met", "meet", "meets"]
    assert same_form_first("stated", ["say", "said"]) == ["said", "say"]  # irregular past
    assert same_form_first("maintain", ["holds", "hold"]) == ["hold", "holds"]
    # Already first, a phrase, or nothing in the form: the order as given.
    assert same_form_first("maintains", ["holds", "hold"]) == ["holds", "hold"]
    assert same_form_first("in keeping with", ["according to"]) == ["according to"]
    assert same_form_first("fulfills", ["meet", "encounter"]) == ["meet", "encounter"]


def test_a_pack_hit_suggests_and_names_the_original_in_its_form():
    from textqa import check_text

    text = "The Trilateral Contact Group fulfills in the next few hours with the envoys."
    (hit,) = [f for f in check_text(text) if f.rule == "news-spin.fulfill-meet"]
    assert hit.suggestions[0] == "meets"
    assert hit.message == "'fulfills' is a spinner synonym of 'meets'"


def test_a_phrase_takes_the_form_of_its_first_inflected_word():
    """A trial: "three neural organizations" was offered "neural network" first."""
    from textqa.casing import same_form_first

    assert same_form_first("neural organizations", ["neural network", "neural networks"]) == [
        "neural networks",
        "neural network",
    ]
    assert same_form_first("dialogs", ["dialogue", "conversation", "dialogues"])[0] == "dialogues"
    assert same_form_first("persevering with", ["continue", "continuing"])[0] == "continuing"
    assert same_form_first("neural network", ["neural networks", "neural network"])[0] == (
        "neural network"
    )
