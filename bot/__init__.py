"""The outer layer: settings, composition root, CLI, channels, web app and scheduled jobs.

This is the only package that imports telegram, discord, fastapi and apscheduler.
"""
