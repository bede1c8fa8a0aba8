"""Writing outputs safely: to a temporary file (or folder) in the same folder, then an atomic rename.

A crash, an error or Ctrl-C never leaves half a file or half a folder under the final name, and no temporary
file behind. File-system faults the user can fix (a missing or unwritable folder, ``--out`` naming the wrong
kind of path, a full disk, a symlink loop, an unreadable input) are :class:`~coalitionlab.errors.OutputError`
(exit code 2), checked before the work starts where they can be.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import shutil
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pandas as pd

from coalitionlab.display import clean
from coalitionlab.errors import BadInputError, OutputError

TABLE_FORMATS = {".parquet": "Parquet", ".csv": "CSV", ".dta": "Stata"}


def _lstat(path: Path) -> os.stat_result | None:
    """``lstat`` of ``path``, or None when nothing is there."""
    try:
        return os.lstat(path)
    except FileNotFoundError:
        return None
    except NotADirectoryError as exc:
        raise OutputError(f"'{path}': a part of the path is a file, not a folder; choose another path.") from exc
    except OSError as exc:
        raise OutputError(f"'{path}': cannot be inspected ({exc.strerror}).") from exc


def _stat_following(path: Path, what: str) -> os.stat_result | None:
    """``stat`` of ``path`` following symbolic links; a symlink loop or a dangling link is an OutputError."""
    try:
        return os.stat(path)
    except FileNotFoundError:
        if _lstat(path) is not None:
            raise OutputError(f"{what} '{path}' is a symbolic link to nothing (dangling); remove the link or "
                              "choose another path.") from None
        return None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise OutputError(f"{what} '{path}' is a symbolic link loop; remove the link or choose another "
                              "path.") from exc
        if exc.errno == errno.ENOTDIR:
            raise OutputError(f"{what} '{path}': a part of the path is a file, not a folder.") from exc
        if exc.errno == errno.EACCES:
            raise OutputError(f"{what} '{path}': permission denied; check the folder's permissions.") from exc
        raise OutputError(f"{what} '{path}': {exc.strerror}.") from exc


def check_parent(path: str | Path, what: str = "--out", create: bool = False) -> Path:
    """The folder that will hold ``path`` must exist (or, with ``create``, be creatable), be a folder and be
    writable. Returns the parent folder."""
    path = Path(path)
    parent = path.parent if str(path.parent) else Path(".")
    st = _stat_following(parent, f"The folder of {what}")
    if st is None:
        if create:
            try:
                parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise OutputError(f"Cannot create the folder '{parent}' for {what} ({exc.strerror}); create it "
                                  "yourself or choose another path.") from exc
            return parent
        raise OutputError(f"The folder '{parent}' for {what} '{path}' does not exist; create it first "
                          f"(mkdir -p {parent}) or choose another path.")
    if not stat.S_ISDIR(st.st_mode):
        raise OutputError(f"'{parent}' is not a folder, so {what} '{path}' cannot be written there; choose "
                          "another path.")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise OutputError(f"The folder '{parent}' is not writable, so {what} '{path}' cannot be written; check "
                          "its permissions or choose another path.")
    return parent


def check_output_file(path: str | Path, force: bool = True, what: str = "--out") -> Path:
    """Check, before the work starts, that the file ``path`` can be written: its folder exists and is writable,
    and ``path`` is not a folder, a device or a symlink loop; an existing file is replaced only with ``force``."""
    path = Path(path)
    st = _stat_following(path, what)
    if st is not None:
        if stat.S_ISDIR(st.st_mode):
            raise OutputError(f"{what} '{path}' is a folder; give a file name, e.g. {path / 'panel.parquet'}.")
        if not stat.S_ISREG(st.st_mode):
            raise OutputError(f"{what} '{path}' is not a regular file (a device or a pipe); give a file name in "
                              "a folder on disk.")
        if not force:
            raise OutputError(f"{what} '{path}' already exists; add --force to replace it or choose another "
                              "name.")
    elif _lstat(path) is not None:  # pragma: no cover - _stat_following raised already
        raise OutputError(f"{what} '{path}' is a broken symbolic link.")
    check_parent(path, what)
    return path


def check_input_dir(path: str | Path, what: str = "--curated",
                    pattern: str | tuple[str, ...] | None = ("*.yaml", "*/*.yaml")) -> Path:
    """Check an input folder before the work starts: it exists, is a folder, is no symlink loop, and every file
    matching ``pattern`` (a glob, or several; never a recursive scan, so ``/`` is quick) is UTF-8 text."""
    path = Path(path)
    st = _stat_following(path, what)
    if st is None:
        raise OutputError(f"{what} '{path}' does not exist; give an existing folder.")
    if not stat.S_ISDIR(st.st_mode):
        raise OutputError(f"{what} '{path}' is a file, not a folder; give the folder that holds the files.")
    if not os.access(path, os.R_OK | os.X_OK):
        raise OutputError(f"{what} '{path}' cannot be read (permission denied); check its permissions.")
    for pat in ([pattern] if isinstance(pattern, str) else pattern or []):
        for f in sorted(path.glob(pat)):
            check_text_file(f, what)
    return path


def check_text_file(path: str | Path, what: str = "file") -> None:
    """A UTF-8 text file that can be read, or an :class:`OutputError` naming the problem and the fix."""
    path = Path(path)
    st = _stat_following(path, f"{what} file")
    if st is None:
        raise OutputError(f"{what} file '{path}' does not exist.")
    if stat.S_ISDIR(st.st_mode):
        return
    if not stat.S_ISREG(st.st_mode):  # a pipe or a device would hang or never end
        raise OutputError(f"{what} file '{path}' is not a regular file (a pipe or a device); replace it with a "
                          "text file.")
    try:
        with open(path, "rb") as fh:
            fh.read().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise OutputError(f"{what} file '{path}' is not UTF-8 text ({exc.reason} at byte {exc.start}); save it "
                          "as UTF-8.") from exc
    except PermissionError as exc:
        raise OutputError(f"{what} file '{path}' cannot be read (permission denied); check its "
                          "permissions.") from exc
    except OSError as exc:
        raise OutputError(f"{what} file '{path}' cannot be read ({exc.strerror}).") from exc


def check_cache_dir(path: str | Path, what: str = "--cache") -> Path:
    """A cache folder: a folder (created when missing, in a writable folder), never a file."""
    path = Path(path)
    st = _stat_following(path, what)
    if st is None:
        check_parent(path, what)
        return path
    if not stat.S_ISDIR(st.st_mode):
        raise OutputError(f"{what} '{path}' is a file, not a folder; give a folder for the cache.")
    if not os.access(path, os.W_OK | os.X_OK):
        raise OutputError(f"{what} '{path}' is not writable; check its permissions or choose another folder.")
    return path


def _fs_error(exc: OSError, path: Path) -> OutputError:
    """An OSError met while writing ``path``, said for people."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return OutputError(f"The disk is full (or over quota) while writing '{path}'; free some space or choose "
                           "another folder. Nothing was written.")
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return OutputError(f"Permission denied while writing '{path}' ({exc.strerror}); check the folder's "
                           "permissions or choose another path. Nothing was written.")
    return OutputError(f"Cannot write '{path}': {exc.strerror or exc}. Nothing was written.")


