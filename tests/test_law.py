"""The law written once: quoted provisions, the treaty status of the State, prior recommendations."""

from __future__ import annotations

import shutil

import pytest

from conftest import FIXTURES, copy_project, repo_project, run_build
from dossier.errors import Diagnostics
from dossier.loading import parse_yaml
from dossier.model import StateRecord
from dossier.schema import load_as

WARN_CASES = sorted(p.name for p in (FIXTURES / "warn").iterdir() if p.is_dir())


@pytest.mark.parametrize("case", WARN_CASES)
def test_warning_cases(case, tmp_path, capsys):
    """A folder under fixtures/warn/: files over the mini project, and the exact warnings."""
    root = copy_project(FIXTURES / "mini", tmp_path / "project")
    shutil.copytree(FIXTURES / "warn" / case, root, dirs_exist_ok=True)
    (root / "expected.txt").unlink()
    run = run_build(capsys, "--project", str(root), "mini", "--only", "md", "--out", str(tmp_path / "out"))
    expected = (FIXTURES / "warn" / case / "expected.txt").read_text(encoding="utf-8")
    assert run.err + f"exit {run.status}\n" == expected


def test_iccpr_signed_only_is_the_warning_and_ratified_treaties_are_not(tmp_path, capsys):
    root = copy_project(FIXTURES / "mini", tmp_path / "project")
    shutil.copytree(FIXTURES / "warn" / "iccpr-binding", root, dirs_exist_ok=True)
    run = run_build(capsys, "--project", str(root), "mini", "--only", "md", "--out", str(tmp_path / "out"))
    warnings = run.err.splitlines()
    assert sum("International Covenant on Civil and Political Rights" in w and "China" in w
               for w in warnings) == 2
    assert not any("Convention against Torture" in w for w in warnings)


def test_the_repository_content_claims_only_treaties_china_has_joined(tmp_path, capsys):
    root = repo_project(tmp_path / "p")
    run = run_build(capsys, "--project", str(root), "upr-2024", "--only", "md", "--out", str(tmp_path / "o"))
    assert run.status == 0 and run.err == ""


def _state(text: str):
    diags = Diagnostics()
    value = load_as(parse_yaml(text, "content/states/x.yaml", diags), StateRecord, diags)
    return value, [str(d) for d in diags.items]


def test_treaty_status_needs_its_dates():
    _, errors = _state("name: X\ntreaties:\n"
                       "  - {instrument: a, status: ratified, source: s}\n"
                       "  - {instrument: b, status: signed, source: s}\n"
                       "  - {instrument: c, status: accepted, source: s}\n")
    assert errors == [
        "content/states/x.yaml:3:5: a State that has ratified needs the 'date' it did",
        "content/states/x.yaml:4:5: status 'signed' needs the date in 'signed'",
        "content/states/x.yaml:5:29: 'status' must be one of ratified, acceded, succeeded, signed, "
        "not-party, not 'accepted'; did you mean 'acceded'?",
    ]


def test_only_treaties_have_a_status(tmp_path, capsys):
    root = copy_project(FIXTURES / "mini", tmp_path / "project")
    shutil.copytree(FIXTURES / "warn" / "iccpr-binding", root, dirs_exist_ok=True)
    path = root / "content/states/china.yaml"
    path.write_text(path.read_text() + "  - instrument: ced-declaration\n    status: not-party\n"
                    "    source: untc-status-icpr\n")
    run = run_build(capsys, "--project", str(root), "mini", "--only", "md", "--out", str(tmp_path / "out"))
    assert run.status == 1
    assert run.err.splitlines()[-3:] == [
        "content/states/china.yaml:13:17: 'ced-declaration' is a resolution, not a treaty: only treaties have a status",
        "content/states/china.yaml:15:13: the source 'untc-status-icpr' is neither a citation key nor a web "
        "address; did you mean 'untc-status-iccpr'?",
        "2 errors; nothing was written",
    ]


# ---- provisions ------------------------------------------------------------------
def _md(tmp_path, capsys, root, target="upr-2024") -> str:
    run = run_build(capsys, "--project", str(root), target, "--only", "md", "--out", str(tmp_path / "o"))
    assert run.status == 0, run.err
    return (tmp_path / "o" / f"{target}.md").read_text(encoding="utf-8")


