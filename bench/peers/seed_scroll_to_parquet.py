#!/usr/bin/env python3
"""The seed pipeline's approach, for the benchmark: the official `elasticsearch` client
scrolls the index 10,000 documents per page; each page becomes a pandas DataFrame
(`pd.json_normalize` of the `_source`s plus `_id`), then a pyarrow Table written as one
Snappy-compressed Parquet file straight to S3 (pyarrow's S3 filesystem), as the published
Lambda pipeline did (a file per scroll page, no local spool).

    seed_scroll_to_parquet.py ES_URL INDEX S3_ENDPOINT BUCKET PREFIX [PAGE_SIZE]

Credentials of the local S3 come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY.
Prints one JSON line: {"docs": N, "files": F, "bytes": B, "seconds": S}.
"""
import json
import os
import sys
import time
from urllib.parse import urlparse

import pandas as pd
import pyarrow as pa
import pyarrow.fs as pafs
import pyarrow.parquet as pq
from elasticsearch import Elasticsearch


def main() -> None:
    es_url, index, s3_endpoint, bucket, prefix = sys.argv[1:6]
    page_size = int(sys.argv[6]) if len(sys.argv) > 6 else 10_000
    started = time.monotonic()
    endpoint = urlparse(s3_endpoint)
    s3 = pafs.S3FileSystem(
        access_key=os.environ["AWS_ACCESS_KEY_ID"],
        secret_key=os.environ["AWS_SECRET_ACCESS_KEY"],
        region=os.environ.get("AWS_REGION", "us-east-1"),
        endpoint_override=endpoint.netloc,
        scheme=endpoint.scheme,
    )
    es = Elasticsearch(es_url, request_timeout=120)
    docs = files = written = 0
    response = es.search(index=index, scroll="5m", size=page_size, sort=["_doc"])
    scroll_id = response["_scroll_id"]
    try:
        while response["hits"]["hits"]:
            hits = response["hits"]["hits"]
            frame = pd.json_normalize([dict(hit["_source"], _id=hit["_id"]) for hit in hits])
            table = pa.Table.from_pandas(frame, preserve_index=False)
            path = f"{bucket}/{prefix}/part-{files:05d}.snappy.parquet"
            pq.write_table(table, path, filesystem=s3, compression="snappy")
            written += s3.get_file_info(path).size
            docs += len(hits)
            files += 1
            response = es.scroll(scroll_id=scroll_id, scroll="5m")
            scroll_id = response["_scroll_id"]
    finally:
        es.clear_scroll(scroll_id=scroll_id)
    print(json.dumps({"docs": docs, "files": files, "bytes": written, "seconds": time.monotonic() - started}))


if __name__ == "__main__":
    main()
