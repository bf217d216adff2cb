#!/usr/bin/env python3
"""Benchmark: what hostile or careless content costs, case by case.

    .venv/bin/python bench/hostile.py [--cases inline] [--timeout 150] [--repo PATH]

Each row runs in its own process, with a time limit and 2 GB of memory, so a quadratic case shows
as "> LIMIT" instead of hanging the run; the peak memory of that process is
printed beside its time.  ``--repo`` points at another checkout of dossier (for
figures before a change).  Cases:

  inline-brackets-20k / -40k   20 KB / 40 KB of '[' in one paragraph
  inline-stars-60k             60 KB of '*x '
  inline-double-80k            80 KB of '[[x '
  inline-cites-20000           20,000 citations of one key in one YAML paragraph, each located
  embed-bomb                   17 findings, each setting the next in four times, resolved
  pdf-notes-1000/2000/4000     the PDF of a submission with that many footnotes (--cases pdf)

A JSON copy goes to bench/results/.
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

# Each case is a small program run as ``python -c``; it prints nothing on success.
_PARSE = """
import sys; sys.path.insert(0, {repo!r})
from dossier.inline import parse_inline
parse_inline({text!r})
"""

_LOCATED = """
import sys; sys.path.insert(0, {repo!r})
from dossier.errors import Diagnostics
from dossier.inline import parse_inline
from dossier.loading import parse_yaml
from dossier.schema import Text
node = parse_yaml("text: x " + " ".join(["[@a, p. 3]"] * 20000) + "\\n", "x.yaml", Diagnostics())
scalar = node.get("text")
parse_inline(Text.located(scalar.text, scalar))
"""

_PROJECT = """
import os, shutil, sys, tempfile
sys.path.insert(0, {repo!r})
from pathlib import Path
repo = Path({repo!r})
root = Path(tempfile.mkdtemp(prefix="dossier-bench-"))
shutil.copytree(repo / "templates", root / "templates")
shutil.copytree(repo / "tests/fixtures/mini", root, dirs_exist_ok=True)
sub = root / "content/submissions/mini.yaml"
intro = "      - text: A short introduction with *emphasis*."
"""

_BOMB = _PROJECT + """
sub.write_text(sub.read_text().replace(intro, "      - text: An introduction setting in ![[bomb-01]]."))
for k in range(1, 18):
    more = "" if k == 17 else "".join(" ![[bomb-%02d]]" % (k + 1) for _ in range(4))
    (root / ("content/findings/bomb-%02d.yaml" % k)).write_text(
        "title: B\\nparagraphs:\\n  - \\"Ten small words in a sentence that is set in%s.\\"\\n" % more)
os.environ["DOSSIER_CACHE"] = "off"
os.environ["DOSSIER_NO_WORKER"] = "1"
from dossier.cli import main
main(["--project", str(root), "mini", "--only", "docx", "--out", str(root / "out")])
"""

_NOTES = _PROJECT + """
notes = " ".join("Sentence %d cites a source.[@un-doc, para. %d]" % (n, n) for n in range({notes}))
sub.write_text(sub.read_text().replace(intro, "      - text: " + repr(notes).replace("'", '"')))
os.environ["DOSSIER_CACHE"] = "off"
os.environ["DOSSIER_NO_WORKER"] = "1"
from dossier.cli import main
status = main(["--project", str(root), "mini", "--only", "pdf", "--out", str(root / "out")])
sys.exit(status)
"""

_LONG_WORD = _PROJECT + """
word = "abcdefghij" * 2000
sub.write_text(sub.read_text().replace(intro, "      - text: Start " + word + " end."))
os.environ["DOSSIER_CACHE"] = "off"
os.environ["DOSSIER_NO_WORKER"] = "1"
from dossier.cli import main
sys.exit(main(["--project", str(root), "mini", "--only", "pdf", "--out", str(root / "out")]))
"""


def cases(repo: str) -> dict[str, tuple[str, str]]:
    """name -> (group, program)"""
    return {
        "inline-brackets-20k": ("inline", _PARSE.format(repo=repo, text="[" * 20_000)),
        "inline-brackets-40k": ("inline", _PARSE.format(repo=repo, text="[" * 40_000)),
        "inline-stars-60k": ("inline", _PARSE.format(repo=repo, text="*x " * 20_000)),
        "inline-double-80k": ("inline", _PARSE.format(repo=repo, text="[[x " * 20_000)),
        "inline-cites-20000": ("inline", _LOCATED.format(repo=repo)),
        "embed-bomb": ("embed", _BOMB.format(repo=repo)),
        "pdf-word-20000-letters": ("pdf", _LONG_WORD.format(repo=repo)),
        "pdf-notes-1000": ("pdf", _NOTES.format(repo=repo, notes=1000)),
        "pdf-notes-2000": ("pdf", _NOTES.format(repo=repo, notes=2000)),
        "pdf-notes-4000": ("pdf", _NOTES.format(repo=repo, notes=4000)),
    }


MAX_MEMORY = 2 * 1024 ** 3  # a case past this is stopped (MemoryError), not left to swap the machine


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MAX_MEMORY, MAX_MEMORY))


def run(program: str, timeout: float) -> tuple[float | str | None, int]:
    """Seconds (None past the time limit, "memory" past the memory one) and the peak
    resident memory in MB of the children so far."""
    start = time.perf_counter()
    try:
        done = subprocess.run([sys.executable, "-c", program], timeout=timeout, check=False,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                              preexec_fn=_limit_memory)
        elapsed: float | str | None = time.perf_counter() - start
        if "MemoryError" in done.stderr:
            elapsed = "memory"
        elif "Traceback" in done.stderr:  # a refusal (exit 1) is a result; a crash is not
            sys.exit(f"the case failed:\n{done.stderr[-2000:]}")
    except subprocess.TimeoutExpired:
        elapsed = None
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
    return elapsed, peak


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", default="inline,embed", help="groups to run: inline, embed, pdf")
    parser.add_argument("--timeout", type=float, default=150.0)
    parser.add_argument("--repo", default=str(REPO), help="the checkout of dossier to measure")
    args = parser.parse_args()
    groups = set(args.cases.split(","))
    rows = []
    print(f"{'case':<22} {'seconds':>10} {'peak MB':>8}   ({args.repo})")
    for name, (group, program) in cases(str(Path(args.repo).resolve())).items():
        if group not in groups:
            continue
        elapsed, peak = run(program, args.timeout)
        shown = (f"> {args.timeout:.0f}" if elapsed is None else
                 f"> {MAX_MEMORY >> 30} GB" if elapsed == "memory" else f"{elapsed:.2f}")
        # ru_maxrss of children is the largest so far, so it is a bound, not this case's own figure
        print(f"{name:<22} {shown:>10} {peak:>8}", flush=True)
        rows.append({"case": name, "seconds": elapsed, "peak_mb_so_far": peak})
    results = REPO / "bench" / "results"
    results.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    (results / f"hostile-{stamp}.json").write_text(json.dumps(
        {"repo": args.repo, "python": platform.python_version(), "rows": rows}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
