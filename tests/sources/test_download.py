"""Downloads against a real HTTP server on 127.0.0.1: verified, atomic, nothing partial kept."""

from __future__ import annotations

import hashlib
import http.server
import io
import os
import socket
import threading
import zipfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from roleatlas.config import get_settings
from roleatlas.errors import ChecksumError, DownloadError
from roleatlas.sources.download import Outcome, download_file, download_source
from roleatlas.sources.registry import Source, SourceFile

BODY = b"code,title\n15-2051,Data Scientists\n15-1221,Computer and Information Research\n"


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass
class Route:
    body: bytes
    #: "ok", "short" (Content-Length larger than the body, then close) or "stall" (hang mid-body)
    mode: str = "ok"


@dataclass
class FileServer:
    """A tiny HTTP server: ``routes`` maps a path to what it answers; ``hits`` counts requests."""

    base: str
    routes: dict[str, Route] = field(default_factory=dict)
    hits: Counter[str] = field(default_factory=Counter)
    release: threading.Event = field(default_factory=threading.Event)

    def url(self, path: str) -> str:
        return f"{self.base}{path}"


def _handler(server: FileServer) -> type[http.server.BaseHTTPRequestHandler]:
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            server.hits[self.path] += 1
            route = server.routes.get(self.path)
            if route is None:
                self.send_error(404, "Not Found")
                return
            self.send_response(200)
            extra = 1000 if route.mode in ("short", "stall") else 0
            self.send_header("Content-Length", str(len(route.body) + extra))
            self.end_headers()
            self.wfile.write(route.body)
            self.wfile.flush()
            if route.mode == "stall":
                server.release.wait(10)
            self.close_connection = True

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler


@pytest.fixture
def server() -> Iterator[FileServer]:
    fs = FileServer(base="")
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _handler(fs))
    fs.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield fs
    finally:
        fs.release.set()
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


def one_file_source(url: str | None, *, digest: str = sha(BODY), required: bool = True) -> Source:
    return Source(
        name="tiny",
        title="Tiny test source",
        folder="tiny-1.0",
        homepage="https://example.org/",
        licence="CC0-1.0",
        attribution="Test data.",
        files=(SourceFile("codes.csv", digest, len(BODY), url, required=required),),
    )


def leftovers(directory: Path) -> list[str]:
    """Every file under ``directory`` (temp files included), relative and sorted."""
    return sorted(str(p.relative_to(directory)) for p in directory.rglob("*") if p.is_file())


def test_good_file_is_downloaded_verified_and_reported(server: FileServer, tmp_path: Path) -> None:
    server.routes["/codes.csv"] = Route(BODY)
    calls: list[tuple[str, int, int | None]] = []

    results = download_source(
        one_file_source(server.url("/codes.csv")),
        dest_home=tmp_path,
        progress=lambda f, done, total: calls.append((f.path, done, total)),
    )

    dest = tmp_path / "tiny-1.0" / "codes.csv"
    assert dest.read_bytes() == BODY
    assert [(r.path, r.outcome) for r in results] == [(dest, Outcome.DOWNLOADED)]
    assert calls[0] == ("codes.csv", 0, len(BODY))
    assert calls[-1] == ("codes.csv", len(BODY), len(BODY))
    assert leftovers(tmp_path) == ["tiny-1.0/codes.csv"]
    umask = os.umask(0)
    os.umask(umask)
    assert dest.stat().st_mode & 0o777 == 0o666 & ~umask  # not mkstemp's 0600


def test_default_destination_is_the_user_cache(server: FileServer) -> None:
    server.routes["/codes.csv"] = Route(BODY)
    download_source(one_file_source(server.url("/codes.csv")))
    cache = get_settings().cache_dir
    assert (cache / "tiny-1.0" / "codes.csv").read_bytes() == BODY


