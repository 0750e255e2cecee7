"""Rule packs: load TOML, validate it, and compile every pack into one phrase matcher.

Packs are data. Phrases are matched by hashing token sequences (one dict lookup per
token and phrase length), not by a regex alternation, so a few hundred phrases cost
about as much as a handful. Context conditions (``unless-near``, ``unless-before``,
``unless-after``, ``case = "exact"``) are checked only on the rare hits.
"""

from __future__ import annotations

import bisect
import re
import tomllib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache, cached_property
from itertools import compress, repeat
from pathlib import Path
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

from textqa.cache import cached
from textqa.findings import LEVELS
from textqa.problems import ProblemsError, lone_string
from textqa.regex_anchors import match_body, regex_anchors
from textqa.tokens import BLANK_LINE_RE, Token, joins_phrase, normalise, phrase_key, tokenize

if TYPE_CHECKING:
    from textqa.document import Document

_PACK_KEYS = {"id", "description", "source", "level", "message"}
_RULE_KEYS = {
    "id", "spun", "regex", "original", "level", "fix", "case", "unless-near",
    "unless-before", "unless-after", "examples-bad", "examples-good", "message", "note",
}  # fmt: skip
_DEFAULT_MESSAGE = "'{text}' is a spinner synonym of '{original}'"


class PackError(ProblemsError):
    """A broken pack; each problem names the file, the rule and what is wrong. A pack
    with several broken rules reports every rule's problem at once, as config errors
    do, so fixing one does not just reveal the next."""


@dataclass(frozen=True)
class Rule:
    """One pack rule: spun phrases (or a regex), their originals and conditions."""

    id: str  # full id, "<pack>.<rule>"
    pack: str
    spun: tuple[str, ...]
    original: tuple[str, ...]
    level: str
    fix: str
    message: str
    regex: str | None = None
    case_exact: bool = False
    unless_near: tuple[str, ...] = ()
    unless_before: tuple[str, ...] = ()
    unless_after: tuple[str, ...] = ()
    examples_bad: tuple[str, ...] = ()
    examples_good: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class Pack:
    id: str
    description: str
    source: str
    level: str
    path: Path
    rules: tuple[Rule, ...]


@dataclass(frozen=True, slots=True)
class PackMatch:
    """A rule that matched ``text[start:end]`` (conditions already checked)."""

    rule: Rule
    start: int
    end: int


# ---------------------------------------------------------------------- loading
@cache
def builtin_pack_paths() -> list[Path]:
    """Packs shipped with textqa: ``textqa/rules`` in a wheel, ``rules/`` in a checkout."""
    here = Path(__file__).resolve().parent
    for folder in (here / "rules", here.parent / "rules"):
        if folder.is_dir():
            return sorted(folder.glob("*.toml"))
    return []


def load_pack(path: Path) -> Pack:
    """Read and validate one pack file.

    User packs have their regexes compiled here so a broken one fails at once; the
    shipped packs are compiled lazily (the test suite compiles every one of them), since
    compiling a few hundred regexes would cost more than the whole check of an article.
    """
    try:
        raw = path.read_bytes()
    except FileNotFoundError as error:
        raise PackError(f"{path}: pack file not found") from error
    except OSError as error:
        raise PackError(f"{path}: cannot read pack: {error.strerror}") from error
    builtin = path.parent in _builtin_folders()
    try:
        if builtin:  # parsed once per version, then read back from the user's cache folder
            data = cached("pack", path.stem, raw, lambda: tomllib.loads(raw.decode("utf-8")))
        else:
            data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as error:
        from textqa.config import not_utf8

        raise PackError(f"{path}: {not_utf8(error)}") from error
    except tomllib.TOMLDecodeError as error:
        raise PackError(f"{path}: invalid TOML: {error}") from error
    pack = _parse_pack(data, path, compile_regexes=not builtin)
    if builtin:  # their compiled regexes come back from the cache too, when first needed
        from textqa.compiled_regexes import register_pack

        register_pack(
            path.stem,
            raw,
            lambda: [
                (_flexible_spaces(rule.regex), _regex_flags(rule.case_exact))
                for rule in pack.rules
                if rule.regex is not None
            ],
        )
    return pack