@contextlib.contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; rename it to ``path`` only if the block succeeds. A file-system
    fault (full disk, permission) becomes an :class:`OutputError`; the temporary file never stays behind."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise _fs_error(exc, path) from exc
    os.close(fd)
    os.chmod(tmp, 0o666 & ~_umask())  # mkstemp creates 0600; give the final file the usual permissions
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        os.replace(tmp_path, path)
    except OSError as exc:
        if isinstance(exc, BadInputError):
            raise
        raise _fs_error(exc, path) from exc
    finally:
        if tmp_path.exists():
            tmp_path.unlink()


_TMP_TAG = ".tmp-"
MARKER = ".coalitionlab-output"  # written into every output folder: only such a folder is ever replaced
_OLD_TAG = ".old-"


def _lock_path(path: Path) -> Path:
    return path.parent / f".{path.name}.lock"


@contextlib.contextmanager
def _folder_lock(path: Path) -> Iterator[None]:
    """An exclusive lock for writing the output folder ``path`` (a ``.NAME.lock`` file beside it, removed
    afterwards); a second writer fails at once with a clear message instead of interleaving."""
    lock = _lock_path(path)
    while True:
        try:
            fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise _fs_error(exc, lock) from exc
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise OutputError(f"Another coalitionlab command is writing '{path}' right now (lock {lock}); wait "
                              "for it to finish or choose another --out.") from None
        try:  # the holder before us may have removed the file: lock the file that is there now
            same = os.fstat(fd).st_ino == os.stat(lock).st_ino
        except FileNotFoundError:
            same = False
        if same:
            break
        os.close(fd)
    try:
        yield
    finally:
        with contextlib.suppress(OSError):
            os.unlink(lock)
        os.close(fd)


def _is_ours(name: str, base: str) -> bool:
    return name.startswith(f".{base}{_TMP_TAG}") or name.startswith(f".{base}{_OLD_TAG}")


