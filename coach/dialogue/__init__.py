"""The dialogue engine: one conversation logic for every channel."""
