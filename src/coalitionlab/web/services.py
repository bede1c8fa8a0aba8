"""The library results the app shows, each computed once per process and only when first asked for.

The data set comes from :func:`coalitionlab.interventions.cache.load_dataset` (the disk cache the CLI uses); the
findings scorecard from :func:`coalitionlab.findings.score_findings` (about a minute or two, so computed lazily,
once). Tests pass stand-ins (``data=``, ``findings=``) so that nothing is rebuilt.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any


class Library:
    """Lazy, thread-safe holders of the slow results (the data set, the scorecard)."""

    def __init__(self, data: Any = None, findings: Any = None,
                 load_data: Callable[[], Any] | None = None, score: Callable[[Any], Any] | None = None) -> None:
        self._data, self._findings = data, findings
        self._load_data, self._score = load_data, score
        self._lock = threading.Lock()
        self._findings_lock = threading.Lock()
        self._forecasts: OrderedDict[str, bytes] = OrderedDict()
        self._forecast_lock = threading.Lock()

    def cached_forecast(self, key: str) -> bytes | None:
        """The kept answer for a scenario ``key``, if any."""
        with self._forecast_lock:
            return self._forecasts.get(key)

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
