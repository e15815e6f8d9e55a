"""Tokens, TF-IDF, clustering and naming without a database."""

import numpy as np
import pytest

from supportwise.analysis import clustering
from supportwise.analysis.themes import distinctive_phrases, label_for, shorten
from supportwise.analysis.vectors import combine, fold, term_matrix, tokenize

# Each topic: subject lines and problem statements, every ticket a subject and two statements —
# phrasings differ, but tickets tie a topic's phrasings together, as in real tickets.
TOPICS = {
    "duplicates": (["Duplicate contacts after sync", "Sync created copies", "Records doubled"],
                   ["Every sync run creates another copy of each contact.",
                    "We now have duplicate deals everywhere.", "Companies show up twice since the update."]),
    "stuck": (["Sync stuck", "Sync takes hours", "Nothing updating"],
              ["The sync has been in progress for hours.", "Changes take a day to show up.",
               "The queue is not moving at all."]),
    "invoice": (["Invoice copy", "VAT number on invoice", "Billing address wrong"],
                ["Please send the March invoice as PDF.", "Our VAT ID is missing from the invoices.",
                 "The invoice shows our old address."]),
}


def corpus() -> tuple[list[str], list[str]]:
    texts, topics = [], []
    for topic, (subjects, problems) in TOPICS.items():
        for subject in subjects:
            for problem in problems:
                for detail in problems:
                    if detail != problem:
                        texts.append(f"{subject}\n{problem} {detail} Please help.")
                        topics.append(topic)
    return texts, topics


@pytest.mark.parametrize("word,folded", [("records", "record"), ("queries", "query"), ("status", "status"),
                                         ("access", "access"), ("hours", "hour"), ("sync", "sync")])
def test_fold(word, folded):
    assert fold(word) == folded


def test_tokens_drop_stop_words_names_and_numbers_and_pair_only_neighbours():
    terms = tokenize(["Hi, the sync deleted 144 contacts.\nRegards, Maria Lopez"], {"maria", "lopez"})
    assert terms.docs[0] == ["sync", "deleted", "sync deleted", "contact"]
    assert terms.display("contact") == "contacts"


def test_tfidf_rows_are_unit_length_and_deterministic():
    texts, _ = corpus()
    first, second = term_matrix(tokenize(texts)), term_matrix(tokenize(texts))
    assert first.vocabulary == second.vocabulary and np.array_equal(first.tfidf, second.tfidf)
    assert np.allclose(np.linalg.norm(first.tfidf, axis=1), 1.0, atol=1e-5)


def test_clusters_are_pure_and_hold_most_of_their_topic():
    texts, topics = corpus()
    X = term_matrix(tokenize(texts)).tfidf
    labels = clustering.cluster(X, min_size=3)
    for g in range(labels.max() + 1):
        assert len({t for t, label in zip(topics, labels) if label == g}) == 1  # no theme mixes topics
    for topic in TOPICS:
        mine = [label for t, label in zip(topics, labels) if t == topic]
        assert max(mine.count(g) for g in set(mine)) >= 2 / 3 * len(mine)  # phrasings merged
    assert np.array_equal(labels, clustering.cluster(X, min_size=3))  # deterministic


def test_merge_keeps_unrelated_groups_apart():
    rng = np.random.default_rng(0)
    centres = np.eye(3, 50, dtype=np.float32)
    X = np.vstack([c + 0.05 * rng.standard_normal((20, 50)).astype(np.float32) for c in centres])
    X /= np.linalg.norm(X, axis=1, keepdims=True)
    split = np.repeat(np.arange(6), 10)  # each blob cut in two
    merged = clustering.merge(X, split)
    assert len(np.unique(merged)) == 3
    assert all(len(np.unique(merged[i * 20:(i + 1) * 20])) == 1 for i in range(3))


def test_refine_moves_tickets_to_the_group_they_fit():
    X = np.array([[1, 0], [0.99, 0.14], [0, 1], [0.14, 0.99]], dtype=np.float32)
    X /= np.linalg.norm(X, axis=1, keepdims=True)
    straddling = np.array([0, 1, 1, 1])  # ticket 1 sits with the wrong group
    assert clustering.refine(X, straddling).tolist() == [0, 0, 1, 1]


def test_too_few_tickets_make_no_theme():
    X = np.eye(4, dtype=np.float32)
    assert (clustering.cluster(X, min_size=5) == clustering.UNCLUSTERED).all()


def test_distinctive_phrases_name_the_theme():
    texts, topics = corpus()
    terms = tokenize(texts)
    matrix = term_matrix(terms)
    phrases = distinctive_phrases(matrix, terms, np.array([t == "stuck" for t in topics]))
    assert {"stuck", "hours"} & set(phrases[:2]) and len(phrases) <= 5
    assert label_for(["duplicate records", "sync"]) == "Duplicate records / sync"
    assert label_for([]) == "Other"


def test_combine_weights_embeddings_and_tfidf_equally():
    tfidf = np.eye(2, 3, dtype=np.float32)
    embeddings = np.array([[1, 0], [0, 1]], dtype=np.float32)
    X = combine(embeddings, tfidf)
    assert np.allclose(np.linalg.norm(X, axis=1), 1.0)
    assert combine(None, tfidf) is tfidf


def test_shorten_cuts_at_a_word():
    assert shorten("a  b\n c") == "a b c"
    cut = shorten("word " * 100, limit=23)
    assert cut == "word word word word …"
