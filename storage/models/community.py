"""Study groups: the group, its members (invitations and answers), each student's community
preferences, the platform places registered for groups and where each group lives there."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base


class StudyGroupRow(Base):
    """A group the matcher proposed; `shared_free` is the hex bit mask of shared UTC slots."""

    __tablename__ = "study_groups"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(140))
    pack_id: Mapped[str] = mapped_column(String(64))
    track: Mapped[str] = mapped_column(String(32))
    locale: Mapped[str] = mapped_column(String(8))
    minors: Mapped[bool] = mapped_column(Boolean)
    focus: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16))  # proposed | active | closed
    shared_free: Mapped[str] = mapped_column(String(100))
    topics: Mapped[list[Any]]
    created_at: Mapped[datetime]
    changed_at: Mapped[datetime]


class StudyGroupMemberRow(Base):
    """One student's invitation to a group and their answer (joined, declined, left...)."""

    __tablename__ = "study_group_members"
    __table_args__ = (
        UniqueConstraint("group_id", "user_id"),
        Index("ix_study_group_members_user", "user_id", "status"),
        Index("ix_study_group_members_status_expires", "status", "expires_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("study_groups.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(16))
    invited_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    answered_at: Mapped[datetime | None]


class CommunityPreferenceRow(Base):
    """Similar or complementary groups, and the students not to be grouped with again."""

    __tablename__ = "community_preferences"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    focus: Mapped[str] = mapped_column(String(16))
    avoid: Mapped[list[Any]]
    updated_at: Mapped[datetime]


class CommunityPlaceRow(Base):
    """A forum supergroup (Telegram) or server (Discord) registered as the home of groups."""

    __tablename__ = "community_places"
    __table_args__ = (UniqueConstraint("channel", "place_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    channel: Mapped[str] = mapped_column(String(16))
    place_key: Mapped[str] = mapped_column(String(64))
    locale: Mapped[str] = mapped_column(String(8))
    registered_at: Mapped[datetime]


class StudyGroupPlaceRow(Base):
    """Where one group lives on one channel: its forum topic, or its thread and role."""

    __tablename__ = "study_group_places"
    __table_args__ = (UniqueConstraint("group_id", "channel"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("study_groups.id", ondelete="CASCADE"))
    channel: Mapped[str] = mapped_column(String(16))
    place_key: Mapped[str] = mapped_column(String(64))
    thread_id: Mapped[str | None] = mapped_column(String(64))
    role_id: Mapped[str | None] = mapped_column(String(64))


class StudyGroupLinkRow(Base):
    """A member's personal way into a group's place (a Telegram invite link with join
    requests): only its owner is approved through it."""

    __tablename__ = "study_group_links"
    __table_args__ = (
        UniqueConstraint("channel", "link"),
        UniqueConstraint("group_id", "user_id", "channel"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("study_groups.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    channel: Mapped[str] = mapped_column(String(16))
    link: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime]
    approved_at: Mapped[datetime | None]


class PartnerPairRow(Base):
    """One side of an accountability partnership (each pair has a row for each student)."""

    __tablename__ = "partner_pairs"
    __table_args__ = (Index("ix_partner_pairs_user_ended", "user_id", "ended_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    partner_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    created_at: Mapped[datetime]
    ended_at: Mapped[datetime | None]
