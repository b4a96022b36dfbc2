#!/usr/bin/env bash
# Text-only repair on two other shapes of the synthetic defect than bench/repair_ud_dev.sh
# makes, on other documents of the same UD dev splits (documents 40-79; the tables take
# only train sentences): "sparse", one letter split at 30-60 % per document, and "dense",
# four letters at 60-100 % (letters drawn as there: Norwegian "srtnelkaåøg", English
# "etaoinsrhl"). Seeded, so every run makes the same text. Prints word accuracy (mean over
# documents), left-split and glued words per language and shape, and the wrong applied edits.
# Usage: bench/repair_ud_variants.sh UD_NB_GIT UD_NN_GIT UD_EN_EWT_GIT
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -eq 3 ] || { echo "usage: $0 UD_NB_GIT UD_NN_GIT UD_EN_EWT_GIT" >&2; exit 2; }
# KEEP=DIR keeps the documents and outputs there (for study) instead of a temp dir.
if [ -n "${KEEP:-}" ]; then T=$KEEP; mkdir -p "$T"; else T=$(mktemp -d); trap 'rm -rf "$T"' EXIT; fi
dev() { git -C "$1" show "HEAD:$(git -C "$1" ls-tree --name-only HEAD | grep -- '-ud-dev\.conllu$')"; }
dev "$1" > "$T/nb.conllu"; dev "$2" > "$T/nn.conllu"; dev "$3" > "$T/en.conllu"
python3 - "$T" <<'PY'
import random, sys
sys.path.insert(0, "bench")
from spacing_defect import documents
d = sys.argv[1]
rng = random.Random(7)
POOL = {"nb": "srtnelkaåøg", "nn": "srtnelkaåøg", "en": "etaoinsrhl"}
SHAPES = {"sparse": (1, 0.3, 0.6), "dense": (4, 0.6, 1.0)}
for lang in ("nb", "nn", "en"):
    lines = [l[len("# text = "):].strip() for l in open(f"{d}/{lang}.conllu", encoding="utf-8")
             if l.startswith("# text = ")]
    for k, doc in enumerate(documents(lines)[40:80]):
        for shape, (count, lo, hi) in SHAPES.items():
            letters, rate = rng.sample(POOL[lang], count), rng.uniform(lo, hi)
            out = []
            for i, c in enumerate(doc):
                out.append(c)
                inside = i > 0 and doc[i - 1].isalpha() and i < len(doc) - 1 and doc[i + 1].isalpha()
                if c in letters and inside and rng.random() < rate:
                    out.append(" ")
            open(f"{d}/{lang}{shape}_{k:02d}.truth.txt", "w", encoding="utf-8").write(doc)
            open(f"{d}/{lang}{shape}_{k:02d}.broken.txt", "w", encoding="utf-8").write("".join(out))
PY
cargo build --release -q -p deck-repair --example calibrate
for set in nbsparse nbdense nnsparse nndense ensparse endense; do
  pairs=()
  for b in "$T"/${set}_*.broken.txt; do pairs+=("$b" "${b%.broken.txt}.truth.txt"); done
  target/release/examples/calibrate --list "${pairs[@]}" > "$T/$set.out"
  awk -v s="$set" '/word accuracy/ { n++; a += $4; sp += $5; g += $7 }
    END { printf "%s: %d documents, mean word accuracy %.4f, %d left split, %d glued\n", s, n, a / n, sp, g }' \
    FS='[ ,]+' "$T/$set.out"
  grep '^  wrong:' "$T/$set.out" | sed "s/^/  $set/" || :
done
