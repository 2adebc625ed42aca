"""The Olist funnel (real, anonymised): leads and the deals they became, through mappings.

Only won deals are recorded: a lead without a deal row was not won. Skips when
``../shared/data`` is absent.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import ibis
import pytest

from salesplan.analytics import metrics as m
from salesplan.crm.csv_import import import_csv
from salesplan.crm.mapping import Mapping
from salesplan.crm.store import Workspace

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data" / "olist_funnel"
pytestmark = pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/data is not here")


def test_lead_to_won_deal_by_origin(tmp_path: Path) -> None:
    workspace = Workspace.open(tmp_path / "ws")
    leads = tmp_path / "leads.csv"
    deals = tmp_path / "deals.csv"
    shutil.copyfile(SHARED / "olist_marketing_qualified_leads_dataset.csv", leads)
    shutil.copyfile(SHARED / "olist_closed_deals_dataset.csv", deals)
    import_csv(
        workspace,
        leads,
        Mapping.model_validate(
            {
                "table": "leads",
                "source": "olist",
                "columns": {
                    "id": "mql_id",
                    "created_at": "first_contact_date",
                    "source_channel": "origin",
                    "converted_deal_id": "mql_id",  # a deal, if any, has the lead's id
                },
            }
        ),
    )
    import_csv(
        workspace,
        deals,
        Mapping.model_validate(
            {
                "table": "deals",
                "source": "olist",
                "columns": {
                    "id": "mql_id",
                    "status": {"value": "won"},
                    "closed_at": "won_date",
                    "owner": "sr_id",
                    "industry": "business_segment",
                },
            }
        ),
    )
    assert workspace.counts()["leads"] == 8000
    assert workspace.counts()["deals"] == 842
    con = ibis.duckdb.connect(str(workspace.store), read_only=True)
    by_origin = m.lead_conversion_by_source(con.table("leads"), con.table("deals"))
    assert sum(entry["to_won"].n for entry in by_origin.values()) == 8000
    assert sum(entry["to_won"].successes for entry in by_origin.values()) == 842
    assert by_origin["(none)"]["to_won"].n == 60  # the 60 leads without an origin
    ranked = m.segments(con.table("deals"), "industry")
    assert ranked[0].deals > 0
