"""Scheduled work: the APScheduler service and the jobs it runs."""
