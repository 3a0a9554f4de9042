"""Export and delete cover every table that holds personal data, including future ones."""

from __future__ import annotations

from datetime import UTC, datetime

from coach.core.channel_store import ChannelPoll
from coach.domain import DialogueState, TopicMastery
from storage.models import Base
from storage.repositories.personal_data import tables_keyed_by_identity, tables_with_user_data
from storage.uow import SqlUnitOfWorkFactory

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


def test_every_user_table_cascades_from_users() -> None:
    for table in tables_with_user_data():
        foreign_keys = [
            fk for fk in table.c.user_id.foreign_keys if fk.column.table.name == "users"
        ]
        assert foreign_keys, f"{table.name}.user_id has no foreign key to users"
        assert foreign_keys[0].ondelete == "CASCADE", f"{table.name} does not cascade"


def test_tables_with_people_are_all_covered() -> None:
    covered = {t.name for t in tables_with_user_data()} | {
        t.name for t in tables_keyed_by_identity()
    }
    people = {
        t.name
        for t in Base.metadata.sorted_tables
        if {"user_id", "user_key"} & set(t.columns.keys()) and t.name != "users"
    }
    assert people <= covered


async def test_export_and_delete_one_user(uow_factory: SqlUnitOfWorkFactory) -> None:
    async with uow_factory() as uow:
        ada = await uow.users.add(locale="en", timezone="UTC", now=NOW, display_name="Ada")
        bob = await uow.users.add(locale="tr", timezone="UTC", now=NOW, display_name="Bob")
        await uow.users.add_identity(ada.id, "telegram", "1", "1", NOW)
        await uow.users.add_identity(bob.id, "telegram", "2", "2", NOW)
        await uow.dialogues.save(DialogueState(ada.id, "onboarding", "consent"))
        await uow.progress.set_mastery([TopicMastery(ada.id, "yks", "paragraf", 0.4, NOW)])
        await uow.channel_polls.add(ChannelPoll("p1", "telegram", "1", "1", "as:1", 5, NOW))
        await uow.channel_polls.add(ChannelPoll("p2", "telegram", "2", "2", "as:1", 5, NOW))
        await uow.commit()
    async with uow_factory() as uow:
        exported = await uow.personal_data.export(ada.id)
    assert exported["users"][0]["display_name"] == "Ada"
    assert exported["channel_identities"][0]["external_id"] == "1"
    assert exported["topic_mastery"][0]["topic_id"] == "paragraf"
    assert [row["poll_id"] for row in exported["channel_polls"]] == ["p1"]
    assert "Bob" not in str(exported)

    async with uow_factory() as uow:
        await uow.personal_data.delete(ada.id)
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.users.get(ada.id) is None
        assert await uow.personal_data.export(ada.id) == {"users": []}
        assert (await uow.personal_data.export(bob.id))["channel_polls"][0]["poll_id"] == "p2"
