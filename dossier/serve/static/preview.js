// Live preview: each build arrives on /events (Server-Sent Events) as the HTML of the
// page's parts by element id (page.PARTS), already escaped by the server; swap them in.
"use strict";
(function () {
  const body = document.body;

  function apply(message) {
    if (message.build === body.dataset.build) return; // the page already shows this build
    for (const [id, html] of Object.entries(message.parts)) {
      const element = document.getElementById(id);
      if (element) element.innerHTML = html;
    }
    body.dataset.build = message.build;
    body.classList.toggle("failed", !message.ok);
  }

  const events = new EventSource("/events"); // reconnects by itself when the server comes back
  events.addEventListener("build", (event) => apply(JSON.parse(event.data)));
  events.addEventListener("open", () => body.classList.remove("offline"));
  events.addEventListener("error", () => body.classList.add("offline"));
})();
