"""The library results the app shows, each computed once per process and only when first asked for.

The data set comes from :func:`coalitionlab.interventions.cache.load_dataset` (the disk cache the CLI uses); the
findings scorecard from :func:`coalitionlab.findings.score_findings` (about a minute or two, so computed lazily,
once). Tests pass stand-ins (``data=``, ``findings=``) so that nothing is rebuilt.
"""

from __future__ import annotations

import gc
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

MAX_KEPT_BODY = 2048  # bytes: a request body longer than this is validated every time (a scenario is ~50)


class Library:
    """Lazy, thread-safe holders of the slow results (the data set, the scorecard)."""

    def __init__(self, data: Any = None, findings: Any = None,
                 load_data: Callable[[], Any] | None = None, score: Callable[[Any], Any] | None = None,
                 freeze_gc: bool = False) -> None:
        """``freeze_gc``: once the data set is loaded, move every object then alive out of the garbage
        collector's reach (:func:`gc.freeze`), for a server process that keeps the data set for its whole life.
        Without it a full collection walks the data set's objects every few seconds under load and stalls every
        request at once (200-260 ms pauses measured on 100 clients, benchmarks/bench_api.py)."""
        self._data, self._findings = data, findings
        self._freeze_gc = freeze_gc
        self._load_data, self._score = load_data, score
        self._lock = threading.Lock()
        self._findings_lock = threading.Lock()
        self._forecasts: OrderedDict[str, bytes] = OrderedDict()
        self._forecast_lock = threading.Lock()
        self._bodies: OrderedDict[tuple[bytes, bytes], str] = OrderedDict()

    def cached_forecast(self, key: str) -> bytes | None:
        """The kept answer for a scenario ``key``, if any."""
        with self._forecast_lock:
            return self._forecasts.get(key)

    def remember_body(self, content_type: bytes, body: bytes, key: str, size: int = 1024) -> None:
        """Note that a request body (these exact bytes, under this Content-Type) was validated as the scenario
        ``key``: the same bytes get the same answer (see :func:`coalitionlab.web.fastpath`)."""
        if len(body) > MAX_KEPT_BODY:
            return
        with self._forecast_lock:
            self._bodies[content_type, body] = key
            self._bodies.move_to_end((content_type, body))
            while len(self._bodies) > size:
                self._bodies.popitem(last=False)

    def forecast_for_body(self, content_type: bytes, body: bytes) -> bytes | None:
        """The kept answer for a request body already validated (:meth:`remember_body`), if any."""
        with self._forecast_lock:
            key = self._bodies.get((content_type, body))
            return None if key is None else self._forecasts.get(key)

    def forecast(self, key: str, compute: Callable[[], bytes], size: int = 256) -> bytes:
        """The forecast answer for a scenario ``key``, computed once and kept (the most recent ``size``
        scenarios): a forecast is deterministic for its scenario and data, and takes ~0.1 s of CPU, so a
        popular scenario shared by link would otherwise queue every request behind the others."""
        with self._forecast_lock:
            if key in self._forecasts:
                self._forecasts.move_to_end(key)
                return self._forecasts[key]
        answer = compute()
        with self._forecast_lock:
            self._forecasts[key] = answer
            while len(self._forecasts) > size:
                self._forecasts.popitem(last=False)
        return answer

    def data(self):
        """The coalition data set (CoalitionData), loaded once."""
        if self._data is None:
            with self._lock:
                if self._data is None:
                    if self._load_data is not None:
                        self._data = self._load_data()
                    else:
                        from coalitionlab.interventions.cache import load_dataset

                        self._data = load_dataset()
                    if self._freeze_gc:
                        gc.collect()  # the garbage of the build goes first: a frozen object is never freed
                        gc.freeze()
        return self._data

    def findings(self):
        """The findings scorecard (F1-F12, E1-E7), scored once."""
        if self._findings is None:
            with self._findings_lock:
                if self._findings is None:
                    if self._score is not None:
                        self._findings = self._score(self.data())
                    else:
                        from coalitionlab.findings import score_findings

                        self._findings = score_findings(data=self.data())
        return self._findings

    @property
    def findings_ready(self) -> bool:
        return self._findings is not None
