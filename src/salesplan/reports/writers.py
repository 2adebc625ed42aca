"""The reports package's front door, for the CLI and the web app.

``make_report`` builds the plan once and returns a ``PlanDocument``;
``PlanDocument.write(format, path)`` lays it out in any of the formats, sharing
the scenarios, the sensitivity analysis and the document tree between them.

>>> import datetime as dt
>>> from salesplan.plan import load
>>> document = make_report(load("examples/derived-quarter.yaml"), as_of=dt.date(2026, 11, 1))
>>> document.result.deals_required, [section.id for section in document.report.sections][:3]
(50, ['summary', 'mission', 'goals'])
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Literal, get_args

from salesplan.engine.build import build
from salesplan.engine.calendar import HolidayLookup
from salesplan.engine.results import PlanBuild
from salesplan.plan.document import SalesPlan
from salesplan.plan.scenarios import apply_scenario

if TYPE_CHECKING:
    from salesplan.reports.content import ReportInputs
    from salesplan.reports.document import Report

__all__ = ["FORMATS", "Format", "PlanDocument", "make_report"]

Format = Literal["html", "pdf", "docx", "xlsx", "md"]
FORMATS: tuple[Format, ...] = get_args(Format)


class PlanDocument:
    """A plan built once, ready to be written in any format.

    The scenario comparison, the sensitivity analysis and the document tree are
    computed on first use: the XLSX needs none of them, the other formats share them.
    """

    def __init__(
        self,
        plan: SalesPlan,
        result: PlanBuild,
        *,
        written: SalesPlan,
        scenario: str | None,
        holidays: HolidayLookup | None,
        generated_on: dt.date | None,
        with_sensitivity: bool,
    ) -> None:
        self.plan = plan  # with the scenario applied
        self.result = result
        self._written = written
        self._scenario = scenario
        self._holidays = holidays
        self._generated_on = generated_on
        self._with_sensitivity = with_sensitivity

    @functools.cached_property
    def inputs(self) -> ReportInputs:
        from salesplan.engine.sensitivity import compare_scenarios, sensitivity
        from salesplan.reports.content import ReportInputs

        written, as_of = self._written, self.result.as_of
        builds = (
            compare_scenarios(written, as_of, holidays=self._holidays) if written.scenarios else {}
        )
        moved = (
            sensitivity(written, self._scenario, as_of, holidays=self._holidays)
            if self._with_sensitivity
            else []
        )
        return ReportInputs(
            plan=self.plan,
            result=self.result,
            scenarios=list(builds.items()),
            sensitivity=moved,
            generated_on=self._generated_on,
        )

    @functools.cached_property
    def report(self) -> Report:
        from salesplan.reports.content import build_report

        return build_report(self.inputs)

    def write(self, kind: Format, path: Path) -> Path:
        """Write the document as *kind* to *path*, atomically (a partial file never remains)."""
        writer = _WRITERS[kind]
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f".{path.name}.partial")
        try:
            writer(self, partial)
            if kind == "md":
                _move_figures(partial, path)
            partial.replace(path)
        finally:
            partial.unlink(missing_ok=True)
        return path


def _move_figures(partial: Path, final: Path) -> None:
    """Markdown's figures were written beside the partial file: give them the final name."""
    written = partial.with_name(f"{partial.stem}_files")
    if not written.exists():
        return
    target = final.with_name(f"{final.stem}_files")
    if target.exists():
        import shutil

        shutil.rmtree(target)
    written.replace(target)
    text = partial.read_text(encoding="utf-8").replace(f"]({written.name}/", f"]({target.name}/")
    partial.write_text(text, encoding="utf-8")


def _html(document: PlanDocument, path: Path) -> None:
    from salesplan.reports.html import write_html

    write_html(document.report, path)


def _pdf(document: PlanDocument, path: Path) -> None:
    from salesplan.reports.pdf import write_pdf

    write_pdf(document.report, path)


def _docx(document: PlanDocument, path: Path) -> None:
    from salesplan.reports.chart import start_rendering

    finish = start_rendering([f.chart for f in document.report.figures()], "png", 2.0)
    from salesplan.reports.docx_writer import write_docx

    finish()
    write_docx(document.report, path)


def _md(document: PlanDocument, path: Path) -> None:
    from salesplan.reports.chart import start_rendering

    finish = start_rendering([f.chart for f in document.report.figures()], "svg")
    from salesplan.reports.markdown import write_markdown

    finish()
    write_markdown(document.report, path)


def _xlsx(document: PlanDocument, path: Path) -> None:
    from salesplan.reports.formatting import Formatter
    from salesplan.reports.i18n import translator
    from salesplan.reports.xlsx import write_xlsx

    plan = document.plan
    write_xlsx(
        plan,
        document.result,
        path,
        t=translator(plan.language),
        fmt=Formatter(plan.effective_locale, plan.currency),
    )


_WRITERS: dict[Format, Callable[[PlanDocument, Path], None]] = {
    "html": _html,
    "pdf": _pdf,
    "docx": _docx,
    "xlsx": _xlsx,
    "md": _md,
}


def make_report(
    plan: SalesPlan,
    *,
    scenario: str | None = None,
    as_of: dt.date | None = None,
    language: str | None = None,
    holidays: HolidayLookup | None = None,
    generated_on: dt.date | None = None,
    with_sensitivity: bool = True,
) -> PlanDocument:
    """Build *plan* (under *scenario*) for a reader of *language* (default: the plan's)."""
    if language is not None:
        plan = plan.for_reader(language)
    result = build(plan, scenario, as_of, holidays=holidays)
    return PlanDocument(
        apply_scenario(plan, scenario),
        result,
        written=plan,
        scenario=scenario,
        holidays=holidays,
        generated_on=generated_on,
        with_sensitivity=with_sensitivity,
    )
