"""Repositories: the only code that reads and writes ORM rows; they map rows to domain types.

Repositories never commit; the unit of work does.
"""

from storage.repositories.channel_polls import SqlChannelPollRepository
from storage.repositories.content import SqlContentRepository
from storage.repositories.dialogue import SqlDialogueRepository
from storage.repositories.notify_audience import SqlNotificationAudience
from storage.repositories.outbox import SqlOutboxRepository
from storage.repositories.plans import SqlPlanRepository
from storage.repositories.profiles import SqlProfileRepository
from storage.repositories.progress import SqlProgressRepository
from storage.repositories.users import SqlUserRepository

__all__ = [
    "SqlChannelPollRepository",
    "SqlContentRepository",
    "SqlDialogueRepository",
    "SqlNotificationAudience",
    "SqlOutboxRepository",
    "SqlPlanRepository",
    "SqlProfileRepository",
    "SqlProgressRepository",
    "SqlUserRepository",
]
