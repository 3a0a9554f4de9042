"""The web chat over HTTP against the real FastAPI app: the whole conversation, identity by
cookie, escaping, bounds, CSRF, downloads, pushes and deletion."""

from __future__ import annotations

import json
import re

import httpx
import pytest
from sqlalchemy import func, select

from bot.channels.webchat import web_ref
from bot.web.webchat_guard import COOKIE_NAME
from coach.core.channels import RecipientUnreachable
from coach.messages import Choice, Reply, photo
from storage.models import ChannelIdentityRow, InstanceSecretRow, WebChatMessageRow
from tests.e2e.chat_scenario import assessment, onboarding, whole_scenario
from tests.e2e.web_student import BASE_URL, WebStudent, browser, web_app


@pytest.mark.parametrize("locale", ["tr", "en"])
async def test_the_whole_conversation_over_http(database_url: str, locale: str) -> None:
    async with web_app(database_url) as (app, _container), browser(app) as client:
        student = WebStudent(client)
        await whole_scenario(student, locale)
        # a reload shows the latest messages; only the newest buttons are offered again
        page = await client.get("/")
        history = (await client.get("/chat/api/history")).json()
    assert page.status_code == 200
    assert f'<html lang="{locale}">' in page.text
    assert history["messages"][-1]["text"] == student.last[-1]["text"]
    assert history["last_id"] == history["messages"][-1]["id"]
    forms = page.text.count('<form class="choices"')
    assert forms == sum(1 for reply in student.last if reply["choices"])


async def test_each_browser_is_its_own_student(database_url: str) -> None:
    async with web_app(database_url) as (app, container):
        async with browser(app) as first, browser(app) as second:
            await WebStudent(first).say("/start")
            await WebStudent(second).say("/start")
            await WebStudent(first).send(payload="ob:lang:en")
            first_history = (await first.get("/chat/api/history")).json()["messages"]
            second_history = (await second.get("/chat/api/history")).json()["messages"]
            cookies = {first.cookies[COOKIE_NAME], second.cookies[COOKIE_NAME]}
        async with container.session_factory() as session:
            identities = await session.scalar(
                select(func.count()).where(ChannelIdentityRow.channel == "web")
            )
    assert len(cookies) == 2
    assert identities == 2
    assert first_history[-1]["template"] == "onboarding/consent"
    assert second_history[-1]["template"] == "onboarding/language"


async def test_a_forged_cookie_is_ignored_and_replaced(database_url: str) -> None:
    async with web_app(database_url) as (app, _container):
        async with browser(app) as owner:
            await WebStudent(owner).say("/start")
            genuine = owner.cookies[COOKIE_NAME]
        web_id, _, signature = genuine.partition(".")
        forgeries = [
            f"{web_id}.{signature[::-1]}",  # right id, wrong signature
            f"{web_id}x.{signature}",  # someone else's id with this signature
            web_id,  # no signature
            "not a cookie",
        ]
        for forged in forgeries:
            async with browser(app, httpx.Cookies({COOKIE_NAME: forged})) as intruder:
                history = await intruder.get("/chat/api/history")
                fresh = history.cookies.get(COOKIE_NAME)
                assert history.json()["messages"] == []
                assert fresh and fresh != forged and not fresh.startswith(web_id)
                sent = await intruder.post("/chat/api/send", json={"text": "/start"})
                assert sent.json()["replies"][-1]["template"] == "onboarding/language"
        async with browser(app, httpx.Cookies({COOKIE_NAME: genuine})) as owner_again:
            mine = await owner_again.get("/chat/api/history")
    assert COOKIE_NAME not in mine.cookies  # a valid cookie is kept
    assert mine.json()["messages"][0]["text"] == "/start"


async def test_new_browser_gets_a_safe_cookie_and_a_start_button(database_url: str) -> None:
    async with web_app(database_url) as (app, _container), browser(app) as client:
        page = await client.get("/", headers={"Accept-Language": "en-GB,en;q=0.9"})
        css = await client.get("/chat/static/chat.css")
        script = await client.get("/chat/static/chat.js")
        missing = await client.get("/chat/static/secrets.txt")
    cookie = page.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie and "path=/" in cookie
    assert 'name="text" value="/start"' in page.text
    assert "<title>LearnConnect Coach — chat</title>" in page.text
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert css.headers["content-type"].startswith("text/css")
    assert "textContent" in script.text and "innerHTML" not in script.text
    assert missing.status_code == 404


async def test_nothing_the_student_types_comes_back_as_markup(database_url: str) -> None:
    attack = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    async with web_app(database_url) as (app, _container), browser(app) as client:
        student = WebStudent(client)  # asserts every JSON body is free of < and >
        await student.say("/start")
        await student.say(attack)
        await student.say("/<script>alert(1)</script>")
        assert "common/unknown_command" in student.templates()
        assert "<script>alert(1)</script>" in student.text()  # the engine did echo it ...
        page = await client.get("/")
    # ... and the page shows it as text only
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text
    assert "<img" not in page.text
    assert re.findall(r"<script[^>]*>", page.text) == ['<script src="/chat/static/chat.js" defer>']


