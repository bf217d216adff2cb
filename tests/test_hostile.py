"""Shared content and templates that try to reach what they should not: nothing leaks.

Every test builds a real project and then reads the outputs with readers that
are not ours (pdftotext, pdfdetach, the DOCX's XML parts), asserting that the
hostile text appears literally and that no file of the machine, script,
style or attachment made it into any output.
"""

from __future__ import annotations

import re
import shutil
import struct
import zipfile
import zlib
from pathlib import Path

import pytest
import yaml
from lxml import etree

from conftest import FIXTURES, copy_project, require, run_build, run_tool

SECRET = "SECRET-7f3a9c-do-not-leak"

HOSTILE_TEXTS = [
    '<script>alert("pwned")</script>',
    '</p><img src="file:///etc/passwd">',
    '<link rel="attachment" href="file:///etc/passwd">',
    "<style>body { display: none }</style> @import url(file:///etc/passwd);",
    "{{ 7*7 }} {% include '/etc/passwd' %} {{ format.directory }}",
    "javascript:alert(1) and file:///etc/passwd as plain words",
    "</w:t></w:r><w:r><w:t>injected run ]]> &amp; &lt;b&gt;",
]


def tiny_png(width: int = 2, height: int = 2, rgb: tuple[int, int, int] = (200, 30, 30)) -> bytes:
    """A valid PNG of the given size, made without any imaging library."""
    row = b"\x00" + bytes(rgb) * width
    raw = row * height

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def typographic(text: str) -> str:
    """The text with the quotation marks every output prints (straight quotes become curly)."""
    from dossier.typography import plain_quotes

    return plain_quotes(text)


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00ad", "")).strip()


def docx_parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {name: z.read(name) for name in z.namelist()}


def docx_text(path: Path) -> str:
    """Every w:t of the body and the notes, joined: what Word shows."""
    parts = docx_parts(path)
    out = []
    for name in ("word/document.xml", "word/footnotes.xml"):
        if name in parts:
            tree = etree.fromstring(parts[name])
            out.append(" ".join(t.text or "" for t in tree.iter("{*}t")))
    return normalise(" ".join(out))


_OOXML = ("http://schemas.openxmlformats.org/", "http://purl.org/", "http://www.w3.org/XML/1998/",
          "http://schemas.microsoft.com/office/", "urn:schemas-microsoft-com:")


def assert_docx_holds_nothing_foreign(path: Path) -> None:
    for name, data in docx_parts(path).items():
        if not name.endswith((".xml", ".rels")):
            assert name.startswith("word/media/"), f"unexpected part {name}"
            continue
        tree = etree.fromstring(data)  # every part is well-formed XML
        names = {etree.QName(e) for e in tree.iter() if isinstance(e.tag, str)}
        # only OOXML's own namespaces: an element of HTML or of none would have been injected
        assert all(n.namespace and n.namespace.startswith(_OOXML) for n in names), (name, names)
        local = {n.localname for n in names}
        assert not local & {"script", "img", "object", "altChunk", "embed", "control"}, (name, local)
        for rel in tree.iter("{*}Relationship"):
            if rel.get("TargetMode") == "External":
                assert re.match(r"(https?://|mailto:)", rel.get("Target")), rel.get("Target")
        assert b"root:x:0:0" not in data and SECRET.encode() not in data


def assert_pdf_holds_nothing_foreign(path: Path) -> str:
    require("pdftotext")
    raw = path.read_bytes()
    for marker in (b"/EmbeddedFile", b"/JavaScript", b"/JS ", b"/Launch", b"/URI (file:", b"/URI (javascript:"):
        assert marker not in raw, marker
    assert "0 embedded files" in run_tool("pdfdetach", "-list", str(path))
    text = normalise(run_tool("pdftotext", str(path), "-"))
    assert "root:x:0:0" not in text and SECRET not in text
    return text


def _write_yaml(path: Path, data: dict) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000))


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory):
    """The mini project with hostile text in every kind of field, built to DOCX, PDF and Markdown."""
    from dossier.cli import main

    root = copy_project(FIXTURES / "mini", tmp_path_factory.mktemp("hostile"))
    org_path = root / "content/organisations/example-ngo.yaml"
    org = yaml.safe_load(org_path.read_text())
    org["name"] = 'Example <b onmouseover="alert(1)">NGO</b> {{ 7*7 }}'
    org["address"] = HOSTILE_TEXTS[1]
    org["description"] = " ".join(HOSTILE_TEXTS[:3])
    _write_yaml(org_path, org)
    finding_path = root / "content/findings/first-finding.yaml"
    finding = yaml.safe_load(finding_path.read_text())
    # backslashes keep the inline syntax from reading '[' and '*' (the YAML keeps them literal)
    finding["paragraphs"] += HOSTILE_TEXTS[3:]
    _write_yaml(finding_path, finding)
    sub_path = root / "content/submissions/mini.yaml"
    sub = yaml.safe_load(sub_path.read_text())
    sub["title"] = "{{ submission.state }} <title>x</title>"
    sub["sections"][2]["blocks"][0]["questions"] = HOSTILE_TEXTS[:2]
    _write_yaml(sub_path, sub)
    out = root / "out"
    status = main(["--project", str(root), "mini", "--out", str(out), "--only", "docx",
                   "--only", "pdf", "--only", "md", "-q"])
    assert status == 0
    return root, out


