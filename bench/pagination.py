#!/usr/bin/env python3
"""How alike the DOCX and the PDF break pages: a measurement, not a test.

    .venv/bin/python bench/pagination.py [TARGET ...]      # default: every target

Builds each target (DOCX and PDF) into a temporary folder, converts the DOCX to
PDF with LibreOffice headless (its own profile), reads both PDFs page by page
with pdftotext, and prints for each target the page counts and, for every page
after the first, whether both start with the same line.  Neither reader is ours.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_BULLETS = "\u2022\uf0b7\u25aa-* "  # LibreOffice prints Word's Symbol bullet as U+F0B7


def pdf_pages(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    return text.split("\f")[:-1]


def first_line(page: str) -> str:
    for line in page.splitlines():
        words = " ".join(line.split()).lstrip(_BULLETS)
        if words:
            return words[:60]
    return ""


def compare(ours: Path, theirs: Path) -> tuple[int, int, int, list[str]]:
    """(our pages, LibreOffice's pages, later pages starting alike, a line per page)."""
    a, b = [first_line(p) for p in pdf_pages(ours)], [first_line(p) for p in pdf_pages(theirs)]
    lines, alike = [], 0
    for index in range(max(len(a), len(b))):
        left = a[index] if index < len(a) else "(no page)"
        right = b[index] if index < len(b) else "(no page)"
        if index and left == right:
            alike += 1
        mark = "=" if left == right else "≠"
        lines.append(f"  p{index + 1} {mark} PDF: {left}" + ("" if left == right else f"\n         DOCX: {right}"))
    return len(a), len(b), alike, lines


def main(argv: list[str]) -> int:
    sys.path.insert(0, str(ROOT))
    from dossier.errors import Diagnostics
    from dossier.pipeline import build
    from dossier.project import load_project

    project = load_project(ROOT, Diagnostics())
    targets = argv or sorted(project.submissions)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        for target in targets:
            diags = Diagnostics()
            build(ROOT, target, out, ("docx", "pdf"), diags, project=project)
            if diags.errors:
                print("\n".join(map(str, diags.errors)), file=sys.stderr)
                return 1
        converted = Path(tmp) / "lo"
        subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp}/lo-profile",
                        "--convert-to", "pdf", "--outdir", str(converted),
                        *[str(out / f"{t}.docx") for t in targets]], capture_output=True, check=True)
        total_alike = total_later = 0
        for target in targets:
            ours, theirs, alike, lines = compare(out / f"{target}.pdf", converted / f"{target}.pdf")
            later = max(ours, theirs) - 1
            total_alike, total_later = total_alike + alike, total_later + later
            print(f"{target}: {ours} pages in the PDF, {theirs} in the DOCX (LibreOffice); "
                  f"{alike} of {later} later pages start with the same line")
            print("\n".join(lines))
        print(f"all: {total_alike} of {total_later} later pages start alike")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