def test_upr_quotes_the_provisions_from_the_library(tmp_path, capsys):
    """The seed's quotations of the PRC Constitution (in NKHR's words) and the Exit and Entry Law (from content/law/)."""
    text = _md(tmp_path, capsys, repo_project(tmp_path / "p"))
    assert ("article 32 of the Constitution of the People’s Republic of China provides that “The People’s "
            "Republic of China may grant asylum to foreigners who request it on political grounds”. More "
            "specifically") in text
    assert ("states that “Foreigners applying for refugee status may, during the screening process, stay in "
            "China on the strength of temporary identity certificates issued by public security organs; "
            "foreigners who are recognized as refugees may stay or reside in China on the strength of refugee "
            "identity certificates issued by public security organs”. However") in text


def test_a_quoted_provision_with_its_note_and_as_a_block(tmp_path, capsys):
    root = repo_project(tmp_path / "p")
    path = root / "content/submissions/upr-2024.yaml"
    path.write_text(path.read_text().replace(
        "      - finding: quota-system\n",
        "      - finding: quota-system\n"
        "      - text: Article 3 of the Convention provides that [[convention-against-torture/3(1)|cite]].\n"
        "      - provision: refugee-convention/33(1)\n"
        "      - text: Everyone has the right [[udhr/14(1)|cite]].\n"))
    text = _md(tmp_path, capsys, root)
    assert ("Article 3 of the Convention provides that “No State Party shall expel, return (‘refouler’) or "
            "extradite a person to another State where there are substantial grounds for believing that he "
            "would be in danger of being subjected to torture”.[^2]") in text
    # quoted as a block: set off by its indent (> in Markdown), so no marks are added
    assert ("\n> No Contracting State shall expel or return (\u201crefouler\u201d) a refugee in any manner whatsoever to "
            "the frontiers of territories where his life or freedom would be threatened on account of his "
            "race, religion, nationality, membership of a particular social group or political "
            "opinion.[^3]\n") in text
    assert "Everyone has the right “Everyone has the right to seek and to enjoy in other countries asylum from persecution”.[^4]" in text
    notes = [line for line in text.splitlines() if line.startswith("[^")]
    assert notes[1].startswith("[^2]: Convention against Torture and Other Cruel, Inhuman or Degrading "
                               "Treatment or Punishment, 10 December 1984, United Nations, *Treaty Series*, "
                               "vol. 1465, p. 85, art. 3(1).")
    assert notes[2] == ("[^3]: Convention relating to the Status of Refugees, 28 July 1951, United Nations, "
                        "*Treaty Series*, vol. 189, p. 137, art. 33(1).")
    assert notes[3] == ("[^4]: Universal Declaration of Human Rights, [General Assembly resolution 217 A (III) "
                        "of 10 December 1948](<https://undocs.org/A/RES/217(III)>), art. 14(1).")


def test_every_provision_of_the_library_resolves_and_has_its_source():
    from conftest import REPO
    from dossier.project import load_project

    diags = Diagnostics()
    project = load_project(REPO, diags, use_cache=False)
    assert not diags.items
    ids = {f"{law.id}/{p.id}" for law in project.law.values() for p in law.provisions}
    assert ids >= {"convention-against-torture/3(1)", "refugee-convention/33(1)", "exit-entry-law/46",
                   "prc-constitution/32(2)", "udhr/14(1)", "iccpr/12(2)",
                   "declaration-enforced-disappearance/8(1)"}
    for law in project.law.values():
        assert str(law.source) in project.bibliography


@pytest.mark.parametrize("text,claimed", [
    ("China is bound by the Covenant.[@iccpr] It is not bound by the other.[@cat]", ["iccpr"]),
    ("China is bound by art. 12 of the Covenant [@iccpr].", ["iccpr"]),
    ("As a State party to the Convention [@cat], China must act.", ["cat"]),
    ("China has not ratified the Covenant [@iccpr] but has ratified the Convention [@cat].", ["cat"]),
    ("China signed the Covenant in 1998 [@iccpr].", []),
    ("States should become party to the Covenant [@iccpr].", []),
    ("China is bound by [[iccpr/12(2)]], which says so.", ["iccpr"]),
])
def test_what_counts_as_saying_a_state_is_bound(text, claimed):
    from dossier.inline import parse_inline
    from dossier.treaties import claims

    assert [key for key, _ in claims(parse_inline(text).inlines)] == claimed
