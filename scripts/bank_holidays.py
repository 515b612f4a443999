"""The shipped bank holiday table, scr/timescales/data/bank_holidays.json, and the `holidays` package.

    .venv/bin/python scripts/bank_holidays.py            # rewrite the table from the installed package
    .venv/bin/python scripts/bank_holidays.py --check    # print where the two differ (make check-holidays)

The table is the one source of bank holidays for the years it covers, so upgrading `holidays`
changes no deadline until the table is rewritten. Run --check after an upgrade: it prints, region
by region, the dates only in the table and only in the package, and always exits 0 (a change
upstream is news for a person to judge, not a CI failure). Rewrite the table only once the
differences are understood (a new bank holiday announced, a correction), and say so in CHANGELOG.md.
"""

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scr.timescales.workdays import (TABLE, build_table, compare_with_package,  # noqa: E402
                                     installed_holidays_version, read_table)

FIRST_YEAR, LAST_YEAR = 2000, 2045


def write(path):
    data = build_table(FIRST_YEAR, LAST_YEAR)
    path.parent.mkdir(exist_ok=True)
    path.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {path} ({FIRST_YEAR}-{LAST_YEAR}, holidays {data['holidays_version']})")


def check(path):
    table = read_table(path)
    print(f"{path}: {table.first_year}-{table.last_year}, written from holidays {table.source}; "
          f"installed: holidays {installed_holidays_version()}")
    differences = compare_with_package(table)
    if not differences:
        print("no difference: the table and the installed package agree on every date")
        return
    for region, found in differences.items():
        print(f"{region}:")
        for day in found["only_in_table"]:
            print(f"  - {day.isoformat()}  in the table, not in the package")
        for day in found["only_in_package"]:
            print(f"  + {day.isoformat()}  in the package, not in the table")
    print("the table still decides these years; run scripts/bank_holidays.py to take the package's dates")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="print where the table and the installed package differ (exit 0)")
    parser.add_argument("--table", type=Path, default=TABLE, help=f"the table (default {TABLE})")
    args = parser.parse_args(argv)
    check(args.table) if args.check else write(args.table)


if __name__ == "__main__":
    main()
