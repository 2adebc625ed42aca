"""``salesplan serve`` and ``salesplan demo``: the web app on this machine."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

__all__ = ["demo_command", "serve_command"]

_stdout = Console(soft_wrap=True)
_stderr = Console(stderr=True, soft_wrap=True)


def _prepare(folder: Path) -> None:
    from django.core.exceptions import ImproperlyConfigured

    from salesplan.web.server import prepare

    try:
        prepare(folder.absolute())
    except ImproperlyConfigured as error:
        _stderr.print(f"[red]error:[/red] {error}", highlight=False)
        raise typer.Exit(2) from None
    except OSError as error:
        _stderr.print(f"[red]error:[/red] {folder}: {error.strerror}", highlight=False)
        raise typer.Exit(2) from None


def _serve(host: str, port: int) -> None:
    from salesplan.web.server import serve

    _stdout.print(f"Serving on http://{host}:{port}/ (Ctrl-C stops)", highlight=False)
    try:
        serve(host, port)
    except OSError as error:
        _stderr.print(
            f"[red]error:[/red] cannot listen on {host}:{port} ({error.strerror})", highlight=False
        )
        raise typer.Exit(2) from None


def serve_command(
    folder: Annotated[
        Path, typer.Argument(help="The data folder: web database, workspaces' CRM stores.")
    ] = Path("salesplan-data"),
    port: Annotated[int, typer.Option(help="Port to listen on.", min=1, max=65535)] = 8000,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
) -> None:
    """Run the web app (applies migrations first) with a production WSGI server."""
    _prepare(folder)
    _serve(host, port)


def demo_command(
    workspace: Annotated[
        Path, typer.Option("--workspace", help="The data folder to create the demo in.")
    ] = Path("salesplan-demo"),
    port: Annotated[int, typer.Option(help="Port to listen on.", min=1, max=65535)] = 8000,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    serve: Annotated[
        bool, typer.Option("--serve/--no-serve", help="Serve it after creating it.")
    ] = True,
) -> None:
    """Create a demo workspace — synthetic CRM history, an example plan, a user per role — print the logins and serve it."""
    from salesplan.web.demo import create_demo

    _prepare(workspace)
    today = dt.datetime.now(tz=dt.UTC).astimezone().date()
    with _stdout.status("Simulating a CRM history and importing it …"):
        logins = create_demo(workspace.absolute(), today)
    _stdout.print(f"Demo workspace ready in {workspace}. Log in as:", highlight=False)
    for login in logins:
        _stdout.print(f"  {login.username:<8} {login.password}   ({login.role})", highlight=False)
    if serve:
        _serve(host, port)
