"""Hostile input across the commands: every case ends with a message that says what is wrong (and how to fix it),
exit code 2, no traceback, and nothing half-written: no new file, no temporary file, earlier outputs untouched."""

import os
import sys
from pathlib import Path

import pytest

from tests.conftest import invoke


def _tree(root: Path) -> dict[str, bytes | None]:
    """Every path under ``root`` (hidden ones too) with its bytes (None for folders and links)."""
    out = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            p = Path(dirpath) / name
            out[str(p.relative_to(root))] = p.read_bytes() if p.is_file() and not p.is_symlink() else None
    return out


@pytest.fixture
def ws(tmp_path):
    """A workspace with the usual hazards: a file, a folder of someone else's files, an earlier coalitionlab
    output, symlink loops, a dangling link, curated folders that are wrong in different ways."""
    (tmp_path / "a_file.txt").write_text("not a folder")
    (tmp_path / "theirs").mkdir()
    (tmp_path / "theirs" / "thesis.docx").write_text("precious")
    prev = tmp_path / "prev"
    prev.mkdir()
    (prev / ".coalitionlab-output").write_text("")
    (prev / "partners.csv").write_text("previous build")
    (tmp_path / "existing.csv").write_text("ccode,year\n2,1990\n")
    (tmp_path / "folder.csv").mkdir()
    os.symlink(tmp_path / "loop", tmp_path / "loop")
    os.symlink(tmp_path / "loop.csv", tmp_path / "loop.csv")
    os.symlink(tmp_path / "nowhere", tmp_path / "dangling")
    latin = tmp_path / "cur_latin1"
    latin.mkdir()
    (latin / "partners.yaml").write_bytes("- intervention_id: MIP252\n  citation: Mart\xednez\n".encode("latin-1"))
    (tmp_path / "cur_empty").mkdir()
    fifo = tmp_path / "cur_fifo"
    fifo.mkdir()
    os.mkfifo(fifo / "partners.yaml")
    bad = tmp_path / "cur_badyaml"
    bad.mkdir()
    (bad / "partners.yaml").write_text("- intervention_id: [unclosed\n")
    nolist = tmp_path / "cur_notalist"
    nolist.mkdir()
    (nolist / "partners.yaml").write_text("intervention_id: MIP252\n")
    (tmp_path / "bibdir.bib").mkdir()
    return tmp_path


