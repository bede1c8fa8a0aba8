"""Statistical models for coalitionlab."""
