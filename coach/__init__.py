"""The coach: domain types, dialogue engine, use cases and policies (no framework imports)."""
