#!/usr/bin/env python3
"""Scores deck-ingest's slide structure against hand-made truth.

Usage: bench/structure_score.py [--bin PATH] [--json] [--misses] [DECKS_DIR]

DECKS_DIR (default ../shared/decks) holds `<name>.pdf` and `<name>.structure.json`
(format: that folder's STRUCTURE.md). The script runs `records --granularity page`
and `records --granularity section` on every deck and reports:

- titles: of the pages whose truth has a title, how many records carry exactly that
  title (whitespace collapsed, NFKC on both sides); also how many untitled pages got
  a title anyway;
- dividers: precision and recall of `kind == "divider"` page records;
- chapters: pages whose `chapter.title` equals the truth's `chapter` (null = null);
- subtitles: precision and recall of the page's `subtitle` blocks against the truth;
- image-only: truth `image-only` pages that got an `image-only` warning, and pages
  warned that are not image-only in the truth;
- sections: the largest section record, and how many exceed 4,000 characters though
  they span more than one page.

Records of schema version 1 (before chapters) are scored too: the page's title blocks
stand for its title, and it has no dividers or chapters.
"""

import argparse
import json
import subprocess
import sys
import unicodedata
from pathlib import Path


def norm(s):
    if s is None:
        return None
    s = unicodedata.normalize("NFKC", s)
    s = "".join(ch for ch in s if unicodedata.category(ch) != "Cf")
    s = " ".join(s.split())
    return s or None


def run(binary, granularity, pdf):
    out = subprocess.run(
        [binary, "records", "--progress", "never", "--granularity", granularity, str(pdf)],
        capture_output=True,
        text=True,
        check=False,
    )
    return [json.loads(line) for line in out.stdout.splitlines() if line.strip()]


def page_view(rec):
    """(title, is_divider, chapter, image_only) of a page record."""
    page = rec["pages"][0] if rec.get("pages") else None
    image_only = any(w.get("kind") == "image-only" for w in rec.get("warnings", []))
    subs = [b["text"] for b in rec.get("blocks", []) if b["kind"] == "subtitle" and b["page"] == page]
    subtitle = " ".join(subs) if subs else None
    if "kind" in rec:
        chapter = rec.get("chapter")
        return page, rec.get("title"), rec["kind"] == "divider", chapter and chapter.get("title"), image_only, subtitle
    titles = [b["text"] for b in rec.get("blocks", []) if b["kind"] == "title" and b["page"] == page]
    return page, " ".join(titles) if titles else None, False, None, image_only, subtitle


def score_deck(binary, pdf, truth):
    pages = {p["page"]: p for p in truth["pages"]}
    pred = {}
    for rec in run(binary, "page", pdf):
        if not rec.get("schema", "").startswith("deck-ingest.section"):
            continue
        page, title, div, chapter, image_only, subtitle = page_view(rec)
        if page is not None:
            pred[page] = (norm(title), div, norm(chapter), image_only, norm(subtitle))
    s = dict(titled=0, title_ok=0, untitled=0, spurious_title=0, div_truth=0, div_pred=0, div_ok=0,
             sub_truth=0, sub_pred=0, sub_ok=0,
             pages=0, chapter_ok=0, img_truth=0, img_found=0, img_false=0, misses=[])
    for n, p in sorted(pages.items()):
        title, div, chapter, image_only, subtitle = pred.get(n, (None, False, None, False, None))
        want_sub = norm(p.get("subtitle"))
        s["sub_truth"] += want_sub is not None
        s["sub_pred"] += subtitle is not None
        s["sub_ok"] += want_sub is not None and subtitle == want_sub
        if subtitle != want_sub:
            s["misses"].append(f"p{n} subtitle: want {want_sub!r} got {subtitle!r}")
        want = norm(p["title"])
        s["pages"] += 1
        if want is not None:
            s["titled"] += 1
            if title == want:
                s["title_ok"] += 1
            else:
                s["misses"].append(f"p{n} title: want {want!r} got {title!r}")
        else:
            s["untitled"] += 1
            if title is not None and p["kind"] != "image-only":
                s["spurious_title"] += 1
                s["misses"].append(f"p{n} title: want None got {title!r} ({p['kind']})")
        is_div = p["kind"] == "divider"
        s["div_truth"] += is_div
        s["div_pred"] += div
        s["div_ok"] += is_div and div
        if div != is_div:
            s["misses"].append(f"p{n} divider: want {is_div} got {div} ({want!r})")
        if chapter == norm(p["chapter"]):
            s["chapter_ok"] += 1
        is_img = p["kind"] == "image-only"
        s["img_truth"] += is_img
        s["img_found"] += is_img and image_only
        s["img_false"] += image_only and not is_img
    sections = [r for r in run(binary, "section", pdf) if r.get("schema", "").startswith("deck-ingest.section")]
    s["sections"] = len(sections)
    s["max_chars"] = max((len(r["text"]) for r in sections), default=0)
    s["over_4000"] = sum(1 for r in sections if len(r["text"]) > 4000 and len(r["pages"]) > 1)
    return s


def ratio(a, b):
    return a / b if b else float("nan")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("decks", nargs="?", default="../shared/decks")
    ap.add_argument("--bin", default="target/release/deck-ingest")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--misses", action="store_true", help="list every wrong page")
    args = ap.parse_args()
    folder = Path(args.decks)
    truths = sorted(folder.glob("*.structure.json"))
    if not truths:
        sys.exit(f"no *.structure.json in {folder}")
    total = {}
    per_deck = {}
    for t in truths:
        truth = json.loads(t.read_text())
        pdf = folder / truth["file"]
        s = score_deck(args.bin, pdf, truth)
        per_deck[pdf.stem] = s
        for k, v in s.items():
            if k == "misses":
                continue
            total[k] = max(total.get(k, 0), v) if k == "max_chars" else total.get(k, 0) + v
    summary = {
        "title_accuracy": ratio(total["title_ok"], total["titled"]),
        "spurious_titles": total["spurious_title"],
        "divider_precision": ratio(total["div_ok"], total["div_pred"]),
        "divider_recall": ratio(total["div_ok"], total["div_truth"]),
        "chapter_accuracy": ratio(total["chapter_ok"], total["pages"]),
        "subtitle_precision": ratio(total["sub_ok"], total["sub_pred"]),
        "subtitle_recall": ratio(total["sub_ok"], total["sub_truth"]),
        "image_only_found": f"{total['img_found']}/{total['img_truth']}",
        "image_only_false": total["img_false"],
        "max_section_chars": total["max_chars"],
        "sections_over_4000": total["over_4000"],
    }
    if args.json:
        print(json.dumps({"summary": summary, "decks": per_deck}, ensure_ascii=False, indent=1))
        return
    print(f"{'deck':40} {'titles':>9} {'div P/R':>9} {'chapters':>9} {'img':>6} {'max':>6} {'>4k':>4}")
    for name, s in per_deck.items():
        print(
            f"{name:40} {s['title_ok']:>4}/{s['titled']:<4} {s['div_ok']:>2}/{s['div_pred']}/{s['div_truth']:<3}"
            f" {s['chapter_ok']:>4}/{s['pages']:<4} {s['img_found']:>2}/{s['img_truth']:<3}"
            f" {s['max_chars']:>6} {s['over_4000']:>4}"
        )
        if args.misses:
            for m in s["misses"]:
                print("    " + m)
    print()
    for k, v in summary.items():
        print(f"{k:20} {v:.3f}" if isinstance(v, float) else f"{k:20} {v}")


if __name__ == "__main__":
    main()
