"""The document model as HTML with print CSS: the input of the PDF writer.

Every piece of content text is escaped here; the only markup is ours.  The
same HTML may serve a preview later.
"""

from __future__ import annotations

from html import escape
from typing import Iterator

from ..document import (
    Block,
    Change,
    Document,
    Emph,
    Heading,
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
)
from ..formats import FormatSpec
from ..review import WATERMARK, block_labels

_SAFE_SCHEMES = ("http://", "https://", "mailto:")


def _inlines(nodes: list[Inline]) -> str:
    out: list[str] = []
    for node in nodes:
        if isinstance(node, Str):
            out.append(escape(node.text, quote=False))
        elif isinstance(node, Emph):
            out.append(f"<em>{_inlines(node.children)}</em>")
        elif isinstance(node, Strong):
            out.append(f"<strong>{_inlines(node.children)}</strong>")
        elif isinstance(node, Span):
            out.append(f'<span lang="{escape(node.lang)}">{_inlines(node.children)}</span>')
        elif isinstance(node, Link):
            if node.href.startswith(_SAFE_SCHEMES):  # never javascript: or file:
                out.append(f'<a href="{escape(node.href)}">{_inlines(node.children)}</a>')
            else:
                out.append(_inlines(node.children))
        elif isinstance(node, LineBreak):
            out.append("<br>")
        elif isinstance(node, Note):
            out.append(f'<span class="footnote" id="fn{node.number}">{_inlines(node.children)}</span>')
        elif isinstance(node, Change):  # a difference between two versions (the diff command)
            out.append(f"<{node.kind}>{_inlines(node.children)}</{node.kind}>")
        else:
            raise TypeError(f"{type(node).__name__} left in the document after the notes pass")
    return "".join(out)


def _margin(labels: list[str], index: int) -> str:
    """A review copy's note beside a paragraph: where it comes from."""
    if index >= len(labels) or not labels[index]:
        return ""
    return f'<span class="source-note">{escape(labels[index], quote=False)}</span>'


def _block(block: Block, labels: list[str]) -> str:
    if isinstance(block, Heading):
        return f"<h{block.level}>{_margin(labels, 0)}{_inlines(block.children)}</h{block.level}>"
    if isinstance(block, Paragraph):
        classes = [block.style]
        if block.numbered:
            classes.append("numbered")
        if block.align:
            classes.append(f"align-{block.align}")
        tag = "h1" if block.style == "title" else "p"
        return f'<{tag} class="{" ".join(classes)}">{_margin(labels, 0)}{_inlines(block.children)}</{tag}>'
    if isinstance(block, ListBlock):
        tag = "ol" if block.ordered else "ul"
        items = "".join(f"<li>{_margin(labels, i)}{_inlines(item)}</li>" for i, item in enumerate(block.items))
        return f"<{tag}>{items}</{tag}>"
    if isinstance(block, PageBreak):
        return '<div class="pagebreak"></div>'
    raise TypeError(f"unknown block {block!r}")


def page_css(spec: FormatSpec) -> str:
    page = spec.page
    fonts = spec.fonts
    body_fonts = ", ".join(f'"{name}"' for name in fonts.pdf_body) + ", serif"
    cjk_rules = "\n".join(
        f':lang({f.lang}) {{ font-family: "{f.family}", {body_fonts}; }}' for f in fonts.cjk
    )
    return f"""
@page {{
  size: {page.size};
  margin: {page.margin_top} {page.margin_right} {page.margin_bottom} {page.margin_left};
  @bottom-center {{ content: counter(page); font-family: {body_fonts}; font-size: {fonts.note_size}pt; }}
  /* no margin here: WeasyPrint then moves notes to the next page (a margin on
     the footnote area breaks its overflow check); padding gives the same space */
  @footnote {{ border-top: 0.5pt solid black; padding-top: 4pt; margin-top: 0; }}
}}
html {{ font-family: {body_fonts}; font-size: {fonts.body_size}pt; line-height: 1.15; }}
body {{ margin: 0; counter-reset: para; }}
p, li {{ margin: 0 0 6pt 0; text-align: {"justify" if spec.justify else "left"}; }}
h1, h2, h3, h4 {{ font-size: 13pt; margin: 12pt 0 6pt 0; break-after: avoid; text-align: left; }}
h2, h3, h4 {{ font-size: 12pt; }}
h3 {{ font-style: italic; }}
h4 {{ font-weight: normal; font-style: italic; }}
h1.title {{ font-size: 16pt; text-align: center; margin: 12pt 0 6pt 0; }}
p.subtitle {{ font-size: 13pt; font-weight: bold; text-align: center; margin: 6pt 0; }}
p.letterhead {{ margin: 0; text-align: center; }}
p.quote {{ margin-left: 28pt; }}
p.numbered {{ counter-increment: para; padding-left: 1cm; text-indent: -1cm; }}
p.numbered::before {{ content: counter(para) "."; display: inline-block; width: 1cm; text-indent: 0; }}
.align-center {{ text-align: center; }} .align-right {{ text-align: right; }}
.align-left {{ text-align: left; }} .align-justify {{ text-align: justify; }}
ul, ol {{ margin: 0 0 6pt 0; padding-left: 1cm; }}
ol {{ list-style-type: lower-alpha; }}
a {{ color: inherit; text-decoration: none; }}
.footnote {{ float: footnote; font-size: {fonts.note_size}pt; line-height: 1.15;
             text-align: left; text-indent: 0; font-weight: normal; font-style: normal; }}
::footnote-call {{ content: counter(footnote); vertical-align: super; font-size: 65%; line-height: 0; }}
::footnote-marker {{ content: counter(footnote) "\\00a0"; vertical-align: super; font-size: 65%; }}
.pagebreak {{ break-after: page; }}
{cjk_rules}
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
        for label in block_labels(block, template):
            labels.append("" if label == previous else label)
            previous = label
        yield _block(block, labels)


def document_html(document: Document, spec: FormatSpec, extra_css: str = "", review: bool = False) -> str:
    """The HTML the PDF is made from; ``review`` adds the source notes and the watermark."""
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
    template = f"templates/{spec.id}/{spec.template}"
    css = page_css(spec) + extra_css + (REVIEW_CSS if review else "")
    head.append(f"<style>{css}</style>")
    if review:
        body = _WATERMARK + "\n" + "\n".join(_review_blocks(document, template))
    else:
        body = "\n".join(_block(block, []) for block in document.blocks)
    return (f'<!DOCTYPE html>\n<html lang="{escape(meta.language)}"><head>{"".join(head)}</head>'
            f"<body>\n{body}\n</body></html>")
