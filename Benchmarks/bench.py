#!/usr/bin/env python3
"""Benchmark impact against pandas, Polars, DuckDB and R (data.table) on large synthetic inputs.

    python3 Benchmarks/bench.py [--runs 3] [--skip-setup] [--tools impact,pandas,polars,duckdb,r]
                                [--jobs literacy,reach] [--data DIR] [--impact PATH] [--no-inspect]

1. Setup: Benchmarks/setup.sh (venv with pinned peers, R + data.table, GNU time), unless --skip-setup.
2. Inputs: `impact synth --seed 7 --respondents 1000000 --records 10000000` into --data, once.
3. Correctness: every tool runs every job once (this run is also the warm-up) and must agree with
   impact to a relative error of 1e-9 (counts exactly). The literacy job is also checked on a
   sample of about 500 respondents, where p-values do not underflow to 0. A disagreement is a failure:
   it is printed, the tool/job gets no timing, and the script exits 1.
4. Timing: --runs rounds, alternating tools inside each round; every run under GNU `time -v`.
   `wc -l` over the same inputs is timed as the floor for merely reading them.
   Each round also times `impact inspect` (--profile full and none) on the baseline wave and the hour log
   (unless --no-inspect).
5. Prints the table and issue 18's targets (met / not met) and writes Benchmarks/results.md. Logs of every run: Benchmarks/logs/latest/;
   logs of failed runs are also kept in Benchmarks/logs/failed/.

Python standard library only (the peers run in Benchmarks/.venv, which setup.sh creates).
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import math
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
import zlib
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
PEERS = BENCH / "peers"
VENV_PYTHON = BENCH / ".venv" / "bin" / "python"
LOGS = BENCH / "logs"
GNU_TIME = "/usr/bin/time"

ALL_TOOLS = ["impact", "pandas", "polars", "duckdb", "r"]
ALL_JOBS = ["literacy", "reach"]
FLOOR = "wc -l"  # pseudo-tool: reading the inputs and nothing else

SYNTH_ARGS = ["--seed", "7", "--respondents", "1000000", "--records", "10000000"]
INPUTS = {
    "pre": "synthetic_survey_baseline.csv",
    "post": "synthetic_survey_endline.csv",
    "codebook": "synthetic_codebook.yaml",
    "hours": "synthetic_hours.csv",
    "beneficiaries": "synthetic_beneficiaries.csv",
}
JOB_INPUTS = {"literacy": ["pre", "post"], "reach": ["hours", "beneficiaries"]}
AS_OF = "2025-01-01"
SAMPLE_TARGET = 500  # literacy sample check: about this many respondents, chosen by crc32(id)
SAMPLE_MIN_ROWS = 5000  # smaller surveys are not sampled (their p-values do not underflow anyway)

REL_TOL = 1e-9
TINY = 1e-300  # |expected| below this: compare absolutely, |actual - expected| <= TINY
COUNT_FIELDS = {"volunteers_active", "beneficiaries_unique"}
LITERACY_FIELDS = ["mean_pre", "mean_post", "mean_diff", "p_value", "wilcoxon_p"]
REACH_FIELDS = [
    "volunteers_active",
    "hours_total",
    "hours_per_volunteer_mean",
    "hours_per_volunteer_median",
    "beneficiaries_unique",
]


def say(message: str = "") -> None:
    print(message, flush=True)


# --------------------------------------------------------------------------- command lines


def tool_command(tool: str, job: str, files: dict[str, Path], out: Path, impact: Path) -> list[str]:
    """The command that runs `job` in `tool` on `files`, writing into `out` (a folder for impact, a JSON file otherwise)."""
    if tool == "impact":
        if job == "literacy":
            return [str(impact), "literacy", "--pre", str(files["pre"]), "--post", str(files["post"]),
                    "--codebook", str(files["codebook"]), "--out", str(out), "--format", "json", "--quiet"]
        return [str(impact), "reach", "--hours", str(files["hours"]), "--beneficiaries", str(files["beneficiaries"]),
                "--as-of", AS_OF, "--out", str(out), "--format", "csv", "--quiet"]
    a, b = (files[key] for key in JOB_INPUTS[job])
    if tool == "r":
        return [shutil.which("Rscript") or "Rscript", str(PEERS / f"{job}_r.R"), str(a), str(b), str(out)]
    return [str(VENV_PYTHON), str(PEERS / f"{job}_{tool}.py"), str(a), str(b), str(out)]


def tool_missing(tool: str) -> str | None:
    """Why `tool` cannot run here, or None."""
    if tool == "r":
        if not shutil.which("Rscript"):
            return "Rscript not found (run Benchmarks/setup.sh as root, or apt-get install -y r-base-core r-cran-data.table)"
    elif tool != "impact" and not VENV_PYTHON.exists():
        return f"{VENV_PYTHON} not found (run Benchmarks/setup.sh)"
    return None


# --------------------------------------------------------------------------- running under GNU time


class Run:
    def __init__(self, rc: int, wall: float, rss_kb: int, log: Path, cpu: float = 0.0):
        self.rc, self.wall, self.rss_kb, self.log, self.cpu = rc, wall, rss_kb, log, cpu


def parse_elapsed(text: str) -> float:
    seconds = 0.0
    for part in text.strip().split(":"):
        seconds = seconds * 60 + float(part)
    return seconds


def timed(cmd: list[str], log: Path) -> Run:
    """Runs `cmd` under `/usr/bin/time -v`; its output and the time report go to `log`."""
    log.parent.mkdir(parents=True, exist_ok=True)
    time_file = log.with_suffix(".time")
    start = time.perf_counter()
    with open(log, "w") as out:
        out.write("$ " + " ".join(cmd) + "\n")
        out.flush()
        rc = subprocess.run([GNU_TIME, "-v", "-o", str(time_file), *cmd], stdout=out, stderr=subprocess.STDOUT,
                            stdin=subprocess.DEVNULL).returncode
    fallback_wall = time.perf_counter() - start
    report = time_file.read_text() if time_file.exists() else ""
    with open(log, "a") as out:
        out.write("\n--- /usr/bin/time -v ---\n" + report)
    time_file.unlink(missing_ok=True)
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", report)
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", report)
    exit_status = re.search(r"Exit status: (\d+)", report)
    if exit_status:
        rc = int(exit_status.group(1)) if rc == 0 else rc
    cpu = sum(float(m.group(1)) for m in re.finditer(r"(?:User|System) time \(seconds\): ([\d.]+)", report))
    return Run(rc, parse_elapsed(wall.group(1)) if wall else fallback_wall, int(rss.group(1)) if rss else 0, log,
               cpu)


def display(path: Path) -> str:
    """`path` relative to the repository when inside it."""
    try:
        return str(path.relative_to(REPO))
    except ValueError:
        return str(path)


def keep_failed_log(log: Path, stamp: str) -> Path:
    failed = LOGS / "failed"
    failed.mkdir(parents=True, exist_ok=True)
    kept = failed / f"{stamp}_{log.name}"
    shutil.copyfile(log, kept)
    return kept


# --------------------------------------------------------------------------- results in the common format


def impact_result(job: str, out: Path) -> dict:
    if job == "literacy":
        summary = json.loads((out / "literacy_summary.json").read_text())
        result = {row["indicator"]: {f: row[f] for f in LITERACY_FIELDS} for row in summary["indicators"]}
        result["alpha_pre"] = summary["reliability"]["cronbach_alpha_pre"]
        result["alpha_post"] = summary["reliability"]["cronbach_alpha_post"]
        return result
    result = {}
    with open(out / "reach_by_period.csv", newline="") as f:
        for row in csv.DictReader(f):
            result[row["period"]] = {
                field: (int(row[field]) if field in COUNT_FIELDS else float(row[field])) for field in REACH_FIELDS
            }
    return result


def peer_result(job: str, out: Path) -> dict:
    return json.loads(out.read_text())[job]


def as_number(value):
    return float("nan") if value is None else value


def compare(expected: dict, actual: dict, prefix: str = "") -> list[str]:
    """Every disagreement between two results in the common format, as readable lines."""
    problems = []
    for key in expected.keys() - actual.keys():
        problems.append(f"{prefix}{key}: missing (impact: {expected[key]!r})")
    for key in actual.keys() - expected.keys():
        problems.append(f"{prefix}{key}: not in impact's result (tool: {actual[key]!r})")
    for key in sorted(expected.keys() & actual.keys()):
        e, a = expected[key], actual[key]
        name = f"{prefix}{key}"
        if isinstance(e, dict):
            if isinstance(a, dict):
                problems += compare(e, a, name + ".")
            else:
                problems.append(f"{name}: expected an object, got {a!r}")
            continue
        if key in COUNT_FIELDS:
            if not (isinstance(a, (int, float)) and float(a).is_integer() and int(a) == e):
                problems.append(f"{name}: impact {e}, tool {a!r} (counts must be equal)")
            continue
        if not isinstance(a, (int, float)) and a is not None:
            problems.append(f"{name}: impact {e!r}, tool {a!r} (not a number)")
            continue
        e, a = as_number(e), as_number(a)
        if math.isnan(e) or math.isnan(a):
            ok = math.isnan(e) and math.isnan(a)
            detail = "NaN/null on one side"
        elif abs(e) < TINY:
            ok = abs(a - e) <= TINY
            detail = f"|difference| {abs(a - e):.3g} > {TINY:g}"
        else:
            rel = abs(a - e) / abs(e)
            ok = rel <= REL_TOL
            detail = f"relative error {rel:.3g} > {REL_TOL:g}"
        if not ok:
            problems.append(f"{name}: impact {e!r}, tool {a!r} ({detail})")
    return problems


# --------------------------------------------------------------------------- setup and inputs


def ensure_impact(path: Path) -> None:
    if path.is_file() and os.access(path, os.X_OK):
        return
    say(f"error: impact binary not found at {path}.")
    say("  Build it first: swift build -c release --product impact   (or: make build)")
    sys.exit(2)


def ensure_inputs(impact: Path, data: Path) -> dict[str, Path]:
    files = {key: data / name for key, name in INPUTS.items()}
    if all(f.exists() for f in files.values()):
        say(f"inputs: {data} (already generated)")
        return files
    staging = data / ".synth-tmp"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    cmd = [str(impact), "synth", *SYNTH_ARGS, "--out", str(staging)]
    say(f"inputs: generating into {data} (about a minute, ~1 GB): {' '.join(cmd)}")
    done = subprocess.run(cmd, stdout=subprocess.DEVNULL)
    if done.returncode != 0:
        say(f"error: impact synth failed with exit code {done.returncode}")
        sys.exit(1)
    for name in INPUTS.values():  # move into place only once every file is complete
        os.replace(staging / name, data / name)
    shutil.rmtree(staging, ignore_errors=True)
    return files


def ensure_sample(files: dict[str, Path], data: Path) -> tuple[dict[str, Path], int] | None:
    """About SAMPLE_TARGET respondents of both survey waves (the same ids in both), and the sampling step.

    At full size the p-values underflow to 0, which makes their comparison vacuous; in the sample
    they are ordinary numbers (every indicator keeps well over 50 non-zero differences, so all tools
    use the normal approximation). None when the survey is too small to need it.
    """
    with open(files["pre"], "rb") as f:
        rows = sum(1 for _ in f) - 1
    if rows < SAMPLE_MIN_ROWS:
        return None
    every = rows // SAMPLE_TARGET
    folder = data / f"sample-1-in-{every}"
    sample = dict(files)
    sample["pre"], sample["post"] = folder / INPUTS["pre"], folder / INPUTS["post"]
    newest_input = max(files["pre"].stat().st_mtime, files["post"].stat().st_mtime)
    if all(sample[k].exists() and sample[k].stat().st_mtime >= newest_input for k in ("pre", "post")):
        return sample, every
    folder.mkdir(parents=True, exist_ok=True)
    for key in ("pre", "post"):
        with open(files[key], newline="", encoding="utf-8") as src, \
             open(sample[key].with_suffix(".tmp"), "w", newline="", encoding="utf-8") as dst:
            reader, writer = csv.reader(src), csv.writer(dst, lineterminator="\n")
            writer.writerow(next(reader))
            writer.writerows(r for r in reader if zlib.crc32(r[0].encode()) % every == 0)
        os.replace(sample[key].with_suffix(".tmp"), sample[key])
    return sample, every


# --------------------------------------------------------------------------- machine and versions


def machine_info() -> dict[str, str]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = "unknown"
    try:
        kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
        ram = f"{kb / 1024 / 1024:.1f} GiB"
    except (OSError, AttributeError):
        pass
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    return {"nproc": str(os.cpu_count()), "cpu": cpu, "ram": ram, "kernel": platform.release(), "load": load}


def capture(cmd: list[str]) -> str:
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
        return (done.stdout + done.stderr).strip()
    except (OSError, subprocess.TimeoutExpired) as error:
        return f"unavailable ({error})"


def versions(tools: list[str], impact: Path) -> list[tuple[str, str]]:
    out = [("impact", capture([str(impact), "--version"]))]
    if any(t in tools for t in ("pandas", "polars", "duckdb")) and VENV_PYTHON.exists():
        script = ("import sys, numpy, pandas, scipy, polars, duckdb; "
                  "print(sys.version.split()[0], numpy.__version__, pandas.__version__, scipy.__version__, "
                  "polars.__version__, duckdb.__version__)")
        found = capture([str(VENV_PYTHON), "-c", script]).split()
        if len(found) == 6:
            out += list(zip(["Python (peers)", "NumPy", "pandas", "SciPy", "Polars", "DuckDB"], found))
    if "r" in tools and shutil.which("Rscript"):
        script = ('suppressPackageStartupMessages(library(data.table)); '
                  'cat(R.version$major, ".", R.version$minor, " ", format(packageVersion("data.table")), sep = "")')
        found = capture(["Rscript", "-e", script]).split()
        if len(found) == 2:
            out += [("R", found[0]), ("data.table", found[1])]
    gnu_time = capture(["dpkg-query", "-W", "-f=${Version}", "time"])
    out.append(("GNU time", gnu_time if re.fullmatch(r"[\w.:+~-]+", gnu_time) else capture([GNU_TIME, "--version"]).splitlines()[0]))
    out.append(("wc", capture(["wc", "--version"]).splitlines()[0]))
    return out


# --------------------------------------------------------------------------- main


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--runs", type=int, default=3, help="timed rounds (default 3)")
    p.add_argument("--skip-setup", action="store_true", help="do not run Benchmarks/setup.sh")
    p.add_argument("--tools", default=",".join(ALL_TOOLS), help="comma-separated subset of " + ",".join(ALL_TOOLS))
    p.add_argument("--jobs", default=",".join(ALL_JOBS), help="comma-separated subset of " + ",".join(ALL_JOBS))
    p.add_argument("--data", default=str(BENCH / "data"), help="input folder (default Benchmarks/data)")
    p.add_argument("--no-inspect", dest="inspect", action="store_false",
                   help="do not time `impact inspect` on the survey wave and the hour log")
    p.add_argument("--impact", default=str(REPO / ".build" / "release" / "impact"),
                   help="impact binary (default .build/release/impact in the repo)")
    args = p.parse_args()
    args.tools = [t.strip() for t in args.tools.split(",") if t.strip()]
    args.jobs = [j.strip() for j in args.jobs.split(",") if j.strip()]
    for name, chosen, allowed in (("tool", args.tools, ALL_TOOLS), ("job", args.jobs, ALL_JOBS)):
        unknown = [x for x in chosen if x not in allowed]
        if unknown or not chosen:
            p.error(f"unknown or no {name}(s): {', '.join(unknown)}; choose from {', '.join(allowed)}")
    if "impact" not in args.tools:  # impact is the reference every peer is checked against
        args.tools.insert(0, "impact")
    if args.runs < 1:
        p.error("--runs must be at least 1")
    return args


# Issue 18's targets: end to end, at least 3x faster than the fastest of Polars and DuckDB, with peak RSS
# below the smallest of theirs; `impact inspect` reads numeric CSV at >= 1 GB/s per core.
SPEED_TARGET = 3.0
INSPECT_TARGET_GBPS = 1.0
TARGET_PEERS = ["polars", "duckdb"]
INSPECT_INPUTS = ["pre", "hours"]  # the numeric survey wave and the hour log


def issue_table(walls, rss, args):
    """The table of issue 18 (impact, Polars, DuckDB, ratio, RSS) and, per job, the met / not met lines."""
    rows = [["job", "impact", "Polars", "DuckDB", "ratio to the fastest peer", "peak RSS impact / smallest peer"]]
    verdicts = []
    for job in args.jobs:
        mine = walls.get(("impact", job))
        peers = {t: statistics.median(walls[(t, job)]) for t in TARGET_PEERS if (t, job) in walls}
        cell = {t: f"{peers[t]:.2f} s" if t in peers else "—" for t in TARGET_PEERS}
        if not mine:
            rows.append([job, "—", cell["polars"], cell["duckdb"], "", ""])
            verdicts.append(f"- {job}: impact has no successful run: **not met**")
            continue
        median = statistics.median(mine)
        ratio = memory = ""
        if peers:
            fastest = min(peers, key=peers.get)
            speedup = peers[fastest] / median
            ratio = f"{speedup:.2f}×" + (" (slower)" if speedup < 1 else "")
            verdicts.append(f"- {job} speed: impact {median:.2f} s, fastest peer {fastest} {peers[fastest]:.2f} s → "
                            f"{speedup:.2f}× (target ≥ {SPEED_TARGET:.0f}×): "
                            f"**{'met' if speedup >= SPEED_TARGET else 'not met'}**")
        else:
            verdicts.append(f"- {job} speed: no Polars or DuckDB run to compare with: **not met**")
        with_rss = [t for t in TARGET_PEERS if (t, job) in rss]
        if with_rss and ("impact", job) in rss:
            smallest = min(with_rss, key=lambda t: rss[(t, job)])
            mib, bound = rss[("impact", job)] / 1024, rss[(smallest, job)] / 1024
            memory = f"{mib:.0f} / {bound:.0f} MiB"
            verdicts.append(f"- {job} memory: impact {mib:.0f} MiB, smallest peer {smallest} {bound:.0f} MiB "
                            f"(target: below it): **{'met' if mib < bound else 'not met'}**")
        rows.append([job, f"{median:.2f} s", cell["polars"], cell["duckdb"], ratio, memory])
    return rows, verdicts


def inspect_lines(inspect_runs, files):
    """Per inspected file: median wall time, GB/s, and GB/s per core (bytes / CPU seconds) against the target."""
    out = []
    for (key, profile), runs in inspect_runs.items():
        size = files[key].stat().st_size
        wall = statistics.median(r.wall for r in runs)
        cpu = statistics.median(r.cpu for r in runs)
        per_core = size / cpu / 1e9 if cpu > 0 else float("nan")
        met = per_core >= INSPECT_TARGET_GBPS
        out.append(f"- `impact inspect --profile {profile}` {files[key].name} ({size / 1e6:.0f} MB): {wall:.2f} s wall "
                   f"({size / wall / 1e9:.2f} GB/s), {cpu:.2f} s CPU → {per_core:.2f} GB/s per core "
                   f"(target ≥ {INSPECT_TARGET_GBPS:g} GB/s per core): **{'met' if met else 'not met'}**")
    return out


def markdown_table(rows, numeric=frozenset()):
    widths = [max(len(str(r[i])) for r in rows) for i in range(len(rows[0]))]

    def line(cells):
        return "| " + " | ".join(str(c).rjust(widths[i]) if i in numeric else str(c).ljust(widths[i])
                                 for i, c in enumerate(cells)) + " |"

    separator = "|" + "|".join(("-" * (w + 1) + ":") if i in numeric else ("-" * (w + 2))
                               for i, w in enumerate(widths)) + "|"
    return "\n".join([line(rows[0]), separator, *(line(r) for r in rows[1:])])


def targets_section(walls, rss, args, files, inspect_runs):
    """Lines for results.md (and the terminal): issue 18's table and, per target, met / not met."""
    rows, verdicts = issue_table(walls, rss, args)
    out = ["## Targets (issue 18)", "", markdown_table(rows, numeric={1, 2, 3, 4, 5}), ""]
    out += verdicts + inspect_lines(inspect_runs, files)
    out += ["", "Why the unmet targets are unmet and what would close the gap: README, section Performance.", ""]
    return out


