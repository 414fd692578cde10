// Suggestions as a person types (progressive enhancement: without this file the box is
// an ordinary search form). Markup:
//   <input data-suggest-url="/api/…" data-suggest-list="ID" data-suggest-status="ID"
//          data-suggest-none="…" data-suggest-some="… %(n)s …">
//   <ul id="ID" role="listbox" hidden></ul>
// The input becomes an ARIA 1.2 combobox: Up/Down move through the options (the focus
// stays in the box, aria-activedescendant names the option), Enter opens the chosen one,
// Escape closes the list. The URL answers {"results": [{name, name_lang, other_name,
// other_lang, url}]} (GET /api/search/people).
(function () {
  "use strict";
  const MIN_CHARS = 2, DELAY_MS = 150;

  function setup(input) {
    const list = document.getElementById(input.dataset.suggestList);
    const status = document.getElementById(input.dataset.suggestStatus || "");
    if (!list) return;
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("aria-expanded", "false");
    let timer = null, seq = 0, active = -1;

    function options() { return Array.prototype.slice.call(list.querySelectorAll("[role=option]")); }
    function say(text) { if (status) status.textContent = text; }

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function choose(index) {
      const opts = options();
      if (!opts.length) return;
      active = (index + opts.length) % opts.length;
      opts.forEach(function (o, i) { o.setAttribute("aria-selected", i === active ? "true" : "false"); });
      input.setAttribute("aria-activedescendant", opts[active].id);
      opts[active].scrollIntoView({ block: "nearest" });
    }

    function name(text, lang, cls) {
      const el = document.createElement("bdi");
      el.textContent = text;  // text, never HTML: names come from the register
      if (lang) el.lang = lang;
      if (cls) el.className = cls;
      return el;
    }

    function render(rows) {
      list.textContent = "";
      rows.forEach(function (row, i) {
        const li = document.createElement("li");
        li.id = list.id + "-" + i;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        li.dataset.url = row.url;
        li.appendChild(name(row.name, row.name_lang, ""));
        if (row.other_name) li.appendChild(name(row.other_name, row.other_lang, "name-other"));
        list.appendChild(li);
      });
      active = -1;
      input.removeAttribute("aria-activedescendant");
      list.hidden = rows.length === 0;
      input.setAttribute("aria-expanded", rows.length ? "true" : "false");
      say(rows.length ? (input.dataset.suggestSome || "").replace("%(n)s", rows.length) : (input.dataset.suggestNone || ""));
    }

    function fetchSuggestions() {
      const q = input.value.trim();
      const mine = ++seq;
      if (q.length < MIN_CHARS) { close(); say(""); return; }
      const url = new URL(input.dataset.suggestUrl, window.location.href);
      url.searchParams.set("q", q);
      url.searchParams.set("limit", "8");
      fetch(url, { headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : Promise.reject(r.status); })
        .then(function (data) { if (mine === seq) render(data.results || []); })  // a newer keystroke answers instead
        .catch(function () { if (mine === seq) close(); });
    }

    function open(option) {
      if (option && option.dataset.url) window.location.assign(option.dataset.url);
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(fetchSuggestions, DELAY_MS);
    });
    input.addEventListener("keydown", function (e) {
      const expanded = !list.hidden;
      if (e.key === "ArrowDown") {
        e.preventDefault();
        if (expanded) choose(active + 1); else fetchSuggestions();
      } else if (e.key === "ArrowUp" && expanded) {
        e.preventDefault();
        choose(active < 0 ? -1 : active - 1);
      } else if (e.key === "Enter" && expanded && active >= 0) {
        e.preventDefault();  // open the person instead of submitting the form
        open(options()[active]);
      } else if (e.key === "Escape" && expanded) {
        e.preventDefault();
        close();
      } else if (e.key === "Tab") {
        close();
      }
    });
    // mousedown would move the focus out of the box before the click lands.
    list.addEventListener("mousedown", function (e) { e.preventDefault(); });
    list.addEventListener("click", function (e) { open(e.target.closest("[role=option]")); });
    input.addEventListener("blur", function () { setTimeout(close, 100); });
  }

  document.querySelectorAll("input[data-suggest-url]").forEach(setup);
})();
