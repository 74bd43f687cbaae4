"""Build the browser runtime for the tool pages: Pyodide, the cp14 wheel and its dependencies.

    python scripts/build_pyodide_dist.py [--out DIR]

Everything the browser needs is served from the site's own origin; nothing is
fetched from a CDN or from PyPI at run time. The steps, each cached under
build/pyodide/ so that rebuilds take a fraction of a second:

1. Build the cp14 wheel with PEP 517 (`python -m build --wheel --no-isolation`;
   `pyodide build` needs the network for its cross-build environment, and a
   pure-Python package gives the same py3-none-any wheel either way). Add the
   letter templates compiled to Python by Jinja2 (cp14.letters.rendering.
   compiled_templates), so the browser does not compile them before the first
   letter, the parsed facts, and the DC legal holidays of every year the API
   takes, computed from `holidays` (cp14.businessdays.holiday_table), so the
   browser never downloads `holidays`.
2. Walk its dependencies, with environment markers evaluated for Pyodide
   (emscripten, Python 3.14), and download each one's pure-Python wheel from
   PyPI with pip, at the version installed in this venv, so the browser runs
   the same code as the tests. MarkupSafe has no pure wheel on PyPI: its sdist
   is built with the C compiler disabled, which gives the pure-Python fallback,
   by the setuptools installed in this venv from requirements-lock.txt (no build
   isolation, so pip never fetches a build backend of its own choosing).
3. Add Python 3.14 bytecode to the wheels every page start imports, compiled by
   Pyodide itself in Node (scripts/compile_wheels.mjs), beside each module: the
   browser imports these wheels as zip archives without unpacking them
   (docs/javascripts/cp14-worker.js) and skips compiling, which is most of their
   import time. zipimport takes a module's .pyc before its .py, so the sources
   are left out of these wheels (strip_sources), and C sources and type stubs
   with them; tracebacks still name the file and line.
4. Write a trimmed pyodide-lock.json that lists only these wheels, with their
   real sha256 (browsers check it), using pyodide-lock's `add_wheels_to_spec`
   (the function behind `pyodide lockfile add-wheels`).
5. Run every site API call, and each with wrong input, once in Pyodide (Node)
   and note the standard-library modules they import (scripts/compile_stdlib.mjs).
   In python_stdlib.zip each of them is replaced by its bytecode; it stays the
   complete library. cp14-stdlib.zip (STDLIB) holds those modules alone, as the
   same bytecode: the pages start Python with it (loadPyodide's stdLibURL), 1.8 MB
   instead of 3.4 MB. Pyodide spends most of its start-up compiling the standard
   library; with bytecode, every start is about three times faster.
6. Assemble the runtime files from the pinned npm package (node_modules/pyodide),
   the lock and the wheels in a folder named after a hash of its contents (and
   of what step 8 depends on).
7. Write what every page start needs once more, compressed with zstd (level
   ZSTD_LEVEL, by `zstandard`), beside the decoder the browser runs (fzstd, from
   npm): the WebAssembly, the trimmed standard library and the wheels in
   BYTECODE. The host sends gzip only; zstd makes the WebAssembly about a fifth
   smaller (3.55 MB gzip, 2.89 MB zstd), and the zips, stored inside (not
   deflated: steps 3 and 5) and compressed as a whole, about a quarter smaller
   than deflated. The tool's worker decodes them as they arrive and falls back
   to the plain files when it cannot. On a fast link, where decoding costs more
   than bytes, the worker fetches the WebAssembly itself (gzipped by the host)
   and gzip copies of the rest (written here too), which the browser decodes.
8. For the letter page, start Pyodide from that folder in Node with
   cp14-stdlib.zip, mount the page's start wheels, render its blank letters and
   save a snapshot of Python's memory (scripts/make_memory.mjs): the page's
   worker restores it instead of starting the interpreter and importing cp14 and
   Jinja2 again. The snapshot is only valid with that same standard-library zip.

The site's build step (hooks/finish.py) calls `build()` and links the folder into
the built site.
"""

from __future__ import annotations

