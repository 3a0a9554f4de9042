"""Peers: what a student shows of themselves to other students (a pseudonym) and which peer
features they opted in to. Every peer feature (study groups, partners, comparisons, leagues,
leaderboards) reads this, and students under 18 start with everything off."""
