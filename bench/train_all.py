"""Fit everything Footnote learns, in order, with one command: the ranking encoder's
delta and then the answer models on features it gives.

    python bench/train_all.py [--work DIR]

1. ``bench/finetune_encoder.py`` three times at once: on half A of the training articles,
   on half B (each delta saved in the work folder), and on all of them (``--save-delta
   bot/data/encoder_delta.npz``: the shipped delta, read by the rankers only:
   :mod:`bot.answering.ranking`);
2. ``bench/train_answerer.py --ranking A=<delta A>,B=<delta B> --write`` with the shipped
   recipe's options: every question, and the sentences it is ranked against, is read by the
   half delta that never saw it or its article, so the rankers learn what the ranking
   encoder gives on unseen text (the shipped delta, fitted on all of them, reads the
   articles people add).

Training data only (see both scripts); about 45 minutes on 2 cores.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENCODER_RECIPE = ("--only", "bias", "--lr", "1e-3")
"""How the delta is fitted (BitFit: biases and LayerNorms only, 31,104 numbers; each
question's negative a wrong sentence of its article among the bundled model's closest)."""
ANSWERER_RECIPE = ("--mixed", "2", "--mixed-split", "--mixed-others", "200")
"""The shipped answer models' options (README, "Benchmark")."""
DELTA = ROOT / "bot" / "data" / "encoder_delta.npz"


def main() -> int:
    """Fine-tune the three deltas, then fit and write the answer models."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--work", type=Path, help="keep libraries and deltas here")
    args = parser.parse_args()
    tmp = tempfile.TemporaryDirectory() if args.work is None else None
    work = Path(tmp.name) if tmp else args.work
    work.mkdir(parents=True, exist_ok=True)
    tune = [sys.executable, str(ROOT / "bench" / "finetune_encoder.py"), *ENCODER_RECIPE]
    deltas = {half: DELTA if half == "all" else work / f"delta-{half}.npz"
              for half in ("A", "B", "all")}
    runs = {
        half: subprocess.Popen([*tune, "--work", str(work / f"tune-{half}"),
                                "--train-half", half, "--save-delta", str(delta)])
        for half, delta in deltas.items()
    }
    failed = [half for half, run in runs.items() if run.wait() != 0]
    if failed:
        print(f"fine-tuning failed for {failed}", file=sys.stderr)
        return 1
    return subprocess.call([
        sys.executable, str(ROOT / "bench" / "train_answerer.py"), *ANSWERER_RECIPE,
        "--work", str(work / "answerer"),
        "--ranking", f"A={deltas['A']},B={deltas['B']}", "--write"])

if __name__ == "__main__":
    raise SystemExit(main())
