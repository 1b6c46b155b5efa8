"""Make the int8 ONNX copy of a sentence-transformers model, once (this step needs torch).

The copy is a folder: ``model.onnx`` (the transformer and its pooling as one graph,
weights int8 by ``onnxruntime.quantization.quantize_dynamic``), the model's
``tokenizer.json`` and ``encoder.json`` (how to tokenise and pool). It is built in a
temporary folder and renamed into place, so a run killed half way, or two processes
exporting at once, never leave a broken copy in the shared cache.

``export_in_child`` runs the export in a child interpreter, so that the process that
goes on to encode (a bot, a CLI run) never imports torch, even the first time.

Supported: BERT-like models (anything ``transformers.AutoModel`` loads and
``torch.onnx.export`` traces) with a ``tokenizer.json`` and mean, CLS or max pooling,
optionally followed by Normalize. Anything else raises :class:`UnsupportedModel`, and
the caller falls back to torch.
"""

from __future__ import annotations

import contextlib
import inspect
import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import warnings
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from bot.encoders.locate import is_hub_id, publish_folder, resolve_model_path
from bot.encoders.onnx_graph import (
    BLOCKWISE_LAYERS,
    ffn_output_matmuls,
    fuse_bert,
    halve_embedding_tables,
    open_session,
    weight_only_int8,
)
from bot.encoders.torch_backend import offline_hub, quiet_transformers
from bot.errors import ConfigError

log = logging.getLogger(__name__)
progress = logging.getLogger("footnote.progress")
"""One-off waits worth a line on a terminal (the CLI shows this logger at INFO on stderr)."""

EIGHT_BIT_WEIGHTS = "-w8"
"""How a recipe name that keeps 8-bit weights ends (else "-w7": see :func:`export_onnx`)."""
SPEC_FILE = "encoder.json"
MODEL_FILE = "model.onnx"
TOKENIZER_FILE = "tokenizer.json"
# The int8 copy must point where the original does; below this on the probe texts the
# export is refused (all-MiniLM-L6-v2 scores about 0.99).
MIN_PROBE_COSINE = 0.97
_PROBES = [
    "Who is Simon Bailey?",
    "The public should start boycotting social media companies and force them to act.",
    "",
    "Café crème in Zürich, 東京, 5G and £1,000,000. " * 20,  # non-ASCII, and truncated
]
_POOLINGS = ("mean", "cls", "max")
_EXIT_UNSUPPORTED, _EXIT_CONFIG = 3, 4  # how the child says which error it met


class UnsupportedModel(Exception):
    """This model cannot be exported to ONNX here; the message says why."""


def first_line(exc: BaseException) -> str:
    """The root cause of ``exc`` in one short line (exporter errors run to pages)."""
    while exc.__cause__ is not None:
        exc = exc.__cause__
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    return f"{type(exc).__name__}: {lines[0][:300] if lines else ''}"


@dataclass(frozen=True)
class EncoderSpec:
    """How to feed and read the exported graph (written as ``encoder.json``)."""

    dim: int
    max_seq_length: int
    pooling: str  # one of _POOLINGS
    inputs: tuple[str, ...]  # graph inputs, from input_ids, attention_mask, token_type_ids
    lowercase: bool  # sentence-transformers' do_lower_case: lower-case before tokenising
    source: str
    recipe: str

    @classmethod
    def read(cls, folder: Path) -> EncoderSpec:
        """The spec stored in an exported folder."""
        data = json.loads((folder / SPEC_FILE).read_text("utf-8"))
        return cls(**{**data, "inputs": tuple(data["inputs"])})


@dataclass(frozen=True)
class _Layout:
    """What the sentence-transformers folder asks for, read from its JSON files."""

    transformer: Path
    pooling: str
    max_seq_length: int | None
    lowercase: bool


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise UnsupportedModel(f"cannot read {path.name}: {exc}") from exc


