"""Build into a staging folder and publish it with renames: a failed build leaves the last good site.

Used by the MkDocs plugin for every build (mkdocs build and serve alike), and
usable by any other front end.
"""

from __future__ import annotations

import os
import shutil


def staging_dir(site_dir: str) -> str:
    """Where a build writes before the leak gate: a sibling of site_dir, on the same file system."""
    return site_dir.rstrip("/\\") + ".kekpublish-staging"


def swap(staging: str, site_dir: str) -> None:
    """Replace site_dir by staging with two renames, so readers never see half a site."""
    backup = site_dir.rstrip("/\\") + ".kekpublish-previous"
    shutil.rmtree(backup, ignore_errors=True)
    if os.path.exists(site_dir):
        os.rename(site_dir, backup)
    os.rename(staging, site_dir)
    shutil.rmtree(backup, ignore_errors=True)
