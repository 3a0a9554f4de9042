"""The web chat in a real browser: Playwright driving Debian's headless chromium."""
