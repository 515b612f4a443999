"""Schema versions of a review file, migrated forward when read.

Each step takes a file (parsed JSON) at version N and returns it at version N + 1; a file is
brought through every step up to :data:`scr.workspace.schema.SCHEMA_VERSION` before the schema
checks it. The migrated file is written back by the next command that changes the review (a
reading command leaves the file as it is). A file from a newer scr is refused, never rewritten.
"""

from scr.errors import DamagedFile, ScrError
from scr.workspace.schema import SCHEMA_VERSION


def _v1_to_v2(data):
    """Schema 2 changes only how new audit records are written (the fields that changed, old ->
    new, UTC times). Records written before stay as they are; `scr log` reads both forms."""
    data["review"]["1"]["schema_version"] = 2
    return data


#: version N -> the function that brings a file at version N to N + 1.
STEPS = {1: _v1_to_v2}


def version_of(data, path):
    record = data.get("review", {}).get("1") if isinstance(data, dict) else None
    if not isinstance(record, dict):
        raise DamagedFile(path, "review.1: missing (the file holds no review record)")
    version = record.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise DamagedFile(path, f"review.1.schema_version: expected a whole number from 1, got {version!r}")
    return version


def migrate(data, path):
    """``data`` at the current schema version (changed in place). Returns the version it had."""
    found = version_of(data, path)
    if found > SCHEMA_VERSION:
        raise ScrError(
            f"{path} has schema_version {found}, which this scr (schema {SCHEMA_VERSION}) cannot"
            " read: upgrade scr"
        )
    version = found
    while version < SCHEMA_VERSION:
        data = STEPS[version](data)
        version += 1
    return found
