"""The report's Markdown as JupyterLab shows it, beside the Markdown the PDF is made from.

The report notebook's cells display each section twice in one output (:func:`show`): the pandoc Markdown the
renderers read (mime type :data:`PANDOC_MARKDOWN`, with heading attributes such as ``{.unnumbered .unlisted}``,
figures' ``{fig-alt="…"}`` and charts by absolute path), and plain Markdown for a person opening the executed
notebook in JupyterLab: no pandoc attributes, the charts embedded, so that they show wherever the notebook is.
"""

from __future__ import annotations

import base64
import mimetypes
import re
from pathlib import Path

PANDOC_MARKDOWN = "text/x-pandoc-markdown"  # read first by render.notebook_markdown

_HEADING_ATTRIBUTES = re.compile(r"^(#{1,6} .*?)\s*\{[^{}]*\}\s*$", re.MULTILINE)
_IMAGE = re.compile(r"!\[(?P<alt>(?:[^\]\\]|\\.)*)\]\((?:<(?P<bracketed>[^>]*)>|(?P<bare>[^)\s]*))\)(?:\{[^{}]*\})?")
_RAW_BLOCK = re.compile(r"^```\{=\w+\}\n.*?^```\s*$", re.MULTILINE | re.DOTALL)
_PAGEBREAK = re.compile(r"^\{\{< pagebreak >\}\}\s*$", re.MULTILINE)


def for_jupyter(markdown: str) -> str:
    """*markdown* (pandoc's) as JupyterLab's Markdown renders it: same text, no attributes, embedded images."""

    def image(match: re.Match[str]) -> str:
        path = Path(match["bracketed"] or match["bare"])
        if not path.is_file():
            return match[0]
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        data = base64.b64encode(path.read_bytes()).decode("ascii")
        return f"![{match['alt']}](data:{kind};base64,{data})"

    text = _RAW_BLOCK.sub("", markdown)
    text = _PAGEBREAK.sub("", text)
    text = _HEADING_ATTRIBUTES.sub(r"\1", text)
    return _IMAGE.sub(image, text)


def show(markdown: str) -> None:
    """Display one section of the report: for the renderers and for JupyterLab (see the module's docstring)."""
    from IPython.display import display

    display({"text/markdown": for_jupyter(markdown), PANDOC_MARKDOWN: markdown}, raw=True)
