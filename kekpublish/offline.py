"""`kekpublish build --offline`: a site that works from file:// (a board member's USB stick).

The build runs MkDocs with Material's offline plugin (switched on by the
kekpublish plugin when KEKPUBLISH_OFFLINE=1): no directory URLs, the search
index inlined as a script, and the iframe-worker shim served from the site
itself instead of unpkg.com. It carries one round: there is no version
selector on file://.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import sys
from pathlib import Path


def offline_dir(config_file: str, site_dir: str | None) -> Path:
    base = Path(config_file).resolve().parent
    return base / ((site_dir or "site").rstrip("/\\") + "-offline")


def build_offline(config_file: str, *, strict: bool = False) -> int:
    """Build into <site_dir>-offline/ and zip it to <site_dir>-offline.zip; 0 on success."""
    from .cli import read_config

    target = offline_dir(config_file, read_config(config_file).get("site_dir"))
    command = [sys.executable, "-m", "mkdocs", "build", "-f", config_file, "--site-dir", str(target)]
    command += ["--strict"] if strict else []
    code = subprocess.call(command, env={**os.environ, "KEKPUBLISH_OFFLINE": "1"})
    if code != 0:
        return code
    try:
        archive = write_zip(target)
    except OSError as exc:
        from .publish.staging import disk_message

        print(disk_message(exc, str(target) + ".zip").replace("the previous site", "the previous archive"), file=sys.stderr)
        return 1
    print(f"Offline site: {target}/index.html (open it from a USB stick or a file share); archive: {archive}")
    return 0


def write_zip(target: Path) -> str:
    """Zip target to <target>.zip: written beside it first, then renamed, so a kill never leaves half an archive
    where the last good one was."""
    final = Path(f"{target}.zip")
    partial = Path(f"{target}.zip-partial-{os.getpid()}")
    for stale in target.parent.glob(f"{glob.escape(target.name)}.zip-partial-*"):  # left by a killed build
        pid = stale.name.rsplit("-", 1)[-1].removesuffix(".zip")
        if pid.isdigit() and not _running(int(pid)):
            stale.unlink(missing_ok=True)
    try:
        made = shutil.make_archive(str(partial), "zip", root_dir=target.parent, base_dir=target.name)
        os.replace(made, final)
    finally:
        for leftover in (Path(f"{partial}.zip"), partial):
            try:
                leftover.unlink()
            except OSError:
                pass
    return str(final)


def _running(pid: int) -> bool:
    if sys.platform == "win32":  # os.kill(pid, 0) would send CTRL+C there
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True
