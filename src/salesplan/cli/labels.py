"""Words of the command line's tables, in English and Bahasa Indonesia."""

from __future__ import annotations

__all__ = ["label"]

_LABELS: dict[str, tuple[str, str]] = {
    "plan": ("Plan", "Rencana"),
    "scenario": ("Scenario", "Skenario"),
    "period": ("Period", "Periode"),
    "as_of": ("As of", "Per tanggal"),
    "working_days": ("Working days", "Hari kerja"),
    "revenue_goal": ("Revenue goal", "Target pendapatan"),
    "average_deal": ("Average won deal", "Rata-rata deal menang"),
    "deals_required": ("Deals to win", "Deal yang harus dimenangkan"),
    "coverage": ("Pipeline coverage needed", "Cakupan pipeline yang dibutuhkan"),
    "velocity": ("Sales velocity per day", "Kecepatan penjualan per hari"),
    "funnel": (
        "Funnel: volume each stage must reach",
        "Funnel: volume yang harus dicapai tiap tahap",
    ),
    "stage": ("Stage", "Tahap"),
    "owner": ("Owner", "Pemilik"),
    "conversion": ("Conversion", "Konversi"),
    "required": ("Required", "Dibutuhkan"),
    "open": ("Open now", "Terbuka kini"),
    "to_create": ("To create", "Perlu dibuat"),
    "win_rate": ("Win rate from here", "Tingkat menang dari sini"),
    "activities": ("Activity targets", "Target aktivitas"),
    "activity": ("Activity", "Aktivitas"),
    "total": ("Total", "Total"),
    "per_day": ("Per working day", "Per hari kerja"),
    "per_week": ("Per week", "Per minggu"),
    "per_month": ("Per month", "Per bulan"),
    "source": ("Source", "Sumber"),
    "derived": ("derived", "turunan"),
    "target": ("set directly", "ditetapkan"),
    "team": ("Team and headcount", "Tim dan jumlah orang"),
    "role": ("Role", "Peran"),
    "fte": ("FTE needed", "FTE dibutuhkan"),
    "current": ("Current", "Saat ini"),
    "to_hire": ("To hire", "Direkrut"),
    "per_rep": ("Per rep per day", "Per rep per hari"),
    "quota": ("Quota per rep", "Kuota per rep"),
    "hiring": ("Hiring schedule", "Jadwal perekrutan"),
    "count": ("Count", "Jumlah"),
    "start": ("Start", "Mulai"),
    "hire_by": ("Hire by", "Rekrut paling lambat"),
    "ramped_by": ("Fully ramped", "Produktif penuh"),
    "quarter": ("Quarter", "Kuartal"),
    "reason": ("Reason", "Alasan"),
    "growth": ("growth", "pertumbuhan"),
    "backfill": ("backfill", "pengganti"),
    "capacity": (
        "Effective FTE / FTE needed, by month",
        "FTE efektif / FTE dibutuhkan, per bulan",
    ),
    "timeline": (
        "Pipeline to create by month (deals entering each stage)",
        "Pipeline yang harus dibuat per bulan (deal masuk tiap tahap)",
    ),
    "month": ("Month", "Bulan"),
    "wins": ("Wins", "Menang"),
    "budget": ("Budget and unit economics", "Anggaran dan ekonomi unit"),
    "compensation": ("Team compensation", "Kompensasi tim"),
    "marketing": ("Marketing spend", "Biaya pemasaran"),
    "other_costs": ("Other costs", "Biaya lain"),
    "budget_total": ("Total sales and marketing cost", "Total biaya penjualan dan pemasaran"),
    "cost_per_deal": ("Compensation per won deal", "Kompensasi per deal menang"),
    "cac": ("CAC", "CAC"),
    "ltv": ("LTV", "LTV"),
    "ltv_to_cac": ("LTV:CAC", "LTV:CAC"),
    "payback": ("Payback (months)", "Balik modal (bulan)"),
    "warnings": ("Warnings", "Peringatan"),
    "no_warnings": ("No warnings.", "Tidak ada peringatan."),
    "figure": ("Figure", "Angka"),
    "value": ("Value", "Nilai"),
    "how": ("How it was computed", "Cara menghitung"),
    "scenarios": ("Scenarios side by side", "Perbandingan skenario"),
    "hires_total": ("Hires", "Rekrutan"),
    "sensitivity": ("Sensitivity: each input −/+ {step}", "Sensitivitas: tiap input −/+ {step}"),
    "input": ("Input", "Input"),
    "base_value": ("Value now", "Nilai kini"),
    "deals": ("Deals", "Deal"),
    "activities_total": ("Activities (total)", "Aktivitas (total)"),
    "headcount": ("Headcount", "Jumlah orang"),
    "valid": ("{path} is valid", "{path} valid"),
    "sections": (
        "{stages} stages, {roles} roles, {people} people, {scenarios} scenarios",
        "{stages} tahap, {roles} peran, {people} orang, {scenarios} skenario",
    ),
    "created": (
        "Created {path} from the {template} template",
        "{path} dibuat dari templat {template}",
    ),
    "next_step": ("Next: salesplan build {path}", "Berikutnya: salesplan build {path}"),
}


def label(language: str, key: str, **values: object) -> str:
    """The label *key* in *language* (``en`` or ``id``)."""
    english, indonesian = _LABELS[key]
    text = indonesian if language == "id" else english
    return text.format(**values) if values else text