def _pooling_mode(config: dict[str, Any]) -> str:
    """The single pooling mode of a Pooling module's config, or UnsupportedModel."""
    if isinstance(config.get("pooling_mode"), str):
        modes = [config["pooling_mode"].replace("_tokens", "").replace("_token", "")]
    else:
        modes = [key.removeprefix("pooling_mode_").removesuffix("_tokens").removesuffix("_token")
                 for key, on in config.items() if key.startswith("pooling_mode_") and on]
    if len(modes) != 1 or modes[0] not in _POOLINGS:
        raise UnsupportedModel(f"pooling {modes or 'none'} (supported: one of {_POOLINGS})")
    return modes[0]


def read_layout(folder: Path) -> _Layout:
    """Read modules.json and friends; UnsupportedModel for modules we cannot export."""
    modules_file = folder / "modules.json"
    if not modules_file.exists():  # a plain transformers model: sentence-transformers means it
        return _Layout(folder, "mean", None, False)
    transformer: Path | None = None
    pooling = None
    for module in _read_json(modules_file):
        kind = str(module.get("type", "")).rsplit(".", 1)[-1]
        path = folder / str(module.get("path", ""))
        if kind == "Transformer" and transformer is None:
            transformer = path
        elif kind == "Pooling" and pooling is None:
            pooling = _pooling_mode(_read_json(path / "config.json"))
        elif kind != "Normalize":  # vectors are always normalised at the end
            raise UnsupportedModel(f"it has a {kind} module")
    if transformer is None or pooling is None:
        raise UnsupportedModel("modules.json names no Transformer and Pooling pair")
    st_config = transformer / "sentence_bert_config.json"
    config = _read_json(st_config) if st_config.exists() else {}
    max_len = config.get("max_seq_length")
    return _Layout(transformer, pooling, int(max_len) if max_len else None,
                   bool(config.get("do_lower_case", False)))


def source_folder(model: str, cache_dir: Path) -> Path:
    """The local folder of the model to export (a hub model is downloaded, if reachable)."""
    if not is_hub_id(model):
        return resolve_model_path(model, cache_dir)
    try:
        from huggingface_hub import snapshot_download

        return Path(snapshot_download(model))
    except Exception as exc:  # no hub here: the torch fallback explains it to the person
        raise UnsupportedModel(f"cannot download {model!r} from the hub ({exc})") from exc


