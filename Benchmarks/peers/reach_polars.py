"""Reach job in Polars (lazy): volunteers, hours and distinct beneficiaries per calendar year.

Usage: reach_polars.py HOURS.csv BENEFICIARIES.csv OUT.json
"""
import json
import sys

import polars as pl


def year_of(column):
    return pl.col(column).str.to_date("%Y-%m-%d").dt.year().alias("year")


def main(hours_path, beneficiaries_path, out_path):
    by_year = (
        pl.scan_csv(hours_path, schema_overrides={"volunteer_id": pl.String, "date": pl.String, "hours": pl.Float64})
        .select("volunteer_id", year_of("date"), "hours")
        .group_by("year", "volunteer_id")
        .agg(pl.col("hours").sum())
        .group_by("year")
        .agg(
            volunteers_active=pl.len(),
            hours_total=pl.col("hours").sum(),
            hours_per_volunteer_median=pl.col("hours").median(),
        )
        .with_columns(hours_per_volunteer_mean=pl.col("hours_total") / pl.col("volunteers_active"))
    )
    unique_ben = (
        pl.scan_csv(beneficiaries_path, schema_overrides={"beneficiary_id": pl.String, "date": pl.String})
        .select("beneficiary_id", year_of("date"))
        .group_by("year")
        .agg(beneficiaries_unique=pl.col("beneficiary_id").n_unique())
    )
    table = (
        by_year.join(unique_ben, on="year", how="left")
        .with_columns(pl.col("beneficiaries_unique").fill_null(0))
        .sort("year")
        .collect()
    )
    result = {str(row.pop("year")): row for row in table.iter_rows(named=True)}  # one row per year
    with open(out_path, "w") as f:
        json.dump({"reach": result}, f, indent=1)


if __name__ == "__main__":
    main(*sys.argv[1:4])
