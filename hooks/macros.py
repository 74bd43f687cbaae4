"""mkdocs-macros module: render figures from cp14's data file into the guide pages."""

from __future__ import annotations

from typing import Any

from cp14 import facts


def define_env(env: Any) -> None:  # noqa: ANN401
    @env.macro
    def fact(name: str) -> str:
        return str(facts.fact(name).number)
