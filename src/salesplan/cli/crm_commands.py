"""``salesplan import``: CRM exports into a workspace, and mapping proposals."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer
from rich.console import Console

if TYPE_CHECKING:
    from salesplan.crm.mapping import Mapping
    from salesplan.crm.store import Workspace

__all__ = ["import_command"]

_stdout = Console(soft_wrap=True)
_stderr = Console(stderr=True, soft_wrap=True)


class Source(StrEnum):
    csv = "csv"
    pipedrive = "pipedrive"
    salesforce = "salesforce"
    hubspot = "hubspot"


class OnError(StrEnum):
    fail = "fail"
    skip = "skip"


def _fail(message: str) -> typer.Exit:
    for line in message.splitlines():
        _stderr.print(f"[red]error:[/red] {line}", highlight=False)
    return typer.Exit(2)


def _print_holdings(store: Workspace) -> None:
    counts = store.counts()
    held = ", ".join(f"{n:,} {table}" for table, n in counts.items() if n)
    _stdout.print(f"Workspace now holds {held}", highlight=False)


def _load_mapping(path: Path) -> Mapping:
    from pydantic import ValidationError
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    from salesplan.crm.mapping import Mapping

    try:
        data = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise _fail(f"{path}: cannot read the mapping ({error.strerror})") from None
    except YAMLError as error:
        raise _fail(f"{path}: invalid YAML: {error}") from None
    try:
        return Mapping.model_validate(data)
    except ValidationError as error:
        lines = []
        for detail in error.errors():
            where = ".".join(
                str(part) for part in detail["loc"] if not str(part).startswith("function")
            )
            message = detail["msg"].removeprefix("Value error, ")
            lines.append(f"{path}: {where + ': ' if where else ''}{message}")
        raise _fail("\n".join(lines)) from None


def _import_crm_export(
    source: Source,
    workspace: Path,
    files: list[Path],
    won_stage: str | None,
    timezone: str,
    on_error: OnError,
) -> None:
    """A CRM's own export files, recognised by their headers."""
    from salesplan.crm.hubspot import import_hubspot
    from salesplan.crm.loading import ImportFailedError
    from salesplan.crm.pipedrive import import_pipedrive
    from salesplan.crm.salesforce import import_salesforce
    from salesplan.crm.sample import SampleError
    from salesplan.crm.store import Workspace, WorkspaceError

    if won_stage is not None and source is not Source.pipedrive:
        raise _fail("--won-stage is for Pipedrive: other exports say which deals are won")
    try:
        store = Workspace.open(workspace)
        with _stdout.status(f"Importing {len(files)} {source.value} files …"):
            if source is Source.pipedrive:
                results = import_pipedrive(
                    store, files, won_stage=won_stage, timezone=timezone, on_error=on_error.value
                )
            elif source is Source.salesforce:
                results = import_salesforce(
                    store, files, timezone=timezone, on_error=on_error.value
                )
            else:
                results = [
                    result
                    for path in files
                    for result in import_hubspot(
                        store, path, timezone=timezone, on_error=on_error.value
                    )
                ]
    except ImportFailedError as error:
        raise _fail(error.render()) from None
    except (SampleError, WorkspaceError) as error:
        raise _fail(str(error)) from None
    for result in results:
        written = result.rows_written if result.rows_written is not None else result.rows_accepted
        line = f"{result.file.name}: {written:,} {result.table}"
        if result.rows_rejected:
            line += f" ({result.rows_rejected:,} rows rejected → {result.rejected_file})"
        _stdout.print(line, highlight=False)
    for note in results[0].notes if results else ():
        _stdout.print(f"[yellow]note:[/yellow] {note}", highlight=False)
    _print_holdings(store)


