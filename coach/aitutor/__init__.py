"""The AI tutor: a Socratic tutor for a failed question or a stuck topic, grounded in the pack.

It asks what the student tried, gives a hint, then a bigger hint, and walks the worked solution
only after the student tried or asked twice. A language model, when configured and within the
student's daily budget, phrases the hints from retrieved pack passages (cited); its answers are
checked against the key and the solution before they are shown. Without a model the same flow
runs on the pack alone. Every conversation is kept, so it can be handed to a human tutor.
"""