import argparse
import base64
import datetime
import gzip
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import tomllib
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name, parse_wheel_filename

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "build" / "pyodide"
NPM_PYODIDE = ROOT / "node_modules" / "pyodide"
RUNTIME_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip")
# Only the standard-library modules the site imports, as bytecode (add_stdlib_bytecode).
STDLIB = "cp14-stdlib.zip"
# Runtime files also served compressed with zstd (add_compressed): the WebAssembly,
# and the stored zips every page start needs (the trimmed standard library and the
# wheels in BYTECODE); and the decoder the worker runs for them: fzstd's ES module
# from npm (package-lock.json pins it).
COMPRESSED = ("pyodide.asm.wasm",)
ZSTD_LEVEL = 19  # 22 ("ultra") gives the same size here, with a larger window to decode
DECODER = "fzstd.mjs"
NPM_DECODER = ROOT / "node_modules" / "fzstd" / "esm" / "index.mjs"
PROJECT = "cp14"
# Optional features whose packages the site also serves (loaded on demand).
EXTRAS = ("calendar",)
# cp14 imports these only inside the functions that use them, so the lock does
# not make cp14 depend on them: each page downloads only what its calls need.
LAZY_DEPENDS = frozenset({"holidays", "jinja2"})
# Dependencies the browser never imports, so the site does not serve them:
# `holidays` only makes the DC holiday table, which the cp14 wheel carries.
NOT_SERVED = frozenset({"holidays"})
# What each cp14.api function needs beyond cp14 (the worker loads it on first use).
# Business days need no package: the cp14 wheel carries the DC holiday table for
# every year the API takes (holidays_module), so `holidays` is never downloaded.
# icalendar imports python-dateutil and zoneinfo (tzdata), which come with it.
NEEDS: dict[str, list[str]] = {
    "letter": ["jinja2"],
    "call_sheet": ["jinja2"],
    "letter_example": ["markupsafe"],
    "letter_fields": ["markupsafe"],
    "deadlines": [],
    "estimate": [],
    "business_day": [],
    "calendar": ["icalendar"],
    "interest": [],
    "facts": [],
    "plan": [],
}
# Packages a tool page loads while Python starts (fetched while Pyodide loads).
START_PACKAGES: dict[str, list[str]] = {
    "letter": ["cp14", "jinja2"],
    "deadlines": ["cp14"],
    # Every package the plan call needs, so that working out a plan fetches nothing.
    "plan": ["cp14", *NEEDS["plan"]],
}
# Tool pages whose worker starts Python from a memory image (scripts/make_memory.mjs),
# and the calls run before the image is taken: the ones behind the page's first
# letter or plan. An image costs about 5 MB (gzip), fetched on a fast link only,
# and saves starting the interpreter and importing cp14 (and Jinja2). The deadline
# page has none: its first answer comes before Python (the early table).
MEMORY_IMAGES: dict[str, list[tuple[str, dict[str, object]]]] = {
    # The plan page's first comparison, and the date tables it imports.
    "plan": [("plan", {"balance": "1000", "notice_date": "2026-11-16", "months": 3})],
    "letter": [
        ("letter_fields", {"kind": "dispute"}),
        ("letter", {"kind": "dispute", "draft": True}),
        ("letter", {"kind": "penalty-relief", "draft": True}),
        # The call sheet beside the letter renders with it, from the same answers.
        ("call_sheet", {"kind": "dispute"}),
    ],
}
# Wheels that get Python 3.14 bytecode (scripts/compile_wheels.mjs), so the browser
# imports them without compiling: the ones every page start uses. icalendar and
# what it needs (python-dateutil, six, tzdata) load only for a calendar file and
# are left as source: bytecode would double their size.
BYTECODE = frozenset({PROJECT, "jinja2", "markupsafe"})
# Calls run once at build time in Pyodide to find the standard-library modules
# the site imports (see compile_stdlib.mjs): every cp14.api function with every
# field it reads, and both letters filled in with every field (profile_calls adds
# them). Each must answer without errors.
_DEADLINE: dict[str, object] = {
    "notice_date": "2026-03-16",
    "amount": "2450.17",
    "pay_by": "2026-04-01",
    "today": "2026-03-20",
    "payment_date": "2026-06-01",
    "tax": "2000",
    "penalty": "300",
    "interest": "150.17",
    "installment_agreement": True,
    "rate": "7",
}
PROFILE_CALLS: list[tuple[str, dict[str, object]]] = [
    ("letter", {"kind": "dispute", "draft": True}),
    ("letter", {"kind": "penalty-relief", "draft": True}),
    ("call_sheet", {"kind": "dispute", "draft": True}),
    ("call_sheet", {"kind": "penalty-relief", "grounds": ["first_time", "reasonable_cause"]}),
    ("letter_fields", {"kind": "dispute"}),
    ("letter_fields", {"kind": "penalty-relief"}),
    ("letter_example", {"kind": "dispute"}),
    ("letter_example", {"kind": "penalty-relief"}),
    ("deadlines", _DEADLINE),
    ("deadlines", {"notice_date": "12/18/2026", "amount": "150000", "today": "2026-12-20"}),
    ("estimate", _DEADLINE),
    ("interest", {"amount": "1000", "from": "2025-04-15", "to": "2026-03-16"}),
    ("interest", {"amount": "1000", "from": "2026-01-01", "to": "2027-06-30", "rate": "7"}),
    ("business_day", {"date": "2026-04-16"}),
    ("business_day", {"date": "1990-12-31"}),
    ("calendar", {**_DEADLINE, "now": "2026-03-20T10:00:00Z"}),
    ("calendar", {"notice_date": "2026-03-16", "now": "2026-03-20T10:00:00Z"}),
    ("facts", {}),
    # In Spanish: gettext and the compiled catalogs (cp14.i18n).
    ("deadlines", {**_DEADLINE, "lang": "es"}),
    ("letter", {"kind": "dispute", "draft": True, "lang": "es"}),
    ("plan", {"balance": "1000", "notice_date": "2026-03-16", "months": "3", "lang": "es"}),
    (
        "plan",
        {"balance": "12000", "tax": "10000", "notice_date": "2026-03-16", "monthly": "500"},
    ),
]
# The same functions given wrong input: each must answer with errors (and the
# modules that takes, such as traceback for an unexpected failure, are kept too).
PROFILE_ERRORS: list[tuple[str, object]] = [
    ("letter", {"kind": "nonsense"}),
    ("letter", {"kind": "dispute", "draft": True, "ssn_last4": "12", "letter_date": "x"}),
    ("letter", {"kind": "penalty-relief", "amount_due": "-1", "grounds": "first_time"}),
    ("call_sheet", {"kind": "dispute", "irs_phone": "call me"}),
    ("letter_fields", {"kind": 3}),
    ("letter_example", {}),
    ("deadlines", {"notice_date": "2026-13-16", "amount": "abc", "rate": "x"}),
    ("deadlines", {"notice_date": "2010-01-01", "payment_date": "2009-01-01"}),
    ("estimate", {"notice_date": "2026-03-16"}),
    ("interest", {"amount": "-5", "from": "x"}),
    ("interest", {"amount": "1000", "from": "2026-03-16", "to": "2025-01-01"}),
    ("business_day", {"date": "3000-01-01"}),
    ("calendar", {"notice_date": "2026-03-16", "now": "yesterday"}),
    ("interest", "not an object"),
    ("deadlines", None),
    ("nonsense", {}),
    ("nonsense", {"lang": "es"}),  # an error in Spanish: gettext and the catalogs
]
# Wheel timestamps fixed so that the same sources give the same bytes (and hash).
SOURCE_DATE_EPOCH = "1767225600"  # 2026-01-01


