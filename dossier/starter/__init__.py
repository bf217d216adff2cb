"""What ``dossier init`` writes into a new content repository (data, not code).

Every file here is a ``string.Template``: ``$org_id``, ``$org_name`` (a quoted YAML
scalar), ``$org_plain`` (the name as written), ``$acronym_line``, ``$today`` and
``$target`` are filled in.  ``submissions/``
holds one example per shipped format, ``<format>.yaml``.
"""
