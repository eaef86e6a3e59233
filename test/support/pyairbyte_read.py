#!/usr/bin/env python3
"""Read one stream of our source with PyAirbyte into its DuckDB cache, as an
Airbyte user would, and print what landed there as one JSON object on stdout.

    pyairbyte_read.py --executable PATH --config CONFIG.json --stream NAME --db-path FILE --cache-dir DIR

Runs in the venv of scripts/setup-pyairbyte.sh. The caller sets
AIRBYTE_OFFLINE_MODE=1 and DO_NOT_TRACK=1 (no registry, no telemetry: the
network is closed). PyAirbyte's own output goes to stderr; stdout carries
only the result:

    {"airbyte_version", "duckdb_version", "records_processed",
     "tables": [names in schema main],
     "table": the stream's table,
     "columns": [{"name", "data_type"}] from information_schema, in ordinal order,
     "row_count": count(*),
     "rows": [{column: value}] ordered by _id}

Values: integers and booleans as JSON numbers and booleans (integers exact),
DECIMAL as its decimal text, TIMESTAMP values as ISO 8601 text in UTC (a
value without a time zone is taken as UTC), JSON columns as their JSON text,
NULL as null.
"""
from __future__ import annotations

import argparse
import datetime as dt
import decimal
import json
import os
import sys
from importlib.metadata import version


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--executable", required=True)
    parser.add_argument("--config", required=True)
    parser.add_argument("--stream", required=True)
    parser.add_argument("--db-path", required=True)
    parser.add_argument("--cache-dir", required=True)
    args = parser.parse_args()

    # Keep stdout for the result alone: whatever PyAirbyte or its libraries
    # print (progress, banners) goes to stderr, at the file-descriptor level.
    result_fd = os.dup(1)
    os.dup2(2, 1)
    sys.stdout = sys.stderr

    import airbyte as ab
    import duckdb
    from airbyte.caches import DuckDBCache

    with open(args.config, encoding="utf-8") as handle:
        config = json.load(handle)

    source = ab.get_source("source-elasticsearch", local_executable=args.executable, config=config)
    source.select_streams([args.stream])
    cache = DuckDBCache(db_path=args.db_path, schema_name="main", cache_dir=args.cache_dir)
    read_result = source.read(cache=cache, force_full_refresh=True)
    records_processed = read_result.processed_records
    table = cache.processor.get_sql_table_name(args.stream)
    # Release PyAirbyte's connection before opening the file with the duckdb module.
    cache.get_sql_engine().dispose()

    connection = duckdb.connect(args.db_path)
    try:
        connection.execute("SET TimeZone = 'UTC'")
        tables = [row[0] for row in connection.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' ORDER BY table_name"
        ).fetchall()]
        columns = [
            {"name": name, "data_type": data_type}
            for name, data_type in connection.execute(
                "SELECT column_name, data_type FROM information_schema.columns"
                " WHERE table_schema = 'main' AND table_name = ? ORDER BY ordinal_position",
                [table],
            ).fetchall()
        ]
        quoted = '"' + table.replace('"', '""') + '"'
        row_count = connection.execute(f"SELECT count(*) FROM main.{quoted}").fetchone()[0]
        cursor = connection.execute(f'SELECT * FROM main.{quoted} ORDER BY "_id"')
        names = [description[0] for description in cursor.description]
        rows = [dict(zip(names, (plain(value) for value in row))) for row in cursor.fetchall()]
    finally:
        connection.close()

    output = {
        "airbyte_version": version("airbyte"),
        "duckdb_version": duckdb.__version__,
        "records_processed": records_processed,
        "tables": tables,
        "table": table,
        "columns": columns,
        "row_count": row_count,
        "rows": rows,
    }
    with os.fdopen(result_fd, "w", encoding="utf-8") as out:
        json.dump(output, out, ensure_ascii=False)
        out.write("\n")
    return 0


def plain(value: object) -> object:
    """A DuckDB value as JSON (see the module doc)."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=dt.timezone.utc)
        return value.astimezone(dt.timezone.utc).isoformat()
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, (bytes, bytearray)):
        return value.decode("utf-8")
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    return value


if __name__ == "__main__":
    sys.exit(main())
