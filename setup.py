"""Build hook: ship the top-level ``prompts/`` and ``seeds/`` folders inside the package.

The design keeps ``prompts/`` and ``seeds/`` at the top of the repository; an
installed wheel has no repository around it, so the build copies them to
``bot/_shipped/`` (read with :mod:`importlib.resources`, see ``bot/shipped.py``).
Everything else about the package is declared in ``pyproject.toml``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
SHIPPED = ("prompts", "seeds")


class BuildWithShippedFiles(build_py):
    """``build_py`` that also copies ``prompts/`` and ``seeds/`` into ``bot/_shipped/``."""

    def run(self) -> None:
        super().run()
        if self.editable_mode:  # an editable install reads them from the checkout itself
            return
        for name in SHIPPED:
            source = ROOT / name
            target = Path(self.build_lib) / "bot" / "_shipped" / name
            if target.exists():
                shutil.rmtree(target)
            shutil.copytree(source, target, ignore=shutil.ignore_patterns(".*", "__pycache__"))

    def get_outputs(self, include_bytecode: bool = True) -> list[str]:
        outputs = list(super().get_outputs(include_bytecode))
        if not self.editable_mode:
            for name in SHIPPED:
                for path in sorted((ROOT / name).rglob("*")):
                    if path.is_file() and not path.name.startswith("."):
                        relative = path.relative_to(ROOT)
                        outputs.append(str(Path(self.build_lib) / "bot" / "_shipped" / relative))
        return outputs


setup(cmdclass={"build_py": BuildWithShippedFiles})
