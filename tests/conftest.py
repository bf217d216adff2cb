"""Shared helpers: example projects built in temporary folders, and external readers."""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
sys.path.insert(0, str(REPO))

from dossier.cli import main  # noqa: E402


def copy_project(source: Path, dest: Path) -> Path:
    """A fixture project laid over the repository's format templates.

    A fixture's own files under templates/ (one template, a style.css) replace
    or join the repository's, so a fixture holds only what it changes.
    """
    shutil.copytree(REPO / "templates", dest / "templates", dirs_exist_ok=True)
    shutil.copytree(source, dest, dirs_exist_ok=True)
    return dest


def coalition_project(tmp_path: Path) -> tuple[Path, Path]:
    """The mini project using a finding of a second repository ("partner"): (main, partner)."""
    main = copy_project(FIXTURES / "mini", tmp_path / "main")
    shutil.copytree(FIXTURES / "partner", tmp_path / "partner-content")
    (main / "dossier.yaml").write_text("repositories:\n  - name: partner\n    path: ../partner-content\n")
    sub = main / "content/submissions/mini.yaml"
    sub.write_text(sub.read_text().replace("      - finding: first-finding\n",
                                           "      - finding: first-finding\n      - finding: partner:shared-finding\n"))
    return main, tmp_path / "partner-content"


def replace_once(path: Path, old: str, new: str) -> None:
    """``old`` replaced by ``new`` once in the file at ``path`` (which must hold it): an edit to content."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{path.name} holds no {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def repo_project(dest: Path) -> Path:
    for name in ("content", "templates"):
        shutil.copytree(REPO / name, dest / name)
    shutil.copy(REPO / "references.bib", dest / "references.bib")
    return dest


@dataclass
class Run:
    status: int
    out: str
    err: str


def run_build(capsys, *args: str) -> Run:
    capsys.readouterr()
    status = main(list(args))
    captured = capsys.readouterr()
    return Run(status, captured.out, captured.err)


def require(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        pytest.skip(f"{tool} is not installed (./setup installs it)")
    return path


def libreoffice_odt(outdir: Path, *docx: Path, timeout: float = 300) -> list[Path]:
    """LibreOffice headless converts each DOCX to ODT in ``outdir``: the ODT files, in order."""
    soffice = require("soffice")
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{outdir}/lo-profile",
                    "--convert-to", "odt", "--outdir", str(outdir), *map(str, docx)],
                   check=True, capture_output=True, timeout=timeout)
    return [outdir / (path.stem + ".odt") for path in docx]


def odt_part(odt: Path, name: str = "content.xml"):
    """One XML part of an ODT file, parsed."""
    import zipfile

    from lxml import etree

    with zipfile.ZipFile(odt) as archive:
        return etree.fromstring(archive.read(name))


def run_tool(*args: str, timeout: float = 180) -> str:
    result = subprocess.run(args, capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0, f"{args[0]} failed: {result.stderr}"
    return result.stdout


@pytest.fixture(scope="session")
def upr_build(tmp_path_factory):
    """The repository's UPR submission, built once: (project root, out dir, document)."""
    from dossier.errors import Diagnostics
    from dossier.pipeline import build

    root = repo_project(tmp_path_factory.mktemp("upr"))
    out = root / "out"
    diags = Diagnostics()
    result = build(root, "upr-2024", out, ("docx", "pdf"), diags)
    assert not diags.items, diags.items
    return root, out, result.document


@pytest.fixture(scope="session")
def mini_build(tmp_path_factory):
    from dossier.errors import Diagnostics
    from dossier.pipeline import build

    root = copy_project(FIXTURES / "mini", tmp_path_factory.mktemp("mini"))
    out = root / "out"
    diags = Diagnostics()
    result = build(root, "mini", out, ("docx", "pdf"), diags)
    assert not diags.items, diags.items
    return root, out, result.document


# ---- every DOCX a test writes is a sound package (tests/docx_package.py) ------------------
_checked_docx: dict[Path, tuple[int, int]] = {}


