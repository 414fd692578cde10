// Live meeting pages (console, tablet, projector). The server renders the first state;
// this script keeps it current over the meeting's WebSocket, sends members' actions and
// reconnects (the server sends the full state on every connect, so nothing is missed).
(function () {
  "use strict";
  const root = document.getElementById("live");
  if (!root) return;
  const t = root.dataset, lang = t.lang === "en" ? "en" : "ar", myPerson = parseInt(t.person || "0", 10);
  let socket = null, state = null, retry = 500, timerBase = null, refSeq = 0, myVote = null, refocus = null;
  let moveSpeaker = () => {};
  const $ = (sel) => root.querySelector(sel) || document.querySelector(sel);
  const label = (bi) => (bi ? bi[lang] || bi.ar || bi.en || "" : "");
  const optionLabel = (o) => t["t" + o.charAt(0).toUpperCase() + o.slice(1)] || o;

  function el(tag, attrs, text) {
    const node = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => node.setAttribute(k, v));
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function renderPoll(poll) {
    const box = $("[data-testid=poll]");
    box.replaceChildren();
    if (!poll) return;
    box.append(el("h2", {}, label(poll.title)));
    box.dataset.state = poll.state;
    box.dataset.poll = poll.id;
    const counts = el("p", { "data-testid": "poll-counts", class: "counts" });
    if (poll.counts) {
      poll.options.forEach((o) => counts.append(el("span", { class: "count", "data-option": o }, optionLabel(o) + ": " + poll.counts[o])));
    } else {
      counts.append(el("span", {}, t.tHidden));
    }
    box.append(counts);
    box.append(el("p", { class: "muted", "data-testid": "votes-cast" }, poll.votes_cast + " " + t.tBallots));
    if (poll.state === "closed") {
      box.append(el("p", { class: "outcome " + (poll.adopted ? "adopted" : "rejected"), "data-testid": "poll-result" }, poll.adopted ? t.tAdopted : t.tRejected));
    }
    if (t.mode === "tablet" && poll.state === "open" && poll.kind !== "show_of_hands") {
      const row = el("div", { class: "vote-buttons" });
      poll.options.forEach((o) => {
        const b = el("button", { type: "button", "data-vote": o, "data-testid": "vote-" + o, class: myVote === o ? "chosen" : "" }, optionLabel(o));
        b.addEventListener("click", () => send({ action: "vote", poll: poll.id, choice: o }, () => { myVote = o; feedback(t.tVoted); renderPoll(state.poll); }));
        row.append(b);
      });
      box.append(row);
    }
  }

  function render(s) {
    state = s;
    $("[data-testid=current-item]").textContent = s.item ? s.item.number + ". " + label(s.item.title) : "—";
    $("[data-testid=speaker-name]").textContent = s.speaker ? label(s.speaker.name) + (s.speaker.kind === "point_of_order" ? " (" + t.tPoo + ")" : "") : "";
    timerBase = s.speaker ? { remaining: s.speaker.remaining, at: Date.now(), running: s.speaker.state === "speaking" } : null;
    tick();
    const q = s.quorum;
    const qn = $("[data-testid=quorum]");
    qn.textContent = t.tQuorum + ": " + q.present + " " + t.tPresent + " / " + q.required;
    qn.className = "quorum " + (q.has_quorum ? "ok" : "no");
    const list = $("[data-testid=queue]");
    list.replaceChildren(...s.queue.map((slot) => {
      const name = label(slot.name) + (slot.kind === "point_of_order" ? " (" + t.tPoo + ")" : "");
      const item = el("li", { "data-slot": slot.id, class: slot.person_id === myPerson ? "mine" : "" });
      item.append(el("span", { class: "name" }, name));
      if (t.mode === "console") {
        // Which moves the service allows comes with the state (points of order stay first).
        const moves = slot.moves || {};
        ["up", "down"].forEach((dir) => {
          const b = el("button", { type: "button", class: "small move", "data-move": dir, "data-testid": "move-" + dir,
            "aria-label": (dir === "up" ? t.tUp : t.tDown) + ": " + name }, dir === "up" ? "▲" : "▼");
          if (!moves[dir]) b.disabled = true;
          b.addEventListener("click", () => moveSpeaker(slot.id, dir));
          item.append(" ", b);
        });
      }
      return item;
    }));
    if (refocus) {
      // The list is redrawn on every change: keep the keyboard where the chair left it.
      const again = list.querySelector("li[data-slot='" + refocus.slot + "'] [data-move=" + refocus.dir + "]");
      const target = again && !again.disabled ? again : list.querySelector("li[data-slot='" + refocus.slot + "'] button:not([disabled])");
      if (target) target.focus();
      refocus = null;
    }
    const mine = s.queue.find((slot) => slot.person_id === myPerson);
    const withdraw = document.querySelector("[data-action=withdraw]");
    if (withdraw) { withdraw.hidden = !mine; withdraw.dataset.slot = mine ? mine.id : ""; }
    if (!s.poll || s.poll.state !== "open") myVote = null;
    renderPoll(s.poll);
    root.dataset.meetingState = s.meeting.state;
  }

  function tick() {
    const node = $("[data-testid=timer]");
    if (!timerBase) { node.textContent = ""; return; }
    let left = timerBase.remaining - (timerBase.running ? (Date.now() - timerBase.at) / 1000 : 0);
    const sign = left < 0 ? "-" : "";
    left = Math.abs(Math.round(left));
    node.textContent = sign + Math.floor(left / 60) + ":" + String(left % 60).padStart(2, "0");
    node.classList.toggle("over", sign === "-");
  }
  setInterval(tick, 500);

  const pending = {};
  function send(message, onAck) {
    if (!socket || socket.readyState !== 1) { feedback(t.tOffline); return; }
    const ref = ++refSeq;
    pending[ref] = onAck;
    socket.send(JSON.stringify(Object.assign({ ref: ref }, message)));
  }

  function feedback(text) {
    const node = document.querySelector("[data-testid=feedback]") || document.querySelector("[data-testid=console-feedback]");
    if (node) node.textContent = text;
  }

  function connect() {
    const url = (location.protocol === "https:" ? "wss://" : "ws://") + location.host + t.ws;
    socket = new WebSocket(url);
    socket.onopen = () => { retry = 500; $("[data-testid=connection]").hidden = true; root.dataset.connected = "1"; };
    socket.onmessage = (event) => {
      const msg = JSON.parse(event.data);
      if (msg.type === "state" && msg.state) render(msg.state);
      else if (msg.type === "ack") { const cb = pending[msg.ref]; delete pending[msg.ref]; if (cb) cb(msg.result); }
      else if (msg.type === "error") { delete pending[msg.ref]; feedback(msg.errors.map((e) => e.reason).join("; ")); }
    };
    socket.onclose = () => {
      root.dataset.connected = "";
      $("[data-testid=connection]").hidden = false;
      setTimeout(connect, retry);
      retry = Math.min(retry * 2, 10000);
    };
  }
  connect();

  // Member actions (tablet).
  document.querySelectorAll("[data-action]").forEach((button) => {
    button.addEventListener("click", () => {
      const msg = { action: button.dataset.action };
      if (button.dataset.kind) msg.kind = button.dataset.kind;
      if (button.dataset.slot) msg.slot = parseInt(button.dataset.slot, 10);
      send(msg, () => feedback("✓"));
    });
  });

  // Chair's console: REST calls; the resulting state arrives over the socket.
  const consoleBox = document.querySelector(".console");
  if (consoleBox) {
    const api = consoleBox.dataset.api;
    function call(url, body) {
      return fetch(url, { method: "POST", credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": window.majlis ? window.majlis.csrf() : "" },
        body: JSON.stringify(body || {}) })
        .then((r) => r.json().then((data) => ({ ok: r.ok, data: data })))
        .then((res) => {
          if (!res.ok) feedback((res.data.errors || []).map((e) => e.reason).join("; ") || res.data.detail || "error");
          else feedback("✓");
          return res;
        });
    }
    consoleBox.querySelectorAll("button[data-call]").forEach((b) => b.addEventListener("click", () => call(api + "/" + b.dataset.call, b.dataset.body ? JSON.parse(b.dataset.body) : {})));
    const itemSelect = consoleBox.querySelector("select[data-call]");
    if (itemSelect) itemSelect.addEventListener("change", () => call(api + "/current-item", { item_id: parseInt(itemSelect.value, 10) }));
    consoleBox.querySelectorAll("button[data-slot]").forEach((b) => b.addEventListener("click", () => {
      if (state && state.speaker) call("/api/meetings/speakers/" + state.speaker.id + "/" + b.dataset.slot);
    }));
    moveSpeaker = (slotId, dir) => {
      refocus = { slot: slotId, dir: dir };
      call("/api/meetings/speakers/" + slotId + "/move", { direction: dir });
    };
    consoleBox.querySelectorAll("button[data-attend]").forEach((b) => b.addEventListener("click", () =>
      call(api + "/attendance", { person_id: parseInt(b.dataset.attend, 10), status: b.dataset.status })));
    consoleBox.querySelector("[data-poll=create-open]").addEventListener("click", () => {
      const title = document.getElementById("poll-title").value;
      const body = { kind: document.getElementById("poll-kind").value, majority: document.getElementById("poll-majority").value };
      body[lang === "ar" ? "title_ar" : "title_en"] = title;
      if (state && state.item) body.agenda_item_id = state.item.id;
      call(api + "/polls", body).then((res) => { if (res.ok) call("/api/meetings/polls/" + res.data.id + "/open"); });
    });
    consoleBox.querySelector("[data-poll=close]").addEventListener("click", () => {
      if (state && state.poll && state.poll.state === "open") call("/api/meetings/polls/" + state.poll.id + "/close");
    });
  }
})();