def _did_you_mean(key: str, known: Iterable[str]) -> str:
    """ " (did you mean 'original'?)" for a near miss of a known key, else ""."""
    from textqa.config import closest_key

    meant = closest_key(key, known)
    return f" (did you mean {meant!r}?)" if meant else ""


def _builtin_folders() -> set[Path]:
    return {path.parent for path in builtin_pack_paths()}


def _parse_pack(data: dict[str, Any], path: Path, compile_regexes: bool = True) -> Pack:
    header = data.get("pack")
    if not isinstance(header, dict):
        raise PackError(f"{path}: missing [pack] table")
    unknown = set(data) - {"pack", "rule"}
    if unknown:
        raise PackError(f"{path}: unknown top-level key {sorted(unknown)[0]!r}")
    for key in header:
        if key not in _PACK_KEYS:
            raise PackError(f"{path}: [pack]: unknown key {key!r}{_did_you_mean(key, _PACK_KEYS)}")
    pack_id = header.get("id")
    if not isinstance(pack_id, str) or not _is_identifier(pack_id):
        raise PackError(f"{path}: [pack]: `id` must be a lowercase name like 'news-spin'")
    if pack_id in {"stats", "siblings", "quality", "ALL"}:
        raise PackError(f"{path}: [pack]: id {pack_id!r} is reserved for a built-in detector")
    level = header.get("level", "warning")
    if level not in LEVELS:
        raise PackError(f"{path}: [pack]: `level` must be one of {', '.join(LEVELS)}")
    message = header.get("message", _DEFAULT_MESSAGE)
    raw_rules = data.get("rule", [])
    if not isinstance(raw_rules, list) or not raw_rules:
        raise PackError(f"{path}: no [[rule]] entries")
    rules: list[Rule] = []
    seen: set[str] = set()
    problems: list[str] = []
    for index, raw in enumerate(raw_rules, 1):
        try:
            rule = _parse_rule(raw, path, pack_id, level, message, index, compile_regexes)
        except PackError as error:
            problems += error.problems
            continue
        if rule.id in seen:
            problems.append(f"{path}: rule {rule.id}: duplicate rule id")
        seen.add(rule.id)
        rules.append(rule)
    if problems:
        raise PackError(*problems)
    return Pack(
        id=pack_id,
        description=str(header.get("description", "")),
        source=str(header.get("source", "")),
        level=level,
        path=path,
        rules=tuple(rules),
    )


def _is_identifier(name: str) -> bool:
    return bool(name) and all(c.islower() or c.isdigit() or c in "-_" for c in name)


def _parse_rule(
    raw: object,
    path: Path,
    pack_id: str,
    pack_level: str,
    pack_message: str,
    index: int,
    compile_regexes: bool = True,
) -> Rule:
    if not isinstance(raw, dict):
        raise PackError(f"{path}: rule #{index}: must be a table")
    rule_id = raw.get("id")
    if not isinstance(rule_id, str) or not _is_identifier(rule_id):
        raise PackError(f"{path}: rule #{index}: `id` must be a lowercase name like 'workplace'")
    where = f"{path}: rule {pack_id}.{rule_id!s}"

    def strings(key: str, required: bool = False) -> tuple[str, ...]:
        value = raw.get(key, [])
        if isinstance(value, str):  # as in config: a lone string is a slip
            raise PackError(f"{where}: `{key}` {lone_string(value)}")
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise PackError(f"{where}: `{key}` must be a list of non-empty strings")
        if required and not value:
            raise PackError(f"{where}: `{key}` must not be empty")
        return tuple(value)

    for key in raw:
        if key not in _RULE_KEYS:
            raise PackError(f"{where}: unknown key {key!r}{_did_you_mean(key, _RULE_KEYS)}")
    spun = strings("spun")
    regex = raw.get("regex")
    if regex is not None and not isinstance(regex, str):
        raise PackError(f"{where}: `regex` must be a string")
    if bool(spun) == bool(regex):
        raise PackError(f"{where}: give exactly one of `spun` or `regex`")
    if regex and compile_regexes:
        _compile_regex(regex, where, raw.get("case") == "exact")
    original = strings("original", required=True)
    level = raw.get("level", pack_level)
    if level not in LEVELS:
        raise PackError(f"{where}: `level` must be one of {', '.join(LEVELS)}, not {level!r}")
    fix = raw.get("fix", "suggest")
    if fix not in ("safe", "suggest"):
        raise PackError(f"{where}: `fix` must be 'safe' or 'suggest', not {fix!r}")
    case = raw.get("case", "ignore")
    if case not in ("ignore", "exact"):
        raise PackError(f"{where}: `case` must be 'exact' or 'ignore', not {case!r}")
    same = (lambda p: p) if case == "exact" else normalise
    for phrase in spun:
        if not phrase_key(phrase):
            raise PackError(f"{where}: spun phrase {phrase!r} has no words")
        if same(phrase) in {same(o) for o in original}:
            raise PackError(f"{where}: spun phrase {phrase!r} equals its original")
    examples_bad = strings("examples-bad", required=True)
    examples_good = strings("examples-good", required=True)
    message = raw.get("message", pack_message)
    if not isinstance(message, str):
        raise PackError(f"{where}: `message` must be a string")
    return Rule(
        id=f"{pack_id}.{rule_id}",
        pack=pack_id,
        spun=spun,
        original=original,
        level=level,
        fix=fix,
        message=message,
        regex=regex,
        case_exact=case == "exact",
        unless_near=strings("unless-near"),
        unless_before=strings("unless-before"),
        unless_after=strings("unless-after"),
        examples_bad=examples_bad,
        examples_good=examples_good,
        note=str(raw.get("note", "")),
    )


