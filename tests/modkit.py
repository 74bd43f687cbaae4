"""Load one of the project's files that is not in a package (the build script, a
MkDocs hook) as a module, for the tests."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]


def load_file(name: str, relative: str) -> ModuleType:
    """The file at ROOT/`relative`, imported as module `name` (registered in
    sys.modules first, as dataclasses in it need)."""
    spec = importlib.util.spec_from_file_location(name, ROOT / relative)
    assert spec and spec.loader, relative
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def build_script() -> ModuleType:
    """scripts/build_pyodide_dist.py."""
    return load_file("build_pyodide_dist", "scripts/build_pyodide_dist.py")
