"""``testigo estimate``: a thin command over ``estimate_total``."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command("estimate", *args, stdout=out)
    return out.getvalue()


def test_kosovo_from_the_command_line(mse_dir):
    text = _run(
        str(mse_dir / "lcmcr_kosovo_aggregate_patterns.csv"),
        "--lists", "EXH,ABA,OSCE,HRW", "--count", "freq", "--lang", "en",
    )  # fmt: skip
    assert "4,400 persons were recorded by at least one of 4 lists" in text
    assert "14,358" in text
    assert "does not fit the observed table well" in text


def test_json_output_per_stratum(tmp_path):
    rows = ["A,B,C,n,region"]
    for region, cells in {"north": [125] * 7, "south": [30, 60, 40, 90, 20, 80, 50]}.items():
        patterns = ["111", "110", "101", "100", "011", "010", "001"]
        rows += [f"{p[0]},{p[1]},{p[2]},{n},{region}" for p, n in zip(patterns, cells, strict=True)]
    path = tmp_path / "histories.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    data = json.loads(
        _run(
            str(path), "--lists", "A,B,C", "--count", "n", "--strata", "region", "--format", "json"
        )
    )
    assert [d["stratum"] for d in data] == [{"region": "north"}, {"region": "south"}]
    assert data[0]["total"] == pytest.approx(1000.0, rel=1e-6)
    assert data[1]["observed"] == 370


def test_errors_are_one_line_in_the_chosen_language(tmp_path, mse_dir):
    with pytest.raises(CommandError, match="No se encontró el archivo"):
        _run(str(tmp_path / "missing.csv"), "--lists", "A,B")
    with pytest.raises(CommandError, match="not found in the capture histories: cX"):
        _run(
            str(mse_dir / "rcapture_HIV.csv"), "--lists", "c1,cX", "--count", "freq", "--lang", "en"
        )


def test_a_patterns_file_without_count_is_refused(mse_dir):
    """A tester ran a 15-row patterns file without --count and read "16 persons"."""
    with pytest.raises(CommandError, match="--count freq"):
        _run(str(mse_dir / "rcapture_lesbian.csv"), "--lists", "A,B,C,D", "--lang", "en")
