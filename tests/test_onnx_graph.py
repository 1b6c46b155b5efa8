"""The ONNX copy runs ONNX Runtime's slow fused kernels as plain ops: no session fuses
them back, and the copy users run has none of them."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort
from onnx import TensorProto, helper, numpy_helper

from bot.encoders.onnx_backend import OnnxEncoder
from bot.encoders.onnx_export import MODEL_FILE
from bot.encoders.onnx_graph import open_session
from bot.settings import DEFAULT_MODEL, Settings

WIDTH = 8
SLOW = {"SkipLayerNormalization", "BiasGelu"}


def _ops(path: Path) -> set[str]:
    return {n.op_type for n in onnx.load(str(path)).graph.node}


def _plain_graph(path: Path) -> None:
    """x + skip -> LayerNormalization -> + bias -> Gelu: the pattern ONNX Runtime would
    fuse into SkipLayerNormalization and BiasGelu when it loads a graph."""
    rng = np.random.default_rng(3)
    weights = {name: rng.normal(size=WIDTH).astype(np.float32)
               for name in ("gamma", "beta", "bias")}
    nodes = [
        helper.make_node("Add", ["x", "skip"], ["summed"]),
        helper.make_node("LayerNormalization", ["summed", "gamma", "beta"], ["normed"],
                         axis=-1, epsilon=1e-12),
        helper.make_node("Add", ["normed", "bias"], ["biased"]),
        helper.make_node("Gelu", ["biased"], ["y"], domain="com.microsoft"),
    ]
    shape = [1, None, WIDTH]
    graph = helper.make_graph(
        nodes, "plain",
        [helper.make_tensor_value_info(n, TensorProto.FLOAT, shape) for n in ("x", "skip")],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, shape)],
        initializer=[numpy_helper.from_array(v, k) for k, v in weights.items()],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17),
                                                    helper.make_opsetid("com.microsoft", 1)])
    onnx.save(model, str(path))


def test_sessions_leave_the_slow_patterns_unfused(tmp_path: Path) -> None:
    """ONNX Runtime fuses Add + LayerNormalization and Add + Gelu when it loads a graph;
    every session Footnote opens keeps them plain (and computes the same)."""
    path = tmp_path / "g.onnx"
    _plain_graph(path)
    rng = np.random.default_rng(4)
    feed = {n: rng.normal(size=(1, 5, WIDTH)).astype(np.float32) for n in ("x", "skip")}
    options = ort.SessionOptions()
    options.optimized_model_filepath = str(tmp_path / "default.onnx")
    fused = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
    assert _ops(tmp_path / "default.onnx") & SLOW  # what the fusions would do
    ours = open_session(path, save_optimized=tmp_path / "ours.onnx")
    assert not _ops(tmp_path / "ours.onnx") & SLOW
    assert np.allclose(ours.run(None, feed)[0], fused.run(None, feed)[0], atol=1e-5)


def test_the_copy_users_run_has_no_slow_kernel(tmp_path: Path) -> None:
    encoder = OnnxEncoder(DEFAULT_MODEL, Settings().cache_dir, threads=1)
    assert encoder.backend == "onnx"
    folder = encoder._load().folder  # type: ignore[union-attr]
    ops = _ops(folder / MODEL_FILE)
    assert not ops & SLOW
    assert {"QAttention", "LayerNormalization", "Gelu"} <= ops
