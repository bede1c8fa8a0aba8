"""Shared fixtures: the tests run on the real bundled data, offline."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner


@pytest.fixture(scope="session", autouse=True)
def one_blas_thread():
    """One BLAS thread: the suite's designs are small, and on a busy two-core machine a second BLAS thread waiting
    for a core made fits many times slower."""
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1):
        yield


@pytest.fixture(scope="session", autouse=True)
def private_cache(tmp_path_factory):
    """Every cache the tests touch (the built data set, forecast models) lives in this session folder: the
    user's own cache is never read or written."""
    import os

    path = tmp_path_factory.mktemp("cache")
    # the main job runs in this process (COALITIONLAB_WORKERS=1), so the tests' stand-ins for its steps hold;
    # tests/report/test_lanes.py tests the second process on its own
    env = {"COALITIONLAB_CACHE": str(path), "COALITIONLAB_WORKERS": "1"}
    old = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    yield path
    for key, value in old.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


@pytest.fixture(scope="session")
def runner() -> CliRunner:
    return CliRunner()


def invoke(args: list[str]):
    """Run the CLI the way the console script does (bad input -> exit 2)."""
    import io
    import sys
    from contextlib import redirect_stderr, redirect_stdout

    from coalitionlab.cli import main

    out, errs = io.StringIO(), io.StringIO()
    old = sys.argv
    sys.argv = ["coalitionlab", *args]
    code = 0
    try:
        with redirect_stdout(out), redirect_stderr(errs):
            main()
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    finally:
        sys.argv = old
    return code, out.getvalue(), errs.getvalue()


@pytest.fixture(scope="session")
def coalition_data():
    """The coalition intervention data set, built once per test session."""
    from coalitionlab.interventions import build_dataset

    return build_dataset()


@pytest.fixture(scope="session")
def fitted(coalition_data):
    """The three questions' models (with cross-validation), fitted once per test session."""
    from coalitionlab.models import fit_all

    return fit_all(coalition_data)


@pytest.fixture(scope="session")
def robust(fitted):
    """The robustness of every verdict, computed once per test session."""
    from coalitionlab.findings import robustness

    return robustness(fitted)


@pytest.fixture
def reuse_fits(monkeypatch, coalition_data, fitted, robust, entanglement_card):
    """For tests of the CLI and the main job's assembly: the session's data set, fits and robustness stand in
    for rebuilding and refitting them (their values are tested in tests/models and tests/findings)."""
    import coalitionlab.findings as findings
    import coalitionlab.interventions as interventions
    import coalitionlab.interventions.build as build
    import coalitionlab.models as models
    import coalitionlab.report.main_job as main_job

    for module in (interventions, build, main_job):
        monkeypatch.setattr(module, "build_dataset", lambda *a, **k: coalition_data, raising=False)
    monkeypatch.setattr(main_job, "load_dataset", lambda *a, **k: coalition_data)
    for module in (models, main_job):
        monkeypatch.setattr(module, "fit_all", lambda *a, **k: fitted)
    for module in (findings, main_job):
        monkeypatch.setattr(module, "robustness", lambda *a, **k: robust)
    import coalitionlab.findings.entanglement as ent

    monkeypatch.setattr(ent, "entanglement_findings", lambda *a, **k: entanglement_card)


@pytest.fixture(scope="session")
def entanglement_card():
    """E1-E7 scored once per session (on the initiation models the entanglement tests share)."""
    from coalitionlab.findings.entanglement import entanglement_findings
    from tests.entanglement.test_behaviour import _shared_report

    return entanglement_findings(initiation=_shared_report())