# A space in a pack regex stands for the gap between two words as text has it: spaces,
# tabs or no-break spaces, or a line break (hard-wrapped text), as phrases match. (A
# blank line between is refused after the match: spelling that out in every gap made the
# patterns compile 2.5 times slower.)
_GAP = r"\s+"
# One step of a scan over a pattern: an escape, a whole character class, or a space.
_SPACE_SCAN_RE = re.compile(r"\\.?|\[(?:\\.?|[^\]\\])*\]?|( )", re.DOTALL)


def _flexible_spaces(pattern: str) -> str:
    """``pattern`` with each literal space (not escaped, not in a class) made a gap."""
    if " " not in pattern or "(?x" in pattern:
        return pattern
    return _SPACE_SCAN_RE.sub(lambda m: _GAP if m.group(1) else m.group(0), pattern)


# regex.VERSION0 and regex.IGNORECASE, spelt out so that loading packs need not import
# regex (a test checks them): VERSION0 compiles these patterns 2.5x faster than VERSION1
# and they need nothing more.
_VERSION0, _IGNORECASE = 0x2000, 0x2


def _regex_flags(case_exact: bool) -> int:
    return _VERSION0 | (0 if case_exact else _IGNORECASE)


@cache
def _compile_regex(pattern: str, where: str, case_exact: bool = False) -> Any:
    from textqa.compiled_regexes import compiled

    source, flags = _flexible_spaces(pattern), _regex_flags(case_exact)
    found = compiled(source, flags)  # a shipped pack's regex, built from the cache
    if found is not None:
        return found
    import regex

    try:
        return regex.compile(source, flags)
    except regex.error as error:
        raise PackError(f"{where}: regex does not compile: {error}") from error


def _rewrites(rule: Rule, phrase: str) -> bool:
    """Whether ``rule`` would rewrite the whole of ``phrase`` (another rule's original).

    A phrase rule does when ``phrase`` is one of its spun phrases; a regex rule when a
    match can be ``phrase`` itself: the context the regex asks for around a match is
    not checked, since wherever it holds the two rules undo each other."""
    if rule.regex is None:
        key = phrase_key(phrase)
        return any(phrase_key(spun) == key for spun in rule.spun)
    body = _match_body(rule.regex, rule.case_exact)
    return body is not None and body.fullmatch(phrase) is not None


@cache
def _match_body(pattern: str, case_exact: bool) -> Any:
    """The compiled :func:`match_body` of a pack regex (compiled as the pack regex is);
    ``None`` if it cannot be had."""
    body = match_body(pattern)
    if body is None:
        return None
    try:
        return _compile_regex(body, "match body", case_exact)
    except PackError:
        return None


