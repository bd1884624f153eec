"""The report notebook as JupyterLab shows it, beside the pandoc Markdown the PDF is made from."""

from __future__ import annotations

import base64

from intl_report.jupyter_view import for_jupyter

SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>'


def test_jupyter_gets_no_pandoc_attributes_and_the_charts_embedded(tmp_path):
    chart = tmp_path / "by_sector.svg"
    chart.write_text(SVG)
    pandoc = (f"## CCRE \\– task force {{.unnumbered .unlisted}}\n\nTesto\\, con virgola.\n\n"
              f'![Attività per settore]({chart}){{fig-alt="Grafico a barre" alt="Grafico a barre"}}\n\n'
              "{{< pagebreak >}}\n\n```{=typst}\n#pagebreak()\n```\n")
    shown = for_jupyter(pandoc)
    assert "## CCRE \\– task force\n" in shown and "{." not in shown and "fig-alt" not in shown
    assert f"![Attività per settore](data:image/svg+xml;base64,{base64.b64encode(SVG.encode()).decode()})" in shown
    assert "pagebreak" not in shown and "typst" not in shown and "Testo\\, con virgola." in shown

