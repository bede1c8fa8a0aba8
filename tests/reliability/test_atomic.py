"""Atomic output folders: a killed or interrupted build leaves the previous output whole and, after the next run,
no temporary folder; a lock keeps two builds out of one folder; --force replaces only coalitionlab's outputs."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from coalitionlab.errors import OutputError
from coalitionlab.io import MARKER, atomic_dir, write_text
from tests.conftest import invoke

EXE = Path(sys.executable).parent / "coalitionlab"


def _previous(tmp_path: Path) -> Path:
    out = tmp_path / "dataset"
    out.mkdir()
    (out / MARKER).write_text("")
    (out / "partners.csv").write_text("previous build\n")
    return out


def _names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def _start_build(out: Path, cache: Path) -> tuple[subprocess.Popen, Path]:
    """A real build (no cache) into ``out``; returns once its temporary folder exists, i.e. midway."""
    env = {**os.environ, "COALITIONLAB_CACHE": str(cache)}
    proc = subprocess.Popen([str(EXE), "build", "--out", str(out), "--force", "--no-cache"], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        tmp = [p for p in out.parent.iterdir() if p.name.startswith(f".{out.name}.tmp-")]
        if tmp:
            return proc, tmp[0]
        assert proc.poll() is None, proc.communicate()
        time.sleep(0.05)
    proc.kill()
    raise AssertionError("the build never started its temporary folder")


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGKILL], ids=["ctrl-c", "kill"])
def test_killed_build_leaves_previous_output_whole(tmp_path, sig):
    out = _previous(tmp_path)
    proc, tmp = _start_build(out, tmp_path / "cache")
    time.sleep(1.0)  # well into the build
    proc.send_signal(sig)
    _, errs = proc.communicate(timeout=60)
    assert (out / "partners.csv").read_text() == "previous build\n" and _names(out) == [MARKER, "partners.csv"]
    if sig == signal.SIGINT:
        assert proc.returncode == 130 and "interrupted" in errs and "Traceback" not in errs
        assert not tmp.exists()  # cleaned up on the way out
    else:
        assert tmp.exists()  # a kill cannot clean up; the next run does
        with atomic_dir(out, force=True) as new:
            write_text(new / "partners.csv", "next build\n")
        assert not tmp.exists()
    assert _names(tmp_path) == sorted(["dataset", *(["cache"] if (tmp_path / "cache").exists() else [])])


def test_lock_stops_a_second_build_into_the_same_folder(tmp_path):
    out = _previous(tmp_path)
    with atomic_dir(out, force=True) as tmp:
        write_text(tmp / "partners.csv", "first\n")
        code, _, errs = invoke(["build", "--out", str(out), "--force", "--quiet"])
        assert code == 2 and "Another coalitionlab command is writing" in errs
    assert (out / "partners.csv").read_text() == "first\n"
    assert _names(tmp_path) == ["dataset"]  # the lock file is gone too


def test_error_inside_leaves_previous_and_no_temporary(tmp_path):
    out = _previous(tmp_path)
    with pytest.raises(KeyboardInterrupt), atomic_dir(out, force=True) as tmp:
        write_text(tmp / "partners.csv", "half")
        raise KeyboardInterrupt
    assert (out / "partners.csv").read_text() == "previous build\n" and _names(tmp_path) == ["dataset"]


def test_replace_needs_force_and_never_touches_other_folders(tmp_path):
    out = _previous(tmp_path)
    with pytest.raises(OutputError, match="--force"), atomic_dir(out):
        pass
    with atomic_dir(out, force=True) as tmp:
        write_text(tmp / "interventions.csv", "new\n")
    assert _names(out) == [MARKER, "interventions.csv"]  # replaced whole: no file of the old output mixed in
    theirs = tmp_path / "theirs"
    theirs.mkdir()
    (theirs / "notes.txt").write_text("mine")
    with pytest.raises(OutputError, match="did not write"), atomic_dir(theirs, force=True):
        pass
    assert _names(theirs) == ["notes.txt"]
    with atomic_dir(tmp_path / "fresh") as tmp:  # a new folder needs no --force
        write_text(tmp / "a.csv", "x\n")
    assert _names(tmp_path / "fresh") == [MARKER, "a.csv"]


def test_a_data_set_folder_written_by_write_dataset_can_be_replaced(tmp_path, coalition_data):
    """`make demo` writes out/dataset with write_dataset; a later `coalitionlab build --force` may replace it."""
    from coalitionlab.interventions.build import write_dataset

    out = tmp_path / "dataset"
    write_dataset(coalition_data, out, sources=["mip2022"])
    assert (out / MARKER).exists()
    with pytest.raises(OutputError, match="--force"), atomic_dir(out):
        pass
    with atomic_dir(out, force=True) as tmp:
        write_text(tmp / "interventions.csv", "new\n")
    assert _names(out) == [MARKER, "interventions.csv"]
