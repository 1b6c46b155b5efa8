"""Fit everything Footnote learns, in order, with one command: the encoder's delta and
then the answer models on features the tuned encoders give.

    python bench/train_all.py [--work DIR]

1. ``bench/finetune_encoder.py`` three times at once (one core each): on half A of the
   training articles, on half B (each saved as a model folder), and on all of them
   (``--save-delta bot/data/encoder_delta.npz``: the shipped delta);
2. ``bench/train_answerer.py --encoders A=<fitted on B>,B=<fitted on A> --write``: every
   question is read by the half encoder that never saw it or its article, so the answer
   models learn what the tuned encoder gives on unseen text (the shipped delta, fitted on
   all of them, reads the articles people add).

Training data only (see both scripts); about 50 minutes on 2 cores. The answer models it
writes are fitted for the tuned encoder: ship them with ``DEFAULT_MODEL = TUNED_MODEL`` in
``bot/settings.py`` (``tests/test_answer_model.py`` holds the two together). Not shipped
yet: with this recipe the encoder fitted on half B brought other articles' questions
closer on half A (README, "Stop 30").
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENCODER_RECIPE = ("--only", "bias", "--lr", "1e-3", "--both-negatives", "--hold-other", "5")
"""How the delta is fitted (BitFit: biases and LayerNorms only; each question's negatives
are a wrong sentence of its article and the closest sentence of another article, whose
cosine to the question may not rise above the bundled model's)."""
DELTA = ROOT / "bot" / "data" / "encoder_delta.npz"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--work", type=Path, help="keep libraries and models here")
    args = parser.parse_args()
    tmp = tempfile.TemporaryDirectory() if args.work is None else None
    work = Path(tmp.name) if tmp else args.work
    work.mkdir(parents=True, exist_ok=True)
    tune = [sys.executable, str(ROOT / "bench" / "finetune_encoder.py"), *ENCODER_RECIPE]
    runs = {
        half: subprocess.Popen([*tune, "--work", str(work / f"tune-{half}"),
                                "--train-half", half,
                                *(("--save-delta", str(DELTA)) if half == "all" else
                                  ("--save-model", str(work / f"encoder-{half}")))])
        for half in ("A", "B", "all")
    }
    failed = [half for half, run in runs.items() if run.wait() != 0]
    if failed:
        print(f"fine-tuning failed for {failed}", file=sys.stderr)
        return 1
    return subprocess.call([
        sys.executable, str(ROOT / "bench" / "train_answerer.py"), "--work",
        str(work / "answerer"), "--encoders",
        f"A={work / 'encoder-B'},B={work / 'encoder-A'}", "--write"])


if __name__ == "__main__":
    raise SystemExit(main())
