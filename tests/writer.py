"""A writer process for the kill and concurrency tests: N updates to one review through the real
session (lock, atomic write), printing each update's number once its command has returned."""

import sys
from datetime import date

from scr.workspace.workspace import Workspace

root, ref, tag, count = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
ws = Workspace(root, today=date(2014, 1, 1), user=tag, command=f"writer {tag}")
for i in range(count):
    with ws.open_review(ref, write=True) as review:
        review.add_event("update", date(2013, 12, 1), note=f"{tag}-{i}")
    print(i, flush=True)