def _pooled_module(model: Any, pooling: str, inputs: tuple[str, ...]) -> Any:
    """A torch module: the transformer followed by its pooling, one vector per text."""
    import torch

    class Pooled(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.model = model

        def forward(self, *args: torch.Tensor) -> torch.Tensor:
            feed = dict(zip(inputs, args, strict=True))
            hidden = self.model(**feed).last_hidden_state
            if pooling == "cls":
                return hidden[:, 0]
            mask = feed["attention_mask"].unsqueeze(-1).to(hidden.dtype)
            if pooling == "max":
                return torch.where(mask > 0, hidden, torch.full_like(hidden, -1e9)).max(1).values
            return (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)

    return Pooled().eval()


def _export_graph(module: Any, sample: dict[str, np.ndarray], inputs: tuple[str, ...],
                  path: Path) -> None:
    """Trace ``module`` to ONNX with dynamic batch and length.

    The TorchScript exporter first: its graph of an eager-attention BERT is the one
    ONNX Runtime's transformer optimizer knows how to fuse (:func:`fuse_bert`). When it
    cannot trace the model, the torch.export-based exporter."""
    import torch

    args = tuple(torch.from_numpy(sample[name]) for name in inputs)
    with _quiet_export():
        try:
            torch.onnx.export(
                module, args, str(path), dynamo=False, input_names=list(inputs),
                output_names=["sentence_embedding"], opset_version=17,
                dynamic_axes={**{name: {0: "batch", 1: "length"} for name in inputs},
                              "sentence_embedding": {0: "batch"}},
            )
            return
        except Exception:
            log.debug("TorchScript export failed; trying torch.export", exc_info=True)
        dynamic = torch.export.Dim.DYNAMIC
        torch.onnx.export(
            module, args, str(path), dynamo=True, verbose=False, external_data=False,
            input_names=list(inputs), output_names=["sentence_embedding"],
            dynamic_shapes=(tuple({0: dynamic, 1: dynamic} for _ in inputs),),  # *args
        )


@contextlib.contextmanager
def _quiet_export() -> Iterator[None]:
    """Hush the exporter and the quantiser: they warn about torchvision, log every pass
    at INFO, and the quantiser logs on the root logger itself."""
    loggers = [logging.getLogger(name) for name in ("torch.onnx", "onnxscript", "onnx_ir")]
    levels = [logger.level for logger in loggers]
    root = logging.getLogger()
    drop = logging.Filter("no record passes this")  # a logger's filter sees only its own
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        root.addFilter(drop)
        for logger in loggers:
            logger.setLevel(logging.ERROR)
        try:
            yield
        finally:
            root.removeFilter(drop)
            for logger, level in zip(loggers, levels, strict=True):
                logger.setLevel(level)


def _tokenize(tokenizer: Any, texts: list[str], spec: EncoderSpec) -> dict[str, np.ndarray]:
    """A padded batch for ``texts``, as the graph's inputs want it."""
    rows = tokenizer.encode_batch([t.lower() if spec.lowercase else t for t in texts])
    width = max(len(r.ids) for r in rows)
    ids = np.zeros((len(rows), width), np.int64)
    mask = np.zeros((len(rows), width), np.int64)
    for i, row in enumerate(rows):
        ids[i, : len(row.ids)] = row.ids
        mask[i, : len(row.ids)] = 1
    feed = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
    return {name: feed[name] for name in spec.inputs}


def _check_copy(module: Any, folder: Path, spec: EncoderSpec, tokenizer: Any) -> float:
    """Lowest cosine between the int8 graph and the torch model over the probe texts."""
    import torch

    session = open_session(folder / MODEL_FILE)  # as it will be run
    worst = 1.0
    for text in _PROBES:
        feed = _tokenize(tokenizer, [text], spec)
        with torch.no_grad():
            want = module(*(torch.from_numpy(feed[n]) for n in spec.inputs)).numpy()[0]
        got = session.run(None, feed)[0][0]
        cosine = float(want @ got / (np.linalg.norm(want) * np.linalg.norm(got) + 1e-12))
        worst = min(worst, cosine)
    return worst


def export_onnx(model: str, cache_dir: Path, target: Path, recipe: str) -> EncoderSpec:
    """Export ``model`` (a FOOTNOTE_MODEL setting) into the folder ``target``.

    Raises :class:`UnsupportedModel` (with the reason) when it cannot be done here.
    """
    source = source_folder(model, cache_dir)
    layout = read_layout(source)
    if not (layout.transformer / TOKENIZER_FILE).exists():
        raise UnsupportedModel("it has no tokenizer.json (a fast tokenizer)")
    offline_hub(is_hub_id(model))
    import onnx
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from tokenizers import Tokenizer
    from transformers import AutoModel

    quiet_transformers()
    try:
        # eager attention traces to the pattern the optimizer fuses (sdpa does not)
        hf_model = AutoModel.from_pretrained(str(layout.transformer),
                                             attn_implementation="eager").eval()
    except Exception as exc:
        raise UnsupportedModel(f"transformers cannot load it ({first_line(exc)})") from exc
    config = hf_model.config
    accepted = inspect.signature(hf_model.forward).parameters
    inputs = tuple(n for n in ("input_ids", "attention_mask", "token_type_ids") if n in accepted)
    positions = int(getattr(config, "max_position_embeddings", 512) or 512)
    spec = EncoderSpec(
        dim=int(config.hidden_size), max_seq_length=min(layout.max_seq_length or positions,
                                                        positions),
        pooling=layout.pooling, inputs=inputs, lowercase=layout.lowercase, source=str(source),
        recipe=recipe,
    )
    tokenizer = Tokenizer.from_file(str(layout.transformer / TOKENIZER_FILE))
    tokenizer.no_padding()
    tokenizer.enable_truncation(spec.max_seq_length)
    module = _pooled_module(hf_model, spec.pooling, inputs)

    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".export-", dir=target.parent))
    try:
        float_graph = staging / "float.onnx"
        log.info("exporting %s to ONNX (once; torch %s)", source, torch.__version__)
        # a padded batch of two, so neither dimension is traced as a constant
        sample = _tokenize(tokenizer, ["a short text", "a somewhat longer text to pad against"],
                           spec)
        try:
            _export_graph(module, sample, inputs, float_graph)
        except Exception as exc:
            raise UnsupportedModel(f"torch.onnx.export failed ({first_line(exc)})") from exc
        fuse_bert(float_graph, config)
        blockwise = ffn_output_matmuls(float_graph, spec.dim, int(
            getattr(config, "intermediate_size", 0) or 0))[:BLOCKWISE_LAYERS]
        with _quiet_export():
            # reduce_range (a recipe ending "-w7"): 7-bit weights, so AVX2's u8 x s8
            # multiply-add (VPMADDUBSW) cannot saturate its int16 sums (there "?" alone
            # fell to cosine 0.978 with 8-bit weights); CPUs with VNNI or AMX add in int32
            # and keep 8 bits (bot/encoders/cpu.py)
            quantize_dynamic(
                float_graph, staging / MODEL_FILE, weight_type=QuantType.QInt8,
                per_channel=True, reduce_range=not recipe.endswith(EIGHT_BIT_WEIGHTS),
                op_types_to_quantize=["MatMul", "Attention"],
                nodes_to_exclude=blockwise,
                extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT},  # fused ops
            )
            weight_only_int8(staging / MODEL_FILE, blockwise)
        float_graph.unlink()
        halve_embedding_tables(staging / MODEL_FILE)
        worst = _check_copy(module, staging, spec, tokenizer)
        if worst < MIN_PROBE_COSINE:
            raise UnsupportedModel(f"its int8 copy strays from it (cosine {worst:.3f})")
        shutil.copyfile(layout.transformer / TOKENIZER_FILE, staging / TOKENIZER_FILE)
        (staging / SPEC_FILE).write_text(json.dumps(asdict(spec), indent=1), "utf-8")
        publish_folder(staging, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    log.info("ONNX copy of %s ready in %s (probe cosine %.3f)", model, target, worst)
    return EncoderSpec.read(target)


def export_in_child(model: str, cache_dir: Path, target: Path, recipe: str) -> None:
    """:func:`export_onnx` in a child interpreter (torch's hundreds of MB stay there).

    Raises what the export raised: :class:`UnsupportedModel` or ``ConfigError`` with the
    child's one-line reason, ``RuntimeError`` for anything else.
    """
    package_root = str(Path(__file__).resolve().parents[2])  # the same `bot` as ours
    path = os.environ.get("PYTHONPATH")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [package_root, path]))}
    progress.info("Preparing the embedding model %s for first use (once, about 15-30 s)...",
                  model)
    done = subprocess.run(
        [sys.executable, "-m", "bot.encoders.onnx_export", model, str(cache_dir), str(target),
         recipe], capture_output=True, text=True, env=env, stdin=subprocess.DEVNULL,
    )
    if done.returncode == 0:
        return
    lines = [line.strip() for line in done.stderr.splitlines() if line.strip()]
    reason = lines[-1] if lines else f"the exporter exited with status {done.returncode}"
    if done.returncode == _EXIT_UNSUPPORTED:
        raise UnsupportedModel(reason)
    if done.returncode == _EXIT_CONFIG:
        raise ConfigError(reason)
    log.debug("ONNX export failed:\n%s", done.stderr)
    raise RuntimeError(f"the ONNX export failed: {reason}")


def _main(argv: list[str]) -> int:
    """Child side of :func:`export_in_child`: MODEL CACHE_DIR TARGET RECIPE."""
    model, cache_dir, target, recipe = argv
    try:
        export_onnx(model, Path(cache_dir), Path(target), recipe)
    except UnsupportedModel as exc:
        print(exc, file=sys.stderr)
        return _EXIT_UNSUPPORTED
    except ConfigError as exc:
        print(exc, file=sys.stderr)
        return _EXIT_CONFIG
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
