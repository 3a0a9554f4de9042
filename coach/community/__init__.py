"""Community: matched study groups with a place in Telegram, Discord and the web chat, and
accountability partners. Every part is opt-in through the peer profile (coach.peers), shows only
the student's chosen display name, and never puts a minor together with an adult."""
