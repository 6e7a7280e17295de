#!/usr/bin/env python3
"""Run `impact` on Apache Spark: national-scale exports, the same figures.

The job reads every input file (a path or a glob) with Spark, parses it with
Python's csv module keeping each record's file and line number, partitions the
rows by a hash of the id (respondent id for surveys — both waves of a person
meet in one shard —, volunteer id for hour records and the registry,
beneficiary id for people served), writes each shard's rows in the original
line order and streams them through the `impact` binary with --emit-partial,
renames the shard files and lines in the partial to the original files and
lines, collects the partials on the driver (where each input is named as given,
with the original file's size and SHA-256) and runs `impact merge`, which
writes exactly the files — exclusion examples and meta.inputs included — a
single machine would write.

  spark-submit --master local[2] impact_spark.py --job reach \\
      --hours 's3a://bucket/hours/*.csv' --registry s3a://bucket/volunteers.csv \\
      --beneficiaries 's3a://bucket/people/*.csv' --by team --as-of 2025-03-03 \\
      --impact /opt/impact/bin/impact --out results/

  spark-submit --files impact,codebook.yaml impact_spark.py --job literacy \\
      --pre hdfs:///survey/baseline.csv --post hdfs:///survey/endline.csv \\
      --codebook codebook.yaml --impact impact --out results/

Ship the binary with --files and name it relatively (--impact impact): it is
resolved to an absolute path through SparkFiles.get or the working directory,
never looked up on PATH; or bake it into the executors' image and give its
absolute path. The impact binary needs libopenblas0, liblapacke and libssl3 on
the executors. Each input file is read whole by one task (as Spark's multiLine
CSV reader does): split very large exports into several files (a glob).
"""
import argparse
import codecs
import csv
import hashlib
import io
import json
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import zlib

from pyspark import SparkFiles
from pyspark.accumulators import AccumulatorParam
from pyspark.sql import SparkSession


def shard_of(key, n):
    """A stable hash (the same on every executor and run), unlike Python's hash()."""
    return zlib.crc32((key or "").encode("utf-8")) % n


def local_file(path, executable=False):
    """The absolute path of a file given on the command line, or of the copy
    shipped with --files. A bare name is never handed to subprocess as is
    (it would search PATH, not the working directory)."""
    if path is None:
        return None
    if os.path.exists(path):
        found = os.path.abspath(path)
    else:
        try:
            found = SparkFiles.get(os.path.basename(path))
        except Exception:  # no SparkContext root on this process
            found = None
        if not found or not os.path.exists(found):
            on_path = shutil.which(path) if executable and os.sep not in path else None
            if on_path:
                return on_path
            raise FileNotFoundError(f"{path}: not found here nor shipped with --files (nor on PATH)")
    if executable:
        mode = os.stat(found).st_mode
        if not mode & stat.S_IXUSR:
            os.chmod(found, mode | stat.S_IXUSR)
    return found


class FileInfos(AccumulatorParam):
    """Size and SHA-256 of every input file read, gathered on the driver."""

    def zero(self, value):
        return {}

    def addInPlace(self, a, b):
        a.update(b)
        return a


def records(content, encoding):
    """(first line, fields) of every CSV record of a file's bytes; blank lines
    are skipped, as impact skips them. Lines are the file's own line numbers."""
    text = content.decode(encoding)
    if text.startswith("\ufeff"):
        text = text[1:]
    reader = csv.reader(io.StringIO(text, newline=""))
    line = 1
    for fields in reader:
        if fields:
            yield line, fields
        line = reader.line_num + 1


def read_input(sc, path, key_column, tag, n, encoding, infos):
    """An input (a file or a glob) as (shard, record) pairs: for every file, its
    header sent to every shard, and each row with its file and line number."""
    names = {}

    def parse(item):
        uri, content = item
        infos.add({uri: (len(content), hashlib.sha256(content).hexdigest())})
        rows = records(content, encoding)
        first = next(rows, None)
        if first is None:
            return
        header = first[1]
        if key_column not in header:
            raise ValueError(f"{uri}: no column '{key_column}' (header: {', '.join(header)})")
        k = header.index(key_column)
        for shard in range(n):
            yield shard, ("header", tag, uri, 1, header)
        for line, fields in rows:
            yield shard_of(fields[k] if k < len(fields) else "", n), ("row", tag, uri, line, fields)

    return sc.binaryFiles(path).flatMap(parse)


