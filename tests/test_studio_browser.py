"""The studio page in a real headless Chromium (Playwright), against a real local backend.

Screenshots of each state are written under the test's tmp dir (``shots/``).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import httpx
import pytest
from conftest import LocalServer
from playwright.sync_api import expect
from studio_browser import PageWatch, chromium_path, sample_photos, shot, song_wav

from nemo_skill.local.studio.chromium import CHROMIUM_FLAGS

pytestmark = pytest.mark.slow


RENDER_TIMEOUT_MS = 280_000


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """pytest-playwright's launch, with the system Chromium (Playwright downloads none)."""
    return {**browser_type_launch_args, "executable_path": chromium_path(), "args": CHROMIUM_FLAGS}


def studio_cookie_token(page: Any) -> str:
    """The token the backend put in the page's HttpOnly cookie (tests may read it; scripts may not)."""
    cookies = [c for c in page.context.cookies() if c["name"].startswith("nemo_studio_")]
    assert len(cookies) == 1
    flags = (cookies[0]["httpOnly"], cookies[0]["sameSite"], cookies[0]["path"])
    assert flags == (True, "Strict", "/")  # compared apart from the value: a failure never prints it
    return str(cookies[0]["value"])


def token_visible_to_the_page(page: Any, token: str) -> bool:
    """Whether the token is anywhere a script or another page could read it."""
    readable = page.evaluate(
        "() => [document.documentElement.outerHTML, document.cookie, location.href,"
        " JSON.stringify({...localStorage}), JSON.stringify({...sessionStorage})].join('\\n')"
    )
    return token in readable