def profile_calls() -> list[tuple[str, object]]:
    """PROFILE_CALLS and both letters with every field (cp14's own examples)."""
    examples = _from_source(
        "import json; from cp14 import api\n"
        "print(json.dumps([api.call('letter_example', {'kind': k}) "
        "for k in ('dispute', 'penalty-relief')]))"
    )
    assert isinstance(examples, list)
    return [
        *PROFILE_CALLS,
        *(("letter", e) for e in examples),
        *(("call_sheet", e) for e in examples),
    ]


@dataclass(frozen=True)
class Dist:
    """An assembled runtime folder."""

    path: Path  # build/pyodide/dist/<name>
    name: str  # "<pyodide version>-<content hash>"
    files: tuple[str, ...]  # file names inside, runtime first
    wheels: dict[str, str]  # canonical package name -> wheel file name
    depends: dict[str, list[str]]  # canonical package name -> its lock dependencies
    pyodide_version: str
    memory: dict[str, dict[str, object]]  # tool -> {"file", "integrity", "length"} of its image
    # The trimmed standard library (STDLIB) pages start Python with (loadPyodide's
    # stdLibURL), or None when it could not be made; python_stdlib.zip is complete.
    stdlib: str | None = None
    # Runtime files served compressed too (file -> its zstd copy), and the decoder.
    transport: dict[str, str] | None = None
    decoder: str | None = None
    # The same files but the WebAssembly (which the host gzips itself) as gzip
    # copies too (file -> its copy), for a fast link: the browser decodes gzip
    # itself, ten times faster than fzstd, and they are only a little larger.
    gzipped: dict[str, str] | None = None

    def closure(self, names: list[str]) -> list[str]:
        """`names` and everything they depend on in the lock, in load order."""
        out: list[str] = []
        todo = list(names)
        while todo:
            name = todo.pop(0)
            if name not in out:
                out.append(name)
                todo.extend(self.depends[name])
        return out


def log(message: str) -> None:
    print(f"pyodide-dist: {message}", file=sys.stderr)


def _digest(paths: list[Path], base: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(paths):
        h.update(str(p.relative_to(base)).encode())
        h.update(b"\0")
        h.update(p.read_bytes())
        h.update(b"\0")
    return h.hexdigest()


def _run(cmd: list[str], **kwargs: object) -> None:
    result = subprocess.run(cmd, capture_output=True, text=True, check=False, **kwargs)  # type: ignore[call-overload]
    if result.returncode != 0:
        raise RuntimeError(
            f"command failed ({result.returncode}): {' '.join(cmd)}\n"
            f"{result.stdout}\n{result.stderr}"
        )


def pyodide_info() -> tuple[str, dict[str, object]]:
    """The npm Pyodide version and its lock file's `info` block."""
    version = json.loads((NPM_PYODIDE / "package.json").read_text())["version"]
    info = json.loads((NPM_PYODIDE / "pyodide-lock.json").read_text())["info"]
    return version, info


def marker_env(info: dict[str, object]) -> dict[str, str]:
    """Environment markers as Pyodide itself reports them."""
    python = str(info["python"])
    return {
        "implementation_name": "cpython",
        "implementation_version": python,
        "os_name": "posix",
        "platform_machine": str(info.get("arch", "wasm32")),
        "platform_release": str(info["platform"]).split("_", 1)[-1].replace("_", "."),
        "platform_system": "Emscripten",
        "platform_version": "#1",
        "python_full_version": python,
        "platform_python_implementation": "CPython",
        "python_version": ".".join(python.split(".")[:2]),
        "sys_platform": "emscripten",
        "extra": "",
    }


def build_own_wheel(cache: Path) -> Path:
    """The cp14 wheel, rebuilt only when the sources change."""
    sources = [
        ROOT / "pyproject.toml",
        ROOT / "README.md",
        ROOT / "LICENSE",
        ROOT / "hatch_build.py",
    ]
    sources += [
        p
        for p in (ROOT / "src" / PROJECT).rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
    ]
    key = _digest([p for p in sources if p.exists()], ROOT)[:12]
    pins = _pinned_version("jinja2") + " " + _pinned_version("holidays")
    key += hashlib.sha256(pins.encode()).hexdigest()[:4]
    out = cache / "own" / key
    wheels = sorted(out.glob("*.whl"))
    if wheels:
        return wheels[0]
    log("building the cp14 wheel")
    shutil.rmtree(cache / "own", ignore_errors=True)
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH}
        _run(
            [sys.executable, "-m", "build", "--wheel", "--no-isolation", "-o", tmp, str(ROOT)],
            env=env,
            cwd=ROOT,
        )
        built = sorted(Path(tmp).glob("*.whl"))
        out.mkdir(parents=True, exist_ok=True)
        target = out / built[0].name
        add_compiled_templates(built[0], target)
    return target


