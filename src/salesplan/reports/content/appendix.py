"""The appendix: how each number was computed, where each assumption came from, all warnings."""

from __future__ import annotations

from salesplan.reports.content.context import DASH, Context
from salesplan.reports.document import Callout, Paragraph, Section, Table

__all__ = ["appendix"]


def appendix(ctx: Context) -> Section:
    result = ctx.result
    explanations = Section("how-computed", ctx._("How each number was computed"))
    explanations.blocks.append(
        Table(
            [ctx._("Figure"), ctx._("How it was computed")],
            [[key, e.formula] for key, e in result.explanations.items()],
            caption=ctx._("The engine's explanation of every figure"),
        )
    )
    assumptions = Section("assumptions", ctx._("Where each assumption came from"))
    assumptions.blocks.append(assumptions_table(ctx))
    warnings = Section("warnings", ctx._("All warnings"))
    if result.warnings:
        warnings.blocks += [Callout(w.message) for w in result.warnings]
    else:
        warnings.blocks.append(Paragraph(ctx._("No warnings."), "note"))
    return Section(
        "appendix",
        ctx._("Appendix"),
        blocks=[
            Paragraph(
                ctx.t.say(
                    "Built as of {date} with {days} working days in {country}.",
                    date=ctx.fmt.date(result.as_of),
                    days=ctx.fmt.integer(result.working_days),
                    country=ctx.plan.country or DASH,
                ),
                "note",
            )
        ],
        subsections=[explanations, assumptions, warnings],
    )


def assumptions_table(ctx: Context) -> Table:
    from salesplan.engine.sensitivity import numeric_inputs

    fmt = ctx.fmt
    record = ctx.plan.calibration
    rows = []
    for path, value in numeric_inputs(ctx.plan).items():
        shown = fmt.percent(value) if path.endswith(".conversion") else fmt.number(value, 2)
        calibrated = record.values.get(path) if record is not None else None
        if record is not None and calibrated is not None:
            span = " – ".join(
                fmt.short_date(day) for day in (record.since, record.until) if day is not None
            )
            source = ctx.t.say(
                "Calibrated from {workspace} on {date}: {metric}, n = {n}{span}",
                workspace=record.workspace,
                date=fmt.short_date(record.calibrated_on),
                metric=calibrated.metric or path,
                n=fmt.integer(calibrated.n),
                span=f" ({span})" if span else "",
            )
        else:
            source = ctx._("Typed in the plan")
        rows.append([path, shown, source])
    return Table(
        [ctx._("Input"), ctx._("Value"), ctx._("Source")],
        rows,
        ["left", "right", "left"],
        ctx._("Inputs and their sources"),
    )
