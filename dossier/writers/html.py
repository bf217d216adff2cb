"""The document model as HTML with print CSS: the input of the PDF writer.

Every piece of content text is escaped here; the only markup is ours.  The
same HTML may serve a preview later.
"""

from __future__ import annotations

import base64
from html import escape

from ..document import (
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
)
from ..formats import FormatSpec
from ..inline import SAFE_LINK


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
            if SAFE_LINK.fullmatch(node.href):  # never javascript: or file: (checked before, kept here)
                out.append(f'<a href="{escape(node.href)}">{_inlines(node.children)}</a>')
            else:
                out.append(_inlines(node.children))
        elif isinstance(node, LineBreak):
            out.append("<br>")
        elif isinstance(node, Note):
            out.append(f'<span class="footnote" id="fn{node.number}">{_inlines(node.children)}</span>')
        else:
            raise TypeError(f"{type(node).__name__} left in the document after the notes pass")
    return "".join(out)


def _block(block) -> str:
    if isinstance(block, Heading):
        return f"<h{block.level}>{_inlines(block.children)}</h{block.level}>"
    if isinstance(block, Paragraph):
        classes = [block.style]
        if block.numbered:
            classes.append("numbered")
        if block.align:
            classes.append(f"align-{block.align}")
        tag = "h1" if block.style == "title" else "p"
        return f'<{tag} class="{" ".join(classes)}">{_inlines(block.children)}</{tag}>'
    if isinstance(block, ListBlock):
        tag = "ol" if block.ordered else "ul"
        items = "".join(f"<li>{_inlines(item)}</li>" for item in block.items)
        return f"<{tag}>{items}</{tag}>"
    if isinstance(block, PageBreak):
        return '<div class="pagebreak"></div>'
    if isinstance(block, Image):  # its bytes inline: WeasyPrint needs no file for it
        data = base64.b64encode(block.data).decode("ascii")
        return (f'<p class="image align-{escape(block.align)}"><img src="data:{escape(block.mime)};base64,{data}"'
                f' alt="{escape(block.alt)}" style="width: {block.width_mm:.2f}mm; '
                f'height: {block.height_mm:.2f}mm"></p>')
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
p.image {{ text-indent: 0; margin: 0 0 6pt 0; }}
{cjk_rules}
"""


def document_html(document: Document, spec: FormatSpec) -> str:
    """The whole document as HTML; a format's own style.css is passed to WeasyPrint beside it."""
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
    head.append(f"<style>{page_css(spec)}</style>")  # every value in it was checked when loaded
    body = "\n".join(_block(block) for block in document.blocks)
    return (f'<!DOCTYPE html>\n<html lang="{escape(meta.language)}"><head>{"".join(head)}</head>'
            f"<body>\n{body}\n</body></html>")
