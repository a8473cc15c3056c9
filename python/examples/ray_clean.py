#!/usr/bin/env python3
"""Clean the text column of a JSON Lines or Parquet dataset with rinse on Ray Data.

Local (two cores), both passes of batch mode, Parquet out:

    python python/examples/ray_clean.py scraped.jsonl cleaned/ --num-cpus 2

On a cluster (rinse installed on every node, or in the job's runtime
environment), connect with --address auto.

The first pass learns the corpus statistics (each block's lines counted on
the workers, the counts merged: only hashes and counts reach the driver);
the second cleans every record with them, in a pool of actors that each
build one cleaner. Every column other than the text column is copied
unchanged; a `language` column is added (--no-language to leave it out).
"""

from __future__ import annotations

import argparse
from typing import Optional, Sequence


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("input", help="JSON Lines or Parquet file or folder")
    parser.add_argument("output", help="output folder (Parquet)")
    parser.add_argument("--text-column", default="text")
    parser.add_argument("--no-corpus", action="store_true", help="skip the first pass (no batch mode)")
    parser.add_argument("--no-language", action="store_true", help="do not add the language column")
    parser.add_argument("--disable", action="append", default=[], help="rule or signal to turn off (repeatable)")
    parser.add_argument("--actors", type=int, default=None, help="cleaning actors (default: one per CPU but one, left for reading)")
    parser.add_argument("--num-cpus", type=int, default=None, help="CPUs of a local Ray session")
    parser.add_argument("--address", default=None, help="Ray cluster to connect to (default: a local session)")
    args = parser.parse_args(argv)

    import ray

    from rinse.ray import clean_dataset, learn_corpus

    ray.init(address=args.address, num_cpus=args.num_cpus, include_dashboard=False, log_to_driver=False)
    ray.data.DataContext.get_current().enable_progress_bars = False
    name = args.input.rstrip("/").lower()
    if name.endswith(".parquet") or name.endswith(".pq"):
        ds = ray.data.read_parquet(args.input)
    else:
        ds = ray.data.read_json(args.input, lines=True)
    stats = None if args.no_corpus else learn_corpus(ds, args.text_column)
    # (An actor pool that takes every CPU leaves none for the tasks that read
    # its input, and the job waits for ever.)
    actors = args.actors or max(1, int(ray.cluster_resources().get("CPU", 1)) - 1)
    cleaned = clean_dataset(
        ds,
        args.text_column,
        language_column=None if args.no_language else "language",
        disable=args.disable,
        corpus_model=stats,
        actors=actors,
    )
    cleaned.write_parquet(args.output)
    ray.shutdown()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
