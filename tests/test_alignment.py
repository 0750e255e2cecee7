"""Sentence and word alignment with siblings, on small hand-made cases."""

from __future__ import annotations

from pathlib import Path

import pytest

from textqa import align
from textqa.alignment import BETWEEN, MERGED, SAME, SPLIT, pair_sentences
from textqa.document import Document
from textqa.synonymy import are_linked, different_facts, link, pack_pairs

SPUN = "Macron's workplace stated the talks will resume on Monday in the French capital."
ORIGINAL = "Macron's office said the talks will resume on Monday in the French capital."


def swaps(result) -> list[tuple[str, str]]:
    return [(s.text, s.replacement) for s in result.evidence]


def test_one_sentence_each_gives_word_swaps_with_offsets():
    result = align(SPUN, [ORIGINAL])
    assert [p.kind for p in result.pairs] == [SAME]
    assert swaps(result) == [("workplace", "office"), ("stated", "said")]
    for sub in result.evidence:
        assert SPUN[sub.start : sub.end] == sub.text
        assert ORIGINAL[sub.sibling_start : sub.sibling_end] == sub.replacement
        assert sub.sibling_line == 1
        assert sub.sibling_sentence == ORIGINAL


def test_merged_sentences_pair_with_two_sibling_sentences():
    text = (
        "Macron's workplace stated the talks will resume on Monday "
        "and the ministers would fulfill in Paris."
    )
    sibling = (
        "Macron's office said the talks will resume on Monday. The ministers would meet in Paris."
    )
    result = align(text, [sibling])
    assert [p.kind for p in result.pairs] == [MERGED]
    assert result.pairs[0].sibling_text == sibling
    assert swaps(result) == [("workplace", "office"), ("stated", "said"), ("fulfill", "meet")]


def test_split_sentences_each_pair_with_the_longer_sibling_sentence():
    text = (
        "Macron's workplace stated the talks will resume on Monday. "
        "The ministers would fulfill in Paris."
    )
    sibling = (
        "Macron's office said the talks will resume on Monday "
        "and the ministers would meet in Paris."
    )
    result = align(text, [sibling])
    assert [p.kind for p in result.pairs] == [SPLIT, SPLIT]
    assert {p.sibling_text for p in result.pairs} == {sibling}
    assert swaps(result) == [("workplace", "office"), ("stated", "said"), ("fulfill", "meet")]


def test_a_sibling_reporting_other_facts_gives_no_evidence():
    text = "Macron's office said the talks will resume on Tuesday with 12 delegates in Berlin."
    sibling = "Macron's office said the talks will resume on Monday with 15 delegates in Paris."
    result = align(text, [sibling])
    assert result.pairs  # the sentences do match...
    assert result.evidence == []  # ...but every difference is a fact
    reasons = {s.text: s.reason for s in result.substitutions}
    assert reasons == {
        "Tuesday": "different facts: date 'Tuesday' here",
        "12": "different facts: number '12' here",
        "Berlin": "different facts: name 'Berlin' here",
    }


def test_antonyms_pronouns_and_other_forms_are_not_swaps():
    text = "He said the two leaders rose to speak after the meeting and signed the deal."
    sibling = "She says the two leaders fell to speak before the meeting and signed the deal."
    result = align(text, [sibling])
    assert swaps(result) == [("said", "says")]  # only as a weak "variant" hint
    assert result.evidence[0].link == "variant"
    assert {s.text for s in result.substitutions} == {"He", "said", "rose", "after"}


def test_the_checked_file_itself_is_skipped(tmp_path: Path):
    path = tmp_path / "spun.txt"
    path.write_text(SPUN, encoding="utf-8")
    by_text = align(SPUN, [SPUN])
    by_path = align(Document(SPUN + "\n", str(path)), [path])
    for result in (by_text, by_path):
        assert result.pairs == () and result.substitutions == ()
        assert result.skipped[0][1] == "it is the checked text itself"