T = "{ws}"
CASES = [
    # build: the output folder
    ("build-missing-parent", ["build", "--out", f"{T}/no/such/dir"], "does not exist"),
    ("build-out-is-file", ["build", "--out", f"{T}/a_file.txt"], "existing file, not a folder"),
    ("build-out-dev-full", ["build", "--out", "/dev/full"], "not a folder"),
    ("build-out-dev-null", ["build", "--out", "/dev/null"], "not a folder"),
    ("build-parent-is-file", ["build", "--out", f"{T}/a_file.txt/sub"], "not a folder"),
    ("build-out-symlink-loop", ["build", "--out", f"{T}/loop"], "symbolic link loop"),
    ("build-out-dangling-link", ["build", "--out", f"{T}/dangling"], "dangling"),
    ("build-out-someone-elses-folder", ["build", "--out", f"{T}/theirs"], "did not write"),
    ("build-out-someone-elses-folder-force", ["build", "--out", f"{T}/theirs", "--force"], "did not write"),
    ("build-out-earlier-output", ["build", "--out", f"{T}/prev"], "--force"),
    ("build-out-read-only-fs", ["build", "--out", "/sys/coalitionlab_out"], "/sys"),
    ("build-out-proc", ["build", "--out", "/proc/coalitionlab_out"], "coalitionlab_out"),
    ("build-out-cwd-with-files", ["build", "--out", "."], "did not write"),
    # build: the curated folder
    ("curated-missing", ["build", "--out", f"{T}/new", "--curated", f"{T}/nope"], "does not exist"),
    ("curated-is-file", ["build", "--out", f"{T}/new", "--curated", f"{T}/a_file.txt"], "is a file, not a folder"),
    ("curated-symlink-loop", ["build", "--out", f"{T}/new", "--curated", f"{T}/loop"], "symbolic link loop"),
    ("curated-dangling", ["build", "--out", f"{T}/new", "--curated", f"{T}/dangling"], "dangling"),
    ("curated-not-utf8", ["build", "--out", f"{T}/new", "--curated", f"{T}/cur_latin1"], "not UTF-8"),
    ("curated-fifo", ["build", "--out", f"{T}/new", "--curated", f"{T}/cur_fifo"], "not a regular file"),
    ("curated-empty", ["build", "--out", f"{T}/new", "--curated", f"{T}/cur_empty"], "partners"),
    ("curated-root", ["build", "--out", f"{T}/new", "--curated", "/"], "partners"),
    ("verify-curated-root", ["data", "verify", "--curated", "/"], "partners"),
    # panel: the output file
    ("panel-unknown-extension", ["panel", "stateyears", "--out", f"{T}/p.xlsx"], "unknown extension"),
    ("panel-no-extension", ["panel", "stateyears", "--out", f"{T}/panel"], "unknown extension"),
    ("panel-dev-full", ["panel", "stateyears", "--out", "/dev/full"], "unknown extension"),
    ("panel-missing-parent", ["panel", "stateyears", "--out", f"{T}/no/such/p.csv"], "does not exist"),
    ("panel-existing-file", ["panel", "stateyears", "--out", f"{T}/existing.csv"], "--force"),
    ("panel-out-is-folder", ["panel", "stateyears", "--out", f"{T}/folder.csv"], "is a folder"),
    ("panel-symlink-loop", ["panel", "dyadyears", "--out", f"{T}/loop.csv"], "symbolic link loop"),
    ("panel-parent-is-file", ["panel", "dyadyears", "--out", f"{T}/a_file.txt/p.csv"], "not a folder"),
    ("panel-bib-is-folder", ["panel", "stateyears", "--out", f"{T}/bibdir.csv"], "is a folder"),
    ("panel-read-only-fs", ["panel", "stateyears", "--out", "/sys/coalitionlab.csv"], "coalitionlab.csv"),
    ("panel-years-text", ["panel", "stateyears", "--years", "abc"], "abc"),
    ("panel-years-before", ["panel", "dyadyears", "--years", "1700-1800", "--out", f"{T}/d.csv"], "1816"),
    ("panel-years-reversed", ["panel", "dyadyears", "--years", "2000-1990"], "2000"),
    ("panel-unknown-covariate", ["panel", "stateyears", "--add", "nosuch", "--out", f"{T}/s.csv"], "nosuch"),
    ("panel-system", ["panel", "stateyears", "--system", "xyz"], "xyz"),
    # data, cite, verify, download
    ("data-info-unknown", ["data", "info", "nosuch"], "Unknown data set"),
    ("data-cite-unknown", ["data", "cite", "nosuch"], "Unknown data set"),
    ("cite-unknown", ["cite", "nmcc"], "Did you mean"),
    ("verify-curated-missing", ["data", "verify", "--curated", f"{T}/nope"], "does not exist"),
    ("verify-curated-not-utf8", ["data", "verify", "--curated", f"{T}/cur_latin1"], "not UTF-8"),
    ("verify-curated-bad-yaml", ["data", "verify", "--curated", f"{T}/cur_badyaml"], "not valid YAML"),
    ("verify-curated-not-a-list", ["data", "verify", "--curated", f"{T}/cur_notalist"], "list of entries"),
    ("download-cache-is-file", ["data", "download", "nmc", "--cache", f"{T}/a_file.txt"], "is a file"),
    ("download-cache-loop", ["data", "download", "nmc", "--cache", f"{T}/loop"], "symbolic link loop"),
    ("download-cache-missing-parent", ["data", "download", "nmc", "--cache", f"{T}/no/such"], "does not exist"),
    ("download-not-http", ["data", "download", "nmc", "--url", "ftp://example.org/x"], "http"),
    ("download-unknown", ["data", "download", "nosuch"], "Unknown data set"),
    # other commands
    ("country-unknown", ["country", "Narnia"], "Narnia"),
    ("country-year-text", ["country", "Burma", "--year", "abc"], "integer"),
    ("codebook-unknown", ["codebook", "nosuch"], "No variable"),
    ("fit-unknown", ["fit", "q9"], "q1, q2, q3"),
    ("unknown-command", ["nosuchcommand"], "nosuchcommand"),
]