def test_hostile_content_text_appears_literally_in_the_pdf(hostile_build):
    _, out = hostile_build
    text = assert_pdf_holds_nothing_foreign(out / "mini.pdf")
    for hostile in HOSTILE_TEXTS + ['Example <b onmouseover="alert(1)">NGO</b> {{ 7*7 }}',
                                    "{{ submission.state }} <title>x</title>"]:
        assert normalise(typographic(hostile)) in text, hostile


def test_hostile_content_text_appears_literally_in_the_docx(hostile_build):
    _, out = hostile_build
    assert_docx_holds_nothing_foreign(out / "mini.docx")
    text = docx_text(out / "mini.docx")
    for hostile in HOSTILE_TEXTS:
        assert normalise(typographic(hostile)) in text, hostile
    assert "{{ 7*7 }}" in text and "49" not in text


def test_hostile_content_is_read_as_text_by_pandoc(hostile_build):
    require("pandoc")
    _, out = hostile_build
    plain = normalise(run_tool("pandoc", "-f", "docx", "-t", "plain", "--wrap=none", str(out / "mini.docx")))
    assert typographic('<script>alert("pwned")</script>') in plain
    html = run_tool("pandoc", "-f", "docx", "-t", "html", str(out / "mini.docx"))
    assert "<script" not in html and "<img" not in html and "&lt;script&gt;" in html


def test_hostile_content_cannot_break_the_markdown_metadata(hostile_build):
    _, out = hostile_build
    markdown = (out / "mini.md").read_text()
    front = markdown.split("---\n")[1]
    meta = yaml.safe_load(front)
    assert meta["title"].startswith("{{ submission.state }} <title>x</title>")


# ---- hostile templates and style sheets -------------------------------------------------

@pytest.fixture()
def secret_files(tmp_path):
    """Files outside the project a hostile format would like to read."""
    folder = tmp_path / "private"
    folder.mkdir()
    (folder / "secret.txt").write_text(SECRET + "\n")
    (folder / "secret.css").write_text(f'body::before {{ content: "{SECRET}"; }}\n')
    (folder / "secret.png").write_bytes(tiny_png(37, 23))
    return folder


def _build(capsys, root: Path, *only: str):
    args = ["--project", str(root), "mini", "--out", str(root / "out")]
    for name in only or ("docx", "pdf"):
        args += ["--only", name]
    return run_build(capsys, *args)


def test_style_sheet_reaches_only_its_own_folder(tmp_path, capsys, secret_files):
    """@import, url() and font sources outside the format's folder are refused, with a warning.

    A picture of the format's own folder is the control: it must be there, so
    its absence cannot be what makes the other checks pass.
    """
    root = copy_project(FIXTURES / "mini", tmp_path / "project")
    folder = root / "templates/upr"
    (folder / "inside.png").write_bytes(tiny_png(41, 17))
    # %2e%2e is '..' once urllib decodes it: a decoy of that literal name sits inside the folder
    decoy = folder / "%2e%2e" / "%2e%2e" / "%2e%2e"
    decoy.mkdir(parents=True)
    (decoy / "private").mkdir()
    (decoy / "private" / "secret.png").write_bytes(tiny_png(3, 3))
    relative_up = "../../../private/secret.png"  # from templates/upr/ to tmp_path/private/
    (folder / "style.css").write_text(
        f"@import url(file:///etc/passwd);\n@import url({secret_files.as_uri()}/secret.css);\n"
        f"p.letterhead {{ background-image: url(inside.png); }}\n"
        f"h1 {{ background-image: url({secret_files.as_uri()}/secret.png); }}\n"
        f"h2 {{ background-image: url({relative_up}); }}\n"
        f"li {{ background-image: url(%2e%2e/%2e%2e/%2e%2e/private/secret.png); }}\n"
        f"@font-face {{ font-family: Leak; src: url(file:///etc/passwd); }}\n"
        f"body {{ background: url(https://example.org/track.png); }}\n"
        "</style><link rel=\"attachment\" href=\"inside.png\"><style>\n")
    run = _build(capsys, root, "pdf")
    assert run.status == 0, run.err
    assert "refused to fetch file:///etc/passwd" in run.err
    assert "refused to fetch https://example.org/track.png" in run.err
    pdf = root / "out/mini.pdf"
    assert_pdf_holds_nothing_foreign(pdf)
    raw = pdf.read_bytes()
    assert b"/Width 41" in raw, "the format's own picture (the control) is missing"
    assert b"/Width 37" not in raw and b"/Width 3\n" not in raw and b"/Width 3 " not in raw


