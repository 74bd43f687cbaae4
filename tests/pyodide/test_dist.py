"""The runtime folder in the built site: only our files, a trimmed lock with real hashes.

Everything the tool pages load comes from site/assets/pyodide/<version>-<hash>/: the
pinned npm Pyodide runtime (byte for byte, except that the standard-library modules
in use come as bytecode), a pyodide-lock.json that lists only the
wheels served next to it (with their real sha256, which browsers check), and those
wheels. No URL in the lock points anywhere else.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import re
import tomllib
import zipfile
from html import unescape
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NPM = ROOT / "node_modules" / "pyodide"
RUNTIME = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip")

pytestmark = pytest.mark.site


@pytest.fixture(scope="module")
def runtime(site_dir: Path) -> Path:
    folders = sorted((site_dir / "assets" / "pyodide").iterdir())
    assert len(folders) == 1, folders
    return folders[0]


def test_folder_is_named_by_version_and_hash(runtime: Path) -> None:
    version = json.loads((NPM / "package.json").read_text())["version"]
    assert re.fullmatch(re.escape(version) + r"-[0-9a-f]{12}", runtime.name)


def test_runtime_is_the_pinned_npm_one(runtime: Path) -> None:
    for name in RUNTIME:
        if name != "python_stdlib.zip":
            assert (runtime / name).read_bytes() == (NPM / name).read_bytes(), name


def test_stdlib_only_trades_sources_for_bytecode(runtime: Path) -> None:
    """Pyodide's standard library, except that the modules the site imports come as
    bytecode (x.pyc in place of x.py); every other file is unchanged."""
    with zipfile.ZipFile(NPM / "python_stdlib.zip") as z:
        stock = {i.filename: z.read(i) for i in z.infolist()}
    with zipfile.ZipFile(runtime / "python_stdlib.zip") as z:
        ours = {i.filename: z.read(i) for i in z.infolist()}
    compiled = {n for n in ours if n.endswith(".pyc")}
    assert all(n[:-1] in stock and n[:-1] not in ours for n in compiled)
    for name, data in stock.items():
        if name + "c" not in compiled:
            assert ours.get(name) == data, name
    for needed in ("json/__init__.pyc", "dataclasses.pyc", "html/parser.pyc"):
        assert needed in compiled, needed


def test_trimmed_stdlib_is_the_bytecode_of_the_modules_in_use(runtime: Path) -> None:
    """cp14-stdlib.zip holds only bytecode, each file the same as in python_stdlib.zip,
    of modules that are in Pyodide's standard library; stored, since it travels
    compressed with zstd as a whole (cp14-stdlib.zip.zst), smaller than the stock zip."""
    with zipfile.ZipFile(NPM / "python_stdlib.zip") as z:
        stock = set(z.namelist())
    with zipfile.ZipFile(runtime / "python_stdlib.zip") as z:
        full = {i.filename: z.read(i) for i in z.infolist()}
    with zipfile.ZipFile(runtime / "cp14-stdlib.zip") as z:
        infos = z.infolist()
        trimmed = {i.filename: z.read(i) for i in infos}
    assert trimmed and all(n.endswith(".pyc") and n[:-1] in stock for n in trimmed)
    assert all(full[n] == data for n, data in trimmed.items())
    assert all(i.compress_type == zipfile.ZIP_STORED for i in infos)
    for needed in (
        "encodings/__init__.pyc",
        "json/__init__.pyc",
        "traceback.pyc",
        "zoneinfo/__init__.pyc",
    ):
        assert needed in trimmed, needed
    assert not {"unittest/__init__.pyc", "pydoc.pyc", "sqlite3/__init__.pyc"} & set(trimmed)
    sent = (runtime / "cp14-stdlib.zip.zst").stat().st_size
    assert sent < (NPM / "python_stdlib.zip").stat().st_size


def test_dist_names_the_trimmed_stdlib(site_dir: Path, runtime: Path) -> None:
    from modkit import build_script

    dist = build_script().build()
    assert dist.name == runtime.name
    assert dist.stdlib == "cp14-stdlib.zip" and dist.stdlib in dist.files
    assert "python_stdlib.zip" in dist.files  # still there, complete
    assert sorted(dist.files) == sorted(p.name for p in runtime.iterdir())


def test_lock_lists_exactly_the_served_wheels(runtime: Path) -> None:
    lock = json.loads((runtime / "pyodide-lock.json").read_text())
    stock = json.loads((NPM / "pyodide-lock.json").read_text())
    assert lock["info"] == stock["info"]
    wheels = {p.name for p in runtime.glob("*.whl")}
    listed = {p["file_name"] for p in lock["packages"].values()}
    assert listed == wheels
    assert {"cp14", "jinja2", "markupsafe", "icalendar", "tzdata"} <= set(lock["packages"])
    assert "holidays" not in lock["packages"]  # the cp14 wheel carries its table
    for name, pkg in lock["packages"].items():
        data = (runtime / pkg["file_name"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == pkg["sha256"], name
        assert "://" not in pkg["file_name"] and "/" not in pkg["file_name"]
        assert set(pkg["depends"]) <= set(lock["packages"]), name
        assert pkg["file_name"].endswith("-none-any.whl"), "only pure-Python wheels"


def test_every_downloaded_package_is_pinned_by_sha256(runtime: Path) -> None:
    lock = json.loads((runtime / "pyodide-lock.json").read_text())
    pinned = {
        line.split()[0]
        for line in (ROOT / "scripts" / "pypi-sha256.txt").read_text().splitlines()
        if line and not line.startswith("#")
    }
    served = {
        f"{name}=={pkg['version']}" for name, pkg in lock["packages"].items() if name != "cp14"
    }
    assert served <= pinned


def test_markupsafe_wheel_is_built_by_the_locked_setuptools(runtime: Path) -> None:
    """MarkupSafe's pure-Python wheel is built here from its sdist: by the setuptools that
    requirements-lock.txt pins (installed in this venv), not whichever is newest."""
    from importlib import metadata

    wheel = next(runtime.glob("markupsafe-*.whl"))
    with zipfile.ZipFile(wheel) as z:
        info = z.read(next(n for n in z.namelist() if n.endswith(".dist-info/WHEEL")))
    generator = next(line for line in info.decode().splitlines() if line.startswith("Generator:"))
    lock = (ROOT / "requirements-lock.txt").read_text()
    locked = re.search(r"^setuptools==(\S+)", lock, re.M)
    assert locked, "setuptools is not in requirements-lock.txt"
    assert locked[1] == metadata.version("setuptools"), "the venv is not the lock's: make setup"
    assert generator == f"Generator: setuptools ({locked[1]})"


def _source_wheel() -> Path:
    """The cp14 wheel as built, with its sources: the served one holds its bytecode."""
    from modkit import build_script

    return build_script().build_own_wheel(ROOT / "build" / "pyodide")


def test_cp14_wheel_matches_the_source(runtime: Path) -> None:
    with zipfile.ZipFile(_source_wheel()) as z:
        source = set(z.namelist())
        api = z.read("cp14/api.py")
    assert api == (ROOT / "src" / "cp14" / "api.py").read_bytes()
    with zipfile.ZipFile(next(runtime.glob("cp14-*.whl"))) as z:
        names = set(z.namelist())
    # Each module as bytecode for Pyodide, beside where its source was (zipimport),
    # without the source; every data file as built; but what only the command line
    # reads (its modules, its catalog, the glossary), which the browser never runs.
    from modkit import build_script

    cli = build_script().COMMAND_LINE_ONLY
    modules = {n for n in source if n.endswith(".py")}
    assert {n + "c" for n in modules if not cli.fullmatch(n + "c")} <= names
    assert not modules & names and not [n for n in names if cli.fullmatch(n)]
    assert {n for n in source if not n.endswith(".py") and not cli.fullmatch(n)} <= names
    assert not any("__pycache__" in n for n in names)


def test_cp14_wheel_build_products_match_their_sources(runtime: Path) -> None:
    """The browser uses the parsed facts and the compiled templates without checking
    them again, so they must have been made from the files in this same wheel."""
    with zipfile.ZipFile(_source_wheel()) as z:
        facts_toml = z.read("cp14/data/facts.toml")
        namespace: dict[str, object] = {}
        exec(z.read("cp14/_facts_data.py"), namespace)  # the build's own output
        assert namespace["SOURCE_SHA256"] == hashlib.sha256(facts_toml).hexdigest()
        assert namespace["DATA"] == tomllib.loads(facts_toml.decode())
        templates = [n for n in z.namelist() if n.startswith("cp14/letters/templates/")]
        assert templates
        for name in templates:
            stem = name.rsplit("/", 1)[1].removesuffix(".j2").replace("-", "_")
            module = z.read(f"cp14/letters/_compiled/tmpl_{stem}.py").decode()
            digest = hashlib.sha256(z.read(name)).hexdigest()
            assert f"SOURCE_SHA256 = {digest!r}" in module, name


def _page_packages(site_dir: Path, tool: str) -> list[str]:
    return _page_settings(site_dir, tool)["packages"]


def test_deadline_page_starts_with_cp14_alone(site_dir: Path) -> None:
    """Business days come from the table in the cp14 wheel: the deadline page never
    downloads `holidays` (1.7 MB) or its dependencies."""
    assert _page_packages(site_dir, "deadlines") == ["cp14"]
    assert "holidays" not in _page_packages(site_dir, "letter")


def test_cp14_wheel_carries_the_holiday_table_of_the_rule(runtime: Path) -> None:
    """The browser's table equals what `holidays` gives here, for every year in it."""
    from cp14 import businessdays, validate

    with zipfile.ZipFile(_source_wheel()) as z:
        table: dict[str, object] = {}
        exec(z.read("cp14/_holidays_data.py"), table)  # the build's own output
    first, last = table["FIRST_YEAR"], table["LAST_YEAR"]
    assert first <= validate.MIN_YEAR and last > validate.MAX_YEAR
    for year in range(first, last + 1):
        got = businessdays.table_year(table["NAMES"], year, table["DAYS"][year])
        assert got == businessdays.dc_legal_holidays_from_rule(year), year


