"""Receiving an export: the size limit while it streams in, zip-bomb and format checks,
and the file kept under the workspace's data folder (never where the app runs).

An XLSX is checked from its zip directory before anything unpacks it: too many
members, a total uncompressed size above :data:`UNCOMPRESSED_FACTOR` times the
upload limit, or a compression ratio above :data:`MAX_RATIO` is refused. Python's
``zipfile`` never inflates a member past the size its directory declares, so the
directory is a limit that holds. The first sheet is then written as CSV once, and
every later step reads that CSV.
"""

from __future__ import annotations

import secrets
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import HttpRequest
from django.utils.translation import gettext as _

from salesplan.crm.sample import SampleError, read_sample
from salesplan.crm.spreadsheet import as_csv

__all__ = [
    "CSV_SUFFIXES",
    "MAX_MEMBERS",
    "MAX_RATIO",
    "UNCOMPRESSED_FACTOR",
    "SizeLimit",
    "Stored",
    "UploadRefusedError",
    "check_workbook",
    "store_upload",
]

CSV_SUFFIXES = (".csv", ".txt", ".tsv")
XLSX_SUFFIXES = (".xlsx", ".xlsm")
MAX_MEMBERS = 10_000
MAX_RATIO = 100
UNCOMPRESSED_FACTOR = 10
_SMALL = 1 << 20  # below 1 MiB uncompressed, no ratio is dangerous


class UploadRefusedError(Exception):
    """A file the app will not import; the message is for the person who sent it."""


class SizeLimit(FileUploadHandler):
    """Stops reading an upload as soon as it passes *limit* bytes (the rest is discarded)."""

    def __init__(self, request: HttpRequest, limit: int) -> None:
        super().__init__(request)
        self.limit = limit
        self.received = 0
        self.too_big = False

    def handle_raw_input(self, *args: Any, **kwargs: Any) -> None:
        # args: input_data, META, content_length, boundary, encoding
        content_length = args[2] if len(args) > 2 else kwargs.get("content_length", 0)
        if content_length and content_length > self.limit + 64 * 1024:
            self.too_big = True

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.received += len(raw_data)
        if self.too_big or self.received > self.limit:
            self.too_big = True
            raise StopUpload(connection_reset=False)
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


def check_workbook(path: Path, upload_limit: int) -> None:
    """Refuse *path* unless it is a zip with a workbook whose unpacked size is sane."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise UploadRefusedError(
            _("This is not a valid XLSX workbook (it cannot be opened as one).")
        ) from None
    if len(members) > MAX_MEMBERS:
        raise UploadRefusedError(_("This workbook has too many parts to be a CRM export."))
    names = {member.filename for member in members}
    if "xl/workbook.xml" not in names:
        raise UploadRefusedError(
            _("This is not a valid XLSX workbook (it cannot be opened as one).")
        )
    unpacked = sum(member.file_size for member in members)
    packed = sum(member.compress_size for member in members) or 1
    if unpacked > UNCOMPRESSED_FACTOR * upload_limit or (
        unpacked > _SMALL and unpacked / packed > MAX_RATIO
    ):
        raise UploadRefusedError(
            _(
                "This workbook would unpack to %(size)s MB: refused as a possible zip bomb."
                " Save it as CSV and upload that instead."
            )
            % {"size": f"{unpacked / 1_000_000:,.0f}"}
        )


@dataclass(frozen=True)
class Stored:
    """An accepted upload: where its CSV is, and how it came."""

    path: Path
    source_format: str
    size: int


def _display_name(name: str) -> str:
    return Path(name.replace("\\", "/")).name[:200] or "upload"


def store_upload(upload: UploadedFile[bytes], folder: Path, upload_limit: int) -> Stored:
    """Keep *upload* in *folder* under a random name, as CSV; nothing is kept if it is refused."""
    name = _display_name(upload.name or "")
    suffix = Path(name).suffix.lower()
    if suffix not in CSV_SUFFIXES + XLSX_SUFFIXES:
        raise UploadRefusedError(
            _("Upload a CSV or XLSX export (found a %(suffix)s file).")
            % {"suffix": suffix or _("nameless")}
        )
    size = upload.size or 0
    if size > upload_limit:
        raise UploadRefusedError(_too_big(upload_limit))
    folder.mkdir(parents=True, exist_ok=True)
    token = secrets.token_hex(12)
    original = folder / f"{token}{suffix}"
    with original.open("wb") as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
    try:
        readable = _readable(original, suffix, folder, upload_limit)
        read_sample(readable)
    except SampleError as error:
        _remove(original, folder / f"{token}.csv")
        raise UploadRefusedError(
            _("This file cannot be read as a table: %(reason)s")
            % {"reason": str(error).split(": ", 1)[-1]}
        ) from None
    except UploadRefusedError:
        _remove(original, folder / f"{token}.csv")
        raise
    return Stored(readable, "xlsx" if suffix in XLSX_SUFFIXES else "csv", size)


def _readable(original: Path, suffix: str, folder: Path, upload_limit: int) -> Path:
    if suffix not in XLSX_SUFFIXES:
        return original
    check_workbook(original, upload_limit)
    try:
        converted = as_csv(original, folder)
    # a hostile workbook can fail inside openpyxl in many ways; each is a refusal, never a 500
    except Exception:
        raise UploadRefusedError(
            _("This is not a valid XLSX workbook (it cannot be opened as one).")
        ) from None
    target = original.with_suffix(".csv")
    converted.replace(target)
    original.unlink()
    return target


def _remove(*paths: Path) -> None:
    for path in paths:
        path.unlink(missing_ok=True)


def _too_big(upload_limit: int) -> str:
    return _("The file is larger than the limit of %(limit)s MB.") % {
        "limit": upload_limit // (1024 * 1024)
    }


def too_big_message(upload_limit: int) -> str:
    """The refusal of a file over the limit (the view says it when the handler stopped it)."""
    return _too_big(upload_limit)
