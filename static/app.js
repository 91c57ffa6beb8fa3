// Progressive enhancement only: every page works without this file.
"use strict";

// After htmx swaps in content that asks for focus, move focus there so keyboard users keep their place.
document.addEventListener("htmx:afterSettle", (event) => {
  const target = event.detail.elt && event.detail.elt.querySelector("[data-autofocus]");
  if (target) target.focus();
});

// Error fragments land in #alerts; bring them to the reader's attention.
document.addEventListener("htmx:afterSwap", (event) => {
  if (event.detail.target && event.detail.target.id === "alerts") {
    const alert = event.detail.target.querySelector("[role=alert]");
    if (alert) { alert.setAttribute("tabindex", "-1"); alert.focus(); }
  }
});