def check_docx_under(root: Path) -> None:
    """The package check on every .docx under ``root`` not checked since it was last written."""
    from docx_package import assert_sound_package

    if not root.is_dir():
        return
    for path in sorted(root.rglob("*.docx")):
        try:
            stat = path.stat()
        except OSError:  # removed while we looked
            continue
        stamp = (stat.st_mtime_ns, stat.st_size)
        if _checked_docx.get(path) == stamp or not path.is_file() or path.name.startswith("~$"):
            continue
        _checked_docx[path] = stamp
        if path in _broken_on_purpose or not zipfile_like(path):
            continue  # a test's deliberately broken or foreign file, not one we wrote
        assert_sound_package(path)


_broken_on_purpose: set[Path] = set()


def broken_on_purpose(path: Path) -> Path:
    """A DOCX a test damages on purpose (an input to refuse): the package check leaves it alone."""
    _broken_on_purpose.add(path)
    return path


def zipfile_like(path: Path) -> bool:
    import zipfile

    return zipfile.is_zipfile(path)


@pytest.fixture(autouse=True)
def _docx_packages_of_the_test(request):
    """At teardown: every DOCX the test wrote under its tmp_path, checked (a new test cannot forget it)."""
    yield
    tmp_path = getattr(request.node, "funcargs", {}).get("tmp_path")  # torn down already: its value stays
    if tmp_path is not None:
        check_docx_under(tmp_path)


@pytest.fixture(autouse=True, scope="module")
def _docx_packages_of_the_module(tmp_path_factory):
    """At the end of each test module: every DOCX under the session's temporary folders
    (module and session fixtures' builds included), checked."""
    yield
    check_docx_under(tmp_path_factory.getbasetemp())


# ---- the page check, on every PDF the tests write -------------------------------------
# os.replace is how every output lands (dossier/output.py), so wrapping it sees each PDF
# of every build in this process, whatever folder the test chose (hypothesis examples use
# their own); a test's tmp_path is searched too, for PDFs a build.py subprocess wrote.
_pdf_problems: list[str] = []
_pdfs_checked: set[tuple[str, int]] = set()


def check_pdf_pages(path: Path, only_ours: bool = False) -> None:
    """Run the page check once per written version of ``path``; problems are kept for the test.

    ``only_ours``: a PDF found in a folder rather than seen written by a build may be
    another program's (LibreOffice's conversion of a DOCX), which is not checked.
    """
    from pdf_pages import page_problems

    try:
        key = (str(path), path.stat().st_mtime_ns)
    except OSError:
        return
    if key in _pdfs_checked:
        return
    _pdfs_checked.add(key)
    if path.read_bytes()[:5] != b"%PDF-":  # a test's deliberately broken or fake file
        return
    if only_ours and not _made_by_weasyprint(path):
        return
    _pdf_problems.extend(page_problems(path))


def _made_by_weasyprint(path: Path) -> bool:
    import pikepdf

    try:
        with pikepdf.open(path) as pdf:
            return str(pdf.docinfo.get("/Producer", "")).startswith("WeasyPrint")
    except pikepdf.PdfError:
        return True  # unreadable: the page check says so


@pytest.fixture(scope="session", autouse=True)
def _pages_of_every_written_pdf():
    import os

    real_replace = os.replace

    def replace_and_check(src, dst, *args, **kwargs):
        real_replace(src, dst, *args, **kwargs)
        if str(dst).endswith(".pdf"):
            check_pdf_pages(Path(dst))

    patch = pytest.MonkeyPatch()
    patch.setattr(os, "replace", replace_and_check)
    yield
    patch.undo()


@pytest.fixture(autouse=True)
def _no_pdf_page_problems(request, _pages_of_every_written_pdf):
    # not cleared here: session fixtures this test set up (upr_build) wrote their PDFs already
    tmp = request.getfixturevalue("tmp_path") if "tmp_path" in request.fixturenames else None
    yield
    if tmp is not None:
        for path in tmp.rglob("*.pdf"):
            if path.is_file():
                check_pdf_pages(path, only_ours=True)
    problems, _pdf_problems[:] = list(_pdf_problems), []
    assert not problems, "page check of the PDFs this test wrote:\n" + "\n".join(problems)
