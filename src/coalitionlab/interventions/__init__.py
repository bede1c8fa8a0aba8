"""The U.S. coalition intervention data set: interventions, partner rosters with evidence, candidates."""

from coalitionlab.interventions.build import TABLES, CoalitionData, build_dataset, write_dataset

__all__ = ["TABLES", "CoalitionData", "build_dataset", "write_dataset"]
