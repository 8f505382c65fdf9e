"""Integrations: what leaves the process after a change commits (the outbox
dispatcher) and how it reaches other systems (signed webhooks)."""
