#!/usr/bin/env python3
"""Fits the weights of rinse's article model (model/article.toml).

    scripts/fit_model.py [--bench DIR] [--out model/article.toml] [--dry-run]

What it does, in order:

1. Gathers labelled lines: the labelled samples of this repository
   (samples/labelled, a label per line), the golden samples (samples/raw
   against samples/clean), and, when the development benchmark is there
   (--bench, default ../shared/bench; it is not part of the repository),
   its line-labelled articles (wild-dev) and its pages with their gold
   bodies (readability, newspaper, newspaper4k, cleaneval: a line is
   content when its words are in the gold body).
2. Asks rinse for the features of every line of the head, between the
   headline and the body, and of the tail (`rinse explain --json` with a
   model that removes no block), as the article model sees them after the
   pack rules.
3. Fits a logistic regression (Newton's method, plain Python) of
   "residue" on those features, each weight pulled towards its hand-set
   prior (model/prior.toml, an L2 penalty of --l2): content lines weigh
   --content-weight times more than residue lines, and each source of data
   weighs the same in total (articles count --article-weight times the
   pages).
4. Tries block thresholds on the same data with the weights fitted for
   each penalty (`rinse clean --model`) and keeps the pair that removes the
   most residue
   while the blocks cost no article set more than --max-kept-loss of its
   content lines (none, by default) and no page set more than --max-lost
   of its content tokens.
5. Writes the weights, the threshold and what they were fitted on.

Needs only Python 3 and a release build of rinse (`cargo build --release`).
"""
import argparse, collections, datetime, glob, json, math, os, re, shutil, subprocess, sys, unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
PAGE_SETS = ["readability", "newspaper", "newspaper4k", "cleaneval"]
REGIONS = ("head", "between", "tail")


def norm(s):
    return unicodedata.normalize("NFC", s).strip()


# ---------------------------------------------------------------- labels

_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\uac00-\ud7af]")


def tokens(s):
    s = unicodedata.normalize("NFKC", s).casefold()
    out = []
    for t in re.findall(r"\w+", s):
        if _CJK.search(t):
            out.extend(t)
        else:
            out.append(t)
    return out


def page_labels(raw_lines, gold):
    """K/D/E for each raw line of a page from its gold body."""
    gold_tokens = tokens(gold)
    gold_lines = {" ".join(tokens(l)) for l in gold.split("\n") if l.strip()}
    starts = collections.defaultdict(list)
    for i, t in enumerate(gold_tokens):
        starts[t].append(i)

    def contiguous(t):
        for i in starts.get(t[0], ()):
            if gold_tokens[i:i + len(t)] == t:
                return True
        return False

    out = []
    for line in raw_lines:
        t = tokens(line)
        if not t:
            out.append("E")
        elif " ".join(t) in gold_lines:
            out.append("K")
        elif contiguous(t):
            out.append("K" if len(t) >= 4 else "E")
        else:
            out.append("D")
    return out


def labelled_file(path):
    lines, labels = [], []
    for line in open(path, encoding="utf-8").read().split("\n"):
        if not line.strip():
            continue
        label, _, text = line.partition(" ")
        labels.append("D" if label in "Dd" else label)
        lines.append(text)
    return lines, labels


