"""Reach job in DuckDB SQL: volunteers, hours and distinct beneficiaries per calendar year.

Usage: reach_duckdb.py HOURS.csv BENEFICIARIES.csv OUT.json
"""
import json
import sys

import duckdb

QUERY = """
WITH per_volunteer AS (
    SELECT year(date) AS year, volunteer_id, sum(hours) AS hours
    FROM read_csv($hours, header = true,
                  types = {'volunteer_id': 'VARCHAR', 'date': 'DATE', 'hours': 'DOUBLE'})
    GROUP BY ALL
), by_year AS (
    SELECT year, count(*) AS volunteers_active, sum(hours) AS hours_total,
           sum(hours) / count(*) AS hours_per_volunteer_mean,
           median(hours) AS hours_per_volunteer_median
    FROM per_volunteer GROUP BY year
), beneficiaries AS (
    SELECT year(date) AS year, count(DISTINCT beneficiary_id) AS beneficiaries_unique
    FROM read_csv($beneficiaries, header = true, types = {'beneficiary_id': 'VARCHAR', 'date': 'DATE'})
    GROUP BY ALL
)
SELECT y.*, coalesce(b.beneficiaries_unique, 0) AS beneficiaries_unique
FROM by_year y LEFT JOIN beneficiaries b USING (year)
ORDER BY year
"""


def main(hours_path, beneficiaries_path, out_path):
    cursor = duckdb.connect().execute(QUERY, {"hours": hours_path, "beneficiaries": beneficiaries_path})
    names = [c[0] for c in cursor.description]
    result = {}
    for row in cursor.fetchall():  # one row per year
        record = dict(zip(names, row))
        result[str(record.pop("year"))] = record
    with open(out_path, "w") as f:
        json.dump({"reach": result}, f, indent=1)


if __name__ == "__main__":
    main(*sys.argv[1:4])
