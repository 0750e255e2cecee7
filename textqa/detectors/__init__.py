"""The built-in detectors, in the order they run.

Heavy detectors (statistics, siblings) are imported only when one of their rules is
selected, so ``--select news-spin`` never pays for loading frequency tables.
"""

from __future__ import annotations

from importlib import import_module

from textqa.detectors.base import CheckContext, Detector

# (module, class, rule-id prefix it owns); packs own every other prefix.
_BUILTIN = (
    ("textqa.detectors.rules", "PackDetector", None),
    ("textqa.detectors.quality", "QualityDetector", "quality"),
    ("textqa.detectors.stats", "StatsDetector", "stats"),
    ("textqa.detectors.siblings", "SiblingDetector", "siblings"),
)

_INSTANCES: dict[str, Detector] = {}


def _load(module: str, name: str) -> Detector | None:
    key = f"{module}.{name}"
    if key not in _INSTANCES:
        try:
            detector_class = getattr(import_module(module), name)
        except ModuleNotFoundError as error:
            if error.name != module:
                raise
            return None  # detector not built yet in this tree
        _INSTANCES[key] = detector_class()
    return _INSTANCES[key]


def builtin_prefixes() -> tuple[str, ...]:
    return tuple(prefix for _, _, prefix in _BUILTIN if prefix)


def detectors_for(context: CheckContext) -> list[Detector]:
    """Detectors that own at least one selected rule prefix."""
    config = context.config
    chosen: list[Detector] = []
    for module, name, prefix in _BUILTIN:
        # A specific selector can re-enable one rule of an ignored prefix: ask the config.
        if prefix is not None and not config.may_select_under(prefix):
            continue
        if prefix is None and not _packs_in_play(context):
            continue
        detector = _load(module, name)
        if detector is not None:
            chosen.append(detector)
    return chosen


def _packs_in_play(context: CheckContext) -> bool:
    """Whether the pack detector runs: some pack rule may be selected, or an ignore
    names a pack or one of its rules (whose hits then silence what the other detectors
    say of the same words: engine._silence_ignored). Packs merely left out of the
    selection do not run: ``--select stats`` is the statistics alone, pack hits
    swelling neither its work nor its documents' spin scores."""
    from textqa.packs import matcher_for

    config = context.config
    ignores = [selector for layer in config.selections for selector in layer.ignore]
    ignores += [prefix for _pattern, prefixes in config.per_file_ignores for prefix in prefixes]
    for pack in matcher_for(config.packs).packs:
        if config.may_select_under(pack.id):
            return True
        if any(s in ("ALL", pack.id) or s.startswith(pack.id + ".") for s in ignores):
            return True
    return False


def prepare(context: CheckContext) -> None:
    """Load the selected detectors' shared data now (before worker processes fork)."""
    for detector in detectors_for(context):
        hook = getattr(detector, "prepare", None)
        if hook is not None:
            hook(context)


def all_detectors() -> list[Detector]:
    return [d for d in (_load(m, n) for m, n, _ in _BUILTIN) if d is not None]


def known_rules(context: CheckContext) -> set[str]:
    """Every rule id the detectors (and the context's packs) define, with the built-in
    prefixes: what a selector or a suppression directive may name."""
    known: set[str] = set(builtin_prefixes())
    for detector in all_detectors():
        known.update(detector.rules(context))
    return known


def is_known_selector(selector: str, known: set[str]) -> bool:
    """``selector`` names a rule, a pack or a prefix of some rule in ``known``."""
    from textqa.config import matches_prefix

    if selector == "ALL" or selector in {rule.split(".")[0] for rule in known}:
        return True
    return any(matches_prefix(rule, selector) for rule in known)


__all__ = [
    "CheckContext",
    "Detector",
    "all_detectors",
    "builtin_prefixes",
    "detectors_for",
    "is_known_selector",
    "known_rules",
    "prepare",
]
