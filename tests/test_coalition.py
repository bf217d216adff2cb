"""A submission built from two content repositories."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from conftest import coalition_project, run_build, run_tool


def _git_init(folder) -> str:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    env = ["-c", "user.name=Test", "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false"]
    subprocess.run(["git", "init", "-q", str(folder)], check=True)
    subprocess.run(["git", "-C", str(folder), "add", "-A"], check=True)
    subprocess.run(["git", *env, "-C", str(folder), "commit", "-qm", "content"], check=True)
    return subprocess.run(["git", "-C", str(folder), "rev-parse", "--short", "HEAD"],
                          capture_output=True, text=True, check=True).stdout.strip()


@pytest.fixture
def coalition(tmp_path):
    return coalition_project(tmp_path)


def test_submission_uses_a_finding_of_another_repository(coalition, capsys):
    main, partner = coalition
    partner_commit = _git_init(partner)
    main_commit = _git_init(main)
    run = run_build(capsys, "--project", str(main), "mini", "--only", "docx")
    assert run.status == 0, run.err
    lines = run.out.splitlines()
    assert f"  from this repository @ {main_commit}: 4 files" in lines
    assert f"  from partner (../partner-content) @ {partner_commit}: partner:partner-report, " \
           "partner:shared-finding, partner:shared-sentence" in lines
    text = run_tool("pandoc", "-t", "plain", "--wrap=none", str(main / "out/mini.docx"))
    assert "It is written once, in the partner\u2019s repository." in text  # a typographic apostrophe
    assert "Example Coalition Partner, “A report of the fictional partner” (15 January 2030), PARTNER/2030/1, para. 2." in text


def test_where_used_knows_namespaced_findings(coalition, capsys):
    main, _ = coalition
    run = run_build(capsys, "where-used", "--project", str(main), "partner:shared-sentence")
    assert run.status == 0
    assert run.out.split()[0] == "mini"


def test_a_clash_of_repository_names_is_located(coalition, capsys):
    main, _ = coalition
    (main / "dossier.yaml").write_text("repositories:\n  - name: partner\n    path: ../partner-content\n"
                                       "  - name: partner\n    path: ../partner-content\n")
    run = run_build(capsys, "--project", str(main), "mini")
    assert run.status == 1
    assert run.err.splitlines()[0] == (
        "dossier.yaml:4:11: two repositories are named 'partner' (the first at line 2): ids would clash")


def test_an_unknown_namespaced_finding_is_located(coalition, capsys):
    main, _ = coalition
    sub = main / "content/submissions/mini.yaml"
    sub.write_text(sub.read_text().replace("partner:shared-finding", "partner:shared-findin"))
    run = run_build(capsys, "--project", str(main), "mini")
    assert run.status == 1
    assert run.err.splitlines()[0] == (
        "content/submissions/mini.yaml:16:18: unknown finding 'partner:shared-findin'; "
        "did you mean 'partner:shared-finding'?")


def test_a_shared_finding_is_named_by_its_id_and_title_in_the_review_copy(coalition, capsys):
    import zipfile

    from lxml import etree

    main, _ = coalition
    run = run_build(capsys, "--project", str(main), "mini", "--review", "--only", "docx")
    assert run.status == 0, run.err
    with zipfile.ZipFile(main / "out/mini.review.docx") as docx:
        comments = ["".join(c.itertext()) for c in etree.fromstring(docx.read("word/comments.xml"))]
    shared = [c for c in comments if "partner-content/content/findings/shared-finding.yaml" in c]
    assert shared, comments
    assert all("(finding partner:shared-finding: A finding another organisation wrote)" in c for c in shared)


def test_a_misspelt_key_in_shared_text_is_named_as_written_there(coalition, capsys):
    """Inside the shared repository a key has no repository name (README): the error says the key
    as the file writes it and suggests one written the same way, not this project's alias."""
    main, partner = coalition
    finding = partner / "content/findings/shared-finding.yaml"
    finding.write_text(finding.read_text(encoding="utf-8").replace("[@partner-report,", "[@partner-reprt,"),
                       encoding="utf-8")
    run = run_build(capsys, "--project", str(main), "mini", "--only", "md")
    assert run.status == 1
    (line,) = [l for l in run.err.splitlines() if "unknown citation key" in l]
    assert line.endswith("unknown citation key 'partner-reprt'; did you mean 'partner-report'?"), line
    assert "shared-finding.yaml:" in line