def _record_digest(data: bytes) -> str:
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def facts_module() -> str:
    """data/facts.toml already parsed, as Python (cp14.facts uses it while it matches)."""
    text = (ROOT / "src" / PROJECT / "data" / "facts.toml").read_text(encoding="utf-8")
    data = tomllib.loads(text)
    literal = repr(data)
    if eval(literal, {"datetime": datetime}) != data:
        raise RuntimeError("facts.toml does not round-trip through repr()")
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return (
        '"""data/facts.toml, parsed by the build (see cp14.facts)."""\n\n'
        f"import datetime\n\nSOURCE_SHA256 = {digest!r}\nDATA = {literal}\n"
    )


def _from_source(code: str) -> object:
    """Run `code` with this checkout's cp14 (not an installed copy); it prints JSON."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env
    )
    return json.loads(result.stdout)


# The years the browser's holiday table covers: every date the API accepts
# (cp14.validate.MIN_YEAR to MAX_YEAR; the deadline window and the next business
# day can run a few days past its last year, into the next).
HOLIDAY_YEARS_CODE = "range(validate.MIN_YEAR, validate.MAX_YEAR + 2)"


def holidays_module() -> str:
    """cp14.businessdays' DC legal holidays for every year the tools take, computed
    here from `holidays`, as Python (the browser then never downloads `holidays`)."""
    found = _from_source(
        "import json; from importlib import metadata; from cp14 import businessdays, validate\n"
        f"years = {HOLIDAY_YEARS_CODE}\n"
        "names, rows = businessdays.holiday_table(years)\n"
        "print(json.dumps({'names': names, 'rows': rows, 'first': years[0], "
        "'last': years[-1], 'source': 'holidays ' + metadata.version('holidays')}))"
    )
    assert isinstance(found, dict)
    names = tuple(found["names"])
    days = {int(y): tuple(tuple(r) for r in rows) for y, rows in found["rows"].items()}
    lines = [f"    {year}: {rows!r}," for year, rows in sorted(days.items())]
    return (
        '"""DC legal holidays, observed days included, computed by the build from the\n'
        'rule in cp14.businessdays (see holiday_table there)."""\n\n'
        f"SOURCE = {found['source']!r}\n"
        f"FIRST_YEAR = {found['first']}\nLAST_YEAR = {found['last']}\n"
        f"NAMES = {names!r}\n"
        "# year: ((month, day, index into NAMES), ...)\n"
        "DAYS = {\n" + "\n".join(lines) + "\n}\n"
    )


def add_compiled_templates(src: Path, dst: Path) -> None:
    """Copy the cp14 wheel, adding cp14/letters/_compiled/ (the templates as Python),
    cp14/_facts_data.py (the parsed facts) and cp14/_holidays_data.py (the holidays)."""
    code = (
        "import json; from cp14.letters.rendering import compiled_templates; "
        "print(json.dumps(compiled_templates()))"
    )
    modules = {"__init__.py": '"""The letter templates, compiled by the build."""\n'}
    compiled = _from_source(code)
    assert isinstance(compiled, dict)
    modules.update(compiled)
    added = [(f"{PROJECT}/letters/_compiled/{n}", t.encode()) for n, t in sorted(modules.items())]
    added.append((f"{PROJECT}/_facts_data.py", facts_module().encode()))
    added.append((f"{PROJECT}/_holidays_data.py", holidays_module().encode()))
    with zipfile.ZipFile(src) as zin:
        entries = [(i, zin.read(i)) for i in zin.infolist()]
    record = next(i for i, _ in entries if i.filename.endswith(".dist-info/RECORD"))
    stamp = record.date_time
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info, data in entries:
            if info is record:
                lines = [f"{n},{_record_digest(d)},{len(d)}" for n, d in added]
                data = data + ("\n".join(lines) + "\n").encode()
                for name, body in added:
                    info_new = zipfile.ZipInfo(name, stamp)
                    info_new.external_attr = 0o644 << 16
                    zout.writestr(info_new, body, zipfile.ZIP_DEFLATED)
            zout.writestr(info, data, zipfile.ZIP_DEFLATED)


def wheel_requirements(wheel: Path) -> list[Requirement]:
    with zipfile.ZipFile(wheel) as z:
        name = next(n for n in z.namelist() if n.endswith(".dist-info/METADATA"))
        text = z.read(name).decode()
    reqs = []
    for line in text.splitlines():
        if not line.strip():
            break  # end of headers
        if line.startswith("Requires-Dist:"):
            reqs.append(Requirement(line.split(":", 1)[1].strip()))
    return reqs


def needed(req: Requirement, env: dict[str, str], extras: tuple[str, ...]) -> bool:
    if req.marker is None:
        return True
    return any(req.marker.evaluate({**env, "extra": e}) for e in ("", *extras))


def _pinned_version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError as err:
        raise RuntimeError(
            f"{name} is needed in the browser but not installed in this venv; "
            "install it (pinned) so the browser and the tests run the same version"
        ) from err


def _pure_wheel_ok(path: Path) -> bool:
    _, _, _, tags = parse_wheel_filename(path.name)
    return any(t.abi == "none" and t.platform == "any" for t in tags)


PINS = ROOT / "scripts" / "pypi-sha256.txt"


class PinError(RuntimeError):
    """A download from PyPI that is not the pinned file."""


def read_pins(path: Path = PINS) -> dict[str, tuple[str, str]]:
    """'name==version' -> (file name, sha256) of what PyPI gave when it was pinned."""
    pins: dict[str, tuple[str, str]] = {}
    for line in path.read_text().splitlines() if path.is_file() else []:
        if line.strip() and not line.startswith("#"):
            spec, file_name, sha256 = line.split()
            pins[spec] = (file_name, sha256)
    return pins


