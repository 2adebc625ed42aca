"""``salesplan report``: the plan as a document in HTML, PDF, DOCX, XLSX or Markdown."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

__all__ = ["report_command"]

_stdout = Console(soft_wrap=True)
_stderr = Console(stderr=True, soft_wrap=True)


class ReportFormat(StrEnum):
    html = "html"
    pdf = "pdf"
    docx = "docx"
    xlsx = "xlsx"
    md = "md"
    all = "all"


class ReportLang(StrEnum):
    en = "en"
    id = "id"


def report_command(
    plan_path: Annotated[Path, typer.Argument(help="The plan YAML file.", show_default=False)],
    output: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            help="The file to write; with --format all, the folder to write every format into.",
            show_default=False,
        ),
    ],
    format_: Annotated[
        ReportFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="html, pdf, docx, xlsx, md, or all (every format into a folder). Default: from the output's suffix.",
            show_default=False,
        ),
    ] = None,
    lang: Annotated[
        ReportLang | None,
        typer.Option("--lang", help="Language of the document. Default: the plan's language."),
    ] = None,
    scenario: Annotated[
        str | None, typer.Option("--scenario", "-s", help="Write a named scenario of the plan.")
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            help="Build the plan as of this date (YYYY-MM-DD); the Gantt chart marks it. Default: today.",
            show_default=False,
        ),
    ] = None,
    no_sensitivity: Annotated[
        bool,
        typer.Option("--no-sensitivity", help="Leave out the sensitivity analysis (faster)."),
    ] = False,
) -> None:
    """Write the plan as a document to share: HTML, PDF, DOCX, live-formula XLSX or Markdown."""
    from salesplan.cli.app import _as_of, _holidays, _load, _plan_errors
    from salesplan.reports.writers import FORMATS, make_report

    if format_ is None:
        suffix = output.suffix.lower().lstrip(".")
        suffix = {"markdown": "md", "htm": "html"}.get(suffix, suffix)
        if suffix not in {kind.value for kind in ReportFormat} - {"all"}:
            _stderr.print(
                f"[red]error:[/red] cannot tell the format from {output.name!r} — "
                "give --format html, pdf, docx, xlsx, md or all",
                highlight=False,
            )
            raise typer.Exit(2)
        format_ = ReportFormat(suffix)
    if format_ is not ReportFormat.all and output.is_dir():
        _stderr.print(
            f"[red]error:[/red] {output} is a folder — give a file name, or use --format all",
            highlight=False,
        )
        raise typer.Exit(2)
    kinds = list(FORMATS) if format_ is ReportFormat.all else [format_.value]
    with _plan_errors():
        plan = _load(plan_path)
        if scenario is not None and scenario not in plan.scenarios:
            known = ", ".join(plan.scenarios) or "none"
            _stderr.print(
                f"[red]error:[/red] {plan_path}: no scenario {scenario!r} (the plan has: {known})",
                highlight=False,
            )
            raise typer.Exit(2)
        today = dt.datetime.now(tz=dt.UTC).astimezone().date()
        document = make_report(
            plan,
            scenario=scenario,
            as_of=_as_of(as_of),
            language=lang.value if lang else None,
            holidays=_holidays().lookup,
            generated_on=today,
            with_sensitivity=not no_sensitivity,
        )
    written: list[Path] = []
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed}/{task.total}"),
        TimeElapsedColumn(),
        console=_stderr,
        transient=True,
        disable=len(kinds) == 1,
    ) as progress:
        task = progress.add_task("writing", total=len(kinds))
        for kind in kinds:
            progress.update(task, description=f"writing {kind}")
            folder = format_ is ReportFormat.all
            target = output / f"{plan_path.stem}.{kind}" if folder else output
            try:
                written.append(document.write(kind, target))  # type: ignore[arg-type]
            except OSError as error:
                _stderr.print(
                    f"[red]error:[/red] could not write {target}: {error.strerror or error}",
                    highlight=False,
                )
                raise typer.Exit(1) from None
            progress.advance(task)
    for path in written:
        _stdout.print(f"wrote {path}", highlight=False)
