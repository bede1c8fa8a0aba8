"""`data download` against a local HTTP server on 127.0.0.1 (never the network)."""

import hashlib
import http.server
import threading
from functools import partial

import pytest

from coalitionlab.catalog.download import download
from coalitionlab.errors import DataFileError
from tests.conftest import invoke


@pytest.fixture()
def server(tmp_path):
    root = tmp_path / "srv"
    root.mkdir()
    (root / "nmc.csv").write_text("ccode,year,cinc\n2,1990,0.14\n")
    handler = partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", root
    httpd.shutdown()


def test_download_with_checksum_and_cache(server, tmp_path):
    base, root = server
    cache = tmp_path / "cache"
    digest = hashlib.sha256((root / "nmc.csv").read_bytes()).hexdigest()
    path = download("nmc", url=f"{base}/nmc.csv", sha256=digest, cache=cache)
    assert path.read_text().startswith("ccode,year")
    # the second call is served from the cache even when the server is gone
    (root / "nmc.csv").unlink()
    assert download("nmc", url=f"{base}/nmc.csv", sha256=digest, cache=cache) == path


def test_download_bad_checksum_leaves_nothing(server, tmp_path):
    base, _ = server
    cache = tmp_path / "cache"
    with pytest.raises(DataFileError, match="checksum"):
        download("nmc", url=f"{base}/nmc.csv", sha256="0" * 64, cache=cache)
    assert not any(p.name.startswith("nmc") for p in cache.iterdir())


def test_download_trust_on_first_use_then_pinned(server, tmp_path):
    base, root = server
    cache = tmp_path / "cache"
    download("nmc", url=f"{base}/nmc.csv", cache=cache)
    (root / "nmc.csv").write_text("tampered\n")
    (cache / "nmc-nmc.csv").unlink()
    with pytest.raises(DataFileError, match="checksum"):
        download("nmc", url=f"{base}/nmc.csv", cache=cache)


def test_cli_download_errors(server, tmp_path):
    base, _ = server
    code, _, errs = invoke(["data", "download", "nmc", "--url", f"{base}/missing.csv",
                            "--cache", str(tmp_path / "c")])
    assert code == 2 and "Could not download" in errs
    code, _, errs = invoke(["data", "download", "nosuch"])
    assert code == 2 and "Unknown data set" in errs
    code, out, _ = invoke(["data", "download", "nmc", "--url", f"{base}/nmc.csv", "--cache", str(tmp_path / "c")])
    assert code == 0 and "sha256" in out
