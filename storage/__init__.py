"""Persistence: SQLAlchemy 2 async engine, ORM models, repositories and the unit of work."""
