"""A cluster behind TLS and a password, as one with the security plugin is met: the CLI given its
``https://user:password@host`` URL and ``--ca-file`` reindexes, searches and reports, and neither a
missing CA, a wrong password nor any output shows the password.

The session's test cluster has no security plugin, so an HTTPS proxy stands in front of it here: a
certificate made by ``openssl`` for 127.0.0.1, basic authentication checked by the proxy, every request
passed on to the cluster unchanged. Without ``openssl`` (or the cluster) these skip.
"""

from __future__ import annotations

import base64
import json
import shutil
import ssl
import subprocess
import threading
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from click.testing import CliRunner
from helpers import SEED_FILES, drop_opensearch_alias

from indexer.cli import main

USER, PASSWORD = "reporter", "s3cret-pw"
ALIAS = "tls-tests"


def _certificate(folder) -> tuple[str, str]:
    """A self-signed certificate for 127.0.0.1 and its key, as PEM files."""
    if not shutil.which("openssl"):
        pytest.skip("openssl is needed to make the test certificate")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True)
    return str(cert), str(key)


def _proxy_handler(upstream: str):
    expected = "Basic " + base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()

    class Proxy(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # the client keeps its connections open

        def forward(self):
            length = int(self.headers.get("Content-Length") or 0)
            data = self.rfile.read(length) if length else None
            if self.headers.get("Authorization") != expected:
                status, body = 401, json.dumps({"error": "Unauthorized", "status": 401}).encode()
            else:
                request = urllib.request.Request(upstream + self.path, data=data, method=self.command,
                                                 headers={"Content-Type": self.headers.get("Content-Type",
                                                                                           "application/json")})
                try:
                    with urllib.request.urlopen(request, timeout=60) as answer:
                        status, body = answer.status, answer.read()
                except urllib.error.HTTPError as refused:
                    status, body = refused.code, refused.read()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            if status == 401:
                self.send_header("WWW-Authenticate", 'Basic realm="test"')
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = forward

        def log_message(self, *args):
            pass

    return Proxy


@pytest.fixture(scope="module")
def secured(opensearch_url, tmp_path_factory):
    """(URL with the password, CA file) of an HTTPS door to the session's cluster."""
    folder = tmp_path_factory.mktemp("tls")
    cert, key = _certificate(folder)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _proxy_handler(opensearch_url.split(",")[0].rstrip("/")))
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"https://{USER}:{PASSWORD}@127.0.0.1:{server.server_address[1]}", cert
    server.shutdown()
    drop_opensearch_alias(opensearch_url, ALIAS)


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    for seed in SEED_FILES:
        shutil.copy2(seed, folder / seed.name)
    return folder


def newsdex(*args: str):
    result = CliRunner().invoke(main, list(args))
    assert PASSWORD not in result.output and PASSWORD not in (result.stderr or ""), "the password is never shown"
    return result


def test_a_cluster_behind_tls_and_a_password_is_indexed_searched_and_reported(secured, corpus):
    url, ca_file = secured
    cluster = ["--backend", "opensearch", "--url", url, "--ca-file", ca_file, "--alias", ALIAS]
    reindexed = newsdex("reindex", str(corpus), *cluster, "--jobs", "1", "--json")
    assert reindexed.exit_code == 0, reindexed.output
    assert json.loads(reindexed.output)["articles"] == 2
    found = newsdex("search", "vietnam", *cluster, "--json")
    assert found.exit_code == 0 and json.loads(found.output)["total"] == 2
    stats = newsdex("stats", *cluster, "--json")
    assert stats.exit_code == 0 and f"https://{USER}:***@127.0.0.1" in stats.output


def test_without_the_ca_file_the_certificate_is_refused_plainly(secured):
    url, _ = secured
    result = newsdex("stats", "--backend", "opensearch", "--url", url, "--alias", ALIAS)
    assert result.exit_code == 4
    assert f"cannot reach OpenSearch at https://{USER}:***@127.0.0.1" in result.stderr
    assert "CERTIFICATE_VERIFY_FAILED" in result.stderr


def test_a_wrong_password_is_refused_plainly(secured):
    url, ca_file = secured
    wrong = url.replace(PASSWORD, "not-the-password")
    result = newsdex("stats", "--backend", "opensearch", "--url", wrong, "--ca-file", ca_file, "--alias", ALIAS)
    assert result.exit_code == 4 and "not-the-password" not in result.stderr
    assert f"https://{USER}:***@127.0.0.1" in result.stderr and "401" in result.stderr
