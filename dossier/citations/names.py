"""Names of authors and editors as biblatex reads them, and as each style joins them.

A name is split into given, family, prefix ("von") and suffix ("Jr.") parts;
a name written in braces (``{Human Rights Watch}``) is a corporate name and
stays whole.  ``and others`` ends a list whose other names are not given.

A name in Chinese, Japanese or Korean script is printed family name first and
without a space, as it is written (홍길동, 习近平).  A Korean name in Latin
letters is printed as it is typed when written without a comma (``Kim Jong-un``);
``Kim, Jong-un`` is biblatex's "family, given" and prints "Jong-un Kim".
"""

from __future__ import annotations

import re

from ..records import Record

_CJK = re.compile(r"[\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")


class Name(Record, frozen=True):
    family: str
    given: str = ""
    prefix: str = ""
    suffix: str = ""
    corporate: bool = False

    def display(self) -> str:
        """``John von Neumann Jr.``; a corporate name as written; CJK family name first."""
        if self.corporate:
            return self.family
        if _CJK.search(self.family + self.given):
            return self.family + self.given
        return " ".join(p for p in (self.given, self.prefix, self.family, self.suffix) if p)


class NameList(Record, frozen=True):
    names: tuple[Name, ...]
    others: bool = False  # "and others": more names than are given

    def join(self, last_and: str = " and ", max_names: int = 0, et_al: str = "et al.") -> str:
        """``A, B and C``; with ``max_names`` (say 2) a longer list is ``A et al.``."""
        shown = [n.display() for n in self.names]
        if not shown:
            return ""
        if (max_names and len(shown) > max_names) or self.others:
            keep = shown[:1] if max_names and len(shown) > max_names else shown
            return ", ".join(keep) + " " + et_al
        if len(shown) == 1:
            return shown[0]
        return ", ".join(shown[:-1]) + last_and + shown[-1]


def parse_names(raw: str, decode) -> NameList:
    """A BibTeX name list (``Smith, Josh and {UN Watch} and others``), each part TeX-decoded."""
    from bibtexparser.middlewares.names import parse_single_name_into_parts, split_multiple_persons_names

    names: list[Name] = []
    others = False
    for written in split_multiple_persons_names(raw):
        written = written.strip()
        if written == "others":
            others = True
            continue
        if written.startswith("{") and written.endswith("}") and _one_group(written):
            names.append(Name(decode(written[1:-1]), corporate=True))
            continue
        try:
            parts = parse_single_name_into_parts(written, strict=False)
        except Exception:  # a name bibtexparser cannot split is printed as written
            names.append(Name(decode(written), corporate=True))
            continue
        names.append(Name(
            family=decode(" ".join(parts.last)), given=decode(" ".join(parts.first)),
            prefix=decode(" ".join(parts.von)), suffix=decode(" ".join(parts.jr)),
        ))
    return NameList(tuple(names), others)


def _one_group(text: str) -> bool:
    """Whether ``{...}`` is one brace group (not ``{A} and {B}`` or ``{A}x{B}``)."""
    depth = 0
    for index, char in enumerate(text):
        depth += {"{": 1, "}": -1}.get(char, 0)
        if depth == 0 and index < len(text) - 1:
            return False
    return True
