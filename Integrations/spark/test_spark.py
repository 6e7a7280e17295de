#!/usr/bin/env python3
"""`make test-spark`: the Spark job in local[2] mode on the shipped example
gives the single-machine figures — CSV byte for byte, JSON apart from `meta`
(the exclusion examples included: they name the original files and lines),
and `meta.inputs` names the user's files with their sizes, digests and rows.

It runs the README's command form: the binary and the codebook shipped with
`--files` and named relatively (`--impact impact --codebook codebook.yaml`).

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
        return {k: strip(x) for k, x in v.items() if k != "meta"}
    if isinstance(v, list):
        return [strip(x) for x in v]
    return v


def run(cmd, **kw):
    print("+", " ".join(cmd), flush=True)
    done = subprocess.run(cmd, **kw)
    if done.returncode != 0:
        sys.exit(f"test-spark: command failed with status {done.returncode}")


def inputs(doc):
    return [{k: i[k] for k in ("role", "file", "bytes", "sha256", "rows")} for i in doc["meta"]["inputs"]]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--impact", required=True)
    p.add_argument("--partitions", type=int, default=7)
    args = p.parse_args()
    spark_submit = shutil.which("spark-submit")
    if not spark_submit:
        sys.exit("test-spark: spark-submit not found (python3 -m pip install pyspark)")
    # A folder holding `impact` and `codebook.yaml`, as a user's would; every
    # command runs there and names them relatively.
    work = tempfile.mkdtemp(prefix="impact-spark-test-")
    shutil.copy2(args.impact, os.path.join(work, "impact"))
    shutil.copy2(os.path.join(EX, "synthetic_codebook.yaml"), os.path.join(work, "codebook.yaml"))
    single, spark = "single", "spark"
    pre, post = os.path.join(EX, "synthetic_survey_baseline.csv"), os.path.join(EX, "synthetic_survey_endline.csv")
    hours, reg, ben = (os.path.join(EX, f) for f in
                       ("synthetic_hours.csv", "synthetic_registry.csv", "synthetic_beneficiaries.csv"))
    run(["./impact", "literacy", "--pre", pre, "--post", post, "--codebook", "codebook.yaml", "--by", "district",
         "--out", single, "--deterministic", "--quiet"], cwd=work)
    run(["./impact", "reach", "--hours", hours, "--registry", reg, "--beneficiaries", ben, "--by", "team",
         "--as-of", "2025-03-03", "--out", single, "--deterministic", "--quiet"], cwd=work)
    env = dict(os.environ, PYSPARK_PYTHON=sys.executable, PYSPARK_DRIVER_PYTHON=sys.executable)
    env["PATH"] = os.pathsep.join(d for d in env.get("PATH", "").split(os.pathsep) if d not in ("", "."))
    job = os.path.join(HERE, "impact_spark.py")
    common = ["--out", spark, "--deterministic", "--partitions", str(args.partitions)]
    run([spark_submit, "--master", "local[2]", "--conf", "spark.ui.enabled=false", "--files", "impact,codebook.yaml",
         job, "--job", "literacy", "--pre", pre, "--post", post, "--codebook", "codebook.yaml", "--impact", "impact",
         "--by", "district"] + common, env=env, cwd=work)
    run([spark_submit, "--master", "local[2]", "--conf", "spark.ui.enabled=false", "--files", "impact",
         job, "--job", "reach", "--hours", hours, "--registry", reg, "--beneficiaries", ben, "--by", "team",
         "--as-of", "2025-03-03", "--impact", "impact"] + common, env=env, cwd=work)
    failures = []
    for name in ("literacy_indicators.csv", "reach_by_period.csv", "reach_by_group.csv"):
        a = open(os.path.join(work, single, name), "rb").read()
        b = open(os.path.join(work, spark, name), "rb").read()
        if a != b:
            failures.append(f"{name} differs between the single run and the Spark run")
    for name in ("literacy_summary.json", "reach_summary.json"):
        a = json.load(open(os.path.join(work, single, name), encoding="utf-8"))
        b = json.load(open(os.path.join(work, spark, name), encoding="utf-8"))
        if strip(a) != strip(b):
            failures.append(f"{name} differs (apart from meta; exclusion examples included)")
        if inputs(a) != inputs(b):
            failures.append(f"{name}: meta.inputs differ:\n  single {inputs(a)}\n  spark  {inputs(b)}")
    examples = json.load(open(os.path.join(work, spark, "reach_summary.json"), encoding="utf-8"))
    named = {e["file"] for e in examples["excluded"]["examples"]}
    if not named or not named <= {hours, reg, ben}:
        failures.append(f"reach examples name {sorted(named)}, not the original files")
    lit = json.load(open(os.path.join(work, spark, "literacy_summary.json"), encoding="utf-8"))
    if not lit["attrition"]["examples"]["duplicate_ids"]:
        failures.append("the literacy examples are empty: nothing was compared")
    if failures:
        sys.exit("test-spark: FAILED\n" + "\n".join(failures) + f"\n(outputs kept in {work})")
    print(f"test-spark: the Spark job ({args.partitions} shards, local[2], --impact impact shipped with --files) "
          "reproduces both single-machine results, examples and inputs included")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
