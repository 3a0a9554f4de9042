// LearnConnect web chat: progressive enhancement of the plain HTML page.
// Without this script every button and the composer are ordinary form posts; with it they go
// through the JSON API and the page polls for pushed messages. Engine text is only ever
// inserted with textContent, never as HTML.
(function () {
  "use strict";
  var body = document.body;
  var log = document.getElementById("log");
  var end = document.getElementById("end");
  var composer = document.getElementById("composer");
  var input = document.getElementById("text");
  var lastId = parseInt(body.dataset.lastId || "0", 10) || 0;
  var pollMs = (parseInt(body.dataset.pollSeconds || "20", 10) || 20) * 1000;
  var busy = false;

  function scrollDown() {
    end.scrollIntoView({ block: "end" });
  }

  // Show an answer from its beginning: scrolled to the end, a reply taller than the screen
  // (a session's key points) would hide its first lines, so the student would start reading
  // in the middle. Then the first new message is brought to the top instead.
  function reveal(first) {
    scrollDown();
    if (first && first.getBoundingClientRect().top < log.getBoundingClientRect().top) {
      first.scrollIntoView({ block: "start" });
    }
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  // A message's text, with its web addresses as links a student can tap (a session's
  // resources are links). Still text nodes only: an address becomes an <a> whose href is set
  // as a property and only for http(s), so nothing in a message can become markup or script.
  var ADDRESS = /https?:\/\/[^\s<>"]+/g;
  function textWithLinks(text) {
    var paragraph = el("p", "text");
    var at = 0;
    text.replace(ADDRESS, function (found, offset) {
      var address = found.replace(/[.,;:!?)\]]+$/, "");  // the sentence's punctuation stays text
      if (offset > at) paragraph.appendChild(document.createTextNode(text.slice(at, offset)));
      var link = el("a", "link", address);
      link.href = address;
      link.target = "_blank";
      link.rel = "noopener noreferrer";
      paragraph.appendChild(link);
      at = offset + address.length;
      return found;
    });
    if (at < text.length) paragraph.appendChild(document.createTextNode(text.slice(at)));
    return paragraph;
  }

  function choicesForm(rows) {
    var form = el("form", "choices");
    form.method = "post";
    form.action = "/chat/send";
    rows.forEach(function (row) {
      var line = el("div", "row");
      row.forEach(function (choice) {
        var button = el("button", "choice " + (choice.style || "default"), choice.label);
        button.type = "submit";
        button.name = "payload";
        button.value = choice.payload;
        line.appendChild(button);
      });
      form.appendChild(line);
    });
    return form;
  }

  function addMessage(message) {
    var article = el("article", "msg " + message.role);
    if (message.id) article.dataset.id = String(message.id);
    article.appendChild(el("span", "who", message.role === "student" ? body.dataset.you : body.dataset.coach));
    if (message.text) article.appendChild(textWithLinks(message.text));
    if (message.kind === "photo" && message.file && message.file.url) {
      var picture = el("img", "picture");
      // the picture's own description; the caption (shown above it) only when it has none
      picture.alt = message.file.alt || message.text || "";
      // The picture has no height until it loads: the scroll done when the message was added
      // left it below the view. Once loaded, bring the whole picture into view (when it is
      // still the newest message, so a student reading older ones is not pulled away).
      picture.addEventListener("load", function () {
        if (article.nextElementSibling === end) article.scrollIntoView({ block: "end" });
      });
      picture.src = message.file.url;
      article.appendChild(picture);
    } else if (message.file && message.file.url) {
      var link = el("a", "download", "\u2B07 " + message.file.filename);
      link.href = message.file.url;
      link.download = message.file.filename;
      article.appendChild(link);
    }
    if (message.choices && message.choices.length) article.appendChild(choicesForm(message.choices));
    // a reply in place (a switch tapped) takes the place of the message it redraws
    var old = message.replaced && message.id ?
      log.querySelector('article[data-id="' + String(message.id) + '"]') : null;
    if (old) {
      log.replaceChild(article, old);
      return article;
    }
    log.insertBefore(article, end);
    if (message.id && message.id > lastId) lastId = message.id;
    return article;
  }

  function addNotice(text) {
    var article = el("article", "msg notice");
    article.appendChild(el("p", "text", text));
    log.insertBefore(article, end);
  }

  function retireOldButtons() {
    log.querySelectorAll("form.choices").forEach(function (form) { form.remove(); });
  }

  function setBusy(value) {
    busy = value;
    document.querySelectorAll("button").forEach(function (button) { button.disabled = value; });
  }

  function show(messages) {
    var fresh = messages.filter(function (m) { return !m.id || m.id > lastId; });
    if (!fresh.length) return;
    if (fresh.some(function (m) { return m.choices && m.choices.length; })) retireOldButtons();
    reveal(fresh.map(addMessage)[0]);
  }

  function send(data) {
    if (busy) return;
    setBusy(true);
    var shown = [];
    var typing = el("article", "msg coach typing");
    log.insertBefore(typing, end);
    scrollDown();
    fetch("/chat/api/send", {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "Accept": "application/json" },
      body: JSON.stringify(data)
    }).then(function (response) {
      // 429: sending too fast; the body carries a notice in the student's language
      if (!response.ok && response.status !== 429) throw new Error("HTTP " + response.status);
      return response.json();
    }).then(function (result) {
      typing.remove();
      if (result.notice) addNotice(result.notice);
      if (result.error) return;  // nothing was sent: keep what the student typed
      var messages = (result.student ? [result.student] : []).concat(result.replies || []);
      if (messages.length) retireOldButtons();
      // a poll that crossed this request may have shown some of them already
      shown = messages.filter(function (m) {
        return !m.id || m.id > lastId || m.replaced;
      }).map(addMessage);
      if (data.text !== undefined && input) input.value = "";
    }).catch(function () {
      typing.remove();
      addNotice(body.dataset.offline);
    }).finally(function () {
      setBusy(false);
      reveal(shown[0]);
      if (input && data.text !== undefined) input.focus();
    });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var button = event.submitter;
    event.preventDefault();
    if (form === composer) {
      send({ text: input.value });
    } else if (button && button.name === "payload") {
      send({ payload: button.value });
    } else if (button && button.name === "text") {
      send({ text: button.value });
    }
  });

  function poll() {
    if (busy || document.hidden) return;
    fetch("/chat/api/history?since=" + lastId, { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : { messages: [] }; })
      .then(function (result) { show(result.messages || []); })
      .catch(function () { /* offline for a moment: the next poll tries again */ });
  }

  // The page as the server rendered it (a reload): its addresses become links too.
  log.querySelectorAll("article.msg p.text").forEach(function (paragraph) {
    var text = paragraph.textContent;
    if (text.indexOf("http") !== -1) paragraph.parentNode.replaceChild(textWithLinks(text), paragraph);
  });

  setInterval(poll, pollMs);
  document.addEventListener("visibilitychange", poll);
  scrollDown();
  // A reloaded page: its pictures load after that first scroll, so scroll again when they do.
  log.querySelectorAll("img.picture").forEach(function (picture) {
    if (!picture.complete) picture.addEventListener("load", scrollDown);
  });
})();
