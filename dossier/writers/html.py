"""The document model as HTML with print CSS: the input of the PDF writer.

Every piece of content text is escaped here; the only markup is ours.  The
live preview (``dossier/serve``) renders blocks and inlines with the same
functions, placing notes as numbered references instead of page floats.
"""

from __future__ import annotations

import base64
import re
from html import escape
from typing import Callable, Iterator

from ..document import (
    Block,
    Change,
    Document,
    Emph,
    Heading,
    Image,
    Inline,
    LineBreak,
    Link,
    ListBlock,
    Note,
    PageBreak,
    Paragraph,
    Span,
    Str,
    Strong,
    Table,
)
from ..formats import FormatSpec
from ..languages import TRADITIONAL_CHINESE_TAGS, is_traditional_chinese
from ..inline import SAFE_LINK
from ..review import WATERMARK, block_labels

NoteHtml = Callable[[Note], str]
"""What a footnote becomes where it is called: print floats it, the preview gives a number."""


def float_note(note: Note) -> str:
    """For print: the note's text in place; WeasyPrint floats it to the foot of its page.

    The call is our own link to the note (WeasyPrint's ``::footnote-call`` is
    hidden): a reader follows it, the tags say which note it calls, and a test can
    compare the page of the link with the page of its target.  No space between
    the two, so the call and the float anchor never fall on different lines.  A word
    joiner (U+2060, drawn as nothing) opens the call: the line may not break between
    the word before and its call ("state." then "16" alone on the next line).
    """
    return (f'<a class="note-call" id="call{note.number}" href="#fn{note.number}">\u2060{note.number}</a>'
            f'<span class="footnote" id="fn{note.number}">{inlines_html(note.children)}</span>')


def inlines_html(nodes: list[Inline], note: NoteHtml = float_note) -> str:
    out: list[str] = []
    for node in nodes:
        if isinstance(node, Str):
            out.append(_LONG_WORD.sub(_unhyphenated, escape(node.text, quote=False)))
        elif isinstance(node, Emph):
            out.append(f"<em>{inlines_html(node.children, note)}</em>")
        elif isinstance(node, Strong):
            out.append(f"<strong>{inlines_html(node.children, note)}</strong>")
        elif isinstance(node, Span):
            inner = inlines_html(node.children, note)
            if node.lang.lower().split("-")[0] == "ko":
                inner = _whole_words(inner)
            out.append(f'<span lang="{escape(node.lang)}">{inner}</span>')
        elif isinstance(node, Link):
            if SAFE_LINK.fullmatch(node.href):  # never javascript: or file: (checked before, kept here)
                out.append(f'<a href="{escape(node.href)}">{inlines_html(node.children, note)}</a>')
            else:
                out.append(inlines_html(node.children, note))
        elif isinstance(node, LineBreak):
            out.append("<br>")
        elif isinstance(node, Note):
            out.append(note(node))
        elif isinstance(node, Change):  # a difference between two versions (the diff command)
            out.append(f"<{node.kind}>{inlines_html(node.children, note)}</{node.kind}>")
        else:
            raise TypeError(f"{type(node).__name__} left in the document after the notes pass")
    return "".join(out)


# A "word" longer than any a dictionary hyphenates (a URL, a hash, a run of letters):
# WeasyPrint would lay its line out again at every hyphenation point it tries, which
# for a 20,000-letter word takes minutes; it is broken at the line's end instead.
_LONG_WORD = re.compile(r"[^\s<>&]{40,}")


def _unhyphenated(match: re.Match) -> str:
    return f'<span class="long-word">{match.group(0)}</span>'


_TEXT_BETWEEN_TAGS = re.compile(r"(<[^>]*>)|([^<]+)")
_WORD = re.compile(r"[^\s]+")


