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
    -0.1184,
    0.8378,
    0.3077,
    -1.019,
    -0.4486,
    -0.3715,
    -0.345,
    0.9774,
    0.0877,
    -0.1307,
    1.416,
    0.0765,
    0.294,
    0.4381,
    -2.0614,
    0.5744,
    0.218,
    0.0744,
    0.1299,
    0.2063,
    -0.0544,
)
CLEAN_WEIGHTS = (
    1.4928,
    0.727,
    0.3482,
    -0.7468,
    -0.5224,
    -0.2405,
    -0.2466,
    0.9688,
    0.0531,
    -0.0407,
    1.112,
    -0.222,
    0.2863,
    0.3302,
    -1.7329,
    0.5688,
    0.1419,
    0.1062,
    -0.0157,
    0.173,
    -0.0933,
)