def test_an_unrelated_article_pairs_no_sentence():
    unrelated = (
        "Australia beat South Africa by 246 runs in the first Test at the Adelaide Oval. "
        "Warne was named man of the match after taking three wickets on the final day."
    )
    result = align(SPUN, [unrelated])
    assert result.pairs == () and result.substitutions == ()


def test_quoted_text_is_left_alone():
    text = 'The minister said "we favour a diplomatic solution to the ongoing crisis" on Sunday.'
    sibling = 'The minister said "we favor a diplomatic solution to the current crisis" on Sunday.'
    result = align(text, [sibling])
    assert len(result.substitutions) == 2
    assert result.evidence == []
    assert all("quotation" in s.reason for s in result.substitutions)


def test_an_inserted_word_takes_its_neighbour_in():
    text = "Blinken said that was simply considered one of several signs that Moscow is ready."
    sibling = "Blinken said that was simply one of several signs that Moscow is ready."
    assert swaps(align(text, [sibling])) == [("considered one", "one")]
    particle = "Police will check over tax records and financial statements of the officers."
    original = "Police will check tax records and financial statements of the officers."
    assert swaps(align(particle, [original])) == [("check over", "check")]


def test_a_missing_word_is_a_weak_hint():
    text = "The Palestinian gun Abu Nidal was found dead in his Baghdad flat last week."
    sibling = "The Palestinian hired gun Abu Nidal was found dead in his Baghdad flat last week."
    result = align(text, [sibling])
    assert swaps(result) == [("gun", "hired gun")]
    assert result.evidence[0].deletion


def test_a_word_missing_one_word_from_a_word_added_is_a_rewording_not_evidence():
    # DEV (BBC News): "taking bets on" spun as "taking on backs"; 'bets' read as left
    # out after 'taking' was "fixed" to "taking bets on backs".
    text = "A bookmaker has stopped taking on backs Celebrity Big Brother after a leak."
    sibling = "A bookmaker has stopped taking bets on Celebrity Big Brother after a leak."
    assert ("taking", "taking bets") not in swaps(align(text, [sibling]))
    assert all(not (s.deletion or s.insertion) for s in align(text, [sibling]).evidence)


def test_punctuation_splits_a_slot_in_two():
    text = "The locus, even so, could not be further removed from the poverty of the township."
    sibling = "The venue, however, could not be further removed from the poverty of the township."
    assert swaps(align(text, [sibling])) == [("locus", "venue"), ("even so", "however")]


def test_words_after_the_same_punctuation_are_matched_first():
    # "the" could match either "the" of the text; only the one after the comma, like the
    # sibling's, leaves "All the same" / "However" whole (and "defence reaction" too).
    text = (
        "All the same, the defence reaction ministry in Minsk has stated the exercises "
        "will now keep on because of the tensions in Ukraine."
    )
    sibling = (
        "However, the defense ministry in Minsk has said the exercises will now continue "
        "because of the tensions in Ukraine."
    )
    alignment = align(text, [sibling])
    assert [(s.text, s.replacement) for s in alignment.substitutions] == [
        ("All the same", "However"),
        ("defence reaction", "defense"),
        ("stated", "said"),
        ("keep on", "continue"),
    ]


def test_sentence_initial_capitals_are_compared_lowered():
    text = "Additionally the ministers will fulfill in Paris on Monday to discuss the crisis."
    sibling = "Also the ministers will meet in Paris on Monday to discuss the crisis."
    result = align(text, [sibling])
    assert swaps(result) == [("Additionally", "Also"), ("fulfill", "meet")]
    assert result.evidence[0].replacement_initial


def test_several_siblings_and_pair_sentences_directly():
    doc = Document("First line here.\nMacron's workplace stated the talks will resume on Monday.")
    a = Document("Macron's office said the talks will resume on Monday.", "a.txt")
    b = Document("Something else entirely about cricket scores today.", "b.txt")
    pairs = pair_sentences(doc, a)
    assert len(pairs) == 1 and pairs[0].sibling == "a.txt" and pairs[0].score > 0.6
    result = align(doc, [a, b])
    assert {s.sibling for s in result.evidence} == {"a.txt"}


