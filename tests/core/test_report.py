"""core/report.py: the atomic JSON writer every --json uses."""

from __future__ import annotations

import json
import os

from sci_oracle.core.report import write_json_atomic


def test_certificates_are_written_whole_and_readable_by_others(tmp_path):
    old = os.umask(0o022)
    try:
        path = tmp_path / "c.json"
        write_json_atomic(path, {"format": "x", "claims": [1]})
    finally:
        os.umask(old)
    assert json.loads(path.read_text()) == {"format": "x", "claims": [1]}
    assert path.stat().st_mode & 0o777 == 0o644  # not mkstemp's 0600: a certificate is meant to be shared
    assert [p.name for p in tmp_path.iterdir()] == ["c.json"]  # no temp file left behind
