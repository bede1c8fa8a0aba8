"""The web app and JSON API: ``create_app()`` (FastAPI) and ``coalitionlab serve`` (uvicorn).

The app parses input, calls one library function and shows its result: the API answers the result's
``to_dict()`` (the JSON the CLI's ``--json`` prints), the pages show its ``summary().as_html()`` and figures of
its records. Nothing is computed here. Safe by default: see :mod:`coalitionlab.web.safety` and docs/web.md.
"""

from coalitionlab.web.app import create_app
from coalitionlab.web.services import Library

__all__ = ["Library", "create_app"]
