"""Peer profiles: defaults off, one feature at a time, a pseudonym that is never a contact."""

from __future__ import annotations

from datetime import UTC, datetime

from coach.peers.model import PeerFeature, clean_pseudonym
from coach.peers.usecases import ForStudent, SetFeature, SetPseudonym, peer_profile
from coach.peers.usecases import set_feature as switch
from coach.peers.usecases import set_pseudonym as rename
from storage.uow import SqlUnitOfWorkFactory

NOW = datetime(2027, 1, 4, 9, 0, tzinfo=UTC)


async def test_peer_profiles_start_off_and_change_one_feature_at_a_time(
    uow_factory: SqlUnitOfWorkFactory,
) -> None:
    async with uow_factory() as uow:
        user = await uow.users.add(locale="tr", timezone="Europe/Istanbul", now=NOW)
        fresh = await peer_profile(uow, NOW, ForStudent(user.id))
        assert fresh.opted_in == frozenset() and fresh.pseudonym is None
        await switch(uow, NOW, SetFeature(user.id, PeerFeature.GROUPS, True))
        assert not (await peer_profile(uow, NOW, ForStudent(user.id))).allows(PeerFeature.GROUPS)
        assert await rename(uow, NOW, SetPseudonym(user.id, "ada@example.org")) is None
        await rename(uow, NOW, SetPseudonym(user.id, "  Kuyruklu   Yıldız  "))
        await uow.commit()
    async with uow_factory() as uow:
        stored = await peer_profile(uow, NOW, ForStudent(user.id))
        many = await uow.peers.many([user.id, user.id + 1])
        exported = await uow.personal_data.export(user.id)
        await uow.personal_data.delete(user.id)
        await uow.commit()
    assert stored.pseudonym == "Kuyruklu Yıldız" and stored.allows(PeerFeature.GROUPS)
    assert not stored.allows(PeerFeature.LEAGUES)
    assert list(many) == [user.id]
    assert exported["peer_profiles"][0]["pseudonym"] == "Kuyruklu Yıldız"
    async with uow_factory() as uow:
        assert await uow.peers.get(user.id) is None


def test_a_pseudonym_is_never_a_contact_detail() -> None:
    assert clean_pseudonym("@ada_k") is None
    assert clean_pseudonym("0532 123 45 67") is None
    assert clean_pseudonym("t.me/ada") is None
    assert clean_pseudonym("https://x") is None
    assert clean_pseudonym("   ") is None
    assert clean_pseudonym("Ada 2027") == "Ada 2027"
    assert clean_pseudonym("x" * 40) == "x" * 24
