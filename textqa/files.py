"""Finding the files to check and reading them without losing a byte.

Folders are walked recursively for prose files, skipping what git ignores (asked
of git itself when the folder is in a repository, so the answer is git's own) and
the usual tool folders. Reading keeps what ``fix --write`` needs to restore the
file exactly: the BOM, and the raw bytes to compare against before writing.
"""

from __future__ import annotations

import codecs
import contextlib
import errno
import fnmatch
import functools
import os
import re
import stat
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

EXTENSIONS = frozenset({".txt", ".md", ".markdown", ".html", ".htm", ".rst"})
DEFAULT_EXCLUDE = (
    ".git", ".hg", ".svn", ".tox", ".nox", ".venv", "venv", "node_modules",
    "__pycache__", "build", "dist", "site-packages", ".mypy_cache", ".ruff_cache",
    ".pytest_cache",
)  # fmt: skip
_BOM = "\ufeff"
# Checked longest first: the UTF-32 LE mark begins with the UTF-16 LE one.
_WIDE_BOMS = (
    (codecs.BOM_UTF32_LE, "UTF-32"),
    (codecs.BOM_UTF32_BE, "UTF-32"),
    (codecs.BOM_UTF16_LE, "UTF-16"),
    (codecs.BOM_UTF16_BE, "UTF-16"),
)


def display_name(path: str) -> str:
    """A file's name as evidence and notes show it ("003_….txt", without its folder)."""
    return os.path.basename(path) or path


class InputError(Exception):
    """A file that cannot be checked (missing, binary, not UTF-8); one line, exit 2."""


@dataclass(frozen=True)
class SourceFile:
    """A decoded file and what is needed to write it back unchanged."""

    path: str
    text: str
    raw: bytes
    bom: bool


def read_source(path: str) -> SourceFile:
    """Decode a file as UTF-8 (a BOM is allowed); binary or other encodings are errors.

    A FIFO named here is read as given (``--sibling <(curl …)``); walks skip them.
    """
    if not path:  # Path("") is the current folder
        raise InputError("an empty path names no file")
    _refuse_devices(path)
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError as error:
        if os.path.islink(path):
            raise InputError(f"{path}: broken symlink (its target does not exist)") from error
        raise InputError(f"{path}: no such file or directory") from error
    except IsADirectoryError as error:
        try:  # from a walk, a folder comes here only when it could not be listed
            with os.scandir(path):
                pass
        except OSError as listing:
            raise InputError(f"{path}: cannot read folder: {listing.strerror}") from error
        raise InputError(f"{path}: is a directory") from error
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise InputError(f"{path}: symlink loop (too many levels of symbolic links)") from error
        raise InputError(f"{path}: cannot read: {error.strerror}") from error
    return decode(path, raw)


def _refuse_devices(path: str) -> None:
    """A device is no text: /dev/zero filled the memory until the kernel killed the
    process, /dev/urandom never ended. (A FIFO is read: ``--sibling <(curl …)``; and
    /dev/null is an empty text.)"""
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        return  # reading it says what is wrong
    if (stat.S_ISCHR(mode) or stat.S_ISBLK(mode)) and os.path.realpath(path) != os.devnull:
        kind = "character" if stat.S_ISCHR(mode) else "block"
        raise InputError(f"{path}: a {kind} device, not a file")


def decode(path: str, raw: bytes) -> SourceFile:
    """The file's text; a UTF-16/32 file is named as such (its NULs are not "binary")."""
    for bom, encoding in _WIDE_BOMS:
        if raw.startswith(bom):
            raise InputError(
                f"{path}: {encoding} text (byte-order mark); textqa reads UTF-8"
                f" (convert it, e.g. iconv -f {encoding} -t UTF-8)"
            )
    if b"\0" in raw[:8192]:
        raise InputError(f"{path}: binary file (contains NUL bytes)")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InputError(
            f"{path}: not valid UTF-8 (byte 0x{raw[error.start]:02x} at offset {error.start})"
        ) from error
    bom = text.startswith(_BOM)
    return SourceFile(path, text[1:] if bom else text, raw, bom)


def encode(source: SourceFile, text: str) -> bytes:
    """The bytes for ``text`` written back in ``source``'s encoding (BOM kept)."""
    return ((_BOM if source.bom else "") + text).encode("utf-8")


def is_excluded(path: Path, patterns: tuple[str, ...], root: Path | None = None) -> bool:
    """Whether any part of ``path`` (or the path relative to ``root``) matches a pattern
    (``fnmatch`` with a trailing slash ignored)."""
    matches = _any_pattern(tuple(patterns))
    if matches is None:
        return False
    posix = path.as_posix()
    relative = posix
    if root is not None:
        with contextlib.suppress(ValueError):
            relative = real_path(path).relative_to(real_path(root)).as_posix()
    normcase = os.path.normcase
    names = (*path.parts, posix, relative)
    return any(matches(normcase(name)) is not None for name in names)


