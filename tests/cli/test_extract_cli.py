"""``roleatlas extract``: skills highlighted in context, JSON with spans, clear errors."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from roleatlas.cli import app

runner = CliRunner()


def test_json_spans_slice_the_text() -> None:
    text = "Experience with R and Python; sklearn, k8s on GCP. Go to market with C++."
    res = runner.invoke(app, ["extract", text, "--format", "json"])
    assert res.exit_code == 0, res.output
    doc = json.loads(res.output)
    got = {s["name"]: s for s in doc["skills"]}
    assert set(got) == {"R", "Python", "scikit-learn", "Kubernetes", "Google Cloud", "C++"}
    for s in doc["skills"]:
        assert [text[a:b] for a, b in s["spans"]] == s["matched"]
    assert got["scikit-learn"]["matched"] == ["sklearn"]


def test_table_highlights_and_never_reads_markup(tmp_path: Path) -> None:
    f = tmp_path / "posting.txt"
    f.write_text("[bold red]PyTorch[/] and <b>TensorFlow</b>", encoding="utf-8")
    res = runner.invoke(app, ["extract", "--file", str(f)])
    assert res.exit_code == 0, res.output
    assert "PyTorch" in res.output and "TensorFlow" in res.output
    assert "[bold red]" in res.output  # shown as text, not applied as markup


def test_concepts_only_with_all_types() -> None:
    res = runner.invoke(app, ["extract", "deep learning and RAG"])
    assert res.exit_code == 0
    assert "No technical skill" in res.output and "--all-types" in res.output
    res = runner.invoke(app, ["extract", "deep learning and RAG", "--all-types", "-f", "json"])
    names = [s["name"] for s in json.loads(res.output)["skills"]]
    assert names == ["deep learning", "retrieval-augmented generation"]


def test_bad_input_is_a_clear_error(tmp_path: Path) -> None:
    res = runner.invoke(app, ["extract"])
    assert res.exit_code != 0 and "Give the text to read" in res.output
    res = runner.invoke(app, ["extract", "--file", str(tmp_path / "missing.txt")])
    assert res.exit_code != 0 and "missing.txt" in res.output
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * (5 * 1024 * 1024 + 10))
    res = runner.invoke(app, ["extract", "--file", str(big)])
    assert res.exit_code != 0 and "larger than 5 MB" in res.output
    junk = tmp_path / "junk.bin"
    junk.write_bytes(bytes(range(256)) * 100 + b" Python ")
    res = runner.invoke(app, ["extract", "--file", str(junk), "--format", "json"])
    assert res.exit_code == 0 and json.loads(res.output)["skills"][0]["name"] == "Python"
