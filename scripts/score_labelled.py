#!/usr/bin/env python3
"""Scores rinse on the labelled samples (samples/labelled/, see its README).

    scripts/score_labelled.py [--rinse PATH] [--opts "--no-corpus"] [--show] [FILE...]

Cleans each labelled article on its own with `rinse clean` (stdin to
stdout) and prints, per language and overall: content kept (share of K
lines), residue removed (share of D and d lines), clean articles untouched.
--show lists every K line lost and every residue line kept; the exit
status is 1 when a K line is lost or a D line kept (what `cargo test`
checks), else 0.
"""
import argparse, collections, glob, json, os, subprocess, sys, unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def norm(s):
    return unicodedata.normalize("NFC", s).strip()


def parse(path):
    out = []
    for n, line in enumerate(open(path, encoding="utf-8").read().split("\n"), 1):
        if not line.strip():
            continue
        label, _, text = line.partition(" ")
        if label not in ("K", "D", "d", "E"):
            sys.exit(f"{path}:{n}: label must be K, D, d or E, not {label!r}")
        out.append((label, text))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("files", nargs="*")
    ap.add_argument("--rinse", default=os.path.join(ROOT, "target/release/rinse"))
    ap.add_argument("--opts", default="")
    ap.add_argument("--show", action="store_true")
    ap.add_argument("--json", help="write the figures to this file")
    a = ap.parse_args()
    files = a.files or sorted(glob.glob(os.path.join(ROOT, "samples/labelled/*.txt")))
    tot = collections.defaultdict(collections.Counter)
    bad = False
    for path in files:
        lang = os.path.basename(path).split("-")[0]
        lines = parse(path)
        raw = "".join(t + "\n" for _, t in lines)
        res = subprocess.run([a.rinse, "clean", "-q", *a.opts.split()], input=raw.encode(),
                             capture_output=True, check=True)
        pool = collections.Counter(norm(l) for l in res.stdout.decode().split("\n") if norm(l))
        c = collections.Counter()
        problems = []
        for label, text in lines:
            n = norm(text)
            kept = pool[n] > 0
            if kept:
                pool[n] -= 1
            if label == "K":
                c["k"] += 1
                c["kk"] += kept
                if not kept:
                    problems.append(f"  K lost: {text[:120]}")
            elif label in "Dd":
                c["d"] += 1
                c["dr"] += not kept
                if kept:
                    problems.append(f"  {label} kept: {text[:120]}")
                    bad |= label == "D"
        bad |= c["kk"] < c["k"]
        clean = c["d"] == 0
        c["clean"] += clean
        c["clean_ok"] += clean and c["kk"] == c["k"]
        c["docs"] += 1
        for key in (lang, "ALL"):
            tot[key].update(c)
        if a.show and problems:
            print(os.path.basename(path))
            print("\n".join(problems))
    print(f"{'lang':5} {'docs':>5} {'kept':>7} {'removed':>8} {'clean untouched':>16}")
    figures = {}
    for key in sorted(tot, key=lambda k: (k == "ALL", k)):
        c = tot[key]
        kept = c["kk"] / c["k"] if c["k"] else 1.0
        rem = c["dr"] / c["d"] if c["d"] else None
        shown = f"{rem:8.3f}" if rem is not None else f"{'-':>8}"
        print(f"{key:5} {c['docs']:5d} {kept:7.3f} {shown} {c['clean_ok']:>10d}/{c['clean']}")
        figures[key] = {"docs": c["docs"], "content_kept_lines": kept, "residue_removed": rem,
                        "k_lines": c["k"], "d_lines": c["d"], "clean_docs": c["clean"],
                        "clean_docs_untouched": c["clean_ok"]}
    if a.json:
        with open(a.json, "w") as f:
            json.dump(figures, f, indent=1)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