@functools.lru_cache(maxsize=64)
def _any_pattern(patterns: tuple[str, ...]) -> Callable[[str], re.Match[str] | None] | None:
    """One regex for "``fnmatch(name, p)`` for some p": a walk asks it of every file."""
    if not patterns:
        return None
    alternatives = (fnmatch.translate(os.path.normcase(p.rstrip("/"))) for p in patterns)
    return re.compile("|".join(f"(?:{a})" for a in alternatives)).match


def real_path(path: str | Path) -> Path:
    """``path`` with symlinks resolved; never raises, even on a symlink loop (which
    ``Path.resolve`` turns into a RuntimeError on Python 3.11 and 3.12)."""
    return Path(os.path.realpath(path))


def discover(
    paths: list[str],
    exclude: tuple[str, ...] = (),
    force_exclude: bool = False,
    root: Path | None = None,
    on_empty: Callable[[str], None] | None = None,
) -> list[str]:
    """Expand folders into prose files, in a stable order, each file once.

    Files named explicitly are always checked unless ``force_exclude`` is set (what
    pre-commit needs, since it passes every staged file by name). A named path that
    is missing (or a symlink loop) is kept: reading it reports the one-line error, so
    the other paths are still checked. ``on_empty`` hears of each folder that held no
    file to check. A file reached by two spellings (``a.txt``, ``./a.txt``, a symlink,
    a folder and a file in it, a hard link) is kept once, under its first spelling:
    ``fix --write`` would otherwise write it twice. An empty name is kept as it is, to
    be reported: it is not the current folder.
    """
    patterns = DEFAULT_EXCLUDE + exclude
    found: list[str] = []
    for raw in paths:
        path = Path(raw)
        if not raw:  # Path("") is ".": keep it, and reading it reports the error
            found.append(raw)
        elif os.path.isdir(raw):  # False where a folder on the way cannot be searched
            files = [str(file) for file in _walk(path, patterns, root)]
            if not files and on_empty is not None:
                on_empty(raw)
            found.extend(files)
        elif not (force_exclude and is_excluded(path, patterns, root)):
            found.append(raw)
    first: dict[object, str] = {}
    for name in found:
        first.setdefault(_identity(name), name)
    return list(first.values())


def _identity(name: str) -> object:
    """What makes two names one file: its device and inode (two hard links are one
    file, and ``fix --write`` through the second found the first's edit and refused),
    else, for a path that cannot be read, where it leads."""
    if not name:
        return name
    try:
        status = os.stat(name)
    except (OSError, ValueError):
        return os.path.realpath(name)
    return (status.st_dev, status.st_ino)


def _walk(folder: Path, patterns: tuple[str, ...], root: Path | None) -> list[Path]:
    tracked = _git_visible(folder)
    files: list[Path] = []

    def unreadable(error: OSError) -> None:
        # A subfolder that cannot be listed is reported (reading it names the error),
        # not skipped in silence: its files would go unchecked with exit 0.
        if error.filename is not None:
            files.append(Path(error.filename))

    for current, dirnames, filenames in _walk_tree(str(folder), unreadable):
        current_path = Path(current)
        dirnames[:] = sorted(
            d for d in dirnames if not is_excluded(current_path / d, patterns, root)
        )
        for name in sorted(filenames):
            file = current_path / name
            if file.suffix.lower() not in EXTENSIONS or is_excluded(file, patterns, root):
                continue
            if _is_special(file):
                continue
            if tracked is not None and real_path(file) not in tracked:
                continue
            files.append(file)
    return files


def _walk_tree(
    top: str, onerror: Callable[[OSError], None]
) -> Iterator[tuple[str, list[str], list[str]]]:
    """``os.walk(top, onerror=onerror)`` (top down, symlinked folders listed but not
    entered, ``dirnames`` prunable in place) without recursion: Python 3.11's os.walk
    recurses, and a tree 1,000 folders deep ended in a RecursionError traceback."""
    stack = [top]
    while stack:
        current = stack.pop()
        try:
            with os.scandir(current) as listing:
                entries = list(listing)
        except OSError as error:
            onerror(error)
            continue
        dirnames: list[str] = []
        filenames: list[str] = []
        for entry in entries:
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            (dirnames if is_dir else filenames).append(entry.name)
        yield current, dirnames, filenames
        for name in reversed(dirnames):  # in the order the caller left them
            path = os.path.join(current, name)
            if not os.path.islink(path):
                stack.append(path)


def _is_special(path: Path) -> bool:
    """A FIFO, socket or device: reading one in a walk could block forever. A path
    that cannot be stat'ed (a symlink loop, a broken link) is kept for the read to
    report."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return False
    return not stat.S_ISREG(mode)


def _git_visible(folder: Path) -> set[Path] | None:
    """Files git does not ignore under ``folder``, or None outside a repository."""
    try:
        result = subprocess.run(
            ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z", "."],
            cwd=folder,
            capture_output=True,
            check=False,
            timeout=30,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    if result.returncode != 0:
        return None
    base = real_path(folder)
    return {
        real_path(base / name)
        for name in result.stdout.decode("utf-8", "surrogateescape").split("\0")
        if name
    }
