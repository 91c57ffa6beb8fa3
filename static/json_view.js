// The JSON view: a problem's "line 3, column 5" puts the caret there, and the box says whether it reads.
// The box itself is never replaced: the server's answers swap only the status under it (and, out of band,
// the preview, the export and the revision), so nothing typed while an answer travels is lost.
(() => {
  "use strict";

  const box = () => document.getElementById("json");

  // The offset of a line and column (both from 1) in the box's text, as the server counted them.
  function offsetOf(text, line, column) {
    let at = 0;
    for (let n = 1; n < line; n += 1) {
      const next = text.indexOf("\n", at);
      if (next < 0) return text.length;
      at = next + 1;
    }
    return Math.min(at + column - 1, text.length);
  }

  function goTo(spot) {
    const field = box();
    if (!field) return;
    const at = offsetOf(field.value, Number(spot.dataset.line), Number(spot.dataset.column));
    field.focus();
    field.setSelectionRange(at, at);
    // Scroll the caret's line into view: blur-free, by the share of lines above it.
    const lines = field.value.split("\n").length;
    field.scrollTop = (field.scrollHeight * (Number(spot.dataset.line) - 1)) / lines - field.clientHeight / 3;
  }

  document.addEventListener("click", (event) => {
    const spot = event.target.closest && event.target.closest(".json-spot");
    if (!spot) return;
    event.preventDefault();
    goTo(spot);
  });

  document.addEventListener("htmx:afterSwap", () => {
    const status = document.getElementById("json-status");
    const field = box();
    if (!status || !field) return;
    if (status.dataset.invalid === "true") field.setAttribute("aria-invalid", "true");
    else field.removeAttribute("aria-invalid");
  });
})();
