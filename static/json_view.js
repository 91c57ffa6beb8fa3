// The JSON view, on its page and in the editor's panel: a problem's "line 3, column 5", or a component clicked in
// the preview, puts the caret there in the text, and the box says whether it reads.
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

  // Where each value starts in JSON text, by the validator's path ("components[0].label"): the same walk as
  // payload_json.spots on the server. Only called on a click, on text as long as a payload.
  function offsets(text) {
    const found = new Map();
    const stack = [];
    let expectKey = false;
    for (const match of text.matchAll(/"(?:[^"\\]|\\.)*"|[{}[\],:]|[^\s{}[\],:"]+/g)) {
      const mark = match[0];
      const open = stack[stack.length - 1];
      if (mark === "," || mark === ":") {
        expectKey = mark === "," && open !== undefined && open.index === null;
      } else if (mark === "}" || mark === "]") {
        stack.pop();
      } else if (expectKey) {
        try { open.key = JSON.parse(mark); } catch { open.key = ""; }
        expectKey = false;
      } else {
        let path = "";
        if (open && open.index === null) path = open.path ? `${open.path}.${open.key}` : open.key;
        else if (open) path = `${open.path}[${open.index++}]`;
        if (!found.has(path)) found.set(path, match.index);
        if (mark === "{" || mark === "[") {
          stack.push({ path, index: mark === "{" ? null : 0, key: "" });
          expectKey = mark === "{";
        }
      }
    }
    return found;
  }

  // A click on a component in the preview puts the caret where that component starts in the JSON.
  function showInJson(drawn) {
    const field = box();
    const at = field && offsets(field.value).get(drawn.dataset.path);
    if (at === undefined) return;
    const before = field.value.slice(0, at);
    const line = before.split("\n").length;
    goTo({ dataset: { line, column: at - before.lastIndexOf("\n") } });
  }

  document.addEventListener("click", (event) => {
    const target = event.target.closest ? event.target : event.target.parentElement;
    const spot = target && target.closest(".json-spot");
    // The editor's own preview too, while its JSON panel is shown in place of the outline.
    const drawn = target && !spot && box() && target.closest("#json-preview [data-path], #preview [data-path]");
    if (spot) {
      event.preventDefault();
      goTo(spot);
    } else if (drawn) {
      event.preventDefault(); // a link button in the preview opens its target only from Discord
      showInJson(drawn);
    }
  });

  document.addEventListener("htmx:afterSwap", () => {
    const status = document.getElementById("json-status");
    const field = box();
    if (!status || !field) return;
    if (status.dataset.invalid === "true") field.setAttribute("aria-invalid", "true");
    else field.removeAttribute("aria-invalid");
  });
})();
