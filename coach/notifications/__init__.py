"""The notification engine's policy: what to push to a student, and when.

Pure functions over frozen dataclasses. Producers (`schedule`, `weekly`, `nudges`, `events`) turn
plans and progress into `Notification`s; `controls` holds the student's rules (quiet hours,
pause, opt-outs, the daily cap) and the last check before sending; `sweep` is the use case that
runs the producers over every student through the ports.
"""

from coach.notifications.controls import (
    Decision,
    Defer,
    Drop,
    PendingPush,
    Send,
    apply_daily_cap,
    delivery_decision,
    local_moment,
    next_allowed,
    zone,
)
from coach.notifications.model import (
    DEFAULT_POLICY,
    Ack,
    Address,
    ChoiceSpec,
    Notification,
    NotificationKind,
    NotifyPolicy,
    OutboxItem,
    OutboxStats,
    OutboxStatus,
    Recipient,
    Retry,
    Settle,
    StudentRules,
)

__all__ = [
    "DEFAULT_POLICY",
    "Ack",
    "Address",
    "ChoiceSpec",
    "Decision",
    "Defer",
    "Drop",
    "Notification",
    "NotificationKind",
    "NotifyPolicy",
    "OutboxItem",
    "OutboxStats",
    "OutboxStatus",
    "PendingPush",
    "Recipient",
    "Retry",
    "Send",
    "Settle",
    "StudentRules",
    "apply_daily_cap",
    "delivery_decision",
    "local_moment",
    "next_allowed",
    "zone",
]
