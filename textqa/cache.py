"""A small on-disk cache of parsed pack files (and their compiled regexes), in the
user's cache folder.

Parsing the shipped TOML packs costs more than checking a short article; their parsed
form rarely changes. Entries are ``marshal`` data (dicts, lists, strings and numbers
only; loading one runs no code) holding the source bytes they were made from, textqa's
version and the Python version (marshal's format is Python's own): an entry is used
only when all of them are equal to this run's, so the cache can only make a run
faster, never different. Each such stamp has its own file: two installs sharing the
folder (a pre-commit environment and a project's venv, with different ``regex``
versions) would otherwise overwrite each other's entries on every run. Any failure (no
cache folder, a read-only one, a corrupt or foreign entry) falls back to parsing. Each
value carries a CRC-32 of its bytes, so a damaged entry is recomputed rather than used:
the compiled regexes of :mod:`textqa.compiled_regexes` go to ``regex``'s C constructor,
which trusts them.
(No cryptographic hash: importing hashlib costs a process 4 MB.)

``TEXTQA_CACHE_DIR`` moves the cache (as it does ``--deep``'s); ``TEXTQA_NO_PACK_CACHE=1``
turns this one off.
"""

from __future__ import annotations

import marshal
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any
from zlib import crc32

from textqa import __version__

# Bump when the meaning of a cached value changes without its source changing.
FORMAT = 2


def cache_root() -> str:
    """textqa's cache folder: ``TEXTQA_CACHE_DIR``, else ``textqa`` in the user's cache
    folder (``--deep`` keeps its converted models there too)."""
    return os.environ.get("TEXTQA_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "textqa"
    )


def cache_dir() -> Path | None:
    """Where entries live (``packs`` in :func:`cache_root`), or None when caching is off
    or there is no home folder to put it in."""
    if os.environ.get("TEXTQA_NO_PACK_CACHE"):
        return None
    root = cache_root()
    if root.startswith("~"):  # no home folder
        return None
    return Path(root) / "packs"


def _stamp(kind: str, depends: tuple[str, ...] = ()) -> tuple[str, ...]:
    """What else an entry depends on besides its source bytes."""
    return (kind, __version__, sys.version, str(FORMAT), str(marshal.version), *depends)


def cached(
    kind: str,
    name: str,
    source: bytes,
    compute: Callable[[], Any],
    depends: tuple[str, ...] = (),
) -> Any:
    """``compute()``, a pure function of ``source``, from the cache when it is there.

    ``name`` says which entry: one per name and stamp, so a new version of the source
    replaces the entry of the old one, and the folder holds at most ``KEEP_STAMPS``
    entries per name. ``depends`` names what else
    the value depends on (a library's version). The value must be marshal-able; one
    that is not is returned without being cached.
    """
    folder = cache_dir()
    if folder is None:
        return compute()
    stamp = _stamp(kind, depends)
    # What it holds decides whether it is used; the stamp's checksum in the name only
    # keeps installs apart.
    path = folder / f"{kind}-{name}-{crc32(repr(stamp).encode()):08x}.marshal"
    try:
        stored_stamp, stored_source, checksum, data = marshal.loads(path.read_bytes())
        if stored_stamp == stamp and stored_source == source and crc32(data) == checksum:
            return marshal.loads(data)
    except (OSError, EOFError, ValueError, TypeError):
        pass  # missing, unreadable or corrupt: compute it again
    value = compute()
    _store(folder, path, stamp, source, value)
    _prune(folder, kind, name, path)
    return value


KEEP_STAMPS = 4  # entries kept per name: one per install that shares the folder


def _prune(folder: Path, kind: str, name: str, written: Path) -> None:
    """Delete all but the ``KEEP_STAMPS`` newest entries of ``name`` (``written`` among
    them, whatever the clock's resolution), so the folder
    stays small as textqa, Python and ``regex`` are upgraded (and the unstamped entry
    that earlier builds wrote, one per name)."""
    prefix = f"{kind}-{name}-"
    try:
        entries = []
        for entry in folder.iterdir():
            stem = entry.name.removesuffix(".marshal")
            if stem == f"{kind}-{name}":
                entry.unlink(missing_ok=True)
            elif (
                stem.startswith(prefix)
                and len(stem) == len(prefix) + 8
                and "-" not in stem[-8:]
                and entry.name != written.name
            ):
                entries.append((entry.stat().st_mtime, entry.name))
        for _mtime, old in sorted(entries)[: max(len(entries) - KEEP_STAMPS + 1, 0)]:
            (folder / old).unlink(missing_ok=True)
    except OSError:
        pass


def _store(folder: Path, path: Path, stamp: tuple, source: bytes, value: Any) -> None:
    """Write an entry atomically (a reader never sees half of one); give up quietly."""
    try:
        data = marshal.dumps(value)
    except ValueError:  # a value marshal cannot hold
        return
    data = marshal.dumps((stamp, source, crc32(data), data))
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".tmp-")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError:
        pass