def import_command(
    workspace: Annotated[
        Path | None,
        typer.Argument(help="The workspace folder (created on first import).", show_default=False),
    ] = None,
    files: Annotated[
        list[Path] | None, typer.Argument(help="Export files to import.", show_default=False)
    ] = None,
    source: Annotated[Source, typer.Option(help="The export's format.")] = Source.csv,
    map_path: Annotated[
        Path | None,
        typer.Option("--map", help="The mapping file (see --suggest-mapping).", show_default=False),
    ] = None,
    on_error: Annotated[
        OnError,
        typer.Option(
            "--on-error", help="fail: import nothing if any row is bad; skip: import the good rows."
        ),
    ] = OnError.fail,
    dayfirst: Annotated[
        bool, typer.Option("--dayfirst", help="Read 03/04/2025 as 3 April.")
    ] = False,
    monthfirst: Annotated[
        bool, typer.Option("--monthfirst", help="Read 03/04/2025 as 4 March.")
    ] = False,
    suggest_mapping: Annotated[
        Path | None,
        typer.Option(
            "--suggest-mapping",
            help="Propose a mapping for this file instead of importing.",
            show_default=False,
        ),
    ] = None,
    won_stage: Annotated[
        str | None,
        typer.Option(
            "--won-stage", help="Pipedrive: the stage that means a deal is won.", show_default=False
        ),
    ] = None,
    timezone: Annotated[
        str,
        typer.Option(
            help="Pipedrive, Salesforce, HubSpot: the time zone of the export's times (CSV: set it in the mapping)."
        ),
    ] = "UTC",
    table: Annotated[
        str,
        typer.Option(help="With --suggest-mapping: the table the file feeds (deals, activities)."),
    ] = "deals",
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="With --suggest-mapping: write the proposal here.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Import CRM exports into a workspace, or propose a mapping with --suggest-mapping FILE."""
    from rich.progress import BarColumn, Progress, TaskID, TextColumn

    from salesplan.crm.csv_import import STEPS, ImportFailedError, import_csv
    from salesplan.crm.sample import SampleError, read_sample
    from salesplan.crm.store import Workspace, WorkspaceError
    from salesplan.crm.suggest import suggest_mapping as propose

    if suggest_mapping is not None:
        import re
        import tempfile

        from salesplan.crm.spreadsheet import as_csv

        source_name = re.sub(r"[^a-z0-9]+", "_", suggest_mapping.stem.lower()).strip("_") or "csv"
        try:
            with tempfile.TemporaryDirectory(prefix="salesplan-sheet-") as sheets:
                readable = as_csv(suggest_mapping, Path(sheets))
                text = propose(read_sample(readable), table, source=source_name).to_yaml()
        except (SampleError, ValueError) as error:
            raise _fail(str(error)) from None
        if output is None:
            typer.echo(text, nl=False)
        else:
            output.write_text(text, encoding="utf-8")
            _stdout.print(
                f"Wrote a proposed mapping to {output}: check every line, then import with --map {output}",
                highlight=False,
            )
        return
    if workspace is None or not files:
        raise _fail(
            "give a workspace folder and at least one file: salesplan import WORKSPACE FILE... --map MAP.yaml"
        )
    if source in (Source.pipedrive, Source.salesforce, Source.hubspot):
        _import_crm_export(source, workspace, files, won_stage, timezone, on_error)
        return
    if map_path is None:
        raise _fail(
            f"--map is needed for --source {source.value}; propose one with: salesplan import --suggest-mapping {files[0]}"
        )
    if dayfirst and monthfirst:
        raise _fail("give --dayfirst or --monthfirst, not both")
    mapping = _load_mapping(map_path)
    order: Literal["dmy", "mdy"] | None = "dmy" if dayfirst else "mdy" if monthfirst else None
    try:
        store = Workspace.open(workspace)
    except WorkspaceError as error:
        raise _fail(str(error)) from None
    for path in files:
        try:
            with Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                TextColumn("{task.fields[step]}"),
                console=_stdout,
                transient=True,
            ) as bar:
                task = bar.add_task(f"Importing {path.name}", total=len(STEPS), step="")

                def advance(name: str, task: TaskID = task) -> None:
                    bar.update(task, completed=STEPS.index(name), step=name)

                result = import_csv(
                    store,
                    path,
                    mapping,
                    on_error=on_error.value,
                    date_order=order,
                    progress=advance,
                )
        except ImportFailedError as error:
            raise _fail(error.render()) from None
        except (SampleError, WorkspaceError) as error:
            raise _fail(str(error)) from None
        line = f"{path.name}: {result.rows_accepted:,} of {result.rows_read:,} rows into {result.table}"
        if result.rows_rejected:
            line += f"; {result.rows_rejected:,} rejected → {result.rejected_file}"
        _stdout.print(line, highlight=False)
    _print_holdings(store)


def demo_data_command(
    out: Annotated[
        Path, typer.Argument(help="Folder to write the export into.", show_default=False)
    ],
    deals: Annotated[int, typer.Option(help="How many deals to simulate.", min=1)] = 10_000,
    seed: Annotated[
        int, typer.Option(help="Random seed: the same seed writes the same history.")
    ] = 7,
) -> None:
    """Write a synthetic CRM history with known true parameters, as a Pipedrive export."""
    from salesplan.crm.synthetic import write_history

    with _stdout.status(f"Simulating {deals:,} deals …"):
        truth = write_history(out, deals=deals, seed=seed)
    _stdout.print(
        f"Wrote a Pipedrive export of {deals:,} deals to {out} (true parameters in truth.json)",
        highlight=False,
    )
    _stdout.print(
        "Conversions "
        + " → ".join(f"{rate:.0%}" for rate in truth["conversion"])
        + f"; win rate {truth['win_rate']:.1%}. Import it with:",
        highlight=False,
    )
    files = " ".join(
        str(out / name)
        for name in ("deal_changes.csv", "stages.csv", "fields.csv", "users.csv", "activity.csv")
    )
    _stdout.print(
        f"  salesplan import WORKSPACE {files} --source pipedrive --won-stage Won", highlight=False
    )