@pytest.mark.parametrize(
    ("spun", "original", "expected"),
    [
        ("workplace", "office", True),
        ("stated", "said", True),
        ("in keeping with", "according to", True),
        ("says", "said", False),  # another form of one word
        ("favour", "favor", False),  # another spelling
        ("uncommon", "common", False),  # negated
        ("killed", "injured", False),  # different facts
        ("Lavrov", "Le Drian", False),
        ("105", "100", False),
        ("Sunday", "Saturday", False),
        ("the", "a", False),  # grammar words only
    ],
)
def test_are_linked(spun: str, original: str, expected: bool):
    assert are_linked(spun, original) is expected


def test_pack_pairs_link_even_grammar_words():
    class Rule:
        spun = ("at",)
        original = ("in",)

    pairs = pack_pairs([Rule()])
    assert link("at", "in") is None
    assert link("at", "in", pairs) == "pack"
    assert link("At", "in", pairs) == "pack"


def test_time_words_are_facts_only_against_each_other():
    assert different_facts(["week"], ["month"]) is not None
    assert different_facts(["nighttime"], ["night"]) is None
    assert different_facts(["he"], ["she"]) is not None
    assert different_facts(["make", "it"], ["arrive"]) is None


def test_a_short_sentence_between_paired_sentences_pairs_by_position():
    text = (
        "Police say the men were detained at the airport on Monday night. "
        "Eleven road agents. "
        "Authorities are questioning the suspects about the plot in Sydney."
    )
    sibling = (
        "Police say the men were detained at the airport on Monday night. "
        "Eleven hijackers. "
        "Authorities are questioning the suspects about the plot in Sydney."
    )
    result = align(text, [sibling])
    assert [p.kind for p in result.pairs] == [SAME, BETWEEN, SAME]
    assert result.pairs[1].sibling_text == "Eleven hijackers."
    assert swaps(result) == [("road agents", "hijackers")]


def test_a_sentence_between_unrelated_neighbours_stays_unpaired():
    text = "Police say the men were detained at the airport on Monday night. Eleven road agents."
    sibling = (
        "Police say the men were detained at the airport on Monday night. "
        "Rain fell all day in Perth and Darwin."
    )
    result = align(text, [sibling])
    assert [p.kind for p in result.pairs] == [SAME]  # nothing after it to anchor the second


def test_a_thesaurus_phrase_around_the_original_word_is_one_swap():
    text = "The lake is still brimming at dangerously senior high school levels, officials said."
    sibling = "The lake is still brimming at dangerously high levels, officials said."
    assert swaps(align(text, [sibling])) == [("senior high school", "high")]


def test_a_sentence_initial_extra_word_is_not_taken_for_a_name():
    text = "Due south African President Thabo Mbeki said on Monday he would travel to Harare."
    sibling = "South African President Thabo Mbeki said on Monday he would travel to Harare."
    assert swaps(align(text, [sibling])) == [("Due south", "South")]


def test_neighbouring_swaps_of_unequal_length_are_cut_at_thesaurus_pairs():
    sibling = "Officials said hunger forces armed men into crime in the north on Monday."
    text = "Officials said thirst force plays built up men into crime in the north on Monday."
    # Five words against three: wider than one swap, but it cuts into three thesaurus
    # pairs, so each is its own substitution.
    assert swaps(align(text, [sibling])) == [
        ("thirst", "hunger"),
        ("force plays", "forces"),
        ("built up", "armed"),
    ]
    # A rewrite that does not cut into such pairs stays out of the evidence.
    rewrite = (
        "Officials said the lack of food and work pushed men into crime in the north on Monday."
    )
    assert swaps(align(rewrite, [sibling])) == []