def test_format_values_cannot_inject_css(tmp_path, capsys):
    root = copy_project(FIXTURES / "mini", tmp_path / "project")
    spec = root / "templates/upr/format.yaml"
    spec.write_text(spec.read_text().replace(
        "pdf_body: [Liberation Serif, TeX Gyre Termes]",
        'pdf_body: [\'Liberation Serif", serif; } body::after { content: "INJECTED"; } x { font-family: "x\']'))
    run = _build(capsys, root, "pdf")
    assert run.status == 1
    assert run.err.startswith("templates/upr/format.yaml:24:13: 'pdf_body' must be a font's name")


@pytest.mark.parametrize("expression, message", [
    ("{{ 10 ** 1000000 }}", "10 ** 1000000 is too large a number for a template"),
    ("{% set ns = namespace(x=3) %}{% for i in range(64) %}{% set ns.x = ns.x * ns.x %}{% endfor %}",
     "the product is too large a number for a template"),
    ("{{ 'x' * 100000000 }}", "repeating a value 100000000 times is too much for a template"),
    ("{{ range(10**9) | list }}", None),  # Jinja's own refusal, in its own words
    ("{{ submission.sections[0].blocks[0].check() }}", None),  # Jinja's sandbox, in its own words
    ("{{ organisations[0].loc.of_file('/etc/passwd') }}", None),  # Jinja's sandbox, in its own words
    ("{{ format.template_path.read_text() }}", None),  # Jinja's sandbox, in its own words
    ("{{ '{0.directory}'.format(format) }}", None),  # Jinja's sandbox, in its own words
    ("{{ format | attr('directory') }}", None),  # Jinja's sandbox, in its own words
    ("{{ self.__init__.__globals__ }}", None),  # Jinja's sandbox, in its own words
    ("{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}", "RecursionError"),
    ("{{ 1 / 0 }}", "ZeroDivisionError: "),  # the exception's name is ours to print, its words Python's
    ("{{ submission.sesion }}", "submission has no field 'sesion'; did you mean 'session'?"),
])
def test_template_sandbox_refuses(tmp_path, capsys, expression, message):
    root = copy_project(FIXTURES / "mini", tmp_path / "project")
    (root / "templates/upr/document.xml.j2").write_text(
        "<document>\n  <title>x</title>\n  <p>" + expression + "</p>\n</document>\n")
    run = _build(capsys, root, "docx")
    assert run.status == 1, run.err
    assert "Traceback" not in run.err
    first = run.err.splitlines()[0]
    assert first.startswith("templates/upr/document.xml.j2:3: template error: "), first
    if message is not None:
        assert message in first, first
    assert not (root / "out").exists()


def test_template_output_too_large_is_refused(tmp_path, capsys, monkeypatch):
    import dossier.render

    monkeypatch.setattr(dossier.render, "MAX_OUTPUT_CHARS", 10_000)
    root = copy_project(FIXTURES / "mini", tmp_path / "project")
    (root / "templates/upr/document.xml.j2").write_text(
        "<document>{% for i in range(5000) %}<p>{{ i }}</p>{% endfor %}</document>\n")
    run = _build(capsys, root, "docx")
    assert run.status == 1
    assert run.err.startswith("templates/upr/document.xml.j2: template output is larger than")


# ---- the PDF's fetcher, directly ---------------------------------------------------------

def test_fetcher_decodes_before_it_checks(tmp_path):
    pytest.importorskip("weasyprint")
    from dossier.writers.pdf import _fetcher_within

    folder = tmp_path / "templates/upr"
    folder.mkdir(parents=True)
    (folder / "ok.css").write_text("p {}")
    (tmp_path / "outside.txt").write_text(SECRET)
    literal = folder / "%2e%2e" / "%2e%2e"
    literal.mkdir(parents=True)
    (literal / "outside.txt").write_text("decoy")
    (folder / "link.css").symlink_to(tmp_path / "outside.txt")
    fetch = _fetcher_within([folder]).fetch
    assert fetch((folder / "ok.css").as_uri()).read() == b"p {}"
    assert fetch("data:text/plain,hello").read() == b"hello"
    for url in [folder.as_uri() + "/%2e%2e/%2e%2e/outside.txt",  # urllib would open ../../outside.txt
                folder.as_uri() + "/../../outside.txt",
                (folder / "link.css").as_uri(),
                "file:///etc/passwd", "file://otherhost" + str(folder / "ok.css"),
                "http://127.0.0.1/", "https://example.org/x.css", "ftp://example.org/x"]:
        with pytest.raises(ValueError, match="refused to fetch"):
            fetch(url)