async def test_huge_and_empty_messages_get_a_friendly_answer(database_url: str) -> None:
    async with web_app(database_url) as (app, _container), browser(app) as client:
        student = WebStudent(client)
        await student.say("/start")
        data = await student.send(text="ä" * 10_000)
        assert student.templates()[0] == "web/long_message"
        assert "common/error" not in student.templates()
        assert len(student.templates()) > 1  # the engine answered too
        assert len(data["student"]["text"]) <= 2001
        await student.send(text="x" * 50_000)  # more than allowed is cut, not refused
        assert "common/error" not in student.templates()
        for empty in ("", "   \n "):
            quiet = await student.send(text=empty)
            assert quiet["replies"] == [] and quiet["notice"]
        too_big = await client.post(
            "/chat/api/send",
            content=b"{" + b" " * 300_000 + b"}",
            headers={"Content-Type": "application/json"},
        )
        not_json = await client.post("/chat/api/send", content=b"text=hi")
        broken = await client.post(
            "/chat/api/send", content=b"{nope", headers={"Content-Type": "application/json"}
        )
        wrong_type = await client.post("/chat/api/send", json={"text": ["a list"]})
    assert too_big.status_code == 413
    assert not_json.status_code == 415
    assert broken.status_code == 400 and wrong_type.status_code == 400


async def test_posts_from_other_sites_are_refused(database_url: str) -> None:
    async with web_app(database_url) as (app, container):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as client:
            nothing = await client.post("/chat/api/send", json={"text": "/start"})
            evil = await client.post(
                "/chat/api/send",
                json={"text": "/start"},
                headers={"Origin": "https://evil.example"},
            )
            evil_form = await client.post(
                "/chat/send", data={"text": "/start"}, headers={"Referer": "https://evil.example/x"}
            )
            null_origin = await client.post(
                "/chat/api/send", json={"text": "/start"}, headers={"Origin": "null"}
            )
            by_referer = await client.post(
                "/chat/api/send", json={"text": "/start"}, headers={"Referer": f"{BASE_URL}/"}
            )
        async with container.session_factory() as session:
            users = await session.scalar(select(func.count()).select_from(ChannelIdentityRow))
    assert [r.status_code for r in (nothing, evil, evil_form, null_origin)] == [403] * 4
    assert by_referer.status_code == 200
    assert users == 1  # only the same-site request reached the engine


async def test_the_chat_works_with_plain_form_posts(database_url: str) -> None:
    async with web_app(database_url) as (app, _container), browser(app) as client:
        start = await client.post("/chat/send", data={"text": "/start"})
        assert start.status_code == 303 and start.headers["location"] == "/#end"
        page = (await client.get("/")).text
        assert 'value="ob:lang:en">English</button>' in page
        await client.post("/chat/send", data={"payload": "ob:lang:en"})
        await client.post("/chat/send", data={"text": "   "})  # ignored
        page = (await client.get("/")).text
    assert 'value="ob:consent:yes">I agree</button>' in page
    assert 'value="ob:lang:en"' not in page  # the old question's buttons are not offered again
    assert page.count('<article class="msg student"') == 2


async def test_export_is_offered_as_a_download_to_its_owner_only(database_url: str) -> None:
    async with (
        web_app(database_url) as (app, _container),
        browser(app) as client,
        browser(app) as other,
    ):
        student = WebStudent(client)
        await student.say("/start")
        await student.press("ob:lang:en")
        await student.say("/export")
        document = next(r for r in student.last if r["kind"] == "document")
        url = document["file"]["url"]
        download = await client.get(url)
        stolen = await other.get(url)
        page = (await client.get("/")).text
    assert download.status_code == 200
    assert download.headers["content-disposition"].startswith("attachment;")
    exported = json.loads(download.content)
    assert exported["data"]["web_chat_messages"]  # the transcript is part of the export
    assert "web_chat_files" not in exported["data"]  # but not previous exports
    assert stolen.status_code == 404
    assert f'href="{url}"' in page


async def test_pushed_messages_appear_on_the_next_poll(database_url: str) -> None:
    async with web_app(database_url) as (app, container), browser(app) as client:
        student = WebStudent(client)
        data = await student.send(text="/start")
        web_id = client.cookies[COOKIE_NAME].partition(".")[0]
        channel = container.web_channel
        reminder = Reply(text="Time to study!", choices=((Choice("Start", "s:start:1"),),))
        message_id = await channel.send(web_ref(web_id), reminder)
        polled = (await client.get(f"/chat/api/history?since={data['last_id']}")).json()
        again = (await client.get(f"/chat/api/history?since={polled['last_id']}")).json()
        with pytest.raises(RecipientUnreachable):
            await channel.send(web_ref("nobody"), reminder)
        bad_cursor = await client.get("/chat/api/history?since=-1")
    assert [m["text"] for m in polled["messages"]] == ["Time to study!"]
    assert polled["messages"][0]["choices"] == [
        [{"label": "Start", "payload": "s:start:1", "style": "default"}]
    ]
    assert polled["last_id"] == int(message_id)
    assert again["messages"] == [] and again["last_id"] == polled["last_id"]
    assert bad_cursor.status_code == 422


