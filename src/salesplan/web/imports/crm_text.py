"""``salesplan.crm``'s English sentences in the person's language.

``crm`` reports problems (a :class:`~salesplan.crm.loading.RowProblem`'s reason, an
``ImportFailedError``'s hint, a ``SampleError``), notes and its schema's column
descriptions in English, for the command line. The web shows them through this
table instead of changing ``crm``: each entry is one of ``crm``'s sentences as a
template (``{}`` where ``crm`` puts a value) with its Indonesian, and, where the
English names a command-line flag, the English the web shows instead.

In a rendering, ``{0}``, ``{1}``… are the values found in the holes, in order;
``{0:t}`` also translates the value when it is one of ``crm``'s own words or
phrases (a column type, a file kind, " — did you mean 'x'?"). A sentence that no
entry matches is shown as ``crm`` wrote it. ``tests/test_web_imports.py`` reads
``crm``'s source for every sentence it can emit and fails when one has no entry here.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.utils.translation import get_language

__all__ = ["COLUMN_DESCRIPTIONS", "REASONS", "Reason", "column_description", "localized"]


@dataclass(frozen=True)
class Reason:
    """One of ``crm``'s sentences (holes as ``{}``) and how the web says it."""

    template: str
    indonesian: str
    english: str = ""  # the web's English when crm's names a command-line flag; "" keeps crm's