def test_the_shared_word_before_a_region_can_start_the_first_swap():
    text = "Officials said the Iraqi military machine stated on Sunday that eight civilians died."
    sibling = "Officials said the Iraqi military said on Sunday that eight civilians died."
    assert swaps(align(text, [sibling])) == [("military machine", "military"), ("stated", "said")]


def test_a_capitalised_word_that_only_starts_sentences_is_not_a_name():
    text = "Labor organizers of the conference, which starts today, said they expect a crowd."
    sibling = "Organisers of the conference, which starts today, said they expect a crowd."
    assert swaps(align(text, [sibling])) == [("Labor organizers", "Organisers")]


def test_a_short_sentence_pairs_next_to_its_one_paired_neighbour():
    # The sibling lacks the sentence after "Eleven road agents." (dropped or moved), so
    # only the sentence before anchors it.
    text = (
        "Police say the men were detained at the airport on Monday night. "
        "Eleven road agents. "
        "Rain fell all day in Perth and Darwin, the weather bureau reported."
    )
    sibling = "Police say the men were detained at the airport on Monday night. Eleven hijackers."
    result = align(text, [sibling])
    assert [p.kind for p in result.pairs] == [SAME, BETWEEN]
    assert swaps(result) == [("road agents", "hijackers")]


def test_a_shared_word_moves_past_extra_words_that_end_with_it():
    # "step in" is the spinner's "intervene": its "in" is not the original's "in".
    text = "The minister said he would not step in direct in the case, despite the pressure."
    sibling = "The minister said he would not intervene directly in the case, despite the pressure."
    assert swaps(align(text, [sibling])) == [("step in", "intervene"), ("direct", "directly")]


def test_a_shared_word_moves_past_extra_words_after_words_only_the_sibling_has():
    # Not a missing "action" before the spinner's "on" ("take" → "take on"), but two swaps.
    text = (
        "The Johannesburg Earth Summit is lot to get under way of life with the hope that "
        "drawing cards will take on natural process on the surround, debt and poverty."
    )
    sibling = (
        "The Johannesburg Earth Summit is set to get under way with the promise that "
        "leaders will take action on the environment, debt and poverty."
    )
    assert swaps(align(text, [sibling]))[-3:] == [
        ("take on", "take"),
        ("natural process", "action"),
        ("surround", "environment"),
    ]


def test_a_sibling_sentence_pairs_with_one_sentence_as_a_whole():
    # The sibling dropped the first sentence; the second of the same pattern is its own.
    text = (
        "Green algae are examples of algae that have primary chloroplasts derived from "
        "endosymbiotic cyanobacteria. Diatoms and brown algae are examples of algae with "
        "secondary chloroplasts derived from an endosymbiotic red alga."
    )
    sibling = (
        "Diatoms and brown algae are examples of algae with secondary chloroplasts "
        "derived from an endosymbiotic red alga."
    )
    pairs = pair_sentences(Document(text), Document(sibling))
    assert [p.text[:7] for p in pairs] == ["Diatoms"]
    assert swaps(align(text, [sibling])) == []


def test_a_long_one_line_sibling_text_is_text_not_a_file_name():
    # A one-line article is longer than any file name; os.stat raised "File name too long".
    sibling = " ".join([ORIGINAL] * 40)
    assert len(sibling) > 1000 and "\n" not in sibling
    assert swaps(align(SPUN, [sibling])) == [("workplace", "office"), ("stated", "said")]


def test_a_split_sentence_aligns_with_the_matching_clause_of_the_sibling():
    # The sibling's splitter saw no sentence end before "date": the tail would swallow
    # the swaps at the end of this sentence.
    text = (
        "The meeting is to obtain a commitment for a ceasefire on the front in eastern "
        "Ukraine between Russian-backed separatists and Ukrainian governance effects."
    )
    sibling = (
        "The meeting is to obtain a commitment for a ceasefire on the front line in eastern "
        "Ukraine between Russian-backed separatists and Ukrainian government forces. date "
        "2022-02-20 Macron's office also said that extensive work would be carried out."
    )
    result = align(text, [sibling])
    assert [p.kind for p in result.pairs] == [SPLIT]
    assert swaps(result) == [
        ("front", "front line"),
        ("governance", "government"),
        ("effects", "forces"),
    ]