class _Rewriters:
    """The rules among some that would rewrite a phrase: found by the phrase's tokens
    or its first word (a regex's anchor words), then confirmed by :func:`_rewrites`."""

    def __init__(self, rules: Iterable[Rule]) -> None:
        self.phrases: dict[tuple[str, ...], list[Rule]] = {}
        self.words: dict[str, list[Rule]] = {}
        self.prefixes: list[tuple[str, Rule]] = []
        self.unanchored: list[Rule] = []
        for rule in rules:
            for phrase in rule.spun:
                self.phrases.setdefault(phrase_key(phrase), []).append(rule)
            if rule.regex is None:
                continue
            anchors = regex_anchors(rule.regex)
            if anchors is None:
                self.unanchored.append(rule)
            for word, whole in anchors or ():
                if whole:
                    self.words.setdefault(word, []).append(rule)
                else:
                    self.prefixes.append((word, rule))

    def of(self, phrase: str) -> list[Rule]:
        key = phrase_key(phrase)
        if not key:
            return []
        found = self.phrases.get(key, [])
        candidates = [*self.words.get(key[0], ()), *self.unanchored]
        candidates.extend(rule for prefix, rule in self.prefixes if key[0].startswith(prefix))
        return [*found, *(rule for rule in dict.fromkeys(candidates) if _rewrites(rule, phrase))]


def check_loops(packs: Iterable[Pack], new: Iterable[Pack] | None = None) -> None:
    """Refuse A→B together with B→A, within a pack or across packs: each fix would undo
    the other, and ``fix --write`` would flip the text back and forth.

    Two phrase rules loop whenever each rewrites the other's original. A regex asks for
    context, which may keep two rules apart ("scored two aims" and "the plan goals
    to"), so with a regex rule the loop must show in an example: one rule's fix of its
    own bad example is text the other rule rewrites back.

    ``new`` limits the search to loops with a rule of those packs: the shipped packs
    are loop-free (the tests check them), so a user pack is checked against them
    without the built-in matcher paying anything at start-up."""
    packs = list(packs)
    where = {rule.id: pack.path for pack in packs for rule in pack.rules}
    checked = packs if new is None else list(new)
    if not checked:
        return
    for pack in checked:
        for rule in pack.rules:
            if rule.regex and (fixed := _undone_in_example(rule, rule)):
                raise PackError(
                    f"{where[rule.id]}: rule {rule.id} flags its own fix ({fixed!r}): "
                    "take its original out of what the regex matches"
                )
    rewriters = _Rewriters(rule for pack in checked for rule in pack.rules)
    for pack in packs:
        for rule in pack.rules:
            for original in rule.original:
                for other in rewriters.of(original):
                    back = next((o for o in other.original if _rewrites(rule, o)), None)
                    if other is rule or back is None:
                        continue
                    if (rule.regex or other.regex) and not (
                        _undone_in_example(rule, other) or _undone_in_example(other, rule)
                    ):
                        continue
                    raise PackError(
                        f"{where[other.id]}: rule {other.id} ('{original}' → '{back}') "
                        f"loops with rule {rule.id} ('{back}' → '{original}') of "
                        f"{where[rule.id]}: each fix would undo the other"
                    )
    _refuse_longer_loops(packs, checked, where)


def _refuse_longer_loops(packs: list[Pack], checked: list[Pack], where: dict[str, Path]) -> None:
    """Refuse A→B, B→C, C→A (and longer) among phrase rules, through a rule of
    ``checked``: ``fix --write`` would move the text one step round the ring on every
    run, and a pre-commit fix hook would change the file at every commit. (Regex rules
    ask for contexts that may keep such a ring apart; two-rule loops are refused above.)
    """
    rules = [rule for pack in packs for rule in pack.rules if rule.regex is None]
    rewriters = _Rewriters(rules)
    # rule → the rules that rewrite one of its originals, with that original
    following = {
        rule.id: [
            (other, original)
            for original in rule.original
            for other in rewriters.of(original)
            if other is not rule
        ]
        for rule in rules
    }
    for start in (rule for pack in checked for rule in pack.rules if rule.regex is None):
        came_from: dict[str, tuple[Rule, str]] = {}
        queue, seen = [start], {start.id}
        while queue and start.id not in came_from:
            rule = queue.pop(0)
            for other, original in following[rule.id]:
                if other.id == start.id:
                    came_from.setdefault(start.id, (rule, original))
                elif other.id not in seen:
                    seen.add(other.id)
                    came_from[other.id] = (rule, original)
                    queue.append(other)
        if start.id not in came_from:
            continue
        steps: list[str] = []
        at = start.id
        while True:
            rule, original = came_from[at]
            steps.append(f"{rule.id} ('{', '.join(rule.spun)}' → '{original}')")
            at = rule.id
            if at == start.id:
                break
        if len(steps) > 2:
            raise PackError(
                f"{where[start.id]}: rules {', '.join(reversed(steps))} go round in a "
                "ring: fix --write would change the text again on every run"
            )


