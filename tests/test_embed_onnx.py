"""The ONNX Runtime backend gives sentence-transformers' vectors, without torch at run time."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest

from bot.embed import Encoder, OnnxEncoder, SentenceTransformerEncoder, make_encoder
from bot.encoders import onnx_backend
from bot.encoders.cpu import multiplies_int8_exactly
from bot.encoders.onnx_graph import BLOCKWISE_LAYERS
from bot.settings import DEFAULT_MODEL, PROJECT_ROOT, Settings
from tests.seed_questions import SEED_QUESTIONS

pytestmark = pytest.mark.model

SEED_TEXT = (PROJECT_ROOT / "seeds" / "telegraph-police-chief-social-media-boycott.txt").read_text(
    "utf-8"
)
PARAGRAPHS = [p.strip() for p in SEED_TEXT.split("\n\n") if p.strip()]
LONG = " ".join(PARAGRAPHS[3:12])  # about 400 word pieces: cut at 256
ODD_TEXTS = [
    "", " ", "\n\t", "?", "...", "a", "hi", "🙂🙂", "Café crème à Zürich — naïve façade",
    "東京の警察は何を言ったのか？", "Что сказал начальник полиции?", "¿Quién es Simon Bailey?",
    "5G 4G 3G 2018 £1,000,000 100%", LONG, LONG[::-1], "word " * 400,
]
TEXTS = SEED_QUESTIONS + PARAGRAPHS + ODD_TEXTS


def test_the_fixed_set_is_varied() -> None:
    assert len(TEXTS) >= 50
    assert len(LONG.split()) > 300 and any(not t.strip() for t in TEXTS)


def test_onnx_vectors_point_where_sentence_transformers_do(
    real_encoder: Encoder, torch_encoder: SentenceTransformerEncoder
) -> None:
    assert isinstance(real_encoder, OnnxEncoder) and real_encoder.backend == "onnx"
    onnx, torch = real_encoder.encode(TEXTS), torch_encoder.encode(TEXTS)
    assert onnx.shape == torch.shape == (len(TEXTS), 384) and onnx.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(onnx, axis=1), 1.0, atol=1e-5)
    cosines = (onnx * torch).sum(axis=1)
    worst = int(np.argmin(cosines))
    assert cosines[worst] >= 0.98, f"{TEXTS[worst]!r}: cosine {cosines[worst]:.4f}"
    assert cosines.mean() >= 0.99


def test_the_copy_runs_fused_int8_ops_with_no_float_projection_left(
    real_encoder: Encoder,
) -> None:
    """The recipe took: attention is one quantised op per layer, and no float32 weight
    matrix is multiplied at query time (the first feed-forward output reads int8
    blocks, every other projection int8 per column)."""
    import onnx
    from onnx import TensorProto

    folder = onnx_backend.onnx_folder(DEFAULT_MODEL, Settings().cache_dir)
    graph = onnx.load(str(folder / onnx_backend.MODEL_FILE)).graph
    ops = [node.op_type for node in graph.node]
    assert ops.count("QAttention") == 6 and ops.count("MatMulNBits") == BLOCKWISE_LAYERS
    float_weights = {init.name for init in graph.initializer
                     if init.data_type == TensorProto.FLOAT and len(init.dims) == 2}
    assert not [node.name for node in graph.node if node.op_type == "MatMul"
                and float_weights.intersection(node.input)]
    # the per-column int8 weights are 7 bits wide unless this CPU adds int8 products in
    # int32 (VNNI, AMX): then all 8
    widest = max(int(np.abs(onnx.numpy_helper.to_array(init).astype(np.int16)).max())
                 for init in graph.initializer
                 if init.data_type == TensorProto.INT8 and len(init.dims) == 2)
    assert (widest > 64) == multiplies_int8_exactly() and widest <= 127
    assert folder.name.split(".onnx-")[1].startswith(onnx_backend.recipe())


@pytest.mark.parametrize(
    ("flags", "exact"),
    [("fpu sse2 avx2 fma", False), ("fpu avx2 avx512f avx512bw", False),
     ("fpu avx2 avx512f avx512_vnni", True), ("fpu avx2 avx_vnni", True),
     ("fpu avx2 amx_tile amx_int8", True)],
)
def test_int8_products_are_exact_only_with_vnni_or_amx(
    tmp_path: Path, flags: str, exact: bool
) -> None:
    cpuinfo = tmp_path / "cpuinfo"
    cpuinfo.write_text(f"processor\t: 0\nflags\t\t: {flags}\n\nprocessor\t: 1\n", "utf-8")
    assert multiplies_int8_exactly(cpuinfo) is exact
    assert multiplies_int8_exactly(tmp_path / "missing") is False


def test_the_same_passage_comes_first_for_every_seed_question(
    real_encoder: Encoder, torch_encoder: SentenceTransformerEncoder
) -> None:
    passages = [p for p in PARAGRAPHS if len(p) > 40]
    tops = []
    for encoder in (real_encoder, torch_encoder):
        scores = encoder.encode(SEED_QUESTIONS) @ encoder.encode(passages).T
        tops.append(scores.argmax(axis=1))
    disagree = [q for q, a, b in zip(SEED_QUESTIONS, *tops, strict=True) if a != b]
    assert disagree == []


def test_a_batch_gives_the_vectors_one_by_one_does(real_encoder: Encoder) -> None:
    texts = ["Who is Simon Bailey?", LONG, "", PARAGRAPHS[9], "hi"]  # lengths far apart
    together = real_encoder.encode(texts)
    alone = np.vstack([real_encoder.encode([t]) for t in texts])
    np.testing.assert_array_equal(together, alone)
    reordered = real_encoder.encode(texts[::-1])[::-1]
    np.testing.assert_array_equal(reordered, together)


def test_texts_are_cut_at_256_word_pieces(real_encoder: Encoder) -> None:
    head = real_encoder.encode([LONG])
    longer = real_encoder.encode([LONG + " And then something else entirely about cricket."])
    np.testing.assert_array_equal(head, longer)  # the tail is past the 256th word piece
    shorter = real_encoder.encode([LONG[: len(LONG) // 3]])
    assert float((head * shorter).sum()) < 0.999  # but the first 256 all count


def test_no_texts_give_an_empty_matrix(real_encoder: Encoder) -> None:
    assert real_encoder.encode([]).shape == (0, 384)


def test_one_session_is_loaded_and_shared_by_threads(
    monkeypatch: pytest.MonkeyPatch, real_encoder: Encoder
) -> None:
    made: list[object] = []
    real_session = onnx_backend._Session

    def counting(*args: object) -> object:
        made.append(args)
        return real_session(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(onnx_backend, "_Session", counting)
    fresh = OnnxEncoder(DEFAULT_MODEL, Settings().cache_dir)  # not loaded yet
    start = threading.Barrier(6)

    def work(i: int) -> np.ndarray:
        if i < 6:
            start.wait()  # six threads reach the first load together
        return fresh.encode([TEXTS[i % len(TEXTS)]])

    with ThreadPoolExecutor(6) as pool:
        rows = np.vstack(list(pool.map(work, range(48))))
    assert len(made) == 1
    expected = real_encoder.encode([TEXTS[i % len(TEXTS)] for i in range(48)])
    np.testing.assert_allclose(rows, expected, atol=1e-6)


def test_the_model_id_does_not_depend_on_the_backend(
    real_encoder: Encoder, torch_encoder: SentenceTransformerEncoder
) -> None:
    assert real_encoder.model_id == torch_encoder.model_id == DEFAULT_MODEL
    assert real_encoder.dim == torch_encoder.dim == 384


def test_encoding_through_onnx_never_imports_torch(real_encoder: Encoder) -> None:
    """The ONNX copy exists (real_encoder made or found it): encoding needs no torch."""
    code = """
