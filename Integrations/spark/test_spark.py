#!/usr/bin/env python3
"""`make test-spark`: the Spark job in local[2] mode on the shipped example
gives the single-machine figures — CSV byte for byte, JSON apart from `meta`
and the file:line `examples` (which name shard files).

Usage: python3 Integrations/spark/test_spark.py --impact .build/debug/impact
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
EX = os.path.join(ROOT, "datasets", "example")


def strip(v):
    if isinstance(v, dict):
        return {k: strip(x) for k, x in v.items() if k not in ("meta", "examples")}
    if isinstance(v, list):
        return [strip(x) for x in v]
    return v


def run(cmd, **kw):
    print("+", " ".join(cmd), flush=True)
    done = subprocess.run(cmd, **kw)
    if done.returncode != 0:
        sys.exit(f"test-spark: command failed with status {done.returncode}")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--impact", required=True)
    p.add_argument("--partitions", type=int, default=7)
    args = p.parse_args()
    impact = os.path.abspath(args.impact)
    spark_submit = shutil.which("spark-submit")
    if not spark_submit:
        sys.exit("test-spark: spark-submit not found (python3 -m pip install pyspark)")
    work = tempfile.mkdtemp(prefix="impact-spark-test-")
    single, spark = os.path.join(work, "single"), os.path.join(work, "spark")
    cb = os.path.join(EX, "synthetic_codebook.yaml")
    pre, post = os.path.join(EX, "synthetic_survey_baseline.csv"), os.path.join(EX, "synthetic_survey_endline.csv")
    hours, reg, ben = (os.path.join(EX, f) for f in
                       ("synthetic_hours.csv", "synthetic_registry.csv", "synthetic_beneficiaries.csv"))
    run([impact, "literacy", "--pre", pre, "--post", post, "--codebook", cb, "--by", "district",
         "--out", single, "--deterministic", "--quiet"])
    run([impact, "reach", "--hours", hours, "--registry", reg, "--beneficiaries", ben, "--by", "team",
         "--as-of", "2025-03-03", "--out", single, "--deterministic", "--quiet"])
    env = dict(os.environ, PYSPARK_PYTHON=sys.executable, PYSPARK_DRIVER_PYTHON=sys.executable)
    job = os.path.join(HERE, "impact_spark.py")
    common = [spark_submit, "--master", "local[2]", "--conf", "spark.ui.enabled=false", job, "--impact", impact,
              "--out", spark, "--deterministic", "--partitions", str(args.partitions)]
    run(common + ["--job", "literacy", "--pre", pre, "--post", post, "--codebook", cb, "--by", "district"], env=env)
    run(common + ["--job", "reach", "--hours", hours, "--registry", reg, "--beneficiaries", ben, "--by", "team",
                  "--as-of", "2025-03-03"], env=env)
    failures = []
    for name in ("literacy_indicators.csv", "reach_by_period.csv", "reach_by_group.csv"):
        a = open(os.path.join(single, name), "rb").read()
        b = open(os.path.join(spark, name), "rb").read()
        if a != b:
            failures.append(f"{name} differs between the single run and the Spark run")
    for name in ("literacy_summary.json", "reach_summary.json"):
        a = strip(json.load(open(os.path.join(single, name), encoding="utf-8")))
        b = strip(json.load(open(os.path.join(spark, name), encoding="utf-8")))
        if a != b:
            failures.append(f"{name} differs (apart from meta and examples)")
    if failures:
        sys.exit("test-spark: FAILED\n" + "\n".join(failures) + f"\n(outputs kept in {work})")
    print(f"test-spark: the Spark job ({args.partitions} shards, local[2]) reproduces both single-machine results")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
