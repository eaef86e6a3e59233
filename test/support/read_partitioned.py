#!/usr/bin/env python3
"""Reads a Hive-partitioned directory of Parquet files (a local copy of a
stream's S3 directory) with readers no one here wrote, and prints one JSON
object per row: the `key` column and the `dt` partition value each engine
derived from the directory names.

Usage: read_partitioned.py duckdb|pyarrow DIRECTORY KEY_COLUMN
"""
import json
import sys

engine, directory, key = sys.argv[1], sys.argv[2], sys.argv[3]
if engine == "duckdb":
    import duckdb

    con = duckdb.connect()
    rows = con.execute(
        f'SELECT "{key}", dt FROM read_parquet(?, hive_partitioning = true, hive_types = {{"dt": VARCHAR}})',
        [f"{directory}/**/*.parquet"],
    ).fetchall()
elif engine == "pyarrow":
    import pyarrow as pa
    import pyarrow.dataset as ds

    dataset = ds.dataset(directory, format="parquet", partitioning=ds.partitioning(pa.schema([("dt", pa.string())]), flavor="hive"))
    table = dataset.to_table(columns=[key, "dt"])
    rows = list(zip(table.column(key).to_pylist(), table.column("dt").to_pylist()))
else:
    raise SystemExit(f"unknown engine {engine}")
for k, dt in rows:
    print(json.dumps({"key": k, "dt": dt}))
