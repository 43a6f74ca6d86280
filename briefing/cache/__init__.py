"""What checking found, remembered by content, so an unchanged project is not read again.

Signed JSON files live in ``.briefing-cache/``, in the folder that holds the
seeds folder (never inside it):

``check.json``: the whole outcome of the last ``briefing check``
    (diagnostics and counts) with the digest of the tree it was computed from:
    every name under seeds, its kind, the target of a link and the SHA-256 of
    each file, as a Merkle tree (each folder has its own digest). When the tree
    is the same, the outcome is printed again without loading anything. Like
    git's index, the file keeps each file's inode, size, modification and
    change times beside its digest, so an unchanged file is not even read; a
    file changed less than :data:`._memo.RACY_NS` before it was seen is never trusted
    by its times (its content is read again).

``briefings.json``: what the checks of each briefing found, keyed by the
    digests of its folder and of the entries that mention it (see
    ``briefing.checks``), so that after an edit only the briefings it touched
    are checked again.

``records.json`` and ``records/<folder>.json``: per file (of the glossary, and
    of each briefing folder), what loading and checking it found, keyed by what
    it describes (``entry``, ``note``, ``meta``, ``entry-content``,
    ``note-content``, ``coverage``) and the SHA-256 of the bytes it was computed
    from; a record's entry also keeps the line and column of each part a
    diagnostic asked for, so a warning on an unchanged file is located without
    parsing it again.

All are stamped with a fingerprint of this program's source, the Python
running it and the installed distributions, so any change to those empties
them. They are built to be safe when the project comes from someone else (a
pull request built by CI):

* they hold plain JSON, never pickles: records read from them go through the
  same pydantic validation as records read from YAML;
* they are signed with HMAC-SHA256 under a random key kept outside the project,
  in the user's cache folder (``$XDG_CACHE_HOME/briefing/`` or
  ``~/.cache/briefing/``), so a cache shipped inside a project, or edited by
  hand, fails the signature and is ignored;
* a ``.briefing-cache`` that is a symbolic link, or not a folder, is not used;
* any failure to read or write them is silent: checking then works without them.

This module imports nothing heavy: ``briefing check`` on an unchanged
project runs only this and the printing of diagnostics.
"""

from ._memo import Checked, CheckMemo, diagnostics_from_json, diagnostics_json
from ._store import BRIEFINGS, CACHE_DIR, RECORDS, Cache, digest, fingerprint, user_cache_folder

__all__ = [
    "BRIEFINGS",
    "CACHE_DIR",
    "RECORDS",
    "Cache",
    "CheckMemo",
    "Checked",
    "diagnostics_from_json",
    "diagnostics_json",
    "digest",
    "fingerprint",
    "user_cache_folder",
]
