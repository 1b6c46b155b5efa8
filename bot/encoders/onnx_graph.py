"""Edits of the exported ONNX graph that keep int8's error small and its file lean."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import numpy as np

log = logging.getLogger(__name__)

WEIGHT_BLOCK = 128
"""Rows of a weight column that share one int8 scale in :func:`weight_only_int8`."""


def fuse_bert(path: Path, config: Any) -> None:
    """Fuse the float graph's attention and GELU into ONNX Runtime's transformer ops
    (``Attention``, ``Gelu``), in place.

    The quantiser then turns ``Attention`` into ``QAttention``; the many small ops of
    the traced attention (reshapes, transposes, masks) were a third of a query's time
    (all-MiniLM-L6-v2, 14 word pieces, one thread: 4.8 -> 3.7 ms with the FFN output
    still float). The embedding lookup is left unfused so that its table can be halved
    (:func:`halve_embedding_tables`), and the residual layer norms and GELU biases are
    left as plain ops (:data:`SLOW_FUSIONS`). A model whose graph does not match the
    patterns is left as it is."""
    from onnxruntime.transformers.fusion_options import FusionOptions
    from onnxruntime.transformers.optimizer import optimize_model

    heads = int(getattr(config, "num_attention_heads", 0) or 0)
    hidden = int(getattr(config, "hidden_size", 0) or 0)
    options = FusionOptions("bert")
    options.enable_embed_layer_norm = False
    options.enable_skip_layer_norm = False  # see SLOW_FUSIONS
    options.enable_bias_gelu = False
    try:
        optimized = optimize_model(str(path), model_type="bert", num_heads=heads,
                                   hidden_size=hidden, optimization_options=options)
        optimized.save_model_to_file(str(path))
    except Exception:  # an unexpected graph: the unfused one is correct, only slower
        log.debug("transformer fusion failed; the graph stays unfused", exc_info=True)


def weight_only_int8(path: Path, nodes: list[str]) -> None:
    """Store the weights of the MatMul ``nodes`` as int8 in blocks of
    :data:`WEIGHT_BLOCK` rows, each block with its own scale (``MatMulNBits``), in place.

    For the first layers' feed-forward output projections (:func:`ffn_output_matmuls`),
    whose inputs have the largest outliers: ``accuracy_level=4`` quantises the
    activations per block too, where per-tensor dynamic quantisation loses the most.
    Block-wise costs about twice a per-tensor int8 MatMul of the same shape (236 against
    80 us in ONNX Runtime's profile, 14 word pieces, one AVX2 core), so only where it
    pays. On 443 SQuAD training texts, min / mean cosine to float32 and a question's
    p50 (one run, AMD EPYC with AVX2): all six block-wise with 8-bit weights elsewhere
    (the int8-v3 recipe) 0.9891 / 0.9954, 4.22 ms; with 7-bit weights elsewhere: all six
    0.9935 / 0.9966, 4.11 ms; the first three (int8-v4) 0.9926 / 0.9961, 3.74 ms; the
    first one 0.9905 / 0.9951, 3.61 ms, but "?" alone then falls to cosine 0.9797;
    none 0.9864 / 0.9937, 3.27 ms."""
    if not nodes:
        return
    import onnx
    from onnxruntime.quantization.matmul_nbits_quantizer import (
        DefaultWeightOnlyQuantConfig,
        MatMulNBitsQuantizer,
    )

    config = DefaultWeightOnlyQuantConfig(block_size=WEIGHT_BLOCK, is_symmetric=True,
                                          accuracy_level=4, bits=8)
    quantizer = MatMulNBitsQuantizer(onnx.load(str(path)), bits=8, block_size=WEIGHT_BLOCK,
                                     is_symmetric=True, accuracy_level=4, algo_config=config,
                                     nodes_to_include=nodes)
    quantizer.process()
    quantizer.model.save_model_to_file(str(path))


BLOCKWISE_LAYERS = 3
"""How many of the first layers keep block-wise feed-forward outputs (see
:func:`ffn_output_matmuls`)."""


def ffn_output_matmuls(onnx_path: Path, hidden: int, intermediate: int) -> list[str]:
    """MatMul nodes of the feed-forward output projections (intermediate -> hidden), in
    graph order.

    Their inputs are post-GELU activations with outliers, largest in the first layers
    (all-MiniLM-L6-v2 on 706 training sentences: at most 24.8 in layer 0 against 8.4 in
    layer 5, medians about 2). The first :data:`BLOCKWISE_LAYERS` get block-wise weights
    (:func:`weight_only_int8`); the rest are quantised like every other projection."""
    import onnx

    graph = onnx.load(str(onnx_path)).graph
    shapes = {init.name: list(init.dims) for init in graph.initializer}
    return [node.name for node in graph.node if node.op_type == "MatMul"
            and any(shapes.get(name) == [intermediate, hidden] for name in node.input)]


def halve_embedding_tables(path: Path, min_rows: int = 1_000) -> None:
    """Store the word-embedding table (a Gather over vocabulary rows) as float16 with a
    Cast back to float32 after the lookup.

    The quantiser leaves Gather in float32, and the table is two thirds of the file
    (30,522 x 384 for MiniLM): this halves it (peak RSS 168 -> 132 MB for the session)
    without moving the vectors (min cosine 0.988 both ways on the test texts)."""
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    model = onnx.load(str(path))
    graph = model.graph
    tables = {init.name: init for init in graph.initializer
              if init.data_type == TensorProto.FLOAT and len(init.dims) == 2
              and init.dims[0] >= min_rows}
    for node in list(graph.node):
        table = tables.pop(node.input[0], None) if node.op_type == "Gather" else None
        if table is None:
            continue
        half = numpy_helper.from_array(
            numpy_helper.to_array(table).astype(np.float16), f"{table.name}_float16"
        )
        graph.initializer.remove(table)
        graph.initializer.append(half)
        looked_up = node.output[0]
        node.input[0], node.output[0] = half.name, f"{looked_up}_float16"
        cast = helper.make_node("Cast", [node.output[0]], [looked_up], to=TensorProto.FLOAT,
                                name=f"{node.name}_to_float32")
        graph.node.insert(list(graph.node).index(node) + 1, cast)
    onnx.save(model, str(path))


SLOW_FUSIONS = ("SkipLayerNormFusion", "BiasGeluFusion")
"""ONNX Runtime's fusions into ``SkipLayerNormalization`` and ``BiasGelu``: off when the
graph is made (:func:`fuse_bert`) and when a session loads it (``disabled_optimizers``).

ONNX Runtime 1.32's CPU kernels of the two fused ops are slow on a few rows: twelve
``SkipLayerNormalization`` over 15 x 384 cost 524 us against 110 us as Add and
``LayerNormalization`` (about 3 us a row of 384, where a layer norm should take a fraction
of one); ``BiasGelu`` likewise loses to Add and ``Gelu``. Measured on all-MiniLM-L6-v2 int8
(Intel Xeon with AMX, one thread, interleaved runs): a question 2.35 -> 1.85 ms, a
600-character paragraph 22.2 -> 16.9 ms. The plain ops compute the same functions: the
vectors move only by the order of float32 sums (see
:data:`bot.encoders.onnx_backend.RECIPE`)."""


def open_session(path: Path, threads: int = 1, save_optimized: Path | None = None) -> Any:
    """An ONNX Runtime CPU session over the graph at ``path``, set up the one way every
    copy is run (and checked): ``threads`` intra-op threads that sleep when idle instead
    of spinning (the cores are shared with FAISS, BM25 and the event loop), and
    :data:`SLOW_FUSIONS` off. ``save_optimized``: also write the graph as ONNX Runtime
    runs it there (after its own optimisations), to see what it did."""
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    options.log_severity_level = 3  # errors only
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    if save_optimized is not None:
        options.optimized_model_filepath = str(save_optimized)
    return ort.InferenceSession(str(path), sess_options=options,
                                providers=["CPUExecutionProvider"],
                                disabled_optimizers=list(SLOW_FUSIONS))