def display_name(uri, argument, single):
    """How examples and meta name a file: as the user wrote it when the
    argument is one file, else the file's path (local files without file:)."""
    if single:
        return argument
    return uri[len("file:"):] if uri.startswith("file:") else uri


def rename_partial(text, tag_of_path, originals, names):
    """The partial with the shard files' names and lines replaced by the
    original files' (`originals[tag][shard line] = (uri, line)`)."""
    doc = json.loads(text)
    state = doc["state"]

    def original(tag, line):
        return originals.get(tag, {}).get(line, (None, line))

    if doc["kind"] == "reach":
        examples = state["exclusions"]["examples"]
        for e in examples:
            tag = tag_of_path.get(e["file"])
            if tag is not None:
                uri, e["line"] = original(tag, e["line"])
                e["file"] = names.get(uri, e["file"])
    else:
        ex = state["exclusions"]
        for d in ex["duplicateIds"]:
            d["lines"] = [original(d["wave"], x)[1] for x in d["lines"]]
        for key in ("nonNumeric", "outOfScale", "unmatchedLabel", "skippedRows"):
            for p in ex.get(key, []):
                p["problem"]["line"] = original(p["wave"], p["problem"]["line"])[1]
        for b in ex["blankIdLines"]:
            b["line"] = original(b["wave"], b["line"])[1]
    for info in state["inputs"]:
        tag = tag_of_path.get(info["path"])
        if tag is not None:
            info["path"] = f"@{tag}"  # named on the driver, which knows the files' sizes and digests
    return json.dumps(doc, ensure_ascii=False, sort_keys=True)


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
    # The driver runs impact merge itself: resolve the binary now (a bare name
    # shipped with --files is in SparkFiles or the working directory).
    driver_impact = local_file(args.impact, executable=True)
    infos = sc.accumulator({}, FileInfos())

    if args.job == "literacy":
        if not (args.pre and args.post and args.codebook):
            sys.exit("impact_spark: --job literacy needs --pre, --post and --codebook")
        arguments = {"pre": (args.pre, args.id), "post": (args.post, args.id)}
    else:
        if not args.hours:
            sys.exit("impact_spark: --job reach needs --hours")
        arguments = {"hours": (args.hours, args.volunteer_col)}
        if args.registry:
            arguments["registry"] = (args.registry, args.volunteer_col)
        if args.beneficiaries:
            arguments["beneficiaries"] = (args.beneficiaries, args.beneficiary_id_col)
    encoding = codecs.lookup(args.encoding).name
    inputs = [read_input(sc, path, key, tag, n, encoding, infos) for tag, (path, key) in arguments.items()]
    rows = sc.union(inputs).partitionBy(n, lambda shard: shard)

    impact, codebook, job, tags = args.impact, args.codebook, args.job, list(arguments)
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
        """Writes the shard's rows as CSV files, in the original files' line
        order, streams them through impact, and names the original files and
        lines in the partial it returns."""
        headers = {tag: {} for tag in tags}
        buckets = {tag: [] for tag in tags}
        for _, (what, tag, uri, line, fields) in items:
            if what == "header":
                headers[tag][uri] = fields
            else:
                buckets[tag].append((uri, line, fields))
        if not any(buckets.values()):
            return
        work = tempfile.mkdtemp(prefix=f"impact-shard-{index}-")
        try:
            paths, tag_of_path, originals = {}, {}, {}
            for tag, rows_of_tag in buckets.items():
                distinct = {tuple(h) for h in headers[tag].values()}
                if len(distinct) > 1:
                    raise ValueError(f"the files of --{tag} have different headers: {sorted(headers[tag])}")
                header = list(distinct.pop()) if distinct else []
                paths[tag] = os.path.join(work, f"{tag}.csv")
                tag_of_path[paths[tag]] = tag
                originals[tag] = mapping = {}
                rows_of_tag.sort(key=lambda r: (r[0], r[1]))
                with open(paths[tag], "w", newline="", encoding="utf-8") as f:
                    text = io.StringIO()
                    w = csv.writer(text, lineterminator="\n")
                    w.writerow(header)
                    shard_line = 1 + text.getvalue().count("\n")
                    f.write(text.getvalue())
                    for uri, line, fields in rows_of_tag:
                        text.seek(0)
                        text.truncate()
                        w.writerow(fields)
                        mapping[shard_line] = (uri, line)
                        shard_line += text.getvalue().count("\n")
                        f.write(text.getvalue())
            exe = local_file(impact, executable=True)
            if job == "literacy":
                book = local_file(codebook)
                tag_of_path[book] = "codebook"
                cmd = [exe, "literacy", "--pre", paths["pre"], "--post", paths["post"], "--codebook", book]
            else:
                cmd = [exe, "reach", "--hours", paths["hours"]]
                if "registry" in paths:
                    cmd += ["--registry", paths["registry"]]
                if "beneficiaries" in paths:
                    cmd += ["--beneficiaries", paths["beneficiaries"]]
            done = subprocess.run(cmd + options + ["--emit-partial", "-", "--quiet"], capture_output=True)
            if done.returncode != 0:
                raise RuntimeError(f"impact failed on shard {index}: {done.stderr.decode('utf-8', 'replace')}")
            # Examples name the files the user gave, with their lines.
            yield rename_partial(done.stdout.decode("utf-8"), tag_of_path, originals, uri_names.value)
        finally:
            shutil.rmtree(work, ignore_errors=True)

    # Input file URIs → the names examples and meta use (per input).
    names = {tag: file_names(sc, path) for tag, (path, _) in arguments.items()}
    uri_names = sc.broadcast({uri: name for per_tag in names.values() for uri, name in per_tag.items()})
    partials = rows.mapPartitionsWithIndex(run_shard).collect()
    sizes = dict(infos.value)
    spark.stop()

    folder = args.partials_dir or tempfile.mkdtemp(prefix="impact-partials-")
    os.makedirs(folder, exist_ok=True)
    files = []
    for i, text in enumerate(partials):
        doc = json.loads(text)
        for info in doc["state"]["inputs"]:
            if info["path"].startswith("@"):
                describe_input(info, info["path"][1:], arguments, codebook, sizes, names, encoding)
        path = os.path.join(folder, f"{job}-{i:05d}.json")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(doc, f, ensure_ascii=False, sort_keys=True)
        files.append(path)
    merge = [driver_impact, "merge", *files, "--out", args.out] + (["--deterministic"] if args.deterministic else [])
    done = subprocess.run(merge)
    if done.returncode != 0:
        sys.exit(done.returncode)
    print(f"impact_spark: merged {len(files)} partials of {n} shards into {args.out}")


