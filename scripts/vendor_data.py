"""Developer tool: copy the data sets listed in the registry from ``../shared/data`` into the package.

Reads ``src/coalitionlab/catalog/registry.yaml``; for each entry copies ``upstream`` (keeping only
``columns`` when given) to ``src/coalitionlab/data/<name>.parquet`` (zstd) or ``<name>.json``, then writes
``src/coalitionlab/data/SHA256SUMS``. The package never reads ``../shared`` at run time.

    python scripts/vendor_data.py [--shared ../shared/data]
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import yaml

ROOT = Path(__file__).resolve().parents[1]
REGISTRY = ROOT / "src/coalitionlab/catalog/registry.yaml"
DATA = ROOT / "src/coalitionlab/data"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", default=str(ROOT.parent / "shared" / "data"))
    args = parser.parse_args()
    shared = Path(args.shared)
    registry = yaml.safe_load(REGISTRY.read_text())
    DATA.mkdir(parents=True, exist_ok=True)
    sums = []
    for name, entry in registry.items():
        src = shared / entry["upstream"]
        if src.suffix == ".json":
            dest = DATA / f"{name}.json"
            shutil.copyfile(src, dest)
        else:
            dest = DATA / f"{name}.parquet"
            frame = pd.read_parquet(src, columns=entry.get("columns"))
            for col in frame.columns:  # plain strings, so that pandas 2 and 3 read the same types
                if frame[col].dtype == object or str(frame[col].dtype) in ("str", "string", "category"):
                    frame[col] = frame[col].astype("string")
            table = pa.Table.from_pandas(frame, preserve_index=False).replace_schema_metadata(None)
            pq.write_table(table, dest, compression="zstd", compression_level=9)
        sums.append(f"{sha256(dest)}  {dest.name}")
        print(f"{name:24s} {dest.stat().st_size / 1e6:7.2f} MB")
    (DATA / "SHA256SUMS").write_text("\n".join(sums) + "\n")
    total = sum(p.stat().st_size for p in DATA.iterdir())
    print(f"total {total / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