def _whole_words(html: str) -> str:
    """Korean breaks between words, never inside one: each word of the text, outside tags,
    a span WeasyPrint will not break (its lines then break at the spaces)."""
    def words(match: re.Match) -> str:
        if match.group(1):
            return match.group(1)
        return _WORD.sub(lambda w: f'<span class="word">{w.group(0)}</span>', match.group(2))
    return _TEXT_BETWEEN_TAGS.sub(words, html)


def _margin(labels: list[str], index: int) -> str:
    """A review copy's note beside a paragraph: where it comes from."""
    if index >= len(labels) or not labels[index]:
        return ""
    return f'<span class="source-note">{escape(labels[index], quote=False)}</span>'


def block_html(block: Block, note: NoteHtml = float_note, labels: list[str] | None = None) -> str:
    """One block; ``labels``: a review copy's source notes, one per paragraph or list item."""
    labels = labels or []
    if isinstance(block, Heading):  # its number is text here (in the outline too), Word numbering in the DOCX
        number = f'<span class="heading-number">{escape(block.number)}</span> ' if block.number else ""
        return f"<h{block.level}>{_margin(labels, 0)}{number}{inlines_html(block.children, note)}</h{block.level}>"
    if isinstance(block, Paragraph):
        classes = [block.style]
        if block.numbered:
            classes.append("numbered")
        if block.align:
            classes.append(f"align-{block.align}")
        tag = "h1" if block.style == "title" else "p"
        html = f'<{tag} class="{" ".join(classes)}">{_margin(labels, 0)}{inlines_html(block.children, note)}</{tag}>'
        return f"<blockquote>{html}</blockquote>" if block.style == "quote" else html
    if isinstance(block, ListBlock):
        tag = "ol" if block.ordered else "ul"
        items = "".join(f"<li>{_margin(labels, i)}{inlines_html(item, note)}</li>"
                        for i, item in enumerate(block.items))
        return f"<{tag}>{items}</{tag}>"
    if isinstance(block, PageBreak):
        return '<div class="pagebreak"></div>'
    if isinstance(block, Table):
        return _table(block, note)
    if isinstance(block, Image):  # its bytes inline: WeasyPrint needs no file for it
        data = base64.b64encode(block.data).decode("ascii")
        return (f'<p class="image align-{escape(block.align)}"><img src="data:{escape(block.mime)};base64,{data}"'
                f' alt="{escape(block.alt)}" style="width: {block.width_mm:.2f}mm; '
                f'height: {block.height_mm:.2f}mm"></p>')
    raise TypeError(f"unknown block {block!r}")


def _table(table: Table, note: NoteHtml = float_note) -> str:
    cols = "".join(f'<col style="width: {w * 100:.1f}%">' for w in table.relative_widths())
    caption = f"<caption>{inlines_html(table.caption, note)}</caption>" if table.caption else ""

    def row(cells: list, tag: str) -> str:
        padded = cells + [[]] * (table.columns - len(cells))
        return "<tr>" + "".join(f"<{tag}>{inlines_html(c, note)}</{tag}>" for c in padded) + "</tr>"

    head = "".join(row(r, "th") for r in table.rows[: table.header_rows])
    body = "".join(row(r, "td") for r in table.rows[table.header_rows :])
    return (f'<table class="grid">{caption}<colgroup>{cols}</colgroup>'
            f"<thead>{head}</thead><tbody>{body}</tbody></table>")


def _lang_selectors(lang: str) -> str:
    """:lang() matches by prefix (zh-Hant is also zh), not zh-TW for zh-Hant: Traditional Chinese
    by script or by region, after the zh rule so that it wins."""
    if is_traditional_chinese(lang):
        return ", ".join(f":lang({tag})" for tag in dict.fromkeys((lang, *TRADITIONAL_CHINESE_TAGS)))
    return f":lang({lang})"