def check_output_dir(path: str | Path, force: bool = False, what: str = "--out", create_parent: bool = False) -> Path:
    """Check, before the work starts, that the output folder ``path`` can be written: its parent exists (or, with
    ``create_parent``, is created) and is writable; ``path`` is not a file or a symlink loop; an existing folder
    written by coalitionlab is replaced only with ``force``, a folder holding other files never."""
    path = Path(path)
    st = _stat_following(path, what)
    if st is not None:
        if not stat.S_ISDIR(st.st_mode):
            raise OutputError(f"{what} '{path}' is an existing file, not a folder; give a folder name (it is "
                              "created) or remove the file.")
        try:
            names = [p.name for p in path.iterdir()]
        except OSError as exc:
            raise OutputError(f"{what} '{path}' cannot be read ({exc.strerror}); check its permissions.") from exc
        if names and MARKER not in names:
            raise OutputError(f"{what} '{path}' holds files that coalitionlab did not write; it is never replaced. "
                              "Delete it yourself, or choose another --out (a new or empty folder).")
        if names and not force:
            raise OutputError(f"{what} '{path}' already holds an earlier output; add --force to replace it, or "
                              "choose another --out.")
    check_parent(path, what, create=create_parent)
    return path


@contextlib.contextmanager
def atomic_dir(path: str | Path, force: bool = False, create_parent: bool = False) -> Iterator[Path]:
    """Write an output folder atomically: yield an empty temporary folder beside ``path``; when the block
    succeeds, the temporary folder takes the place of ``path`` (the previous one, if any, is then removed).

    On an error, Ctrl-C or a kill, the previous ``path`` is left whole; the temporary folder is removed (or, after
    a kill, by the next run). A lock stops two writers into one folder from interleaving. An existing folder with
    files is replaced only with ``force`` (:func:`check_output_dir`, run first). Use it for every output folder
    (the data set, the report)::

        with atomic_dir(out, force=force) as tmp:
            write_text(tmp / "report.md", text)
    """
    path = Path(os.path.abspath(path))
    check_output_dir(path, force, create_parent=create_parent)
    with _folder_lock(path):
        for stale in path.parent.iterdir():  # left by a killed run (we hold the lock: nobody else is writing)
            if _is_ours(stale.name, path.name):
                shutil.rmtree(stale, ignore_errors=True)
        try:
            tmp = Path(tempfile.mkdtemp(dir=path.parent, prefix=f".{path.name}{_TMP_TAG}"))
        except OSError as exc:
            raise _fs_error(exc, path) from exc
        os.chmod(tmp, 0o777 & ~_umask())
        try:
            yield tmp
            (tmp / MARKER).write_text("This folder was written by coalitionlab; `--force` may replace it.\n")
            check_output_dir(path, force)  # still true now the work is done (someone may have put files there)
            old = None
            if os.path.lexists(path):
                old = path.parent / f".{path.name}{_OLD_TAG}{os.getpid()}"
                os.replace(path, old)
            try:
                os.replace(tmp, path)
            except BaseException:
                if old is not None:
                    os.replace(old, path)
                raise
            if old is not None:
                shutil.rmtree(old, ignore_errors=True)
        except OSError as exc:
            if isinstance(exc, BadInputError):
                raise
            raise _fs_error(exc, path) from exc
        finally:
            if tmp.exists():
                shutil.rmtree(tmp, ignore_errors=True)


def _umask() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return umask


def json_dumps(obj) -> str:
    """Strict JSON (no NaN) for the command's --json output and the main job's files."""
    return json.dumps(clean(obj), indent=2, default=str, allow_nan=False)


def write_text(path: str | Path, text: str) -> Path:
    """Write text atomically."""
    with atomic_path(path) as tmp:
        tmp.write_text(text)
    return Path(path)


_STATA_INT = [("Int8", -127, 100), ("Int16", -32767, 32740), ("Int32", -2147483647, 2147483620)]


def _stata_ready(df: pd.DataFrame) -> pd.DataFrame:
    """Stata's types: integers stay integers (byte, int or long, the smallest that holds them, with Stata's
    missing value for NA) rather than doubles; booleans are bytes; text is text (empty for NA)."""
    out = df.copy()
    for col in out.columns:
        s = out[col]
        if isinstance(s.dtype, pd.BooleanDtype) or s.dtype == bool:
            out[col] = s.astype("Int8")
        elif pd.api.types.is_integer_dtype(s):
            lo, hi = (s.min(), s.max()) if s.notna().any() else (0, 0)
            fit = next((t for t, a, b in _STATA_INT if a <= lo and hi <= b), None)
            out[col] = s.astype(fit) if fit else s.astype("float64")
        elif pd.api.types.is_string_dtype(s) or s.dtype == object:
            out[col] = s.astype(object).where(s.notna(), "").astype(str)
    out.columns = [str(c)[:32] for c in out.columns]
    return out


