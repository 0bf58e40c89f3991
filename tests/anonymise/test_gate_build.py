"""The gate in a real build (plugin on, subprocess): what it newly reads stops the build, and its message is masked (issue 11.3-11.5)."""

from __future__ import annotations

import base64
import io
import os
import subprocess
import sys
import zipfile

from sitebuild import write_config


def _docx(text: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", f"<w:document><w:t>{text}</w:t></w:document>")
    return buffer.getvalue()


def test_a_build_with_leaks_the_old_gate_missed_stops_and_says_so_masked(tmp_path, example_study) -> None:
    docs = example_study.parent
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><text>Gerrit Veldkamp</text></svg>'
    (docs / "over.md").write_text(
        "# Over dit onderzoek\n\n"
        f"![kaart](data:image/svg+xml;base64,{base64.b64encode(svg).decode()})\n\n"
        "Met dank aan I n e k e voor de foto's (BSN 111222333, ineke@example.nl).\n", "utf-8")
    (docs / "fotos").mkdir()
    (docs / "fotos" / "Veldkamp-thuis.jpg").write_bytes(b"\xff\xd8\xff\xd9")
    (docs / "bijlage.docx").write_bytes(_docx("Gesprek met mevrouw Hoeksma"))
    (docs / "notities.tsv").write_text("wie\twat\nKooistra\tbelde\n", "utf-8")
    config = write_config(tmp_path, docs, cache_dir=tmp_path / "cache", exports=False)
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("last good site", "utf-8")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config)], capture_output=True,
                            text=True, timeout=600, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "personal data would be published" in output and "Traceback" not in output
    for place in ("over/index.html", "fotos/", "bijlage.docx", "notities.tsv"):
        assert place.split("/")[0] in output, (place, output)
    lowered = output.lower()
    for secret in ("veldkamp", "gerrit", "hoeksma", "kooistra", "i n e k e", "111222333", "ineke@example.nl"):
        assert secret not in lowered, (secret, output)
    assert (site / "index.html").read_text("utf-8") == "last good site"
