"""Alembic migrations of the LearnConnect schema."""