REASONS: tuple[Reason, ...] = (
    # ── a cell or a row (RowProblem reasons) ──────────────────────────────────
    Reason("required value missing", "nilai wajib kosong"),
    Reason("is not a valid timestamp", "bukan waktu yang valid"),
    Reason("is not a number", "bukan angka"),
    Reason("is not a valid {}", "bukan {0:t} yang valid"),
    Reason("is not in the mapping's values", "tidak ada dalam daftar nilai pemetaan"),
    Reason("repeats the key of row {}", "mengulang kunci baris {0}"),
    Reason("repeats the id of row {}", "mengulang ID baris {0}"),
    Reason(
        "is a stage id with no name in stages.csv or fields.csv",
        "ID tahap ini tidak punya nama di stages.csv maupun fields.csv",
    ),
    # ── a file (file_problem reasons) ─────────────────────────────────────────
    Reason("cannot be read as CSV: {}", "tidak dapat dibaca sebagai CSV: {0}"),
    Reason("is not valid {} text at byte {}", "bukan teks {0} yang valid pada byte ke-{1}"),
    Reason(
        "dates read day-first or month-first", "tanggalnya bisa dibaca hari dulu atau bulan dulu"
    ),
    Reason("is not a date in a known pattern", "bukan tanggal dengan pola yang dikenal"),
    Reason(
        "dates read day-first or month-first — pass --dayfirst or --monthfirst"
        " (or set format.date_format)",
        "tanggalnya bisa dibaca hari dulu atau bulan dulu: isi pola tanggalnya",
        "dates read day-first or month-first: set the date pattern",
    ),
    Reason(
        "is not a date in a known pattern — set format.date_format",
        "bukan tanggal dengan pola yang dikenal: isi pola tanggalnya",
        "is not a date in a known pattern: set the date pattern",
    ),
    Reason(
        "reads either with a decimal point or a decimal comma — set format.decimal to '.' or ','",
        "bisa dibaca dengan titik desimal maupun koma desimal: pilih tanda desimalnya",
        "reads either with a decimal point or a decimal comma: choose the decimal mark",
    ),
    Reason("is not a column of this file{}", "bukan kolom di file ini{0:t}"),
    Reason("is not a {} file this reader knows ({})", "bukan file {0:t} yang dikenali ({1})"),
    Reason("is a second {} file (the first is {})", "file {0:t} kedua (yang pertama: {1})"),
    Reason(
        "a Pipedrive import needs the deal changelog"
        " (deal_id, change_time, changed_field_key, new_value)",
        "impor Pipedrive memerlukan changelog deal"
        " (deal_id, change_time, changed_field_key, new_value)",
    ),
    Reason("has no stage called {}{}", "tidak ada tahap bernama {0}{1:t}"),
    Reason(
        "gives nothing to import: add Opportunity, OpportunityHistory, Task, Event or User",
        "tidak ada yang bisa diimpor: tambahkan file Opportunity, OpportunityHistory, Task,"
        " Event, atau User",
    ),
    Reason(
        "has no Record ID column: is this a HubSpot deals export?",
        "tidak punya kolom Record ID: apakah ini ekspor deal HubSpot?",
    ),
    # ── an import that did not go ahead (ImportFailedError hints) ─────────────
    Reason(
        "nothing was imported (--on-error skip imports the other rows)",
        "tidak ada yang diimpor",
        "nothing was imported",
    ),
    Reason(
        "nothing was imported ({} of {} rows have problems; --on-error skip imports the others)",
        "tidak ada yang diimpor ({0} dari {1} baris bermasalah)",
        "nothing was imported ({0} of {1} rows have problems)",
    ),
    # ── notes of an import (ImportResult.notes) ───────────────────────────────
    Reason(
        'the export has no "Date entered" columns: no stage history',
        'ekspor ini tidak punya kolom "Date entered": tidak ada riwayat tahap',
    ),
    Reason(
        "{} deals were created twice in the changelog: the first creation time is kept",
        "{0} deal dibuat dua kali di changelog: waktu pembuatan yang pertama yang dipakai",
    ),
    Reason(
        "{} deals reached {} and also have a lost reason: they count as won",
        "{0} deal mencapai {1} dan juga punya alasan kalah: deal itu dihitung menang",
    ),
    Reason(
        "no won stage given (--won-stage): deals are lost (with a lost reason) or open, never won",
        "tidak ada tahap menang yang dipilih: deal hanya kalah (bila ada alasan kalah) atau"
        " terbuka, tidak pernah menang",
        "no won stage chosen: deals are lost (with a lost reason) or open, never won",
    ),
    Reason(
        "{} deleted {} rows (IsDeleted = 1) were left out",
        "{0} baris {1:t} yang sudah dihapus (IsDeleted = 1) tidak diikutkan",
    ),
    Reason(
        "{} opportunities closed before their CreatedDate: the export's CreatedDate may be when"
        " the records were loaded, so cycle times from it are not reliable",
        "{0} opportunity ditutup sebelum CreatedDate-nya: CreatedDate di ekspor ini mungkin"
        " waktu datanya dimuat, jadi lama siklus yang dihitung darinya tidak dapat diandalkan",
    ),
    # ── files that cannot be read, stores that cannot be opened ───────────────
    Reason("{}: cannot read ({})", "{0}: tidak dapat dibaca ({1})"),
    Reason("{}: the file is empty", "{0}: file ini kosong"),
    Reason("{}: column names appear twice: {}", "{0}: nama kolom muncul dua kali: {1}"),
    Reason("{}: cannot read the workbook ({})", "{0}: buku kerja tidak dapat dibaca ({1})"),
    Reason(
        "{}: no workspace here (no {}) — import a file to create one",
        "{0}: belum ada ruang kerja di sini (tidak ada {1}) — impor sebuah file untuk membuatnya",
    ),
    Reason("{}: cannot create the workspace ({})", "{0}: ruang kerja tidak dapat dibuat ({1})"),
    Reason("{}: cannot open the store ({})", "{0}: penyimpanan data tidak dapat dibuka ({1})"),
    # ── mappings (crm.mapping) ────────────────────────────────────────────────
    Reason(
        "give either column (a header of the file) or value (a constant)",
        "isi salah satu: column (judul kolom di file) atau value (nilai tetap)",
    ),
    Reason(
        "values translates a column's values: give column too",
        "values menerjemahkan nilai sebuah kolom: isi column juga",
    ),
    Reason("unknown table {} — valid: {}", "tabel {0} tidak dikenal — yang berlaku: {1}"),
    Reason("{} has no column {}{}", "tabel {0} tidak punya kolom {1}{2:t}"),
    Reason(
        "required columns of {} are not mapped: {}", "kolom wajib tabel {0} belum dipetakan: {1}"
    ),
    # ── a proposed mapping's notes (crm.suggest) ──────────────────────────────
    Reason("no suggestions for {} yet — valid: {}", "belum ada usulan untuk {0} — yang ada: {1}"),
    Reason(
        "numbers such as {} read either way: set decimal to '.' or ','",
        "angka seperti {0} bisa dibaca dua cara: pilih tanda desimalnya",
        "numbers such as {0} read either way: choose the decimal mark",
    ),
    Reason(
        "dates in {} read day-first or month-first: set date_format to {}"
        " (salesplan import --dayfirst / --monthfirst)",
        "tanggal di {0} bisa dibaca hari dulu atau bulan dulu: isi pola tanggal dengan {1:t}",
        "dates in {0} read day-first or month-first: set the date pattern to {1:t}",
    ),
    Reason(
        "dates in {} such as {} fit no known pattern",
        "tanggal di {0} seperti {1} tidak cocok dengan pola mana pun",
    ),
    Reason(
        "date columns use different patterns: {}", "kolom tanggal memakai pola yang berbeda: {0}"
    ),
    Reason(
        "no column found for required {}: map it by hand",
        "tidak ada kolom yang cocok untuk {0} yang wajib: pilih sendiri",
    ),
    Reason(
        "status is read from {}: stages other than won and lost count as open",
        "status dibaca dari {0}: tahap selain menang dan kalah dihitung terbuka",
    ),
    # ── the web's own, kept with a job ────────────────────────────────────────
    Reason(
        "interrupted (the server restarted): nothing was written; start it again",
        "terputus (server dimulai ulang): tidak ada yang ditulis; mulai lagi",
    ),
    Reason("the file has problems", "file ini bermasalah"),
    Reason(
        "none of the files is one this CRM's importer reads",
        "tidak ada file yang dapat dibaca oleh pengimpor CRM ini",
    ),
)
"""Every sentence ``crm`` can emit, with the web's renderings."""