def test_tool_pages_point_at_the_folder(site_dir: Path, runtime: Path) -> None:
    for tool in ("letter", "deadlines", "plan"):
        html = (site_dir / "tools" / tool / "index.html").read_text()
        refs = set(re.findall(r'"\.\./\.\./(assets/pyodide/[^"]+)"', html))
        assert refs == {f"assets/pyodide/{runtime.name}/"}, tool
        assert f'data-runtime="../../assets/pyodide/{runtime.name}/"' in html
        assert '<link rel="preload"' not in html  # the worker fetches what it needs


def _page_settings(site_dir: Path, tool: str) -> dict:
    """The settings the tool root gives its worker (data-settings)."""
    html = (site_dir / "tools" / tool / "index.html").read_text()
    found = re.search(r'data-settings="([^"]*)"', html)
    assert found, tool
    return json.loads(unescape(found.group(1)))


def _page_memory(site_dir: Path, tool: str) -> object:
    return _page_settings(site_dir, tool)["memory"]


def test_letter_page_names_its_memory_image_with_its_hash(site_dir: Path, runtime: Path) -> None:
    """The page's worker fetches the image with this integrity, so a wrong byte fails."""
    memory = _page_memory(site_dir, "letter")
    assert isinstance(memory, dict) and memory["file"] == "letter.memory.gz"
    data = (runtime / memory["file"]).read_bytes()
    digest = base64.b64encode(hashlib.sha256(data).digest()).decode()
    assert memory["integrity"] == f"sha256-{digest}"
    with gzip.open(runtime / memory["file"]) as f:
        assert memory["length"] == int.from_bytes(f.read(12)[8:12], "little")
    assert _page_memory(site_dir, "deadlines") is None
    assert _page_memory(site_dir, "plan")["file"] == "plan.memory.gz"
    images = sorted(p.name for p in runtime.glob("*.memory.gz"))
    assert images == ["letter.memory.gz", "plan.memory.gz"]


def test_memory_image_is_a_packed_wasm_memory(runtime: Path) -> None:
    """Header, then only the 64 KiB pages of Pyodide's snapshot that are not all zeros."""
    data = gzip.decompress((runtime / "letter.memory.gz").read_bytes())
    assert data[:8] == b"CP14MEM1"
    length = int.from_bytes(data[8:12], "little")
    count = int.from_bytes(data[12:16], "little")
    pages = [int.from_bytes(data[16 + 4 * i : 20 + 4 * i], "little") for i in range(count)]
    page = 65536
    assert 16 * 2**20 <= length <= 256 * 2**20
    assert pages == sorted(set(pages)) and pages[-1] * page < length
    sizes = [min(page, length - p * page) for p in pages]
    body = data[16 + 4 * count :]
    assert len(body) == sum(sizes)
    assert count < length / page * 0.9  # zero pages really are left out
    at = 0
    for size in sizes:
        assert any(body[at : at + size])
        at += size
