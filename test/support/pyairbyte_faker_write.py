#!/usr/bin/env python3
"""Run Airbyte's source-faker into our destination with PyAirbyte, as an Airbyte user would.

    pyairbyte_faker_write.py --source-executable PATH --destination-executable PATH
        --source-config FILE --destination-config FILE

Runs in the venv of scripts/setup-pyairbyte.sh; source-faker is the
executable of scripts/setup-source-faker.sh (its own venv), the destination
our CLI (a wrapper script). PyAirbyte pipes every faker stream straight into
the destination (`destination.write(source, cache=False)`) with its default
write strategy (append_dedup for streams with a primary key, which our
destination writes as append). The caller sets AIRBYTE_OFFLINE_MODE=1 and
DO_NOT_TRACK=1 (no registry, no telemetry).

Prints one JSON object on stdout: {"streams": {name: {"json_schema",
"primary_key"}}} from the catalog PyAirbyte configured.
"""
from __future__ import annotations

import argparse
import json
import os
import sys


def main() -> int:
    parser = argparse.ArgumentParser()
    for name in ("--source-executable", "--destination-executable", "--source-config", "--destination-config"):
        parser.add_argument(name, required=True)
    args = parser.parse_args()

    result_fd = os.dup(1)
    os.dup2(2, 1)
    sys.stdout = sys.stderr

    import airbyte as ab

    def load(path: str) -> dict:
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)

    source = ab.get_source("source-faker", local_executable=args.source_executable, config=load(args.source_config))
    source.select_all_streams()
    destination = ab.get_destination(
        "destination-s3-parquet", local_executable=args.destination_executable, config=load(args.destination_config)
    )
    destination.write(source, cache=False)
    output = {
        "streams": {
            configured.stream.name: {
                "json_schema": configured.stream.json_schema,
                "primary_key": configured.stream.source_defined_primary_key,
            }
            for configured in source.configured_catalog.streams
        }
    }
    with os.fdopen(result_fd, "w", encoding="utf-8") as out:
        json.dump(output, out, ensure_ascii=False)
        out.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
