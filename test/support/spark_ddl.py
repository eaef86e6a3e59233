#!/usr/bin/env python3
"""Runs our Athena DDL in Spark SQL with Hive support (a Hive-dialect engine
no one here wrote): CREATE EXTERNAL TABLE as written, then the ALTER TABLE
... ADD PARTITION statements as written (or MSCK REPAIR TABLE), then counts
the rows per partition. The S3 location in both files is replaced by a
local copy of the stream's directory: this Spark has no S3 client.

Usage: spark_ddl.py DDL_FILE PARTITIONS_FILE|--msck S3_LOCATION LOCAL_DIR WORK_DIR
Prints {"table": ..., "counts": {dt: rows}, "total": n, "columns": [...]}.
"""
import json
import os
import sys

ddl_file, partitions_file, s3_location, local_dir, work_dir = sys.argv[1:6]
os.environ.setdefault("PYSPARK_SUBMIT_ARGS", "--driver-memory 1g pyspark-shell")
from pyspark.sql import SparkSession  # noqa: E402

spark = (
    SparkSession.builder.master("local[1]")
    .appName("espq-ddl")
    .config("spark.sql.warehouse.dir", os.path.join(work_dir, "warehouse"))
    .config("spark.driver.extraJavaOptions", f"-Dderby.system.home={os.path.join(work_dir, 'derby')}")
    .config("javax.jdo.option.ConnectionURL", f"jdbc:derby:;databaseName={os.path.join(work_dir, 'metastore')};create=true")
    .config("spark.ui.enabled", "false")
    .enableHiveSupport()
    .getOrCreate()
)
spark.sparkContext.setLogLevel("ERROR")
local = "file://" + os.path.abspath(local_dir).rstrip("/") + "/"


def localise(text: str) -> str:
    return text.replace(s3_location, local)


def statements(text: str):
    return [s.strip() for s in text.split(";") if s.strip() and not s.strip().startswith("--")]


ddl = localise(open(ddl_file).read())
table = None
for statement in statements(ddl):
    spark.sql(statement)
    if statement.startswith("CREATE EXTERNAL TABLE"):
        table = statement.split("`")[1]
if partitions_file == "--msck":
    spark.sql(f"MSCK REPAIR TABLE `{table}`")
else:
    for statement in statements(localise(open(partitions_file).read())):
        spark.sql(statement)
counts = {r["dt"]: r["n"] for r in spark.sql(f"SELECT dt, count(*) AS n FROM `{table}` GROUP BY dt").collect()}
columns = [f.name for f in spark.table(table).schema.fields]
print(json.dumps({"table": table, "counts": counts, "total": sum(counts.values()), "columns": columns}))
spark.stop()
