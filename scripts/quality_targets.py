#!/usr/bin/env python3
"""Checks the quality targets on the figures scripts/quality.sh wrote.

    scripts/quality_targets.py target/quality
"""
import json, os, sys

q = sys.argv[1] if len(sys.argv) > 1 else "target/quality"
rows = []


def check(what, value, ok, target):
    rows.append((what, value, ok, target))


def load(name):
    p = os.path.join(q, name)
    return json.load(open(p)) if os.path.exists(p) else None


# wild-dev: each article alone, and each site's articles as one folder.
for name in ["wild-dev", "wild-dev-sites"]:
    wd = load(f"{name}.json")
    if not wd:
        continue
    a = wd["all"]
    check(f"{name} content kept (K lines)", f"{a['content_kept_lines']:.3f}", a["content_kept_lines"] >= 0.985, "≥ 0.985")
    check(f"{name} residue removed (D lines)", f"{a['residue_removed']:.3f}", a["residue_removed"] >= 0.85, "≥ 0.85")
    check(f"{name} clean articles untouched", f"{wd['clean_docs_untouched']}/{wd['clean_docs']}",
          wd["clean_docs_untouched"] == wd["clean_docs"], "all")
    low = {l: v["residue_removed"] for l, v in wd["per_lang"].items() if v["d_lines"]}
    worst = min(low, key=low.get)
    check(f"{name} lowest language removal", f"{worst} {low[worst]:.3f}", low[worst] >= 0.6, "≥ 0.6")
    for l, v in sorted(wd["per_lang"].items()):
        if v["d_lines"]:
            lost = 1 - v["content_kept_lines"]
            check(f"{name} {l}: content lost ≤ residue removed", f"{lost:.3f} ≤ {v['residue_removed']:.3f}",
                  lost <= v["residue_removed"], "")
lab = load("labelled.json")
if lab:
    a = lab["ALL"]
    check("labelled content kept", f"{a['content_kept_lines']:.3f}", a["content_kept_lines"] >= 0.985, "≥ 0.985")
    check("labelled residue removed", f"{a['residue_removed']:.3f}", True, "(reported)")
    check("labelled clean articles untouched", f"{a['clean_docs_untouched']}/{a['clean_docs']}",
          a["clean_docs_untouched"] == a["clean_docs"], "all")
    for l, v in sorted(lab.items()):
        if l != "ALL" and v["residue_removed"] is not None:
            lost = 1 - v["content_kept_lines"]
            check(f"labelled {l}: content lost ≤ residue removed", f"{lost:.3f} ≤ {v['residue_removed']:.3f}",
                  lost <= v["residue_removed"], "")
# Cleaning the outputs again changes nothing (every set above).
idem = os.path.join(q, "idempotence.txt")
if os.path.exists(idem):
    changed = int(open(idem).read())
    check("outputs cleaned again: files changed", str(changed), changed == 0, "0")
for s in ["readability", "newspaper", "newspaper4k", "cleaneval"]:
    d = load(f"{s}.json")
    if not d:
        continue
    o = d["overall"]
    f1, lost, kept = o["macro"]["f1"], o["micro"]["lost"], o["micro"]["kept"]
    if s == "cleaneval":
        check(f"{s} macro F1", f"{f1:.3f}", f1 >= 0.92, "≥ 0.92")
    else:
        check(f"{s} macro F1", f"{f1:.3f}", f1 >= 0.88, "≥ 0.88")
        check(f"{s} content lost", f"{lost:.3f}", lost <= 0.03, "≤ 0.03")
        check(f"{s} residue kept", f"{kept:.3f}", kept <= 0.25, "≤ 0.25")
    for l, v in sorted(d["by_lang"].items()):
        lo, ke = v["micro"]["lost"], v["micro"]["kept"]
        check(f"{s} {l}: content lost ≤ residue removed", f"{lo:.3f} ≤ {1 - ke:.3f}", lo <= 1 - ke, "")
width = max(len(r[0]) for r in rows)
print("targets:")
for what, value, ok, target in rows:
    print(f"  {'ok  ' if ok else 'MISS'} {what:<{width}}  {value:>16}  {target}")
