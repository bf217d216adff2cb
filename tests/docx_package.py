"""The OPC package check every DOCX the tests write goes through (see conftest's autouse fixtures).

Read straight from the zip, not through python-docx, so a package python-docx
itself gets wrong is caught too:
- every part has a content type ([Content_Types].xml: an Override for its name
  or a Default for its extension);
- every relationship id a part uses (any ``r:`` attribute: r:id, r:embed, ...)
  is defined in that part's own ``_rels/<part>.rels``, and every internal
  relationship points at a part that exists;
- every ``w:footnoteReference`` / ``w:endnoteReference`` / ``w:commentReference``
  (and comment range marker) names a note or comment that exists.
"""

from __future__ import annotations

import posixpath
import zipfile
from pathlib import Path

from lxml import etree

CT_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"
REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
R_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

# reference element -> (the part type's relationship, the element defining the target)
_TARGETS = {
    "footnoteReference": ("/footnotes", "footnote"),
    "endnoteReference": ("/endnotes", "endnote"),
    "commentReference": ("/comments", "comment"),
    "commentRangeStart": ("/comments", "comment"),
    "commentRangeEnd": ("/comments", "comment"),
}


def _rels_name(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", name + ".rels")


def _relationships(archive: zipfile.ZipFile, rels: str) -> list[etree._Element]:
    if rels not in archive.namelist():
        return []
    return etree.fromstring(archive.read(rels)).findall(f"{REL_NS}Relationship")


def package_problems(path: Path) -> list[str]:
    """Everything wrong with the package at ``path``, one line each; [] for a sound one."""
    problems: list[str] = []
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        if "[Content_Types].xml" not in names:
            return ["no [Content_Types].xml"]
        types = etree.fromstring(archive.read("[Content_Types].xml"))
        defaults = {d.get("Extension").lower() for d in types.findall(f"{CT_NS}Default")}
        overrides = {o.get("PartName") for o in types.findall(f"{CT_NS}Override")}
        for name in names:
            if name == "[Content_Types].xml" or name.endswith("/"):
                continue
            extension = name.rsplit(".", 1)[-1].lower() if "." in name.rsplit("/", 1)[-1] else ""
            if "/" + name not in overrides and extension not in defaults:
                problems.append(f"{name}: no content type")
        for override in overrides:
            if override.lstrip("/") not in names:
                problems.append(f"[Content_Types].xml: an Override for {override}, which is not in the package")

        for rel in _relationships(archive, "_rels/.rels"):
            if rel.get("TargetMode") != "External" and rel.get("Target").lstrip("/") not in names:
                problems.append(f"_rels/.rels: {rel.get('Id')} points at {rel.get('Target')}, not in the package")

        related_by_type: dict[str, str] = {}  # the main part's footnotes, comments, ... parts
        for part in names:
            if not part.endswith(".xml") or "/_rels/" in "/" + part or part == "[Content_Types].xml":
                continue
            rels = _relationships(archive, _rels_name(part))
            defined = {rel.get("Id") for rel in rels}
            folder = posixpath.dirname(part)
            for rel in rels:
                if rel.get("TargetMode") == "External":
                    continue
                target = rel.get("Target")
                resolved = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
                    posixpath.join(folder, target))
                if resolved not in names:
                    problems.append(f"{_rels_name(part)}: {rel.get('Id')} points at {target}, not in the package")
                for suffix, _ in _TARGETS.values():
                    if rel.get("Type").endswith(suffix):
                        related_by_type[suffix] = resolved
            root = etree.fromstring(archive.read(part))
            for element in root.iter():
                for attribute, value in element.attrib.items():
                    if attribute.startswith(R_NS) and value not in defined:
                        problems.append(f"{part}: {etree.QName(element).localname} uses r:"
                                        f"{etree.QName(attribute).localname}=\"{value}\", which "
                                        f"{_rels_name(part)} does not define")

        targets: dict[str, set[str]] = {}
        for suffix, defining in set(_TARGETS.values()):
            target_part = related_by_type.get(suffix)
            if target_part is not None:
                root = etree.fromstring(archive.read(target_part))
                targets[suffix] = {e.get(f"{W}id") for e in root.iter(f"{W}{defining}")}
        for part in names:
            if not part.startswith("word/") or not part.endswith(".xml") or "/_rels/" in part:
                continue
            root = etree.fromstring(archive.read(part))
            for local, (suffix, defining) in _TARGETS.items():
                for element in root.iter(f"{W}{local}"):
                    note_id = element.get(f"{W}id")
                    if note_id not in targets.get(suffix, set()):
                        problems.append(f"{part}: {local} {note_id} has no w:{defining} with that id")
    return problems


def assert_sound_package(path: Path) -> None:
    problems = package_problems(path)
    assert not problems, f"{path} is not a sound DOCX package:\n  " + "\n  ".join(problems)
