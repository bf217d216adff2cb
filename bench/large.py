"""The benchmark's large case: a generated submission of about 6,000 words with 35 notes,
a third of them citing sources with Korean or Chinese titles, in a copy of the project."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

TARGET = "large-2026"
NOTES = 35
WORDS = ("state", "refugees", "repatriation", "detention", "labour", "camp", "border", "women", "report",
         "committee", "obligation", "evidence", "testimony", "supply", "export", "customs", "factory",
         "province", "officials", "families", "punishment", "interview", "recommendation", "measures")
KOREAN = ("북한 인권 보고서", "강제 북송과 여성 인권", "정치범 수용소의 강제 노동")
CHINESE = ("朝鲜难民问题研究", "边境管理与遣返", "海关进出口统计")


def sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(12, 22))]
    return " ".join(words).capitalize() + "."


def make_large_project(repo: Path, dest: Path) -> Path:
    for name in ("content", "templates"):
        shutil.copytree(repo / name, dest / name)
    rng = random.Random(35)
    bib = [(repo / "references.bib").read_text(encoding="utf-8")]
    for n in range(1, NOTES + 1):
        extra = ""
        if n % 3 == 0:
            title, lang = (KOREAN[n % 3], "ko") if n % 2 else (CHINESE[n % 3], "zh")
            extra = f"  origtitle = {{{title} {n}}},\n  origlanguage = {{{lang}}},\n"
        bib.append(f"@online{{gen-{n},\n  author = {{{{NKHR}}}},\n  title = {{Generated source number {n} on "
                   f"forced labour}},\n{extra}  date = {{2023-05-{1 + n % 28:02d}}},\n"
                   f"  url = {{https://example.org/source/{n}}},\n}}\n")
    (dest / "references.bib").write_text("\n".join(bib), encoding="utf-8")
    header = (repo / "content/submissions/upr-2024.yaml").read_text(encoding="utf-8").split("sections:")[0]
    sections = ["sections:"]
    note = 1
    for s in range(7):
        sections.append(f"  - title: Generated section {s + 1} on the situation of women and girls\n    blocks:")
        for _ in range(5):
            text = " ".join(sentence(rng) for _ in range(9))
            text = text[:-1] + f".[@gen-{note}]" if note <= NOTES else text
            note += 1
            sections.append(f"      - text: >-\n          {text}")
    (dest / f"content/submissions/{TARGET}.yaml").write_text(header + "\n".join(sections) + "\n", encoding="utf-8")
    return dest
