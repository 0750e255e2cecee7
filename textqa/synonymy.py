"""Whether two wordings could be one spinner swap, or say different things.

Sibling alignment finds places where another article has other words in the same slot.
That is evidence of spinning only when the two wordings are interchangeable: "workplace"
for "office", "stated" for "said". It is no evidence when the sibling reports other
facts ("Saturday" for "Sunday", "Lavrov" for "Le Drian", "two" for "three", "killed" for
"injured") or merely another form of the same word ("says" for "said").

Three kinds of link, strongest first:

* ``pack`` — the pair is a rule of a loaded pack (spun → original);
* ``thesaurus`` — the statistical detector's synonym data lists it (used when
  :mod:`textqa.swaps.inference` provides ``synonyms_of``);
* ``common-words`` — both sides are ordinary lower-case English words, none of them a
  fact (name, number, date, pronoun), not antonyms and not two forms of one word. This
  is weak on its own; the caller weighs it by how well the sentences align.
* ``variant`` — two forms or spellings of one word ("grouping"/"group", "favour"/
  "favor"): a spinner's doing only in a near copy, and even then a hint, since another
  tense or spelling is as often an editor's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from functools import cache

PACK, THESAURUS, COMMON_WORDS, VARIANT = "pack", "thesaurus", "common-words", "variant"
GRAMMAR = "spinner-grammar"
# Grammar-word swaps of the real spinner behind seed 002 (spun, original): a thesaurus
# lists "in"/"at" as synonyms too, so grammar words link only through these and packs.
GRAMMAR_SWAPS = frozenset(
    {("have been", "were"), ("might", "would"), ("within", "in"), ("each", "both")}
)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words that carry facts: who, how many, when. Two sentences differing here report
# different things, whatever their other words share.
NUMBER_WORDS = _words(
    """zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen
    fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty
    ninety hundred hundreds thousand thousands million millions billion billions trillion dozen
    dozens half quarter first second third fourth fifth sixth seventh eighth ninth tenth"""
)
# Wordings that state the same number ("the quarter conversation" is a thesaurus swap of
# "the fourth conversation", not another fact), from WordNet's number synsets.
SAME_NUMBER = frozenset(
    frozenset(pair)
    for pair in (
        ("zero", "nothing"),
        ("zero", "nil"),
        ("fourth", "quarter"),
        ("twelve", "dozen"),
        ("one", "single"),
        ("two", "pair"),
        ("two", "couple"),
        ("two", "brace"),
        ("two", "duo"),
        ("three", "trio"),
        ("three", "triad"),
        ("ten", "decade"),
        ("hundred", "century"),
    )
)
# Named days: a sentence with another one is about another day.
DATE_WORDS = _words(
    """monday tuesday wednesday thursday friday saturday sunday january february march april
    may june july august september october november december today yesterday tomorrow tonight"""
)
# Spans of time: another one on *both* sides ("last week" / "last month") is another fact;
# on one side only ("night" / "nighttime", "dark") it is wording.
TIME_WORDS = _words("morning afternoon evening night weekend week month year decade century")
PRONOUNS = _words(
    """i me my mine we us our ours you your yours he him his she her hers it its they them
    their theirs this that these those who whom whose"""
)
# Grammar words. A swap between two of them ("the"/"a", "on"/"at") is house style, not
# spin; packs cover the few the spinner makes ("within" for "in").
FUNCTION_WORDS = _words(
    """a an the and or but nor so yet for of to in on at by with from into onto upon about
    above below over under between among through during before after since until while as
    than then there here where when why how what which if because although though whether
    be am is are was were been being have has had having do does did done will would shall
    should can could may might must not no nor also just only very too more most less least
    much many such own same other another again ever even still already now all any some
    each every both either neither within without"""
)
# Pairs of words that share contexts but mean opposite or different things.
_OPPOSITES = (
    ("before", "after"), ("up", "down"), ("more", "less"), ("more", "fewer"),
    ("rose", "fell"), ("rise", "fall"), ("rises", "falls"), ("rising", "falling"),
    ("increase", "decrease"), ("increased", "decreased"), ("higher", "lower"),
    ("killed", "injured"), ("killed", "wounded"), ("dead", "injured"), ("dead", "wounded"),
    ("won", "lost"), ("win", "lose"), ("earlier", "later"), ("above", "below"),
    ("yes", "no"), ("will", "would"), ("can", "could"), ("accepted", "rejected"),
    ("agreed", "refused"), ("support", "oppose"), ("supported", "opposed"),
    ("north", "south"), ("east", "west"), ("northern", "southern"), ("eastern", "western"),
    ("left", "right"), ("open", "closed"), ("start", "end"), ("began", "ended"),
    ("men", "women"), ("man", "woman"), ("boys", "girls"), ("minimum", "maximum"),
    ("buy", "sell"), ("bought", "sold"), ("import", "export"), ("imports", "exports"),
    ("arrested", "released"), ("guilty", "innocent"), ("positive", "negative"),
)  # fmt: skip
OPPOSITES = frozenset(frozenset(pair) for pair in _OPPOSITES)

# The sibling's wording must be ordinary English; the text's may be rare or no word at
# all (spinners pick rare synonyms, "grangers" for "farmers", and make up inflections).
MIN_ORIGINAL_ZIPF = 2.0
MIN_SPUN_ZIPF = 0.0  # even a non-word ("badliest" for "worst") is a spinner's
_INFLECTIONS = ("'s", "ies", "ing", "ed", "es", "s", "d")
_IRREGULAR = {
    "said": "say", "says": "say", "told": "tell", "tells": "tell", "made": "make",
    "went": "go", "gone": "go", "goes": "go", "took": "take", "taken": "take", "came": "come",
    "gave": "give", "given": "give", "got": "get", "held": "hold", "left": "leave",
    "met": "meet", "won": "win", "lost": "lose", "found": "find", "thought": "think",
    "brought": "bring", "bought": "buy", "sold": "sell", "saw": "see", "seen": "see",
    "knew": "know", "known": "know", "began": "begin", "begun": "begin", "ran": "run",
    "fell": "fall", "fallen": "fall", "rose": "rise", "risen": "rise", "spoke": "speak",
    "spoken": "speak", "wrote": "write", "written": "write", "became": "become",
    "children": "child", "men": "man", "women": "woman", "people": "person",
}  # fmt: skip
_SPELLINGS = (("isation", "ization"), ("ise", "ize"), ("our", "or"), ("tre", "ter"),
              ("ence", "ense"), ("ogue", "og"), ("ll", "l"), ("ae", "e"))  # fmt: skip


def phrase(text: str) -> str:
    """The comparison form of a wording: normalised tokens joined by single spaces."""
    from textqa.tokens import phrase_key

    return " ".join(phrase_key(text))


def zipf(text: str) -> float:
    """Word frequency on wordfreq's Zipf scale (0 for unknown; a phrase: its rarest word)."""
    words = text.lower().split()
    if not words:
        return 0.0
    return min(_zipf_word(word) for word in words)


