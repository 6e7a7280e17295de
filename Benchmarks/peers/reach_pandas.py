"""Reach job in pandas: volunteers, hours and distinct beneficiaries per calendar year.

Usage: reach_pandas.py HOURS.csv BENEFICIARIES.csv OUT.json
"""
import json
import sys

import pandas as pd


def main(hours_path, beneficiaries_path, out_path):
    hours = pd.read_csv(
        hours_path,
        usecols=["volunteer_id", "date", "hours"],
        dtype={"volunteer_id": "str", "date": "str", "hours": "float64"},
    )
    hours["year"] = pd.to_datetime(hours["date"], format="%Y-%m-%d").dt.year
    per_volunteer = hours.groupby(["year", "volunteer_id"], sort=False)["hours"].sum()
    by_year = per_volunteer.groupby(level="year").agg(["size", "sum", "median"])

    ben = pd.read_csv(
        beneficiaries_path, usecols=["beneficiary_id", "date"], dtype={"beneficiary_id": "str", "date": "str"}
    )
    ben["year"] = pd.to_datetime(ben["date"], format="%Y-%m-%d").dt.year
    unique_ben = ben.groupby("year")["beneficiary_id"].nunique()

    result = {}
    for year, row in by_year.sort_index().iterrows():  # one row per year
        result[str(year)] = {
            "volunteers_active": int(row["size"]),
            "hours_total": float(row["sum"]),
            "hours_per_volunteer_mean": float(row["sum"] / row["size"]),
            "hours_per_volunteer_median": float(row["median"]),
            "beneficiaries_unique": int(unique_ben.get(year, 0)),
        }
    with open(out_path, "w") as f:
        json.dump({"reach": result}, f, indent=1)


if __name__ == "__main__":
    main(*sys.argv[1:4])
