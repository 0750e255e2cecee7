"""Built-in ``quality.*`` checks: mechanical traces that spinning leaves behind.

Each check is one module with ``RULE``, ``LEVEL``, ``DESCRIPTION``, ``EXAMPLES_BAD``,
``EXAMPLES_GOOD`` and ``check(doc)``; the test suite runs every module's examples.
To add a check, add a module and list it in ``CHECKS``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import cache, wraps
from importlib import import_module
from types import ModuleType
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

if TYPE_CHECKING:
    from textqa.detectors.base import CheckContext
    from textqa.document import Document
    from textqa.findings import Finding

# Module names under textqa.detectors.quality, in report order.
CHECKS = (
    "a_an",
    "proper_adjective",
    "doubled_word",
    "mojibake",
    "glued_sentence",
    "lowercase_sentence",
    "unbalanced_quotes",
)
# Checks that read a word as a spinner's swap ("a uncommon", "japanese Ukraine"): inside
# a quotation, which spinners leave alone, they are hints, as pack hits are there.
SWAP_TRACES = frozenset({"quality.a-an", "quality.proper-adjective"})
# Reported by the suppression step, not by scanning text; listed for rules and docs.
UNUSED_SUPPRESSION = "unused_suppression"


@cache  # asked once per document: import_module costs more than the lookup
def check_modules(include_unused: bool = False) -> tuple[ModuleType, ...]:
    names = CHECKS + ((UNUSED_SUPPRESSION,) if include_unused else ())
    modules = []
    for name in names:
        try:
            modules.append(import_module(f"{__name__}.{name}"))
        except ModuleNotFoundError as error:
            if error.name != f"{__name__}.{name}":
                raise
    return tuple(modules)


def once_per_document(
    check: Callable[[Document], Iterator[Finding]],
) -> Callable[[Document], Iterator[Finding]]:
    """Run ``check`` once per Document: the quality detector, the statistical detector
    and the spin score all ask for the same findings (a check reads only the text)."""
    found: WeakKeyDictionary[Document, tuple[Finding, ...]] = WeakKeyDictionary()

    @wraps(check)
    def cached(doc: Document) -> Iterator[Finding]:
        result = found.get(doc)
        if result is None:
            result = found[doc] = tuple(check(doc))
        return iter(result)

    return cached


class QualityDetector:
    source = "quality"

    def rules(self, context: CheckContext | None = None) -> dict[str, str]:
        return {m.RULE: m.DESCRIPTION for m in check_modules(include_unused=True)}

    def check(self, doc: Document, context: CheckContext) -> Iterator[Finding]:
        for module in check_modules():
            if not context.config.is_selected(module.RULE, doc.path):
                continue
            if module.RULE not in SWAP_TRACES:
                yield from module.check(doc)
                continue
            from textqa.findings import quoted_hint

            for finding in module.check(doc):
                yield quoted_hint(finding) if doc.in_quote(finding.start, finding.end) else finding
