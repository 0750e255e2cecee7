"""The statistical model of synonym swaps behind ``textqa.detectors.stats``.

A spinner replaces words by thesaurus synonyms. For each word (or phrase) that some
common word's synonym list contains, the candidate originals come from a reverse
thesaurus (Moby II and WordNet 3.0, carried over every inflection; see
:mod:`textqa.data.build`). Each reading of the sentence is scored as a noisy channel:

    P(original wording) · P(spinner turns it into the observed one)
    against P(observed wording as written),

with wordfreq unigram frequencies and Web 1T bigram associations between neighbours.
Neighbouring suspects are scored jointly (forward–backward over each run of adjacent
suspects), so in "workplace stated" the reading "office said" can win even though
"stated" spoils the context of "workplace". The document's quotations (which spinners
leave alone), its siblings and its own vocabulary adjust the odds.

Two logistic classifiers, fitted on DEV data only (``python -m bench.stats_eval --fit``),
turn each suspect's features (the joint model's evidence, frequencies, context fit,
thesaurus source, the document's own vocabulary and quotations) into numbers: how
likely the word is a swap in a spun text, and how much likelier it is in spun text
than in clean text.

Modules, in the order data flows through them:

* :mod:`~textqa.swaps.candidates` — a wording's candidate originals and their
  document-free scores (read from the prebuilt table in the lexicon);
* :mod:`~textqa.swaps.association` — how well two neighbouring words go together;
* :mod:`~textqa.swaps.weights` — the two classifiers' fitted weights;
* :mod:`~textqa.swaps.inference` — one document: its suspects, the joint scoring of
  neighbouring ones, the classifiers, and the document cues (:func:`analyse`).

Other modules use :func:`~textqa.swaps.inference.synonyms_of` (is this a thesaurus
pair?) and :func:`~textqa.swaps.inference.shortlist` (the ranked candidates for
language-model rescoring in ``--deep`` mode).
"""
