"""Motivation that rewards real learning: an XP ledger on the domain events, levels derived
from it, streaks that follow the plan (with earned freezes) and badges as validated data."""