def test_a_number_word_and_its_thesaurus_twin_are_one_fact():
    text = "Sunday's call was the quarter conversation between the two leaders since December."
    sibling = "Sunday's call was the fourth conversation between the two leaders since December."
    assert swaps(align(text, [sibling])) == [("quarter", "fourth")]
    other = "Sunday's call was the third conversation between the two leaders since December."
    assert swaps(align(text, [other])) == []  # quarter / third: another fact


def test_an_extra_word_that_makes_a_thesaurus_phrase_counts_in_a_looser_copy():
    # Four other swaps bring the pair below VERY_CLOSE_PAIR, where an extra grammar word
    # alone is no evidence; "responsible for" is a thesaurus entry for "responsible".
    text = (
        "A reference from the Elysee said Macron and Putin had unlike positions on who was "
        "responsible the latent hostilities in eastern Ukraine."
    )
    sibling = (
        "A source from the Elysee said Macron and Putin had different views on who was "
        "responsible for the tensions in eastern Ukraine."
    )
    assert ("responsible", "responsible for") in swaps(align(text, [sibling]))


def test_no_phrase_wraps_a_number():
    text = (
        "Police asked if suspects have fallen unexplained wealth over the past tense seven classes."
    )
    sibling = "Police asked if suspects have accrued unexplained wealth over the past seven years."
    assert swaps(align(text, [sibling])) == [
        ("fallen", "accrued"),
        ("past tense", "past"),
        ("classes", "years"),
    ]


def test_a_wide_region_cuts_at_punctuation_and_may_hold_one_ordinary_word_pair():
    text = (
        'Mbeki, speaking at the curtain raising ceremonial, sounded out: "Out of Africa must win."'
    )
    sibling = 'Mbeki, speaking at the opening ceremony, said: "Out of Africa must win."'
    assert swaps(align(text, [sibling])) == [
        ("curtain raising", "opening"),
        ("ceremonial", "ceremony"),
        ("sounded out", "said"),
    ]
    text = (
        "Researchers conducting the most expand state of nature jackass chase in history are sad."
    )
    sibling = "Researchers conducting the most elaborate wild goose chase in history are sad."
    assert swaps(align(text, [sibling])) == [
        ("expand", "elaborate"),
        ("state of nature", "wild"),
        ("jackass", "goose"),
    ]


def test_a_narrow_region_is_not_cut_on_an_ordinary_word_pair():
    text = "Police said scores of egg white grangers went into hiding to escape a round-up."
    sibling = "Police said scores of white farmers went into hiding to escape a round-up."
    assert swaps(align(text, [sibling])) == [("egg white grangers", "white farmers")]


def test_a_phrase_of_ordinary_words_for_another_is_one_swap():
    text = "Secret agents in the Kurdish region of Iraq told the Guardian that the group hid."
    sibling = (
        "Intelligence officers in the Kurdish region of Iraq told the Guardian that the group hid."
    )
    assert swaps(align(text, [sibling])) == [("Secret agents", "Intelligence officers")]
    # Mostly ordinary pairs misaligned by a dropped word ("left wing" / "left") stay whole.
    text = "Murray said unless the Democrats left generated primer coat the party would split."
    sibling = "Murray said unless the Democrats left wing gave ground the party would split."
    assert swaps(align(text, [sibling])) == [("generated primer coat", "wing gave ground")]
    # Another form of one word does not make the others a word-by-word swap.
    text = "Packets moved around up and down the canal with sightseers and visitors aboard."
    sibling = "Packet boats traveled up and down the canal with sightseers and visitors aboard."
    assert swaps(align(text, [sibling])) == [("Packets moved around", "Packet boats traveled")]