# what goes into a "{n:t}" hole: crm's words and phrases (an entry's holes are kept as found)
_PHRASES: tuple[Reason, ...] = (
    Reason(" — did you mean {}?", " — mungkin maksudnya {0}?"),
    Reason(" — columns: {}", " — kolom yang ada: {0}"),
    Reason(" — stages: {}", " — tahap yang ada: {0}"),
    Reason(" — valid: {}", " — yang berlaku: {0}"),
    Reason("{} or {}", "{0} atau {1}"),
)
_WORDS = {
    # column types (schema.ColumnType)
    "text": "teks",
    "integer": "bilangan bulat",
    "float": "angka",
    "boolean": "nilai ya/tidak",
    "timestamp": "waktu",
    "date": "tanggal",
    # the files of an export (pipedrive.SHAPES, salesforce.SHAPES) and the readers
    "changes": "changelog deal",
    "stages": "tahap",
    "fields": "field",
    "activities": "aktivitas",
    "users": "pengguna",
    "activity_types": "jenis aktivitas",
    "history": "OpportunityHistory",
    "opportunity": "Opportunity",
    "stage": "OpportunityStage",
    "task": "Task",
    "event": "Event",
    "user": "User",
    "Pipedrive": "Pipedrive",
    "Salesforce export": "ekspor Salesforce",
}
_COLUMNS = {"(file)": "(seluruh file)", "(header)": "(baris judul)"}


def _indonesian(language: str | None) -> bool:
    return (language if language is not None else get_language() or "").startswith("id")


