"""A scikit-learn reference for `deck-ingest train --cv`: TF-IDF (word 1-2-grams and
character 3-5-grams within words, sub-linear tf) and class-balanced logistic regression,
grouped 5-fold cross-validation with folds from the SHA-1 of each passage's `doc`.
Trains once on the labels themselves and once on finer classes (label + the passage's
`source_label` ministry), whose probabilities are summed per label; prints macro-F1 and
accuracy of both. Measures an idea cheaply before it goes into the Rust trainer
(crates/classify/src/train.rs records the result).
Usage: python3 bench/classify_sklearn.py ../shared/topics/dev.jsonl   (needs scikit-learn)"""
import hashlib
import json
import sys

import numpy as np
from scipy.sparse import hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score

FOLDS = 5


def main(path):
    recs = [json.loads(line) for line in open(path, encoding="utf-8")]
    texts = [(r.get("title") or "") + "\n" + r["text"] for r in recs]
    gold = np.array([r["gold"] for r in recs])
    fine = np.array([r["gold"] + "|" + r["source_label"].split(";")[0] for r in recs])
    fold = np.array([int(hashlib.sha1(r["doc"].encode()).hexdigest(), 16) % FOLDS for r in recs])
    labels = sorted(set(gold))
    pred = {"labels": np.empty(len(gold), dtype=object), "finer classes": np.empty(len(gold), dtype=object)}
    for k in range(FOLDS):
        tr, te = np.where(fold != k)[0], np.where(fold == k)[0]
        words = TfidfVectorizer(analyzer="word", ngram_range=(1, 2), min_df=2, sublinear_tf=True)
        chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), min_df=3, sublinear_tf=True,
                                max_features=300000)
        x_tr = hstack([words.fit_transform([texts[i] for i in tr]), chars.fit_transform([texts[i] for i in tr])]).tocsr()
        x_te = hstack([words.transform([texts[i] for i in te]), chars.transform([texts[i] for i in te])]).tocsr()
        for mode, target in (("labels", gold), ("finer classes", fine)):
            model = LogisticRegression(C=10, max_iter=300, class_weight="balanced").fit(x_tr, target[tr])
            proba = model.predict_proba(x_te)
            label_of = np.array([c.split("|")[0] for c in model.classes_])
            summed = np.stack([proba[:, label_of == lab].sum(1) for lab in labels], 1)
            pred[mode][te] = np.array(labels)[summed.argmax(1)]
    for mode, p in pred.items():
        p = p.astype(str)
        print(f"trained on {mode}: macro-F1 {f1_score(gold, p, average='macro'):.3f}, "
              f"accuracy {accuracy_score(gold, p):.3f}")


if __name__ == "__main__":
    main(sys.argv[1])
