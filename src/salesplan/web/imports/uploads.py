"""Receiving an export: the size limit while it streams in, zip-bomb and format checks,
and the files kept under the workspace's data folder (never where the app runs).

An upload is one file, several files (the CSVs of one CRM export), or one ZIP of
them; each upload gets a folder of its own with a random name, and its files keep
their names there (made safe), so problems name the files a person knows. A ZIP
is checked from its directory before anything is unpacked: at most
:data:`MAX_ZIP_MEMBERS` members, no name that climbs out of its folder, only CSV
and XLSX files (a Mac's ``__MACOSX/`` additions are skipped), no encryption, the
same size and ratio limits as a workbook; its files are then written flat into
the upload's folder, counting every byte against the directory's sizes.

An XLSX is checked from its zip directory before anything unpacks it: too many
members, a total uncompressed size above :data:`UNCOMPRESSED_FACTOR` times the
upload limit, or a compression ratio above :data:`MAX_RATIO` is refused. Python's
``zipfile`` never inflates a member past the size its directory declares, so the
directory is a limit that holds. The first sheet is then written as CSV once, and
every later step reads that CSV.
"""

from __future__ import annotations

import re
import secrets
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import HttpRequest
from django.utils.translation import gettext as _

from salesplan.crm.sample import SampleError, read_sample
from salesplan.crm.spreadsheet import as_csv
from salesplan.web.imports.crm_text import localized

__all__ = [
    "CSV_SUFFIXES",
    "MAX_FILES",
    "MAX_MEMBERS",
    "MAX_RATIO",
    "MAX_ZIP_MEMBERS",
    "UNCOMPRESSED_FACTOR",
    "Received",
    "SizeLimit",
    "StoredFile",
    "UploadRefusedError",
    "check_archive",
    "check_workbook",
    "store_files",
]

CSV_SUFFIXES = (".csv", ".txt", ".tsv")
XLSX_SUFFIXES = (".xlsx", ".xlsm")
ZIP_SUFFIXES = (".zip",)
MAX_MEMBERS = 10_000  # parts of a workbook
MAX_FILES = 50  # files uploaded at once
MAX_ZIP_MEMBERS = 1_000  # files in a ZIP of an export
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
class StoredFile:
    """One file of an accepted upload: the name it came with, and the CSV the import reads."""

    name: str
    path: Path
    problem: str = ""  # why it cannot be read as a table (it is then not used)


@dataclass(frozen=True)
class Received:
    """An accepted upload: its folder, its files, how it came and its size."""

    folder: Path
    files: list[StoredFile]
    source_format: str  # csv | xlsx | zip | files
    size: int
    name: str  # what to call it: the file's name, or the first file's with "(+N)"

    @property
    def readable(self) -> list[StoredFile]:
        return [file for file in self.files if not file.problem]


def _display_name(name: str) -> str:
    return PurePosixPath(name.replace("\\", "/")).name[:200] or "upload"


def safe_name(name: str) -> str:
    """A file name that is safe in the upload's folder: no path, no leading dot, no oddities."""
    base = _display_name(name)
    base = re.sub(r"[^\w.() -]", "_", base).strip(" .")[-120:].lstrip(" .")
    return base or "upload"


def _unique(folder: Path, name: str) -> Path:
    """*name* in *folder*, numbered (``deals-2.csv``) when a file already has it."""
    target = folder / name
    number = 1
    while target.exists():
        number += 1
        target = folder / f"{Path(name).stem}-{number}{Path(name).suffix}"
    return target


def _suffix(name: str) -> str:
    return PurePosixPath(name.replace("\\", "/")).suffix.lower()


def _refused_suffix(suffix: str) -> UploadRefusedError:
    return UploadRefusedError(
        _("Upload CSV or XLSX files, or one ZIP of them (found a %(suffix)s file).")
        % {"suffix": suffix or _("nameless")}
    )


