"""Configuration: discovery, validation and the merged settings a run uses.

Settings come from ``[tool.textqa]`` in ``pyproject.toml`` or from ``textqa.toml`` /
``.textqa.toml``, found by searching upward from the checked file's folder, then
from command-line options. Every unknown key or bad value is a :class:`ConfigError`
that names the file and the key, so a typo never silently disables a check.
"""

from __future__ import annotations

import math
import os
import tomllib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from textqa.files import real_path
from textqa.findings import LEVELS
from textqa.problems import ProblemsError, each_checked, lone_string

CONFIG_FILES = (".textqa.toml", "textqa.toml", "pyproject.toml")

# Thresholds of the statistical detector, overridable in [tool.textqa.stats].
STATS_DEFAULTS: dict[str, float] = {
    "spin-threshold": 0.5,  # document spin score at which weak findings become warnings
    # Statistical detector (textqa/detectors/stats.py, textqa/swaps/), tuned on DEV data only
    # (bench/stats_eval.py): how much likelier "swapped" is than "as written" for a
    # finding at all (info, a warning in a document that reads as spun), and against
    # any word of a clean text for a warning on the word's own evidence.
    "min-ratio": 3.0,
    "warning-ratio": 50.0,
    # A weak statistical finding becomes a warning in a spun document only from this
    # confidence on: the packs already cover most real swaps, and the statistical
    # candidates below it were as often ordinary news words (chosen on DEV data).
    "promote-confidence": 0.75,
    # A document scoring from near-threshold up to spin-threshold is nearly spun (on DEV
    # data clean articles seldom get there, spun ones often do): there the statistical
    # findings that are surer still, from near-confidence on, become warnings.
    "near-threshold": 0.4,
    "near-confidence": 0.8,
}
# What each can be: a ratio says how many times likelier (below 1 it would flag words
# likelier as written), the others are scores and confidences in [0, 1].
_RATIOS = frozenset({"min-ratio", "warning-ratio"})
DEFAULT_FIX_THRESHOLD = 0.8


class ConfigError(ProblemsError):
    """Configuration problems, each worded for a one-line message. A file with several
    bad keys reports them all at once (as yamllint does), so fixing one does not just
    reveal the next."""


# Words a problem with a key: fail(key, problem) -> the error to raise.
_Fail = Callable[[str, str], ConfigError]


@dataclass(frozen=True)
class RuleSelection:
    """One layer of rule selection, as ruff layers them: the config file's, then the
    command line's. ``select=None`` adjusts what the layers before enabled; a ``select``
    (even an empty one) starts afresh from its own selectors."""

    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()


