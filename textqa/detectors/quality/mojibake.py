"""quality.mojibake: UTF-8 text that was decoded as Windows-1252 or Latin-1.

Scraped and re-posted copy (the usual input of a spinner) often went through a
wrong decode: "Macron’s" turns into "Macronâ€™s", "café" into "cafÃ©". The damage
is mechanical, so the repair is exact: encode the run back to bytes and decode
them as UTF-8. A run is reported only when that round trip succeeds, which keeps
real accented text ("São Paulo", "Ærø") out of it.

PASS: Macron’s office said the café was closed.
FAIL: Macronâ€™s office said        (suggests "’")
FAIL: the cafÃ© was closed           (suggests "é")
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textqa.document import Document
    from textqa.findings import Finding

RULE = "quality.mojibake"
LEVEL = "error"
DESCRIPTION = "UTF-8 text decoded as Windows-1252/Latin-1 (mojibake such as 'â€™' or 'Ã©')"
EXAMPLES_BAD = [
    "Macronâ€™s office said.",
    "The cafÃ© was closed.",
    "â€œWe are ready,â€\x9d she said.",
    "The talks â€“ held in Paris â€“ ended.",
    "It costs Â£100.",
    "The WrocÅ‚aw office.",
    "Twice broken: MacronÃ¢â‚¬â„¢s office.",
    "The deal wasÂ signed.",
]
EXAMPLES_GOOD = [
    "Macron’s office said the café was closed.",
    "São Paulo, Ærø, Ølstykke and Zürich – “quoted” text — fine.",
    "A café—“quoted” words.",
    "IL Y MARQUÉ… « CAFÉ» and “ÖZIL”.",
    "Prices in € and £ rose 5°C.",
]

# Bytes 0x80–0xBF as Windows-1252 shows them (Latin-1 for the five it leaves undefined).
_CONTINUATION = "".join(
    bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in range(0x80, 0xC0)
)
_C = "[" + re.escape(_CONTINUATION) + "]"
_MOJIBAKE_RE = re.compile(
    rf"(?:[\xc2-\xdf]{_C}|[\xe0-\xef]{_C}{{2}}|[\xf0-\xf4]{_C}{{3}})+"
    rf"|â€(?!{_C})\ufffd?"  # a quote or dash whose last byte was lost
    r"|[ÂÃ] "  # C2 A0 (no-break space), C3 A0 (à) whose A0 became a plain space
)
# Every _MOJIBAKE_RE match starts with one of these; most text has none (a fast search).
_TRIGGER_RE = re.compile(r"[\xc2-\xf4]")
# Continuation characters that also follow accented letters in real text.
_TEXT_PUNCTUATION = frozenset("…”“’‘–—•«»™·°±§\xa0")
# Runs that lost a byte on the way, so the round trip cannot repair them.
_LOST_BYTE = {
    "â€": ("”", "'â€' starts a curly quote or dash (E2 80 ..) whose last byte was lost"),
    "Â ": (" ", "'Â' before a space is what is left of a no-break space (C2 A0)"),
    "Ã ": ("à ", "'Ã' before a space is what is left of 'à' (C3 A0)"),
}


def _encode(text: str) -> bytes:
    """Bytes that a Windows-1252 (or Latin-1) decoder would have shown as ``text``."""
    out = bytearray()
    for char in text:
        try:
            out += char.encode("cp1252")
        except UnicodeEncodeError:
            out += char.encode("latin-1")
    return bytes(out)


def repair(text: str) -> str | None:
    """The text before the wrong decode, undoing up to three rounds, or None."""
    current = text
    for _ in range(3):
        try:
            fixed = _encode(current).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            break
        current = fixed
        if not _MOJIBAKE_RE.search(current):
            break
    return None if current == text else current


def _plausible(run: str, fixed: str, after: bool) -> bool:
    """Reject real text that happens to round-trip: "MARQUÉ…", "café—“".

    A lone pair of an accented letter and typographic punctuation ("É…", "Ö”") is
    ordinary text, unless a letter follows ("WrocÅ‚aw"); "Ã" and "Â" pairs never are.
    A lone CJK character from an accented letter and two punctuation marks is a
    collision too; two or more such characters are real broken CJK text.
    """
    if len(run) == 2 and run[0] not in "ÂÃ" and run[1] in _TEXT_PUNCTUATION and not after:
        return False
    if run[0] in "âï":  # punctuation U+2000–U+2FFF, BOM and specials
        return True
    return not (len(fixed) == 1 and "\u3000" <= fixed <= "\ufaff")


def check(doc: Document) -> Iterator[Finding]:
    text = doc.text
    if not _TRIGGER_RE.search(text):
        return
    for match in _MOJIBAKE_RE.finditer(text):
        start, end = match.span()
        run = match.group(0)
        if doc.is_skipped(start, end):
            continue
        lost = _LOST_BYTE.get(run.rstrip("\ufffd"))
        if lost is not None:
            fixed, confidence, evidence = lost[0], 0.7, (lost[1],)
        else:
            repaired = repair(run)
            after = text[end : end + 1].isalpha()
            if repaired is None or not _plausible(run, repaired, after):
                continue
            fixed, confidence = repaired, 0.97
            evidence = (f"the bytes of '{run}' decode as UTF-8 to '{repaired}'",)
        yield doc.finding(
            start,
            end,
            rule=RULE,
            source="quality",
            level=LEVEL,
            message=f"mojibake '{_printable(run)}' (UTF-8 read as Windows-1252): "
            f"should be '{_printable(fixed)}'",
            suggestions=(fixed,),
            confidence=confidence,
            evidence=evidence,
        )


def _printable(text: str) -> str:
    return "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in text)
