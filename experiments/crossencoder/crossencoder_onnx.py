"""The cost of the fine-tuned cross-encoder: ONNX export, int8 quantization, size, speed.

    python experiments/crossencoder/crossencoder_onnx.py --model DIR --out DIR

Exports ``fit_crossencoder.py``'s model with ``torch.onnx.export`` (inputs
``input_ids``, ``attention_mask``, ``token_type_ids``, dynamic batch and length; output the
logit), quantizes it with ``onnxruntime.quantization.quantize_dynamic`` (int8 weights), and
for both files prints the size, MSRP val AUC (does int8 keep it?) and pairs per second on
one onnxruntime thread, in batches of 32 of MSRP val pairs (about 50 tokens a pair).
The export needs the `onnx` package (`pip install onnx`; not a dependency of readouts).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))

INPUTS = ("input_ids", "attention_mask", "token_type_ids")


def export(folder: str, path: Path) -> None:
    import torch
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(folder)
    model = AutoModelForSequenceClassification.from_pretrained(folder).eval()
    model.config.return_dict = False
    sample = tokenizer(["a claim"], ["another claim"], return_tensors="pt")
    dynamic = {name: {0: "batch", 1: "tokens"} for name in INPUTS}
    torch.onnx.export(
        model,
        tuple(sample[name] for name in INPUTS),
        str(path),
        input_names=list(INPUTS),
        output_names=["logits"],
        dynamic_axes=dynamic | {"logits": {0: "batch"}},
        opset_version=17,
        dynamo=False,
    )


def measure(path: Path, folder: str) -> dict:
    import onnxruntime as ort
    from msrp import read_pairs
    from sklearn.metrics import roc_auc_score
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(folder)
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
    rows = read_pairs("val")
    labels = np.array([label for label, _, _ in rows])
    logits, elapsed = [], 0.0
    for start in range(0, len(rows), 32):
        chunk = rows[start : start + 32]
        encoded = tokenizer(
            [a for _, a, _ in chunk],
            [b for _, _, b in chunk],
            truncation=True,
            max_length=128,
            padding=True,
            return_tensors="np",
        )
        feed = {name: encoded[name].astype(np.int64) for name in INPUTS}
        started = time.perf_counter()
        logits.append(session.run(None, feed)[0][:, 0])
        elapsed += time.perf_counter() - started
    logits = np.concatenate(logits)
    return {
        "megabytes": path.stat().st_size / 1e6,
        "auc": float(roc_auc_score(labels, logits)),
        "pairs_per_second": len(rows) / elapsed,
        "logits": logits,
    }


def main(argv: list[str] | None = None) -> int:
    from onnxruntime.quantization import QuantType, quantize_dynamic

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", required=True)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    fp32, int8 = args.out / "crossencoder.onnx", args.out / "crossencoder.int8.onnx"
    export(args.model, fp32)
    quantize_dynamic(str(fp32), str(int8), weight_type=QuantType.QInt8)
    found = {}
    for name, path in (("fp32", fp32), ("int8", int8)):
        found[name] = measure(path, args.model)
        f = found[name]
        print(
            f"{name}: {f['megabytes']:.1f} MB, MSRP val AUC {f['auc']:.4f}, "
            f"{f['pairs_per_second']:.0f} pairs/s on one thread",
            flush=True,
        )
    gap = np.abs(found["fp32"]["logits"] - found["int8"]["logits"]).max()
    print(f"int8 against fp32: max abs logit difference {gap:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
