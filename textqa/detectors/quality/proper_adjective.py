"""quality.proper-adjective: a lowercase nationality or regional adjective before a name.

Spinners pick synonyms from a thesaurus and paste them in lower case, so a swapped
word lands in front of a capitalised name with the wrong case: "eastern Ukraine"
became "japanese Ukraine" in the seed AFP story (the thesaurus sense of "Eastern" as
"Oriental, Japanese").
A lowercase "russian President" or "french Foreign Minister" is also simply wrong.

Only real proper adjectives and demonyms are listed: "western Ukraine" and
"eastern Europe" are ordinary English and never reported. Words that are common
nouns or verbs in lower case ("polish", "swede", "byzantine", "pacific") are left out.

For a demonym that a spinner is known to produce from a compass word, the compass
word is suggested first when the name after it is not one that the nationality
itself goes with: "japanese Ukraine" → "eastern", then "Japanese".

PASS: French President Emmanuel Macron spoke of eastern Ukraine.
FAIL: a ceasefire in japanese Ukraine     (suggests "eastern", "Japanese")
FAIL: he called russian President Vladimir Putin   (suggests "Russian")
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import compress
from typing import TYPE_CHECKING

from textqa.detectors.quality import once_per_document
from textqa.tokens import line_breaks, plain_gap

if TYPE_CHECKING:
    from textqa.document import Document
    from textqa.findings import Finding

RULE = "quality.proper-adjective"
LEVEL = "warning"
DESCRIPTION = "A lowercase nationality or regional adjective before a capitalised name"
EXAMPLES_BAD = [
    "They agreed to a ceasefire in japanese Ukraine.",
    "He called russian President Vladimir Putin.",
    "The french Foreign Minister Jean-Yves Le Drian spoke.",
    "The ukrainian Defence Ministry said so.",
]
EXAMPLES_GOOD = [
    "They agreed to a ceasefire in eastern Ukraine.",
    "Fighting in western Ukraine and eastern Europe.",
    "French President Emmanuel Macron called Russian President Vladimir Putin.",
    "Chefs polish Silverware and order french fries.",
    "The Japanese Prime Minister visited Tokyo.",
]

# Nationalities, peoples and regions that are always capitalised in English.
DEMONYMS = frozenset({
    "afghan", "african", "albanian", "algerian", "american", "angolan", "arab", "arabian",
    "argentine", "argentinian", "armenian", "asian", "australian", "austrian", "azerbaijani",
    "bahraini", "balkan", "baltic", "bangladeshi", "belarusian", "belgian", "beninese", "bolivian",
    "bosnian", "brazilian", "british", "bulgarian", "burmese", "burundian", "cambodian",
    "cameroonian", "canadian", "caribbean", "catalan", "chadian", "chechen", "chilean", "chinese",
    "colombian", "congolese", "croatian", "cuban", "cypriot", "czech", "danish", "dutch",
    "ecuadorian", "egyptian", "emirati", "english", "eritrean", "estonian", "ethiopian", "european",
    "filipino", "finnish", "flemish", "french", "gabonese", "gambian", "georgian", "german",
    "ghanaian", "greek", "guatemalan", "guinean", "haitian", "hispanic", "honduran", "hungarian",
    "icelandic", "indian", "indonesian", "iranian", "iraqi", "irish", "israeli", "italian",
    "ivorian", "jamaican", "japanese", "jordanian", "kazakh", "kenyan", "korean", "kosovar",
    "kurdish", "kuwaiti", "kyrgyz", "laotian", "latvian", "lebanese", "liberian", "libyan",
    "lithuanian", "luxembourgish", "macedonian", "malagasy", "malawian", "malaysian", "malian",
    "maltese", "mauritanian", "mediterranean", "mexican", "moldovan", "mongolian", "montenegrin",
    "moroccan", "mozambican", "namibian", "nepalese", "nicaraguan", "nigerian", "nigerien",
    "nordic", "norwegian", "omani", "pakistani", "palestinian", "panamanian", "paraguayan",
    "persian", "peruvian", "portuguese", "qatari", "romanian", "russian", "rwandan", "saudi",
    "scandinavian", "scottish", "senegalese", "serbian", "singaporean", "slovak", "slovakian",
    "slovenian", "somali", "spanish", "sudanese", "swedish", "swiss", "syrian", "taiwanese",
    "tajik", "tanzanian", "thai", "tibetan", "togolese", "tunisian", "turkish", "turkmen",
    "ugandan", "ukrainian", "uruguayan", "uzbek", "venezuelan", "vietnamese", "welsh", "yemeni",
    "zambian", "zimbabwean", "soviet",
})  # fmt: skip

# Words after "japanese" that make it only a case error ("japanese Prime Minister").
_JAPANESE_CONTEXT = frozenset({
    "japan", "tokyo", "osaka", "kyoto", "okinawa", "hokkaido", "emperor", "empress", "prime",
    "minister", "foreign", "defence", "defense", "government", "embassy", "yen", "army", "navy",
    "self", "coast", "nikkei", "diet", "parliament",
})  # fmt: skip
# Demonyms that a spinner produces from a compass word: spun → (original, the words
# after which the demonym is meant and only its case is wrong).
SPINNER_SWAPS: dict[str, tuple[str, frozenset[str]]] = {
    "japanese": ("eastern", _JAPANESE_CONTEXT),
}
_SWAP_EVIDENCE = {
    "japanese": "spinners replace 'eastern' by 'japanese' (Eastern = Oriental, Japanese): "
    "seed AFP story, 'ceasefire in japanese Ukraine' for 'in eastern Ukraine'",
}


@once_per_document
def check(doc: Document) -> Iterator[Finding]:
    tokens = doc.tokens
    text = doc.text
    # Only demonyms matter: find them without a Python step per token.
    for index in compress(range(len(tokens) - 1), map(DEMONYMS.__contains__, doc.norms)):
        token = tokens[index]
        if not token.is_word or not token.text.islower():
            continue
        following = tokens[index + 1]
        if not following.is_word or not following.text[0].isupper():
            continue
        # Spaces and at most one line break (LF, CRLF or CR), as a reader sees them: inline
        # tags and the next line's block-quote prefix left out. (Not joins: a short line
        # ending in "japanese" would read as a headline there.)
        gap = plain_gap(text[token.end : following.start])
        if not gap or gap.strip(" \t\r\n") or line_breaks(gap) > 1:
            continue
        capital = token.text[0].upper() + token.text[1:]
        suggestions: tuple[str, ...] = (capital,)
        evidence = [f"'{token.text}' is a proper adjective and takes a capital"]
        confidence = 0.9
        swap = SPINNER_SWAPS.get(token.norm)
        if swap is not None and following.norm not in swap[1]:
            suggestions = (swap[0], capital)
            evidence.insert(0, _SWAP_EVIDENCE[token.norm])
            confidence = 0.8
        message = f"lowercase '{token.text}' before '{following.text}'"
        if len(suggestions) > 1:
            message += f": a spinner's swap for '{suggestions[0]}'?"
        yield doc.finding(
            token.start,
            token.end,
            rule=RULE,
            source="quality",
            level=LEVEL,
            message=message,
            suggestions=suggestions,
            confidence=confidence,
            evidence=evidence,
        )
