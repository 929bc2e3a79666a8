"""``roleatlas data status`` and ``roleatlas data download`` through the real Typer app."""

from __future__ import annotations

import hashlib
import http.server
import json
import re
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from roleatlas.cli import app
from roleatlas.config import DATA_HOME_ENV, get_settings
from roleatlas.sources.registry import SOURCES, Source, SourceFile

runner = CliRunner()
GOOD = b"soc,title\n15-2051,Data Scientists\n"


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def make_source(name: str, *files: SourceFile) -> Source:
    return Source(
        name=name,
        title=f"Test source {name}",
        folder=f"{name}-1",
        homepage="https://example.org/",
        licence="CC0-1.0",
        attribution="Test data.",
        files=files,
    )


def invoke(*args: str) -> Result:
    # Wide enough that no table cell wraps; the notes below the table never wrap.
    return runner.invoke(app, list(args), env={"COLUMNS": "200"})


def row(output: str, name: str) -> str:
    """The table row of source ``name``."""
    [line] = [ln for ln in output.splitlines() if re.match(rf"\s*{re.escape(name)} ", ln)]
    return line


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A data home with alpha present, beta missing and gamma damaged (the only sources)."""
    data = tmp_path / "data"
    alpha = make_source(
        "alpha",
        SourceFile("codes.csv", sha(GOOD), len(GOOD), "https://example.org/codes.csv"),
        SourceFile("extract.csv", sha(b"x"), 1, None, required=False),
    )
    beta = make_source("beta", SourceFile("b.csv", sha(GOOD), len(GOOD), "https://example.org/b"))
    gamma = make_source("gamma", SourceFile("g.csv", sha(GOOD), len(GOOD), "https://example.org/g"))
    (data / "alpha-1").mkdir(parents=True)
    (data / "alpha-1" / "codes.csv").write_bytes(GOOD)
    (data / "gamma-1").mkdir()
    (data / "gamma-1" / "g.csv").write_bytes(b"soc,title\n15-2051,Data Scientist\n")
    monkeypatch.setattr("roleatlas.cli.data.SOURCES", (alpha, beta, gamma))
    monkeypatch.setenv(DATA_HOME_ENV, str(data))
    get_settings.cache_clear()
    return data


def test_status_table_shows_each_state_and_what_to_do(home: Path) -> None:
    result = invoke("data", "status")

    assert result.exit_code == 0
    assert re.search(r" present +1/2 files +alpha-1/ +CC0-1.0", row(result.output, "alpha"))
    assert re.search(r" missing +0/1 files +beta-1/", row(result.output, "beta"))
    assert re.search(r" checksum mismatch +0/1 files +gamma-1/", row(result.output, "gamma"))
    assert result.output.startswith(f"Data directory: {home} (from ROLEATLAS_DATA_HOME).\n")
    assert (
        "Optional files not present (their sources still count as present): alpha: extract.csv."
        in result.output
    )
    assert (
        "2 of 3 sources are missing or damaged: beta gamma. Run `roleatlas data download beta "
        f"gamma` to fetch them into {home}" in result.output
    )


def test_status_without_verification_only_checks_presence(home: Path) -> None:
    result = invoke("data", "status", "--no-verify")

    assert result.exit_code == 0
    assert " present " in row(result.output, "gamma")
    assert "Checksums were not verified (--no-verify)" in result.output
    assert "1 of 3 sources are missing or damaged: beta." in result.output


def test_status_json_lists_sources_with_their_files(home: Path) -> None:
    result = invoke("data", "status", "--format", "json")

    assert result.exit_code == 0
    sources = json.loads(result.stdout)
    assert [(s["name"], s["status"]) for s in sources] == [
        ("alpha", "present"),
        ("beta", "missing"),
        ("gamma", "checksum mismatch"),
    ]
    alpha = sources[0]
    assert alpha["directory"] == str(home / "alpha-1")
    assert (alpha["files_present"], alpha["files_total"]) == (1, 2)
    assert alpha["licence"] == "CC0-1.0"
    assert alpha["files"] == [
        {
            "path": "codes.csv",
            "state": "present",
            "required": True,
            "size": len(GOOD),
            "sha256": sha(GOOD),
            "url": "https://example.org/codes.csv",
        },
        {
            "path": "extract.csv",
            "state": "missing",
            "required": False,
            "size": 1,
            "sha256": sha(b"x"),
            "url": None,
        },
    ]


def test_status_names_the_cache_when_no_data_home_is_set(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("roleatlas.cli.data.SOURCES", SOURCES[:1])
    cache = get_settings().cache_dir

    result = invoke("data", "status")

    assert result.exit_code == 0
    assert f"Data directory: {cache} (the user cache; ROLEATLAS_DATA_HOME is not set)." in (
        result.output
    )
    assert f"1 of 1 sources are missing or damaged: {SOURCES[0].name}." in result.output
    assert "Run `roleatlas data download` to fetch them" in result.output


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path != "/b.csv":
            self.send_error(404, "Not Found")
            return
        self.send_response(200)
        self.send_header("Content-Length", str(len(GOOD)))
        self.end_headers()
        self.wfile.write(GOOD)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def base_url() -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


def serve_beta(monkeypatch: pytest.MonkeyPatch, url: str, digest: str = sha(GOOD)) -> Source:
    beta = make_source("beta", SourceFile("b.csv", digest, len(GOOD), url))
    monkeypatch.setattr("roleatlas.cli.data.SOURCES", (beta,))
    return beta


def test_download_fetches_into_the_data_home_and_status_then_says_present(
    home: Path, base_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    serve_beta(monkeypatch, f"{base_url}/b.csv")

    result = invoke("data", "download", "beta")

    assert result.exit_code == 0, result.output
    assert "beta: 1 downloaded." in result.output
    assert (home / "beta-1" / "b.csv").read_bytes() == GOOD
    again = invoke("data", "download")
    assert "beta: 1 already present." in again.output
    assert " present " in row(invoke("data", "status").output, "beta")


def test_download_to_another_directory_says_how_to_use_it(
    home: Path, base_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    serve_beta(monkeypatch, f"{base_url}/b.csv")
    elsewhere = tmp_path / "elsewhere"

    result = invoke("data", "download", "--dest", str(elsewhere))

    assert result.exit_code == 0, result.output
    assert (elsewhere / "beta-1" / "b.csv").read_bytes() == GOOD
    assert f"set ROLEATLAS_DATA_HOME={elsewhere} to use the files downloaded here" in (
        result.output
    )


def test_download_checksum_error_is_one_red_line_and_exit_1(
    home: Path, base_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    serve_beta(monkeypatch, f"{base_url}/b.csv", digest=sha(b"another release"))

    result = invoke("data", "download", "beta")

    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: Checksum mismatch for {home / 'beta-1' / 'b.csv'} ")
    assert "Nothing was kept." in result.stderr
    assert "Traceback" not in result.output
    assert not (home / "beta-1" / "b.csv").exists()


def test_download_http_error_is_translated(
    home: Path, base_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    serve_beta(monkeypatch, f"{base_url}/moved.csv")

    result = invoke("data", "download", "beta")

    assert result.exit_code == 1
    assert f"Error: Could not download {base_url}/moved.csv: the server answered HTTP 404" in (
        result.stderr
    )


def test_download_unknown_name_lists_the_valid_ones(home: Path) -> None:
    result = invoke("data", "download", "alpha", "gamm")

    assert result.exit_code == 1
    assert result.stderr == (
        "Error: Unknown data source 'gamm'. Did you mean 'gamma'? "
        "Valid choices: alpha, beta, gamma.\n"
    )
    files = sorted(str(p.relative_to(home)) for p in home.rglob("*") if p.is_file())
    assert files == ["alpha-1/codes.csv", "gamma-1/g.csv"]  # nothing was fetched


@pytest.mark.integration
def test_status_on_the_real_data_home_says_every_source_is_present(use_real_home: Path) -> None:
    result = invoke("data", "status")

    assert result.exit_code == 0
    for source in SOURCES:
        good = sum((use_real_home / source.folder / f.path).is_file() for f in source.files)
        assert re.search(
            rf" present +{good}/{len(source.files)} files +{re.escape(source.folder)}/",
            row(result.output, source.name),
        )
    assert f"All {len(SOURCES)} sources are present." in result.output
    as_json = json.loads(invoke("data", "status", "--format", "json").stdout)
    assert {s["name"]: s["status"] for s in as_json} == {s.name: "present" for s in SOURCES}


def test_status_prints_a_data_home_with_brackets_verbatim(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "[b]data[/b]"  # Rich markup if not escaped
    monkeypatch.setattr("roleatlas.cli.data.SOURCES", SOURCES[:1])
    monkeypatch.setenv(DATA_HOME_ENV, str(data))
    get_settings.cache_clear()

    result = invoke("data", "status")

    assert result.exit_code == 0, result.output
    assert f"Data directory: {data} (from ROLEATLAS_DATA_HOME)." in result.output
    assert f"to fetch them into {data} (a file" in result.output
