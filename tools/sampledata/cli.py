"""``python -m sampledata``: write one year's sample workbooks (by default into the project's data/raw/<year>)."""

from __future__ import annotations

import argparse
from pathlib import Path

from intl_report.paths import raw_year_dir

from .collection_round import write_round
from .generation import DEFAULT_SEED, generate_activities
from .workbook import write_year
from .year_plan import REFERENCE_YEAR


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m sampledata", description="Write the deterministic, deliberately messy sample workbooks."
    )
    parser.add_argument("--year", type=int, default=REFERENCE_YEAR)
    parser.add_argument("--out", type=Path, default=None, help="output folder (default data/raw/<year>)")
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--clean", action="store_true", help="write tidy workbooks, without the messy layer")
    parser.add_argument("--with-errors", action="store_true", help="add the deliberate invalid rows")
    parser.add_argument("--round", action="store_true",
                        help="a collection round caught half-way: some sectors' files, some with errors, a CSV, "
                        "a browser's copy, six missing (see collection_round.py)")
    args = parser.parse_args(argv)
    out = args.out or raw_year_dir(args.year)
    if args.round:
        for path in write_round(args.year, out, seed=args.seed):
            print(path)
        print(f"raccolta {args.year} a metà strada, in {out}")
        return
    paths = write_year(args.year, out, seed=args.seed, messy=not args.clean, with_errors=args.with_errors)
    seed = DEFAULT_SEED if args.seed is None else args.seed
    counts = {slug: len(acts) for slug, acts in generate_activities(args.year, seed).items()}
    for path in paths:
        print(f"{path}  ({counts[path.stem]} attività)")
    print(f"{len(paths)} cartelle di lavoro, {sum(counts.values())} attività, in {out}")
