"""The pipeline: document → detectors → findings (merged, promoted, filtered) → result.

Everything the CLI and the Python API do goes through :func:`check_document`, so the
two can never disagree.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from textqa import suppression
from textqa.articles import doubt_articles, fold_articles, take_in_articles
from textqa.config import Config, ConfigLike, as_config, config_for
from textqa.detectors import CheckContext, detectors_for
from textqa.document import Document
from textqa.findings import Finding, merge
from textqa.spans import SpanIndex
from textqa.spin import spin_score
from textqa.tokens import KEPT_RE, normalise

if TYPE_CHECKING:
    from textqa.corroboration import Corroboration
    from textqa.files import SourceFile


@dataclass
class DocumentResult:
    """Findings for one file, plus the figures the report summary shows."""

    path: str
    findings: list[Finding]
    words: int
    spin_score: float
    notes: list[str] = field(default_factory=list)  # e.g. which siblings were chosen
    text: str = ""  # the checked text, for reports that show context


@dataclass
class RunResult:
    documents: list[DocumentResult] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def findings(self) -> list[Finding]:
        return [f for d in self.documents for f in d.findings]


def check_document(doc: Document, context: CheckContext) -> DocumentResult:
    """Run every selected detector on ``doc`` and post-process the findings."""
    config = context.config
    raw: list[Finding] = []
    notes: list[str] = []
    corroboration = None
    for detector in detectors_for(context):
        raw.extend(detector.check(doc, context))
        notes.extend(getattr(detector, "notes", lambda _doc: [])(doc))
        corroboration = corroboration or getattr(detector, "corroboration", _none)(doc)
    if config.allow:
        allowed = {normalise(phrase) for phrase in config.allow}
        raw = [f for f in raw if normalise(f.text) not in allowed]
    if corroboration:
        from textqa.corroboration import withdrawal_notes

        raw, withdrawn = corroboration.withdraw(raw)
        notes.extend(
            withdrawal_notes(w for w in withdrawn if config.is_selected(w[0].rule, doc.path))
        )
    score = spin_score(doc, merge(raw))
    # Select before merging: an unselected pack hit must not swallow a selected finding.
    findings = merge(f for f in raw if config.is_selected(f.rule, doc.path))
    findings = _silence_ignored(findings, raw, config, doc.path)
    findings = _spare_pack_wordings(doc, findings, config)
    if corroboration:
        findings = corroboration.contest(findings)
    findings = _promote(doc, findings, score, config)
    findings = doubt_articles(doc, findings, score, config)
    # Suppress before dropping quiet hints: a directive that silences a hint is used
    # whatever --fail-on says, or asking for fewer hints would report it as unused.
    findings = _suppress(doc, findings, context)
    findings = _drop_quiet_hints(findings, score, config)
    findings = fold_articles(doc, findings, config.fix_threshold)
    findings = take_in_articles(doc, findings)
    if any(f.suggestions and KEPT_RE.search(f.text) for f in findings):
        from textqa.fix import laid_in  # only where a span holds markup or a break

        findings = laid_in(findings)
    # Confidence as every output shows it (JSON rounds to 3 places), so that the Python
    # API compares equal to the JSON and the fix threshold sees the number shown.
    findings = [
        f if (c := round(f.confidence, 3)) == f.confidence else replace(f, confidence=c)
        for f in findings
    ]
    return DocumentResult(doc.path, findings, doc.word_count, score, notes, doc.text)


def _silence_ignored(
    findings: list[Finding], raw: list[Finding], config: Config, path: str
) -> list[Finding]:
    """Without the findings that say what an ignored rule says of the same words.

    ``ignore = ["news-spin.stated"]`` means "not about 'stated'": the statistical
    detector's own finding on the same word, which the pack hit would have absorbed,
    came back under ``stats.reporting-verbs`` (a trial found all 12 "stated" still
    failing the check). Same words means the same span, or an overlapping one with the
    same first suggestion. A rule merely left out of ``select`` (``--select stats``)
    silences nothing.
    """
    ignored = SpanIndex(
        (f for f in raw if f.start < f.end and config.is_ignored(f.rule, path)),
        lambda f: (f.start, f.end),
    )
    if not ignored:
        return findings

    def same_words(finding: Finding) -> bool:
        if finding.start == finding.end:
            return False  # a document-level cue
        first = finding.suggestions[0].lower() if finding.suggestions else None
        for other in ignored.overlapping(finding.start, finding.end):
            if (other.start, other.end) == (finding.start, finding.end):
                return True
            if other.suggestions and other.suggestions[0].lower() == first:
                return True
        return False

    return [f for f in findings if not same_words(f)]


RESTORED_SPARED = frozenset({"stats.substitution", "stats.a-an"})


def _spare_pack_wordings(doc: Document, findings: list[Finding], config: Config) -> list[Finding]:
    """Without weak (``info``) statistical word findings on wording the packs vouch for:
    only the document's spin score would make them warnings. (A word the statistics
    flag on their own evidence stays: on DEV spun news, sparing those too cost recall.)

    The two detectors must not undo each other: ``fix`` restores 'said' for 'stated'
    and 'military' for 'navy' from the packs, and a later check then called 'said' a
    spinner's 'told' and 'military action' an 'action' (in a document still reading as
    spun), so a fixed file could never pass. A wording that some pack writes back is
    the tool's own while packs are in use, unless some rule lists it as spun or as part
    of a spun phrase ("within", of "within the"). Only the wording itself: "called for"
    (where the fix wrote 'called') or "military action" stay findings, as a thesaurus
    spinner's phrasal verbs and compounds ("cut down", "track record") hold pack words
    by chance. Nor may the statistics flag a phrase a pack rule matched where its
    ``unless-*`` context made it legitimate ("the motorcar museum"): the pack's author
    said so. With no pack selected (``--select stats``), nothing is spared.
    """
    if not any(f.rule in RESTORED_SPARED for f in findings):
        return findings
    from textqa.packs import matcher_for

    matcher = matcher_for(config.packs)
    if not any(config.may_select_under(pack.id) for pack in matcher.packs):
        return findings
    phrases = matcher.restored_wordings
    exempted = set(matcher.exempted(doc))  # the same words, not a longer phrase

    def spared(finding: Finding) -> bool:
        if (finding.start, finding.end) in exempted:
            return True
        norm = " ".join(normalise(finding.text).split())
        return norm in phrases

    return [
        f for f in findings if not (f.rule in RESTORED_SPARED and f.level == "info" and spared(f))
    ]


def _none(_doc: Document) -> Corroboration | None:
    return None


def _promote(doc: Document, findings: list[Finding], score: float, config: Config) -> list[Finding]:
    """In a document that reads as spun, weak substitution findings become warnings.

    Pack hits are promoted whenever the document reads as spun (someone wrote the swap
    down); statistical candidates also need ``promote-confidence`` on their own. A
    document just short of reading as spun (from ``near-threshold``) is likelier spun
    than not, so its surest statistical candidates (``near-confidence``) are promoted too.
    """
    sources: tuple[str, ...] = ("rules", "stats")
    stats_floor = config.stat("promote-confidence")
    if score < config.stat("spin-threshold"):
        if score < config.stat("near-threshold"):
            return findings
        sources, stats_floor = ("stats",), config.stat("near-confidence")
    promoted: list[Finding] = []
    for finding in findings:
        if (
            finding.level == "info"
            and finding.source in sources
            and not doc.in_quote(finding.start, finding.end)
            and (finding.source == "rules" or finding.confidence >= stats_floor)
        ):
            finding = replace(
                finding,
                level="warning",
                confidence=max(finding.confidence, min(0.9, finding.confidence + 0.25 * score)),
                evidence=(*finding.evidence, f"document spin score {score:.2f}"),
            )
        promoted.append(finding)
    return promoted


def _drop_quiet_hints(findings: list[Finding], score: float, config: Config) -> list[Finding]:
    """Weak substitution hints in a text that does not read as spun are noise: drop them.

    A clean article uses "conflict" and "authorities" legitimately; listing them would
    bury the real findings. Asking for hints (``fail-on = "info"``) keeps them.
    """
    if score >= config.stat("spin-threshold") or config.fail_on == "info":
        return findings
    return [f for f in findings if not (f.level == "info" and f.source in ("rules", "stats"))]


def _suppress(doc: Document, findings: list[Finding], context: CheckContext) -> list[Finding]:
    directives = suppression.parse_directives(
        doc.text, lambda offset: doc.position(offset)[0], doc.code
    )
    if not directives:
        return findings
    kept = suppression.apply(findings, directives)
    from textqa.detectors import is_known_selector, known_rules
    from textqa.detectors.quality import unused_suppression

    if context.config.is_selected(unused_suppression.RULE, doc.path):
        known: set[str] | None = None
        for directive in directives:
            if not directive.used:
                if directive.rules and known is None:
                    known = known_rules(context)  # only for a directive that names rules
                unknown = [r for r in directive.rules if known and not is_known_selector(r, known)]
                off = [
                    r
                    for r in directive.rules
                    if r not in unknown and not context.config.is_selected(r, doc.path)
                ]
                kept.append(unused_suppression.finding(doc, directive, unknown, off))
        kept.sort(key=lambda f: (f.start, f.end, f.rule))
    return kept


# ---------------------------------------------------------------------- API
def check_text(
    text: str,
    *,
    path: str | os.PathLike[str] | None = None,
    siblings: Iterable[str | Path | Document] = (),
    config: ConfigLike | None = None,
    deep: bool = False,
) -> list[Finding]:
    """Check a string against ``siblings``: other articles about the same event.

    Each sibling is a :class:`Document`, a :class:`~pathlib.Path` (a file, read as UTF-8;
    a missing or unreadable one raises :class:`textqa.files.InputError`), or a ``str``.
    A ``str`` is read as a file when it is one line naming an existing file, and is
    otherwise the sibling's text itself: a mistyped file name then becomes a one-word
    article, so pass ``Path`` objects to have a missing file reported.

    ``config`` is a :class:`Config`, a mapping of config keys or a config file's path.
    ``path`` (a str or a path object) names the text in findings, as a str.
    """
    if not isinstance(text, str):  # not the regex module's "cannot use a string pattern…"
        kind = type(text).__name__
        hint = " (decode bytes first, e.g. data.decode('utf-8'))" if kind == "bytes" else ""
        raise TypeError(f"check_text() needs the text as a str, not {kind}{hint}")
    context = CheckContext(
        config=_api_config(config) or Config(), siblings=tuple(load_siblings(siblings)), deep=deep
    )
    name = os.fsdecode(path) if path is not None else "<text>"  # b"a.txt" too: a str
    return check_document(Document(text, name or "<text>"), context).findings


def _api_config(config: ConfigLike | None) -> Config | None:
    """``config=`` as a Config. A mapping or file is checked as the command checks a
    config file, unknown rule prefixes included, so a typo raises instead of checking
    nothing."""
    if config is None or isinstance(config, Config):
        return config
    resolved = as_config(config)
    from textqa.run import validate_selectors  # run imports this module

    validate_selectors(resolved, CheckContext(config=resolved))
    return resolved


def load_siblings(siblings: Iterable[str | Path | Document]) -> list[Document]:
    """Documents from paths (``Path``, or a str naming an existing file) or raw text.

    One sibling passed bare, not in a list, is a TypeError: a str would otherwise be
    taken character by character as one-letter articles."""

    if isinstance(siblings, str | bytes | os.PathLike | Document):
        raise TypeError(
            "siblings must be a list of texts, paths or Documents, not one "
            f"{type(siblings).__name__}: pass siblings=[...]"
        )
    documents: list[Document] = []
    for number, sibling in enumerate(siblings, 1):
        if isinstance(sibling, Document):
            documents.append(sibling)
        elif isinstance(sibling, os.PathLike) or (
            isinstance(sibling, str) and _names_a_file(sibling)
        ):
            name = os.fsdecode(sibling)
            source = _read_sibling(name)
            documents.append(Document(source.text, name))
        elif isinstance(sibling, str):
            # Numbered by position, so that evidence says which text it came from.
            documents.append(Document(sibling, f"<sibling {number}>"))
        else:  # 5 or b"…" became the article "5" or "b'…'"
            raise TypeError(
                f"sibling {number} must be a text, a path or a Document, not "
                f"{type(sibling).__name__}"
            )
    return documents


def _read_sibling(name: str) -> SourceFile:
    """A sibling file's text; a missing one or a folder is an InputError that says it is
    a sibling (other bad files, binary or not UTF-8, fail in reading them)."""
    from textqa.files import InputError, read_source

    if os.path.isdir(name):
        raise InputError(f"{name}: sibling is a folder (use --sibling-dir {name})")
    try:
        os.lstat(name)
    except FileNotFoundError:
        raise InputError(f"{name}: sibling not found") from None
    except OSError as error:  # "not found" would mislead: a folder cannot be searched
        raise InputError(f"{name}: cannot read the sibling: {error.strerror}") from None
    return read_source(name)


def _names_a_file(text: str) -> bool:
    """Whether a sibling string is a path to a file, not the text itself. A one-line
    article is too long for a file name, which ``os.stat`` reports as an error. One
    line ending in a prose file's extension ("other_outlet.txt") is a path even when
    no such file exists: reading it then raises "sibling not found", where taking the
    mistyped name for the text would turn the sibling evidence off in silence."""
    from textqa.files import EXTENSIONS

    if "\n" in text:
        return False
    try:
        return Path(text).is_file() or (
            len(text) < 256 and Path(text.strip()).suffix.lower() in EXTENSIONS
        )
    except (OSError, ValueError):
        return False


def check_paths(
    paths: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
    *,
    siblings: Iterable[str | Path | Document] = (),
    config: ConfigLike | None = None,
    deep: bool = False,
) -> list[Finding]:
    """Check files and folders (one path, or several); raises
    :class:`textqa.files.InputError` on bad input.

    ``config`` (as for :func:`check_text`) applies to every file; without it each file
    uses the config found upward from its folder.
    """
    from textqa.files import discover, read_source

    if isinstance(paths, str | os.PathLike):
        paths = [paths]  # one path, not a sequence of one-character paths
    names = [os.fspath(p) for p in paths]
    sibling_docs = tuple(load_siblings(siblings))
    chosen = _api_config(config)
    # Which files, as `textqa check` decides: the exclusions of the config given, or of
    # the one found from the first path (the run-wide config).
    run_config = chosen or config_for(Path(names[0]) if names else None, None, False)
    excludes = run_config.exclude + run_config.extend_exclude
    findings: list[Finding] = []
    for name in discover(names, excludes, False, run_config.root):
        source = read_source(name)
        file_config = chosen or config_for(Path(name), None, False)
        context = CheckContext(config=file_config, siblings=sibling_docs, deep=deep)
        findings.extend(check_document(Document(source.text, name), context).findings)
    return findings


def timer() -> float:
    return time.perf_counter()
