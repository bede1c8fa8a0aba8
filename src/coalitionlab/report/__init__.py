"""Reports: the data summary, the HTML report, figures and maps (all offline)."""
