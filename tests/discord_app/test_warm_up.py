"""``footnote run`` warms up before it connects: the model and spaCy loaded, the heap frozen.

Objects created after ``gc.freeze()`` are walked by every full collection, which holds
the GIL: spaCy's pipeline loaded later (by the first server's seed article) made the
first burst of questions stall the event loop for 135-230 ms
(``bench/bench_discord_load.py``). Run in a fresh interpreter, so that nothing another
test loaded can make it pass.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROGRAM = """
import gc, sys, tempfile
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from bot.discord_app.runner import warm_up
from bot.nlp import get_nlp
from bot.service import Footnote
from bot.settings import Settings
from tests.fakes import HashingEncoder

with tempfile.TemporaryDirectory() as tmp:
    warm_up(Footnote(Settings(data_dir=Path(tmp)), encoder=HashingEncoder()))
    nlp = get_nlp()  # already loaded: the same object
    tracked = {id(o) for o in gc.get_objects()}  # frozen objects are not listed
    print(gc.get_freeze_count() > 0, id(nlp) in tracked, id(nlp.vocab) in tracked)
"""


def test_warm_up_freezes_the_spacy_pipeline_with_the_model() -> None:
    done = subprocess.run([sys.executable, "-c", PROGRAM, str(ROOT)], capture_output=True,
                          text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["True", "False", "False"], done.stdout
