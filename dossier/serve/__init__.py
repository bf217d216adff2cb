"""``build.py serve TARGET``: a live preview of a submission in the browser.

    builder.py   one build in memory (load, check, render, count), nothing written
    watcher.py   polls the content, references and templates for changes
    page.py      the page and its parts as escaped HTML
    server.py    the HTTP server on 127.0.0.1: the page, its assets and /events (SSE)
"""
