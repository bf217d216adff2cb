"""What a new machine and a new organisation get: the locked packages, the `dossier` command, `init`.

The lock (requirements.lock) is what ./setup installs, so the test run uses exactly
its versions; the installed package, built into a wheel and installed into a fresh
environment, makes a new content repository, builds it and checks it without the
source tree on its path.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from importlib.metadata import distributions
from pathlib import Path

import pytest

from conftest import FIXTURES, REPO, copy_project, run_build

LOCK = REPO / "requirements.lock"


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _locked() -> dict[str, str]:
    return {_norm(m.group(1)): m.group(2)
            for m in re.finditer(r"^([A-Za-z0-9][\w.-]*)==(\S+)", LOCK.read_text(), re.M)}


def test_every_locked_package_has_an_exact_version_and_hashes():
    entries = re.split(r"\n(?=[A-Za-z0-9])", LOCK.read_text())
    requirements = [e for e in entries if re.match(r"[A-Za-z0-9]", e)]
    assert len(requirements) == len(_locked()) > 10
    for entry in requirements:
        assert re.match(r"[A-Za-z0-9][\w.-]*==\S+ \\\n", entry), entry.splitlines()[0]
        assert re.search(r"--hash=sha256:[0-9a-f]{64}", entry), f"no hash: {entry.splitlines()[0]}"


def test_the_lock_holds_every_dependency_pyproject_names():
    from packaging.requirements import Requirement

    project = tomllib.loads((REPO / "pyproject.toml").read_text())
    wanted = [*project["project"]["dependencies"], *project["project"]["optional-dependencies"]["test"],
              *project["build-system"]["requires"]]
    locked = _locked()
    for text in wanted:
        requirement = Requirement(text)
        name = _norm(requirement.name)
        assert name in locked, f"{name} is not in requirements.lock"
        assert requirement.specifier.contains(locked[name], prereleases=True), (text, locked[name])


def test_setup_installs_the_lock_with_hashes_and_nothing_else():
    setup = (REPO / "setup").read_text()
    assert re.search(r'install --require-hashes -r requirements\.lock\n', setup)
    # dossier itself: without dependencies, built by the locked setuptools
    assert re.search(r"install --no-deps --no-build-isolation -e \. ", setup)
    ci = (REPO / ".ci/run").read_text()
    assert re.search(r"^\./setup$", ci, re.M), "CI must run ./setup with no option: the locked install"


def test_the_environment_running_the_tests_is_the_lock():
    """.venv as ./setup left it: every locked version, no package the lock does not name."""
    venv = REPO / ".venv"
    if Path(sys.prefix).resolve() != venv.resolve():
        pytest.skip("the tests are not run by .venv/bin/python")
    marker = venv / "dossier-setup"
    if marker.is_file() and marker.read_text().strip() == "latest":
        pytest.skip(".venv was set up with ./setup --latest (run ./setup to return to the lock)")
    installed = {_norm(d.metadata["Name"]): d.version for d in distributions()}
    installed.pop("pip", None)
    installed.pop("dossier", None)
    assert installed == _locked()


# -- dossier init ---------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["upr", "cedaw", "cecc", "sr"])
def test_init_makes_a_repository_whose_example_builds_at_once(tmp_path, capsys, fmt):
    repo = tmp_path / "ours"
    made = run_build(capsys, "init", str(repo), "--org", "Alliance “Ωmega”: rights & remedies",
                     "--acronym", "AΩR", "--format", fmt)
    assert made.status == 0, made.err
    target = {"sr": "special-rapporteur"}.get(fmt, fmt) + "-example"
    assert (repo / f"content/submissions/{target}.yaml").is_file()
    assert (repo / ".gitignore").read_text().splitlines()[-1] == "out/"
    assert f"dossier build {target}" in (repo / "README.md").read_text()
    assert not (repo / "templates").exists()  # the shipped formats serve it
    built = run_build(capsys, "--project", str(repo), target, "--only", "md", "--out", str(repo / "out"))
    assert built.status == 0, built.err
    assert built.err == ""  # no warning either
    markdown = (repo / f"out/{target}.md").read_text()
    assert "Universal Declaration of Human Rights" in markdown  # its note, from its references.bib
    organisation = next((repo / "content/organisations").glob("*.yaml")).read_text()
    assert '"Alliance “Ωmega”: rights & remedies"' in organisation  # quoted: a colon stays text
    assert "description of the organisation" not in markdown  # the starter's advice is never printed


def test_init_refuses_a_folder_that_is_not_empty(tmp_path, capsys):
    (tmp_path / "notes.txt").write_text("ours")
    run = run_build(capsys, "init", str(tmp_path), "--org", "Name")
    assert run.status == 2
    assert run.err == f"error: {tmp_path}: the folder is not empty; dossier init writes a new repository " \
                      f"only into a new or empty folder\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_init_refuses_an_unknown_format(tmp_path, capsys):
    run = run_build(capsys, "init", str(tmp_path / "new"), "--org", "Name", "--format", "upp")
    assert run.status == 2 and "unknown format 'upp'" in run.err
    assert not (tmp_path / "new").exists()


def test_a_repository_s_own_format_folder_replaces_the_shipped_one(tmp_path, capsys):
    """templates/upr/ of the repository wins; without one, the shipped upr is used."""
    repo = tmp_path / "ours"
    assert run_build(capsys, "init", str(repo), "--org", "Name").status == 0
    shutil.copytree(REPO / "templates/upr", repo / "templates/upr")
    spec = repo / "templates/upr/format.yaml"
    spec.write_text(spec.read_text().replace("label: UPR\n", "label: Our UPR\n"))
    run = run_build(capsys, "--project", str(repo), "--list")
    assert run.status == 0, run.err
    assert "Our UPR" in run.out
    shutil.rmtree(repo / "templates")
    run = run_build(capsys, "--project", str(repo), "--list")
    assert "Our UPR" not in run.out and "UPR (individual)" in run.out


def test_a_broken_own_format_is_reported_not_replaced_by_the_shipped_one(tmp_path, capsys):
    root = copy_project(FIXTURES / "mini", tmp_path / "project")
    (root / "templates/upr/format.yaml").write_text("name: [unclosed\n")
    run = run_build(capsys, "--project", str(root), "mini", "--only", "md", "--out", str(root / "out"))
    assert run.status == 1
    assert run.err.startswith("templates/upr/format.yaml:2:1: YAML syntax error: "), run.err


# -- the installed command, from a wheel, without the source tree -------------------

def _site_packages(python: Path) -> Path:
    out = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                         capture_output=True, text=True, check=True)
    return Path(out.stdout.strip())


@pytest.mark.slow
def test_the_installed_command_inits_builds_and_checks_a_new_repository(tmp_path):
    # The wheel, built from a copy of what it ships (the source tree is left as it is) with
    # the locked setuptools: no network.
    source = tmp_path / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO / name, source / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in ("dossier", "templates"):
        shutil.copytree(REPO / name, source / name, ignore=ignore)
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation",
                    "--no-index", "-w", str(wheels), str(source)], check=True, capture_output=True)
    [wheel] = wheels.glob("dossier-*.whl")
    import zipfile

    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    for shipped in ("upr/format.yaml", "upr/document.xml.j2", "cecc/format.yaml", "_common/macros.xml.j2"):
        assert f"dossier/shipped_templates/{shipped}" in names, shipped
    assert "dossier/starter/submissions/upr.yaml" in names

    # A fresh environment holding only dossier, seeing the locked packages of .venv
    # through a plain path entry (so .venv's own .pth files, the editable source tree
    # among them, are not read).
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps",
                    "--no-index", str(wheel)], check=True, capture_output=True)
    site = _site_packages(python)
    (site / "locked-packages.pth").write_text(str(_site_packages(Path(sys.executable))) + "\n")

    work = tmp_path / "work"
    work.mkdir()
    env = {key: value for key, value in os.environ.items() if not key.startswith(("PYTHON", "DOSSIER_"))}
    env["XDG_CACHE_HOME"] = str(tmp_path / "cache")
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"

    def dossier(*args: str, cwd: Path = work) -> subprocess.CompletedProcess:
        return subprocess.run([str(venv / "bin" / "dossier"), *args], cwd=cwd, env=env,
                              capture_output=True, text=True, timeout=300)

    where = subprocess.run([str(python), "-c", "import dossier, sys; print(dossier.__file__, *sys.path, sep='\\n')"],
                           cwd=work, env=env, capture_output=True, text=True, check=True).stdout.splitlines()
    assert where[0].startswith(str(site)), where
    assert str(REPO) not in [str(Path(entry).resolve()) for entry in where[1:] if entry], \
        "the source tree is on the installed command's path"

    made = dossier("init", "ours", "--org", "Name of the organisation", "--acronym", "NOTO")
    assert made.returncode == 0, made.stderr
    repo = work / "ours"
    built = dossier("build", "upr-example", cwd=repo)
    assert built.returncode == 0, built.stderr
    assert "upr-example  UPR (individual)" in built.stdout
    assert (repo / "out/upr-example.docx").is_file() and (repo / "out/upr-example.pdf").is_file()
    listed = dossier("--list", cwd=repo)
    assert listed.returncode == 0 and listed.stdout.startswith("upr-example"), listed.stderr
    for command in ("serve", "diff", "where-used", "init"):  # every subcommand of build.py is there
        helped = dossier(command, "--help", cwd=repo)
        assert helped.returncode == 0 and helped.stdout.startswith(f"usage: dossier {command} "), helped
    unknown = dossier("where-used", "no-such-finding", cwd=repo)
    assert unknown.returncode == 2 and "'no-such-finding'" in unknown.stderr
    again = dossier("init", "ours", "--org", "Name")
    assert again.returncode == 2 and "not empty" in again.stderr

    checked = dossier("check", cwd=repo)
    assert checked.returncode == 0, checked.stdout + checked.stderr

    # import reads with dossier.readers and dossier.importing: packages the wheel must hold
    (work / "old.md").write_text("# Background\n\nA paragraph with a note.[^1]\n\n"
                                 "[^1]: Example Org, \"A report\", 2020, <https://example.org/r>.\n",
                                 encoding="utf-8")
    imported = dossier("import", str(work / "old.md"), "--target", "old-input", "--format", "upr", cwd=repo)
    assert "Traceback" not in imported.stderr, imported.stderr
    assert (repo / "content/submissions/old-input.yaml").is_file(), imported.stdout + imported.stderr


def test_build_py_started_by_another_python_runs_itself_in_the_venv(tmp_path):
    """`python3 build.py` with a Python lacking the packages: .venv/bin/python links to that
    very interpreter, so comparing resolved executables once took it for the environment."""
    base = Path(getattr(sys, "_base_executable", sys.executable))
    if Path(sys.prefix).resolve() != (REPO / ".venv").resolve():
        pytest.skip("the tests are not run by .venv/bin/python")
    probe = subprocess.run([str(base), "-c", "import docx"], capture_output=True)
    if probe.returncode == 0:
        pytest.skip(f"{base} has python-docx itself")
    root = copy_project(FIXTURES / "mini", tmp_path / "project")
    env = {key: value for key, value in os.environ.items() if not key.startswith(("PYTHON", "VIRTUAL_ENV"))}
    run = subprocess.run([str(base), str(REPO / "build.py"), "--project", str(root), "--list"],
                         capture_output=True, text=True, env=env, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("mini"), run.stdout