def _pattern(template: str) -> re.Pattern[str]:
    """*template* as a regular expression, one group per hole. A hole right after another
    holds crm's suggestion (" — did you mean …"), or nothing."""
    parts = template.split("{}")
    regex = re.escape(parts[0])
    for index, part in enumerate(parts[1:]):
        follows_hole = index > 0 and parts[index] == ""
        regex += "((?: — .*)?)" if follows_hole else "(.*?)"
        regex += re.escape(part)
    return re.compile(regex, re.DOTALL)


def _compiled(reasons: tuple[Reason, ...]) -> list[tuple[re.Pattern[str], Reason]]:
    """Patterns, the most specific first (exact sentences before ones with holes)."""
    found: list[tuple[re.Pattern[str], Reason]] = []
    for reason in reasons:
        found.append((_pattern(reason.template), reason))
        if reason.template.startswith("{}: "):  # shown without the file's path, too
            bare = Reason(
                reason.template.removeprefix("{}: "),
                _shift(reason.indonesian.removeprefix("{0}: ")),
                _shift(reason.english.removeprefix("{0}: ")),
            )
            found.append((_pattern(bare.template), bare))
    return sorted(found, key=lambda item: -len(item[1].template.replace("{}", "")))


def _shift(rendering: str) -> str:
    """The rendering with its holes renumbered one down ({1} → {0}) after dropping {0}."""
    return re.sub(
        r"\{(\d+)(:t)?\}", lambda m: "{" + str(int(m[1]) - 1) + (m[2] or "") + "}", rendering
    )


@cache
def _table(phrases: bool) -> list[tuple[re.Pattern[str], Reason]]:
    return _compiled(_PHRASES if phrases else REASONS)


class _Formatter(string.Formatter):
    def __init__(self, indonesian: bool) -> None:
        self.indonesian = indonesian

    def format_field(self, value: Any, format_spec: str) -> str:
        if format_spec == "t":
            return _phrase(str(value), self.indonesian)
        return str(super().format_field(value, format_spec))


def _render(text: str, table: list[tuple[re.Pattern[str], Reason]], indonesian: bool) -> str | None:
    for pattern, reason in table:
        match = pattern.fullmatch(text)
        if match is None:
            continue
        rendering = reason.indonesian if indonesian else reason.english
        if not rendering:
            return text
        return _Formatter(indonesian).format(rendering, *match.groups())
    return None


def _phrase(text: str, indonesian: bool) -> str:
    if indonesian and text in _WORDS:
        return _WORDS[text]
    return _render(text, _table(True), indonesian) or text


def localized(text: str, language: str | None = None) -> str:
    """*text* from ``crm`` in *language* (the active one by default); as it is when unknown.

    Several problems joined by "; " (a rejected row's) are each rendered.
    """
    if not text:
        return text
    indonesian = _indonesian(language)
    parts = text.split("; ")
    if len(parts) > 1:
        rendered = [_render(part, _table(False), indonesian) for part in parts]
        if all(part is not None for part in rendered):
            return "; ".join(part for part in rendered if part is not None)
    found = _render(text, _table(False), indonesian)
    return text if found is None else found


def column_name(column: str, language: str | None = None) -> str:
    """A problem's column: a header as the file has it, or crm's "(file)" / "(header)"."""
    return _COLUMNS.get(column, column) if _indonesian(language) else column