@dataclass(frozen=True)
class Config:
    """Effective settings for checking one file."""

    select: tuple[str, ...] = ("ALL",)
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    packs: tuple[Path, ...] = ()
    exclude: tuple[str, ...] = ()
    extend_exclude: tuple[str, ...] = ()
    fail_on: str = "warning"
    allow: tuple[str, ...] = ()
    siblings: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    stats: tuple[tuple[str, float], ...] = tuple(STATS_DEFAULTS.items())
    fix_threshold: float = DEFAULT_FIX_THRESHOLD
    source: Path | None = None  # the file these settings came from, if any
    # Later selection layers (the command line's), applied over select/ignore/extend_select.
    overrides: tuple[RuleSelection, ...] = ()
    # Rule id -> selected (per-file ignores aside): asked per finding, answered once.
    _selected: dict[str, bool] = field(default_factory=dict, init=False, repr=False, compare=False)

    @property
    def root(self) -> Path:
        """The folder that relative paths in the config are resolved against."""
        return self.source.parent if self.source else Path.cwd()

    def stat(self, name: str) -> float:
        return _stats_dict(self.stats)[name]

    @property
    def selections(self) -> tuple[RuleSelection, ...]:
        """The selection layers in the order they apply: this config's, then overrides."""
        own = RuleSelection(self.select, self.ignore, self.extend_select)
        return (own, *self.overrides)

    def is_selected(self, rule: str, path: str | None = None) -> bool:
        """Whether ``rule`` is enabled (for ``path``, when per-file ignores apply)."""
        selected = self._selected.get(rule)
        if selected is None:
            selected = self._selected[rule] = _resolve(rule, self.selections)
        if not selected:
            return False
        if path and self.per_file_ignores:
            from fnmatch import fnmatch

            relative = _relative(path, self.root)
            for pattern, prefixes in self.per_file_ignores:
                if (fnmatch(relative, pattern) or fnmatch(Path(path).name, pattern)) and (
                    _matches_any(rule, prefixes)
                ):
                    return False
        return True

    def is_ignored(self, rule: str, path: str | None = None) -> bool:
        """Whether ``rule`` is turned off by an ignore (``ignore``, ``--ignore``,
        ``per-file-ignores``), not merely left out of ``select``: the user said no to
        it, and the engine then silences what other detectors say of the same words."""
        if self.is_selected(rule, path):
            return False
        key = "\0unignored\0" + rule
        selected = self._selected.get(key)
        if selected is None:
            plain = tuple(replace(layer, ignore=()) for layer in self.selections)
            selected = self._selected[key] = _resolve(rule, plain)
        return selected

    def may_select_under(self, prefix: str) -> bool:
        """Whether some rule ``prefix.*`` may be selected, without knowing its rules:
        ``prefix`` itself resolves as selected, or a more specific selector names one
        (``--ignore stats --extend-select stats.density`` still needs the detector)."""
        if self.is_selected(prefix):
            return True
        under = prefix + "."
        return any(
            selector.startswith(under)
            for layer in self.selections
            for selector in (*(layer.select or ()), *layer.extend_select)
        )

    def with_overrides(self, **changes: object) -> Config:
        """A copy with these fields replaced (``None`` means "not given")."""
        return replace(self, **{k: v for k, v in changes.items() if v is not None})

    def with_selection(self, layer: RuleSelection | None) -> Config:
        """A copy with ``layer`` (the command line's ``--select``/``--ignore``/
        ``--extend-select``) applied over this config's selection, as ruff layers them."""
        return self if layer is None else replace(self, overrides=(*self.overrides, layer))


def matches_prefix(rule: str, prefix: str) -> bool:
    """``news-spin`` selects ``news-spin.workplace``; ``ALL`` selects everything."""
    return prefix == "ALL" or rule == prefix or rule.startswith(prefix + ".")


def _matches_any(rule: str, prefixes: tuple[str, ...]) -> bool:
    return any(matches_prefix(rule, prefix) for prefix in prefixes)


def specificity(selector: str) -> int:
    """How specific a selector is: ``ALL`` least, then by segments (a pack or detector
    prefix, then a full rule id), so the narrower of two matching selectors decides."""
    return 0 if selector == "ALL" else selector.count(".") + 1


def _decide(rule: str, selectors: Iterable[str], ignores: Iterable[str]) -> bool | None:
    """One layer's word on ``rule``: the most specific matching selector decides, an
    ignore winning a tie (as in ruff); ``None`` when nothing in the layer matches."""
    decision: bool | None = None
    best = -1
    for selector in selectors:
        if matches_prefix(rule, selector) and specificity(selector) > best:
            decision, best = True, specificity(selector)
    for ignore in ignores:
        if matches_prefix(rule, ignore) and specificity(ignore) >= best:
            decision, best = False, specificity(ignore)
    return decision


def _resolve(rule: str, layers: Iterable[RuleSelection]) -> bool:
    """ruff's rule selection for one rule: each layer in turn either replaces the
    selection (it has ``select``) or adjusts it (only ``ignore``/``extend-select``), so
    a later layer overrides an earlier one whatever their specificity. As in ruff, a
    layer whose only selectors are ignores after an empty ``select`` passes those
    ignores on to the next layer."""
    selected = False
    carried: tuple[str, ...] = ()
    for layer in layers:
        ignores = (*layer.ignore, *carried)
        decision = _decide(rule, (*(layer.select or ()), *layer.extend_select), ignores)
        if layer.select is not None:
            selected = decision is True
        elif decision is not None:
            selected = decision
        empty = layer.select == () and not layer.extend_select
        carried = layer.ignore if empty else ()
    return selected


@lru_cache(maxsize=64)
def _stats_dict(stats: tuple[tuple[str, float], ...]) -> dict[str, float]:
    """The ``[stats]`` settings as a dict (shared: callers only read it)."""
    return dict(stats)


