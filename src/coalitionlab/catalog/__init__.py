"""What data exists: the registry, loading of bundled files, downloads of full versions, countries."""

from coalitionlab.catalog.load import load, load_json, load_table
from coalitionlab.catalog.registry import Dataset, coverage, get, registry, verify, verify_all

__all__ = ["Dataset", "coverage", "get", "load", "load_json", "load_table", "registry", "verify", "verify_all"]
