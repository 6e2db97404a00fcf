"""STS headlines 2013-2015: Spearman and Pearson of a backend's scores with gold grades.

    python benchmarks/sts.py [--backend lexical|semantic|fused]

Each sentence is parsed once and becomes one claim; the score of a pair is the backend's
equivalence probability (``pair_scores(...).equivalent``). Rows without a score are
skipped. Target for fused: Spearman >= 0.80 on average over the three years.
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
STS = ROOT.parent / "shared" / "data" / "sts"
YEARS = ("2013", "2014", "2015")


def read_year(year: str) -> list[tuple[float, str, str]]:
    rows = []
    with open(STS / f"headlines-{year}.tsv", encoding="utf-8", newline="") as handle:
        for row in csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            if len(row) >= 3 and row[0].strip():
                try:
                    rows.append((float(row[0]), row[1], row[2]))
                except ValueError:
                    continue
    return rows


def scores_for(rows: list[tuple[float, str, str]], backend_name: str) -> np.ndarray:
    sys.path.insert(0, str(ROOT / "scripts"))
    from fit_lexical import claims_for

    from readouts.similarity import get_backend

    backend = get_backend(backend_name)
    left = claims_for([first for _, first, _ in rows])
    right = claims_for([second for _, _, second in rows])
    values = []
    for start in range(0, len(rows), 200):
        a = backend.encode(left[start : start + 200])
        b = backend.encode(right[start : start + 200])
        values.append(np.diag(backend.pair_scores(a, b).equivalent))
    return np.concatenate(values)


def main(argv: list[str] | None = None) -> int:
    from scipy.stats import pearsonr, spearmanr

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", default="lexical")
    args = parser.parse_args(argv)
    if not STS.exists():
        print(f"no benchmark data at {STS}", file=sys.stderr)
        return 2
    spearmans = []
    for year in YEARS:
        rows = read_year(year)
        gold = np.asarray([grade for grade, _, _ in rows])
        predicted = scores_for(rows, args.backend)
        rho = float(spearmanr(gold, predicted).statistic)
        r = float(pearsonr(gold, predicted).statistic)
        spearmans.append(rho)
        print(
            f"STS headlines {year} ({len(rows)} pairs, {args.backend}): "
            f"Spearman {rho:.3f}  Pearson {r:.3f}"
        )
    print(f"mean Spearman {np.mean(spearmans):.3f} (target for fused >= 0.80)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
