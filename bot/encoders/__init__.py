"""Sentence encoders: where the model files are, and the two ways to run them.

``locate`` finds or unpacks the model folder; ``onnx_backend`` runs an int8 ONNX copy of
it with ONNX Runtime (the default: no torch at run time); ``onnx_export`` makes that copy
once (it needs torch); ``torch_backend`` runs the model with sentence-transformers.
``bot.embed`` is the front door that picks one.
"""
