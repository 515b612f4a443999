"""Write scr/data/bank_holidays.json from the installed `holidays` package (run after upgrading it).

    .venv/bin/python scripts/bank_holidays.py
"""

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scr.timescales.workdays import TABLE, build_table  # noqa: E402

FIRST_YEAR, LAST_YEAR = 2000, 2045


def main():
    data = build_table(FIRST_YEAR, LAST_YEAR)
    TABLE.parent.mkdir(exist_ok=True)
    TABLE.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(TABLE)


if __name__ == "__main__":
    main()