@cache
def _zipf_word(word: str) -> float:
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en")


def fact_word(word: str) -> str | None:
    """What fact ``word`` carries ("number", "date", "pronoun", "name"), or None."""
    if any(char.isdigit() for char in word):
        return "number"
    lower = word.lower()
    if lower in NUMBER_WORDS:
        return "number"
    if lower in DATE_WORDS and lower not in ("may", "march"):  # lower case: modal, verb
        return "date"
    if lower in TIME_WORDS:
        return "time"
    if lower in PRONOUNS:
        return "pronoun"
    if word[:1].isupper():
        # Callers lower the sentence-initial capital of ordinary words, so this is a name.
        return "name"
    return None


def different_facts(spun: Iterable[str], original: Iterable[str]) -> str | None:
    """Why the two wordings report different facts, or None when they need not.

    Words are passed as written, except that a sentence-initial capital of an ordinary
    word should be lowered by the caller ("Additionally" → "additionally").
    """
    sides = (("here", list(spun)), ("in the sibling", list(original)))
    times = [any(fact_word(w) == "time" for w in words) for _, words in sides]
    single = all(len(words) == 1 for _, words in sides)
    if single and frozenset(words[0].lower() for _, words in sides) in SAME_NUMBER:
        return None
    for side, words in sides:
        for word in words:
            kind = fact_word(word)
            if kind == "time" and not all(times):
                continue
            if kind == "pronoun" and not single:
                continue  # "make it" / "arrive": a pronoun inside a phrase is grammar
            if kind:
                return f"different facts: {kind} '{word}' {side}"
    return None


