#!/usr/bin/env python3
"""Benchmark of ``build.py import`` on a generated 6,000-word submission with 40 footnotes.

    .venv/bin/python bench/import_bench.py [--runs 3] [--keep DIR]

The document is Pandoc Markdown turned into a DOCX by pandoc (real Word
footnotes), with notes of every kind the importer reads: UN symbols with
paragraphs, Id., Ibid., supra note N, NGO reports with URLs and dates in
several forms, news articles with Korean and Chinese original titles, italic
book titles, several sources split at semicolons, and a few notes of prose.
Each run imports it into a fresh copy of the repository, as a whole process
(start-up included).  Bars: under 10 s, at most 10% of notes kept as written.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORDS = ("the detention facilities repatriated women forced labour border trade quota system authorities "
         "report evidence refugees investigation prison camps production exports companies sanctions "
         "interviews testimony deportation security ministry province customs figures").split()


def note(i: int, first_hrw: dict[str, int]) -> str:
    kind = i % 10
    if kind == 0:
        return f"Committee against Torture, Concluding observations on the fifth periodic report of China, CAT/C/CHN/CO/5, para. {i + 1}."
    if kind == 1:
        return f"Id., para. {i + 2}."
    if kind == 2:
        first_hrw.setdefault("n", i + 1)
        return (f"Human Rights Watch, “Forced labour in North Korean prisons, part {i}” (12 March 2021), "
                f"<https://www.hrw.org/report/2021/03/12/part-{i}>.")
    if kind == 3:
        return "Ibid."
    if kind == 4:
        return (f"Kim Min-ji, “Women deported from China, {i}” [중국에서 강제송환된 여성 {i}] (Daily NK, Feb. 3, 2020), "
                f"https://www.dailynk.com/english/women-{i}/.")
    if kind == 5:
        return f"Zhang Wei, *Border trade in Jilin {i}* [吉林边境贸易 {i}] (Law Press, 2019), p. {i}."
    if kind == 6:
        return (f"See CEDAW/C/CHN/CO/9, paras. {i}-{i + 1}; NKHR, “Blood Coal Export from North Korea. Pyramid scheme "
                f"of earnings maintaining structures of power” (April 2, 2021), <https://www.nkhr.or.kr/en/publications/"
                f"nkhr-research-reports/blood-coal-export-from-north-korea-pyramid-scheme-of-earnings-maintaining-structures-of-power/>.")
    if kind == 7:
        return f"Human Rights Watch, supra note {first_hrw.get('n', 3)}, p. {i}."
    if kind == 8:
        return f"Radio Free Asia, “Wig exports rise again, {i}”, 2021-05-0{i % 9 + 1}, https://www.rfa.org/english/wigs-{i}.html."
    if i in (9, 29):
        return "The women interviewed asked that their names and the places of their detention be withheld."
    return f"UN General Assembly, A/RES/47/{100 + i}, para. {i % 7 + 1}."


def document(words: int = 6000, notes: int = 40, seed: int = 7) -> str:
    rng = random.Random(seed)
    per = words // 60
    out, hrw, n = ["# Introduction", ""], {}, 0
    for p in range(60):
        if p and p % 12 == 0:
            out += [f"# {p // 12}. Section on {' '.join(rng.sample(WORDS, 4))}", ""]
        sentence = " ".join(rng.choice(WORDS) for _ in range(per - 6))
        text = sentence[0].upper() + sentence[1:]
        if p % 7 == 3:
            text += " 북한 여성 보고서 中国 边境"
        text += ", as the *report* found."
        if p % 3 != 2 and n < notes:
            n += 1
            text += f"[^{n}]"
        out += [text, ""]
    out += [f"[^{i + 1}]: {note(i, hrw)}" for i in range(n)]
    return "\n".join(out) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, default=None, help="leave the last project here to look at")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="dossier-import-bench-") as folder:
        work = Path(folder)
        source = work / "generated.md"
        source.write_text(document())
        docx = work / "generated.docx"
        subprocess.run(["pandoc", "-f", "markdown", "-t", "docx", "-o", str(docx), str(source)], check=True)
        words = len(re.sub(r"\[\^\d+\]:?", " ", source.read_text()).split())
        times, output = [], ""
        for run in range(args.runs):
            project = work / f"p{run}"
            for name in ("content", "templates"):
                shutil.copytree(ROOT / name, project / name)
            shutil.copy(ROOT / "references.bib", project / "references.bib")
            start = time.perf_counter()
            done = subprocess.run([sys.executable, str(ROOT / "build.py"), "import", str(docx), "--project", str(project),
                                   "--target", "generated", "--format", "upr", "--org", "nkhr"],
                                  capture_output=True, text=True)
            times.append(time.perf_counter() - start)
            output = done.stdout + done.stderr
            if done.returncode:
                print(output)
                return done.returncode
        kept = re.search(r"(\d+) kept as written", output)
        notes = re.search(r"(\d+) notes\n", output)
        kept_n, notes_n = int(kept.group(1)), int(notes.group(1))
        print(output.rstrip())
        print(f"\n{words:,} words, {notes_n} notes; import median {statistics.median(times):.2f} s over {args.runs} "
              f"runs (bar: under 10 s); {kept_n} of {notes_n} notes kept as written "
              f"({kept_n / notes_n:.0%}, bar: at most 10%)")
        if args.keep:
            shutil.copytree(work / f"p{args.runs - 1}", args.keep, dirs_exist_ok=True)
        return 0 if statistics.median(times) < 10 and kept_n <= notes_n * 0.1 else 1


if __name__ == "__main__":
    sys.exit(main())
