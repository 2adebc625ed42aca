"""The Team sheet: FTE, headcount and hires per role, then activities per person."""

from __future__ import annotations

from salesplan.reports.xlsx.book import _Book
from salesplan.reports.xlsx.sheet import DECIMAL, FTE, INTEGER, _ceil, _Sheet


def _fte_formula(book: _Book, sheet: _Sheet, role_id: str, activities: list[str]) -> str:
    """Σ per day ÷ capacity, then (Σ per day × minutes) ÷ (selling hours × 60)."""
    cells = book.roles[role_id]
    terms: list[str] = []
    minutes: list[str] = []
    for activity_id in activities:
        per_day = sheet.addr(book.per_day[(role_id, activity_id)])
        if activity_id in cells.capacity:
            terms.append(f"{per_day}/{sheet.addr(cells.capacity[activity_id])}")
        else:
            minutes.append(f"{per_day}*{sheet.addr(cells.minutes[activity_id])}")
    if minutes:
        assert cells.selling_hours is not None
        hours = sheet.addr(cells.selling_hours)
        terms.append(f"({'+'.join(minutes)})/({hours}*60)")
    return "+".join(terms)


def write_team(book: _Book, sheet: _Sheet) -> None:
    _ = book.t.gettext
    say = book.t.say
    plan = book.plan
    sheet.title_rows(
        _("Team"),
        _(
            "FTE from the activities per working day and each role's capacity; managers from "
            "the people they manage. Grey build-time factors come from the Inputs sheet."
        ),
    )
    header_row = 4
    labels = book.factor_labels()
    sheet.header(
        header_row,
        [
            _("Role"),
            _("ID"),
            _("Sized by"),
            _("FTE needed"),
            _("Required headcount"),
            labels[0],  # people on the team today
            labels[1],  # their effective FTE
            labels[3],  # effective FTE of the backfills
            labels[4],  # effective FTE of one growth hire
            _("FTE gap"),
            _("Growth hires needed"),
            _("Most growth hires"),
            _("Growth hires"),
            labels[2],  # backfills
            _("To hire"),
            _("Effective FTE after hiring"),
            _("Quota per rep"),
        ],
    )
    first = header_row + 1
    roles = list(plan.team.roles)
    team_row = {role_id: first + index for index, role_id in enumerate(roles)}
    by_role = book.activities_by_role()
    for role_id, role in plan.team.roles.items():
        row = team_row[role_id]
        factors = book.factors[role_id]
        cells = book.roles[role_id]
        key = f"headcount.{role_id}"
        sheet.text(row, 1, role.name)
        sheet.text(row, 2, role_id)
        headcount_role = role.fixed_headcount is not None or bool(role.manages)
        if role.fixed_headcount is not None:
            assert cells.fixed is not None
            sized = _("Fixed headcount")
            fte = sheet.addr(cells.fixed)
        elif role.manages:
            assert cells.span is not None
            sized = say("Manages {roles}", roles=", ".join(role.manages))
            managed = [
                f"MAX(E{team_row[m]},F{team_row[m]}+M{team_row[m]})"
                for m in role.manages
                if m in team_row and m != role_id
            ]
            fte = f"({'+'.join(managed) or '0'})/{sheet.addr(cells.span)}"
        elif role_id in by_role:
            sized = _("Activities")
            fte = _fte_formula(book, sheet, role_id, by_role[role_id])
        else:
            sized = _("No activities")
            fte = "0"
        sheet.text(row, 3, sized)
        book.figure(f"{key}.fte", sheet.formula(row, 4, fte, FTE))
        book.figure(f"{key}.required", sheet.formula(row, 5, _ceil(f"D{row}"), INTEGER))
        book.figure(f"{key}.current", sheet.formula(row, 6, sheet.addr(factors.current), INTEGER))
        sheet.formula(row, 7, sheet.addr(factors.current_fte), FTE)
        sheet.formula(row, 8, sheet.addr(factors.backfill_fte), FTE)
        sheet.formula(row, 9, sheet.addr(factors.per_hire_fte), FTE)
        sheet.formula(row, 10, f"D{row}-G{row}-H{row}", FTE)
        if headcount_role:
            needed = f"IF({sheet.addr(factors.can_hire)}=1,MAX(0,E{row}-F{row}),0)"
        else:
            needed = f"IF(J{row}>1E-9,IF(I{row}>0,{_ceil(f'J{row}/I{row}')},0),0)"
        sheet.formula(row, 11, needed, INTEGER)
        assert cells.max_hires is not None
        limit = sheet.addr(cells.max_hires)
        sheet.formula(row, 12, f'IF({limit}="","",{limit})', INTEGER)
        book.growth[role_id] = sheet.formula(
            row, 13, f'IF(L{row}="",K{row},MIN(K{row},L{row}))', INTEGER
        )
        book.figure(f"{key}.growth_hires", book.growth[role_id])
        book.figure(
            f"{key}.backfills", sheet.formula(row, 14, sheet.addr(factors.backfills), INTEGER)
        )
        book.figure(f"{key}.to_hire", sheet.formula(row, 15, f"M{row}+N{row}", INTEGER))
        book.effective[role_id] = sheet.formula(row, 16, f"G{row}+H{row}+M{row}*I{row}", FTE)
        book.figure(f"{key}.effective_fte", book.effective[role_id])
        if role.carries_quota:
            book.figure(f"{key}.quota_per_rep", sheet.formula(row, 17, "QuotaPerRep", book.money))
    row = first + len(roles) + 1

    activity_ids = list(book.result.activities)
    volumes = book.result.activities
    sheet.section(row, _("Activities per person per working day"), 2 + len(activity_ids))
    row += 1
    sheet.header(row, [_("Role"), _("ID"), *(volumes[a].name for a in activity_ids)])
    row += 1
    for role_id, done in by_role.items():
        sheet.text(row, 1, plan.team.roles[role_id].name)
        sheet.text(row, 2, role_id)
        required = f"$E${team_row[role_id]}"
        for column, activity_id in enumerate(activity_ids, start=3):
            if activity_id in done:
                per_day = sheet.addr(book.per_day[(role_id, activity_id)])
                book.figure(
                    f"headcount.{role_id}.per_rep_per_day.{activity_id}",
                    sheet.formula(
                        row, column, f'IF({required}>0,{per_day}/{required},"")', DECIMAL
                    ),
                )
        row += 1
    sheet.finish(f"B{first}", header_row)
