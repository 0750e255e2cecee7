"""The pre-commit hooks work as the contract says, through pre-commit itself.

``pre-commit try-repo`` installs this checkout into a fresh virtualenv and runs the hook
on files in a scratch git repository: the report-only ``textqa`` hook must fail on a spun
article, pass on a clean one, and never change either file.

try-repo only sees committed and tracked-modified files, so the test first snapshots the
working tree (tracked and untracked, minus what .gitignore excludes) into a throwaway
repository and commits it there; the checkout's own git state is never touched.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SPUN = REPO / "seeds" / "002_3639516a7f37bea3.txt"
CLEAN = REPO / "seeds" / "000_13d23e3bc0456881.txt"
GIT_IDENTITY = ("-c", "user.name=textqa tests", "-c", "user.email=tests@example.invalid")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("pre-commit") is None, reason="pre-commit not installed"),
    pytest.mark.skipif(shutil.which("git") is None, reason="git not installed"),
]


def _git(cwd: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", *GIT_IDENTITY, *args], cwd=cwd, capture_output=True, text=True, check=True
    )
    return done.stdout


def _project_files() -> list[Path]:
    if (REPO / ".git").exists():
        listed = _git(REPO, "ls-files", "-z", "--cached", "--others", "--exclude-standard")
        names = [name for name in listed.split("\0") if name]
        return [Path(name) for name in names if (REPO / name).is_file()]
    skip = {".git", ".venv", ".tox", "__pycache__", ".pytest_cache", ".ruff_cache", "build"}
    return [
        path.relative_to(REPO)
        for path in REPO.rglob("*")
        if path.is_file() and not skip & set(path.relative_to(REPO).parts)
    ]


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory) -> Path:
    """A committed snapshot of this checkout's working tree."""
    snapshot = tmp_path_factory.mktemp("hook-repo")
    for relative in _project_files():
        target = snapshot / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / relative, target)
    assert (snapshot / ".pre-commit-hooks.yaml").is_file()
    _git(snapshot, "init", "-q")
    _git(snapshot, "add", "-A")
    _git(snapshot, "commit", "-q", "-m", "snapshot")
    return snapshot


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """A user's repository holding one spun and one clean article."""
    folder = tmp_path_factory.mktemp("user-repo")
    shutil.copyfile(SPUN, folder / "spun.txt")
    shutil.copyfile(CLEAN, folder / "clean.txt")
    _git(folder, "init", "-q")
    _git(folder, "add", "spun.txt", "clean.txt")
    return folder


def _digest(folder: Path) -> dict[str, str]:
    return {
        name: hashlib.sha256((folder / name).read_bytes()).hexdigest()
        for name in ("spun.txt", "clean.txt")
    }


def _try_repo(hook_repo: Path, project: Path, hook: str, *files: str, home: Path):
    env = dict(os.environ, PRE_COMMIT_HOME=str(home), PRE_COMMIT_COLOR="never")
    env.pop("GITHUB_ACTIONS", None)
    return subprocess.run(
        ["pre-commit", "try-repo", str(hook_repo), hook, "--verbose", "--files", *files],
        cwd=project,
        capture_output=True,
        text=True,
        env=env,
        timeout=900,
        check=False,
    )


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> Path:
    """One pre-commit cache for the module, so the hook's virtualenv is built once."""
    return tmp_path_factory.mktemp("pre-commit-home")


def test_report_only_hook_fails_on_spun_text(hook_repo, project, home):
    before = _digest(project)
    done = _try_repo(hook_repo, project, "textqa", "spun.txt", home=home)
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert "Failed" in output
    assert "spun.txt" in output
    assert "files were modified" not in output
    assert _digest(project) == before


def test_report_only_hook_passes_on_clean_text(hook_repo, project, home):
    before = _digest(project)
    done = _try_repo(hook_repo, project, "textqa", "clean.txt", home=home)
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    assert "Passed" in output
    assert _digest(project) == before
