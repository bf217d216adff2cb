#!/usr/bin/env python3
"""Benchmark: our build against Pandoc and LibreOffice, measured in the same run.

    .venv/bin/python bench/benchmark.py [--runs 7] [--target upr-2024]

Times, as whole processes (start-up included, as a user runs them):
  ours-docx   python build.py TARGET --only docx
  ours-pdf    python build.py TARGET --only pdf
  ours-both   python build.py TARGET
  pandoc      pandoc TARGET.md -o TARGET.docx   (Markdown rendering of the same
              submission with the same footnotes, written by our md writer)
  soffice     soffice --headless --convert-to pdf TARGET.docx   (Pandoc's DOCX)
and prints medians and the ratios the project holds itself to:
  ours-docx / pandoc            bar: at most 1.5
  ours-both / (pandoc+soffice)  bar: below 1
  ours-pdf / (pandoc+soffice)   for comparison

Our runs above rebuild unchanged content, as the commands are given, so the
content cache (~/.cache/dossier) serves the checked content.  Two more rows
show what the cache is worth, and are compared with Pandoc too:
  docx-edited   --only docx on a copy of the project in which one finding is
                changed before every run: that file is read again, the others
                come from the per-file cache
  docx-nocache  --only docx with DOSSIER_CACHE=off: every file read and checked
A JSON copy goes to bench/results/.

    --against DIR   also time our three builds from another checkout of the project
                    (e.g. `git archive main | tar -x -C DIR`), interleaved with ours in
                    the same rounds: before and after a change on one noisy machine
    --profile       instead of timing, write cProfile statistics of an in-process
                    --only pdf and a both build to bench/results/ and print the top
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def timed(cmd: list[str], cwd: Path, env: dict[str, str] | None = None) -> float:
    start = time.perf_counter()
    result = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, env=env)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"benchmark command failed: {' '.join(cmd)}\n{result.stderr}")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--target", default="upr-2024")
    parser.add_argument("--large", action="store_true",
                        help="the large case instead: a generated submission of about 6,000 words with "
                             "35 notes, a third citing Korean or Chinese titles (bench/large.py)")
    parser.add_argument("--against", type=Path, default=None, metavar="DIR",
                        help="another checkout whose build.py is timed too, in the same rounds")
    parser.add_argument("--profile", action="store_true",
                        help="profile a --only pdf and a both build instead of timing them")
    args = parser.parse_args()
    for tool in ("pandoc", "soffice"):
        if shutil.which(tool) is None:
            sys.exit(f"{tool} is needed for the comparison; ./setup installs it")

    python = sys.executable
    target = args.target
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        project: list[str] = []  # our commands build the repository's project, or the large one
        if args.large:
            sys.path.insert(0, str(Path(__file__).resolve().parent))
            from large import TARGET, make_large_project

            target = TARGET
            project = ["--project", str(make_large_project(REPO, tmp / "large"))]
        md_dir = tmp / "md"
        timed([python, "build.py", target, *project, "--only", "md", "--out", str(md_dir)], REPO)
        markdown = md_dir / f"{target}.md"
        profile = f"-env:UserInstallation=file://{tmp}/lo-profile"
        soffice = [shutil.which("soffice"), profile, "--headless", "--convert-to", "pdf",
                   "--outdir", str(tmp / "lo"), str(tmp / "pandoc.docx")]
        copy = tmp / "project"
        for name in ("content", "templates"):
            shutil.copytree(REPO / name, copy / name)
        shutil.copy(REPO / "references.bib", copy / "references.bib")
        if args.large:
            shutil.copytree(tmp / "large", copy, dirs_exist_ok=True)
        edited = sorted((copy / "content" / "findings").glob("*.yaml"))[0]
        edits = iter(range(1, 1_000_000))

        def edit() -> None:  # a change a reader would not see, but a new file all the same
            with edited.open("a", encoding="utf-8") as handle:
                handle.write(f"# edit {next(edits)}\n")

        if args.profile:
            return profile_builds(python, target, project, tmp)
        nocache = {**os.environ, "DOSSIER_CACHE": "off"}
        commands = {
            "ours-docx": [python, "build.py", target, *project, "--only", "docx", "--out", str(tmp / "a"), "-q"],
            "ours-pdf": [python, "build.py", target, *project, "--only", "pdf", "--out", str(tmp / "b"), "-q"],
            "ours-both": [python, "build.py", target, *project, "--out", str(tmp / "c"), "-q"],
            "pandoc": ["pandoc", str(markdown), "-o", str(tmp / "pandoc.docx")],
            "soffice": soffice,
            "docx-edited": [python, "build.py", target, "--project", str(copy), "--only", "docx",
                            "--out", str(tmp / "d"), "-q"],
            "docx-nocache": [python, "build.py", target, *project, "--only", "docx", "--out", str(tmp / "e"), "-q"],
        }
        if args.against is not None:
            other = str(args.against.resolve() / "build.py")
            for name in ("ours-docx", "ours-pdf", "ours-both"):
                commands["against" + name[4:]] = [python, other, *commands[name][2:-3], "--out",
                                                  str(tmp / f"against{name[4:]}"), "-q"]
        environments = {"docx-nocache": nocache}
        load_before = os.getloadavg()
        before = {"docx-edited": edit}
        # One warm-up each: file caches, LibreOffice's first-run profile, font caches.
        for name, cmd in commands.items():
            before.get(name, lambda: None)()
            timed(cmd, REPO, environments.get(name))
        samples: dict[str, list[float]] = {name: [] for name in commands}
        order = list(commands)
        shuffler = random.Random(20240718)
        for _ in range(args.runs):
            # Interleaved so drift hits every command alike, in a new order each round
            # (LibreOffice is still tidying up after it exits: whatever ran next paid
            # for it), with a short pause so each command starts on a quiet machine.
            shuffler.shuffle(order)
            for name in order:
                before.get(name, lambda: None)()
                time.sleep(0.3)
                samples[name].append(timed(commands[name], REPO, environments.get(name)))

    load_after = os.getloadavg()
    medians = {name: statistics.median(values) for name, values in samples.items()}
    ratios = {
        "ours-docx / pandoc": medians["ours-docx"] / medians["pandoc"],
        "ours-both / (pandoc + soffice)": medians["ours-both"] / (medians["pandoc"] + medians["soffice"]),
        "ours-pdf / (pandoc + soffice)": medians["ours-pdf"] / (medians["pandoc"] + medians["soffice"]),
        "docx-edited / pandoc": medians["docx-edited"] / medians["pandoc"],
        "docx-nocache / pandoc": medians["docx-nocache"] / medians["pandoc"],
    }
    if args.against is not None:
        ratios.update({
            "against-docx / pandoc": medians["against-docx"] / medians["pandoc"],
            "against-both / (pandoc + soffice)": medians["against-both"] / (medians["pandoc"] + medians["soffice"]),
            "against-pdf / (pandoc + soffice)": medians["against-pdf"] / (medians["pandoc"] + medians["soffice"]),
        })
    print(f"{target}: {args.runs} runs each, medians (s) on {os.cpu_count()} cores, Python {platform.python_version()}")
    for name, value in medians.items():
        spread = f"{min(samples[name]):.3f}-{max(samples[name]):.3f}"
        print(f"  {name:12} {value:7.3f}   (range {spread})")
    print(f"load average (1, 5, 15 min): {load_before[0]:.2f} {load_before[1]:.2f} {load_before[2]:.2f} before, "
          f"{load_after[0]:.2f} {load_after[1]:.2f} {load_after[2]:.2f} after")
    print("ratios:")
    bars = {"ours-docx / pandoc": 1.5, "ours-both / (pandoc + soffice)": 1.0}
    for name, value in ratios.items():
        if name in bars:
            verdict = "meets" if value <= bars[name] else "MISSES"
            print(f"  {name:32} {value:5.2f}   bar {bars[name]:.1f}: {verdict}")
        else:
            print(f"  {name:32} {value:5.2f}   (for comparison)")
    results = REPO / "bench" / "results"
    results.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    (results / f"{target}-{stamp}.json").write_text(json.dumps(
        {"target": target, "runs": args.runs, "samples": samples, "medians": medians, "ratios": ratios,
         "load": {"before": load_before, "after": load_after}},
        indent=2))
    return 0


def profile_builds(python: str, target: str, project: list[str], tmp: Path) -> int:
    """cProfile of a --only pdf and a both build, each in one process (no writer processes,
    so the PDF's own work is in the statistics), after a warm-up build."""
    results = REPO / "bench" / "results"
    results.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "DOSSIER_NO_WORKER": "1"}
    for label, only in (("pdf", ["--only", "pdf"]), ("both", [])):
        build = [*project, *only, "--out", str(tmp / f"profile-{label}"), "-q"]
        timed([python, "build.py", target, *build], REPO, env)
        stats = results / f"{target}-{label}.prof"
        # cli.main, not build.py: the entry leaves by os._exit, before cProfile writes its file
        script = ("import cProfile, sys; sys.path.insert(0, '.'); from dossier.cli import main; "
                  f"cProfile.run({f'main({[target, *build]!r})'!r}, {str(stats)!r})")
        timed([python, "-c", script], REPO, env)
        import pstats

        print(f"== {label}: {stats}")
        pstats.Stats(str(stats)).sort_stats("cumulative").print_stats(40)
    return 0


if __name__ == "__main__":
    sys.exit(main())
