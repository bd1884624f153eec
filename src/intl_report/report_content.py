"""The annual report's content, as Markdown sections built from the processed data.

The report notebook (``report/30-report.ipynb``) calls these functions and
displays their Markdown; both rendering engines turn the executed notebook
into the PDF. Every text a sector typed goes through :func:`md_escape` so it
appears exactly as typed. The referent (personal data) is never used here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pandas as pd

from . import identity, pipeline, stats
from .countries import country_name
from .formatting import format_date, format_euro, format_int
from .layout import YearLayout, chart_index, companion_name, completeness, load_summaries
from .registry import Registry, Sector, load_registry
from .render import md_escape
from .report_texts import LABELS, check_lang, document_metadata
from .schema import ACTIVITY_TYPES, CITY_ROLES, FUNDING_SOURCES, KNOWN_NETWORKS, STATUSES

# Above this many activities the sectors' chapters summarise them, and the complete list is the CSV published
# with the PDF (see intl_report.companion): the bundled year's 400 activities make about 130 pages, so the
# detailed listing stays under ~700 pages and the report renders in seconds. (340,000 activities, listed one
# by one, would be about 100,000 pages.)
LISTING_LIMIT = 2000
LARGEST_SHOWN = 10


@dataclass
class ReportContext:
    year: int
    lang: str
    registry: Registry
    activities: pd.DataFrame
    summaries: list[dict]
    charts: list[dict]
    previous: dict[int, pd.DataFrame] = field(default_factory=dict)

    def t(self, key: str, **values) -> str:
        return LABELS[self.lang][key].format(**values)

    @property
    def incomplete(self) -> list[str]:
        return completeness(self.summaries, self.lang)

    @property
    def compact(self) -> bool:
        """Too many activities to list one by one in the PDF: chapters summarise, the CSV lists (LISTING_LIMIT)."""
        return len(self.activities) > LISTING_LIMIT

    @property
    def companion_file(self) -> str:
        return companion_name(self.year)

    @cached_property
    def distinct(self) -> pd.DataFrame:
        """One row per activity, a joint one counted once (``stats.dedupe_joint``), computed once per report."""
        return stats.dedupe_joint(self.activities)

    @cached_property
    def reporting_sectors(self) -> pd.Series:
        """Per activity row, the sectors that reported it: more than one for a joint activity."""
        return identity.reporting_sectors(self.activities)


def load_context(year: int, lang: str = "it", processed_dir: str | Path | None = None) -> ReportContext:
    """Everything the report needs, read from the year's processed folder.

    The charts are the cross-sector step's (it draws those of every edition): the report only reads them.
    """
    lang = check_lang(lang)
    layout = YearLayout.of(year, None, processed_dir)
    activities = pipeline.load_activities(layout.year, processed_dir)
    if activities is None:
        raise FileNotFoundError(
            f"Mancano i dati elaborati del {layout.year} in {layout.processed}: eseguire prima il passo trasversale"
        )
    previous = pipeline.previous_years(layout.year, processed_dir)
    chart_list = chart_index(layout, lang)  # drawn by the cross-sector step, for every edition
    return ReportContext(layout.year, lang, load_registry(), activities, load_summaries(layout), chart_list, previous)


def metadata(ctx: ReportContext, edition_date: dt.date | None = None) -> dict:
    """Document metadata for the renderer (title page, PDF properties, draft flag)."""
    return document_metadata(ctx.year, ctx.lang, ctx.registry, ctx.incomplete, edition_date)


def _code_label(codes, code, lang: str) -> str:
    return codes.label(code, lang) if isinstance(code, str) else "–"


def summary_section(ctx: ReportContext) -> str:
    lang = ctx.lang
    current = stats.key_figures(ctx.distinct)
    previous_year = max(ctx.previous) if ctx.previous else None
    previous = stats.key_figures(ctx.previous[previous_year]) if previous_year else None
    comparison = stats.compare_key_figures(current, previous)
    money = stats.MONEY_FIGURES
    lines = [f"# {ctx.t('summary', year=ctx.year)}", ""]
    lines.append(ctx.t("summary_intro", year=ctx.year, table=ctx.registry.table, city=ctx.registry.city,
                       established=ctx.registry.established))
    lines.append("")
    if ctx.compact:
        lines += [ctx.t("compact_note", year=ctx.year, n=format_int(len(ctx.activities), lang),
                        limit=format_int(LISTING_LIMIT, lang), file=md_escape(ctx.companion_file)), ""]
    header = [ctx.t("figure"), str(ctx.year)]
    if previous_year:
        header += [str(previous_year), ctx.t("change")]
    lines.append("| " + " | ".join(header) + " |")
    lines.append("|" + "|".join([":---"] + ["---:"] * (len(header) - 1)) + "|")
    for _, row in comparison.iterrows():
        figure = row["figure"]
        fmt = (lambda v: format_euro(v, lang)) if figure in money else (lambda v: format_int(v, lang))
        cells = [ctx.t(figure), fmt(row["current"])]
        if previous_year:
            prev = row["previous"]
            cells.append(fmt(prev) if pd.notna(prev) else "–")
            pct = row["change_pct"]
            cells.append(f"{pct:+.0f}%".replace(".", ",") if pd.notna(pct) else "–")
        lines.append("| " + " | ".join(cells) + " |")
    lines.append("")
    return "\n".join(lines)


def figure_markdown(chart: dict) -> str:
    """A chart as a Markdown figure whose alternative text comes from its data."""
    alt = chart["alt"].replace("\n", " ")
    return f"![{md_escape(chart['title'])}]({chart['path']}){{fig-alt=\"{_attr(alt)}\" alt=\"{_attr(alt)}\"}}\n"


def _attr(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def cross_sector_section(ctx: ReportContext) -> str:
    lines = [f"# {ctx.t('cross')}", "", ctx.t("cross_intro"), ""]
    for chart in ctx.charts:
        lines.append(f"## {md_escape(chart['title'])}")
        lines.append("")
        lines.append(figure_markdown(chart))
        if chart["name"] == "top_countries":
            lines.append(top_cities_table(ctx))
    return "\n".join(lines)


def top_cities_table(ctx: ReportContext, top: int = 15) -> str:
    """The partner cities and bodies named most often, as a table."""
    cities = stats.top_partner_cities(ctx.distinct, top=top)
    if cities.empty:
        return ""
    name_column, count_column = cities.columns[0], "activities"
    lines = [f"## {ctx.t('top_cities')}", "", f"| {ctx.t('cities')} | {ctx.t('activities')} |", "|:---|---:|"]
    for _, row in cities.iterrows():
        lines.append(f"| {md_escape(str(row[name_column]))} | {format_int(row[count_column], ctx.lang)} |")
    lines.append("")
    return "\n".join(lines)


def _period(row: Mapping, lang: str, labels) -> str:
    start = format_date(row["start_date"], lang)
    if pd.isna(row["end_date"]):
        return f"{labels('from')} {start}"
    if row["end_date"] == row["start_date"]:  # a one-day event
        return start
    return f"{start} – {format_date(row['end_date'], lang)}"


def activity_markdown(ctx: ReportContext, row: Mapping, joint_with: list[str]) -> str:
    lang = ctx.lang
    t = ctx.t
    lines = [f"## {md_escape(row['title'])} {{.unnumbered .unlisted}}", ""]
    facts = [
        f"**{t('type')}:** {_code_label(ACTIVITY_TYPES, row['type'], lang)}",
        f"**{t('status')}:** {_code_label(STATUSES, row['status'], lang)}",
        f"**{t('dates')}:** {_period(row, lang, t)}",
    ]
    lines.append(" · ".join(facts) + "  ")
    countries = [country_name(c, lang) for c in row["partner_countries"]]
    if countries:
        lines.append(f"**{t('countries')}:** {md_escape(', '.join(countries))}  ")
    if row["partner_cities"]:
        lines.append(f"**{t('cities')}:** {md_escape('; '.join(row['partner_cities']))}  ")
    details = []
    if isinstance(row["network"], str):
        details.append(f"**{t('network')}:** {md_escape(row['network'])}")
    if isinstance(row["city_role"], str):
        details.append(f"**{t('role')}:** {_code_label(CITY_ROLES, row['city_role'], lang)}")
    if details:
        lines.append(" · ".join(details) + "  ")
    money = []
    for key, label in (("total_budget", "budget"), ("eu_contribution", "eu"), ("city_cofunding", "cofunding")):
        if pd.notna(row[key]):
            money.append(f"**{t(label)}:** {format_euro(row[key], lang)}")
    if isinstance(row["funding_source"], str):
        source = _code_label(FUNDING_SOURCES, row["funding_source"], lang)
        money.append(f"({source})" if money else f"**{t('funding')}:** {source}")
    if money:
        lines.append(" · ".join(money) + "  ")
    if joint_with:
        names = ", ".join(ctx.registry.get(s).label(lang) for s in joint_with)
        lines.append(f"**{t('joint')}:** {md_escape(names)}  ")
    lines.append("")
    if isinstance(row["description"], str):
        lines += [md_escape(row["description"]), ""]
    if isinstance(row["results"], str):
        lines += [f"**{t('results')}:** {md_escape(row['results'])}", ""]
    return "\n".join(lines)


def sector_chapter(ctx: ReportContext, sector: Sector) -> str:
    lang = ctx.lang
    mine = ctx.activities[ctx.activities["sector"] == sector.slug].sort_values(["start_date", "title"])
    lines = [f"# {md_escape(sector.label(lang))}", ""]
    lines.append(f"**{ctx.t('remit')}:** {md_escape(', '.join(sector.theme_list(lang)))}.")
    lines.append("")
    if mine.empty:
        lines += [ctx.t("no_activities", year=ctx.year), ""]
        return "\n".join(lines)
    lines.append(
        ctx.t(
            "sector_figures",
            n=format_int(len(mine), lang),
            eu=format_euro(mine["eu_contribution"].sum(), lang),
            budget=format_euro(mine["total_budget"].sum(), lang),
        )
    )
    lines.append("")
    if ctx.compact:
        return "\n".join(lines + [sector_summary(ctx, sector, mine)])
    reporters = ctx.reporting_sectors
    # Rows as plain dicts: a Series per row (iterrows) was most of the report step's time.
    for index, row in zip(mine.index, mine.to_dict("records"), strict=True):
        partners = [s for s in reporters[index] if s != sector.slug]
        lines.append(activity_markdown(ctx, row, partners))
    return "\n".join(lines)


def sector_summary(ctx: ReportContext, sector: Sector, mine: pd.DataFrame) -> str:
    """A sector's activities in a compact report: by type, the largest by budget, where the complete list is."""
    lang, t = ctx.lang, ctx.t
    lines = [f"## {t('by_type')} {{.unnumbered .unlisted}}", "",
             f"| {t('type')} | {t('activities')} | {t('budget')} |", "|:---|---:|---:|"]
    by_type = mine.groupby("type", dropna=False).agg(n=("title", "size"), budget=("total_budget", "sum"))
    for code, row in by_type.sort_values("n", ascending=False).iterrows():
        lines.append(f"| {_code_label(ACTIVITY_TYPES, code, lang)} | {format_int(row['n'], lang)} | "
                     f"{format_euro(row['budget'], lang)} |")
    largest = mine[mine["total_budget"].notna()].nlargest(LARGEST_SHOWN, "total_budget")
    if not largest.empty:
        lines += ["", f"## {t('largest')} {{.unnumbered .unlisted}}", "",
                  # dash counts set the column widths (a separator line longer than 72 characters): amounts on one line
                  f"| {t('activity')} | {t('dates')} | {t('budget')} |", "|:" + "-" * 44 + "|:" + "-" * 30 + "|" + "-" * 16 + ":|"]
        for _, row in largest.iterrows():
            lines.append(f"| {md_escape(row['title'])} | {_period(row, lang, t)} | "
                         f"{format_euro(row['total_budget'], lang)} |")
    lines += ["", t("complete_list", n=format_int(len(mine), lang), file=md_escape(ctx.companion_file),
                    name=md_escape(sector.name)), ""]
    return "\n".join(lines)


