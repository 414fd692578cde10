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

  // --- structure: add, split, merge (the page reloads at the new place) ---------------------
  function reloadAt(eid) {
    const url = new URL(window.location.href);
    url.hash = eid;
    window.location.replace(url.toString());
    window.location.reload();
  }
  function addAfter(unit, kind, sectionId) {
    const lang = unit ? unit.querySelector(".unit-lang").value : undefined;
    const body = { section_id: parseInt(sectionId || unit.dataset.section, 10), kind: kind };
    if (unit) body.after_id = parseInt(unit.dataset.id, 10);
    if (lang) body.language = lang;
    const ready = unit ? save(unit) : Promise.resolve(true);
    return ready.then(function () { return call("POST", "/records/" + root.dataset.record + "/units", body); }).then(function (r) {
      if (r.status === 201) reloadAt(r.data.eid);
      else alert(errorText(r.data));
    });
  }
  function split(unit) {
    const text = unit.querySelector(".unit-text");
    const at = text.selectionStart;
    save(unit).then(function (ok) {
      if (!ok) return;
      call("POST", "/units/" + unit.dataset.id + "/split", { at: at, base_revision: parseInt(unit.dataset.rev, 10) }).then(function (r) {
        if (r.status === 201) reloadAt(r.data.eid);
        else if (r.status === 409) showConflict(unit, r.data);
        else alert(errorText(r.data));
      });
    });
  }
  function merge(unit) {
    save(unit).then(function (ok) {
      if (!ok) return;
      call("POST", "/units/" + unit.dataset.id + "/merge-next").then(function (r) {
        if (r.status === 200) reloadAt(r.data.eid); else alert(errorText(r.data));
      });
    });
  }
  function move(unit, step) {
    const all = Array.from(root.querySelectorAll(".unit"));
    const next = all[all.indexOf(unit) + step];
    if (next) next.querySelector(".unit-text").focus();
  }

  if (canEdit) {
    root.addEventListener("input", function (e) {
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
    root.addEventListener("keydown", function (e) {
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
      const unit = unitOf(e.target);
      if (unit && unit.dataset.dirty === "1" && !unit.contains(e.relatedTarget)) save(unit);
    });
    root.addEventListener("click", function (e) {
      if (e.target.classList.contains("add-unit")) {
        const section = e.target.closest(".edit-section");
        const units = section.querySelectorAll(".unit");
        addAfter(units.length ? units[units.length - 1] : null, e.target.dataset.kind, e.target.dataset.section);
      } else if (e.target.classList.contains("unit-accept")) {
        const unit = unitOf(e.target);
        save(unit).then(function () {
          call("POST", "/units/" + unit.dataset.id + "/accept").then(function (r) {
            if (r.status === 200) reloadAt(unit.dataset.eid); else alert(errorText(r.data));
          });
        });
      }
    });
    window.addEventListener("beforeunload", function (e) {
      if (root.querySelector('.unit[data-dirty="1"]')) { e.preventDefault(); e.returnValue = ""; }
    });
  }
  // Focus the speech named in the address (after an insert, split or merge).
  if (window.location.hash) {
    const target = document.getElementById(window.location.hash.slice(1));
    const area = target && target.querySelector(".unit-speaker:not([value]), .unit-speaker[value=''], .unit-text");
    if (area) { area.focus(); target.scrollIntoView({ block: "center" }); }
  }
  window.hansardEditor = { save: save, pending: function () { return root.querySelectorAll('.unit[data-dirty="1"]').length; } };
})();
