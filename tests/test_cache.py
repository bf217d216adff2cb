"""The content cache: a rebuild reads only the files that changed, and builds what a fresh load builds."""

from __future__ import annotations

import pytest

from conftest import FIXTURES, coalition_project, copy_project
from dossier import loading, project as project_module
from dossier.errors import Diagnostics
from dossier.pipeline import build_document


@pytest.fixture
def cache_home(tmp_path, monkeypatch):
    monkeypatch.setenv("DOSSIER_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache"


@pytest.fixture
def files_read(monkeypatch):
    """The display path of every YAML file parsed."""
    read: list[str] = []
    original = loading.read_yaml

    def counting(path, display, diags, root=None):
        read.append(display)
        return original(path, display, diags, root)

    monkeypatch.setattr(project_module, "read_yaml", counting)
    return read


def _document(root, use_cache=True):
    diags = Diagnostics()
    project = project_module.load_project(root, diags, use_cache=use_cache)
    document, _ = build_document(project, "mini", diags)
    assert not diags.errors, diags.items
    return document


def test_after_an_edit_only_the_edited_file_is_read_again(tmp_path, cache_home, files_read):
    root = copy_project(FIXTURES / "mini", tmp_path / "project")
    _document(root)
    content_read = [d for d in files_read if d.startswith("content/")]
    assert len(content_read) >= 3
    files_read.clear()
    _document(root)  # nothing changed: the whole project comes from the cache
    assert files_read == []
    finding = root / "content/findings/first-finding.yaml"
    finding.write_text(finding.read_text() + "# an edit that changes nothing\n")
    _document(root)
    assert [d for d in files_read if d.startswith("content/")] == ["content/findings/first-finding.yaml"]


def test_reused_files_build_what_a_fresh_load_builds(tmp_path, cache_home):
    """Including a shared repository, whose ids and keys get its namespace after loading."""
    root, _ = coalition_project(tmp_path)
    fresh = _document(root, use_cache=False)
    assert _document(root) == fresh  # fills the caches
    sub = root / "content/submissions/mini.yaml"
    sub.write_text(sub.read_text() + "# edited\n")
    assert _document(root) == fresh  # everything but the submission from the per-file cache
    assert _document(root) == fresh  # the whole project from the cache


def test_a_changed_text_is_seen(tmp_path, cache_home):
    root = copy_project(FIXTURES / "mini", tmp_path / "project")
    before = _document(root)
    finding = root / "content/findings/first-finding.yaml"
    finding.write_text(finding.read_text().replace("It goes on.", "It goes on and on."))
    after = _document(root)
    assert after != before
    assert "It goes on and on." in repr(after)
    assert after == _document(root, use_cache=False)


def test_a_file_with_an_error_is_not_kept(tmp_path, cache_home, files_read):
    root = copy_project(FIXTURES / "mini", tmp_path / "project")
    broken = root / "content/findings/broken.yaml"
    broken.write_text("paragraphs: [unclosed\n")
    diags = Diagnostics()
    project_module.load_project(root, diags)
    assert diags.errors
    files_read.clear()
    diags = Diagnostics()
    project_module.load_project(root, diags)
    assert diags.errors  # reported again: read again, not served from a cache
    assert [d for d in files_read if d.startswith("content/")] == ["content/findings/broken.yaml"]


def test_a_damaged_cache_entry_means_reading_the_file_again(tmp_path, cache_home, files_read):
    import pickle

    root = copy_project(FIXTURES / "mini", tmp_path / "project")
    fresh = _document(root, use_cache=False)
    _document(root)
    [entries] = list(cache_home.glob("*/files/*.pickle"))
    kept = pickle.loads(entries.read_bytes())
    kept["content/findings/first-finding.yaml"] = (kept["content/findings/first-finding.yaml"][0], b"not a pickle")
    entries.write_bytes(pickle.dumps(kept))
    for project_cache in cache_home.glob("*/project/*.pickle"):
        project_cache.unlink()
    files_read.clear()
    assert _document(root) == fresh
    assert "content/findings/first-finding.yaml" in files_read
