// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  function csrf() {
    const m = document.cookie.match(/(?:^|; )csrftoken=([^;]+)/);
    return m ? decodeURIComponent(m[1]) : "";
  }
  window.majlis = { csrf: csrf };

  // Search-as-you-type: <input data-live-target="#id" data-live-url="..."> replaces the
  // target's content with the server-rendered fragment for the current query.
  document.querySelectorAll("input[data-live-url]").forEach(function (input) {
    let timer = null, seq = 0;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        const mine = ++seq;
        const url = new URL(input.dataset.liveUrl, window.location.href);
        url.searchParams.set(input.name, input.value);
        url.searchParams.set("fragment", "1");
        fetch(url, { headers: { "X-Requested-With": "fetch" } })
          .then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); })
          .then(function (html) {
            if (mine !== seq) return;  // a newer keystroke already answered
            const target = document.querySelector(input.dataset.liveTarget);
            if (target) target.innerHTML = html;
            history.replaceState(null, "", url.toString().replace(/([?&])fragment=1&?/, "$1").replace(/[?&]$/, ""));
          })
          .catch(function () {});
      }, 180);
    });
  });

  // Progress bars of background tasks: <div data-progress-url="..."> refreshes itself
  // until the task ends.
  document.querySelectorAll("[data-progress-url]").forEach(function (box) {
    function tick() {
      fetch(box.dataset.progressUrl).then(function (r) { return r.json(); }).then(function (p) {
        const bar = box.querySelector(".progress > span");
        if (bar) bar.style.width = p.percent + "%";
        const label = box.querySelector("[data-progress-label]");
        if (label) label.textContent = p.percent + "% — " + (p.message || p.state);
        if (p.state === "done" && p.result_url) { window.location = p.result_url; return; }
        if (p.state !== "done" && p.state !== "failed") setTimeout(tick, 1000);
      }).catch(function () { setTimeout(tick, 3000); });
    }
    tick();
  });
})();
