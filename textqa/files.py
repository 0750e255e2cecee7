"""Finding the files to check and reading them without losing a byte.

Folders are walked recursively for prose files, skipping what git ignores (asked
of git itself when the folder is in a repository, so the answer is git's own) and
the usual tool folders. Reading keeps what ``fix --write`` needs to restore the
file exactly: the BOM, and the raw bytes to compare against before writing.
"""

from __future__ import annotations

import contextlib
import fnmatch
import functools
import os
import re
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

EXTENSIONS = frozenset({".txt", ".md", ".markdown", ".html", ".htm", ".rst"})
DEFAULT_EXCLUDE = (
    ".git", ".hg", ".svn", ".tox", ".nox", ".venv", "venv", "node_modules",
    "__pycache__", "build", "dist", "site-packages", ".mypy_cache", ".ruff_cache",
    ".pytest_cache",
)  # fmt: skip
_BOM = "\ufeff"


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
    """Decode a file as UTF-8 (a BOM is allowed); binary or other encodings are errors."""
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError as error:
        raise InputError(f"{path}: no such file or directory") from error
    except IsADirectoryError as error:
        raise InputError(f"{path}: is a directory") from error
    except OSError as error:
        raise InputError(f"{path}: cannot read: {error.strerror}") from error
    return decode(path, raw)


def decode(path: str, raw: bytes) -> SourceFile:
    if b"\0" in raw[:8192]:
        raise InputError(f"{path}: binary file (contains NUL bytes), not checked")
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
            relative = path.resolve().relative_to(root.resolve()).as_posix()
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


def discover(
    paths: list[str],
    exclude: tuple[str, ...] = (),
    force_exclude: bool = False,
    root: Path | None = None,
) -> list[str]:
    """Expand folders into prose files, in a stable order; missing paths raise InputError.

    Files named explicitly are always checked unless ``force_exclude`` is set (what
    pre-commit needs, since it passes every staged file by name).
    """
    patterns = DEFAULT_EXCLUDE + exclude
    found: list[str] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for file in _walk(path, patterns, root):
                found.append(str(file))
        elif path.exists():
            if force_exclude and is_excluded(path, patterns, root):
                continue
            found.append(raw)
        else:
            raise InputError(f"{raw}: no such file or directory")
    return list(dict.fromkeys(found))


def _walk(folder: Path, patterns: tuple[str, ...], root: Path | None) -> list[Path]:
    tracked = _git_visible(folder)
    files: list[Path] = []
    for current, dirnames, filenames in os.walk(folder):
        current_path = Path(current)
        dirnames[:] = sorted(
            d for d in dirnames if not is_excluded(current_path / d, patterns, root)
        )
        for name in sorted(filenames):
            file = current_path / name
            if file.suffix.lower() not in EXTENSIONS or is_excluded(file, patterns, root):
                continue
            if tracked is not None and file.resolve() not in tracked:
                continue
            files.append(file)
    return files


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
    base = folder.resolve()
    return {
        (base / name).resolve()
        for name in result.stdout.decode("utf-8", "surrogateescape").split("\0")
        if name
    }
