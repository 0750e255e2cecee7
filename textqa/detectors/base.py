"""What a detector is: something that reads a Document and yields Findings.

Adding a detector is one new module with a class satisfying :class:`Detector`,
listed in :mod:`textqa.detectors`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from textqa.config import Config
    from textqa.document import Document
    from textqa.findings import Finding


@dataclass(frozen=True)
class CheckContext:
    """Everything a detector may use besides the document itself."""

    config: Config
    siblings: tuple[Document, ...] = ()
    deep: bool = False
    lm_model: str | None = None
    extra: dict[str, object] = field(default_factory=dict)


class Detector(Protocol):
    """A source of findings (``source`` is one of the contract's four sources)."""

    source: str

    def rules(self) -> dict[str, str]:
        """Every rule id this detector can emit, with a one-line description."""
        ...

    def check(self, doc: Document, context: CheckContext) -> Iterable[Finding]:
        """Yield findings for ``doc``; selection, suppression and merging happen later."""
        ...

    # Optional: ``prepare(context) -> None`` loads what every check will need (compiled
    # packs, the lexicon). The scheduler calls it before forking worker processes, so
    # the workers share that memory instead of each loading it again.