def file_names(sc, path):
    """The files an input argument matches (URI → name): the argument itself
    when it is one file, else each file's path."""
    uris = list_files(sc, path)
    return {uri: display_name(uri, path, len(uris) == 1) for uri in uris}


def list_files(sc, path):
    """The files an input argument (a path or a glob) matches, as Spark names them."""
    jvm = sc._jvm
    conf = sc._jsc.hadoopConfiguration()
    p = jvm.org.apache.hadoop.fs.Path(path)
    fs = p.getFileSystem(conf)
    statuses = fs.globStatus(p) or []
    out = []
    for st in statuses:
        if st.isDirectory():
            out += [c.getPath().toString() for c in fs.listStatus(st.getPath()) if c.isFile()]
        else:
            out.append(st.getPath().toString())
    return out


def describe_input(info, tag, arguments, codebook, sizes, names, encoding):
    """A partial's input entry named as the user's file: its path as given,
    and the size and SHA-256 of the whole original file (the rows stay the
    shard's; impact merge adds up the rows of entries that are alike)."""
    if tag == "codebook":
        info["path"] = codebook
        return
    files = sorted(names[tag])
    info["path"] = arguments[tag][0]
    info["encoding"] = encoding
    if len(files) == 1 and files[0] in sizes:
        info["bytes"], info["sha256"] = sizes[files[0]]
    else:
        info["bytes"] = sum(sizes.get(u, (0, None))[0] for u in files)
        info["sha256"] = None


if __name__ == "__main__":
    main()