def sources(bench):
    """(source, kind, [(doc id, text, labels of its non-blank lines)])."""
    out = []
    docs = []
    for path in sorted(glob.glob(os.path.join(ROOT, "samples/labelled/*.txt"))):
        lines, labels = labelled_file(path)
        docs.append((os.path.basename(path), "".join(l + "\n" for l in lines), labels))
    out.append(("labelled", "article", docs))
    docs = []
    for path in sorted(glob.glob(os.path.join(ROOT, "samples/raw/*.txt"))):
        clean_path = os.path.join(ROOT, "samples/clean", os.path.basename(path))
        if not os.path.exists(clean_path):
            continue
        raw = open(path, encoding="utf-8").read()
        pool = collections.Counter(norm(l) for l in open(clean_path, encoding="utf-8").read().split("\n") if norm(l))
        labels = []
        for l in raw.splitlines():
            if not norm(l):
                continue
            n = norm(l)
            labels.append("K" if pool[n] > 0 else "D")
            if pool[n] > 0:
                pool[n] -= 1
        docs.append((os.path.basename(path), raw, labels))
    out.append(("samples", "article", docs))
    if bench:
        wd = os.path.join(bench, "wild-dev")
        docs = []
        for path in sorted(glob.glob(os.path.join(wd, "raw/*.txt"))):
            name = os.path.basename(path)
            raw = open(path, encoding="utf-8").read()
            labels = open(os.path.join(wd, "labels", name), encoding="utf-8").read().split()
            docs.append((name, raw, labels))
        out.append(("wild-dev", "article", docs))
        for s in PAGE_SETS:
            docs = []
            for path in sorted(glob.glob(os.path.join(bench, s, "raw/*.txt"))):
                name = os.path.basename(path)
                raw = open(path, encoding="utf-8").read()
                gold = open(os.path.join(bench, s, "gold", name), encoding="utf-8").read()
                lines = [l for l in raw.splitlines() if l.strip()]
                docs.append((name, raw, page_labels(lines, gold)))
            out.append((s, "page", docs))
    return out


# ---------------------------------------------------------------- rinse

def explain(rinse, model, docs, tmp):
    """Per doc, the explain JSON of each non-blank line, in order."""
    folder = os.path.join(tmp, "in")
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(folder)
    paths = []
    for i, (_, text, _) in enumerate(docs):
        p = os.path.join(folder, f"{i:05d}.txt")
        with open(p, "w", encoding="utf-8") as f:
            f.write(text)
        paths.append(p)
    out = []
    for k in range(0, len(paths), 200):
        res = subprocess.run([rinse, "explain", "--json", "--no-corpus", "--model", model, *paths[k:k + 200]],
                             capture_output=True, check=True)
        out.extend(json.loads(l)["lines"] for l in res.stdout.decode().splitlines() if l.strip())
    return out


def write_model(path, weights, thresholds, description):
    with open(path, "w", encoding="utf-8") as f:
        f.write(MODEL_HEADER)
        f.write("\n[model]\n")
        f.write(f"description = {json.dumps(description, ensure_ascii=False)}\n")
        for region in REGIONS:
            f.write(f"{region}_threshold = {thresholds[region]:.3f}\n")
        f.write("\n[weights]\n")
        for name, w in weights.items():
            f.write(f"{name} = {w:.4f}\n")


MODEL_HEADER = """\
# The article model: the weight of each feature of a line in the head,
# between the headline and the body, or in the tail of a document.
# A line's score is the sum of feature value × weight (positive: residue).
# In each region, the best-scoring block (from the start of the text, from
# the end, or anywhere between headline and body) is removed when its
# score reaches the region's threshold. See src/signals/article.rs.
#
# Written by scripts/fit_model.py: do not edit by hand, refit instead.
"""


# ---------------------------------------------------------------- fitting

def fit(rows, names, l2, prior, iters=30):
    """Logistic regression by Newton's method, each weight pulled towards
    its prior. rows: (x tuple, w1, w0)."""
    d = len(names)
    beta = list(prior)
    for _ in range(iters):
        grad = [0.0] * d
        hess = [[0.0] * d for _ in range(d)]
        for x, w1, w0 in rows:
            z = sum(b * v for b, v in zip(beta, x))
            p = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
            g = w1 * (1 - p) - w0 * p
            h = (w1 + w0) * p * (1 - p)
            for a in range(d):
                if x[a]:
                    grad[a] += g * x[a]
                    ha = h * x[a]
                    row = hess[a]
                    for b in range(d):
                        if x[b]:
                            row[b] += ha * x[b]
        for a in range(d):
            grad[a] -= l2 * (beta[a] - prior[a])
            hess[a][a] += l2
        step = solve(hess, grad)
        beta = [b + s for b, s in zip(beta, step)]
        if max(abs(s) for s in step) < 1e-6:
            break
    return beta


