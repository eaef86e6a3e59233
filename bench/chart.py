#!/usr/bin/env python3
"""chart.py RESULTS_JSON OUT_PNG: documents/s and peak RSS of each benchmark row (matplotlib, no display)."""
import json
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def main() -> None:
    results = json.load(open(sys.argv[1]))
    rows = [row for row in results["rows"] if row.get("docsPerSecond")]
    labels = [row["id"] for row in rows]
    rates = [row["docsPerSecond"] for row in rows]
    rss = [max((v or 0) for v in row["peakRssMb"].values()) for row in rows]
    colors = ["#888888" if row["id"].startswith("limit") else "#d62728" if row["id"] in ("elasticdump", "seed") else "#1f77b4" for row in rows]
    fig, (left, right) = plt.subplots(1, 2, figsize=(13, 0.45 * len(rows) + 1.8), sharey=True)
    left.barh(labels, rates, color=colors)
    left.set_xlabel("documents / s (median)")
    left.invert_yaxis()
    for y, value in enumerate(rates):
        left.text(value, y, f" {value:,.0f}", va="center", fontsize=8)
    right.barh(labels, rss, color=colors)
    right.set_xlabel("peak RSS, MB (largest process)")
    for y, value in enumerate(rss):
        right.text(value, y, f" {value:,.0f}", va="center", fontsize=8)
    right.axvline(200, color="#2ca02c", linestyle="--", linewidth=1)
    right.axvline(512, color="#ff7f0e", linestyle="--", linewidth=1)
    docs = results["dataset"]["docs"]
    mb = results["dataset"]["sourceBytes"] / 1e6
    fig.suptitle(f"Elasticsearch → Parquet, {docs:,} documents ({mb:,.0f} MB of _source); grey: limit, red: peers, blue: ours")
    fig.tight_layout()
    fig.savefig(sys.argv[2], dpi=110)


if __name__ == "__main__":
    main()