def store_files(uploads: list[UploadedFile[bytes]], folder: Path, upload_limit: int) -> Received:
    """Keep *uploads* in a new random folder under *folder*, each as CSV (a ZIP unpacked).

    Raises ``UploadRefusedError`` when the upload is refused; nothing is kept then.
    With several files, a file that cannot be read as a table is kept with its
    problem (and not used); a lone file that cannot be read is refused.
    """
    if not uploads:
        raise UploadRefusedError(_("Choose a file to upload."))
    if len(uploads) > MAX_FILES:
        raise UploadRefusedError(
            _("Upload at most %(limit)s files at once (or one ZIP of them).") % {"limit": MAX_FILES}
        )
    names = [_display_name(upload.name or "") for upload in uploads]
    suffixes = [_suffix(name) for name in names]
    for suffix in suffixes:
        if suffix not in CSV_SUFFIXES + XLSX_SUFFIXES + ZIP_SUFFIXES:
            raise _refused_suffix(suffix)
    if ".zip" in suffixes and len(uploads) > 1:
        raise UploadRefusedError(_("Upload one ZIP on its own, or the CSV and XLSX files."))
    size = sum(upload.size or 0 for upload in uploads)
    if size > upload_limit:
        raise UploadRefusedError(_too_big(upload_limit))
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / secrets.token_hex(12)
    target.mkdir()
    try:
        originals: list[tuple[str, Path]] = []
        for upload, name in zip(uploads, names, strict=True):
            kept = _unique(target, safe_name(name))
            with kept.open("wb") as handle:
                for chunk in upload.chunks():
                    handle.write(chunk)
            if _suffix(name) in ZIP_SUFFIXES:
                originals += unpack_archive(kept, target, upload_limit)
                kept.unlink()
            else:
                originals.append((name, kept))
        files = []
        for name, path in originals:
            try:
                files.append(_as_table(name, path, target, upload_limit))
            except UploadRefusedError as refused:
                if len(originals) == 1:
                    raise
                raise UploadRefusedError(f"{name}: {refused}") from None
        if len(files) == 1 and files[0].problem:
            raise UploadRefusedError(files[0].problem)
        if not any(not file.problem for file in files):
            raise UploadRefusedError(
                _("None of these files can be read as a table: %(problem)s")
                % {"problem": files[0].problem}
            )
    except BaseException:
        shutil.rmtree(target, ignore_errors=True)
        raise
    if ".zip" in suffixes:
        source_format = "zip"
    elif len(files) > 1:
        source_format = "files"
    else:
        source_format = "xlsx" if suffixes[0] in XLSX_SUFFIXES else "csv"
    shown = names[0] if len(names) == 1 else f"{names[0][:180]} (+{len(names) - 1})"
    return Received(target, files, source_format, size, shown[:200])


def _as_table(name: str, path: Path, folder: Path, upload_limit: int) -> StoredFile:
    """The file as the CSV the import reads, and the problem when it cannot be read."""
    readable = _readable(path, _suffix(name), folder, upload_limit)
    try:
        read_sample(readable)
    except SampleError as error:
        return StoredFile(
            name,
            readable,
            _("This file cannot be read as a table: %(reason)s")
            % {"reason": localized(str(error).split(": ", 1)[-1])},
        )
    return StoredFile(name, readable)


def _unsafe(name: str) -> bool:
    """Whether a ZIP member's name points outside the folder it is unpacked into."""
    posix = name.replace("\\", "/")
    return (
        posix.startswith("/")
        or re.match(r"^[A-Za-z]:", posix) is not None
        or "\0" in posix
        or any(part == ".." for part in posix.split("/"))
    )


def _junk(name: str) -> bool:
    """What a Mac adds to a ZIP it makes (resource forks, folder settings)."""
    posix = name.replace("\\", "/")
    base = PurePosixPath(posix).name
    return posix.startswith("__MACOSX/") or base == ".DS_Store" or base.startswith("._")