def _relative(path: str, root: Path) -> str:
    try:
        return real_path(path).relative_to(real_path(root)).as_posix()
    except ValueError:
        return Path(path).as_posix()


# ---------------------------------------------------------------------- loading
def find_config_file(start: Path) -> Path | None:
    """The nearest config file at or above ``start`` (a folder).

    A ``pyproject.toml`` counts only with a ``[tool.textqa]`` table; one the search
    reaches that cannot be read or parsed is an error (as in ruff), since whether it
    holds settings cannot be told and skipping it would silently run with others.
    """
    folder = real_path(start)
    for candidate_folder in (folder, *folder.parents):
        for name in CONFIG_FILES:
            candidate = candidate_folder / name
            if _is_file(candidate) and (name != "pyproject.toml" or _has_tool_table(candidate)):
                return candidate
    return None


def _has_tool_table(pyproject: Path) -> bool:
    tool = _read_toml(pyproject).get("tool", {})
    return isinstance(tool, dict) and "textqa" in tool


def _read_toml(path: Path) -> dict:
    """A config file's TOML (read-only: shared), parsed once per process while unchanged,
    so the search's look at a ``pyproject.toml`` and the load of its settings share one
    parse; unreadable, not UTF-8 or not TOML is a one-line error."""
    return _parsed_toml(path, *_file_version(path))


def _file_version(path: Path) -> tuple[int, int]:
    """(modification time, size) of a config file: the key of the per-process caches."""
    try:
        stat = path.stat()
    except OSError as error:
        raise ConfigError(f"{path}: cannot read config: {error.strerror}") from error
    return stat.st_mtime_ns, stat.st_size


@lru_cache(maxsize=64)
def _parsed_toml(path: Path, mtime_ns: int, size: int) -> dict:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except OSError as error:
        raise ConfigError(f"{path}: cannot read config: {error.strerror}") from error
    except UnicodeDecodeError as error:
        raise ConfigError(f"{path}: {not_utf8(error)}") from error
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: invalid TOML: {error}") from error


def load_config(path: Path) -> Config:
    """Read and validate one config file (parsed once per process while unchanged)."""
    return _load_config(path, *_file_version(path))


@lru_cache(maxsize=64)
def _load_config(path: Path, mtime_ns: int, size: int) -> Config:
    data = _parsed_toml(path, mtime_ns, size)
    if path.name == "pyproject.toml":
        tool = data.get("tool", {})
        table = tool.get("textqa", {}) if isinstance(tool, dict) else {}
        if not isinstance(table, dict):
            raise ConfigError(f"{path}: `tool.textqa`: must be a table")
        prefix = "tool.textqa."
    else:
        table = data
        prefix = ""
    return parse_config(table, path, prefix)


def not_utf8(error: UnicodeDecodeError) -> str:
    """The one-line problem of a TOML file that is not UTF-8 (TOML must be): tomllib
    lets the decode error through, which is no TOMLDecodeError."""
    bad = error.object[error.start : error.end]
    return f"not UTF-8 (byte 0x{bad[0]:02x} at offset {error.start}); TOML files must be UTF-8"


_LIST_KEYS = {
    "select": "select",
    "ignore": "ignore",
    "extend-select": "extend_select",
    "exclude": "exclude",
    "extend-exclude": "extend_exclude",
    "allow": "allow",
    "siblings": "siblings",
}


# A TOML key may hold a line break ("bad\nkey" = 1): each error stays on its one line.
_ONE_LINE = str.maketrans({"\n": "\\n", "\r": "\\r", "\t": "\\t"})


def parse_config(table: dict[str, object], path: Path | None, prefix: str = "") -> Config:
    """Validate a config table; every problem names ``path`` (or, for a mapping given to
    the Python API, ``path=None``, says so) and the key."""
    values: dict[str, object] = {"source": path}
    where = str(path) if path is not None else "config mapping"
    root = path.parent if path is not None else Path.cwd()

    def fail(key: str, problem: str) -> ConfigError:
        return ConfigError(f"{where}: `{prefix}{key}`: {problem}".translate(_ONE_LINE))

    try:
        each_checked(
            table.items(), lambda item: _parse_key(*item, values, fail, root, prefix), ConfigError
        )
    except ConfigError as error:
        problems = list(error.problems)
        if "packs" not in table or "packs" in values:  # else the packs' rules are unknown
            problems += _selector_problems(values)
        raise ConfigError(*problems) from None
    return Config(**values)  # type: ignore[arg-type]


