"""dossier: footnoted submissions to UN bodies and governments, built from structured content."""

__version__ = "0.1.0"