def test_wrong_checksum_keeps_nothing_and_says_which_file(
    server: FileServer, tmp_path: Path
) -> None:
    server.routes["/codes.csv"] = Route(BODY)
    expected = sha(b"something else")

    with pytest.raises(ChecksumError) as info:
        download_source(
            one_file_source(server.url("/codes.csv"), digest=expected), dest_home=tmp_path
        )

    message = str(info.value)
    assert "codes.csv" in message
    assert f"expected sha256 {expected}" in message
    assert f"got {sha(BODY)}" in message
    assert "Nothing was kept" in message
    assert leftovers(tmp_path) == []


def test_wrong_download_does_not_touch_an_existing_file(server: FileServer, tmp_path: Path) -> None:
    server.routes["/codes.csv"] = Route(b"not the registered bytes")
    dest = tmp_path / "tiny-1.0" / "codes.csv"
    dest.parent.mkdir(parents=True)
    dest.write_bytes(b"old copy")

    with pytest.raises(ChecksumError):
        download_source(one_file_source(server.url("/codes.csv")), dest_home=tmp_path)

    assert dest.read_bytes() == b"old copy"
    assert leftovers(tmp_path) == ["tiny-1.0/codes.csv"]


def test_a_differing_file_is_replaced_by_a_verified_copy(
    server: FileServer, tmp_path: Path
) -> None:
    server.routes["/codes.csv"] = Route(BODY)
    dest = tmp_path / "tiny-1.0" / "codes.csv"
    dest.parent.mkdir(parents=True)
    dest.write_bytes(b"damaged")

    [result] = download_source(one_file_source(server.url("/codes.csv")), dest_home=tmp_path)

    assert result.outcome is Outcome.DOWNLOADED
    assert "replaced" in result.note
    assert dest.read_bytes() == BODY


def test_interrupted_download_is_discarded(server: FileServer, tmp_path: Path) -> None:
    server.routes["/codes.csv"] = Route(BODY, mode="short")

    with pytest.raises(DownloadError) as info:
        download_source(one_file_source(server.url("/codes.csv")), dest_home=tmp_path)

    message = str(info.value)
    assert f"received {len(BODY):,} of {len(BODY) + 1000:,} bytes" in message
    assert "Run it again; partial data was discarded." in message
    assert leftovers(tmp_path) == []


def test_stalled_download_times_out_and_is_discarded(server: FileServer, tmp_path: Path) -> None:
    server.routes["/codes.csv"] = Route(BODY, mode="stall")

    with pytest.raises(DownloadError) as info:
        download_source(one_file_source(server.url("/codes.csv")), dest_home=tmp_path, timeout=0.3)

    assert "was interrupted" in str(info.value)
    assert "Run it again; partial data was discarded." in str(info.value)
    assert leftovers(tmp_path) == []


def test_http_404_names_the_status_and_keeps_nothing(server: FileServer, tmp_path: Path) -> None:
    with pytest.raises(DownloadError) as info:
        download_source(one_file_source(server.url("/gone.csv")), dest_home=tmp_path)

    assert "HTTP 404" in str(info.value)
    assert server.url("/gone.csv") in str(info.value)
    assert "run it again" in str(info.value)
    assert leftovers(tmp_path) == []


def test_unreachable_server_says_to_check_the_network(tmp_path: Path) -> None:
    with socket.socket() as probe:  # a loopback port that nothing listens on once closed
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/codes.csv"

    with pytest.raises(DownloadError) as info:
        download_source(one_file_source(url), dest_home=tmp_path)

    assert f"Could not reach {url}" in str(info.value)
    assert "Check your network connection, then run it again." in str(info.value)
    assert leftovers(tmp_path) == []


def test_only_http_addresses_are_fetched(tmp_path: Path) -> None:
    secret = tmp_path / "elsewhere.csv"
    secret.write_bytes(BODY)
    with pytest.raises(DownloadError, match="only http and https"):
        download_source(one_file_source(secret.as_uri()), dest_home=tmp_path / "home")


def test_present_file_is_not_downloaded_again(server: FileServer, tmp_path: Path) -> None:
    server.routes["/codes.csv"] = Route(BODY)
    source = one_file_source(server.url("/codes.csv"))

    download_source(source, dest_home=tmp_path)
    [again] = download_source(source, dest_home=tmp_path)

    assert again.outcome is Outcome.PRESENT
    assert server.hits["/codes.csv"] == 1