def _undone_in_example(first: Rule, then: Rule) -> str:
    """The first of ``first``'s bad examples, as its fix leaves it, in which ``then``
    rewrites the fix in place ("" for none; the examples are checked to match, so they
    show the context). With ``then`` the same rule, it flags its own fix."""
    from textqa.document import Document

    def hits(rule: Rule, text: str) -> Iterator[PackMatch]:
        pack = Pack(rule.pack, "", "", rule.level, Path(), (rule,))
        return PackMatcher([pack]).match(Document(text, "<example>"))

    for example in first.examples_bad:
        for hit in hits(first, example):
            for original in first.original:
                fixed = example[: hit.start] + original + example[hit.end :]
                span = (hit.start, hit.start + len(original))
                if any((back.start, back.end) == span for back in hits(then, fixed)):
                    return fixed
    return ""


def load_packs(paths: Iterable[Path], checked: Iterable[Path] | None = None) -> list[Pack]:
    """Load packs, refusing duplicate pack ids and replacement loops (only loops with
    a rule of the ``checked`` packs, when given: see :func:`check_loops`)."""
    packs: list[Pack] = []
    ids: dict[str, Path] = {}
    problems: list[str] = []
    for path in dict.fromkeys(paths):  # a pack listed twice is loaded once
        try:
            pack = load_pack(path)
        except PackError as error:
            problems += error.problems  # and the other packs' problems too
            continue
        if pack.id in ids:
            problems.append(f"{path}: pack id {pack.id!r} is already used by {ids[pack.id]}")
        ids[pack.id] = path
        packs.append(pack)
    if problems:
        raise PackError(*problems)
    wanted = None if checked is None else set(checked)
    check_loops(packs, None if wanted is None else [p for p in packs if p.path in wanted])
    if wanted:  # a user's packs: each rule's examples must say what it does
        problems = [
            line for pack in packs if pack.path in wanted for line in example_problems(pack)
        ]
        if problems:
            raise PackError(*problems)
    return packs


def example_problems(pack: Pack) -> list[str]:
    """What is wrong with ``pack``'s examples, one line each: a bad example the rule
    does not match, a good one it does, or a match that is not a word (an empty one).

    The contract says every rule's examples are checked: the shipped packs' by the test
    suite, a user's when it is loaded (a rule that never fires, or fires on its own
    good example, is a broken pack, not a silent one)."""
    from textqa.config import Config
    from textqa.detectors import CheckContext
    from textqa.detectors.rules import PackDetector
    from textqa.document import Document

    # As the detector reads them: a name ("the US Navy") is no hit.
    detector = PackDetector(PackMatcher([pack]))
    context = CheckContext(config=Config())

    def fires(rule: Rule, example: str) -> bool:
        return any(f.rule == rule.id for f in detector.check(Document(example), context))

    problems: list[str] = []
    for rule in pack.rules:
        for example in rule.examples_bad:
            if not fires(rule, example):
                problems.append(
                    f"{pack.path}: rule {rule.id!r}: examples-bad {example!r} is not matched"
                )
        for example in rule.examples_good:
            if fires(rule, example):
                problems.append(
                    f"{pack.path}: rule {rule.id!r}: examples-good {example!r} is matched"
                )
    return problems


# ---------------------------------------------------------------------- matching
_WORD_REGEXES_LIMIT = 50_000  # words whose regex rules are cached (then start afresh)


