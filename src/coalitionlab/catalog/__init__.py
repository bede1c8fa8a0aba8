"""What data exists: the registry, loading of bundled files, downloads of full versions, countries."""

from coalitionlab.catalog.load import load, load_json, load_table
from coalitionlab.catalog.registry import Dataset, get, registry, verify, verify_all

__all__ = ["Dataset", "get", "load", "load_json", "load_table", "registry", "verify", "verify_all"]