def main() -> int:
    args = parse_args()
    load_at_start = " ".join(f"{x:.2f}" for x in os.getloadavg())
    impact = Path(args.impact).resolve()
    data = Path(args.data).resolve()
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    latest = LOGS / "latest"
    shutil.rmtree(latest, ignore_errors=True)
    latest.mkdir(parents=True)
    outputs = latest / "out"

    if not args.skip_setup:
        say("setup: bash Benchmarks/setup.sh")
        if subprocess.run(["bash", str(BENCH / "setup.sh")]).returncode != 0:
            say("error: Benchmarks/setup.sh failed")
            return 1
    if not (os.path.isfile(GNU_TIME) and os.access(GNU_TIME, os.X_OK)):
        say(f"error: GNU time ({GNU_TIME}) is missing: apt-get install -y time")
        return 1
    ensure_impact(impact)
    data.mkdir(parents=True, exist_ok=True)
    files = ensure_inputs(impact, data)

    failures: dict[tuple[str, str], str] = {}  # (tool, job) -> why

    def fail(tool: str, job: str, why: str, run: Run | None = None) -> None:
        if run is not None:
            why += f" (log: {display(keep_failed_log(run.log, stamp))})"
        failures.setdefault((tool, job), why)
        say(f"  FAIL {tool} {job}: {why}")

    for tool in args.tools:
        why = tool_missing(tool)
        if why:
            for job in args.jobs:
                fail(tool, job, why)

    def run_once(tool: str, job: str, tag: str, inputs: dict[str, Path]) -> tuple[Run, dict | None]:
        out = outputs / f"{tool}_{job}_{tag}" / ("" if tool == "impact" else "result.json")
        target = out if tool == "impact" else out.parent
        shutil.rmtree(target, ignore_errors=True)
        target.mkdir(parents=True)
        run = timed(tool_command(tool, job, inputs, out, impact), latest / f"{tool}_{job}_{tag}.log")
        if run.rc != 0:
            return run, None
        try:
            return run, (impact_result(job, out) if tool == "impact" else peer_result(job, out))
        except (OSError, ValueError, KeyError, TypeError) as error:
            with open(run.log, "a") as f:
                f.write(f"\nresult unreadable: {error!r}\n")
            run.rc = -1
            return run, None

    # ---- correctness (this run also warms the page cache and each tool up)
    say("\ncorrectness: each tool once per job, checked against impact "
        f"(relative error <= {REL_TOL:g}, counts exact)")
    checks = [(job, files, job) for job in args.jobs]
    sampled = ensure_sample(files, data) if "literacy" in args.jobs else None
    if sampled:
        checks.append(("literacy", sampled[0], f"literacy (1-in-{sampled[1]} respondent sample)"))
    for job, inputs, label in checks:
        tag = "check" if label == job else "sample"
        run, reference = run_once("impact", job, tag, inputs)
        if reference is None:
            fail("impact", job, f"impact failed on {label} (exit {run.rc})", run)
            continue
        say(f"  impact  {label}: {run.wall:.2f} s, reference taken")
        for tool in args.tools:
            if tool == "impact" or (tool, job) in failures:
                continue
            run, result = run_once(tool, job, tag, inputs)
            if result is None:
                fail(tool, job, f"exit {run.rc} on {label}", run)
                continue
            problems = compare(reference, result)
            if problems:
                detail = "\n      ".join(problems[:40] + ([f"... {len(problems) - 40} more"] if len(problems) > 40 else []))
                with open(run.log, "a") as f:
                    f.write("\nDISAGREES WITH IMPACT:\n" + "\n".join(problems) + "\n")
                fail(tool, job, f"{len(problems)} number(s) disagree with impact on {label}:\n      {detail}", run)
            else:
                n = sum(len(v) if isinstance(v, dict) else 1 for v in reference.values())
                say(f"  {tool:<7} {label}: {run.wall:.2f} s, all {n} numbers agree")

    # ---- timing
    say(f"\ntiming: {args.runs} round(s), tools alternating within each round")
    walls: dict[tuple[str, str], list[float]] = {}
    rss: dict[tuple[str, str], int] = {}
    inspect_runs: dict[tuple[str, str], list[Run]] = {}
    floor_cmds = {job: ["wc", "-l", *(str(files[k]) for k in JOB_INPUTS[job])] for job in args.jobs}
    for round_no in range(1, args.runs + 1):
        for job in args.jobs:
            if ("impact", job) in failures:
                continue
            for tool in [*args.tools, FLOOR]:
                if (tool, job) in failures:
                    continue
                tag = f"run{round_no}"
                if tool == FLOOR:
                    run = timed(floor_cmds[job], latest / f"wc_{job}_{tag}.log")
                    ok = run.rc == 0
                else:
                    run, result = run_once(tool, job, tag, files)
                    ok = result is not None
                    if ok and tool != "impact":  # every timed answer is checked again
                        reference = impact_result(job, outputs / f"impact_{job}_check")
                        problems = compare(reference, result)
                        if problems:
                            fail(tool, job, f"timed run {round_no} disagrees with impact: {problems[0]}", run)
                            continue
                if not ok:
                    fail(tool, job, f"timed run {round_no} exited {run.rc}", run)
                    continue
                walls.setdefault((tool, job), []).append(run.wall)
                rss[(tool, job)] = max(rss.get((tool, job), 0), run.rss_kb)
                say(f"  round {round_no} {job:<8} {tool:<7} {run.wall:7.2f} s {run.rss_kb / 1024:8.0f} MiB")
        if args.inspect:
            for key in INSPECT_INPUTS:
                for profile in ("full", "none"):
                    tag = f"{profile}_run{round_no}"
                    run = timed([str(impact), "inspect", "--profile", profile, str(files[key])],
                                latest / f"impact_inspect_{key}_{tag}.log")
                    if run.rc != 0:
                        fail("impact", f"inspect {files[key].name}", f"timed run {round_no} exited {run.rc}", run)
                        continue
                    inspect_runs.setdefault((key, profile), []).append(run)
                    say(f"  round {round_no} inspect --profile {profile:<4} {files[key].name:<30} {run.wall:7.2f} s "
                        f"{run.cpu:7.2f} s CPU")

    # ---- table
    header = ["tool", "job", "median wall s", "peak RSS MiB", "ratio to impact", "runs (wall s)"]
    rows = []
    for job in args.jobs:
        base = walls.get(("impact", job))
        base_median = statistics.median(base) if base else None
        for tool in [*args.tools, FLOOR]:
            key = (tool, job)
            if key in failures:
                reason = failures[key].split("\n")[0].split(" (log: ")[0].rstrip(":")
                rows.append([tool, job, "FAILED", "", "", reason])
            elif key in walls:
                median = statistics.median(walls[key])
                ratio = f"{median / base_median:.2f}" if base_median else ""
                rows.append([tool, job, f"{median:.2f}", f"{rss[key] / 1024:.0f}", ratio,
                             ", ".join(f"{w:.2f}" for w in walls[key])])
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    numeric = {2, 3, 4}

    def line(cells):
        return "| " + " | ".join(str(c).rjust(widths[i]) if i in numeric else str(c).ljust(widths[i])
                                 for i, c in enumerate(cells)) + " |"

    separator = "|" + "|".join(("-" * (w + 1) + ":") if i in numeric else ("-" * (w + 2))
                               for i, w in enumerate(widths)) + "|"
    table = "\n".join([line(header), separator, *(line(r) for r in rows)])
    say("\n" + table)

    # ---- results.md
    info = machine_info()
    info["load_start"] = load_at_start
    sizes = {k: f"{files[k].stat().st_size / 1e6:.0f} MB" for k in ("pre", "post", "hours", "beneficiaries")}
    md = [
        "# impact benchmark results",
        "",
        f"- date: {dt.datetime.now(dt.timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}",
        f"- machine: {info['nproc']} CPUs (nproc), {info['cpu']}, {info['ram']} RAM, Linux {info['kernel']}; "
        f"load average (1, 5, 15 min) at the start {info['load_start']}, at the end {info['load']}",
        f"- inputs: `{display(data)}` (made with `impact synth {' '.join(SYNTH_ARGS)}` when missing) — survey baseline "
        f"{sizes['pre']}, endline {sizes['post']}; hours {sizes['hours']}, beneficiaries {sizes['beneficiaries']}",
        f"- method: one untimed correctness + warm-up run per tool and job, then {args.runs} timed round(s) with the "
        "tools alternating; median wall time and the largest maximum RSS from GNU `time -v`; "
        "ratio = tool median / impact median (below 1 is faster than impact). `wc -l` over the same inputs is the "
        "floor for merely reading them (page cache warm). See Benchmarks/README.md.",
        "- versions: " + "; ".join(f"{name} {version}" for name, version in versions(args.tools, impact)),
        "",
        table,
        "",
    ]
    targets = targets_section(walls, rss, args, files, inspect_runs)
    say("\n" + "\n".join(targets[2:-2]))
    md += targets
    if failures:
        md += ["## Failures", ""]
        md += [f"- {tool} {job}: " + why.replace("\n      ", "\n  - ") for (tool, job), why in failures.items()]
        md.append("")
    (BENCH / "results.md").write_text("\n".join(md))
    say(f"\nwrote {display(BENCH / 'results.md')}; logs in {display(latest)}")
    if failures:
        say(f"FAILED: {len(failures)} tool/job pair(s) did not agree with impact or did not run; "
            f"their logs are in {display(LOGS / 'failed')}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
