"""Live Q&A sessions: an expert holds a session on a subject at a time; students whose focus
topics match are invited, collect and upvote questions beforehand, say they will come and are
reminded; groups see an announcement (a Discord scheduled event, a Telegram supergroup post);
afterwards the answered questions are kept."""