def _selector_problems(values: dict[str, object]) -> list[str]:
    """Unknown rule prefixes among the settings of a table that has other problems, so
    that one run reports them all (as it does for a table without them, later, once the
    packs are known). A pack that does not load leaves it to that later check."""
    from textqa.detectors.base import CheckContext
    from textqa.packs import PackError
    from textqa.run import validate_selectors  # run imports this module

    partial = Config(**values)  # type: ignore[arg-type]
    try:
        validate_selectors(partial, CheckContext(config=partial))
    except ConfigError as error:
        return list(error.problems)
    except PackError:
        return []
    return []


def _parse_key(
    key: str, value: object, values: dict[str, object], fail: _Fail, root: Path, prefix: str
) -> None:
    """Check one key of a config table and store its setting in ``values``; a bad one
    raises its :class:`ConfigError` (every problem of a table, for ``stats``)."""
    if key in _LIST_KEYS:
        items = _string_list(value, fail, key)
        if key in ("exclude", "extend-exclude"):
            items = tuple(map(_from_root, items))
        if key == "allow" and not all(item.strip() for item in items):
            raise fail(key, "an empty phrase allows nothing: remove it")
        if key in ("siblings", "exclude", "extend-exclude") and not all(items):
            raise fail(key, "an empty pattern matches nothing: remove it")
        values[_LIST_KEYS[key]] = items
    elif key == "packs":
        items = _string_list(value, fail, key)
        if not all(items):
            raise fail(key, "an empty path names no pack: remove it")
        packs = tuple((root / item).resolve() for item in items)
        # A missing pack is reported with the other problems of the file, not after them.
        missing = [f"{item}: pack file not found" for item in packs if not item.exists()]
        if missing:
            raise ConfigError(*(str(fail(key, problem)) for problem in missing))
        values["packs"] = packs
    elif key == "fail-on":
        if value not in LEVELS:
            raise fail(key, f"must be one of {', '.join(LEVELS)}, not {value!r}")
        values["fail_on"] = value
    elif key == "fix-threshold":
        if not isinstance(value, int | float) or isinstance(value, bool) or not 0 <= value <= 1:
            raise fail(key, f"must be a number from 0 to 1, not {value!r}")
        values["fix_threshold"] = float(value)
    elif key == "per-file-ignores":
        if not isinstance(value, dict):
            raise fail(key, "must be a table of glob = [rule prefixes]")
        values["per_file_ignores"] = tuple(
            each_checked(
                value.items(),
                lambda item: (
                    _from_root(str(item[0])),
                    _string_list(item[1], fail, f"{key}.{item[0]}"),
                ),
                ConfigError,
            )
        )
    elif key == "stats":
        values["stats"] = _stats_table(value, fail)
    else:
        raise fail(key, _unknown_key(key, prefix))


_KEYS = (*_LIST_KEYS, "packs", "fail-on", "fix-threshold", "per-file-ignores", "stats")


def _unknown_key(key: str, prefix: str) -> str:
    """The problem with an unknown key, with the likely intended one."""
    if key == "tool" and not prefix:
        return (
            "unknown key ([tool.textqa] is read from pyproject.toml; "
            "here the settings go at the top level)"
        )
    meant = closest_key(key, _KEYS)
    return f"unknown key (did you mean `{prefix}{meant}`?)" if meant else "unknown key"


def closest_key(key: str, known: Iterable[str]) -> str | None:
    """The known key ``key`` is a near miss of ("selct" → "select"), if any: config and
    pack errors name it."""
    import difflib

    close = difflib.get_close_matches(key, sorted(known), n=1, cutoff=0.75)
    return close[0] if close else None


def _string_list(value: object, fail: _Fail, key: str) -> tuple[str, ...]:
    """A list of strings. A lone string is refused, as ruff refuses ``select = "E"``:
    ``exclude = "a.txt"`` read as a one-item list hid the slip of a missing bracket."""
    if isinstance(value, str):
        raise fail(key, lone_string(value))
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise fail(key, f"must be a list of strings, not {value!r}")
    return tuple(value)