def test_the_clause_window_keeps_a_last_clause_with_a_swap():
    # Dropping "Macron's office said" would lose one shared word and two sibling words.
    text = (
        "French President Emmanuel Macron and Russian President Vladimir Putin held on Sunday "
        "to work for a ceasefire in eastern Ukraine, Macron's post told."
    )
    sibling = (
        "date 2022-02-20 Mubasher: France says Putin and Macron agree to work for a ceasefire "
        "in Ukraine French President Emmanuel Macron and Russian President Vladimir Putin "
        "agreed on Sunday to work for a ceasefire in eastern Ukraine, Macron's office said."
    )
    assert swaps(align(text, [sibling])) == [
        ("held", "agreed"),
        ("post", "office"),
        ("told", "said"),
    ]


def test_a_thesaurus_phrase_is_one_swap_however_its_words_pair_up():
    text = "She was sentenced to be stoned to death for making love out of wedlock, the court said."
    sibling = (
        "She was sentenced to be stoned to death for having sex out of wedlock, the court said."
    )
    assert swaps(align(text, [sibling])) == [("making love", "having sex")]
    text = "The latest allegations suggest there's zero humorous about it, police said on Friday."
    sibling = (
        "The latest allegations suggest there's nothing funny about it, police said on Friday."
    )
    assert swaps(align(text, [sibling])) == [("zero", "nothing"), ("humorous", "funny")]


def test_sentence_initial_synonyms_are_a_swap_even_where_the_word_is_a_name_elsewhere():
    # "Republic" is part of a name elsewhere in the text ("Democratic Republic").
    text = (
        "The German Democratic Republic was proclaimed in the east. "
        "Republic and market economy changed East Germany and East Berlin."
    )
    sibling = (
        "The German Democratic Republic was proclaimed in the east. "
        "Democracy and market economy changed East Germany and East Berlin."
    )
    assert swaps(align(text, [sibling])) == [("Republic", "Democracy")]
    text = "Cold War tensions rose. Due west Berlin was surrounded by East German territory."
    sibling = "Cold War tensions rose. West Berlin was surrounded by East German territory."
    assert swaps(align(text, [sibling])) == [("Due west", "West")]


def test_an_extra_word_goes_to_the_shared_word_it_makes_a_thesaurus_phrase_with():
    text = "A former student of the school is needing action under the legislation, he said."
    sibling = (
        "A former student of the school is taking legal action under the legislation, he said."
    )
    assert swaps(align(text, [sibling])) == [("needing", "taking"), ("action", "legal action")]


def test_the_seed_spinners_grammar_swaps_count_in_a_close_copy_only():
    text = "Locals have been fearful that the storm forecast for tonight might damage the dikes."
    sibling = "Locals were fearful that the storm forecast for tonight would damage the dikes."
    assert swaps(align(text, [sibling])) == [("have been", "were"), ("might", "would")]
    # The other way round is an editor's tense, not this spinner's swap.
    assert swaps(align(sibling, [text])) == []
    loose = "Officials have been fearful on Monday that rain might damage old houses."
    assert swaps(align(loose, ["Officials were fearful that a storm would flood the town."])) == []


def test_a_reordered_phrase_is_no_swap_of_its_words():
    # DEV (BBC News): the spinner's "poor people, minister of finance" for "poor, finance
    # minister" put 'people' where the sibling has 'finance', which is elsewhere in this
    # very sentence; and "shake benefit welfare" for "shake up welfare benefits" put
    # 'benefit' where the sibling has 'up', while the sibling has 'benefits' further on.
    text = "It would aid the country's poor people, minister of finance Trevor Manuel said."
    sibling = "It would aid the country's poor, finance minister Trevor Manuel said."
    result = align(text, [sibling])
    assert ("people", "finance") not in swaps(result)
    moved = [s for s in result.substitutions if s.text == "people"]
    assert moved and moved[0].link is None and "moved" in moved[0].reason
    text = "The programme will shake benefit welfare and push people into work."
    sibling = "The programme will shake up welfare benefits and push people into work."
    assert ("benefit", "up") not in swaps(align(text, [sibling]))