# ---- an organisation's logo -------------------------------------------------------------

def test_logo_appears_in_docx_and_pdf(tmp_path, capsys):
    require("pdfimages")
    root = copy_project(FIXTURES / "mini", tmp_path / "project")
    (root / "assets").mkdir()
    (root / "assets/logo.png").write_bytes(tiny_png(40, 20))
    org = root / "content/organisations/example-ngo.yaml"
    org.write_text(org.read_text() + "logo: assets/logo.png\n")
    run = _build(capsys, root)
    assert run.status == 0, run.err
    parts = docx_parts(root / "out/mini.docx")
    assert parts["word/media/image1.png"] == (root / "assets/logo.png").read_bytes()
    body = parts["word/document.xml"].decode()
    assert 'descr="Example Organisation for Tests"' in body
    assert re.search(r'<wp:extent cx="1080000" cy="540000"/>', body)  # 3 cm wide, aspect kept
    listing = run_tool("pdfimages", "-list", str(root / "out/mini.pdf"))
    assert re.search(r"^\s*1\s+\d+\s+image\s+40\s+20\s", listing, re.M), listing
    if shutil.which("pandoc"):
        markdown = run_tool("pandoc", "-f", "docx", "-t", "markdown", str(root / "out/mini.docx"))
        assert "media/image1.png" in markdown


def test_printing_the_model_does_not_reveal_where_the_project_lives(tmp_path, capsys):
    root = copy_project(FIXTURES / "mini", tmp_path / "project")
    (root / "templates/upr/document.xml.j2").write_text(
        "<document>\n  <p>{{ format }} {{ format|pprint }} {{ submission }} {{ organisations|tojson }}</p>\n"
        "</document>\n")
    run = _build(capsys, root, "md")
    if run.status == 0:
        assert str(tmp_path) not in (root / "out/mini.md").read_text()
    else:  # tojson cannot serialise the model: refused, which leaks nothing either
        assert run.err.startswith("templates/upr/document.xml.j2:2: template error: ")
        assert "Traceback" not in run.err


def test_an_included_template_linked_outside_is_refused(tmp_path, capsys):
    root = copy_project(FIXTURES / "mini", tmp_path / "project")
    (tmp_path / "private.txt").write_text(SECRET)
    (root / "templates/upr/part.j2").symlink_to(tmp_path / "private.txt")
    (root / "templates/upr/document.xml.j2").write_text(
        "<document>\n  <p>{% include 'part.j2' %}</p>\n</document>\n")
    run = _build(capsys, root, "md")
    assert run.status == 1
    assert run.err == ("templates/upr/document.xml.j2:2: template error: 'part.j2' is a symbolic link "
                       "to a file outside templates/upr/\nnothing was written\n")


def test_text_shown_twice_gets_its_own_notes_each_time(tmp_path, capsys):
    """The notes pass edits nodes in place: shared nodes once gave two Word footnotes the same id."""
    root = copy_project(FIXTURES / "mini", tmp_path / "project")
    template = root / "templates/upr/document.xml.j2"
    template.write_text(template.read_text().replace(
        "{% if org.description %}<p>{{ org.description|inline }}</p>{% endif %}",
        "{% if org.description %}<p>{{ org.description|inline }}</p><p>{{ org.description|inline }}</p>"
        "{% endif %}"))
    org = root / "content/organisations/example-ngo.yaml"
    org.write_text(org.read_text().replace("description: >-\n", "description: >-\n  *Cited.[@un-doc]*\n"))
    run = _build(capsys, root, "docx")
    assert run.status == 0, run.err
    notes = etree.fromstring(docx_parts(root / "out/mini.docx")["word/footnotes.xml"])
    ids = [n.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}id")
           for n in notes.iter("{*}footnote")]
    assert len(ids) == len(set(ids)) == 2 + 5  # two separators, two copies of the note, three others


def test_a_broken_reference_docx_is_a_located_error(tmp_path, capsys):
    root = copy_project(FIXTURES / "mini", tmp_path / "project")
    (root / "templates/upr/reference.docx").write_text("not a zip file")
    run = _build(capsys, root, "docx")
    assert run.status == 1
    assert run.err.startswith("templates/upr/reference.docx: not a Word document python-docx can start from")
    assert "Traceback" not in run.err


def test_our_errors_survive_the_writer_workers_pipe():
    import pickle

    from dossier.errors import ContentError, Diagnostic, Location

    error = ContentError([Diagnostic(Location("templates/upr/style.css", 3, 1), "a problem")])
    again = pickle.loads(pickle.dumps(error))
    assert type(again) is ContentError and again.diagnostics == error.diagnostics
