"""Channel adapters: Telegram, Discord, web chat and terminal, each rendering the engine's replies."""
