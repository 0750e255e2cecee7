"""textqa: find paraphrase (article-spinner) artifacts in text and restore the original wording.

The Python API is small and stable::

    import textqa
    findings = textqa.check_text(text, siblings=[other_article])
    for finding in findings:
        print(finding.rule, finding.text, finding.suggestions)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["Config", "ConfigError", "Finding", "align", "check_paths", "check_text"]

if TYPE_CHECKING:
    from textqa.config import Config, ConfigError
    from textqa.engine import check_paths, check_text
    from textqa.findings import Finding


def __dir__() -> list[str]:
    """The lazy exports too, so that ``dir(textqa)`` and completion show them."""
    return sorted({*globals(), *__all__})


def __getattr__(name: str) -> Any:
    """Import lazily: ``textqa --version`` and pre-commit start-up stay fast."""
    if name in ("check_text", "check_paths"):
        from textqa import engine

        return getattr(engine, name)
    if name == "Finding":
        from textqa.findings import Finding

        return Finding
    if name in ("Config", "ConfigError"):
        from textqa import config

        return getattr(config, name)
    if name == "align":
        from textqa.alignment import align

        return align
    raise AttributeError(f"module 'textqa' has no attribute {name!r}")