def _write_stata(df: pd.DataFrame, path: Path, variable_labels: dict[str, str], value_labels: dict,
                 data_label: str | None, notes: list[str]) -> None:
    """A Stata 14+ (format 118) file with variable labels, value labels, a data label and notes (``notes``
    shows them; stored as the ``_dta[note1]``... characteristics, as Stata's ``note:`` command does)."""
    from pandas.io.stata import StataWriterUTF8

    class _Writer(StataWriterUTF8):
        def _write_characteristics(self) -> None:
            self._update_map("characteristics")
            order = "<" if self._byteorder == "<" else ">"
            chars = [("_dta", "note0", str(len(notes)))] + [("_dta", f"note{i}", n) for i, n in enumerate(notes, 1)]
            body = b""
            for var, name, text in chars if notes else []:
                content = (var.encode().ljust(129, b"\0") + name.encode().ljust(129, b"\0")
                           + text.encode("utf-8") + b"\0")
                body += b"<ch>" + len(content).to_bytes(4, "little" if order == "<" else "big") + content + b"</ch>"
            self._write_bytes(self._tag(body, "characteristics"))

    _Writer(path, df, write_index=False, variable_labels=variable_labels or None, data_label=data_label,
            value_labels=value_labels or None).write_file()


def stata_notes(path: str | Path) -> list[str]:
    """The notes of a Stata 117/118 file (``_dta[note1]``, ...), in order."""
    raw = Path(path).read_bytes()
    start, end = raw.find(b"<characteristics>"), raw.find(b"</characteristics>")
    little = b"<byteorder>LSF</byteorder>" in raw[:200]
    notes, pos = {}, start + len(b"<characteristics>")
    while 0 <= start < pos < end and raw.startswith(b"<ch>", pos):
        n = int.from_bytes(raw[pos + 4:pos + 8], "little" if little else "big")
        body = raw[pos + 8:pos + 8 + n]
        var, name = body[:129].rstrip(b"\0").decode(), body[129:258].rstrip(b"\0").decode()
        if var == "_dta" and name.startswith("note") and name != "note0":
            notes[int(name[4:])] = body[258:].rstrip(b"\0").decode("utf-8")
        pos += 8 + n + len(b"</ch>")
    return [notes[k] for k in sorted(notes)]


def check_table_suffix(path: str | Path) -> Path:
    """The extension of a table file must be one we write (.parquet, .csv, .dta)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in TABLE_FORMATS:
        raise BadInputError(
            f"Cannot write '{path}': unknown extension '{suffix}'. Use one of {', '.join(TABLE_FORMATS)}."
        )
    return path


def write_table(df: pd.DataFrame, path: str | Path, variable_labels: dict[str, str] | None = None,
                value_labels: dict[str, dict[int, str]] | None = None, data_label: str | None = None,
                notes: list[str] | None = None, metadata: dict[str, str] | None = None) -> Path:
    """Write a DataFrame as Parquet, CSV or Stata .dta, chosen by the file extension, atomically.

    Stata: ``variable_labels`` (80 characters each), ``value_labels`` (column -> {code: label}, for integer
    columns), ``data_label`` (80 characters) and ``notes`` (Stata's ``notes``); integer columns stay integers.
    Parquet: ``notes`` and ``metadata`` go into the file's key-value metadata."""
    path = check_table_suffix(path)
    suffix = path.suffix.lower()
    with atomic_path(path) as tmp:
        if suffix == ".parquet":
            # pandas 3 reads back nested Arrow dtypes (list columns) from its own metadata with an error:
            # store them as plain object columns, which every reader (pandas 2/3, R arrow, duckdb) takes
            nested = [c for c in df.columns if isinstance(df[c].dtype, pd.ArrowDtype)]
            out = df.astype(dict.fromkeys(nested, object)) if nested else df
            if metadata or notes:
                import pyarrow as pa
                import pyarrow.parquet as pq

                table = pa.Table.from_pandas(out, preserve_index=False)
                extra = {**(metadata or {}), **({"notes": "\n".join(notes)} if notes else {})}
                table = table.replace_schema_metadata({**(table.schema.metadata or {}),
                                                       **{k.encode(): v.encode() for k, v in extra.items()}})
                pq.write_table(table, tmp)
            else:
                out.to_parquet(tmp, index=False)
        elif suffix == ".csv":
            df.to_csv(tmp, index=False)
        else:
            ready = _stata_ready(df)
            labels = {k[:32]: v[:80] for k, v in (variable_labels or {}).items() if k[:32] in ready.columns}
            values = {}
            for col, mapping in (value_labels or {}).items():
                c = col[:32]
                if c in ready.columns and pd.api.types.is_integer_dtype(ready[c]):
                    values[c] = {int(k): str(v)[:32000] for k, v in mapping.items()}
            label = (data_label or (notes[0] if notes else None) or "")[:80] or None
            _write_stata(ready, tmp, labels, values, label, list(notes or []))
    return path
