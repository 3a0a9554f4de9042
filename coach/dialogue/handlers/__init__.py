"""Command handlers and button action groups that are not multi-step flows."""