def sectors_chapters(ctx: ReportContext) -> list[str]:
    return [sector_chapter(ctx, sector) for sector in ctx.registry.sectors]


def appendix(ctx: ReportContext) -> str:
    t = ctx.t
    lang = ctx.lang
    lines = [f"# {t('appendix')}", "", f"## {t('methodology')}", "", t("methodology_text"), ""]
    lines += [f"## {t('quality')}", "", t("quality_intro"), ""]
    lines.append(f"| {t('sector')} | {t('file')} | {t('state')} | {t('read')} | {t('kept')} | {t('rejected')} |")
    # Dash counts set the relative column widths (pandoc does so when a line exceeds 72 characters).
    lines.append("|:" + "-" * 34 + "|:" + "-" * 26 + "|:" + "-" * 12 + "|" + "-" * 9 + ":|" + "-" * 9 + ":|" + "-" * 9 + ":|")
    totals = [0, 0, 0]
    for summary in ctx.summaries:
        sector = ctx.registry.get(summary["sector"])
        state = t(f"state_{summary['status']}")
        numbers = [summary["rows_read"], summary["rows_kept"], summary["rows_rejected"]]
        totals = [a + b for a, b in zip(totals, numbers, strict=True)]
        file = md_escape(summary["file"]) if summary["file"] else "–"
        lines.append(f"| {md_escape(sector.label(lang))} | {file} | {state} | " + " | ".join(format_int(n, lang) for n in numbers) + " |")
    lines.append(f"| **{t('total')}** | | | " + " | ".join(f"**{format_int(n, lang)}**" for n in totals) + " |")
    lines.append("")
    problems = [(s, p) for s in ctx.summaries for p in s["problems"] if p["severity"] == "error"]
    if problems:
        lines += [f"### {t('quality_problems')} {{.unnumbered .unlisted}}", ""]
        for _summary, problem in problems:
            where = ", ".join(
                str(part) for part in (problem["file"], problem["sheet"], f"riga {problem['row']}" if problem["row"] else None,
                                        problem["column"]) if part
            )
            lines.append(f"- {md_escape(where)}: {md_escape(problem['message'])}")
        lines.append("")
    lines += [f"## {t('glossary')}", "", f"### {t('glossary_types')} {{.unnumbered .unlisted}}", ""]
    for code in ACTIVITY_TYPES.codes:
        lines.append(f"- **{md_escape(code.label(lang))}**")
    lines += ["", f"### {t('glossary_networks')} {{.unnumbered .unlisted}}", ""]
    used = sorted({n for n in ctx.activities["network"].dropna()} | set())
    known = [n for n in KNOWN_NETWORKS if n in used] + [n for n in used if n not in KNOWN_NETWORKS]
    lines.append(md_escape(", ".join(known)) + ".")
    lines.append("")
    return "\n".join(lines)

