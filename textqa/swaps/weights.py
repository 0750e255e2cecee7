"""The two classifiers' features and fitted weights (data: ``python -m bench.stats_eval
--fit`` prints new ones from DEV data)."""

# The word-level classifier: a logistic regression over these features of a suspect and
# its best candidate, fitted on DEV data only (bench/stats_eval.py --fit).
FEATURES = (
    "joint_log_bayes",  # log10 evidence ratio of the joint (forward-backward) model
    "zipf_gain",  # Zipf frequency of the candidate minus that of the observed word
    "log_prior",  # log10 P(observed | candidate spun)
    "observed_context",  # log10 association of the observed word with its neighbours
    "context_gain",  # how much better the candidate associates with them
    "observed_zipf",
    "observed_phrase",  # the observed wording is several words ("boundary line")
    "candidate_phrase",
    "curated",  # the swap is in the curated table
    "wordnet",  # WordNet links the two
    "observed_repeats",  # log(1 + other uses of the observed lemma outside quotes)
    "candidate_used",  # log(1 + uses of the candidate's lemma outside quotes)
    "candidate_quoted",  # a quotation has the candidate but not the observed word
    "observed_quoted",  # a quotation has the observed word
    "neighbours",  # how many neighbours give context (0, 1, 2)
    "observed_unlisted",  # minus the neighbour pairs of the observed word missing from the list
    "listed_gain",  # how many more neighbour pairs the candidate has in the list
    "best_side_gain",  # the larger one-sided association gain
    "worst_observed_side",  # the weaker association of the observed word with a neighbour
    "log_options",  # log of the number of candidate originals
)
# Log odds of a suspect being a swap in the fitting data (spun documents), and of a
# swapped suspect against a clean document's suspect; then intercept + one weight per
# feature for each classifier.
BASE_LOGIT = -0.6322
CLEAN_BASE_LOGIT = 1.0364
WEIGHTS = (
    -0.2118,
    0.8467,
    0.3193,
    -1.0372,
    -0.489,
    -0.4044,
    -0.3225,
    1.1229,
    0.0856,
    -0.1309,
    1.4114,
    0.135,
    0.1694,
    0.7316,
    -2.2591,
    0.6186,
    0.2546,
    0.0939,
    0.1513,
    0.255,
    -0.0713,
)
CLEAN_WEIGHTS = (
    1.4549,
    0.7266,
    0.3586,
    -0.7448,
    -0.5337,
    -0.2451,
    -0.2277,
    1.0843,
    0.0453,
    -0.0302,
    1.1097,
    -0.182,
    0.2186,
    0.5339,
    -1.8574,
    0.5841,
    0.1535,
    0.1189,
    -0.0173,
    0.1775,
    -0.1236,
)
