#!/usr/bin/env python3
"""Independent Parquet reader for integration tests (DuckDB's own Parquet reader).

Usage: inspect_parquet_duckdb.py [--no-rows] FILE...

Same output shape as inspect_parquet.py (one JSON object per file per line),
but everything is obtained from DuckDB:
  * schema          <- DESCRIBE SELECT * FROM read_parquet(file)   (DuckDB type names)
  * num_rows, created_by <- parquet_file_metadata(file)
  * row groups, codecs   <- parquet_metadata(file)
  * type_tree       <- the DuckDB types of the columns as trees (leaves are
                       DuckDB type names such as "BIGINT"; structs, lists and
                       maps as in inspect_parquet.py)
  * parquet_schema  <- parquet_schema(file), rendered as an indented tree
  * rows            <- SELECT * FROM read_parquet(file), decoded by DuckDB and
                       handed over as Arrow only for the JSON conversion
                       (same value conventions as inspect_parquet.py).

Note: DuckDB decodes TIMESTAMP_MILLIS/MICROS into microsecond TIMESTAMP
(WITH TIME ZONE when isAdjustedToUTC), so timestamps here always have 6
fractional digits (9 for TIMESTAMP_NS); compare instants, not strings, across
engines.
"""
from __future__ import annotations

import os
import sys
from typing import Any

import duckdb
import pyarrow as pa

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from inspect_parquet import dumps, table_rows  # noqa: E402


def _arrow(rel: Any) -> pa.Table:
    for name in ("to_arrow_table", "fetch_arrow_table", "arrow"):
        fn = getattr(rel, name, None)
        if fn is not None:
            t = fn()
            if isinstance(t, pa.RecordBatchReader):
                t = t.read_all()
            return t
    raise RuntimeError("duckdb relation has no arrow export")


def type_tree(t: Any) -> Any:
    """The type tree of a DuckDBPyType (see inspect_parquet.py)."""
    if t.id == "struct":
        return {"struct": {name: type_tree(child) for name, child in t.children}}
    if t.id == "map":
        return {"map": [type_tree(t.key), type_tree(t.value)]}
    if t.id == "list":
        return {"list": type_tree(t.child)}
    if t.id == "array":  # fixed size: children are [("child", type), ("size", n)]
        return {"list": type_tree(dict(t.children)["child"])}
    return str(t)


def _render_parquet_schema(rows: list[tuple]) -> str:
    """rows: (name, type, type_length, repetition_type, num_children,
    converted_type, scale, precision, logical_type) in file order (pre-order)."""
    lines: list[str] = []
    stack: list[int] = []  # remaining children per open group
    for name, typ, tlen, rep, nchild, conv, scale, prec, logical in rows:
        depth = len(stack)
        parts = [(rep or "").lower() or "root"]
        if nchild and nchild > 0:
            parts.append("group")
        elif typ:
            t = str(typ).lower()
            if t == "fixed_len_byte_array" and tlen is not None:
                t = f"fixed_len_byte_array({tlen})"
            parts.append(t)
        parts.append(str(name))
        ann = []
        if logical:
            ann.append(str(logical))
        if conv:
            ann.append(f"converted={conv}")
        if scale is not None and prec is not None and (conv or "").upper() == "DECIMAL":
            ann.append(f"precision={prec}, scale={scale}")
        line = "  " * depth + " ".join(parts) + (f" ({'; '.join(ann)})" if ann else "")
        lines.append(line + (" {" if nchild and nchild > 0 else ";"))
        if stack:
            stack[-1] -= 1
        if nchild and nchild > 0:
            stack.append(nchild)
        while stack and stack[-1] == 0:
            stack.pop()
            lines.append("  " * len(stack) + "}")
    return "\n".join(lines)


def inspect_file(con: duckdb.DuckDBPyConnection, path: str, with_rows: bool) -> dict[str, Any]:
    fmeta = con.execute(
        "SELECT created_by, num_rows, num_row_groups FROM parquet_file_metadata(?)", [path]
    ).fetchone()
    assert fmeta is not None
    created_by, num_rows, num_row_groups = fmeta
    rg = con.execute(
        "SELECT row_group_id, any_value(row_group_num_rows) FROM parquet_metadata(?) "
        "GROUP BY row_group_id ORDER BY row_group_id",
        [path],
    ).fetchall()
    codecs = con.execute(
        "SELECT DISTINCT compression FROM parquet_metadata(?) ORDER BY 1", [path]
    ).fetchall()
    srows = con.execute(
        "SELECT name, type, type_length, repetition_type, num_children, converted_type, "
        "scale, precision, logical_type FROM parquet_schema(?)",
        [path],
    ).fetchall()
    describe = con.execute("DESCRIBE SELECT * FROM read_parquet(?)", [path]).fetchall()
    out: dict[str, Any] = {
        "file": path,
        "num_rows": int(num_rows),
        "num_row_groups": int(num_row_groups),
        "row_group_rows": [int(n) for _, n in rg],
        "codecs": sorted(str(c) for (c,) in codecs if c is not None),
        "created_by": created_by,
        "schema": {str(r[0]): str(r[1]) for r in describe},
        "type_tree": _type_trees(con, path),
        "parquet_schema": _render_parquet_schema(srows),
    }
    if with_rows:
        rel = con.sql("SELECT * FROM read_parquet(" + _sql_str(path) + ")")
        out["rows"] = table_rows(_arrow(rel))
    return out


def _type_trees(con: duckdb.DuckDBPyConnection, path: str) -> dict[str, Any]:
    rel = con.sql("SELECT * FROM read_parquet(" + _sql_str(path) + ")")
    return {str(name): type_tree(t) for name, t in zip(rel.columns, rel.types)}


def _sql_str(s: str) -> str:
    return "'" + s.replace("'", "''") + "'"


def main(argv: list[str]) -> int:
    with_rows = True
    files: list[str] = []
    for a in argv:
        if a == "--no-rows":
            with_rows = False
        elif a in ("-h", "--help"):
            print(__doc__)
            return 0
        else:
            files.append(a)
    if not files:
        print("usage: inspect_parquet_duckdb.py [--no-rows] FILE...", file=sys.stderr)
        return 2
    con = duckdb.connect(":memory:")
    con.execute("SET TimeZone = 'UTC'")
    for f in files:
        sys.stdout.write(dumps(inspect_file(con, f, with_rows)) + "\n")
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
