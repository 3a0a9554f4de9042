"""The web chat page as a student uses it: buttons pressed by their words, text typed into
the composer, and what the page shows read back from the DOM (never from the JSON API)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

# Settled: no request in flight (the script removes the typing bubble and re-enables the
# buttons when the answer is shown) and more messages than before.
SETTLED = """n => !document.querySelector('.typing')
  && !document.querySelector('#composer button').disabled
  && document.querySelectorAll('#log article.msg').length > n"""
# The coach's messages after the student's last one, and the buttons on offer.
LAST_REPLIES = """() => {
  const all = [...document.querySelectorAll('#log article.msg')];
  let i = all.length - 1;
  while (i >= 0 && !all[i].classList.contains('student')) i--;
  return all.slice(i + 1).map(a => (a.querySelector('.text') || {}).textContent || '');
}"""
BUTTONS = """() => [...document.querySelectorAll('#log form.choices button')]
  .map(b => b.textContent.trim())"""
# Where the first line of the coach's first new reply is, against the visible chat log.
REPLY_START = """() => {
  const all = [...document.querySelectorAll('#log article.msg')];
  let i = all.length - 1;
  while (i >= 0 && !all[i].classList.contains('student')) i--;
  const first = all[i + 1];
  if (!first) return null;
  const log = document.getElementById('log').getBoundingClientRect();
  const top = first.getBoundingClientRect().top;
  return {top: top, log_top: log.top, log_bottom: log.bottom};
}"""
# For each row of buttons on offer: the gap between its wrapped lines (0 if it does not wrap)
# and the gap to the next row.
ROW_GAPS = """() => {
  const rows = [...document.querySelectorAll('#log form.choices .row')];
  return rows.map((row, i) => {
    const boxes = [...row.querySelectorAll('button')].map(b => b.getBoundingClientRect());
    const tops = [...new Set(boxes.map(b => Math.round(b.top)))].sort((a, b) => a - b);
    const first = boxes.filter(b => Math.round(b.top) === tops[0]);
    const second = boxes.filter(b => Math.round(b.top) === tops[1]);
    const inner = tops.length > 1
      ? Math.min(...second.map(b => b.top)) - Math.max(...first.map(b => b.bottom)) : 0;
    const next = rows[i + 1];
    const bottom = row.getBoundingClientRect().bottom;
    const outer = next ? next.getBoundingClientRect().top - bottom : null;
    return {inner: inner, outer: outer};
  });
}"""
# Everything that could make a phone scroll sideways, or hide the composer.
LAYOUT = """() => {
  const width = window.innerWidth, height = window.innerHeight;
  const wide = [...document.querySelectorAll('body *')].filter(e => {
    const r = e.getBoundingClientRect();
    return r.width > 0 && (r.right > width + 1 || r.left < -1);
  }).map(e => e.tagName + '.' + e.className + ': ' + (e.textContent || '').slice(0, 40));
  const input = document.getElementById('text');
  const box = input.getBoundingClientRect();
  const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
  const small = [...document.querySelectorAll('#log button, #composer button')].filter(b => {
    const r = b.getBoundingClientRect();
    return r.height < 40;
  }).map(b => b.textContent);
  const log = document.getElementById('log');
  return {
    scroll_width: document.documentElement.scrollWidth, width: width,
    log_overflow: log.scrollWidth - log.clientWidth,
    wide: wide, small_buttons: small,
    input_visible: box.top >= 0 && box.bottom <= height + 1 && box.width >= 120,
    input_on_top: hit === input, input_enabled: !input.disabled,
  };
}"""

# Addresses still shown as plain text (outside a link), and every link's target.
LINKS_JS = """() => {
  const bare = [], hrefs = [];
  for (const p of document.querySelectorAll('#log article.msg p.text')) {
    for (const node of p.childNodes) {
      const text = node.nodeType === Node.TEXT_NODE ? node.textContent : "";
      if (/https?:\\/\\//.test(text)) bare.push(text);
    }
    for (const a of p.querySelectorAll('a')) hrefs.push(a.getAttribute('href'));
  }
  return {bare, hrefs};
}"""


class ChatPage:
    """One student's tab of the web chat."""

    def __init__(self, page: Any, base_url: str, shots: Path, name: str) -> None:
        self.page = page
        self.base_url = base_url
        self.shots = shots
        self.name = name
        self.step = 0

    # ------------------------------------------------------------------ acting
    def open(self) -> None:
        """Load the chat page (first visit or reload)."""
        self.page.goto(f"{self.base_url}/")
        self.page.wait_for_selector("#composer")

    def reload(self) -> None:
        """Reload the tab, as a student does when the phone wakes up."""
        self.page.reload()
        self.page.wait_for_selector("#composer")

    def press(self, words: str) -> None:
        """Tap the offered button whose label contains `words`."""
        button = self.button(words)
        self._answered(button.click)

    def type(self, text: str) -> None:
        """Type into the composer and press Enter."""
        self.page.fill("#text", text)
        self._answered(lambda: self.page.press("#text", "Enter"))

    def button(self, words: str) -> Any:
        """The offered button with these words; fails with what was on offer."""
        found = self.page.locator("#log form.choices button", has_text=re.compile(re.escape(words)))
        assert found.count() >= 1, f"{self.name}: no button {words!r} among {self.buttons()}"
        return found.first

    def _answered(self, action: Any) -> None:
        before = self.page.locator("#log article.msg").count()
        action()
        self.page.wait_for_function(SETTLED, arg=before)

    # ------------------------------------------------------------------ looking
    def replies(self) -> list[str]:
        """The texts of the coach's messages since the student's last one."""
        texts: list[str] = self.page.evaluate(LAST_REPLIES)
        return texts

    def reply_text(self) -> str:
        """Those texts as one string."""
        return "\n".join(self.replies())

    def buttons(self) -> list[str]:
        """The labels of the buttons on offer."""
        labels: list[str] = self.page.evaluate(BUTTONS)
        return labels

    def layout(self) -> dict[str, Any]:
        """What could hinder a student: sideways scroll, hidden or covered input."""
        found: dict[str, Any] = self.page.evaluate(LAYOUT)
        return found

    def shot(self, label: str) -> Path:
        """Save what the student sees now as a numbered PNG."""
        self.step += 1
        path = self.shots / f"{self.name}-{self.step:02d}-{label}.png"
        self.page.screenshot(path=str(path))
        return path

    def sees(self, *words: str) -> None:
        """The coach's last replies contain every one of `words`."""
        text = self.reply_text()
        for word in words:
            assert word in text, f"{self.name}: {word!r} not in the replies:\n{text}"

    def check_reply_start_visible(self) -> None:
        """The student sees where the coach's answer begins (not only its end)."""
        found = self.page.evaluate(REPLY_START)
        assert found is not None, f"{self.name}: no reply"
        assert found["log_top"] - 1 <= found["top"] < found["log_bottom"], (self.name, found)

    def check_rows_grouped(self) -> None:
        """Where a row of buttons wraps, rows stand further apart than its lines, so a
        student sees which buttons belong together."""
        gaps = self.page.evaluate(ROW_GAPS)
        inner = max(gap["inner"] for gap in gaps)
        outer = [gap["outer"] for gap in gaps if gap["outer"] is not None]
        if inner > 0 and outer:
            assert min(outer) >= inner + 4, (self.name, gaps)

    def check_links(self) -> int:
        """Every web address a message shows is a link that opens it (and nothing else is):
        returns how many links the chat shows."""
        found = self.page.evaluate(LINKS_JS)
        assert not found["bare"], (self.name, found["bare"])
        assert all(href.startswith(("https://", "http://")) for href in found["hrefs"]), found
        return len(found["hrefs"])

    def check_layout(self) -> None:
        """Nothing scrolls sideways, the input is visible, on top and usable."""
        found = self.layout()
        assert found["scroll_width"] <= found["width"], (self.name, found)
        assert found["log_overflow"] <= 0, (self.name, found)
        assert not found["wide"], (self.name, found["wide"])
        assert found["input_visible"] and found["input_on_top"], (self.name, found)
        assert found["input_enabled"], (self.name, found)
        assert not found["small_buttons"], (self.name, found["small_buttons"])
