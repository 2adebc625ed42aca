"""The engine's words in English and Bahasa Indonesia, and number formatting for them.

Kept as plain data so the engine stays pure; the CLI and documents use the
same catalogue for the explanations and warnings the engine writes.

>>> number(172.4137, "en"), number(172.4137, "id"), number(10000, "en")
('172.41', '172,41', '10,000')
"""

from __future__ import annotations

from typing import Any

__all__ = ["number", "say"]

_SEPARATORS = {"en": (",", "."), "id": (".", ",")}

_MESSAGES: dict[str, dict[str, str]] = {
    "schedule.recruit.growth": {
        "en": "Open the {role} role and recruit {count}",
        "id": "Buka posisi {role} dan rekrut {count} orang",
    },
    "schedule.recruit.backfill": {
        "en": "Recruit a backfill {role}",
        "id": "Rekrut pengganti {role}",
    },
    "schedule.start": {
        "en": "{count} new {role} start",
        "id": "{count} {role} baru mulai bekerja",
    },
    "schedule.ramp": {
        "en": "{role} ramp-up to full capacity",
        "id": "Ramp-up {role} hingga kapasitas penuh",
    },
    "schedule.too_early": {
        "en": "'{item}' starts {start}, before '{dependency}', which it waits for, ends ({end}):"
        " it cannot begin on time — move its start or the dependency",
        "id": "'{item}' mulai {start}, sebelum '{dependency}' yang ditunggunya selesai ({end}):"
        " butir ini tidak bisa mulai tepat waktu — geser tanggal mulainya atau ketergantungannya",
    },
    "schedule.overlap": {
        "en": "{owner} has {count} items at once between {start} and {end}: {items}",
        "id": "{owner} memegang {count} butir sekaligus antara {start} dan {end}: {items}",
    },
    "per_day": {"en": "/day", "id": "/hari"},
    "deals.formula": {
        "en": "deals = ceil({goal} goal ÷ {deal} average won deal) = ceil({raw}) = {deals}",
        "id": "deal = ceil({goal} target ÷ {deal} rata-rata deal menang) = ceil({raw}) = {deals}",
    },
    "stage.formula": {
        "en": "{stage} = ceil({next} {next_name} ÷ {rate} conversion) = ceil({raw}) = {value}",
        "id": "{stage} = ceil({next} {next_name} ÷ {rate} konversi) = ceil({raw}) = {value}",
    },
    "stage.post_sale": {
        "en": "{stage} = {deals} won customers (post-sale stage)",
        "id": "{stage} = {deals} pelanggan yang dimenangkan (tahap purna-jual)",
    },
    "stage.open": {
        "en": "; open pipeline expected to pass through: {expected}; to create: {to_create}",
        "id": "; pipeline terbuka yang diperkirakan lewat: {expected}; perlu dibuat: {to_create}",
    },
    "activity.derived": {
        "en": "{activity} = {terms} = {total}; per working day = {total} ÷ {days} days = {per_day}",
        "id": "{activity} = {terms} = {total}; per hari kerja = {total} ÷ {days} hari = {per_day}",
    },
    "activity.target": {
        "en": "{activity} set directly: {given}; total = {total} over {days} working days"
        " (the funnel alone would need {derived})",
        "id": "{activity} ditetapkan langsung: {given}; total = {total} dalam {days} hari kerja"
        " (funnel saja membutuhkan {derived})",
    },
    "fte.formula": {
        "en": "{role} required = ceil({terms}) = ceil({fte}) = {required}",
        "id": "{role} dibutuhkan = ceil({terms}) = ceil({fte}) = {required}",
    },
    "fte.value": {
        "en": "{role} FTE = {terms} = {fte}",
        "id": "FTE {role} = {terms} = {fte}",
    },
    "backfill.formula": {
        "en": "{count} backfill(s) for {leavers} expected leavers at {attrition} a year, starting {dates}",
        "id": "{count} pengganti untuk {leavers} orang yang diperkirakan keluar ({attrition} per tahun), mulai {dates}",
    },
    "fte.managers": {
        "en": "{role} required = ceil({managed} people managed ÷ {span} per manager) = ceil({fte}) = {required}",
        "id": "{role} dibutuhkan = ceil({managed} orang dikelola ÷ {span} per manajer) = ceil({fte}) = {required}",
    },
    "fte.fixed": {
        "en": "{role} required = {required} (fixed headcount)",
        "id": "{role} dibutuhkan = {required} (jumlah tetap)",
    },
    "fte.none": {
        "en": "{role} has no activities, span of control or fixed headcount: 0 required",
        "id": "{role} tidak punya aktivitas, rentang kendali atau jumlah tetap: 0 dibutuhkan",
    },
    "hiring.formula": {
        "en": "{role}: need {fte} FTE; current people give {current} FTE; each new hire starting"
        " {start} gives {per_hire} FTE over the period (ramp {ramp}); hires = ceil(({fte} − {current}"
        " − {backfill} from backfills) ÷ {per_hire}) = {hires} growth hires",
        "id": "{role}: butuh {fte} FTE; tim saat ini memberi {current} FTE; setiap rekrutan baru mulai"
        " {start} memberi {per_hire} FTE selama periode (ramp {ramp}); rekrutan = ceil(({fte} − {current}"
        " − {backfill} dari pengganti) ÷ {per_hire}) = {hires} rekrutan pertumbuhan",
    },
    "hiring.headcount": {
        "en": "{role}: {required} needed − {current} in seat = {hires} to hire (a headcount role: ramp does not add hires)",
        "id": "{role}: {required} dibutuhkan − {current} yang ada = {hires} direkrut (peran berbasis jumlah orang)",
    },
    "hiring.none": {
        "en": "{role}: current people give {current} FTE of the {fte} FTE needed; no hires",
        "id": "{role}: tim saat ini memberi {current} FTE dari {fte} FTE yang dibutuhkan; tanpa rekrutan",
    },
    "hire_by.formula": {
        "en": "hire by = start {start} − time to hire {time_to_hire} = {hire_by}",
        "id": "rekrut paling lambat = mulai {start} − waktu rekrut {time_to_hire} = {hire_by}",
    },
    "coverage.formula": {
        "en": "pipeline coverage at {stage} = 1 ÷ {rate} win rate from {stage} = {coverage}×",
        "id": "cakupan pipeline di {stage} = 1 ÷ {rate} tingkat menang dari {stage} = {coverage}×",
    },
    "velocity.formula": {
        "en": "sales velocity = {opportunities} opportunities open at once ({volume} × {days} cycle days"
        " ÷ {period} days) × {deal} × {rate} win rate ÷ {days} days = {velocity}/day",
        "id": "kecepatan penjualan = {opportunities} peluang terbuka sekaligus ({volume} × {days} hari siklus"
        " ÷ {period} hari) × {deal} × {rate} tingkat menang ÷ {days} hari = {velocity}/hari",
    },
    "budget.formula": {
        "en": "compensation {compensation} + marketing {marketing} + other {other} = {total}",
        "id": "kompensasi {compensation} + pemasaran {marketing} + lainnya {other} = {total}",
    },
    "cac.formula": {
        "en": "CAC = {total} sales and marketing cost ÷ {deals} won deals = {cac}",
        "id": "CAC = {total} biaya penjualan dan pemasaran ÷ {deals} deal menang = {cac}",
    },
    "role_cost.formula": {
        "en": "{role} pay = {years} person-years in seat × ({base} base + {variable} variable × {attainment}"
        " attainment) + {commission} commission × {revenue} revenue = {total}",
        "id": "gaji {role} = {years} tahun-orang × ({base} pokok + {variable} variabel × {attainment}"
        " pencapaian) + {commission} komisi × {revenue} pendapatan = {total}",
    },
    "payback.formula": {
        "en": "payback = {cac} CAC ÷ ({arpa} monthly revenue per account × {margin} gross margin) = {months} months",
        "id": "balik modal = {cac} CAC ÷ ({arpa} pendapatan bulanan per akun × {margin} margin kotor) = {months} bulan",
    },
    "ltv.formula": {
        "en": "LTV = {arpa} monthly revenue per account × {margin} gross margin ÷ {churn} monthly churn = {ltv}",
        "id": "LTV = {arpa} pendapatan bulanan per akun × {margin} margin kotor ÷ {churn} churn bulanan = {ltv}",
    },
    "quota.formula": {
        "en": "quota per ramped rep = {goal} goal × {over} over-assignment ÷ {fte} ramped quota FTE = {quota}",
        "id": "kuota per rep penuh = {goal} target × {over} kelebihan alokasi ÷ {fte} FTE kuota = {quota}",
    },
    "working_days.formula": {
        "en": "{days} working days = {calendar} calendar days − {weekend} weekend days − {holidays}"
        " public holidays − {days_off} company days off",
        "id": "{days} hari kerja = {calendar} hari kalender − {weekend} hari akhir pekan − {holidays}"
        " hari libur nasional − {days_off} hari libur perusahaan",
    },
    # warnings
    "warn.hiring_late": {
        "en": "{role} hiring had to start on {hire_by} for new hires to be in seat on {start};"
        " as of {as_of} the earliest start is {earliest}, so {count} hires are needed instead of {on_time}",
        "id": "Perekrutan {role} harus dimulai pada {hire_by} agar rekrutan baru mulai bekerja"
        " pada {start}; per {as_of} mulai paling cepat {earliest}, jadi butuh {count} rekrutan,"
        " bukan {on_time}",
    },
    "warn.hiring_late_same": {
        "en": "{role} hiring had to start on {hire_by} for new hires to be in seat on {start};"
        " as of {as_of} the earliest start is {earliest}, so the role is short-handed until then",
        "id": "Perekrutan {role} harus dimulai pada {hire_by} agar rekrutan baru mulai bekerja"
        " pada {start}; per {as_of} mulai paling cepat {earliest}, jadi peran ini kekurangan orang"
        " sampai saat itu",
    },
    "warn.unreachable": {
        "en": "{role}: the goal cannot be reached in the period with any hiring — {reason}."
        " What would reach it: {remedies}",
        "id": "{role}: target tidak tercapai dalam periode ini dengan perekrutan apa pun — {reason}."
        " Yang bisa mencapainya: {remedies}",
    },
    "warn.unreachable_capped": {
        "en": "{role}: the goal cannot be reached in the period with the hiring this plan allows — {reason}."
        " What would reach it: {remedies}",
        "id": "{role}: target tidak tercapai dalam periode ini dengan perekrutan yang diizinkan rencana — {reason}."
        " Yang bisa mencapainya: {remedies}",
    },
    "reason.no_working_days": {
        "en": "the period has no working days",
        "id": "periode ini tidak punya hari kerja",
    },
    "reason.no_time": {
        "en": "a hire starting {earliest} has no productive working days left in the period",
        "id": "rekrutan yang mulai {earliest} tidak punya hari kerja produktif tersisa dalam periode",
    },
    "reason.max_hires": {
        "en": "it needs {hires} hires but at most {max_hires} can be hired",
        "id": "butuh {hires} rekrutan tetapi paling banyak {max_hires} yang bisa direkrut",
    },
    "remedy.none": {
        "en": "a period with working days, or a lower goal",
        "id": "periode yang punya hari kerja, atau target yang lebih rendah",
    },
    "remedy.time": {
        "en": "more time (end the period on {end})",
        "id": "waktu lebih panjang (akhiri periode pada {end})",
    },
    "remedy.conversion": {
        "en": "a higher win rate at {stage} ({current} → {needed})",
        "id": "tingkat menang lebih tinggi di {stage} ({current} → {needed})",
    },
    "remedy.deal_size": {
        "en": "a bigger average deal ({current} → {needed})",
        "id": "rata-rata deal lebih besar ({current} → {needed})",
    },
    "remedy.ramped": {
        "en": "{count} fully ramped (experienced) hires starting {start}",
        "id": "{count} rekrutan berpengalaman (langsung produktif) mulai {start}",
    },
    "warn.short_months": {
        "en": "{role} capacity is below the {fte} FTE needed in {months} while new hires ramp;"
        " the period as a whole is covered, so plan for those months to run behind",
        "id": "Kapasitas {role} di bawah {fte} FTE yang dibutuhkan pada {months} selama rekrutan baru"
        " belum produktif penuh; periode secara keseluruhan tercukupi, jadi bulan-bulan itu akan tertinggal",
    },
    "warn.pipeline_before_period": {
        "en": "{count} of the {total} {stage} must be created before the period starts ({first} to {last})"
        " for their wins to land inside it",
        "id": "{count} dari {total} {stage} harus dibuat sebelum periode dimulai ({first} s.d. {last})"
        " agar menangnya jatuh di dalam periode",
    },
    "warn.target_overrides": {
        "en": "{activity}: the target set directly ({target}/day) is below what the funnel needs"
        " ({derived}/day)",
        "id": "{activity}: target yang ditetapkan langsung ({target}/hari) di bawah kebutuhan funnel"
        " ({derived}/hari)",
    },
    "warn.no_working_days": {
        "en": "the period {start} to {end} has no working days",
        "id": "periode {start} s.d. {end} tidak punya hari kerja",
    },
    "warn.ltv_cac": {
        "en": "LTV:CAC is {ratio} — below 3, new customers may not pay back their cost",
        "id": "LTV:CAC adalah {ratio} — di bawah 3, pelanggan baru mungkin tidak menutup biayanya",
    },
}


def say(language: str, key: str, **values: Any) -> str:
    """The message *key* in *language* (falling back to English), filled with *values*."""
    templates = _MESSAGES[key]
    return templates.get(language, templates["en"]).format(**values)


def number(value: float, language: str, decimals: int = 2) -> str:
    """A number with the language's separators; whole numbers lose their decimals."""
    group, point = _SEPARATORS.get(language, _SEPARATORS["en"])
    rounded = round(value, decimals)
    if float(rounded).is_integer():
        text = f"{int(rounded):,}"
    else:
        text = f"{rounded:,.{decimals}f}".rstrip("0").rstrip(".")
    return text.translate({ord(","): group, ord("."): point})


def percent(value: float, language: str) -> str:
    """A rate as a percentage: ``0.805`` → ``80.5%`` (``80,5%`` in Bahasa Indonesia)."""
    return number(value * 100, language, 2) + "%"