def page_css(spec: FormatSpec) -> str:
    page = spec.page
    fonts = spec.fonts
    body_fonts = ", ".join(f'"{name}"' for name in fonts.pdf_body) + ", serif"
    cjk_rules = "\n".join(
        f'{_lang_selectors(f.lang)} {{ font-family: "{f.family}", {body_fonts}; }}' for f in fonts.cjk_fonts()
    )
    # a CJK face is taller than the body's: a Korean or Chinese run in a line would make that line
    # taller than the others (Word keeps them even); its line box is left to the line's own
    languages = sorted({f.lang.split("-")[0] for f in fonts.cjk_fonts()})
    if languages:
        cjk_rules += "\n" + ", ".join(f"span:lang({lang})" for lang in languages) + " { line-height: 0; }"
    return f"""
@page {{
  size: {page.size};
  margin: {page.margin_top} {page.margin_right} {page.margin_bottom} {page.margin_left};
  @bottom-center {{ content: counter(page); font-family: {body_fonts}; font-size: {fonts.note_size}pt; }}
  /* no margin here: WeasyPrint then moves notes to the next page (a margin on
     the footnote area breaks its overflow check); padding gives the same space */
  @footnote {{ border-top: 0.5pt solid black; padding-top: 4pt; margin-top: 0; }}
}}
html {{ font-family: {body_fonts}; font-size: {fonts.body_size}pt; line-height: 1.15;
        overflow-wrap: break-word; }}  /* a word wider than the line is broken, not clipped (as Word does) */
body {{ margin: 0; counter-reset: para; }}
p, li {{ margin: 0 0 6pt 0; text-align: {"justify" if spec.justify else "left"}; }}
/* justified text hyphenated in the document's language (html lang; pyphen's dictionaries),
   only where the gap left would be wide (the limit zone) and never leaving fewer than three
   letters on a line: each try is one more line layout, so this also keeps the PDF fast */
{"p, li { hyphens: auto; hyphenate-limit-zone: 8%; hyphenate-limit-chars: 6 3 3; }" if spec.justify else ""}
h1, h2, h3, h4, h5, h6, p.title, p.subtitle {{ hyphens: manual; }}
/* a heading keeps with what follows it and is never split over two pages */
h1, h2, h3, h4, h5, h6 {{ break-after: avoid; break-inside: avoid; }}
h1, h2, h3, h4 {{ font-size: 13pt; margin: 12pt 0 6pt 0; text-align: left; }}
h2, h3, h4 {{ font-size: 12pt; }}
h3 {{ font-style: italic; }}
h4 {{ font-weight: normal; font-style: italic; }}
h1.title {{ font-size: 16pt; text-align: center; margin: 12pt 0 6pt 0; }}
p.subtitle {{ font-size: 13pt; font-weight: bold; text-align: center; margin: 6pt 0; }}
p.letterhead {{ margin: 0; text-align: center; }}
blockquote {{ margin: 0; }}
p.quote {{ margin-left: 28pt; }}
p.numbered {{ counter-increment: para; padding-left: 1cm; text-indent: -1cm; }}
p.numbered::before {{ content: counter(para) "."; display: inline-block; width: 1cm; text-indent: 0; }}
.align-center {{ text-align: center; }} .align-right {{ text-align: right; }}
.align-left {{ text-align: left; }} .align-justify {{ text-align: justify; }}
ul, ol {{ margin: 0 0 6pt 0; padding-left: 1cm; }}
ol {{ list-style-type: lower-alpha; }}
a {{ color: inherit; text-decoration: none; }}
/* footnote-policy line: a note that does not fit below its call takes the line of the
   call to the next page with it; "auto" moves the note alone, pages after its call */
.footnote {{ float: footnote; footnote-policy: line; font-size: {fonts.note_size}pt; line-height: 1.15;
             text-align: left; text-indent: 0; font-weight: normal; font-style: normal; }}
/* WeasyPrint's own call, replaced by ours: left empty but still raised (super, its UA style),
   it made each line with a note taller than the others, which Word keeps even */
::footnote-call {{ content: none; vertical-align: baseline; line-height: 0; }}
a.note-call {{ vertical-align: super; font-size: 65%; line-height: 0; }}
::footnote-marker {{ content: counter(footnote) "\\00a0"; vertical-align: super; font-size: 65%; }}
.pagebreak {{ break-after: page; }}
table.grid {{ border-collapse: collapse; width: 100%; table-layout: fixed; margin: 6pt 0;
              font-size: {fonts.note_size + 1}pt; }}
table.grid caption {{ caption-side: top; text-align: left; font-weight: bold; margin-bottom: 4pt;
                      font-size: {fonts.body_size}pt; }}
table.grid th, table.grid td {{ border: 0.5pt solid black; padding: 2pt 4pt; vertical-align: top;
                                text-align: left; }}
table.grid th {{ font-weight: bold; }}
p.image {{ text-indent: 0; margin: 0 0 6pt 0; }}
{cjk_rules}
/* Korean breaks between words, not inside one; CJK has no italic: upright inside emphasis */
/* (WeasyPrint has no word-break: keep-all, so each Korean word is a span of its own) */
span.word {{ white-space: nowrap; }}
span.long-word {{ hyphens: manual; }}
:lang(ko), :lang(zh), :lang(ja) {{ font-style: normal; hyphens: manual; }}
"""


