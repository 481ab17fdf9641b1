"""``/openapi.json``: the OpenAPI description of the data endpoints, the file ``webui/openapi.json`` as it is.

The file is made by ``webui.openapi_spec.build()`` (``python -m webui.openapi_spec`` writes it again);
tests/web/test_openapi.py holds it to the routes, the facet registry and the answers.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from flask import Blueprint, Response

bp = Blueprint("openapi", __name__)

DOCUMENT = Path(__file__).with_name("openapi.json")
MEDIA_TYPE = "application/json"


@bp.route("/openapi.json")
def openapi_json():
    return Response(document_bytes(), mimetype=MEDIA_TYPE)


@cache
def document_bytes() -> bytes:
    return DOCUMENT.read_bytes()
