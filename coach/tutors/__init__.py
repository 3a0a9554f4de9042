"""Human tutors: invited tutor accounts, escalations with consent, routing in waves, the
hand-off packet and the relayed conversation in the student's own chat."""
