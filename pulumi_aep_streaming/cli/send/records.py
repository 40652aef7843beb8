"""Records read from JSON Lines, JSON array or CSV input, each with where it came from.

A record that cannot be read (a malformed line, a value that is not an object) is yielded as a
``Record`` with a ``problem`` so the sender reports it as a reject instead of stopping the run.
A whole input that cannot be read (a CSV without a header row, a broken JSON array) raises
``RecordFileError`` before any of its records is sent.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

Format = Literal["auto", "jsonl", "json", "csv"]
FORMATS: tuple[Format, ...] = ("auto", "jsonl", "json", "csv")

# A CSV header cell must be a field name (dots nest): data in the first row fails this.
_FIELD_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_\-]*(\.[A-Za-z_][A-Za-z0-9_\-]*)*$")


class RecordFileError(ValueError):
    """An input that cannot be read as records at all; the message names the file and line."""


@dataclass(frozen=True, slots=True)
class Record:
    """One record: ``origin`` is ``file:line`` (``file[index]`` in a JSON array)."""

    origin: str
    value: Any = None
    problem: str | None = None
    raw: str | None = None  # the JSON text as read: sent as is, or shown when it could not be read


@dataclass(frozen=True)
class Source:
    """One input: a path, or ``-`` for stdin."""

    name: str
    format: Format = "auto"

    def open(self) -> io.BufferedReader:
        if self.name == "-":
            import sys

            return io.BufferedReader(sys.stdin.buffer)  # type: ignore[arg-type]
        return Path(self.name).open("rb")

    def resolved_format(self, head: str) -> Format:
        """The format, from the option, else the file name, else the first character."""
        if self.format != "auto":
            return self.format
        suffix = Path(self.name).suffix.lower()
        if suffix in (".jsonl", ".ndjson"):
            return "jsonl"
        if suffix == ".csv":
            return "csv"
        first = head.lstrip()[:1]
        if first == "[":
            return "json"
        if first == "{" or suffix == ".json" or not first:
            return "jsonl"
        return "csv"

    def survey(self) -> int | None:
        """About how many records a file holds (its lines: a progress total), after checking that
        a CSV has its header row, so a bad file fails before anything is sent; None for stdin or
        JSON arrays. Reads in chunks: a file of any size costs no more memory than one chunk."""
        if self.name == "-":
            return None
        with self.open() as raw:
            fmt = self.resolved_format(raw.peek(4096)[:4096].decode("utf-8", "replace"))
            if fmt == "json":
                return None  # known once parsed
            if fmt == "csv":
                first = raw.readline().decode("utf-8", "replace")
                if not first.strip():
                    return 0
                _header(self.name, next(csv.reader([first])))
            last = b"\n"
            lines = 0
            for chunk in iter(lambda: raw.read(1 << 20), b""):
                lines += chunk.count(b"\n")
                last = chunk[-1:]
            return lines + (last != b"\n")  # a last line without its newline


def read(source: Source) -> Iterator[Record]:
    """Every record of one input, in order."""
    name = "stdin" if source.name == "-" else source.name
    with source.open() as raw:
        fmt = source.resolved_format(raw.peek(4096)[:4096].decode("utf-8", "replace"))  # sniff, not consume
        stream = io.TextIOWrapper(raw, encoding="utf-8", newline="")
        if fmt == "json":
            yield from _json_array(name, stream.read())
        elif fmt == "csv":
            yield from _csv(name, stream)
        else:
            yield from _json_lines(name, stream)


def _json_lines(name: str, stream: Any) -> Iterator[Record]:
    for number, line in enumerate(stream, start=1):
        text = line.strip()
        if not text:
            continue
        yield parse(f"{name}:{number}", text)


def parse(origin: str, text: str) -> Record:
    """One record from its JSON text."""
    try:
        value = json.loads(text)
    except ValueError as error:
        return Record(origin, problem=f"{origin}: not JSON ({error})", raw=text)
    return _object(origin, value, text)


def _json_array(name: str, text: str) -> Iterator[Record]:
    try:
        values = json.loads(text)
    except ValueError as error:
        raise RecordFileError(f"{name}: not a JSON array ({error})") from None
    if not isinstance(values, list):
        raise RecordFileError(f"{name}: a JSON file must hold an array of records (or one record per line)")
    for index, value in enumerate(values):
        yield _object(f"{name}[{index}]", value, None)


def _object(origin: str, value: Any, text: str | None) -> Record:
    if not isinstance(value, dict):
        raw = text if text is not None else json.dumps(value)
        return Record(origin, problem=f"{origin}: a record must be a JSON object, got {type(value).__name__}", raw=raw)
    return Record(origin, value, raw=text)


def _header(name: str, header: list[str]) -> list[list[str]]:
    """The field paths a CSV header row names; raises when the first row is not one."""
    bad = next((cell for cell in header if not _FIELD_NAME.match(cell.strip())), None)
    if bad is not None or len(set(header)) != len(header):
        what = f"{bad!r} is not a field name" if bad is not None else "its field names repeat"
        raise RecordFileError(
            f"{name}:1: a CSV needs a header row of field names (e.g. firstName,lastName,email); {what}"
        )
    return [cell.strip().split(".") for cell in header]


def _csv(name: str, stream: Any) -> Iterator[Record]:
    rows = csv.reader(stream)
    header = next(rows, None)
    if header is None:
        return
    paths = _header(name, header)
    for row in rows:
        number = rows.line_num
        if not any(cell.strip() for cell in row):
            continue
        origin = f"{name}:{number}"
        if len(row) != len(paths):
            yield Record(
                origin, problem=f"{origin}: {len(row)} values for {len(paths)} header fields", raw=",".join(row)
            )
            continue
        record: dict[str, Any] = {}
        for path, cell in zip(paths, row, strict=True):
            if cell == "":
                continue  # an empty cell is a missing value, not an empty string
            node = record
            for key in path[:-1]:
                node = node.setdefault(key, {})
            node[path[-1]] = cell
        yield Record(origin, record)