@pytest.mark.parametrize("case,args,message", CASES, ids=[c[0] for c in CASES])
def test_hostile_input_exit_2_with_message(ws, case, args, message):
    before = _tree(ws)
    args = [a.replace(T, str(ws)) for a in args]
    code, out, errs = invoke(args)
    assert code == 2, (case, code, out, errs)
    assert message in " ".join(errs.replace("│", " ").split()), (case, errs)
    assert "Traceback" not in out + errs
    assert _tree(ws) == before  # nothing written, nothing left behind, nothing changed
    assert not [p for p in os.listdir("/sys") if "coalitionlab" in p]


def test_at_least_forty_cases():
    assert len(CASES) >= 40


def test_disk_full_while_writing_panel(ws, monkeypatch):
    """ENOSPC in the middle of writing: a message, exit 2, the earlier file whole, no temporary file."""
    import errno

    import pandas as pd

    def full(self, path, *a, **k):
        Path(path).write_text("half")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(pd.DataFrame, "to_csv", full)
    before = _tree(ws)
    code, out, errs = invoke(["panel", "stateyears", "--years", "1990", "--out", str(ws / "existing.csv"),
                              "--force"])
    assert code == 2 and "disk is full" in errs and "Traceback" not in out + errs
    assert _tree(ws) == before


def test_disk_full_while_writing_the_data_set(ws, monkeypatch, coalition_data):
    """ENOSPC halfway through the tables: the earlier output is whole, no temporary folder is left."""
    import errno

    import coalitionlab.interventions.cache as cache
    import coalitionlab.io as io_module

    monkeypatch.setattr(cache, "load_dataset", lambda *a, **k: coalition_data)
    calls = {"n": 0}
    real = io_module.write_table

    def flaky(df, path, *a, **k):
        calls["n"] += 1
        if calls["n"] == 4:
            raise io_module._fs_error(OSError(errno.ENOSPC, "No space left on device"), Path(path))
        return real(df, path, *a, **k)

    monkeypatch.setattr("coalitionlab.interventions.build.write_table", flaky)
    before = _tree(ws)
    code, out, errs = invoke(["build", "--out", str(ws / "prev"), "--force", "--quiet"])
    assert code == 2 and "disk is full" in errs and "Traceback" not in out + errs
    assert _tree(ws) == before


def test_non_root_unwritable_folder(ws):
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        pytest.skip("root can write into a read-only folder")
    ro = ws / "ro"
    ro.mkdir()
    ro.chmod(0o555)
    try:
        for args in (["build", "--out", str(ro / "d")], ["panel", "stateyears", "--out", str(ro / "p.csv")]):
            code, _, errs = invoke(args)
            assert code == 2 and "not writable" in errs
        assert list(ro.iterdir()) == []
    finally:
        ro.chmod(0o755)


def test_no_traceback_from_the_console_script(ws):
    """The installed command (not only main() in process): a fault gives one line on stderr and exit 2."""
    import subprocess

    exe = Path(sys.executable).parent / "coalitionlab"
    r = subprocess.run([str(exe), "build", "--out", str(ws / "a_file.txt")], capture_output=True, text=True,
                       timeout=120)
    assert r.returncode == 2 and "Traceback" not in r.stderr and r.stderr.startswith("error: ")
