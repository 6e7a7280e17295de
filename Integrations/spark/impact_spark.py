#!/usr/bin/env python3
"""Run `impact` on Apache Spark: national-scale exports, the same figures.

The job reads the exports with Spark, partitions every row by a hash of its id
(respondent id for surveys — both waves of a person meet in one shard —,
volunteer id for hour records and the registry, beneficiary id for people
served), streams each shard through the `impact` binary with --emit-partial,
collects the partial results on the driver and runs `impact merge`, which
writes exactly the files a single machine would write.

  spark-submit --master local[2] impact_spark.py --job reach \\
      --hours 's3a://bucket/hours/*.csv' --registry s3a://bucket/volunteers.csv \\
      --beneficiaries 's3a://bucket/people/*.csv' --by team --as-of 2025-03-03 \\
      --impact /opt/impact/bin/impact --out results/

  spark-submit --files impact,codebook.yaml impact_spark.py --job literacy \\
      --pre hdfs:///survey/baseline.csv --post hdfs:///survey/endline.csv \\
      --codebook codebook.yaml --impact impact --out results/

Ship the binary with --files (it is looked up with SparkFiles.get when the
path does not exist on the executor) or bake it into the executors' image.
The impact binary needs libopenblas0, liblapacke and libssl3 on the executors.
"""
import argparse
import csv
import io
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import zlib

from pyspark import SparkFiles
from pyspark.sql import SparkSession


def shard_of(key, n):
    """A stable hash (the same on every executor and run), unlike Python's hash()."""
    return zlib.crc32((key or "").encode("utf-8")) % n


def local_file(path):
    """A file given on the command line, or the copy shipped with --files."""
    if path is None or os.path.exists(path):
        return path
    shipped = SparkFiles.get(os.path.basename(path))
    if os.path.exists(shipped):
        mode = os.stat(shipped).st_mode
        os.chmod(shipped, mode | stat.S_IXUSR)
        return shipped
    raise FileNotFoundError(f"{path}: not found on this executor (ship it with --files)")


