"""The ``salesplan`` command: init, validate, build, explain, scenarios, sensitivity, report, gantt, forecast.

Commands import the plan and engine lazily so ``salesplan --help`` starts fast.
Bad input never shows a traceback: a :class:`~salesplan.plan.PlanError` becomes
its messages on stderr and exit code 2.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer
from rich.console import Console

from salesplan.cli.dates import parse_date

if TYPE_CHECKING:
    from salesplan.crm.store import Workspace
    from salesplan.engine.results import PlanBuild
    from salesplan.holiday_cache import HolidayCache
    from salesplan.plan.document import SalesPlan

__all__ = ["app"]

app = typer.Typer(
    name="salesplan",
    help="A sales plan as one structured document: goal → deals → activities → headcount → budget.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

_stdout = Console(soft_wrap=True)
_stderr = Console(stderr=True, soft_wrap=True)

F = TypeVar("F", bound=Callable[..., Any])


class Template(StrEnum):
    quarter = "quarter"
    saas_inbound = "saas-inbound"
    agency = "agency"
    referral_club = "referral-club"
    thirty_sixty_ninety = "30-60-90"


class Lang(StrEnum):
    en = "en"
    id = "id"


PlanPath = Annotated[Path, typer.Argument(help="The plan YAML file.", show_default=False)]
ScenarioOption = Annotated[
    str | None, typer.Option("--scenario", "-s", help="Build a named scenario of the plan.")
]
AsOfOption = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        help="Build the plan as of this date (YYYY-MM-DD); hiring deadlines are judged against it. Default: today.",
        show_default=False,
    ),
]
JsonOption = Annotated[
    bool, typer.Option("--json", help="Print the documented JSON instead of tables.")
]


@contextmanager
def _plan_errors() -> Iterator[None]:
    """Turn domain errors into messages on stderr and exit code 2."""
    from salesplan.plan.errors import PlanError

    try:
        yield
    except PlanError as error:
        for line in error.render().splitlines():
            _stderr.print(f"[red]error:[/red] {line}", highlight=False, markup=True)
        raise typer.Exit(2) from None


@functools.cache
def _holidays() -> HolidayCache:
    """Public holidays from the on-disk cache (one per process)."""
    from salesplan.holiday_cache import HolidayCache

    return HolidayCache()


def _load(path: Path) -> SalesPlan:
    from salesplan.plan.yaml_io import load

    return load(path, countries=_holidays().countries)


def _as_of(value: str | None) -> dt.date:
    # the edge reads the clock: today in the machine's local time zone
    return parse_date(value, "--as-of") or dt.datetime.now(tz=dt.UTC).astimezone().date()


def _build(plan: SalesPlan, scenario: str | None, as_of: dt.date) -> PlanBuild:
    from salesplan.engine.build import build

    return build(plan, scenario, as_of, holidays=_holidays().lookup)


def _workspace(folder: Path) -> Workspace:
    """The workspace in *folder*, which must exist: else its error on stderr, exit code 2."""
    from salesplan.crm.store import Workspace, WorkspaceError

    try:
        return Workspace.open(folder, create=False)
    except WorkspaceError as error:
        _stderr.print(f"[red]error:[/red] {error}", highlight=False)
        raise typer.Exit(2) from None


def _print_json(data: object) -> None:
    typer.echo(json.dumps(data, indent=2, ensure_ascii=False, default=str))


@app.command()
def init(
    path: Annotated[Path, typer.Argument(help="Where to write the new plan.", show_default=False)],
    template: Annotated[
        Template, typer.Option("--template", "-t", help="The template to start from.")
    ] = Template.quarter,
    lang: Annotated[
        Lang, typer.Option("--lang", help="Language of the plan: en or id (Bahasa Indonesia).")
    ] = Lang.en,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
) -> None:
    """Create a plan from a template: complete, commented and ready to build."""
    from salesplan.cli.labels import label
    from salesplan.plan.templates import template_text

    if path.exists() and not force:
        _stderr.print(
            f"[red]error:[/red] {path} already exists — pass --force to overwrite it",
            highlight=False,
        )
        raise typer.Exit(2)
    text = template_text(template.value, lang.value)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    except OSError as error:
        reason = error.strerror or type(error).__name__
        _stderr.print(
            f"[red]error:[/red] {path}: cannot write the plan ({reason})", highlight=False
        )
        raise typer.Exit(2) from None
    _stdout.print(label(lang.value, "created", path=path, template=template.value), highlight=False)
    _stdout.print(label(lang.value, "next_step", path=path), highlight=False)


@app.command()
def validate(plan_path: PlanPath) -> None:
    """Check a plan: every field, every reference between sections, every scenario."""
    from salesplan.cli.labels import label

    with _plan_errors():
        plan = _load(plan_path)
    lang = plan.language
    _stdout.print(f"[green]✓[/green] {label(lang, 'valid', path=plan_path)}", highlight=False)
    _stdout.print(
        label(
            lang,
            "sections",
            stages=len(plan.strategy.stages),
            roles=len(plan.team.roles),
            people=len(plan.team.people),
            scenarios=len(plan.scenarios),
        )
    )


@app.command()
def build(
    plan_path: PlanPath,
    scenario: ScenarioOption = None,
    as_of: AsOfOption = None,
    json_output: JsonOption = False,
) -> None:
    """Compute the plan: deals, stage volumes, activities, headcount, hiring and budget."""
    from salesplan.cli.render import render_build

    with _plan_errors():
        plan = _load(plan_path)
        result = _build(plan, scenario, _as_of(as_of))
    if json_output:
        _print_json(result.to_dict())
    else:
        render_build(_stdout, result, plan.effective_locale)


@app.command()
def explain(
    plan_path: PlanPath,
    figure: Annotated[
        str | None,
        typer.Argument(
            help="One figure, e.g. headcount.SDR.required; omit to list every figure.",
            show_default=False,
        ),
    ] = None,
    scenario: ScenarioOption = None,
    as_of: AsOfOption = None,
    json_output: JsonOption = False,
) -> None:
    """Show how each figure was computed, in words and numbers."""
    from salesplan.cli.render import render_explanations

    with _plan_errors():
        plan = _load(plan_path)
        result = _build(plan, scenario, _as_of(as_of))
    figures = list(result.explanations)
    if figure is not None:
        if figure not in result.explanations:
            hint = difflib.get_close_matches(figure, figures, n=3, cutoff=0.5)
            suggestion = f" — did you mean {', '.join(hint)}?" if hint else ""
            _stderr.print(
                f"[red]error:[/red] no figure {figure!r}{suggestion} (run 'salesplan explain {plan_path}' to list them)",
                highlight=False,
            )
            raise typer.Exit(2)
        figures = [figure]
    if json_output:
        everything = result.to_dict()["explanations"]
        _print_json({key: everything[key] for key in figures})
    else:
        render_explanations(_stdout, result, figures)


@app.command()
def scenarios(
    plan_path: PlanPath,
    as_of: AsOfOption = None,
    json_output: JsonOption = False,
) -> None:
    """Build every scenario of the plan and show them side by side."""
    from salesplan.cli.render import render_scenarios
    from salesplan.engine.sensitivity import compare_scenarios

    with _plan_errors():
        plan = _load(plan_path)
        builds = compare_scenarios(plan, _as_of(as_of), holidays=_holidays().lookup)
    if json_output:
        _print_json({name: result.to_dict() for name, result in builds.items()})
    else:
        render_scenarios(_stdout, builds, plan.effective_locale)


@app.command()
def sensitivity(
    plan_path: PlanPath,
    scenario: ScenarioOption = None,
    as_of: AsOfOption = None,
    step: Annotated[
        float,
        typer.Option(
            help="How far to move each input, as a share (0.1 = ±10%).", min=0.01, max=0.9
        ),
    ] = 0.1,
    json_output: JsonOption = False,
) -> None:
    """Move each numeric input by ±10% and rank the inputs by their effect."""
    from salesplan.cli.render import NumberFormat, render_sensitivity
    from salesplan.engine.sensitivity import sensitivity as run_sensitivity

    with _plan_errors():
        plan = _load(plan_path)
        rows = run_sensitivity(plan, scenario, _as_of(as_of), step, holidays=_holidays().lookup)
    if json_output:
        _print_json(
            [
                {
                    "input": row.input,
                    "value": row.value,
                    "low": {
                        "deals": row.low.deals,
                        "activities": row.low.activities,
                        "headcount": row.low.headcount,
                    },
                    "base": {
                        "deals": row.base.deals,
                        "activities": row.base.activities,
                        "headcount": row.base.headcount,
                    },
                    "high": {
                        "deals": row.high.deals,
                        "activities": row.high.activities,
                        "headcount": row.high.headcount,
                    },
                }
                for row in rows
            ]
        )
    else:
        render_sensitivity(
            _stdout, rows, plan.language, NumberFormat(plan.effective_locale, plan.currency), step
        )


def _register_crm_commands() -> None:
    from salesplan.cli.backtest_command import backtest_command
    from salesplan.cli.calibrate_command import calibrate_command
    from salesplan.cli.crm_commands import demo_data_command, import_command
    from salesplan.cli.forecast_command import forecast_command
    from salesplan.cli.gantt_command import gantt_command
    from salesplan.cli.report_command import report_command
    from salesplan.cli.track_command import track_command
    from salesplan.cli.web_commands import demo_command, serve_command

    app.command("import")(import_command)
    app.command("calibrate")(calibrate_command)
    app.command("demo-data")(demo_data_command)
    app.command("report")(report_command)
    app.command("gantt")(gantt_command)
    app.command("forecast")(forecast_command)
    app.command("track")(track_command)
    app.command("backtest")(backtest_command)
    app.command("serve")(serve_command)
    app.command("demo")(demo_command)


_register_crm_commands()


@app.command()
def templates() -> None:
    """List the plan templates (use them with 'salesplan init --template NAME')."""
    from salesplan.plan.templates import TEMPLATES

    for name in TEMPLATES:
        typer.echo(name)