import json, sys
from bot.embed import make_encoder
from bot.settings import Settings
encoder = make_encoder("all-MiniLM-L6-v2", Settings().cache_dir)
vectors = encoder.encode(["Who is Simon Bailey?", "A second, longer text to embed."])
names = ("torch", "transformers", "sentence_transformers", "onnxruntime", "tokenizers")
print(json.dumps({"backend": encoder.backend, "shape": list(vectors.shape),
                  "loaded": sorted(n for n in names if n in sys.modules)}))
"""
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT),
           "FOOTNOTE_CACHE_DIR": str(Settings().cache_dir)}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result == {"backend": "onnx", "shape": [2, 384],
                      "loaded": ["onnxruntime", "tokenizers"]}, done.stderr


def test_copies_of_the_model_unused_for_a_month_are_deleted_when_a_new_one_is_made(
    tmp_path: Path,
) -> None:
    models = tmp_path / "models"
    current = models / "all-MiniLM-L6-v2.onnx-int8-v3-aaaa"
    old = models / "all-MiniLM-L6-v2.onnx-int8-v1-bbbb"  # an earlier recipe
    recent = models / "all-MiniLM-L6-v2.onnx-int8-v2-cccc"  # another install's, in use
    other_model = models / "hub-x--y.onnx-int8-v1-dddd"
    for folder in (current, old, recent, other_model):
        folder.mkdir(parents=True)
        (folder / onnx_backend.SPEC_FILE).write_text("{}")
    month_ago = os.path.getmtime(current / onnx_backend.SPEC_FILE) - 31 * 86400
    for folder in (old, other_model):
        os.utime(folder / onnx_backend.SPEC_FILE, (month_ago, month_ago))
    os.utime(recent / onnx_backend.SPEC_FILE, (month_ago, month_ago))
    onnx_backend.mark_used(recent)  # loaded now
    assert onnx_backend.remove_unused_copies(current) == [old]
    assert sorted(p.name for p in models.iterdir()) == sorted(
        p.name for p in (current, recent, other_model))


def test_loaded_says_whether_the_model_is_in_memory(real_encoder: Encoder) -> None:
    """A question is encoded ahead on another thread only once the model is loaded
    (``bot.answering.question_vectors``): a new encoder has not loaded it yet."""
    fresh = make_encoder(DEFAULT_MODEL, Settings().cache_dir)
    assert isinstance(fresh, OnnxEncoder) and not fresh.loaded
    fresh.encode(["load it"])
    assert fresh.loaded and getattr(real_encoder, "loaded", None) is True