def session_state(url: str, token: str, session_id: str) -> dict[str, Any]:
    response = httpx.get(
        f"{url}/api/state/nemo_agent/me/{session_id}/latest", headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 200
    return response.json()["data"]


def open_studio(page: Any, url: str) -> PageWatch:
    watch = PageWatch(origin=url)
    watch.attach(page)
    page.goto(f"{url}/studio")
    expect(page.locator("main#studio")).to_have_attribute("aria-busy", "false")
    return watch


def wait_for_reply(page: Any, count: int) -> None:
    """Until the chat log holds ``count`` finished replies (and no edit is running)."""
    expect(page.locator("#chat-log .msg.bot:not(.typing)")).to_have_count(count, timeout=60_000)
    expect(page.locator("#status")).to_have_text("")


@pytest.mark.timeout(900)
def test_make_reorder_preview_export_download(page: Any, local_server: LocalServer, tmp_path: Path) -> None:
    import av

    url, shots = local_server.url, tmp_path / "shots"
    page.set_viewport_size({"width": 1440, "height": 1000})
    watch = open_studio(page, url)
    expect(page.get_by_test_id("timeline-item")).to_have_count(0)
    shot(page, shots, "01-empty")

    photos = sample_photos(tmp_path / "photos", 6)
    song = song_wav(tmp_path / "our-song.wav")
    bad = tmp_path / "notes.jpg"
    bad.write_text("these are my notes, not a photo")
    page.get_by_test_id("upload").set_input_files([*map(str, photos), str(song), str(bad)])

    expect(page.get_by_test_id("media-item")).to_have_count(7, timeout=60_000)
    refused = page.get_by_test_id("media-refused")
    expect(refused).to_have_count(1)
    expect(refused).to_contain_text("notes.jpg")
    expect(refused).to_contain_text(re.compile("unsupported|not a supported", re.I))
    shot(page, shots, "02-uploaded")
    refused.get_by_role("button", name=re.compile("Dismiss")).click()
    expect(refused).to_have_count(0)

    message = page.get_by_test_id("message")
    message.fill('make a 12-second square video with the title "Our Day"')
    message.press("Enter")
    wait_for_reply(page, 1)
    tiles = page.get_by_test_id("timeline-item")
    expect(tiles).to_have_count(6)
    expect(page.locator("#settings select[name=aspect]")).to_have_value("1:1")
    expect(page.locator("#settings input[name=seconds]")).to_have_value("12")
    expect(page.locator("#settings input[name=title]")).to_have_value("Our Day")
    expect(page.locator("#credits")).to_have_text(re.compile(r"^95 credits$"))
    shot(page, shots, "03-made")

    token = studio_cookie_token(page)
    leaked = token_visible_to_the_page(page, token)
    assert not leaked
    session_id = page.locator("main#studio").get_attribute("data-session-id")
    state = session_state(url, token, session_id)
    uploads = [m["media_id"] for m in state["state"]["video_infos"] if m["file_type"] == "image"]
    assert [s["src"] for s in state["state"]["draft"]["t"][0]["sg"]] == uploads

    tiles.nth(5).drag_to(tiles.nth(1))
    wait_for_reply(page, 2)  # a typed edit to the structured-edits endpoint, its reply in the chat
    expect(page.get_by_test_id("chat-log")).to_contain_text("Move Photo 6 to position 2")
    expect(page.get_by_test_id("chat-log")).to_contain_text("I moved photo 6 to place 2.")
    state = session_state(url, token, session_id)
    order = [s["src"] for s in state["state"]["draft"]["t"][0]["sg"]]
    assert order == [uploads[0], uploads[5], *uploads[1:5]]
    expect(tiles.nth(1)).to_have_attribute("data-src", uploads[5])
    shot(page, shots, "04-reordered")

    def order_now() -> list[str]:
        return [s["src"] for s in session_state(url, token, session_id)["state"]["draft"]["t"][0]["sg"]]

    expect(page.locator("#redo")).to_be_disabled()
    page.locator("#undo").click()
    wait_for_reply(page, 3)
    assert order_now() == uploads
    expect(page.locator("#redo")).to_be_enabled()  # the store's redo_version says there is one
    page.locator("#redo").click()
    wait_for_reply(page, 4)
    expect(page.get_by_test_id("chat-log")).to_contain_text("I redid the change you undid.")
    expect(tiles.nth(1)).to_have_attribute("data-src", uploads[5])
    assert order_now() == [uploads[0], uploads[5], *uploads[1:5]]
    expect(page.locator("#redo")).to_be_disabled()

    page.locator("#preview-button").click()
    preview = page.get_by_test_id("preview")
    expect(preview).to_have_attribute("src", re.compile(r"/files/"), timeout=RENDER_TIMEOUT_MS)
    page.wait_for_function(
        "() => { const v = document.querySelector('[data-testid=preview]'); return v.readyState >= 1 && v.duration > 11; }",
        timeout=30_000,
    )
    shot(page, shots, "05-preview")

    page.get_by_test_id("export").click()
    download = page.get_by_test_id("download")
    expect(download).to_have_attribute("href", re.compile(r"/files/"), timeout=RENDER_TIMEOUT_MS)
    expect(download).to_be_visible()
    shot(page, shots, "06-exported")
    with page.expect_download() as info:
        download.click()
    saved = tmp_path / "our-day.mp4"
    info.value.save_as(saved)
    assert info.value.suggested_filename.endswith(".mp4")

    with av.open(str(saved)) as container:
        video = container.streams.video[0]
        assert (video.codec_context.name, video.width, video.height) == ("h264", 1080, 1080)
        assert container.streams.audio, "the song is in the video"
        assert abs(float(container.duration) / 1_000_000 - 12.0) < 0.5
    expect(page.locator("#credits")).to_have_text("94 credits")  # an edit 1; undo, redo, export nothing

    page.reload()  # the cookie's user continues where it left off
    expect(page.get_by_test_id("media-item")).to_have_count(7)
    expect(page.get_by_test_id("timeline-item").nth(1)).to_have_attribute("data-src", uploads[5])
    assert page.locator("main#studio").get_attribute("data-session-id") == session_id
    watch.assert_clean(expected_statuses=(415,))


def test_phone_layout_in_chinese_with_keyboard_reorder(
    new_context: Any, local_server: LocalServer, tmp_path: Path
) -> None:
    """A phone-sized screen, Chinese UI from the browser's language; tiles move by keyboard."""
    context = new_context(
        viewport={"width": 390, "height": 844}, locale="zh-CN", is_mobile=True, has_touch=True
    )
    page = context.new_page()
    url, shots = local_server.url, tmp_path / "shots"
    watch = open_studio(page, url)
    assert page.locator("html").get_attribute("lang") == "zh-CN"
    expect(page.locator("#make")).to_be_hidden()
    expect(page.locator("#media-heading")).to_contain_text("照片、视频和音乐")
    shot(page, shots, "phone-01-empty", full_page=True)

    page.get_by_test_id("upload").set_input_files([str(p) for p in sample_photos(tmp_path / "photos", 3)])
    expect(page.get_by_test_id("media-item")).to_have_count(3, timeout=60_000)
    page.locator("#make").click()
    wait_for_reply(page, 1)
    tiles = page.get_by_test_id("timeline-item")
    expect(tiles).to_have_count(3)
    first = tiles.nth(0).get_attribute("data-src")

    later = tiles.nth(0).locator("button.later")
    later.focus()
    page.keyboard.press("Enter")
    wait_for_reply(page, 2)
    expect(page.get_by_test_id("chat-log")).to_contain_text("把第1个照片移到第2个位置")
    expect(tiles.nth(1)).to_have_attribute("data-src", first)

    third = tiles.nth(2).get_attribute("data-src")
    tiles.nth(2).locator("button.remove").click()  # ✕: a typed remove_photo
    wait_for_reply(page, 3)
    expect(page.get_by_test_id("chat-log")).to_contain_text("删除第3个照片")
    expect(tiles).to_have_count(2)
    assert third not in [tiles.nth(i).get_attribute("data-src") for i in range(2)]

    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, "the page scrolls sideways on a phone"
    shot(page, shots, "phone-02-made", full_page=True)
    watch.assert_clean()


def test_keyboard_reaches_the_chat_and_enter_sends(page: Any, local_server: LocalServer) -> None:
    watch = open_studio(page, local_server.url)
    page.keyboard.press("Tab")
    expect(page.locator(".skip-link")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("message")).to_be_focused()
    page.keyboard.type("credits")
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("chat-log")).to_contain_text("You have 100 credits")
    # Every control has a name a screen reader can say.
    for testid in ("upload", "message", "send", "export"):
        assert page.get_by_test_id(testid).evaluate(
            "el => Boolean(el.labels?.length || el.getAttribute('aria-label') || el.textContent.trim())"
        )
    watch.assert_clean()


def test_an_open_page_checks_in_so_the_idle_backend_does_not_stop_under_it(
    page: Any, local_server: LocalServer
) -> None:
    # The page's own clock runs fast here: four minutes pass in an instant.
    page.clock.install()
    open_studio(page, local_server.url)
    expect(page.locator("#credits")).to_have_text(re.compile(r"^\d+ credits$"))
    page.locator("#credits").evaluate("node => { node.textContent = '' }")
    with page.expect_request(lambda request: request.url.endswith("/api/credits/balance/simple")):
        page.clock.run_for(4 * 60 * 1000)
    # The check-in's answer is shown: the credits come back.
    expect(page.locator("#credits")).to_have_text(re.compile(r"^\d+ credits$"))