def solve(a, b):
    n = len(b)
    m = [row[:] + [b[i]] for i, row in enumerate(a)]
    for c in range(n):
        p = max(range(c, n), key=lambda r: abs(m[r][c]))
        m[c], m[p] = m[p], m[c]
        if abs(m[c][c]) < 1e-12:
            continue
        for r in range(n):
            if r != c and m[r][c]:
                f = m[r][c] / m[c][c]
                for k in range(c, n + 1):
                    m[r][k] -= f * m[c][k]
    return [m[i][n] / m[i][i] if abs(m[i][i]) > 1e-12 else 0.0 for i in range(n)]


# ---------------------------------------------------------------- scoring

def clean(rinse, model, docs, tmp):
    """Per doc, the kept lines (normalized) of `rinse clean`, each doc alone."""
    folder, out_dir = os.path.join(tmp, "in"), os.path.join(tmp, "out")
    shutil.rmtree(out_dir, ignore_errors=True)
    subprocess.run([rinse, "clean", folder, "-o", out_dir, "-q", "--no-corpus", "--model", model], check=True)
    res = []
    for i in range(len(docs)):
        text = open(os.path.join(out_dir, f"{i:05d}.txt"), encoding="utf-8").read()
        res.append(collections.Counter(norm(l) for l in text.split("\n") if norm(l)))
    return res


