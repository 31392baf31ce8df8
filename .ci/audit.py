"""Known vulnerabilities in what the project installs: pip-audit, with a fallback.

pip-audit asks the registry about each installed version (``/pypi/NAME/VERSION/json``).
Where that answer is missing (some registry mirrors only serve a project's latest
metadata), a package is still checked when it is installed at its latest release: the
project's ``/pypi/NAME/json`` lists the latest release's known vulnerabilities. Fails
on any known vulnerability; says plainly which packages could not be checked at all.

Usage: python .ci/audit.py   (run with the virtualenv's python)
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
import urllib.request
from importlib import metadata
from pathlib import Path

REGISTRY = "https://pypi.org/pypi/{name}/json"
OWN = {"tonecheck"}


def normal(name: str) -> str:
    """A project name as the registry compares them (PEP 503)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def installed() -> dict[str, str]:
    found = {}
    for dist in metadata.distributions():
        name = normal(dist.metadata["Name"] or "")
        if name and name not in OWN:
            found[name] = dist.version
    return found


def pip_audit(packages: dict[str, str]) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        requirements = Path(folder) / "requirements.txt"
        requirements.write_text("".join(f"{n}=={v}\n" for n, v in sorted(packages.items())))
        command = [sys.executable, "-m", "pip_audit", "-r", str(requirements), "--no-deps",
                   "--disable-pip", "--progress-spinner", "off", "-f", "json"]  # fmt: skip
        result = subprocess.run(command, capture_output=True, text=True)
    try:
        return json.loads(result.stdout)
    except ValueError:
        print(f"audit: pip-audit gave no report ({result.stderr.strip()[-300:]})")
        return {"dependencies": [{"name": n, "skip_reason": "no report"} for n in packages]}


def latest(name: str) -> tuple[str, list] | None:
    try:
        with urllib.request.urlopen(REGISTRY.format(name=name), timeout=30) as response:
            data = json.load(response)
    except OSError:
        return None
    return data["info"]["version"], data.get("vulnerabilities") or []


def main() -> int:
    packages = installed()
    report = pip_audit(packages)
    vulnerable, unchecked, checked = [], [], 0
    for dependency in report["dependencies"]:
        name = normal(dependency["name"])
        if "skip_reason" not in dependency:
            checked += 1
            vulnerable += [(name, dependency["version"], v["id"]) for v in dependency["vulns"]]
            continue
        answer = latest(name)
        if answer is None:
            unchecked.append(f"{name} (registry not reachable)")
        elif answer[0] != packages.get(name):
            unchecked.append(f"{name} {packages.get(name)} (latest is {answer[0]})")
        else:
            checked += 1
            vulnerable += [(name, answer[0], v.get("id", "?")) for v in answer[1]]
    print(f"audit: {checked} of {len(packages)} installed packages checked for known "
          f"vulnerabilities, {len(vulnerable)} found")  # fmt: skip
    if unchecked:
        print("audit: not checked: " + ", ".join(sorted(unchecked)))
    for name, version, advisory in vulnerable:
        print(f"audit: {name} {version}: {advisory}")
    return 1 if vulnerable else 0


if __name__ == "__main__":
    sys.exit(main())