class PackMatcher:
    """All rules of all packs compiled into a token-sequence hash table."""

    def __init__(self, packs: Iterable[Pack]) -> None:
        self.packs = tuple(packs)
        self.rules = {rule.id: rule for pack in self.packs for rule in pack.rules}
        # first token -> phrase length -> full key -> rules
        self._index: dict[str, dict[int, dict[tuple[str, ...], list[Rule]]]] = {}
        # Regex rules, tried only at tokens that start with one of their anchor words.
        self._anchored: dict[str, list[Rule]] = {}
        self._prefixed: dict[str, list[Rule]] = {}
        self._scanned: list[Rule] = []
        for rule in self.rules.values():
            if rule.regex:
                self._add_regex(rule)
            for phrase in rule.spun:
                key = phrase_key(phrase)
                by_length = self._index.setdefault(key[0], {})
                by_length.setdefault(len(key), {}).setdefault(key, []).append(rule)
        self._lengths = {
            first: sorted(by_length, reverse=True) for first, by_length in self._index.items()
        }
        self._prefix_lengths = sorted({len(prefix) for prefix in self._prefixed})
        self._longest = max((lengths[0] for lengths in self._lengths.values()), default=0)
        self._condition_keys: dict[str, tuple[tuple[str, ...], ...]] = {}
        # Per normalised word: the regex rules to try at it (see _regex_rules), cached
        # because news reuses its words and most words have none; and the same for just
        # the words that have some, so a document's few are found by a set look-up.
        self._word_regexes: dict[str, tuple[Rule, ...]] = {}
        self._words_with_regexes: dict[str, tuple[Rule, ...]] = {}
        # Per document: the spans whose unless-* context exempted a match (exempted()).
        self._exempted: WeakKeyDictionary[Document, list[tuple[int, int]]] = WeakKeyDictionary()

    @cached_property
    def restored_wordings(self) -> frozenset[str]:
        """What the packs write back: their originals (normalised), less any wording that
        some rule lists as spun, or that a spun phrase has in place of its original's
        words ("within", of "within the" for "in the")."""
        spun: set[str] = set()
        changed: set[str] = set()
        for rule in self.rules.values():
            kept = {word for original in rule.original for word in normalise(original).split()}
            for phrase in map(normalise, rule.spun):
                spun.add(phrase)
                changed.update(word for word in phrase.split() if word not in kept)
        originals = {
            normalise(original) for rule in self.rules.values() for original in rule.original
        }
        return frozenset(originals - spun - changed)

    def _add_regex(self, rule: Rule) -> None:
        assert rule.regex is not None
        anchors = regex_anchors(rule.regex)
        if anchors is None:
            self._scanned.append(rule)
            return
        for word, whole in anchors:
            (self._anchored if whole else self._prefixed).setdefault(word, []).append(rule)

    def pattern(self, rule: Rule) -> Any:
        """The compiled regex of ``rule`` (compiled on first use, then cached)."""
        assert rule.regex is not None
        return _compile_regex(rule.regex, f"{rule.id}", rule.case_exact)

    def _regex_rules(self, norm: str) -> tuple[Rule, ...]:
        """Regex rules to try at a token: those anchored on the word, then those whose
        anchor is a prefix of it, shortest prefix first."""
        rules = list(self._anchored.get(norm, ()))
        for size in self._prefix_lengths:
            rules.extend(self._prefixed.get(norm[:size], ()))
        # A short word repeats its own prefix ("go"[:3] == "go"): try each rule once.
        found = tuple(dict.fromkeys(rules))
        self._word_regexes[norm] = found
        if found:
            self._words_with_regexes[norm] = found
        return found

    def match(self, doc: Document) -> Iterator[PackMatch]:
        """Every rule hit in ``doc`` whose context conditions allow it."""
        self._exempted[doc] = []
        tokens = doc.tokens
        norms = doc.norms
        index = self._index
        lengths = self._lengths
        count = len(tokens)
        # Few tokens start a phrase or anchor a regex: find them with set look-ups over
        # the document's words, not a Python step per token.
        new_words = set(norms).difference(self._word_regexes)
        if len(self._word_regexes) + len(new_words) > _WORD_REGEXES_LIMIT:
            self._word_regexes.clear()  # before, so that all of this document's stay
            self._words_with_regexes.clear()
            new_words = set(norms)
        for norm in new_words:
            self._regex_rules(norm)
        with_regexes = self._words_with_regexes
        regex_tries = [
            (position, rule)
            for position in compress(range(count), map(with_regexes.__contains__, norms))
            for rule in with_regexes[norms[position]]
        ]
        for position in compress(range(count), map(index.__contains__, norms)):
            norm = norms[position]
            by_length = index[norm]
            for length in lengths[norm]:
                end = position + length
                if end > count:
                    continue
                rules = by_length[length].get(tuple(norms[position:end]))
                if rules is not None:
                    yield from self._phrase_hits(doc, rules, position, end, tokens[end - 1].end)
        yield from self._possessive_hits(doc)
        seen: set[tuple[str, int]] = set()
        # Markup blanked out, apostrophe entities as the character: offsets mapped back.
        view = doc.regex_view
        text, to_view, to_text = view.text, view.to_view, view.to_text
        for position, rule in regex_tries:
            hit = self.pattern(rule).match(text, to_view(tokens[position].start))
            if hit is not None and (rule.id, hit.start()) not in seen:
                seen.add((rule.id, hit.start()))
                yield from self._regex_hit(doc, rule, to_text(hit.start()), to_text(hit.end()))
        for rule in self._scanned:
            for hit in self.pattern(rule).finditer(text):
                yield from self._regex_hit(doc, rule, to_text(hit.start()), to_text(hit.end()))

    def _phrase_hits(
        self, doc: Document, rules: list[Rule], first: int, last: int, end: int
    ) -> Iterator[PackMatch]:
        """The hits of ``rules`` (one phrase's) on tokens ``first`` to ``last - 1``, when
        those read as one phrase and a rule's context allows it, ending at ``end``."""
        tokens = doc.tokens
        if not _contiguous(doc.text, tokens, first, last):
            return
        for rule in rules:
            if self._allowed(rule, doc, first, last):
                yield PackMatch(rule, tokens[first].start, end)

    def _possessive_hits(self, doc: Document) -> Iterator[PackMatch]:
        """Phrases that end in a possessive ("the workplace's statement"): the token is
        "workplace's", so the look-up above never saw "workplace". The hit ends before
        the "'s", which the fix keeps ("the office's statement")."""
        norms, tokens = doc.norms, doc.tokens
        # C-level map: a Python step per token would cost every document.
        for last in compress(range(len(norms)), map(str.endswith, norms, repeat("'s"))):
            stem = norms[last][:-2]
            if not stem:
                continue
            end = tokens[last].end - 2  # "'s" or "’s": two characters either way
            for first in range(max(0, last - self._longest + 1), last + 1):
                head = stem if first == last else norms[first]
                length = last + 1 - first
                if length not in self._lengths.get(head, ()):
                    continue
                rules = self._index[head][length].get((*norms[first:last], stem))
                if rules is not None:
                    yield from self._phrase_hits(doc, rules, first, last + 1, end)

    def _regex_hit(self, doc: Document, rule: Rule, start: int, end: int) -> Iterator[PackMatch]:
        # A match starts and ends on its words: a regex that takes in the space around
        # them ("(?<=a) venue") would have the fix glue its replacement to the next word
        # ("ameeting"), and the name check read the space for the first letter.
        text = doc.text
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if start == end or doc.is_skipped(start, end):
            return
        if BLANK_LINE_RE.search(doc.text, start, end):
            return  # across paragraphs
        first = _token_index_at(doc, start)
        last = _token_index_at(doc, end - 1) + 1
        if first < last and self._allowed(rule, doc, first, last):
            yield PackMatch(rule, start, end)

    # Conditions -----------------------------------------------------------
    def _keys(self, phrases: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
        joined = "\0".join(phrases)
        keys = self._condition_keys.get(joined)
        if keys is None:
            keys = tuple(k for k in (phrase_key(p) for p in phrases) if k)
            self._condition_keys[joined] = keys
        return keys

    def exempted(self, doc: Document) -> list[tuple[int, int]]:
        """(start, end) of each phrase a rule matched in ``doc`` but whose ``unless-*``
        context made legitimate: the engine keeps the statistics from flagging what the
        pack's author declared plain English. Recorded by :meth:`match`, which this runs
        first if it has not seen ``doc``."""
        if doc not in self._exempted:
            for _hit in self.match(doc):
                pass
        return self._exempted[doc]

    def _allowed(self, rule: Rule, doc: Document, first: int, last: int) -> bool:
        tokens = doc.tokens
        if rule.case_exact and rule.spun:
            surface = tuple(t.text for t in tokens[first:last])
            if surface not in {tuple(t.text for t in tokenize(p)) for p in rule.spun}:
                return False
        if self._exempt(rule, doc, first, last):
            self._exempted.setdefault(doc, []).append((tokens[first].start, tokens[last - 1].end))
            return False
        return True

    def _exempt(self, rule: Rule, doc: Document, first: int, last: int) -> bool:
        """Whether an ``unless-*`` context of ``rule`` holds around tokens first..last."""
        tokens = doc.tokens
        if rule.unless_before:
            for key in self._keys(rule.unless_before):
                if (
                    first >= len(key)
                    and tuple(t.norm for t in tokens[first - len(key) : first]) == key
                ):
                    return True
        if rule.unless_after:
            for key in self._keys(rule.unless_after):
                window = tuple(t.norm for t in tokens[last : last + len(key)])
                if window == key:
                    return True
        if rule.unless_near:
            hi, positions = _sentence_positions(doc, first)
            for key in self._keys(rule.unless_near):
                if _near(tokens, positions, hi, key, first, last):
                    return True
        return False


# Per document, per sentence start: the end of its tokens and where each word stands in
# it. Built once per sentence, so a long sentence with many hits costs linear time (a
# scan of the whole sentence per hit and condition was quadratic).
_SENTENCE_POSITIONS: WeakKeyDictionary[Document, dict[int, tuple[int, dict[str, list[int]]]]]
_SENTENCE_POSITIONS = WeakKeyDictionary()


def _sentence_positions(doc: Document, first: int) -> tuple[int, dict[str, list[int]]]:
    """(index after the last token, positions of each word) of the sentence holding
    token ``first``."""
    start, end = doc.sentence_at(doc.tokens[first].start)
    per_doc = _SENTENCE_POSITIONS.get(doc)
    if per_doc is None:
        per_doc = _SENTENCE_POSITIONS[doc] = {}
    found = per_doc.get(start)
    if found is None:
        starts = doc.token_starts
        lo, hi = bisect.bisect_left(starts, start), bisect.bisect_left(starts, end)
        positions: dict[str, list[int]] = {}
        tokens = doc.tokens
        for i in range(lo, hi):
            positions.setdefault(tokens[i].norm, []).append(i)
        found = per_doc[start] = (hi, positions)
    return found


def _near(
    tokens: list[Token],
    positions: dict[str, list[int]],
    hi: int,
    key: tuple[str, ...],
    first: int,
    last: int,
) -> bool:
    """Whether the sentence has ``key`` outside the match ``[first, last)``."""
    size = len(key)
    for i in positions.get(key[0], ()):
        if first - size < i < last or i + size > hi:
            continue  # overlaps the match, or runs past the sentence
        if all(tokens[i + k].norm == key[k] for k in range(1, size)):
            return True
    return False


def _contiguous(text: str, tokens: list[Token], first: int, last: int) -> bool:
    return all(joins_phrase(text, tokens[i], tokens[i + 1]) for i in range(first, last - 1))


def _token_index_at(doc: Document, offset: int) -> int:
    index = bisect.bisect_right(doc.token_starts, offset) - 1
    return max(index, 0)


@cache
def builtin_matcher() -> PackMatcher:
    """The compiled matcher for the built-in packs, built once per process."""
    return PackMatcher(load_packs(builtin_pack_paths(), checked=()))


def matcher_for(extra_packs: tuple[Path, ...]) -> PackMatcher:
    """Built-in packs plus the user's extra packs from config."""
    if not extra_packs:
        return builtin_matcher()
    return _matcher_with(extra_packs)


@cache
def _matcher_with(extra_packs: tuple[Path, ...]) -> PackMatcher:
    return PackMatcher(load_packs([*builtin_pack_paths(), *extra_packs], checked=extra_packs))