def line_scores(docs, outs):
    kk = k = dr = d = 0
    for (_, text, labels), pool in zip(docs, outs):
        pool = collections.Counter(pool)
        lines = [l for l in text.splitlines() if norm(l)]
        for line, lab in zip(lines, labels):
            n = norm(line)
            kept = pool[n] > 0
            if kept:
                pool[n] -= 1
            if lab == "K":
                k += 1
                kk += kept
            elif lab == "D":
                d += 1
                dr += not kept
    return (kk / k if k else 1.0), (dr / d if d else 0.0)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bench", default=os.path.join(ROOT, "..", "shared", "bench"))
    ap.add_argument("--rinse", default=os.path.join(ROOT, "target", "release", "rinse"))
    ap.add_argument("--out", default=os.path.join(ROOT, "model", "article.toml"))
    ap.add_argument("--content-weight", type=float, default=3.0)
    ap.add_argument("--article-weight", type=float, default=2.0)
    ap.add_argument("--l2", type=float, nargs="+", default=[100.0, 300.0, 1000.0],
                    help="penalties tried (the pull towards the prior)")
    ap.add_argument("--thresholds", type=float, nargs="+", default=[0.5, 1.0, 1.5, 2.0, 3.0])
    ap.add_argument("--max-kept-loss", type=float, default=0.0,
                    help="most content lines (share) the blocks may cost an article set")
    ap.add_argument("--max-lost", type=float, default=0.005,
                    help="most content (token share) the blocks may lose on a page set")
    ap.add_argument("--dry-run", action="store_true", help="print the fit, write nothing")
    a = ap.parse_args()
    if not os.path.exists(a.rinse):
        sys.exit(f"fit_model.py: no rinse at {a.rinse}: run `cargo build --release` first")
    bench = a.bench if os.path.exists(os.path.join(a.bench, "wild-dev")) else None
    if not bench:
        print(f"fit_model.py: no development benchmark at {a.bench} (it is not part of the "
              "repository); fitting on the samples of the repository only", file=sys.stderr)
    tmp = os.path.join(ROOT, "target", "fit")
    os.makedirs(tmp, exist_ok=True)
    prior_file = open(os.path.join(ROOT, "model", "prior.toml"), encoding="utf-8").read()
    prior_weights = {}
    for l in prior_file.split("[weights]")[1].splitlines():
        if "=" in l and not l.lstrip().startswith("#"):
            k, v = l.split("=")
            prior_weights[k.strip()] = float(v)
    names = list(prior_weights)
    neutral = os.path.join(tmp, "neutral.toml")
    write_model(neutral, {n: 0.0 for n in names}, {r: 1e9 for r in REGIONS}, "neutral")

    data = sources(bench)
    per_source = []
    for name, kind, docs in data:
        if not docs:
            continue
        explained = explain(a.rinse, neutral, docs, os.path.join(tmp, name))
        rows = []
        for (_, _, labels), lines in zip(docs, explained):
            if len(lines) != len(labels):
                print(f"fit_model.py: {name}: a document of {len(labels)} labelled lines has "
                      f"{len(lines)} lines after normalization: left out", file=sys.stderr)
                continue
            for line, lab in zip(lines, labels):
                if line["region"] not in REGIONS or lab not in "KD":
                    continue
                x = tuple(round(line["features"].get(n, 0.0), 2) for n in names)
                rows.append((x, lab == "D"))
        per_source.append((name, kind, docs, rows))
        nd = sum(1 for _, d in rows if d)
        print(f"{name:12} {len(docs):4d} docs, {len(rows):6d} scored lines ({nd} residue)")
    # Each source weighs the same (articles --article-weight times pages).
    agg = collections.defaultdict(lambda: [0.0, 0.0])
    for name, kind, _, rows in per_source:
        if not rows:
            continue
        total = (a.article_weight if kind == "article" else 1.0) * 1000.0 / len(rows)
        for x, residue in rows:
            if residue:
                agg[x][0] += total
            else:
                agg[x][1] += total * a.content_weight
    rows = [(x, w1, w0) for x, (w1, w0) in agg.items()]

    def evaluate(weights, thresholds, label):
        trial = os.path.join(tmp, "trial.toml")
        write_model(trial, weights, thresholds, label)
        out = {}
        for name, kind, docs, _ in per_source:
            outs = clean(a.rinse, trial, docs, os.path.join(tmp, name))
            kept, rem = line_scores(docs, outs)
            out[name] = (kind, kept, rem, token_lost(docs, outs) if kind == "page" else 0.0)
        return out

    # What the rules and the other signals do alone: the baseline the blocks
    # are measured against.
    prior = [prior_weights[n] for n in names]
    base = evaluate(dict(zip(names, prior)), {r: 1e9 for r in REGIONS}, "baseline")
    best = None
    for l2 in a.l2:
        beta = fit(rows, names, l2, prior)
        weights = dict(zip(names, beta))
        print(f"l2 {l2}: " + ", ".join(f"{n} {w:+.2f}" for n, w in weights.items()))
        for theta in a.thresholds:
            res = evaluate(weights, {r: theta for r in REGIONS}, "trial")
            ok, removed, report = True, [], []
            for name, (kind, kept, rem, lost) in res.items():
                if kind == "article":
                    ok &= kept >= base[name][1] - a.max_kept_loss
                    report.append(f"{name} kept {kept:.3f} removed {rem:.3f}")
                else:
                    # Content lost by the blocks, beyond what the rest loses.
                    extra = lost - base[name][3]
                    ok &= extra <= a.max_lost
                    report.append(f"{name} lost +{extra:.3f} removed {rem:.3f}")
                removed.append(rem)
            score = sum(removed) / len(removed)
            print(f"  threshold {theta}: {'ok ' if ok else 'NO '} mean removed {score:.3f}; " + "; ".join(report))
            if ok and (best is None or score > best[1]):
                best = (theta, score, l2, weights)
    if best is None:
        sys.exit("fit_model.py: no penalty and threshold met the constraints; nothing written")
    theta, _, l2, weights = best
    sets = ", ".join(f"{name} ({len(docs)} docs)" for name, _, docs, _ in per_source)
    description = (f"fitted {datetime.date.today()} on {sets}, towards model/prior.toml; content weight {a.content_weight}, "
                   f"article weight {a.article_weight}, l2 {l2}; threshold {theta}")
    print(description)
    if not a.dry_run:
        write_model(a.out, weights, {"head": theta, "between": theta, "tail": theta}, description)
        print(f"wrote {a.out}")


def token_lost(docs, outs):
    k = lost = 0
    for (_, text, labels), pool in zip(docs, outs):
        pool = collections.Counter(pool)
        lines = [l for l in text.splitlines() if norm(l)]
        for line, lab in zip(lines, labels):
            n = norm(line)
            kept = pool[n] > 0
            if kept:
                pool[n] -= 1
            if lab == "K":
                t = len(tokens(line))
                k += t
                lost += 0 if kept else t
    return lost / k if k else 0.0


if __name__ == "__main__":
    main()
