// The ticket board, enhanced: moves without a page load (the Move forms, or dragging a card to a column), a live
// filter, and a poll every two seconds that costs a 304 while nothing changed. Without this file every form works.
"use strict";

(() => {
  const board = document.getElementById("board");
  if (!board) return;
  const announce = document.getElementById("board-announce");
  const filter = document.querySelector("[data-live-filter]");
  let etag = null;
  let busy = false;

  const say = (text) => { announce.textContent = ""; window.setTimeout(() => { announce.textContent = text; }, 50); };
  const address = () => window.location.pathname + window.location.search;

  // Swap the board in; focus goes back where it was (the same card's link), or to the card just moved.
  function swap(html, focusNumber) {
    const active = document.activeElement;
    const card = board.contains(active) && active.closest(".tc");
    board.innerHTML = html;
    const alert = board.querySelector("[role=alert]");
    if (alert) say(alert.textContent);
    const number = focusNumber || (card && card.id.slice(1));
    const link = number && board.querySelector(`#t${number} .tc-title`);
    if (link) link.focus();
  }

  async function refresh(focusNumber) {
    const headers = { "HX-Request": "true" };
    if (etag && !focusNumber) headers["If-None-Match"] = etag;
    const response = await fetch(address(), { headers, cache: "no-store", credentials: "same-origin" });
    if (response.status === 304 || !response.ok) return;
    etag = response.headers.get("ETag");
    swap(await response.text(), focusNumber);
  }

  // The board's one Move form: the card's own fields only, its column chosen from the list or by dropping it.
  async function move(number, status) {
    const form = document.getElementById("move");
    const data = new FormData(form);
    const card = document.getElementById(`t${number}`);
    data.set("ticket", number);
    data.set(`rev-${number}`, card.querySelector(`[name="rev-${number}"]`).value);
    data.set(`to-${number}`, status || card.querySelector(`[name="to-${number}"]`).value);
    const response = await fetch(form.action, { method: "POST", body: data, headers: { "HX-Request": "true" }, credentials: "same-origin" });
    const trigger = response.headers.get("HX-Trigger");
    if (response.status === 204 && trigger) {
      say(JSON.parse(trigger).ticketMoved.message);
      await refresh(number);
    } else {
      etag = null;
      swap(await response.text(), number);
    }
  }

  board.addEventListener("submit", (event) => {
    if (event.target.id !== "move" || !event.submitter) return;
    event.preventDefault();
    move(event.submitter.value);
  });

  board.addEventListener("dragstart", (event) => {
    const card = event.target.closest(".tc");
    if (!card) return;
    busy = true;
    card.classList.add("dragging");
    event.dataTransfer.setData("text/plain", card.id.slice(1));
    event.dataTransfer.effectAllowed = "move";
  });
  board.addEventListener("dragend", (event) => {
    busy = false;
    const card = event.target.closest(".tc");
    if (card) card.classList.remove("dragging");
    board.querySelectorAll(".drop-here").forEach((c) => c.classList.remove("drop-here"));
  });
  board.addEventListener("dragover", (event) => {
    const column = event.target.closest(".ticket-column");
    if (!column) return;
    event.preventDefault();
    board.querySelectorAll(".drop-here").forEach((c) => { if (c !== column) c.classList.remove("drop-here"); });
    column.classList.add("drop-here");
  });
  board.addEventListener("drop", (event) => {
    const column = event.target.closest(".ticket-column");
    const number = event.dataTransfer.getData("text/plain");
    const card = number && document.getElementById(`t${number}`);
    event.preventDefault();
    busy = false;
    if (!column || !card || card.closest(".ticket-column") === column) return;
    move(number, column.dataset.status);
  });

  if (filter) {
    let timer = 0;
    const apply = () => {
      const query = new URLSearchParams(new FormData(filter));
      for (const [key, value] of [...query]) if (!value || (key === "assignee" && value === "anyone")) query.delete(key);
      const search = query.toString();
      window.history.replaceState(null, "", window.location.pathname + (search ? `?${search}` : ""));
      etag = null;
      refresh();
    };
    filter.addEventListener("input", () => { window.clearTimeout(timer); timer = window.setTimeout(apply, 200); });
    filter.addEventListener("submit", (event) => { event.preventDefault(); apply(); });
  }

  // Two seconds between looks; never while a card is dragged or a control of the board has focus.
  window.setInterval(() => {
    if (busy || document.hidden || board.contains(document.activeElement) && document.activeElement.matches("select, input, button")) return;
    refresh().catch(() => {});
  }, 2000);
})();
