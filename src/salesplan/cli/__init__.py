"""The command line (Typer + Rich): parses arguments, calls plan and engine, renders.

The edge of the system: it reads the clock (``--as-of`` defaults to today),
reads and writes files, and turns domain errors into messages with exit code 2.
"""

from __future__ import annotations

__all__ = ["main"]


def main() -> None:
    """Entry point of the ``salesplan`` command."""
    from salesplan.cli.app import app

    app()
