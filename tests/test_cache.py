"""The on-disk cache of parsed packs: it may only make a run faster, never different."""

from __future__ import annotations

import marshal
from pathlib import Path

import pytest

from textqa import cache
from textqa.packs import builtin_pack_paths, load_pack


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("TEXTQA_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("TEXTQA_NO_PACK_CACHE", raising=False)
    return tmp_path / "cache" / "packs"


def counting(value):
    calls = []

    def compute():
        calls.append(1)
        return value

    return compute, calls


def test_second_read_comes_from_the_cache(folder: Path):
    compute, calls = counting({"a": [1, 2.5, "x", True]})
    assert cache.cached("test", "entry", b"source", compute) == {"a": [1, 2.5, "x", True]}
    assert cache.cached("test", "entry", b"source", compute) == {"a": [1, 2.5, "x", True]}
    assert len(calls) == 1
    assert len(list(folder.iterdir())) == 1  # no temporary file left behind
    other, other_calls = counting("other")
    assert cache.cached("test", "entry", b"changed source", other) == "other"
    assert cache.cached("test", "entry", b"changed source", other) == "other"
    assert other_calls == [1]
    assert len(list(folder.iterdir())) == 1  # the new version replaced the old one


def test_corrupt_or_foreign_entries_are_recomputed(folder: Path):
    compute, calls = counting([1, 2, 3])
    cache.cached("test", "entry", b"source", compute)
    (entry,) = folder.iterdir()
    entry.write_bytes(b"\x00garbage")
    assert cache.cached("test", "entry", b"source", compute) == [1, 2, 3]
    entry.write_bytes(marshal.dumps((cache._stamp("test"), b"other source", [9])))
    assert cache.cached("test", "entry", b"source", compute) == [1, 2, 3]
    entry.write_bytes(marshal.dumps((("older", "stamp"), b"source", [9])))
    assert cache.cached("test", "entry", b"source", compute) == [1, 2, 3]
    assert len(calls) == 4


def test_unusable_folder_falls_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("TEXTQA_CACHE_DIR", str(blocker / "cache"))  # cannot be created
    compute, calls = counting({"k": "v"})
    assert cache.cached("test", "entry", b"source", compute) == {"k": "v"}
    assert cache.cached("test", "entry", b"source", compute) == {"k": "v"}
    assert len(calls) == 2


def test_off_switch_and_values_marshal_cannot_hold(folder: Path, monkeypatch):
    value = {"when": object()}
    compute, _ = counting(value)
    assert cache.cached("test", "entry", b"source", compute) is value  # returned, not cached
    assert not folder.exists() or not list(folder.iterdir())
    monkeypatch.setenv("TEXTQA_NO_PACK_CACHE", "1")
    assert cache.cache_dir() is None
    assert cache.cached("test", "entry", b"other", counting(5)[0]) == 5
    assert not folder.exists() or not list(folder.iterdir())


def test_packs_read_from_the_cache_equal_parsed_packs(folder: Path, monkeypatch):
    paths = builtin_pack_paths()
    first = [load_pack(path) for path in paths]  # parsed, then stored
    assert len(list(folder.iterdir())) == len(paths)
    import tomllib

    def refuse(_text: str):
        raise AssertionError("parsed again instead of read from the cache")

    monkeypatch.setattr(tomllib, "loads", refuse)
    assert [load_pack(path) for path in paths] == first


def test_user_packs_are_parsed_every_time(folder: Path, tiny_pack: Path):
    """Only the shipped packs are cached: a user's pack is small, and its entries would
    pile up as it is edited."""
    assert load_pack(tiny_pack).id == "tiny"
    assert not folder.exists() or not list(folder.iterdir())


def test_two_installs_sharing_the_folder_keep_their_own_entries(folder: Path):
    """A pre-commit environment and a project's venv with different ``regex`` versions
    used to overwrite each other's entry, so every run compiled the packs again."""
    compute, calls = counting(["codes"])
    for _ in range(3):
        for version in ("2026.5.9", "2026.11.19"):
            assert cache.cached("regex", "news-spin", b"source", compute, (version,)) == ["codes"]
    assert len(calls) == 2
    assert len(list(folder.iterdir())) == 2


def test_entries_of_old_installs_are_pruned(folder: Path):
    folder.mkdir(parents=True)
    (folder / "regex-news-spin.marshal").write_bytes(b"written by an earlier build")
    (folder / "regex-news-spin-extra-0000abcd.marshal").write_bytes(b"another pack's")
    for version in range(cache.KEEP_STAMPS + 3):
        cache.cached("regex", "news-spin", b"source", lambda: [1], (str(version),))
    names = sorted(entry.name for entry in folder.iterdir())
    assert "regex-news-spin.marshal" not in names
    assert "regex-news-spin-extra-0000abcd.marshal" in names  # not this name's entry
    assert len(names) == cache.KEEP_STAMPS + 1
    # The newest stays: the last install to write it reads it back without computing.
    assert cache.cached("regex", "news-spin", b"source", lambda: [2], (str(version),)) == [1]
