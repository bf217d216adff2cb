#!/usr/bin/env python3
"""Benchmark at coalition scale: a generated project of two content repositories with
200 submissions, 2,000 findings and 5,000 references.

    .venv/bin/python bench/coalition.py [--submissions 200] [--findings 2000] [--references 5000]
                                         [--sample 10] [--runs 3]

Measures, in one run:
  full build       python build.py --all            (DOCX and PDF; and DOCX only)
  per document     the full build's time / documents
  one process      python build.py TARGET --only docx, one process per document (median of a sample)
  pandoc           pandoc TARGET.md -o TARGET.docx per document (same sample, same footnotes)
  no change        python build.py --all again, nothing changed (median of --runs)
  cold load        loading and checking the project with the caches off (bib parse included)
  peak memory      the largest resident set of any process of the full build
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
WORDS = ("forced repatriation detention labour quota prison refugee asylum women girls trafficking "
         "supply chain export company border sentence camp security police investigation court "
         "evidence report testimony survivor obligation convention article protection").split()


def sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def generate(root: Path, submissions: int, findings: int, references: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    partner = root.parent / "partner-content"
    for base in (root, partner):
        for folder in ("organisations", "findings", "submissions"):
            (base / "content" / folder).mkdir(parents=True, exist_ok=True)
    shutil.copytree(REPO / "templates", root / "templates")
    (root / "dossier.yaml").write_text("repositories:\n  - name: partner\n    path: ../partner-content\n")
    half_refs, half_findings = references // 2, findings // 2
    for base, prefix in ((root, "m"), (partner, "p")):
        with open(base / "references.bib", "w", encoding="utf-8") as bib:
            for i in range(half_refs):
                if i % 2:
                    bib.write(f"@report{{{prefix}ref{i},\n  title = {{Report number {i} on {rng.choice(WORDS)}}},\n"
                              f"  number = {{A/HRC/{40 + i % 20}/{i}}},\n  date = {{2020-0{1 + i % 9}-1{i % 9}}},\n}}\n\n")
                else:
                    bib.write(f"@online{{{prefix}ref{i},\n  author = {{Example News}},\n"
                              f"  title = {{Article {i} about {rng.choice(WORDS)}}},\n"
                              f"  url = {{https://example.org/{prefix}/{i}}},\n  date = {{2021-05-0{1 + i % 9}}},\n}}\n\n")
        for i in range(half_findings):
            refs = [f"{prefix}ref{rng.randrange(half_refs)}" for _ in range(2)]
            paragraphs = [f"{sentence(rng, 40)}[@{refs[0]}, para. {i % 50 + 1}] {sentence(rng, 30)}",
                          f"{sentence(rng, 35)}[@{refs[1]}] {sentence(rng, 25)}"]
            body = "".join(f"  - >-\n    {p}\n" for p in paragraphs)
            (base / "content/findings" / f"{prefix}f{i}.yaml").write_text(
                f"title: Finding {i}\nparagraphs:\n{body}", encoding="utf-8")
        (base / "content/organisations" / f"{prefix}org.yaml").write_text(
            f"name: Example Organisation {prefix.upper()}\nacronym: EO{prefix.upper()}\n"
            f"description: A generated organisation.\n", encoding="utf-8")
    for s in range(submissions):
        own = [f"mf{rng.randrange(half_findings)}" for _ in range(6)]
        shared = [f"partner:pf{rng.randrange(half_findings)}" for _ in range(4)]
        blocks = "".join(f"      - finding: {f}\n" for f in own + shared)
        (root / "content/submissions" / f"sub-{s:03d}.yaml").write_text(
            f"format: upr\nstate: Exampleland\ncycle: 4\nsession: 45\norganisations: [morg]\n"
            f"sections:\n  - title: Findings\n    blocks:\n{blocks}"
            f"      - recommendations:\n          - {sentence(rng, 20)}\n", encoding="utf-8")


def run(cmd: list[str], cwd: Path, env: dict) -> tuple[float, int]:
    """Wall time and peak resident memory (KiB) of the command and everything it waited for."""
    start = time.perf_counter()
    process = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{process.stderr.read().decode()}")
    return elapsed, usage.ru_maxrss


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--submissions", type=int, default=200)
    parser.add_argument("--findings", type=int, default=2000)
    parser.add_argument("--references", type=int, default=5000)
    parser.add_argument("--sample", type=int, default=10)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    python = sys.executable
    build = str(REPO / "build.py")
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        root = tmp / "coalition"
        generate(root, args.submissions, args.findings, args.references)
        env = dict(os.environ, DOSSIER_CACHE=str(tmp / "cache"))
        results: dict[str, float] = {}

        load = [python, "-c", "import sys, time; sys.path.insert(0, %r)\n"
                "from pathlib import Path\nfrom dossier.errors import Diagnostics\n"
                "from dossier.project import load_project\nfrom dossier.bibliography import read_bibliography\n"
                "t = time.perf_counter(); read_bibliography(Path('references.bib'), 'references.bib', Diagnostics())\n"
                "read_bibliography(Path('../partner-content/references.bib'), 'x', Diagnostics())\n"
                "print(time.perf_counter() - t)\n"
                "t = time.perf_counter(); load_project(Path('.').resolve(), Diagnostics()); print(time.perf_counter() - t)\n"
                % str(REPO)]
        for label, cache in (("cold", "off"), ("first", env["DOSSIER_CACHE"]), ("cached", env["DOSSIER_CACHE"])):
            out = subprocess.run(load, cwd=root, env=dict(env, DOSSIER_CACHE=cache),
                                 capture_output=True, text=True, check=True).stdout.split()
            if label == "cold":
                results[f"parse both references.bib ({args.references:,} entries)"] = float(out[0])
                results["load and check everything, caches off"] = float(out[1])
            elif label == "cached":
                results["load and check everything, from the cache"] = float(out[1])
        results["full build, DOCX+PDF"], peak = run([python, build, "--all", "-q"], root, env)
        results["per document (full build / documents)"] = results["full build, DOCX+PDF"] / args.submissions
        no_change = [run([python, build, "--all", "-q"], root, env)[0] for _ in range(args.runs)]
        results["no-change rebuild (median)"] = statistics.median(no_change)
        results["full build, DOCX only (--rebuild)"], peak_docx = run(
            [python, build, "--all", "-q", "--only", "docx", "--rebuild", "--out", str(tmp / "docx")], root, env)
        results["per document, DOCX only"] = results["full build, DOCX only (--rebuild)"] / args.submissions

        sample = [f"sub-{i:03d}" for i in range(0, args.submissions, max(1, args.submissions // args.sample))][:args.sample]
        one = [run([python, build, t, "--only", "docx", "-q", "--out", str(tmp / "one")], root, env)[0] for t in sample]
        results["one process per document, DOCX (median)"] = statistics.median(one)
        run([python, build, *sample, "--only", "md", "-q", "--out", str(tmp / "md")], root, env)
        pandoc = [run(["pandoc", str(tmp / "md" / f"{t}.md"), "-o", str(tmp / "pd" / f"{t}.docx")]
                      if (tmp / "pd").mkdir(exist_ok=True) or True else None, root, env)[0] for t in sample]
        results["pandoc per document, DOCX (median)"] = statistics.median(pandoc)

    print(f"coalition: {args.submissions} submissions, {args.findings} findings, {args.references} references, "
          f"{os.cpu_count()} cores")
    for name, value in results.items():
        print(f"  {name:45} {value:8.3f} s")
    print(f"  {'peak memory, full build (largest process)':45} {peak / 1024:8.1f} MiB")
    print(f"  {'peak memory, DOCX-only build':45} {peak_docx / 1024:8.1f} MiB")
    print("ratios:")
    per_doc = results["per document, DOCX only"]
    print(f"  per document (--all, DOCX) / one process per document  {per_doc / results['one process per document, DOCX (median)']:.2f}")
    print(f"  per document (--all, DOCX) / pandoc per document       {per_doc / results['pandoc per document, DOCX (median)']:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
