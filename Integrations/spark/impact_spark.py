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

The whole batch job of `impact run` (every survey and the reach section of a
config, with every option the config accepts) runs with --config:

  spark-submit --files impact impact_spark.py --config impact.yaml \\
      --impact impact --out results/

Each analysis's CSV inputs are sharded by their id (respondent id; volunteer
id for the hour log and the registry; beneficiary id), each executor runs
`impact run --config <its shard's config> --emit-partials DIR`, and the
driver runs `impact run --config impact.yaml --from-partials DIR`, which
merges every analysis and writes the summaries, report, notebook and
manifest `impact run` writes. An analysis whose inputs cannot be split by
rows — workbooks (.xlsx), `id_match: normalized`, `encoding`, `header_row`,
`first_data_row` or `sheet` — is read whole by one executor (the files must
be readable there). Paths in the config are relative to it, as for `impact run`.

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
        candidates = key_column if isinstance(key_column, list) else [key_column]
        lowered = [h.split("/")[-1].lower() for h in header]
        k = next((lowered.index(c.lower()) for c in candidates if c.lower() in lowered), None)
        if k is None:
            raise ValueError(f"{uri}: no column {' or '.join(candidates[:4])} (header: {', '.join(header)})")
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
    p.add_argument("--job", choices=["literacy", "reach"])
    p.add_argument("--config", help="run the whole batch job of `impact run --config` (every survey and reach)")
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
    if args.config:
        return run_config(args)
    if not args.job:
        sys.exit("impact_spark: give --job literacy, --job reach or --config impact.yaml")

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


# Id columns tried when the config names none (as impact detects them).
RESPONDENT_IDS = ["respondent_id", "respondent", "id", "participant_id", "participant", "person_id", "uid",
                  "user_id", "编号", "受访者编号", "用户编号", "id号"]
VOLUNTEER_IDS = ["volunteer_id", "volunteer", "志愿者编号", "志愿者id", "志愿者ID", "volunteerid"]
BENEFICIARY_IDS = ["beneficiary_id", "person_id", "participant_id", "受益人编号", "id"]
# Options under which rows cannot be split into CSV shards.
WHOLE_FILE_OPTIONS = ("id_match", "encoding", "header_row", "first_data_row", "sheet", "decimal")


def config_analyses(cfg, base):
    """Every analysis of a config: (name, section, {tag: (absolute path, id
    columns)}, sharded). Names are those of `--emit-partials`."""
    def absolute(p):
        return p if os.path.isabs(p) else os.path.normpath(os.path.join(base, p))

    everywhere = [k for k in WHOLE_FILE_OPTIONS if k in cfg and k != "id_match"]

    out = []
    for i, s in enumerate(cfg.get("surveys") or [], start=1):
        ids = [s["id"]] if s.get("id") else RESPONDENT_IDS
        files = {t: (absolute(s[t]), ids) for t in ("pre", "post", "survey") if s.get(t)}
        whole = everywhere or any(not p.lower().endswith(".csv") for p, _ in files.values()) or any(
            k in s and not (k == "id_match" and s[k] == "exact") for k in WHOLE_FILE_OPTIONS)
        out.append((f"survey-{i}", s, files, not whole))
    r = cfg.get("reach")
    if r:
        cols = r.get("columns") or {}
        vol = [cols["volunteer"]] if cols.get("volunteer") else VOLUNTEER_IDS
        ben = [cols["beneficiary_id"]] if cols.get("beneficiary_id") else BENEFICIARY_IDS
        files = {"hours": (absolute(r["hours"]), vol)}
        if r.get("registry"):
            files["registry"] = (absolute(r["registry"]), vol)
        if r.get("beneficiaries"):
            files["beneficiaries"] = (absolute(r["beneficiaries"]), ben)
        whole = everywhere or any(not p.lower().endswith(".csv") for p, _ in files.values()) or any(
            k in r for k in WHOLE_FILE_OPTIONS)
        out.append(("reach", r, files, not whole))
    return out


