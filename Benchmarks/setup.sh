#!/usr/bin/env bash
# Installs what `python3 Benchmarks/bench.py` needs besides impact itself:
#   - Benchmarks/.venv with the pinned Python peers (Benchmarks/requirements.txt),
#   - R with data.table (Debian packages r-base-core, r-cran-data.table),
#   - GNU time (/usr/bin/time, Debian package time).
# Idempotent: when everything is already there it only checks, in a second or two.
# As root it apt-get installs what is missing; otherwise it prints the command to run.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
venv="$here/.venv"
requirements="$here/requirements.txt"
python="${PYTHON:-python3}"
missing_apt=()

# --- Python peers -----------------------------------------------------------
venv_matches_pins() {
  [ -x "$venv/bin/python" ] || return 1
  "$venv/bin/python" - "$requirements" <<'PY'
import importlib.metadata as md, sys
for line in open(sys.argv[1]):
    line = line.split("#")[0].strip()
    if not line:
        continue
    name, _, version = line.partition("==")
    try:
        installed = md.version(name)
    except md.PackageNotFoundError:
        sys.exit(1)
    if version and installed != version:
        sys.exit(1)
PY
}

if venv_matches_pins; then
  echo "setup: Benchmarks/.venv already has the pinned packages"
else
  if [ ! -x "$venv/bin/python" ]; then
    echo "setup: creating Benchmarks/.venv with $("$python" --version 2>&1)"
    "$python" -m venv "$venv"
  fi
  echo "setup: pip-installing the pinned peers into Benchmarks/.venv (a minute or two)"
  "$venv/bin/python" -m pip install --disable-pip-version-check --quiet -r "$requirements"
  venv_matches_pins || { echo "setup: Benchmarks/.venv does not match $requirements after pip install" >&2; exit 1; }
fi

# --- R + data.table, GNU time ------------------------------------------------
if ! { command -v Rscript >/dev/null 2>&1 &&
       Rscript -e 'suppressPackageStartupMessages(library(data.table))' >/dev/null 2>&1; }; then
  missing_apt+=(r-base-core r-cran-data.table)
fi
if [ ! -x /usr/bin/time ] || ! /usr/bin/time -v true >/dev/null 2>&1; then
  missing_apt+=(time)
fi

if [ ${#missing_apt[@]} -eq 0 ]; then
  echo "setup: R with data.table and GNU time are installed"
elif [ "$(id -u)" = 0 ]; then
  echo "setup: apt-get installing ${missing_apt[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -q --no-install-recommends "${missing_apt[@]}"
else
  echo "setup: missing Debian packages; run as root:" >&2
  echo "  apt-get install -y ${missing_apt[*]}" >&2
  echo "setup: (or leave r out with --tools impact,pandas,polars,duckdb if only R is missing)" >&2
fi
