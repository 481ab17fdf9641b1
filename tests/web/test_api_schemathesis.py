"""Every operation of the OpenAPI description tried against the live server, as ``newsdex serve`` runs it.

Schemathesis makes the requests from the description (webui/openapi.json, which test_openapi.py holds equal
to what /openapi.json serves, and this test to what the live server serves): its examples, the edge cases of
each parameter (limits, enums, patterns) and random ones, valid and invalid (a parameter of the wrong type,
out of range, not in its enum, a method the path does not take). Every answer must be no 5xx, have a status,
media type and headers the description lists for the operation and match the schema given for it, and every
invalid request must be a 4xx. The generation is deterministic and bounded, so a run makes the same requests
each time and takes well under a minute.

Skipped when schemathesis is not installed, but where CI requires the browser tests
(NEWSDEX_REQUIRE_BROWSER=1, `.ci/run`), it fails instead.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request

import pytest
from helpers import missing_browser_tool

from webui.openapi import DOCUMENT

try:
    import schemathesis
    from schemathesis.checks import not_a_server_error
    from schemathesis.config import SchemathesisConfig
    from schemathesis.specs.openapi.checks import (
        content_type_conformance,
        negative_data_rejection,
        response_headers_conformance,
        response_schema_conformance,
        status_code_conformance,
        unsupported_method,
    )
except ImportError:
    missing_browser_tool("schemathesis is not installed (pip install '.[test]')", module_level=True)

EXAMPLES_PER_OPERATION = 25
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_headers_conformance,
          response_schema_conformance, negative_data_rejection, unsupported_method]
# Not checked: that every valid request is a 2xx. The description allows a 400 where the server needs more
# than a schema says (an article id for ``similar`` that the index holds, a list that holds a query).

CONFIG = SchemathesisConfig.from_dict({
    "generation": {"mode": "all", "max-examples": EXAMPLES_PER_OPERATION, "deterministic": True},
    "request-timeout": 30,
    # A value over its maxLength may be refused by the server itself (414, request line too long), as the
    # description says, before the app answers 400.
    "checks": {"negative_data_rejection": {"expected-statuses": [
        "400", "401", "403", "404", "405", "406", "409", "414", "415", "422", "428", "429", "5xx"]}},
})
SERVING = "Serving on "
schema = schemathesis.openapi.from_path(str(DOCUMENT), config=CONFIG)


@pytest.fixture(scope="module")
def served(index_root, tmp_path_factory):
    """``newsdex serve`` over the fixture index on a free port, as a user starts it."""
    log = tmp_path_factory.mktemp("serve") / "serve.log"
    with open(log, "w") as handle:
        proc = subprocess.Popen([sys.executable, "-m", "indexer.cli", "serve", "--index", str(index_root), "--port",
                                 "0", "--workers", "1"], stdout=subprocess.DEVNULL, stderr=handle,
                                start_new_session=True)
    try:
        # The port is bound before the line is printed, so the line says where to connect.
        deadline = time.monotonic() + 60
        while SERVING not in log.read_text() and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.1)
        line = next((line for line in log.read_text().splitlines() if line.startswith(SERVING)), None)
        assert line, log.read_text()
        base_url = line.split()[-1].rstrip("/")
        with urllib.request.urlopen(f"{base_url}/openapi.json", timeout=30) as response:
            assert response.read() == DOCUMENT.read_bytes(), "the live server serves another description"
        yield base_url
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
    assert "Traceback" not in log.read_text(), log.read_text()


@schema.parametrize()
def test_every_operation_answers_as_described(case, served):
    case.call_and_validate(base_url=served, checks=CHECKS)