def absolute_config(cfg, base):
    """The config with every input and codebook path absolute (a shard's
    config is written elsewhere)."""
    cfg = json.loads(json.dumps(cfg, default=str))

    def fix(section, keys):
        for k in keys:
            if section.get(k) and not os.path.isabs(section[k]):
                section[k] = os.path.normpath(os.path.join(base, section[k]))

    for s in cfg.get("surveys") or []:
        fix(s, ("pre", "post", "survey", "codebook"))
    if cfg.get("reach"):
        fix(cfg["reach"], ("hours", "registry", "beneficiaries"))
    cfg["output"] = "unused"
    return cfg


def run_config(args):
    """`--config`: the batch job of `impact run` on Spark (see the module doc)."""
    import yaml  # a JSON config is YAML too

    with open(args.config, encoding="utf-8") as f:
        cfg = yaml.safe_load(f)
    base = os.path.dirname(os.path.abspath(args.config))
    analyses = config_analyses(cfg, base)
    full = absolute_config(cfg, base)
    spark = SparkSession.builder.appName("impact run").getOrCreate()
    sc = spark.sparkContext
    n = args.partitions or max(2, 2 * sc.defaultParallelism)
    driver_impact = local_file(args.impact, executable=True)
    infos = sc.accumulator({}, FileInfos())
    encoding = codecs.lookup(args.encoding).name
    inputs = []
    for name, _, files, sharded in analyses:
        if sharded:
            for tag, (path, ids) in files.items():
                inputs.append(read_input(sc, path, ids, f"{name}|{tag}", n, encoding, infos))
    # Shard 0 also runs the analyses that are read whole.
    marker = sc.parallelize([(0, ("whole", None, None, 0, None))])
    rows = sc.union(inputs + [marker]).partitionBy(n, lambda shard: shard)
    impact = args.impact
    sections = {name: (section, sharded) for name, section, _, sharded in analyses}
    order = [name for name, _, _, _ in analyses]

    def run_shard(index, items):
        headers, buckets, whole = {}, {}, False
        for _, (what, tag, uri, line, fields) in items:
            if what == "whole":
                whole = True
            elif what == "header":
                headers.setdefault(tag, {})[uri] = fields
            else:
                buckets.setdefault(tag, []).append((uri, line, fields))
        work = tempfile.mkdtemp(prefix=f"impact-run-shard-{index}-")
        try:
            paths, tag_of_path, originals = {}, {}, {}
            for tag in headers:
                distinct = {tuple(h) for h in headers[tag].values()}
                if len(distinct) > 1:
                    raise ValueError(f"the files of {tag} have different headers: {sorted(headers[tag])}")
                header = list(distinct.pop())
                path = os.path.join(work, tag.replace("|", "-") + ".csv")
                paths[tag], tag_of_path[path], originals[tag] = path, tag, {}
                with open(path, "w", newline="", encoding="utf-8") as f:
                    text = io.StringIO()
                    w = csv.writer(text, lineterminator="\n")
                    w.writerow(header)
                    shard_line = 1 + text.getvalue().count("\n")
                    f.write(text.getvalue())
                    for uri, line, fields in sorted(buckets.get(tag, []), key=lambda r: (r[0], r[1])):
                        text.seek(0)
                        text.truncate()
                        w.writerow(fields)
                        originals[tag][shard_line] = (uri, line)
                        shard_line += text.getvalue().count("\n")
                        f.write(text.getvalue())
            shard_cfg = json.loads(json.dumps(full))
            surveys, names = [], []
            for i, name in enumerate(order):
                section, sharded = sections[name]
                mine = [t for t in paths if t.startswith(name + "|")]
                if sharded and not any(buckets.get(t) for t in mine):
                    continue
                if not sharded and not whole:
                    continue
                target = shard_cfg["reach"] if name == "reach" else full["surveys"][int(name.split("-")[1]) - 1]
                target = json.loads(json.dumps(target))
                for t in mine:
                    target[t.split("|")[1]] = paths[t]
                if name == "reach":
                    shard_cfg["reach"] = target
                else:
                    surveys.append(target)
                    names.append(name)
            shard_cfg["surveys"] = surveys
            if "reach" in sections:
                sharded = sections["reach"][1]
                has_rows = any(buckets.get(t) for t in paths if t.startswith("reach|"))
                if not ((sharded and has_rows) or (not sharded and whole)):
                    shard_cfg.pop("reach", None)
            if not surveys and "reach" not in shard_cfg:
                return
            config_path = os.path.join(work, "config.json")
            with open(config_path, "w", encoding="utf-8") as f:
                json.dump(shard_cfg, f, ensure_ascii=False)
            out = os.path.join(work, "partials")
            exe = local_file(impact, executable=True)
            done = subprocess.run([exe, "run", "--config", config_path, "--emit-partials", out, "--quiet"],
                                  capture_output=True)
            if done.returncode != 0:
                raise RuntimeError(f"impact failed on shard {index}: {done.stderr.decode('utf-8', 'replace')}")
            emitted = [(f"survey-{j + 1}.json", name) for j, name in enumerate(names)]
            if "reach" in shard_cfg:
                emitted.append(("reach.json", "reach"))
            for file, name in emitted:
                with open(os.path.join(out, file), encoding="utf-8") as f:
                    text = f.read()
                # Examples name the files the user gave, with their lines.
                short = {p: t.split("|")[1] for p, t in tag_of_path.items() if t.startswith(name + "|")}
                lines = {t.split("|")[1]: m for t, m in originals.items() if t.startswith(name + "|")}
                yield name, index, rename_partial(text, short, lines, uri_names.value)
        finally:
            shutil.rmtree(work, ignore_errors=True)

    # Files are named as `impact run` names them: relative to the config's
    # folder as given (datasets/example/x.csv), not as absolute paths.
    shown = os.path.dirname(args.config)

    def as_run_names(path):
        rel = os.path.relpath(path, base) if path.startswith(base + os.sep) else None
        return os.path.normpath(os.path.join(shown, rel)) if rel is not None else path

    names = {}
    for name, _, files, sharded in analyses:
        if sharded:
            for tag, (path, _) in files.items():
                names[f"{name}|{tag}"] = {u: as_run_names(nm) for u, nm in file_names(sc, path).items()}
    uri_names = sc.broadcast({uri: nm for per_tag in names.values() for uri, nm in per_tag.items()})
    partials = rows.mapPartitionsWithIndex(run_shard).collect()
    sizes = dict(infos.value)
    spark.stop()

    folder = args.partials_dir or tempfile.mkdtemp(prefix="impact-run-partials-")
    os.makedirs(folder, exist_ok=True)
    for name, index, text in partials:
        doc = json.loads(text)
        files = dict(next(f for nm, _, f, _ in analyses if nm == name))
        for info in doc["state"]["inputs"]:
            if info["path"].startswith("@"):
                tag = info["path"][1:]
                if tag == "codebook":
                    info["path"] = full["surveys"][int(name.split("-")[1]) - 1]["codebook"]
                    continue
                arguments = {tag: (as_run_names(files[tag][0]), None)}
                describe_input(info, tag, arguments, None, sizes, {tag: names[f"{name}|{tag}"]}, encoding)
        with open(os.path.join(folder, f"{name}-{index:05d}.json"), "w", encoding="utf-8") as f:
            json.dump(doc, f, ensure_ascii=False, sort_keys=True)
    run = [driver_impact, "run", "--config", args.config, "--from-partials", folder, "--out", args.out]
    done = subprocess.run(run + (["--deterministic"] if args.deterministic else []) + ["--quiet"])
    if done.returncode != 0:
        sys.exit(done.returncode)
    print(f"impact_spark: ran {len(analyses)} analyses of {args.config} in {n} shards into {args.out}")


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