def read_csv(spark, path, key_column, tag, n, encoding):
    """Rows of a CSV export as (shard, (tag, [fields])) with the header."""
    df = (
        spark.read.option("header", True).option("multiLine", True).option("escape", '"')
        .option("encoding", encoding).option("mode", "FAILFAST").csv(path)
    )
    header = df.columns
    if key_column not in header:
        sys.exit(f"impact_spark: {path}: no column '{key_column}' (header: {', '.join(header)})")
    k = header.index(key_column)
    rdd = df.rdd.map(lambda row: (shard_of(row[k], n), (tag, ["" if v is None else v for v in row])))
    return header, rdd


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--job", choices=["literacy", "reach"], required=True)
    p.add_argument("--impact", default="impact", help="path of the impact binary (or its name shipped with --files)")
    p.add_argument("--out", required=True, help="output folder for the merged results")
    p.add_argument("--partials-dir", help="keep the partial results here (default: a temporary folder)")
    p.add_argument("--partitions", type=int, help="number of shards (default: 2 × default parallelism)")
    p.add_argument("--encoding", default="UTF-8")
    p.add_argument("--deterministic", action="store_true")
    p.add_argument("--by", action="append", default=[])
    # literacy
    p.add_argument("--pre")
    p.add_argument("--post")
    p.add_argument("--codebook")
    p.add_argument("--id", default="respondent_id")
    # reach
    p.add_argument("--hours")
    p.add_argument("--registry")
    p.add_argument("--beneficiaries")
    p.add_argument("--period", default="year")
    p.add_argument("--as-of")
    p.add_argument("--from", dest="from_")
    p.add_argument("--to")
    p.add_argument("--volunteer-col", default="volunteer_id")
    p.add_argument("--beneficiary-id-col", default="beneficiary_id")
    args = p.parse_args()

    spark = SparkSession.builder.appName(f"impact {args.job}").getOrCreate()
    sc = spark.sparkContext
    n = args.partitions or max(2, 2 * sc.defaultParallelism)

    if args.job == "literacy":
        if not (args.pre and args.post and args.codebook):
            sys.exit("impact_spark: --job literacy needs --pre, --post and --codebook")
        inputs = {"pre": read_csv(spark, args.pre, args.id, "pre", n, args.encoding),
                  "post": read_csv(spark, args.post, args.id, "post", n, args.encoding)}
    else:
        if not args.hours:
            sys.exit("impact_spark: --job reach needs --hours")
        inputs = {"hours": read_csv(spark, args.hours, args.volunteer_col, "hours", n, args.encoding)}
        if args.registry:
            inputs["registry"] = read_csv(spark, args.registry, args.volunteer_col, "registry", n, args.encoding)
        if args.beneficiaries:
            inputs["beneficiaries"] = read_csv(
                spark, args.beneficiaries, args.beneficiary_id_col, "beneficiaries", n, args.encoding)
    headers = {tag: h for tag, (h, _) in inputs.items()}
    rows = sc.union([rdd for _, rdd in inputs.values()]).partitionBy(n, lambda shard: shard)

    impact, codebook, job = args.impact, args.codebook, args.job
    options = []
    for b in args.by:
        options += ["--by", b]
    if job == "reach":
        options += ["--period", args.period]
        for flag, value in [("--as-of", args.as_of), ("--from", args.from_), ("--to", args.to)]:
            if value:
                options += [flag, value]
        options += ["--volunteer-col", args.volunteer_col, "--beneficiary-id-col", args.beneficiary_id_col]
    else:
        options += ["--id", args.id]

    def run_shard(index, items):
        """Writes the shard's rows as CSV files and streams them through impact."""
        buckets = {tag: [] for tag in headers}
        for _, (tag, fields) in items:
            buckets[tag].append(fields)
        if not any(buckets.values()):
            return
        work = tempfile.mkdtemp(prefix=f"impact-shard-{index}-")
        try:
            paths = {}
            for tag, fields in buckets.items():
                paths[tag] = os.path.join(work, f"{tag}.csv")
                with open(paths[tag], "w", newline="", encoding="utf-8") as f:
                    w = csv.writer(f, lineterminator="\n")
                    w.writerow(headers[tag])
                    w.writerows(fields)
            exe = local_file(impact)
            if job == "literacy":
                cmd = [exe, "literacy", "--pre", paths["pre"], "--post", paths["post"],
                       "--codebook", local_file(codebook)]
            else:
                cmd = [exe, "reach", "--hours", paths["hours"]]
                if "registry" in paths:
                    cmd += ["--registry", paths["registry"]]
                if "beneficiaries" in paths:
                    cmd += ["--beneficiaries", paths["beneficiaries"]]
            done = subprocess.run(cmd + options + ["--emit-partial", "-", "--quiet"], capture_output=True)
            if done.returncode != 0:
                raise RuntimeError(f"impact failed on shard {index}: {done.stderr.decode('utf-8', 'replace')}")
            yield done.stdout.decode("utf-8")
        finally:
            shutil.rmtree(work, ignore_errors=True)

    partials = rows.mapPartitionsWithIndex(run_shard).collect()
    spark.stop()

    folder = args.partials_dir or tempfile.mkdtemp(prefix="impact-partials-")
    os.makedirs(folder, exist_ok=True)
    files = []
    for i, text in enumerate(partials):
        path = os.path.join(folder, f"{job}-{i:05d}.json")
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        files.append(path)
    merge = [args.impact, "merge", *files, "--out", args.out] + (["--deterministic"] if args.deterministic else [])
    done = subprocess.run(merge)
    if done.returncode != 0:
        sys.exit(done.returncode)
    print(f"impact_spark: merged {len(files)} partials of {n} shards into {args.out}")


if __name__ == "__main__":
    main()
