"""Quote lookups for the quotes service."""
