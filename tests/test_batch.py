"""--all: every target, in parallel, unchanged ones skipped by the hash of their inputs."""

from __future__ import annotations

from conftest import repo_project, run_build


def _rows(out: str) -> dict[str, str]:
    rows = {}
    for line in out.splitlines()[1:]:
        parts = line.split()
        if parts and not parts[0][0].isdigit():
            rows[parts[0]] = line
    return rows


def test_all_builds_every_target_then_skips_unchanged_ones(tmp_path, capsys):
    root = repo_project(tmp_path / "p")
    first = run_build(capsys, "--project", str(root), "--all", "--only", "docx", "--jobs", "2")
    assert first.status == 0, first.err
    assert first.out.splitlines()[-1].startswith("4 built, 0 unchanged, 0 failed in ")
    assert "[4/4]" in first.err

    again = run_build(capsys, "--project", str(root), "--all", "--only", "docx")
    assert again.out.splitlines()[-1].startswith("0 built, 4 unchanged, 0 failed in ")
    assert "1,934 / 2,815" in _rows(again.out)["upr-2024"]  # the table still shows the budget

    # a finding that only the UPR submission and the CEDAW report use
    finding = root / "content/findings/cat-recommendations-ignored.yaml"
    finding.write_text(finding.read_text().replace("Unfortunately, China", "Unfortunately, China still"))
    changed = run_build(capsys, "--project", str(root), "--all", "--only", "docx")
    rows = _rows(changed.out)
    assert rows["upr-2024"].endswith("out/upr-2024.docx")
    assert rows["cedaw-china"].endswith("out/cedaw-china.docx")
    assert rows["cecc-2023"].endswith("unchanged") and rows["sr-slavery-2024"].endswith("unchanged")

    # a different set of outputs, or a deleted output, is built again
    (root / "out/cecc-2023.docx").unlink()
    rebuilt = run_build(capsys, "--project", str(root), "--all", "--only", "docx")
    assert _rows(rebuilt.out)["cecc-2023"].endswith("out/cecc-2023.docx")


def test_one_failing_target_does_not_stop_the_others(tmp_path, capsys):
    root = repo_project(tmp_path / "p")
    sub = root / "content/submissions/cecc-2023.yaml"
    sub.write_text(sub.read_text().replace("[@nkhr-blood-coal]", "[@nkhr-blood-cole]"))
    run = run_build(capsys, "--project", str(root), "--all", "--only", "docx")
    assert run.status == 1
    assert "unknown citation key 'nkhr-blood-cole'; did you mean 'nkhr-blood-coal'?" in run.err
    rows = _rows(run.out)
    assert rows["cecc-2023"].endswith("FAILED")
    assert run.out.splitlines()[-1].startswith("3 built, 0 unchanged, 1 failed in ")
    assert not (root / "out/cecc-2023.docx").exists()


def test_parallel_builds_keep_every_output_in_the_record(tmp_path, capsys):
    """Workers write the output record at once; none may lose another's entry (a lock)."""
    import json

    root = repo_project(tmp_path / "p")
    for _ in range(3):
        run = run_build(capsys, "--project", str(root), "--all", "--only", "docx", "--rebuild", "--jobs", "4")
        assert run.status == 0, run.err
    record = json.loads((root / "out/.dossier-outputs.json").read_text())
    names = set(record.get("outputs", record))
    assert {f"{t}.docx" for t in ("cecc-2023", "cedaw-china", "sr-slavery-2024", "upr-2024")} <= names