def _from_root(pattern: str) -> str:
    """A glob as matched (against the path from the config's folder): "./archive/**" is
    "archive/**", as ruff reads it; with the "./" it silently matched nothing."""
    while pattern.startswith("./"):
        pattern = pattern[2:]
    return pattern


def _stats_table(value: object, fail: _Fail) -> tuple[tuple[str, float], ...]:
    if not isinstance(value, dict):
        raise fail("stats", "must be a table")
    merged = dict(STATS_DEFAULTS)
    merged.update(each_checked(value.items(), lambda item: _stat_value(*item, fail), ConfigError))
    if merged["near-threshold"] > merged["spin-threshold"] and "near-threshold" not in value:
        merged["near-threshold"] = merged["spin-threshold"]  # a lower spin-threshold alone
    if merged["near-threshold"] > merged["spin-threshold"]:
        raise fail(
            "stats.near-threshold",
            f"{merged['near-threshold']:g} is above spin-threshold "
            f"({merged['spin-threshold']:g}); it starts the nearly spun band below it",
        )
    return tuple(merged.items())


def _stat_value(name: str, number: object, fail: _Fail) -> tuple[str, float]:
    """A ``[stats]`` threshold checked: a known one, in its range and finite (TOML has
    ``nan`` and ``inf``, which compare false with every bound and so slipped through)."""
    if name not in STATS_DEFAULTS:
        known = ", ".join(sorted(STATS_DEFAULTS))
        raise fail(f"stats.{name}", f"unknown threshold (known: {known})")
    low, high = (1.0, math.inf) if name in _RATIOS else (0.0, 1.0)
    if (
        not isinstance(number, int | float)
        or isinstance(number, bool)
        or not math.isfinite(number)
        or not low <= number <= high
    ):
        wanted = "a number of at least 1" if name in _RATIOS else "a number from 0 to 1"
        raise fail(f"stats.{name}", f"must be {wanted}, not {number!r}")
    return name, float(number)


def config_for(path: Path | None, explicit: Path | None, isolated: bool) -> Config:
    """The config that applies to ``path``: explicit file, discovered file or defaults.

    The search starts in a file's folder, or in ``path`` itself when it is a folder, so
    ``check docs`` finds ``docs/textqa.toml`` as ``cd docs && check .`` does.
    """
    if isolated:
        return Config()
    if explicit is not None:
        return _explicit(explicit)
    start = path if path is not None else Path.cwd()
    try:
        folder = start if start.is_dir() else start.parent
    except OSError:  # a folder on its path cannot be searched: reading it will say so
        folder = start.parent
    found = find_config_file(folder)
    return load_config(found) if found else Config()


def _is_file(path: Path) -> bool:
    """``path.is_file()``, False where a folder on the way cannot be searched (the
    search goes on upward; the checked file's own read reports the permission)."""
    try:
        return path.is_file()
    except OSError:
        return False


def _explicit(path: Path) -> Config:
    if os.path.realpath(path) == os.devnull:
        return Config()  # ``--config /dev/null``: no settings, as an empty file
    try:
        found = path.is_file()
        folder = not found and path.is_dir()
    except OSError as error:
        raise ConfigError(f"{path}: cannot read the config file: {error.strerror}") from None
    if folder:
        raise ConfigError(f"{path}: a folder, not a config file")
    if not found and os.path.exists(path):  # a device (/dev/zero): nothing to read
        raise ConfigError(f"{path}: not a regular file, not a config file")
    if not found:
        raise ConfigError(f"{path}: config file not found")
    return load_config(path.resolve())


ConfigLike = Config | Mapping[str, object] | str | os.PathLike[str]


def as_config(value: ConfigLike) -> Config:
    """The Python API's ``config=``: a Config as is, a mapping of config keys checked
    like a ``textqa.toml`` (relative pack paths from the working folder), or the path
    of a config file. Bad settings raise :class:`ConfigError` naming the key."""
    if isinstance(value, Config):
        return value
    if isinstance(value, Mapping):
        return parse_config(dict(value), None)
    if isinstance(value, str | os.PathLike):
        return _explicit(Path(value))
    raise TypeError(
        f"config must be a Config, a mapping of config keys or a path, not {type(value).__name__}"
    )


__all__ = [
    "Config",
    "ConfigError",
    "ConfigLike",
    "RuleSelection",
    "as_config",
    "config_for",
    "matches_prefix",
]
