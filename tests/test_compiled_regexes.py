"""The shipped packs' regexes built back from their cached codes: the same patterns, only
sooner; anything wrong with an entry means compiling, never a different match."""

from __future__ import annotations

import marshal
from pathlib import Path

import pytest
import regex

from textqa import compiled_regexes, packs
from textqa.packs import builtin_matcher

FLAGS = int(regex.VERSION0 | regex.IGNORECASE)
PATTERN = r"(?<=\w['’]s )workplace\b(?= (?:said|stated)\b)"
TEXT = "Macron's workplace stated on Sunday; a workplace said nothing. Macron’s workplace said."


@pytest.fixture
def fresh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty cache folder and no codes in this process yet."""
    monkeypatch.setenv("TEXTQA_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("TEXTQA_NO_PACK_CACHE", raising=False)
    monkeypatch.setattr(compiled_regexes, "_PENDING", [])
    monkeypatch.setattr(compiled_regexes, "_REGISTERED", set())
    monkeypatch.setattr(compiled_regexes, "_CODES", {})
    return tmp_path / "cache" / "packs"


def register_demo() -> None:
    compiled_regexes.register_pack("demo", b"pack bytes", lambda: [(PATTERN, FLAGS)])


def later_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """This process as a later one finds it: no codes yet, no pack registered."""
    monkeypatch.setattr(compiled_regexes, "_REGISTERED", set())
    monkeypatch.setattr(compiled_regexes, "_CODES", {})


def counting_compiles(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """A list that grows by one each time a pack's regexes are compiled."""
    calls: list[int] = []
    real = compiled_regexes._compile_all
    monkeypatch.setattr(
        compiled_regexes, "_compile_all", lambda keys: calls.append(1) or real(keys)
    )
    return calls


def spans(pattern) -> list[tuple[int, int]]:
    return [m.span() for m in pattern.finditer(TEXT)]


def test_flags_spelt_out_in_packs_are_regex_flags():
    assert packs._regex_flags(False) == regex.VERSION0 | regex.IGNORECASE
    assert packs._regex_flags(True) == regex.VERSION0


def test_a_pattern_from_its_cached_code_matches_as_the_compiled_one(fresh: Path, monkeypatch):
    register_demo()
    first = compiled_regexes.compiled(PATTERN, FLAGS)
    assert spans(first) == spans(regex.compile(PATTERN, FLAGS)) == [(9, 18), (72, 81)]
    (entry,) = fresh.iterdir()
    assert entry.name.startswith("regex-demo-")  # and the stamp's checksum
    # A later process: the code comes from the cache, nothing is compiled.
    later_process(monkeypatch)
    monkeypatch.setattr(regex, "compile", lambda *a: pytest.fail("compiled again"))
    register_demo()
    again = compiled_regexes.compiled(PATTERN, FLAGS)
    assert again is not first
    assert spans(again) == [(9, 18), (72, 81)]
    assert (again.pattern, again.flags) == (first.pattern, first.flags)


def test_no_code_for_an_unknown_pattern_or_other_flags(fresh: Path):
    register_demo()
    assert compiled_regexes.compiled("workplace", FLAGS) is None
    assert compiled_regexes.compiled(PATTERN, regex.VERSION0) is None  # case = "exact"


def test_a_damaged_entry_is_compiled_again_not_used(fresh: Path, monkeypatch):
    """regex's constructor trusts the code it is given (a damaged one crashes the
    process): the entry's checksum keeps such a code from reaching it."""
    register_demo()
    assert compiled_regexes.compiled(PATTERN, FLAGS) is not None
    (entry,) = fresh.iterdir()
    stamp, source, checksum, data = marshal.loads(entry.read_bytes())
    codes = marshal.loads(data)
    damaged = {key: (*code[:2], b"\x00" * len(code[2]), *code[3:]) for key, code in codes.items()}
    entry.write_bytes(marshal.dumps((stamp, source, checksum, marshal.dumps(damaged))))
    later_process(monkeypatch)
    calls = counting_compiles(monkeypatch)
    register_demo()
    built = compiled_regexes.compiled(PATTERN, FLAGS)
    assert calls == [1]
    assert spans(built) == [(9, 18), (72, 81)]


def test_a_code_of_the_wrong_shape_means_compiling(fresh: Path, monkeypatch):
    monkeypatch.setattr(compiled_regexes, "_CODES", {(PATTERN, int(FLAGS)): ("too", "short")})
    assert compiled_regexes.compiled(PATTERN, FLAGS) is None
    packs._compile_regex.cache_clear()
    monkeypatch.setattr(compiled_regexes, "_CODES", {(PATTERN, int(FLAGS)): ("too", "short")})
    try:
        built = packs._compile_regex(PATTERN, "demo")  # the packs path compiles it
    finally:
        packs._compile_regex.cache_clear()
    assert spans(built) == [(9, 18), (72, 81)]


def test_an_entry_of_another_regex_version_is_not_used(fresh: Path, monkeypatch):
    register_demo()
    compiled_regexes.compiled(PATTERN, FLAGS)
    monkeypatch.setattr(regex, "__version__", "0.0.1")
    later_process(monkeypatch)
    calls = counting_compiles(monkeypatch)
    register_demo()
    assert compiled_regexes.compiled(PATTERN, FLAGS) is not None
    assert calls == [1]  # compiled again for this regex version


def test_a_pack_loaded_again_is_looked_up_once_and_listed_only_on_a_miss(fresh: Path, monkeypatch):
    """The shipped packs load again beside a user's pack: their cache entry was read
    twice; and their regexes were listed at every start-up, hit or miss."""
    listed: list[int] = []

    def keys() -> list:
        listed.append(1)
        return [(PATTERN, FLAGS)]

    compiled_regexes.register_pack("demo", b"pack bytes", keys)
    compiled_regexes.register_pack("demo", b"pack bytes", keys)
    assert len(compiled_regexes._PENDING) == 1 and listed == []
    assert compiled_regexes.compiled(PATTERN, FLAGS) is not None
    assert listed == [1]  # a miss: listed to compile them
    later_process(monkeypatch)
    compiled_regexes.register_pack("demo", b"pack bytes", keys)
    assert compiled_regexes.compiled(PATTERN, FLAGS) is not None
    assert listed == [1]  # a hit: not listed


def test_every_shipped_regex_built_from_its_code_equals_its_compiled_self(fresh: Path):
    matcher = builtin_matcher()
    keys = [
        (packs._flexible_spaces(rule.regex), packs._regex_flags(rule.case_exact))
        for rule in matcher.rules.values()
        if rule.regex is not None
    ]
    assert len(keys) > 200
    compiled_regexes.register_pack("all", b"all shipped regexes", lambda: keys)
    examples = " ".join(
        example
        for rule in matcher.rules.values()
        for example in (*rule.examples_bad, *rule.examples_good)
    )
    for pattern, flags in keys:
        built = compiled_regexes.compiled(pattern, flags)
        assert built is not None, pattern
        fresh_pattern = regex.compile(pattern, flags)
        assert [m.span() for m in built.finditer(examples)] == [
            m.span() for m in fresh_pattern.finditer(examples)
        ], pattern
