// The reporters' editor: autosave with optimistic locking, a speaker picker that finds
// any spelling, and keyboard commands (see the "Keyboard" box on the page).
(function () {
  "use strict";
  const root = document.getElementById("hansard-editor");
  if (!root) return;
  const API = root.dataset.api;
  const canEdit = root.dataset.canEdit === "1";
  const msg = root.dataset;
  const timers = new WeakMap();
  const inflight = new WeakMap();

  function csrf() {
    const m = document.cookie.match(/(?:^|; )csrftoken=([^;]+)/);
    return m ? decodeURIComponent(m[1]) : "";
  }
  function call(method, url, body) {
    return fetch(API + url, {
      method: method, credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf() },
      body: body === undefined ? undefined : JSON.stringify(body),
    }).then(function (r) {
      if (r.status === 204) return { status: 204, data: null };
      return r.json().then(function (data) { return { status: r.status, data: data }; });
    });
  }
  function unitOf(el) { return el.closest(".unit"); }
  function status(unit, text, bad) {
    const s = unit.querySelector(".unit-status");
    if (s) { s.textContent = text; s.style.color = bad ? "#b3261e" : ""; }
  }
  function setDir(unit, lang) {
    const dir = lang === "ar" ? "rtl" : "ltr";
    unit.querySelectorAll(".unit-text, .unit-label, .unit-role").forEach(function (el) { el.dir = dir; el.lang = lang; });
  }
  function errorText(data) {
    if (data && data.errors) return data.errors.map(function (e) { return e.reason; }).join("; ");
    return (data && data.detail) || msg.msgError;
  }

  // --- autosave ------------------------------------------------------------------------
  function collect(unit) {
    const body = { base_revision: parseInt(unit.dataset.rev, 10) };
    const text = unit.querySelector(".unit-text");
    const lang = unit.querySelector(".unit-lang");
    const kind = unit.querySelector(".unit-kind");
    const label = unit.querySelector(".unit-label");
    body.text = text.value;
    if (lang) body.language = lang.value;
    if (kind) body.kind = kind.value;
    if (label) body.label = label.value;
    const role = unit.querySelector(".unit-role");
    if (role && role.dataset.changed === "1") body[(lang ? lang.value : "ar") === "ar" ? "role_ar" : "role_en"] = role.value;
    if (unit.dataset.personChanged === "1") body.person_id = unit.dataset.person ? parseInt(unit.dataset.person, 10) : 0;
    return body;
  }
  function save(unit) {
    clearTimeout(timers.get(unit));
    const previous = inflight.get(unit) || Promise.resolve();
    const p = previous.then(function () {
      if (unit.dataset.dirty !== "1") return true;
      unit.dataset.dirty = "0";
      status(unit, msg.msgSaving);
      return call("PATCH", "/units/" + unit.dataset.id, collect(unit)).then(function (r) {
        if (r.status === 200) {
          unit.dataset.rev = r.data.revision;
          unit.dataset.personChanged = "0";
          const label = unit.querySelector(".unit-label");
          if (label && !label.matches(":focus")) label.value = r.data.label;
          status(unit, msg.msgSaved);
          unit.querySelector(".unit-conflict").hidden = true;
          return true;
        }
        if (r.status === 409) { showConflict(unit, r.data); return false; }
        unit.dataset.dirty = "1";
        status(unit, msg.msgError + ": " + errorText(r.data), true);
        return false;
      }).catch(function () { unit.dataset.dirty = "1"; status(unit, msg.msgError, true); return false; });
    });
    inflight.set(unit, p);
    return p;
  }
  function schedule(unit) {
    unit.dataset.dirty = "1";
    clearTimeout(timers.get(unit));
    timers.set(unit, setTimeout(function () { save(unit); }, 800));
  }
  function showConflict(unit, data) {
    const box = unit.querySelector(".unit-conflict");
    box.hidden = false;
    box.textContent = "";
    const p = document.createElement("p");
    p.setAttribute("role", "alert");
    p.textContent = data.detail || msg.msgStale;
    const pre = document.createElement("pre");
    pre.textContent = data.diff || "";
    const take = document.createElement("button");
    take.type = "button";
    take.textContent = "↻";
    take.title = "Load the current text (your text stays in the diff above)";
    take.addEventListener("click", function () {
      unit.querySelector(".unit-text").value = data.current_text;
      unit.dataset.rev = data.current_revision;
      box.hidden = true;
    });
    box.append(p, pre, take);
    status(unit, msg.msgError, true);
  }

  // --- speaker picker ------------------------------------------------------------------
  const options = document.getElementById("speaker-options");
  let lastPeople = [];
  let lookupTimer = null;
  function lookup(input) {
    clearTimeout(lookupTimer);
    // What was found for another spelling (or another speech) must not be picked now.
    lastPeople = [];
    options.textContent = "";
    lookupTimer = setTimeout(function () {
      const q = input.value.trim();
      if (q.length < 2) return;
      fetch(API + "/speakers?q=" + encodeURIComponent(q), { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : []; })
        .then(function (people) {
          lastPeople = people;
          options.textContent = "";
          people.forEach(function (p) {
            [p.name_ar, p.name_en].forEach(function (name) {
              if (!name) return;
              const o = document.createElement("option");
              o.value = name;
              o.dataset.id = p.id;
              options.appendChild(o);
            });
          });
          pick(input, true);
        });
    }, 150);
  }
  function pick(input, quiet) {
    const unit = unitOf(input);
    const value = input.value.trim();
    const found = lastPeople.find(function (p) { return p.name_ar === value || p.name_en === value; }) ||
      (!quiet && lastPeople.length === 1 ? lastPeople[0] : null);
    if (!found) return false;
    const lang = unit.querySelector(".unit-lang").value;
    if (String(found.id) !== unit.dataset.person) {
      unit.dataset.person = found.id;
      unit.dataset.personChanged = "1";
      const label = unit.querySelector(".unit-label");
      if (label) label.value = lang === "ar" ? found.label_ar : found.label_en;
      input.value = lang === "ar" ? (found.name_ar || found.name_en) : (found.name_en || found.name_ar);
      schedule(unit);
    }
    return true;
  }

  // --- structure: add, split, merge, updated in place from the API's answer -------------------
  const spokenKinds = (root.dataset.spokenKinds || "").split(" ");
  function fillUnit(el, data) {
    el.id = data.eid;
    el.dataset.id = data.id;
    el.dataset.rev = data.revision;
    el.dataset.eid = data.eid;
    el.dataset.section = data.section_id;
    el.dataset.person = data.person_id || "";
    el.dataset.dirty = "0";
    el.className = "unit kind-" + data.kind + (data.ai_pending ? " ai-pending" : "");
    const kind = el.querySelector(".unit-kind"); if (kind) kind.value = data.kind;
    const lang = el.querySelector(".unit-lang"); if (lang) lang.value = data.language;
    const text = el.querySelector(".unit-text");
    text.value = data.text;
    text.setAttribute("aria-label", text.getAttribute("aria-label").replace(/\s*\S*$/, "") + " " + data.eid);
    const label = el.querySelector(".unit-label"); if (label) label.value = data.label || "";
    const role = el.querySelector(".unit-role");
    if (role) { role.value = (data.language === "ar" ? (data.role_ar || data.role_en) : (data.role_en || data.role_ar)) || ""; role.dataset.changed = "0"; }
    const eid = el.querySelector(".eid"); if (eid) eid.textContent = data.eid;
    setDir(el, data.language);
    return el;
  }
  function buildUnit(data, speakerName) {
    const spoken = spokenKinds.indexOf(data.kind) >= 0;
    const tpl = document.getElementById(spoken ? "unit-template-spoken" : "unit-template-other");
    const el = fillUnit(tpl.content.firstElementChild.cloneNode(true), data);
    const speaker = el.querySelector(".unit-speaker");
    if (speaker) speaker.value = speakerName || "";
    return el;
  }
  function focusUnit(el) {
    const speaker = el.querySelector(".unit-speaker");
    const area = speaker && !speaker.value ? speaker : el.querySelector(".unit-text");
    area.focus();
    el.scrollIntoView({ block: "center" });
    if (history.replaceState) history.replaceState(null, "", "#" + el.id);
  }
  function sectionEl(id) { return root.querySelector('.edit-section[data-section="' + id + '"]'); }
  function addAfter(unit, kind, sectionId) {
    const lang = unit ? unit.querySelector(".unit-lang").value : undefined;
    const body = { section_id: parseInt(sectionId || unit.dataset.section, 10), kind: kind };
    if (unit) body.after_id = parseInt(unit.dataset.id, 10);
    if (lang) body.language = lang;
    const ready = unit ? save(unit) : Promise.resolve(true);
    return ready.then(function () { return call("POST", "/records/" + root.dataset.record + "/units", body); }).then(function (r) {
      if (r.status !== 201) { alert(errorText(r.data)); return; }
      const el = buildUnit(r.data);
      if (unit) unit.after(el);
      else sectionEl(body.section_id).querySelector(":scope > .section-actions").before(el);
      focusUnit(el);
    });
  }
  function split(unit) {
    const text = unit.querySelector(".unit-text");
    const at = text.selectionStart;
    save(unit).then(function (ok) {
      if (!ok) return;
      call("POST", "/units/" + unit.dataset.id + "/split", { at: at, base_revision: parseInt(unit.dataset.rev, 10) }).then(function (r) {
        if (r.status === 201) {
          if (r.data.kept) fillUnit(unit, r.data.kept);
          const speaker = unit.querySelector(".unit-speaker");
          const el = buildUnit(r.data, speaker ? speaker.value : "");
          unit.after(el);
          el.querySelector(".unit-text").focus();
          el.querySelector(".unit-text").setSelectionRange(0, 0);
        }
        else if (r.status === 409) showConflict(unit, r.data);
        else alert(errorText(r.data));
      });
    });
  }
  function nextInSection(unit) {
    let n = unit.nextElementSibling;
    while (n && !n.classList.contains("unit")) n = n.nextElementSibling;
    return n;
  }
  function merge(unit) {
    const next = nextInSection(unit);
    Promise.all([save(unit), next ? save(next) : true]).then(function (oks) {
      if (!oks[0] || !oks[1]) return;
      call("POST", "/units/" + unit.dataset.id + "/merge-next").then(function (r) {
        if (r.status !== 200) { alert(errorText(r.data)); return; }
        const gone = root.querySelector('.unit[data-id="' + (next ? next.dataset.id : "") + '"]');
        if (gone && gone !== unit) gone.remove();
        fillUnit(unit, r.data);
        unit.querySelector(".unit-text").focus();
      });
    });
  }
  function accept(unit) {
    save(unit).then(function () {
      call("POST", "/units/" + unit.dataset.id + "/accept").then(function (r) {
        if (r.status !== 200) { alert(errorText(r.data)); return; }
        fillUnit(unit, r.data);
        unit.querySelectorAll(".badge.ai, .unit-accept").forEach(function (el) { el.remove(); });
      });
    });
  }

  // --- sections: add (Alt+N), rename (saved as you type), move (Alt+Shift+↑/↓) ---------------
  const sectionTimers = new WeakMap();
  const sectionFlight = new WeakMap();
  function sectionStatus(sec, text, bad) {
    const s = sec.querySelector(":scope > .section-head .section-status");
    if (s) { s.textContent = text; s.style.color = bad ? "#b3261e" : ""; }
  }
  function sectionTitle(sec, data) {
    const ar = (document.documentElement.lang || "ar").slice(0, 2) === "ar";
    const heading = ar ? (data.heading_ar || data.heading_en) : (data.heading_en || data.heading_ar);
    sec.querySelector(":scope > .section-title").textContent = (data.num ? data.num + " " : "") + (heading || data.eid);
  }
  function saveSection(sec) {
    clearTimeout(sectionTimers.get(sec));
    const previous = sectionFlight.get(sec) || Promise.resolve(true);
    const p = previous.then(function () {
      if (sec.dataset.dirty !== "1") return true;
      sec.dataset.dirty = "0";
      const body = {};
      sec.querySelectorAll(":scope > .section-head .section-heading").forEach(function (i) { body[i.dataset.field] = i.value; });
      sectionStatus(sec, msg.msgSaving);
      return call("PATCH", "/sections/" + sec.dataset.section, body).then(function (r) {
        if (r.status === 200) { sectionTitle(sec, r.data); sectionStatus(sec, msg.msgSaved); return true; }
        sec.dataset.dirty = "1";
        sectionStatus(sec, msg.msgError + ": " + errorText(r.data), true);
        return false;
      }).catch(function () { sec.dataset.dirty = "1"; sectionStatus(sec, msg.msgError, true); return false; });
    });
    sectionFlight.set(sec, p);
    return p;
  }
  function scheduleSection(sec) {
    sec.dataset.dirty = "1";
    clearTimeout(sectionTimers.get(sec));
    sectionTimers.set(sec, setTimeout(function () { saveSection(sec); }, 800));
  }
  // A section and the sections nested in it (they follow it in the page).
  function sectionBlock(sec) {
    const depth = parseInt(sec.dataset.depth || "0", 10);
    const out = [sec];
    let n = sec.nextElementSibling;
    while (n && n.classList.contains("edit-section") && parseInt(n.dataset.depth || "0", 10) > depth) { out.push(n); n = n.nextElementSibling; }
    return out;
  }
  function buildSection(data, depth) {
    const el = document.getElementById("section-template").content.firstElementChild.cloneNode(true);
    el.className = "edit-section depth-" + depth;
    el.dataset.depth = depth;
    el.dataset.section = data.id;
    el.dataset.parent = data.parent_id || "";
    el.id = data.eid;
    el.querySelectorAll(".section-heading").forEach(function (i) { i.value = data[i.dataset.field] || ""; });
    el.querySelectorAll(".add-unit").forEach(function (b) { b.dataset.section = data.id; });
    const eid = el.querySelector(".eid"); if (eid) eid.textContent = data.eid;
    sectionTitle(el, data);
    return el;
  }
  function addSection(sec) {
    const body = {};
    if (sec) body.after_id = parseInt(sec.dataset.section, 10);
    const active = document.activeElement;
    const unit = active && active.closest ? unitOf(active) : null;
    const ready = Promise.all([unit ? save(unit) : true, sec ? saveSection(sec) : true]);
    return ready.then(function () { return call("POST", "/records/" + root.dataset.record + "/sections", body); }).then(function (r) {
      if (r.status !== 201) { alert(errorText(r.data)); return; }
      const el = buildSection(r.data, sec ? sec.dataset.depth || "0" : 0);
      if (sec) { const b = sectionBlock(sec); b[b.length - 1].after(el); }
      else document.getElementById("sections-end").before(el);
      const empty = root.querySelector(".no-sections"); if (empty) empty.remove();
      const first = el.querySelector('.section-heading[data-field="heading_' + (root.dataset.language === "en" ? "en" : "ar") + '"]');
      first.focus();
      el.scrollIntoView({ block: "center" });
      if (history.replaceState) history.replaceState(null, "", "#" + el.id);
    });
  }
  function moveSection(sec, step) {
    const ready = saveSection(sec);
    return ready.then(function () { return call("POST", "/sections/" + sec.dataset.section + "/move", { step: step }); }).then(function (r) {
      if (r.status !== 200) { sectionStatus(sec, errorText(r.data), true); return; }
      const siblings = Array.from(root.querySelectorAll(".edit-section")).filter(function (s) { return s.dataset.parent === sec.dataset.parent; });
      const other = siblings[siblings.indexOf(sec) + step];
      if (!other) return;
      const active = document.activeElement;
      const mine = sectionBlock(sec);
      if (step < 0) mine.forEach(function (el) { other.before(el); });
      else { let anchor = sectionBlock(other).pop(); mine.forEach(function (el) { anchor.after(el); anchor = el; }); }
      if (active && sec.contains(active)) active.focus();
      sec.scrollIntoView({ block: "nearest" });
      sectionStatus(sec, msg.msgSaved);
    });
  }
  function move(unit, step) {
    const all = Array.from(root.querySelectorAll(".unit"));
    const next = all[all.indexOf(unit) + step];
    if (next) next.querySelector(".unit-text").focus();
  }

  if (canEdit) {
    root.addEventListener("input", function (e) {
      if (e.target.classList.contains("section-heading")) { scheduleSection(e.target.closest(".edit-section")); return; }
      const unit = unitOf(e.target);
      if (!unit) return;
      if (e.target.classList.contains("unit-speaker")) { lookup(e.target); return; }
      if (e.target.classList.contains("unit-role")) e.target.dataset.changed = "1";
      schedule(unit);
    });
    root.addEventListener("change", function (e) {
      const unit = unitOf(e.target);
      if (!unit) return;
      if (e.target.classList.contains("unit-speaker")) { pick(e.target, false); return; }
      // Text, label and role are saved from their "input" events; "change" on leaving
      // them would only mark an already saved speech dirty again.
      if (e.target.matches(".unit-text, .unit-label, .unit-role")) return;
      if (e.target.classList.contains("unit-lang")) setDir(unit, e.target.value);
      schedule(unit);
    });
    document.addEventListener("keydown", function (e) {
      if (!e.altKey || e.ctrlKey || e.metaKey) return;
      const sec = e.target.closest ? e.target.closest("#hansard-editor .edit-section") : null;
      if (!e.shiftKey && (e.code === "KeyN" || e.key === "n" || e.key === "N")) { e.preventDefault(); addSection(sec); }
      else if (sec && e.shiftKey && (e.key === "ArrowUp" || e.key === "ArrowDown")) { e.preventDefault(); moveSection(sec, e.key === "ArrowUp" ? -1 : 1); }
    });
    root.addEventListener("keydown", function (e) {
      if (e.target.classList && e.target.classList.contains("section-heading") && e.key === "Enter") {
        e.preventDefault();
        const sec = e.target.closest(".edit-section");
        saveSection(sec);
        const area = sec.querySelector(":scope > .unit .unit-text");
        if (area) area.focus(); else { const add = sec.querySelector(":scope > .section-actions .add-unit"); if (add) add.focus(); }
        return;
      }
      if (e.altKey && e.shiftKey && (e.key === "ArrowUp" || e.key === "ArrowDown")) return;  // moves the section (above)
      const unit = unitOf(e.target);
      if (e.target.classList && e.target.classList.contains("unit-speaker") && e.key === "Enter") {
        e.preventDefault();
        if (pick(e.target, false)) unit.querySelector(".unit-text").focus();
        return;
      }
      if (!unit) return;
      if ((e.ctrlKey || e.metaKey) && e.key === "Enter") { e.preventDefault(); addAfter(unit, e.shiftKey ? "narrative" : "speech"); }
      else if (e.altKey && (e.key === "s" || e.key === "S" || e.code === "KeyS")) { e.preventDefault(); split(unit); }
      else if (e.altKey && (e.key === "m" || e.key === "M" || e.code === "KeyM")) { e.preventDefault(); merge(unit); }
      else if (e.altKey && (e.key === "p" || e.key === "P" || e.code === "KeyP")) { e.preventDefault(); const s = unit.querySelector(".unit-speaker"); if (s) s.focus(); }
      else if (e.altKey && e.key === "ArrowDown") { e.preventDefault(); move(unit, 1); }
      else if (e.altKey && e.key === "ArrowUp") { e.preventDefault(); move(unit, -1); }
    });
    root.addEventListener("focusout", function (e) {
      if (e.target.classList.contains("section-heading")) {
        const sec = e.target.closest(".edit-section");
        if (sec.dataset.dirty === "1" && !e.target.parentNode.contains(e.relatedTarget)) saveSection(sec);
        return;
      }
      const unit = unitOf(e.target);
      if (unit && unit.dataset.dirty === "1" && !unit.contains(e.relatedTarget)) save(unit);
    });
    root.addEventListener("click", function (e) {
      if (e.target.classList.contains("add-unit")) {
        const section = e.target.closest(".edit-section");
        const units = section.querySelectorAll(".unit");
        addAfter(units.length ? units[units.length - 1] : null, e.target.dataset.kind, e.target.dataset.section);
      } else if (e.target.classList.contains("unit-accept")) {
        accept(unitOf(e.target));
      } else if (e.target.classList.contains("add-section")) {
        addSection(e.target.closest(".edit-section"));
      } else if (e.target.classList.contains("section-move")) {
        moveSection(e.target.closest(".edit-section"), parseInt(e.target.dataset.step, 10));
      }
    });
    window.addEventListener("beforeunload", function (e) {
      if (root.querySelector('.unit[data-dirty="1"], .edit-section[data-dirty="1"]')) { e.preventDefault(); e.returnValue = ""; }
    });
  }
  // Focus the speech or section named in the address.
  if (window.location.hash) {
    const target = document.getElementById(window.location.hash.slice(1));
    const area = target && target.querySelector(".section-heading, .unit-speaker:not([value]), .unit-speaker[value=''], .unit-text");
    if (area) { area.focus(); target.scrollIntoView({ block: "center" }); }
  }
  window.hansardEditor = { save: save, saveSection: saveSection, pending: function () { return root.querySelectorAll('.unit[data-dirty="1"], .edit-section[data-dirty="1"]').length; } };
})();