def check_archive(path: Path, upload_limit: int) -> list[zipfile.ZipInfo]:
    """The CSV and XLSX members of the ZIP at *path*, or ``UploadRefusedError``: not a zip,
    too many members, a name outside its folder, another kind of file, encryption, more
    than :data:`UNCOMPRESSED_FACTOR` times the limit unpacked, or a ratio over :data:`MAX_RATIO`.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise UploadRefusedError(
            _("This is not a valid ZIP file (it cannot be opened as one).")
        ) from None
    if len(members) > MAX_ZIP_MEMBERS:
        raise UploadRefusedError(
            _("This ZIP holds %(count)s files; an export has at most %(limit)s.")
            % {"count": len(members), "limit": MAX_ZIP_MEMBERS}
        )
    for member in members:
        if _unsafe(member.filename):
            raise UploadRefusedError(
                _("This ZIP names a file outside its own folder (%(name)s): refused.")
                % {"name": member.filename[:200]}
            )
    files = [m for m in members if not m.is_dir() and not _junk(m.filename)]
    for member in files:
        if _suffix(member.filename) not in CSV_SUFFIXES + XLSX_SUFFIXES:
            raise UploadRefusedError(
                _("This ZIP holds %(name)s: only CSV and XLSX files can be imported.")
                % {"name": member.filename[:200]}
            )
        if member.flag_bits & 0x1:
            raise UploadRefusedError(_("This ZIP is encrypted: upload it without a password."))
    if not files:
        raise UploadRefusedError(_("This ZIP holds no CSV or XLSX file."))
    unpacked = sum(member.file_size for member in members)
    packed = sum(member.compress_size for member in members) or 1
    dense = any(
        m.file_size > _SMALL and m.file_size / (m.compress_size or 1) > MAX_RATIO for m in members
    )
    if (
        unpacked > UNCOMPRESSED_FACTOR * upload_limit
        or (unpacked > _SMALL and unpacked / packed > MAX_RATIO)
        or dense
    ):
        raise UploadRefusedError(
            _("This ZIP would unpack to %(size)s MB: refused as a possible zip bomb.")
            % {"size": f"{unpacked / 1_000_000:,.0f}"}
        )
    return files


def unpack_archive(path: Path, folder: Path, upload_limit: int) -> list[tuple[str, Path]]:
    """Check the ZIP at *path* and write its CSV and XLSX files into *folder* (flat, under
    safe names); return each member's name and where it went."""
    members = check_archive(path, upload_limit)
    budget = UNCOMPRESSED_FACTOR * upload_limit
    unpacked: list[tuple[str, Path]] = []
    try:
        with zipfile.ZipFile(path) as archive:
            for member in members:
                target = _unique(folder, safe_name(member.filename))
                written = 0
                with archive.open(member) as source, target.open("wb") as sink:
                    while chunk := source.read(1 << 20):
                        written += len(chunk)
                        budget -= len(chunk)
                        if written > member.file_size or budget < 0:  # never past the directory
                            raise UploadRefusedError(
                                _("This ZIP unpacks to more than it declares: refused.")
                            )
                        sink.write(chunk)
                unpacked.append((_display_name(member.filename), target))
    except (zipfile.BadZipFile, OSError, ValueError, RuntimeError, NotImplementedError, EOFError):
        raise UploadRefusedError(
            _("This is not a valid ZIP file (it cannot be opened as one).")
        ) from None
    return unpacked


def _readable(original: Path, suffix: str, folder: Path, upload_limit: int) -> Path:
    if suffix not in XLSX_SUFFIXES:
        return original
    check_workbook(original, upload_limit)
    scratch = Path(tempfile.mkdtemp(dir=folder, prefix=".sheet-"))
    try:
        converted = as_csv(original, scratch)
        target = _unique(folder, f"{original.stem}.csv")
        converted.replace(target)
    # a hostile workbook can fail inside openpyxl in many ways; each is a refusal, never a 500
    except Exception:
        raise UploadRefusedError(
            _("This is not a valid XLSX workbook (it cannot be opened as one).")
        ) from None
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    original.unlink()
    return target


def _too_big(upload_limit: int) -> str:
    return _("The file is larger than the limit of %(limit)s MB.") % {
        "limit": upload_limit // (1024 * 1024)
    }


def too_big_message(upload_limit: int) -> str:
    """The refusal of a file over the limit (the view says it when the handler stopped it)."""
    return _too_big(upload_limit)