# Review copies: a narrower text column, each paragraph's source in the margin beside
# it, DRAFT across every page (WeasyPrint repeats fixed boxes on each page) and in the
# page header (text extraction reads the rotated watermark letter by letter).
REVIEW_CSS = f"""
@page {{ @top-center {{ content: "{WATERMARK} – review copy: each paragraph's source is in the margin";
  font-size: 9pt; font-weight: bold; color: #a00000; }} }}
body {{ margin-right: 4.3cm; }}
p, li, h1, h2, h3, h4 {{ position: relative; }}
.source-note {{ position: absolute; left: 100%; top: 0; width: 3.9cm; margin-left: 0.4cm;
  font-size: 7pt; line-height: 1.2; font-weight: normal; font-style: normal; color: #a00000;
  text-align: left; text-indent: 0; hyphens: none; }}
.watermark {{ position: fixed; top: 38%; left: -2cm; right: -2cm; text-align: center;
  font-size: 120pt; font-weight: bold; color: rgba(192, 0, 0, 0.13); transform: rotate(-45deg); }}
"""
_WATERMARK = f'<div class="watermark" aria-hidden="true">{WATERMARK}</div>'


def _review_blocks(document: Document, template: str) -> Iterator[str]:
    """Blocks with their source in the margin; a note repeating the one before it is left out,
    so runs of short lines from one place (a letterhead) do not stack notes over each other."""
    previous = ""
    for block in document.blocks:
        labels = []
        for label in block_labels(block, template, document.finding_names):
            labels.append("" if label == previous else label)
            previous = label
        yield block_html(block, labels=labels)


def document_html(document: Document, spec: FormatSpec, review: bool = False) -> str:
    """The whole document as HTML; ``review`` adds the source notes and the watermark.

    A format's own style.css is passed to WeasyPrint beside it, never pasted in here."""
    meta = document.meta
    head = [
        '<meta charset="utf-8">',
        f"<title>{escape(meta.title)}</title>",
        f'<meta name="author" content="{escape(meta.author)}">',
        f'<meta name="description" content="{escape(meta.subject)}">',
        f'<meta name="keywords" content="{escape(", ".join(meta.keywords))}">',
        '<meta name="generator" content="dossier">',
    ]
    if meta.date:
        head.append(f'<meta name="dcterms.created" content="{escape(meta.date)}">')
    template = spec.template_shown
    css = page_css(spec) + (REVIEW_CSS if review else "")  # every value in it was checked when loaded
    head.append(f"<style>{css}</style>")
    if review:
        body = _WATERMARK + "\n" + "\n".join(_review_blocks(document, template))
    else:
        body = "\n".join(block_html(block) for block in document.blocks)
    return (f'<!DOCTYPE html>\n<html lang="{escape(meta.language)}"><head>{"".join(head)}</head>'
            f"<body>\n{body}\n</body></html>")