COLUMN_DESCRIPTIONS: dict[tuple[str, str], str] = {
    ("deals", "id"): "ID deal di sumbernya.",
    ("deals", "title"): "Nama deal.",
    ("deals", "pipeline"): "Pipeline tempat deal berada, bila CRM punya beberapa.",
    ("deals", "stage"): "Tahap deal sekarang (atau saat ditutup).",
    ("deals", "status"): "open, won atau lost (terbuka, menang, kalah).",
    ("deals", "value"): "Nilai deal dalam `currency`; untuk deal kalah, nilai terakhirnya.",
    ("deals", "currency"): "Kode ISO 4217 dari `value`.",
    ("deals", "owner"): "ID (atau nama) pemilik deal, seperti di `people.id`.",
    ("deals", "organization"): "Perusahaan pembeli.",
    ("deals", "source_channel"): "Sumber atau asal lead (inbound, outbound, referral, …).",
    ("deals", "industry"): "Industri perusahaan pembeli.",
    ("deals", "employee_count"): "Jumlah karyawan perusahaan pembeli.",
    ("deals", "created_at"): "Kapan deal dibuat (UTC).",
    ("deals", "closed_at"): "Kapan deal menang atau kalah (UTC); kosong selama masih terbuka.",
    ("deals", "expected_close"): "Tanggal penutupan yang diperkirakan pemiliknya.",
    ("deals", "lost_reason"): "Alasan deal kalah.",
    ("stage_changes", "deal_id"): "Deal-nya, seperti di `deals.id`.",
    ("stage_changes", "from_stage"): "Tahap yang ditinggalkan; kosong untuk tahap pertama.",
    ("stage_changes", "to_stage"): "Tahap yang dimasuki.",
    ("stage_changes", "changed_at"): "Kapan deal pindah tahap (UTC).",
    ("stage_changes", "changed_by"): "Siapa yang memindahkannya, seperti di `people.id`.",
    ("activities", "id"): "ID aktivitas di sumbernya.",
    ("activities", "type"): "email, telepon, rapat, demo, tugas, … sesuai nama di sumbernya.",
    ("activities", "owner"): "Siapa yang mengerjakannya, seperti di `people.id`.",
    ("activities", "deal_id"): "Deal yang dilayaninya, bila ada.",
    ("activities", "created_at"): "Kapan dicatat (UTC).",
    ("activities", "due_at"): "Kapan jatuh tempo (UTC).",
    ("activities", "done_at"): "Kapan diselesaikan (UTC).",
    ("activities", "done"): "Apakah sudah selesai.",
    ("activities", "duration_minutes"): "Berapa lama, dalam menit.",
    ("people", "id"): "ID (atau nama) orang itu di sumbernya.",
    ("people", "name"): "Nama lengkap.",
    ("people", "email"): "Email kantor.",
    ("people", "role"): "ID peran seperti di rencana (SDR, AE, …), bila diketahui.",
    ("people", "team"): "Tim atau kantor wilayah.",
    ("people", "manager"): "Atasannya, seperti di `people.id`.",
    ("people", "started_at"): "Hari pertama dalam peran itu.",
    ("people", "left_at"): "Hari terakhir, bila sudah keluar.",
    ("timesheets", "person"): "Siapa yang mencatat, seperti di `people.id` (atau nama).",
    ("timesheets", "date"): "Hari kerjanya.",
    ("timesheets", "activity_type"): "email, telepon, rapat, demo, … sesuai nama di lembarnya.",
    ("timesheets", "count"): "Berapa kali aktivitas itu dikerjakan hari itu.",
    ("timesheets", "minutes"): "Menit yang dipakai untuk aktivitas itu hari itu.",
    ("leads", "id"): "ID lead di sumbernya.",
    ("leads", "source_channel"): "Asal lead (origin, kampanye, …).",
    ("leads", "created_at"): "Kapan lead masuk (UTC).",
    ("leads", "owner"): "Siapa yang menanganinya, seperti di `people.id`.",
    ("leads", "converted_deal_id"): "Deal yang terbentuk darinya, bila ada.",
}
"""The Indonesian of every column description in ``crm.schema`` (but ``source``)."""


def column_description(table: str, column: str, english: str, language: str | None = None) -> str:
    """The description of *table*'s *column* in *language* (crm's English otherwise)."""
    if _indonesian(language):
        return COLUMN_DESCRIPTIONS.get((table, column), english)
    return english