def test_file_without_url_is_skipped_with_a_note(tmp_path: Path) -> None:
    [optional] = download_source(one_file_source(None, required=False), dest_home=tmp_path)
    [required] = download_source(one_file_source(None), dest_home=tmp_path)

    assert optional.outcome is Outcome.SKIPPED
    assert optional.note == (
        "no download address (derived from the other files); optional, so it was skipped"
    )
    assert required.outcome is Outcome.SKIPPED
    assert required.note == (
        f"no download address: place a copy at {tmp_path / 'tiny-1.0' / 'codes.csv'} by hand"
    )
    assert leftovers(tmp_path) == []


def wheel(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buffer.getvalue()


def wheel_source(url: str, archive: bytes, members: dict[str, bytes]) -> Source:
    return Source(
        name="wheeled",
        title="Files inside a wheel",
        folder="wheeled",
        homepage="https://example.org/",
        licence="MIT",
        attribution="Test data.",
        files=tuple(
            SourceFile(
                f"pkg/{name.rsplit('/', 1)[-1]}",
                sha(data),
                len(data),
                url,
                member=name,
                archive_sha256=sha(archive),
            )
            for name, data in members.items()
        ),
    )


def test_zip_members_are_extracted_from_one_archive_download(
    server: FileServer, tmp_path: Path
) -> None:
    members = {"tool/data/codes.csv": BODY, "tool/data/manifest.json": b'{"release": "test"}'}
    archive = wheel({**members, "tool/__init__.py": b""})
    server.routes["/tool-1.0-py3-none-any.whl"] = Route(archive)

    results = download_source(
        wheel_source(server.url("/tool-1.0-py3-none-any.whl"), archive, members),
        dest_home=tmp_path,
    )

    assert [r.outcome for r in results] == [Outcome.DOWNLOADED, Outcome.DOWNLOADED]
    assert (tmp_path / "wheeled/pkg/codes.csv").read_bytes() == BODY
    assert (tmp_path / "wheeled/pkg/manifest.json").read_bytes() == b'{"release": "test"}'
    assert server.hits["/tool-1.0-py3-none-any.whl"] == 1
    assert leftovers(tmp_path) == ["wheeled/pkg/codes.csv", "wheeled/pkg/manifest.json"]


def test_zip_archive_with_wrong_checksum_is_not_opened(server: FileServer, tmp_path: Path) -> None:
    members = {"tool/data/codes.csv": BODY}
    registered = wheel(members)
    server.routes["/tool.whl"] = Route(wheel({**members, "tool/extra.txt": b"changed"}))

    with pytest.raises(ChecksumError) as info:
        download_source(
            wheel_source(server.url("/tool.whl"), registered, members), dest_home=tmp_path
        )

    assert f"Checksum mismatch for the archive {server.url('/tool.whl')}" in str(info.value)
    assert f"expected sha256 {sha(registered)}" in str(info.value)
    assert "Nothing was kept" in str(info.value)
    assert leftovers(tmp_path) == []


def test_zip_without_the_member_says_so(server: FileServer, tmp_path: Path) -> None:
    archive = wheel({"tool/other.csv": BODY})
    server.routes["/tool.whl"] = Route(archive)
    source = wheel_source(server.url("/tool.whl"), archive, {"tool/data/codes.csv": BODY})

    with pytest.raises(DownloadError, match=r"has no member 'tool/data/codes\.csv'"):
        download_source(source, dest_home=tmp_path)

    assert leftovers(tmp_path) == []


def test_download_file_reports_bytes(server: FileServer, tmp_path: Path) -> None:
    server.routes["/codes.csv"] = Route(BODY)
    file = one_file_source(server.url("/codes.csv")).files[0]
    calls: list[tuple[int, int | None]] = []

    result = download_file(file, tmp_path / "codes.csv", progress=lambda d, t: calls.append((d, t)))

    assert result.outcome is Outcome.DOWNLOADED
    assert (tmp_path / "codes.csv").read_bytes() == BODY
    assert calls[-1] == (len(BODY), len(BODY))
