"""The Q&A forum: students ask (text and a photo), see similar questions first, answer, vote,
accept; reports hide a post until an operator decides; questions are mirrored to a Discord
forum channel and a Telegram supergroup topic when those are configured."""
