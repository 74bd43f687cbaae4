"""cp14's wheel build step: compile the message catalogs (.po) into gettext's .mo files.

Hatchling runs this for every wheel, the editable one too; Babel (already a
build dependency of the site) writes the files. The .po sources stay in the
repository and out of the wheel; the .mo files are build output (not in git).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

LOCALE = Path("src/cp14/locale")


def compile_catalogs(root: Path, locale: Path = LOCALE) -> list[Path]:
    """Write a .mo beside every .po under root/locale; return the .mo files."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    written = []
    for po in sorted((root / locale).glob("*/LC_MESSAGES/*.po")):
        with po.open("rb") as f:
            catalog = read_po(f)
        mo = po.with_suffix(".mo")
        with mo.open("wb") as f:
            write_mo(f, catalog)
        written.append(mo)
    return written


class CatalogsHook(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        root = Path(self.root)
        for mo in compile_catalogs(root):
            build_data["artifacts"].append(str(mo.relative_to(root)))
