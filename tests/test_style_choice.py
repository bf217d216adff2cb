"""The citation style: the format's by default, a submission's own when it names one."""

from __future__ import annotations

from conftest import FIXTURES, copy_project, run_build
from goldens import note_list


def _build(root):
    from dossier.errors import Diagnostics
    from dossier.pipeline import build

    diags = Diagnostics()
    result = build(root, "mini", root / "out", ("md",), diags)
    assert not diags.items, [str(d) for d in diags.items]
    return note_list(result.document.notes)


def test_format_default_is_the_un_style(tmp_path):
    root = copy_project(FIXTURES / "mini", tmp_path / "p")
    assert _build(root)[1] == "2 Committee against Torture, Concluding observations on the example report, CAT/C/EXA/CO/1, para. 12."


def test_a_submission_overrides_its_formats_style(tmp_path):
    root = copy_project(FIXTURES / "mini", tmp_path / "p")
    path = root / "content/submissions/mini.yaml"
    path.write_text(path.read_text().replace("title: Individual Submission", "title: Individual Submission\ncitation_style: us-legal"))
    assert _build(root) == [
        "1 Example News, *A report on the example* [예시에 관한 보도] (May 6, 2021), at 3, https://example.org/report.",
        "2 Committee against Torture, Concluding observations on the example report, ¶ 12, U.N. Doc. CAT/C/EXA/CO/1 (Jan. 15, 2030).",
        "3 Example News, *supra* note 1, at 4.",
    ]


def test_an_unknown_style_in_a_format_is_located(tmp_path, capsys):
    root = copy_project(FIXTURES / "mini", tmp_path / "p")
    spec = root / "templates/upr/format.yaml"
    text = spec.read_text()
    spec.write_text(text.replace("citation_style: un ", "citation_style: bluebook "))
    line = next(i for i, l in enumerate(spec.read_text().splitlines(), 1) if l.startswith("citation_style"))
    run = run_build(capsys, "--project", str(root), "mini", "--only", "md", "--out", str(tmp_path / "out"))
    assert run.status == 1
    assert run.err == (f"templates/upr/format.yaml:{line}:17: unknown citation style 'bluebook' "
                       "(known: simple, un, oscola, us-legal)\nnothing was written\n")