async def test_a_pushed_picture_is_shown_in_the_page(database_url: str) -> None:
    png = b"\x89PNG\r\n\x1a\n" + b"\0" * 32
    async with web_app(database_url) as (app, container), browser(app) as client:
        data = await WebStudent(client).send(text="/start")
        web_id = client.cookies[COOKIE_NAME].partition(".")[0]
        await container.web_channel.send(
            web_ref(web_id), photo(png, "card.png", caption="Your week", alt="Level 3")
        )
        polled = (await client.get(f"/chat/api/history?since={data['last_id']}")).json()
        [message] = polled["messages"]
        image = await client.get(message["file"]["url"])
        page = (await client.get("/")).text
        script = (await client.get("/chat/static/chat.js")).text
    assert message["kind"] == "photo" and message["text"] == "Your week"
    # the picture is described by its alt text (what it shows), not by its caption again
    assert message["file"]["alt"] == "Level 3"
    assert "picture.alt = message.file.alt" in script
    # the picture gets its height only once loaded: the script scrolls it into view then
    # (a new one while it is the newest message, and those of a reloaded page)
    photo_branch = script.split('message.kind === "photo"')[1].split("} else if")[0]
    assert 'addEventListener("load"' in photo_branch and "scrollIntoView" in photo_branch
    assert photo_branch.index('addEventListener("load"') < photo_branch.index("picture.src")
    assert 'querySelectorAll("img.picture")' in script
    assert image.status_code == 200 and image.content == png
    assert image.headers["content-type"] == "image/png"
    assert image.headers["content-disposition"].startswith("inline;")
    assert f'<img class="picture" src="{message["file"]["url"]}" alt="Level 3">' in page


async def test_delete_erases_the_transcript(database_url: str) -> None:
    async with web_app(database_url) as (app, container), browser(app) as client:
        student = WebStudent(client)
        await student.say("/start")
        await student.press("ob:lang:en")
        await student.say("/delete")
        await student.press("ac:delete:yes")
        assert student.templates() == ["account/deleted"]
        history = (await client.get("/chat/api/history")).json()
        async with container.session_factory() as session:
            left = await session.scalar(select(func.count()).select_from(WebChatMessageRow))
        await student.say("/start")  # the same browser may begin again, as a new student
        assert "onboarding/language" in student.templates()
    assert history["messages"] == []
    assert left == 0


async def test_a_configured_secret_signs_the_cookies(database_url: str) -> None:
    async with web_app(database_url, web_secret="first-secret-0123456789") as (app, container):
        async with browser(app) as client:
            await WebStudent(client).say("/start")
            cookies = client.cookies
        async with container.session_factory() as session:
            stored = await session.scalar(select(func.count()).select_from(InstanceSecretRow))
    async with (
        web_app(database_url, web_secret="first-secret-0123456789") as (same, _),
        browser(same, cookies) as client,
    ):
        kept = await client.get("/chat/api/history")
    async with (
        web_app(database_url, web_secret="another-secret-987654321") as (other, _),
        browser(other, cookies) as client,
    ):
        rotated = await client.get("/chat/api/history")
    assert stored == 0  # nothing generated when the key is configured
    assert COOKIE_NAME not in kept.cookies and kept.json()["messages"]
    assert COOKIE_NAME in rotated.cookies and rotated.json()["messages"] == []


@pytest.mark.parametrize("locale", ["tr", "en"])
async def test_a_settings_switch_is_redrawn_in_place(database_url: str, locale: str) -> None:
    """A tap on a switch of /settings → notifications answers with the same message (its id)
    marked `replaced`, flipped 🔔 → 🔕: no student bubble, nothing appended; a reload shows
    the screen once, as it is now."""
    async with web_app(database_url) as (app, _container), browser(app) as client:
        student = WebStudent(client)
        await onboarding(student, locale)
        await assessment(student)
        await student.press("pv:activate:")
        await student.say("/ayarlar" if locale == "tr" else "/settings")
        await student.press("st:open:notify")
        [screen] = [r for r in student.last if r["template"] == "settings/notify"]
        before = (await client.get("/chat/api/history")).json()["messages"]
        answer = await student.send(payload="st:tog:reminder:off")
        assert answer["student"] is None
        [redrawn] = answer["replies"]
        assert redrawn["id"] == screen["id"] and redrawn["replaced"] is True
        assert redrawn["text"] == screen["text"]
        labels = {c["payload"]: c["label"] for row in redrawn["choices"] for c in row}
        assert labels["st:tog:reminder:on"].startswith("🔕")
        assert all(lb.startswith("🔔") for p, lb in labels.items() if p.startswith("st:tog:")
                   and p != "st:tog:reminder:on")  # fmt: skip
        after = (await client.get("/chat/api/history")).json()["messages"]
        assert [m["id"] for m in after] == [m["id"] for m in before]  # nothing appended
        assert after[-1]["choices"] == redrawn["choices"]
        page = await client.get("/")
        assert page.text.count("🔕") == 1
