"""A mapping being built in the web UI: the uploaded files, kept privately until imported.

The builder's state lives in the user's session (JSON: source kind, target, organisation,
file paths, the mapping so far, the parsed XLSForm); the files live in
``DATA_DIR/imports/drafts/<random token>/`` (folder 0700, files 0600). A draft is removed
when its file is imported or a new draft starts; drafts older than a day are removed when
any new draft starts.
"""

from __future__ import annotations

import secrets
import shutil
import time
from pathlib import Path

from django.conf import settings

from testigo.imports.queue import Uploaded, store_upload

SESSION_KEY = "testigo_import_draft"
MAX_AGE_SECONDS = 24 * 3600


def drafts_root() -> Path:
    """``DATA_DIR/imports/drafts``."""
    return Path(settings.DATA_DIR) / "imports" / "drafts"


def draft_create(files: dict[str, Uploaded | None]) -> tuple[str, dict[str, str]]:
    """Store the given uploads (``{"file": …, "form": …, "repeat": …}``; ``None`` skipped)
    in a new draft folder. Returns the token and the stored paths by key. Raises
    ``ImportFileError`` for a file type imports cannot read (the draft is removed)."""
    _remove_stale()
    token = secrets.token_urlsafe(16)
    folder = drafts_root() / token
    paths: dict[str, str] = {}
    try:
        for key, uploaded in files.items():
            if uploaded is not None:
                paths[key] = str(store_upload(folder / key, uploaded))
    except Exception:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return token, paths


def draft_remove(token: str) -> None:
    """Delete a draft's files (a token that is not a plain draft name is ignored)."""
    if token and "/" not in token and token not in {".", ".."}:
        shutil.rmtree(drafts_root() / token, ignore_errors=True)


def _remove_stale() -> None:
    root = drafts_root()
    if not root.is_dir():
        return
    now = time.time()
    for folder in root.iterdir():
        if folder.is_dir() and now - folder.stat().st_mtime > MAX_AGE_SECONDS:
            shutil.rmtree(folder, ignore_errors=True)
