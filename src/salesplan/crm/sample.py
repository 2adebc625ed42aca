"""The first rows of a CSV export, read with the encoding and delimiter detected from them.

>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "deals.csv"
>>> _ = path.write_bytes("Klant;Waarde\\nCafé;1.234,50\\n".encode("cp1252"))
>>> sample = read_sample(path)
>>> sample.encoding, sample.delimiter, sample.header, sample.rows[0]
('cp1252', ';', ['Klant', 'Waarde'], {'Klant': 'Café', 'Waarde': '1.234,50'})
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from salesplan.crm.detect import SAMPLE_BYTES, detect_delimiter, detect_encoding

__all__ = ["FileSample", "SampleError", "read_sample"]


class SampleError(ValueError):
    """A file that cannot be read as a table."""


@dataclass(frozen=True)
class FileSample:
    """A file's format and its first rows (a dict per row, keyed by header)."""

    path: Path
    encoding: str
    delimiter: str
    header: list[str]
    rows: list[dict[str, str]]

    def column(self, name: str) -> list[str]:
        """The sampled values of one column, empty cells left out."""
        return [row[name] for row in self.rows if row.get(name, "").strip()]

    def distinct(self, name: str, limit: int = 200) -> list[str]:
        """Every distinct value of column *name* in the whole file (up to *limit*).

        A UTF-8 file is scanned by DuckDB; any other is judged from the sample.
        """
        if self.encoding not in ("utf-8", "utf-8-sig"):
            return sorted(set(self.column(name)))[:limit]
        import duckdb

        from salesplan.crm.store import quote

        query = (
            f"SELECT DISTINCT trim({quote(name)}) AS v FROM read_csv(?, header = true,"
            " all_varchar = true, delim = ?, quote = '\"', escape = '\"') WHERE v <> '' ORDER BY v LIMIT ?"
        )
        try:
            rows = duckdb.execute(query, [str(self.path), self.delimiter, limit]).fetchall()
        except duckdb.Error:
            return sorted(set(self.column(name)))[:limit]
        return [str(row[0]) for row in rows]


def read_sample(path: Path, rows: int = 500) -> FileSample:
    """Detect the format of *path* from its first 64 KiB and read up to *rows* rows."""
    try:
        with path.open("rb") as handle:
            head = handle.read(SAMPLE_BYTES)
    except OSError as error:
        raise SampleError(f"{path}: cannot read ({error.strerror})") from None
    if not head.strip():
        raise SampleError(f"{path}: the file is empty")
    encoding = detect_encoding(head)
    text = head.decode(encoding, errors="replace")
    lines = text.splitlines()
    if len(head) == SAMPLE_BYTES and len(lines) > 1:
        lines = lines[:-1]  # the last line may be cut in two
    delimiter = detect_delimiter(lines[:50])
    reader = csv.reader(io.StringIO("\n".join(lines)), delimiter=delimiter)
    header = [name.strip() for name in next(reader)]
    if len(set(header)) != len(header):
        twice = sorted({name for name in header if header.count(name) > 1})
        raise SampleError(f"{path}: column names appear twice: {', '.join(twice)}")
    sampled: list[dict[str, str]] = []
    for row in reader:
        if len(sampled) >= rows:
            break
        if not any(cell.strip() for cell in row):
            continue
        sampled.append(dict(zip(header, row + [""] * (len(header) - len(row)), strict=False)))
    return FileSample(path, encoding, delimiter, header, sampled)
