"""Without --format, import tells the format from the front page: the first sign it finds wins,
so a CECC statement whose body quotes a Special Rapporteur is still a CECC statement."""

from __future__ import annotations

import yaml

from conftest import repo_project, run_build

STATEMENT = """\
Busan, April 2, 2027

**Congressional-Executive Commission on China**

Written Statement provided by Hana Seo-Whitfield, Director of Research, Tidewater Labour Watch

Honorable Chairs and Members of the Commission,

# The Special Rapporteur's findings

The Special Rapporteur described such deductions as debt bondage.

Sincerely yours,
"""


def test_a_cecc_statement_naming_a_special_rapporteur_is_imported_as_cecc(tmp_path, capsys):
    root = repo_project(tmp_path / "p")
    md = tmp_path / "statement.md"
    md.write_text(STATEMENT, encoding="utf-8")
    run = run_build(capsys, "import", "--project", str(root), str(md), "--target", "cecc-guess", "--org", "nkhr")
    written = yaml.safe_load((root / "content/submissions/cecc-guess.yaml").read_text(encoding="utf-8"))
    assert written["format"] == "cecc", run.out + run.err
