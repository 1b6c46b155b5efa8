"""The graph edits of the ONNX export: the slow fused kernels become plain ops that
compute the same thing, and the copy users run has none of them left."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

from bot.encoders.onnx_backend import OnnxEncoder
from bot.encoders.onnx_export import MODEL_FILE
from bot.encoders.onnx_graph import open_session, unfuse_slow_kernels
from bot.settings import DEFAULT_MODEL, Settings

WIDTH = 8


def _fused_graph(path: Path) -> None:
    """x -> SkipLayerNormalization(x, skip, gamma, beta, bias) -> BiasGelu(+ b2) -> y,
    plus a SkipLayerNormalization without a bias whose result is a second output."""
    rng = np.random.default_rng(3)
    weights = {name: rng.normal(size=WIDTH).astype(np.float32)
               for name in ("gamma", "beta", "bias", "b2")}
    nodes = [
        helper.make_node("SkipLayerNormalization", ["x", "skip", "gamma", "beta", "bias"],
                         ["normed"], name="sln", domain="com.microsoft", epsilon=1e-5),
        helper.make_node("BiasGelu", ["normed", "b2"], ["y"], name="bg",
                         domain="com.microsoft"),
        helper.make_node("SkipLayerNormalization", ["y", "x", "gamma", "beta"], ["z"],
                         name="sln2", domain="com.microsoft", epsilon=1e-12),
    ]
    shape = [1, None, WIDTH]
    graph = helper.make_graph(
        nodes, "fused",
        [helper.make_tensor_value_info(n, TensorProto.FLOAT, shape) for n in ("x", "skip")],
        [helper.make_tensor_value_info(n, TensorProto.FLOAT, shape) for n in ("y", "z")],
        initializer=[numpy_helper.from_array(v, k) for k, v in weights.items()],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17),
                                                    helper.make_opsetid("com.microsoft", 1)])
    onnx.save(model, str(path))


def _run(path: Path, feed: dict[str, np.ndarray]) -> list[np.ndarray]:
    return open_session(path).run(None, feed)  # as every copy is run


def test_unfused_kernels_compute_what_the_fused_ones_did(tmp_path: Path) -> None:
    path = tmp_path / "g.onnx"
    _fused_graph(path)
    rng = np.random.default_rng(4)
    feed = {n: rng.normal(size=(1, 5, WIDTH)).astype(np.float32) for n in ("x", "skip")}
    before = _run(path, feed)
    unfuse_slow_kernels(path)
    ops = [n.op_type for n in onnx.load(str(path)).graph.node]
    assert "SkipLayerNormalization" not in ops and "BiasGelu" not in ops
    assert ops.count("LayerNormalization") == 2 and "Gelu" in ops
    after = _run(path, feed)
    for want, got in zip(before, after, strict=True):
        assert np.allclose(want, got, atol=1e-5)


def test_the_copy_users_run_has_no_slow_kernel(tmp_path: Path) -> None:
    encoder = OnnxEncoder(DEFAULT_MODEL, Settings().cache_dir, threads=1)
    assert encoder.backend == "onnx"
    folder = encoder._load().folder  # type: ignore[union-attr]
    ops = {n.op_type for n in onnx.load(str(folder / MODEL_FILE)).graph.node}
    assert not ops & {"SkipLayerNormalization", "BiasGelu"}
    assert {"QAttention", "LayerNormalization", "Gelu"} <= ops
