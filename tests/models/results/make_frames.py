"""Export the frozen real-data frames that the R references are computed on.

Run once, by hand, when the references are deliberately renewed (``.venv/bin/python
tests/models/results/make_frames.py``, then ``Rscript tests/models/results/make_reference.R``). The CSVs are
snapshots: later changes to the model features must not change them, so the tests never rebuild them.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from coalitionlab.interventions import build_dataset
from coalitionlab.models.features import intervention_frame, joining_frame

HERE = Path(__file__).parent
INTERVENTION_COLUMNS = ["intervention_id", "start_year", "un_region", "coalition", "success_bin", "success_ord",
                        "log_troops", "log_duration", "use_of_force", "regime_objective", "protect_own",
                        "post_cold_war", "igo_sponsored"]
JOINING_TERMS = ["us_defense_pact", "idealpoint_distance_us", "log_mindist_target", "same_cow_region", "cinc",
                 "major_power", "prior_coalitions"]


def main() -> None:
    data = build_dataset()
    f = intervention_frame(data)[INTERVENTION_COLUMNS].copy()
    f["success_ord"] = f["success_ord"].cat.codes.replace(-1, np.nan)  # failed 0 < partial 1 < achieved 2
    f["success_bin"] = f["success_bin"].astype("float64")
    f.to_csv(HERE / "interventions.csv", index=False)
    j = joining_frame(data)
    ids = sorted(j["intervention_id"].unique())[::3]  # every third coalition intervention: a small frame
    j = j[j["intervention_id"].isin(ids)].assign(decade=lambda d: d["start_year"] // 10 * 10)
    j = j[["intervention_id", "decade", "ccode", "joined", *JOINING_TERMS]].dropna()
    j.to_csv(HERE / "joining.csv", index=False)


if __name__ == "__main__":
    main()
