"""Channel adapters: Telegram, Discord, web chat and terminal, each rendering engine replies."""
