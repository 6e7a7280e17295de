#!/usr/bin/env python3
"""Writes reach partials (format_version 2) as the shards of a national-scale
hour log would produce them, without the log: N shards by volunteer id, each
standing for RECORDS service records of VOLUNTEERS volunteers over the years
2012-2024, with a registry and a beneficiary file. Every partial passes
`impact merge`'s validation (the volunteer table agrees with the figures).

  python3 Integrations/scale/make_partials.py --out /tmp/partials --shards 100 \\
      --volunteers 670000 --records 10000000
  /usr/bin/time -v impact merge /tmp/partials/*.json --out /tmp/merged

Defaults: 100 shards of 10M records and 670,000 volunteers each, i.e. 10^9
records and 6.7 x 10^7 volunteers (the national volunteer-service system in
2017: 8.1 x 10^8 hours, 6.7 x 10^7 volunteers). 2,000 teams, 10,000 projects.
Needs numpy.
"""
import argparse
import base64
import json
import os

import numpy as np

YEARS = list(range(2012, 2025))


def packed(a, dtype):
    return base64.b64encode(np.ascontiguousarray(a, dtype=dtype).tobytes()).decode("ascii")


def shard(i, args, teams, projects):
    rng = np.random.default_rng(1000 + i)
    v = args.volunteers
    y = len(YEARS)
    # First year, then each later year active with probability 0.45.
    first = rng.integers(0, y, size=v)
    active = (rng.random((v, y)) < 0.45) & (np.arange(y)[None, :] > first[:, None])
    active[np.arange(v), first] = True
    registered = rng.random(v) < 0.7
    # Hours per active (volunteer, year) in half hours: 1..400 hours.
    halves = rng.integers(2, 801, size=(v, y))
    micro = np.where(active, halves * 500_000, 0).astype(np.int64)
    n_active = active.sum()
    periods = {}
    records_left = args.records
    for j, year in enumerate(YEARS):
        col = active[:, j]
        values, counts = np.unique(micro[col, j], return_counts=True)
        hist = np.empty(2 * len(values), dtype=np.int64)
        hist[0::2] = values
        hist[1::2] = counts
        records = int(args.records * col.sum() // n_active) if j < y - 1 else records_left
        records = max(records, int(col.sum()))
        records_left -= records
        periods[str(year)] = {
            "active": int(col.sum()),
            "activeRegistered": int((col & registered).sum()),
            "beneficiariesServed": int(records * 3),
            "beneficiariesUnique": int(args.beneficiaries // y),
            "microHours": int(micro[col, j].sum()),
            "new": int((first == j).sum()),
            "projects": sorted(rng.choice(projects, size=len(projects) // 2, replace=False).tolist()),
            "records": records,
            "registrations": int(registered.sum() // y),
            "retained": int((col & active[:, j - 1]).sum()) if j > 0 else 0,
            "teams": teams,
            "volunteerHours": hist.tolist(),
        }
    total_micro = int(micro.sum())
    team_share = rng.dirichlet(np.ones(len(teams))) * total_micro
    project_share = rng.dirichlet(np.ones(len(projects))) * total_micro
    overall = {
        "activeNotRegistered": int((~registered).sum()),
        "beneficiaries": args.beneficiaries,
        "grain": "year",
        "periods": periods,
        "projectTotals": {p: {"microHours": int(m), "records": args.records // len(projects)}
                          for p, m in zip(projects, project_share)},
        "registered": int(registered.sum()) + v // 10,
        "registeredEverActive": int(registered.sum()),
        "registeredUndated": 0,
        "registryTeams": teams,
        "teamTotals": {t: {"microHours": int(m), "records": args.records // len(teams)}
                       for t, m in zip(teams, team_share)},
        "volunteers": v,
    }
    hashes = np.unique(rng.integers(0, 2**63, size=v, dtype=np.int64).astype(np.uint64) * 2 + 1)
    while len(hashes) < v:  # (never in practice)
        hashes = np.unique(np.concatenate([hashes, rng.integers(0, 2**63, size=v - len(hashes)).astype(np.uint64)]))
    flags = (1 | np.where(registered, 2, 0) | np.where(active[:, 0], 4, 0) | np.where(active[:, -1], 8, 0))
    people = np.unique(rng.integers(0, 2**64 - 1, size=args.beneficiaries, dtype=np.uint64))
    overall["beneficiaries"] = int(len(people))
    state = {
        "beneficiaryHashes": packed(people, "<u8"),
        "by": [],
        "dateReadings": [],
        "exclusions": {"counts": {}, "examples": []},
        "groups": [],
        "hasBeneficiaries": True,
        "hasRegistry": True,
        "inputs": [
            {"bytes": args.records * 67, "path": f"hours/part-{i:05d}.csv", "role": "hours", "rows": args.records,
             "sha256": f"{i:064x}"},
            {"bytes": v * 60, "path": f"registry/part-{i:05d}.csv", "role": "registry", "rows": v,
             "sha256": f"{i + 10**6:064x}"},
            {"bytes": args.beneficiaries * 40, "path": f"people/part-{i:05d}.csv", "role": "beneficiaries",
             "rows": args.beneficiaries * 3, "sha256": f"{i + 2 * 10**6:064x}"},
        ],
        "options": {"as_of": "2025-03-03", "as_of_given": "true", "confidence": "0.95", "drop_duplicates": "false",
                    "include_partial": "false", "max_excluded_share": "0.2", "max_hours": "24",
                    "on_bad_row": "fail", "period": "year"},
        "overall": overall,
        "recordsFrom": 20120101,
        "recordsTo": 20241231,
        "volunteerTable": {
            "firstPeriods": packed(np.array(YEARS)[first], "<i4"),
            "flags": packed(flags, "u1"),
            "hashes": packed(hashes, "<u8"),
            "spanFirst": YEARS[0],
            "spanLast": YEARS[-1],
        },
        "windowTo": 20250303,
    }
    # The table must list the volunteers in hash order: sort the per-volunteer arrays alike.
    order = np.argsort(hashes)  # hashes come out of np.unique sorted; kept for clarity
    assert (order == np.arange(v)).all()
    return {"format": "impact-partial", "format_version": 2, "kind": "reach", "state": state,
            "tool_version": "generated"}


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", required=True)
    p.add_argument("--shards", type=int, default=100)
    p.add_argument("--volunteers", type=int, default=670_000, help="volunteers per shard")
    p.add_argument("--records", type=int, default=10_000_000, help="records per shard")
    p.add_argument("--beneficiaries", type=int, default=20_000, help="beneficiaries per shard")
    args = p.parse_args()
    os.makedirs(args.out, exist_ok=True)
    teams = [f"team-{k:04d}" for k in range(2_000)]
    projects = [f"project-{k:05d}" for k in range(10_000)]
    for i in range(args.shards):
        doc = shard(i, args, teams, projects)
        with open(os.path.join(args.out, f"shard-{i:03d}.json"), "w") as f:
            json.dump(doc, f, separators=(",", ":"), sort_keys=True)
    print(f"wrote {args.shards} partials to {args.out}")


if __name__ == "__main__":
    main()
