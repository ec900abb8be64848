"""Write rows (dicts) as JSON Lines, CSV or Parquet, streaming where the format allows."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

FORMATS = ("jsonl", "csv", "parquet")


def write_rows(rows: Iterable[dict[str, Any]], *, format: str, out: str | Path | None = None) -> int:
    """Write rows to ``out`` (stdout when None; Parquet needs a file). Returns how many were written."""
    if format == "parquet":
        if out is None:
            raise ValueError("Parquet is binary: give --out FILE")
        return _write_parquet(rows, Path(out))
    with _open_text(out) as stream:
        return _write_jsonl(rows, stream) if format == "jsonl" else _write_csv(rows, stream)


def write_stream(rows: Iterable[dict[str, Any]], *, format: str, stream: IO[str]) -> int:
    """Write rows as JSON Lines (``jsonl``) or CSV to an open text stream (a web download). Returns the count."""
    return _write_jsonl(rows, stream) if format == "jsonl" else _write_csv(rows, stream)


@contextmanager
def _open_text(out: str | Path | None) -> Iterator[IO[str]]:
    if out is None:
        yield sys.stdout
        return
    with open(out, "w", encoding="utf-8", newline="") as stream:
        yield stream


def _write_jsonl(rows: Iterable[dict[str, Any]], stream: IO[str]) -> int:
    count = 0
    for row in rows:
        stream.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
        count += 1
    return count


def _write_csv(rows: Iterable[dict[str, Any]], stream: IO[str]) -> int:
    writer: csv.DictWriter[str] | None = None
    count = 0
    for row in rows:
        flat = {key: _flat(value) for key, value in row.items()}
        if writer is None:
            writer = csv.DictWriter(stream, fieldnames=list(flat), extrasaction="ignore")
            writer.writeheader()
        writer.writerow(flat)
        count += 1
    return count


def _flat(value: Any) -> Any:
    return json.dumps(value, ensure_ascii=False, default=str) if isinstance(value, (dict, list, tuple)) else value


def _write_parquet(rows: Iterable[dict[str, Any]], path: Path, *, batch_size: int = 5000) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    writer: pq.ParquetWriter | None = None
    count = 0
    batch: list[dict[str, Any]] = []
    schema = None
    try:
        for row in rows:
            batch.append({key: _flat(value) for key, value in row.items()})
            if len(batch) >= batch_size:
                writer, schema = _flush(batch, path, writer, schema, pa, pq)
                count += len(batch)
                batch = []
        if batch or writer is None:
            writer, schema = _flush(batch, path, writer, schema, pa, pq)
            count += len(batch)
    finally:
        if writer is not None:
            writer.close()
    return count


def _flush(batch, path, writer, schema, pa, pq):  # type: ignore[no-untyped-def]
    table = pa.Table.from_pylist(batch, schema=schema)
    if writer is None:
        schema = table.schema
        writer = pq.ParquetWriter(path, schema)
    writer.write_table(table)
    return writer, schema