def _stem(word: str) -> str:
    """A crude stem that equates inflections: "meetings" → "meet", "said" → "say"."""
    word = _IRREGULAR.get(word, word)
    for suffix in _INFLECTIONS:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)] + ("y" if suffix == "ies" else "")
            break
    if len(word) > 3 and word[-1] == word[-2]:
        word = word[:-1]  # "stopped" → "stopp" → "stop"
    return word.removesuffix("e")


def _respelled(word: str) -> str:
    for british, american in _SPELLINGS:
        word = word.replace(british, american)
    return word


_NEGATIONS = ("un", "in", "im", "il", "ir", "non", "non-", "dis")


def _negation(a: str, b: str) -> bool:
    """One word is the other negated: "uncommon"/"common", "dishonest"/"honest"."""
    short, long = sorted((a, b), key=len)
    return any(long == prefix + short for prefix in _NEGATIONS)


def _variants(a: str, b: str) -> bool:
    """Two inflections or spellings of one word: "says"/"said", "meeting"/"meetings",
    "favour"/"favor". Another tense or number is a reporting choice, not a synonym swap;
    derivations ("sharp"/"sharply") are not variants."""
    if a == b or _stem(a) == _stem(b):
        return True
    return _respelled(a) == _respelled(b) or _stem(_respelled(a)) == _stem(_respelled(b))


@cache
def _synonym_lookup() -> Callable[[str], list[str]] | None:
    """The statistical detector's ``synonyms_of``, or None when it or its data is missing."""
    try:
        from textqa.swaps.inference import synonyms_of
    except ImportError:
        return None
    try:
        synonyms_of("said")  # loads the data once; a missing or stale file means no thesaurus
    except Exception:
        return None
    return synonyms_of


def _thesaurus(spun: str, original: str) -> bool:
    """Whether the thesaurus links the two wordings, in either direction."""
    lookup = _synonym_lookup()
    if lookup is None:
        return False
    return original in {s.lower() for s in lookup(spun)} or spun in {
        s.lower() for s in lookup(original)
    }


def link(
    spun: str, original: str, pack_pairs: Mapping[str, frozenset[str]] | None = None
) -> str | None:
    """How ``spun`` and ``original`` are linked (``pack``, ``spinner-grammar``,
    ``thesaurus``, ``common-words``, ``variant``), or None when they are not
    interchangeable wordings.

    Both are phrases as written (sentence-initial capitals already lowered).
    """
    spun_key, original_key = phrase(spun), phrase(original)
    if not spun_key or not original_key or spun_key == original_key:
        return None
    if pack_pairs is not None and original_key in pack_pairs.get(spun_key, ()):
        return PACK
    spun_words, original_words = spun.split(), original.split()
    if different_facts(spun_words, original_words):
        return None
    if len(spun_words) == 1 and len(original_words) == 1:
        if frozenset((spun_key, original_key)) in OPPOSITES or _negation(spun_key, original_key):
            return None
        if _variants(spun_key, original_key):
            return VARIANT
    if (spun_key, original_key) in GRAMMAR_SWAPS:
        return GRAMMAR
    if all(w in FUNCTION_WORDS for w in (*spun_key.split(), *original_key.split())):
        return None  # grammar-word swaps only through packs: a thesaurus lists "in"/"at"
    if _thesaurus(spun_key, original_key):
        return THESAURUS
    if not all(w.isalpha() for w in (*spun_key.split(), *original_key.split())):
        return None
    if zipf(spun_key) < MIN_SPUN_ZIPF or zipf(original_key) < MIN_ORIGINAL_ZIPF:
        return None
    return COMMON_WORDS


def are_linked(
    spun: str, original: str, pack_pairs: Mapping[str, frozenset[str]] | None = None
) -> bool:
    """Whether ``spun`` could be a spinner's swap for ``original`` (another form of the
    same word does not count)."""
    return link(spun, original, pack_pairs) not in (None, VARIANT)


def pack_pairs(rules: Iterable[object]) -> dict[str, frozenset[str]]:
    """spun phrase → original phrases, from pack rules (normalised, regex rules skipped)."""
    pairs: dict[str, set[str]] = {}
    for rule in rules:
        originals = {phrase(o) for o in rule.original}  # type: ignore[attr-defined]
        for spun in rule.spun:  # type: ignore[attr-defined]
            pairs.setdefault(phrase(spun), set()).update(originals)
    return {spun: frozenset(originals) for spun, originals in pairs.items()}
