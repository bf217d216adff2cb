"""Messages name the command as the user typed it: ``dossier check`` where there is no build.py."""

from __future__ import annotations

from conftest import FIXTURES, copy_project

from dossier.cli import main


def _with_a_broken_unused_finding(tmp_path):
    root = copy_project(FIXTURES / "mini", tmp_path / "project")
    (root / "content" / "findings" / "draft.yaml").write_text("text: [unclosed\n", encoding="utf-8")
    return root


def _build(capsys, prog: str, root) -> str:
    capsys.readouterr()
    status = main(["mini", "--only", "md", "--project", str(root), "--out", str(root / "out")], prog=prog)
    assert status == 0
    return capsys.readouterr().err


def test_the_installed_command_points_at_dossier_check(tmp_path, capsys):
    root = _with_a_broken_unused_finding(tmp_path)
    assert _build(capsys, "dossier", root) == "1 other file has errors: dossier check\n"


def test_build_py_points_at_python_build_py_check(tmp_path, capsys):
    root = _with_a_broken_unused_finding(tmp_path)
    assert _build(capsys, "dossier", root).endswith("dossier check\n")  # not remembered for the next run
    assert _build(capsys, "build.py", root) == "1 other file has errors: python build.py check\n"


def test_the_project_may_come_before_a_command(tmp_path, capsys):
    root = copy_project(FIXTURES / "mini", tmp_path / "project")
    for argv in (["--project", str(root), "check"], [f"--project={root}", "check"]):
        capsys.readouterr()
        status = main(argv, prog="dossier")
        captured = capsys.readouterr()
        assert status == 0, captured.err
        assert captured.out.startswith("no errors"), captured.out + captured.err
