"""check_references: fields a style leaves out, the same source twice, references nothing cites."""

from __future__ import annotations

from conftest import FIXTURES, copy_project

BIB = r"""@online{korean-report,
  author    = {Example News},
  title     = {A report on the example},
  origtitle = {예시에 관한 보도},
  origlanguage = {ko},
  date      = {2021-05-06},
  url       = {https://example.org/report},
  abstract  = {Metadata: never printed, never reported.},
  keywords  = {returns, border},
  file      = {report.pdf},
  langid    = {english},
}

@report{un-doc,
  title       = {Concluding observations on the example report},
  institution = {Committee against Torture},
  number      = {CAT/C/EXA/CO/1},
  date        = {2030-01-15},
  venue       = {Palais Wilson, Geneva},
}

@report{same-symbol,
  title       = {Concluding observations (advance version)},
  institution = {Committee against Torture},
  number      = {CAT/C/EXA/CO/1},
  date        = {2029-12-01},
}

@online{same-url,
  title = {The same report, saved twice},
  url   = {https://example.org/report/},
}

@report{same-title,
  author      = {{Example NGO}},
  title       = {A Report on the Example},
  date        = {2021-05-06},
}
"""


def _check(tmp_path, style: str, bib: str = BIB) -> list[str]:
    from dossier.citations.checks import check_references
    from dossier.errors import Diagnostics
    from dossier.project import load_project

    root = copy_project(FIXTURES / "mini", tmp_path / "p")
    (root / "references.bib").write_text(bib, encoding="utf-8")
    sub = root / "content/submissions/mini.yaml"
    sub.write_text(sub.read_text().replace("title: Individual Submission",
                                           f"title: Individual Submission\ncitation_style: {style}"))
    load = Diagnostics()
    project = load_project(root, load, use_cache=False)
    assert not load.items, [str(d) for d in load.items]
    diags = Diagnostics()
    check_references(project, diags)
    return [str(d) for d in diags.items]


def test_a_field_the_style_does_not_print_is_reported_at_its_line(tmp_path):
    got = _check(tmp_path, "us-legal")
    assert "references.bib:19:3: warning: field 'venue' of 'un-doc' is not printed by the us-legal style" in got
    assert not any("korean-report" in line and "field" in line for line in got)  # metadata is quiet


def test_a_style_that_prints_the_field_is_not_told(tmp_path):
    assert not any("venue" in line for line in _check(tmp_path, "un"))


def test_the_same_source_twice_names_both_lines(tmp_path):
    got = _check(tmp_path, "un")
    assert ("references.bib:22:1: warning: entries 'un-doc' (references.bib line 14) and 'same-symbol' "
            "(line 22) are the same source (the same UN symbol): keep one and cite it everywhere") in got
    assert ("references.bib:29:1: warning: entries 'korean-report' (references.bib line 1) and 'same-url' "
            "(line 29) are the same source (the same url): keep one and cite it everywhere") in got
    assert ("references.bib:34:1: warning: entries 'korean-report' (references.bib line 1) and 'same-title' "
            "(line 34) are the same source (the same title and date): keep one and cite it everywhere") in got


def test_references_nothing_cites_are_listed(tmp_path):
    got = _check(tmp_path, "un")
    uncited = sorted(line for line in got if "is not cited" in line)
    assert uncited == [
        "references.bib:22:1: warning: reference 'same-symbol' is not cited by any submission, law text or treaty status",
        "references.bib:29:1: warning: reference 'same-url' is not cited by any submission, law text or treaty status",
        "references.bib:34:1: warning: reference 'same-title' is not cited by any submission, law text or treaty status",
    ]


def test_the_repositorys_own_references_only_warn_of_what_is_true(tmp_path):
    """The project's references.bib: its one uncited entry, and nothing else."""
    from conftest import REPO
    from dossier.citations.checks import check_references
    from dossier.errors import Diagnostics
    from dossier.project import load_project

    project = load_project(REPO, Diagnostics(), use_cache=False)
    diags = Diagnostics()
    check_references(project, diags)
    assert [d.message for d in diags.items] == [
        "reference 'guiding-principles' is not cited by any submission, law text or treaty status"]


def test_where_used_answers_for_a_reference_key(tmp_path, capsys):
    from conftest import repo_project, run_build

    root = repo_project(tmp_path / "project")
    run = run_build(capsys, "where-used", "--project", str(root), "nkhr-blood-coal")
    assert run.status == 0
    assert [line.split()[0] for line in run.out.splitlines()] == ["cecc-2023", "sr-slavery-2024", "upr-2024"]
    run = run_build(capsys, "where-used", "--project", str(root), "untc-status-cat")
    assert run.out.splitlines() == ["content/states/china.yaml treaty status"]
    unknown = run_build(capsys, "where-used", "--project", str(root), "nkhr-blod-coal")
    assert unknown.status == 2
    assert unknown.err == "error: unknown finding or reference 'nkhr-blod-coal'; did you mean 'nkhr-blood-coal'?\n"


def test_check_command_reports_reference_hygiene(tmp_path, capsys):
    """`build.py check` runs these checks over the whole repository."""
    from conftest import repo_project, run_build

    root = repo_project(tmp_path / "project")
    run = run_build(capsys, "check", "--project", str(root))
    assert run.status == 0
    assert ("references.bib:91:1: warning: reference 'guiding-principles' is not cited by any "
            "submission, law text or treaty status") in run.err.splitlines()


def test_no_reference_is_called_uncited_while_a_submission_has_errors(tmp_path, capsys):
    """A submission with an error is not read whole, so what it cites is unknown: `check`
    reports its error, and no "not cited" warning for the references it may cite."""
    from conftest import replace_once, repo_project, run_build

    root = repo_project(tmp_path / "project")
    replace_once(root / "content/submissions/sr-slavery-2024.yaml", "- finding: beauty-products-trade",
                 "- finding: beauty-products-trad")
    run = run_build(capsys, "check", "--project", str(root))
    assert run.status == 1
    assert "unknown finding 'beauty-products-trad'" in run.err
    assert "is not cited by any submission" not in run.err
