// Progressive enhancement of the extraction review form: add and remove rows, and a person
// picker that searches the register (/api/people?q=). Without this script the form still
// edits, removes (checkbox) and adds (one empty row per list) everything.
(function () {
  "use strict";
  var form = document.getElementById("accept-form");
  if (!form) return;

  function wireRemove(scope) {
    scope.querySelectorAll("[data-remove]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        var row = button.closest("li, tr");
        var box = row && row.querySelector("input[type=checkbox][name$='-remove']");
        if (box) { box.checked = true; row.hidden = true; return; }
        if (row) row.remove();
      });
    });
  }

  function wirePicker(scope) {
    scope.querySelectorAll("[data-person-picker]").forEach(function (picker) {
      if (picker.querySelector("input[type=search]")) return;
      var select = picker.querySelector("select");
      var search = document.createElement("input");
      search.type = "search";
      search.placeholder = form.dataset.searchLabel || "…";
      search.setAttribute("aria-label", form.dataset.searchLabel || "search");
      picker.insertBefore(search, select);
      var timer = null;
      search.addEventListener("input", function () {
        clearTimeout(timer);
        var q = search.value.trim();
        if (q.length < 2) return;
        timer = setTimeout(function () {
          fetch("/api/people?limit=8&q=" + encodeURIComponent(q), {credentials: "same-origin"})
            .then(function (r) { return r.ok ? r.json() : {items: []}; })
            .then(function (data) {
              var keep = select.value;
              Array.prototype.slice.call(select.options).forEach(function (o) {
                if (o.value && o.value !== keep) o.remove();
              });
              (data.items || []).forEach(function (p) {
                if (String(p.id) === keep) return;
                var o = document.createElement("option");
                o.value = p.id;
                o.textContent = "#" + p.id + " " + [p.name_ar, p.name_en].filter(Boolean).join(" / ");
                select.appendChild(o);
              });
              if (data.items && data.items.length === 1 && !keep) select.value = String(data.items[0].id);
            })
            .catch(function () {});
        }, 250);
      });
    });
  }

  form.querySelectorAll("[data-add]").forEach(function (button) {
    var key = button.getAttribute("data-add");
    var body = form.querySelector("[data-rows='" + key + "']");
    var template = form.querySelector("template[data-template='" + key + "']");
    button.hidden = false;
    button.addEventListener("click", function () {
      var row;
      if (template) {
        var next = parseInt(body.getAttribute("data-next"), 10) || 0;
        body.setAttribute("data-next", String(next + 1));
        var holder = document.createElement("tbody");
        holder.innerHTML = template.innerHTML.replace(/__J__/g, String(next));
        row = holder.firstElementChild;
      } else {
        var last = body.lastElementChild;
        row = last.cloneNode(true);
        row.querySelectorAll("input").forEach(function (input) { input.value = ""; });
      }
      body.appendChild(row);
      wireRemove(row);
      wirePicker(row);
      var first = row.querySelector("input:not([type=hidden])");
      if (first) first.focus();
    });
  });
  wireRemove(form);
  wirePicker(form);
})();