def write_pins(pins: dict[str, tuple[str, str]], path: Path = PINS) -> None:
    lines = [f"{spec} {f} {h}" for spec, (f, h) in sorted(pins.items())]
    header = (
        "# sha256 of each file the build downloads from PyPI (scripts/build_pyodide_dist.py).\n"
        "# After changing a pinned version: python scripts/build_pyodide_dist.py --update-pins\n"
    )
    path.write_text(header + "\n".join(lines) + "\n")


def check_pin(spec: str, download: Path, pins: dict[str, tuple[str, str]], update: bool) -> None:
    """Refuse a download whose sha256 is not the pinned one (or record it, if `update`)."""
    digest = hashlib.sha256(download.read_bytes()).hexdigest()
    if pins.get(spec) == (download.name, digest):
        return
    if update:
        pins[spec] = (download.name, digest)
        write_pins(pins)
        log(f"pinned {spec}: {download.name} sha256={digest}")
        return
    if spec not in pins:
        raise PinError(
            f"{spec} is not pinned in {PINS.name}: check it, then record its sha256 with "
            "`python scripts/build_pyodide_dist.py --update-pins`"
        )
    raise PinError(
        f"{download.name} from PyPI does not match {PINS.name}: sha256 {digest}, pinned "
        f"{pins[spec][0]} {pins[spec][1]}. Refusing to use it."
    )


def _cache_key(pin: tuple[str, str]) -> str:
    """The cache folder of a pinned download: its sha256 and, for a wheel built here
    from an sdist, the setuptools that built it (a new one in the lock rebuilds it)."""
    file_name, sha256 = pin
    if file_name.endswith(".whl"):
        return sha256[:16]
    return f"{sha256[:16]}-setuptools-{_pinned_version('setuptools')}"