def test_no_swap_runs_across_a_spaced_dash_or_a_possessive_apostrophe():
    # DEV (BBC News): "whisky - besides" became "whisky", dropping the dash; "oil color
    # producers' chemical group" became "oil producers group", dropping the apostrophe.
    text = "They sell Ballantine's whisky - besides as snack food mountain ranges, they said."
    sibling = "They sell Ballantine's whisky - as well as snack food chains, they said."
    assert all("-" not in mine for mine, _ in swaps(align(text, [sibling])))
    text = "Prices rose on a cut from oil color producers' chemical group Opec on Monday."
    sibling = "Prices rose on a cut from oil producers' group Opec on Monday."
    assert all("'" not in mine for mine, _ in swaps(align(text, [sibling])))


def test_an_extra_word_beside_a_hyphened_compound_takes_the_other_neighbour():
    # DEV (BBC News): the spinner's "documentary film film-maker" for "documentary
    # film-maker" was "fixed" to "documentary film maker".
    text = "She abandoned her career as a documentary film film-maker to move to Malibu."
    sibling = "She abandoned her career as a documentary film-maker to move to Malibu."
    assert swaps(align(text, [sibling])) == [("film film", "film")]


def test_words_pair_up_one_by_one_only_where_no_synonym_faces_another_place():
    # DEV (BBC News, heavy spin): "made its bankruptcy application" became "survived
    # failure practical application"; paired word by word, 'practical' stood for
    # 'bankruptcy', though 'failure' is the synonym of 'bankruptcy'.
    text = "Yukos survived failure practical application on 14 December, he said."
    sibling = "Yukos made its bankruptcy application on 14 December, he said."
    found = swaps(align(text, [sibling]))
    assert ("practical", "bankruptcy") not in found
    assert found == [("survived failure practical", "made its bankruptcy")]


def test_of_two_equally_long_matchings_the_one_with_fewer_gaps_is_taken():
    # DEV (BBC News): a sibling sentence running into the next one (a missing full stop)
    # offered "The winner of the" as well as "the production of The Return" to match
    # "the yield of The Return": 'yield' stood for 'winner'.
    text = (
        "Disaster lit upon the yield of The Return when one of the offspring geniuses, "
        "15-year-old Vladimir Girin, overwhelmed in a lake where some of the film's views "
        "were circle."
    )
    sibling = (
        "The winner of the World Cinema Award last year was the French animated feature "
        "Belleville Rendezvous Tragedy struck the production of The Return when one of the "
        "young stars, 15-year-old Vladimir Girin, drowned in a lake where some of the film's "
        "scenes were set."
    )
    found = swaps(align(text, [sibling]))
    assert ("yield", "winner") not in found
    assert ("yield", "production") in found


def test_the_matching_with_fewer_gaps_is_chosen_place_by_place():
    # DEV (Lee, spun like the seed): "go a move" / "move a motion" matches 'a' as well as
    # 'move', in as many gaps either way, so the first matching stands there; "day of
    # remembrance of the" / "anniversary of the" is one gap only if the second 'of' is
    # the one matched.
    text = (
        "His Senate colleague Kerry Nettle thinks to go a move today - on the first day of "
        "remembrance of the Tampa disaster - sentencing the Government over its policy."
    )
    sibling = (
        "His Senate colleague Kerry Nettle intends to move a motion today - on the first "
        "anniversary of the Tampa crisis - condemning the Government over its policy."
    )
    found = swaps(align(text, [sibling]))
    assert ("go", "move") in found and ("move", "motion") in found
    assert ("day of remembrance", "anniversary") in found
