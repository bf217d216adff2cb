"""``serve TARGET``: a live preview of a submission at http://127.0.0.1:8000/.

The page shows the submission rendered from the same document model as the
DOCX and PDF (footnotes and paragraph numbers alike), its word budget by
section, and the warnings and errors of the last build, each linked to its
source line.  It updates within a second of a file being saved.
"""

from __future__ import annotations

import argparse

from ..errors import UsageError


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: '{text}'") from None
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"not a port number: {port} (0 to 65535; 0 picks a free one)")
    return port


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from ..serve.page import DEFAULT_EDITOR_URL

    parser.add_argument("target", help="a submission: the name of a file in content/submissions/")
    parser.add_argument("--port", type=_port, default=8000,
                        help="the port on 127.0.0.1 (default 8000; 0 picks a free one)")
    parser.add_argument("--editor-url", default=DEFAULT_EDITOR_URL, metavar="TEMPLATE",
                        help="how an error's 'open' link opens its source; {path} (absolute), {line} and "
                             "{column} are filled in (default: %(default)s; '' for no links)")
    parser.add_argument("--open", action="store_true", help="open the page in the default browser")


def run(args: argparse.Namespace, project) -> int:
    from ..pipeline import check_target
    from ..serve.page import SourceLinks
    from ..serve.server import LOOPBACK, PreviewServer

    check_target(project, args.target)  # an unknown target is a usage error; a broken one is served
    server = PreviewServer(args.root, args.target, port=args.port,
                           links=SourceLinks(args.root, args.editor_url))
    try:
        url = server.start()
    except OSError as exc:
        raise UsageError(f"cannot listen on {LOOPBACK}:{args.port}: {exc.strerror or exc}; "
                         f"choose another port with --port (0 picks a free one)") from None
    try:  # from here on Ctrl-C stops the server cleanly, even while the line is printed
        print(f"Previewing {args.target} at {url}  (Ctrl-C to stop)", flush=True)
        if args.open:
            import webbrowser

            webbrowser.open(url)
        server.wait()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
    return 0