def fetch_wheel(name: str, version: str, cache: Path, update_pins: bool = False) -> Path:
    """A pure-Python wheel of name==version, from the cache, PyPI, or built from the sdist.
    What PyPI gives must match its sha256 in PINS."""
    canon = canonicalize_name(name)
    spec = f"{canon}=={version}"
    pins = read_pins()
    # Cached under the pinned hash: a new pin means a new download (checked again).
    if spec in pins:
        for p in (cache / "pypi" / _cache_key(pins[spec])).glob("*.whl"):
            n, v, _, _ = parse_wheel_filename(p.name)
            if n == canon and str(v) == version:
                return p
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "download", "--no-deps"]
    with tempfile.TemporaryDirectory() as tmp:
        log(f"downloading {name}=={version}")
        try:
            _run(
                [
                    *pip,
                    *("--only-binary", ":all:", "--implementation", "py", "--abi", "none"),
                    *("--platform", "any", "--dest", tmp, f"{name}=={version}"),
                ]
            )
            wheel = next(Path(tmp).glob("*.whl"))
            check_pin(spec, wheel, pins, update_pins)
        except PinError:
            raise
        except RuntimeError:
            log(f"no pure wheel of {name} on PyPI: building it from the sdist without C")
            # pip reads the sdist's metadata with the venv's (locked) build backend.
            _run(
                [
                    *pip,
                    *("--no-binary", ":all:", "--no-build-isolation"),
                    *("--dest", tmp, f"{name}=={version}"),
                ]
            )
            sdist = next(Path(tmp).glob("*.tar.gz"))
            check_pin(spec, sdist, pins, update_pins)
            src = Path(tmp) / "src"
            with tarfile.open(sdist) as t:
                t.extractall(src, filter="data")
            project = next(src.iterdir())
            env = {**os.environ, "CC": "false", "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH}
            # Built by the venv's setuptools (locked by hash), not the newest one.
            _run(
                [
                    *(sys.executable, "-m", "build", "--wheel", "--no-isolation"),
                    *("--outdir", tmp, str(project)),
                ],
                env=env,
            )
            wheel = next(Path(tmp).glob("*.whl"))
        if not _pure_wheel_ok(wheel):
            raise RuntimeError(f"{wheel.name} is not a pure-Python wheel; Pyodide cannot use it")
        folder = cache / "pypi" / _cache_key(read_pins()[spec])
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / wheel.name
        shutil.copy2(wheel, target)
    return target


def collect_wheels(cache: Path, info: dict[str, object], update_pins: bool = False) -> list[Path]:
    """The cp14 wheel and, recursively, its dependencies' wheels (with EXTRAS)."""
    env = marker_env(info)
    own = build_own_wheel(cache)
    wheels = {PROJECT: own}
    todo = [(own, EXTRAS)]
    while todo:
        wheel, extras = todo.pop()
        for req in wheel_requirements(wheel):
            name = canonicalize_name(req.name)
            if name in wheels or name in NOT_SERVED or not needed(req, env, extras):
                continue
            version = _pinned_version(name)
            if not req.specifier.contains(version, prereleases=True):
                raise RuntimeError(f"{name} {version} (venv) does not satisfy {req}")
            wheels[name] = fetch_wheel(name, version, cache, update_pins)
            todo.append((wheels[name], tuple(req.extras)))
    return [wheels[k] for k in sorted(wheels)]


def add_bytecode(wheels: list[Path], cache: Path, version: str) -> list[Path]:
    """Wheels in BYTECODE, rebuilt with .pyc files by Pyodide (cached by content)."""
    out: list[Path] = []
    todo: list[tuple[Path, Path]] = []
    for wheel in wheels:
        name = canonicalize_name(parse_wheel_filename(wheel.name)[0])
        if name not in BYTECODE:
            out.append(wheel)
            continue
        script = (ROOT / "scripts" / "compile_wheels.mjs").read_bytes() + STRIP_RULES.encode()
        key = hashlib.sha256(wheel.read_bytes() + version.encode() + script).hexdigest()[:16]
        target = cache / "pyc" / key / wheel.name
        out.append(target)
        if not target.is_file():
            todo.append((wheel, target))
    keep = {p.parent.name for p in out if p.parent.parent == cache / "pyc"}
    for old in (cache / "pyc").glob("*") if (cache / "pyc").is_dir() else []:
        if old.name not in keep:
            shutil.rmtree(old)  # bytecode for wheels that are no longer served
    if todo:
        node = shutil.which("node")
        if node is None:
            log("node not found: serving wheels without bytecode (slower start in the browser)")
            return wheels
        log(f"adding bytecode to {', '.join(w.name for w, _ in todo)}")
        args = []
        for src, dst in todo:
            dst.parent.mkdir(parents=True, exist_ok=True)
            args += [str(src), str(dst) + ".tmp"]
        _run([node, str(ROOT / "scripts" / "compile_wheels.mjs"), str(NPM_PYODIDE), *args])
        for _, dst in todo:
            tmp = Path(str(dst) + ".tmp")
            strip_sources(tmp)
            tmp.rename(dst)
    return out


# What strip_sources leaves out, and that it stores what stays (part of the bytecode
# cache key, so a change rebuilds).
STRIP_RULES = "py-with-pyc c pyi; cp14 command line and glossary; metadata headers; stored"

# Files of the cp14 wheel that only the command line and the build read: the
# command line itself (its code and its catalog) and the Spanish glossary (the
# guide's tests check the pages against it). The browser runs cp14.api only.
COMMAND_LINE_ONLY = re.compile(
    r"cp14/(cli|cli_plan|__main__)\.pyc|cp14/locale/[^/]+/LC_MESSAGES/cli\.mo|cp14/data/glossary-es\.toml"
)


def dropped(names: set[str]) -> set[str]:
    """Of a wheel's file names, those Python never reads in the browser: a module's
    source where its bytecode is beside it (zipimport takes the .pyc), C sources,
    type stubs, and what only cp14's command line reads (COMMAND_LINE_ONLY). Data
    files (the letter templates, facts.toml, the other catalogs) and metadata stay."""
    return {
        n
        for n in names
        if (n.endswith(".py") and n + "c" in names)
        or n.endswith((".c", ".pyi"))
        or COMMAND_LINE_ONLY.fullmatch(n)
    }


def metadata_headers(data: bytes) -> bytes:
    """A wheel's METADATA without its long description (the body after the
    headers: for cp14, the whole README, 54 KB). importlib.metadata reads only the
    headers (name, version, requirements)."""
    head, sep, _ = data.partition(b"\n\n")
    return head + b"\n" if sep else data


def _record_line(name: str, data: bytes) -> str:
    return f"{name},{_record_digest(data)},{len(data)}\n"


def strip_sources(wheel: Path) -> None:
    """Rewrite `wheel` without what `dropped` names and with its METADATA cut to
    the headers (metadata_headers), its RECORD to match, every entry stored
    (store_zip): the wheel travels compressed with zstd as a whole (add_compressed),
    which a deflated zip would defeat."""
    with zipfile.ZipFile(wheel) as src:
        gone = dropped(set(src.namelist()))
        changed: dict[str, bytes] = {}
        for name in src.namelist():
            if name.endswith(".dist-info/METADATA"):
                full = src.read(name)
                if (short := metadata_headers(full)) != full:
                    changed[name] = short

    def edit(name: str, data: bytes) -> bytes | None:
        if name in gone:
            return None
        if name.endswith(".dist-info/RECORD"):
            kept = []
            for line in data.decode("utf-8").splitlines(keepends=True):
                entry = line.split(",", 1)[0]
                if entry in changed:
                    kept.append(_record_line(entry, changed[entry]))
                elif entry not in gone:
                    kept.append(line)
            return "".join(kept).encode("utf-8")
        return changed.get(name, data)

    store_zip(wheel, edit)


def store_zip(path: Path, edit: Callable[[str, bytes], bytes | None] | None = None) -> None:
    """Rewrite a zip archive with every entry stored, in the same order, with the
    same dates, so the same bytes every time. `edit(name, data)`, if given, gives
    each entry's bytes, or None to leave it out (see strip_sources)."""
    out = path.with_name(path.name + ".stored")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if edit is not None and (data := edit(info.filename, data)) is None:
                continue
            info.compress_type = zipfile.ZIP_STORED
            dst.writestr(info, data)
    out.replace(path)


def add_stdlib_bytecode(stage: Path, cache: Path) -> bool:
    """Replace stage/python_stdlib.zip with one that has bytecode for the modules in
    use, and write stage/STDLIB with those modules alone. False if it could not."""
    lock = (stage / "pyodide-lock.json").read_bytes()
    script = ROOT / "scripts" / "compile_stdlib.mjs"
    worker = ROOT / "docs" / "javascripts" / "cp14-worker.js"
    calls = json.dumps({"calls": profile_calls(), "errors": PROFILE_ERRORS}, sort_keys=True)
    h = hashlib.sha256()
    stock = (NPM_PYODIDE / "python_stdlib.zip").read_bytes()
    for part in (stock, lock, script.read_bytes(), worker.read_bytes()):
        h.update(hashlib.sha256(part).digest())
    h.update(calls.encode() + b"stored")
    folder = cache / "stdlib" / h.hexdigest()[:16]
    target, trimmed = folder / "python_stdlib.zip", folder / STDLIB
    if not (target.is_file() and trimmed.is_file()):
        node = shutil.which("node")
        if node is None:
            log("node not found: python_stdlib.zip without bytecode (slower start)")
            return False
        log("finding the standard-library modules in use; adding their bytecode")
        shutil.rmtree(cache / "stdlib", ignore_errors=True)
        folder.mkdir(parents=True)
        spec = folder / "calls.json"
        spec.write_text(calls)
        tmp = [Path(str(target) + ".tmp"), Path(str(trimmed) + ".tmp")]
        try:
            _run([node, str(script), str(stage), str(worker), str(spec), *map(str, tmp)])
        except RuntimeError as err:
            log(f"could not profile the standard library, serving it as is:\n{err}")
            return False
        store_zip(tmp[1])  # it travels compressed with zstd as a whole (add_compressed)
        tmp[0].rename(target)
        tmp[1].rename(trimmed)
    (stage / "python_stdlib.zip").unlink()
    _link_or_copy(target, stage / "python_stdlib.zip")
    _link_or_copy(trimmed, stage / STDLIB)
    return True


def memory_file(tool: str) -> str:
    return f"{tool}.memory.gz"


def _memory_spec(tool: str, stdlib: str) -> str:
    # make_memory.mjs mounts these and their dependencies, as the page's worker does,
    # with the standard library the page starts with (zipimport keeps each zip's
    # table of contents in memory, so the image is only valid with that same file).
    spec = {"packages": START_PACKAGES[tool], "calls": MEMORY_IMAGES[tool], "stdlib": stdlib}
    return json.dumps(spec)


def _memory_inputs() -> bytes:
    """What the memory images depend on besides the runtime files themselves."""
    worker = ROOT / "docs" / "javascripts" / "cp14-worker.js"
    script = ROOT / "scripts" / "make_memory.mjs"
    spec = json.dumps({"images": MEMORY_IMAGES, "start": START_PACKAGES}, sort_keys=True)
    return worker.read_bytes() + b"\0" + script.read_bytes() + b"\0" + spec.encode()


def add_memory_images(stage: Path, stdlib: str) -> None:
    """Write each tool's memory image into the runtime folder (needs node)."""
    node = shutil.which("node")
    if node is None:
        log("node not found: no memory images (Python starts from scratch on every page)")
        return
    script = ROOT / "scripts" / "make_memory.mjs"
    worker = ROOT / "docs" / "javascripts" / "cp14-worker.js"
    for tool in MEMORY_IMAGES:
        log(f"taking the {tool} page's memory image")
        spec = stage.parent / f"{tool}.memory.json"
        spec.write_text(_memory_spec(tool, stdlib))
        try:
            out = stage / memory_file(tool)
            _run([node, str(script), str(stage), str(worker), str(spec), str(out)])
        except RuntimeError as err:
            log(f"no memory image for the {tool} page; it will start from scratch:\n{err}")
        finally:
            spec.unlink()


def _memory_settings(path: Path) -> dict[str, object]:
    """What a page's worker needs to know of a memory image before fetching it."""
    with gzip.open(path) as f:
        head = f.read(12)
    digest = base64.b64encode(hashlib.sha256(path.read_bytes()).digest()).decode()
    return {
        "file": path.name,
        "integrity": f"sha256-{digest}",
        "length": int.from_bytes(head[8:12], "little"),
    }


def top_level_imports(wheel: Path) -> list[str]:
    """The names a wheel makes importable: its top-level packages (a folder with an
    __init__ module, source or bytecode) and modules, sorted."""
    names: set[str] = set()
    with zipfile.ZipFile(wheel) as z:
        for name in z.namelist():
            parts = name.split("/")
            if ".dist-info" in parts[0] or ".data" in parts[0]:
                continue
            if len(parts) == 1 and parts[0].endswith((".py", ".pyc")):
                names.add(parts[0].rsplit(".", 1)[0])
            elif len(parts) == 2 and parts[1] in ("__init__.py", "__init__.pyc"):
                names.add(parts[0])
    return sorted(names)


def write_lock(wheels: list[Path], folder: Path, info: dict[str, object]) -> dict[str, object]:
    """A pyodide-lock.json listing only `wheels` (already copied into `folder`)."""
    from pyodide_lock import PyodideLockSpec
    from pyodide_lock.utils import add_wheels_to_spec

    stock = json.loads((NPM_PYODIDE / "pyodide-lock.json").read_text())
    empty = PyodideLockSpec.from_dict({"info": stock["info"], "packages": {}})
    # collect_wheels already walked every requirement; the ones missing here are
    # exactly NOT_SERVED, which the browser never imports.
    spec = add_wheels_to_spec(
        empty, [folder / w.name for w in wheels], base_path=folder, ignore_missing_dependencies=True
    )
    data = spec.to_dict()
    # pyodide-lock finds the import names in a wheel's sources; the start wheels
    # have bytecode only (strip_sources), so they come from the wheel's folders.
    for wheel in wheels:
        entry = data["packages"].get(canonicalize_name(parse_wheel_filename(wheel.name)[0]))
        if entry is not None and not entry.get("imports"):
            entry["imports"] = top_level_imports(folder / wheel.name)
    own = data["packages"][PROJECT]
    own["depends"] = [d for d in own["depends"] if d not in LAZY_DEPENDS]
    text = json.dumps(data, indent=1, sort_keys=True) + "\n"
    (folder / "pyodide-lock.json").write_text(text)
    return data


def zstd_compress(data: bytes, level: int = ZSTD_LEVEL) -> bytes:
    """`data` as one zstd frame that names its size (the same bytes every time)."""
    import zstandard  # a build tool only (requirements-dev.txt)

    return zstandard.ZstdCompressor(level=level, write_content_size=True).compress(data)


def compressed_files(stage: Path, wheels: list[Path]) -> dict[str, str]:
    """Each runtime file that travels compressed with zstd -> the name of its copy."""
    names = [*COMPRESSED]
    if (stage / STDLIB).is_file():
        names.append(STDLIB)
    for wheel in wheels:
        if canonicalize_name(parse_wheel_filename(wheel.name)[0]) in BYTECODE:
            names.append(wheel.name)
    return {name: f"{name}.zst" for name in names}


def add_compressed(stage: Path, cache: Path, files: dict[str, str]) -> None:
    """Put the zstd copy of each of `files` and the decoder in the folder. The
    copies are cached by the sha256 of what they hold (level 19 takes seconds)."""
    if not NPM_DECODER.is_file():
        raise RuntimeError(f"{NPM_DECODER} is missing: run `npm ci`")
    store = cache / "zstd"
    store.mkdir(parents=True, exist_ok=True)
    for name, packed in files.items():
        data = (stage / name).read_bytes()
        kept = store / f"{hashlib.sha256(data).hexdigest()}-{ZSTD_LEVEL}.zst"
        if not kept.is_file():
            log(f"zstd -{ZSTD_LEVEL} {name}")
            tmp = kept.with_suffix(".tmp")
            tmp.write_bytes(zstd_compress(data))
            tmp.rename(kept)
        _link_or_copy(kept, stage / packed)
    shutil.copyfile(NPM_DECODER, stage / DECODER)


def gzip_files(transport: dict[str, str]) -> dict[str, str]:
    """Each runtime file that has a gzip copy too -> the name of that copy: those of
    `transport` that the host does not gzip itself (all but the WebAssembly)."""
    return {name: f"{name}.gz" for name in transport if not name.endswith(".wasm")}


def add_gzipped(stage: Path, files: dict[str, str]) -> None:
    """Put the gzip copy (level 9, no name or date: the same bytes every time) of
    each of `files` in the folder."""
    for name, packed in files.items():
        data = (stage / name).read_bytes()
        (stage / packed).write_bytes(gzip.compress(data, compresslevel=9, mtime=0))


def _link_or_copy(src: Path, dst: Path) -> None:
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def build(cache: Path = CACHE, update_pins: bool = False) -> Dist:
    """Assemble (or reuse) the runtime folder; returns where it is and what is in it."""
    version, info = pyodide_info()
    for name in RUNTIME_FILES:
        if not (NPM_PYODIDE / name).is_file():
            raise RuntimeError(f"{NPM_PYODIDE / name} is missing: run `npm ci`")
    wheels = add_bytecode(collect_wheels(cache, info, update_pins), cache, version)
    with tempfile.TemporaryDirectory(dir=cache) as tmp:
        stage = Path(tmp)
        for name in RUNTIME_FILES:
            _link_or_copy(NPM_PYODIDE / name, stage / name)
        for w in wheels:
            _link_or_copy(w, stage / w.name)
        lock = write_lock(wheels, stage, info)
        stdlib = STDLIB if add_stdlib_bytecode(stage, cache) else "python_stdlib.zip"
        transport = compressed_files(stage, wheels)
        add_compressed(stage, cache, transport)
        gzipped = gzip_files(transport)
        add_gzipped(stage, gzipped)
        files = sorted(p for p in stage.iterdir())
        digest = hashlib.sha256(_digest(files, stage).encode() + _memory_inputs()).hexdigest()
        name = f"{version}-{digest[:12]}"
        final = cache / "dist" / name
        if not final.is_dir():
            add_memory_images(stage, stdlib)
            shutil.rmtree(cache / "dist", ignore_errors=True)
            final.parent.mkdir(parents=True, exist_ok=True)
            stage.chmod(0o755)
            stage.rename(final)
            stage.mkdir()  # so the temporary directory can be cleaned up
    packages = lock["packages"]
    assert isinstance(packages, dict)
    trimmed = (final / STDLIB).is_file()
    images = {tool: memory_file(tool) for tool in MEMORY_IMAGES}
    images = {tool: f for tool, f in images.items() if (final / f).is_file()}
    return Dist(
        path=final,
        name=name,
        files=(
            *RUNTIME_FILES,
            *((STDLIB,) if trimmed else ()),
            "pyodide-lock.json",
            *(w.name for w in wheels),
            *sorted(images.values()),
            *transport.values(),
            *gzipped.values(),
            DECODER,
        ),
        wheels={k: v["file_name"] for k, v in packages.items()},
        depends={k: list(v["depends"]) for k, v in packages.items()},
        pyodide_version=version,
        memory={t: _memory_settings(final / f) for t, f in images.items()},
        stdlib=STDLIB if trimmed else None,
        transport=transport,
        decoder=DECODER,
        gzipped=gzipped,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="also copy the runtime folder here")
    parser.add_argument(
        "--update-pins",
        action="store_true",
        help=f"record the sha256 of new PyPI downloads in scripts/{PINS.name} (check them first)",
    )
    args = parser.parse_args()
    dist = build(update_pins=args.update_pins)
    print(dist.path)
    for k in sorted(dist.wheels):
        print(f"  {k}: {dist.wheels[k]}  depends={dist.depends[k]}")
    if args.out:
        target = args.out / dist.name
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(dist.path, target)
        print(target)


if __name__ == "__main__":
    main()
