#!/usr/bin/env python3
"""`make test-spark`: the Spark job in local[2] mode on the shipped example
gives the single-machine figures — CSV byte for byte, JSON apart from `meta`
(the exclusion examples included: they name the original files and lines),
and `meta.inputs` names the user's files with their sizes, digests and rows.

It runs the README's command form: the binary and the codebook shipped with
`--files` and named relatively (`--impact impact --codebook codebook.yaml`).

Then the whole batch job: `impact_spark.py --config datasets/example/impact.yaml`
(every survey — CSV and xlsx, designs, a comparison group — and the reach
section) against `impact run` on the same config: every summary the same,
CSV and JSON apart from `meta`, numbers to a relative 1e-9 (the comparison
survey's floating-point cross products add up in another order), figures that
cannot merge (null with a reason in the merged output, e.g. HC3 errors, which
need every row) left out; report, notebook and manifest written.

Usage: python3 Integrations/spark/test_spark.py --impact .build/debug/impact
"""
import argparse
import io
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
    failures += check_config(work, spark_submit, job, env, args.partitions)
    if failures:
        sys.exit("test-spark: FAILED\n" + "\n".join(failures) + f"\n(outputs kept in {work})")
    print(f"test-spark: the Spark job ({args.partitions} shards, local[2], --impact impact shipped with --files) "
          "reproduces both single-machine results, examples and inputs included, and the whole "
          "batch job of impact run --config")
    shutil.rmtree(work, ignore_errors=True)


def close(a, b, rtol=1e-9):
    """Two JSON values equal, numbers to a relative `rtol`; a figure that `b`
    (the merged output) lists in a sibling `null_reasons` as "<key>_<sub>" is
    not compared. Returns the first difference's path, or None."""
    def walk(x, y, path):
        if isinstance(x, bool) or isinstance(y, bool) or not (
                isinstance(x, (int, float)) and isinstance(y, (int, float))):
            if type(x) is not type(y):
                return path
        else:
            return None if x == y or abs(x - y) <= rtol * max(abs(x), abs(y)) else path
        if isinstance(x, dict):
            skip = set((y.get("null_reasons") or {}).keys())
            for k in set(x) | set(y):
                if k == "meta" or k == "null_reasons" and k not in x:
                    continue
                if k not in x or k not in y:
                    return f"{path}/{k}"
                if isinstance(y[k], dict) and any(r.startswith(k + "_") for r in skip):
                    subs = {r[len(k) + 1:] for r in skip if r.startswith(k + "_")}
                    d = walk({a: v for a, v in x[k].items() if a not in subs},
                             {a: v for a, v in y[k].items() if a not in subs}, f"{path}/{k}")
                elif k == "null_reasons":
                    d = walk({a: v for a, v in x[k].items()}, {a: v for a, v in y[k].items() if a in x[k]},
                             f"{path}/{k}")
                else:
                    d = walk(x[k], y[k], f"{path}/{k}")
                if d:
                    return d
            return None
        if isinstance(x, list):
            if len(x) != len(y):
                return f"{path} (length)"
            for i, (p, q) in enumerate(zip(x, y)):
                d = walk(p, q, f"{path}[{i}]")
                if d:
                    return d
            return None
        return None if x == y else path
    return walk(a, b, "")


def close_csv(a, b, rtol=1e-9):
    """Two CSV texts with equal cells, numbers to a relative `rtol`; a cell
    empty in `b` (a figure that cannot merge) is not compared."""
    import csv as _csv
    ra, rb = list(_csv.reader(io.StringIO(a))), list(_csv.reader(io.StringIO(b)))
    if len(ra) != len(rb):
        return "row count"
    for i, (x, y) in enumerate(zip(ra, rb)):
        if len(x) != len(y):
            return f"row {i + 1} length"
        for j, (p, q) in enumerate(zip(x, y)):
            if p == q or q == "":
                continue
            try:
                fp, fq = float(p), float(q)
            except ValueError:
                return f"row {i + 1} column {j + 1}: {p!r} vs {q!r}"
            if abs(fp - fq) > rtol * max(abs(fp), abs(fq)):
                return f"row {i + 1} column {j + 1}: {p} vs {q}"
    return None


def check_config(work, spark_submit, job, env, partitions):
    """`impact_spark.py --config` against `impact run` on the example config."""
    config = os.path.join(EX, "impact.yaml")
    single, spark = os.path.join(work, "run-single"), os.path.join(work, "run-spark")
    run(["./impact", "run", "--config", config, "--out", single, "--deterministic", "--quiet"], cwd=work)
    run([spark_submit, "--master", "local[2]", "--conf", "spark.ui.enabled=false", "--files", "impact", job,
         "--config", config, "--impact", "impact", "--out", spark, "--deterministic",
         "--partitions", str(partitions)], env=env, cwd=work)
    failures = []
    names = sorted(os.listdir(single))
    if sorted(os.listdir(spark)) != names:
        failures.append(f"--config wrote {sorted(os.listdir(spark))}, impact run wrote {names}")
    compared = 0
    for name in names:
        path = os.path.join(spark, name)
        if not os.path.exists(path):
            continue
        a = open(os.path.join(single, name), encoding="utf-8").read()
        b = open(path, encoding="utf-8").read()
        if name.endswith(".csv"):
            d = close_csv(a, b)
        elif name.endswith("_summary.json"):
            d = close(json.loads(a), json.loads(b))
        else:
            continue  # report.html, report.ipynb, manifest.json: written, with the same figures
        compared += 1
        if d:
            failures.append(f"--config: {name} differs from impact run at {d}")
    manifest = json.load(open(os.path.join(spark, "manifest.json"), encoding="utf-8"))
    if "outputs" in manifest and len(manifest["outputs"]) < len(names) - 1:
        failures.append("--config: the manifest does not list the outputs")
    if compared < 10:
        failures.append(f"--config: only {compared} summaries compared")
    return failures


if __name__ == "__main__":
    main()
