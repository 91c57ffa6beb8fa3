// The editor's keyboard shortcuts, focus after each swap, and protection for typing that is under way.
// Every shortcut presses a real button of the page; without this file those buttons work as plain forms.
"use strict";

(() => {
  const TEXT_TYPES = ["text", "search", "url", "email", "number", "password", "tel"];

  const inEditor = () => document.getElementById("draft-form") !== null;

  function isTyping(element) {
    if (!element || !element.tagName) return false;
    if (element.tagName === "TEXTAREA" || element.tagName === "SELECT") return true;
    return element.tagName === "INPUT" && TEXT_TYPES.includes(element.type);
  }

  function currentComponent() {
    const active = document.activeElement;
    return active && active.closest ? active.closest("#editor .comp") : null;
  }

  function title(component) {
    return component.querySelector(":scope > .comp-head .comp-title");
  }

  function ownButton(component, key) {
    return component && component.querySelector(`:scope > .comp-head [data-key="${key}"]`);
  }

  function click(button) {
    if (button && !button.disabled) {
      button.click();
      return true;
    }
    return false;
  }

  function moveFocus(step) {
    const all = Array.from(document.querySelectorAll("#editor .comp"));
    const here = all.indexOf(currentComponent());
    const next = all[here + step];
    if (next) title(next).focus();
    return Boolean(next);
  }

  function toggleShortcuts() {
    const panel = document.getElementById("shortcuts");
    if (!panel) return;
    panel.open = !panel.open;
    if (panel.open) panel.querySelector("summary").focus();
  }

  function insertHere(component) {
    const details = component && component.querySelector(":scope > details[data-insert]");
    if (!details) return false;
    details.open = true;
    details.querySelector("select").focus();
    return true;
  }

  function addInside(component) {
    const own = component && component.querySelector(":scope > .slot > .add select");
    const target = own || document.querySelector("#editor .tree > .slot > .add select");
    if (target) target.focus();
    return Boolean(target);
  }

  // Alt + a key: what it does to the component that holds the focus (or to the draft).
  const ALT_KEYS = {
    ArrowUp: (c) => click(ownButton(c, "Alt+ArrowUp")),
    ArrowDown: (c) => click(ownButton(c, "Alt+ArrowDown")),
    ArrowRight: (c) => click(ownButton(c, "Alt+ArrowRight")),
    ArrowLeft: (c) => click(ownButton(c, "Alt+ArrowLeft")),
    KeyD: (c) => click(ownButton(c, "Alt+D")),
    Delete: (c) => click(ownButton(c, "Alt+Delete")),
    Backspace: (c) => click(ownButton(c, "Alt+Delete")),
    KeyI: (c) => insertHere(c),
    KeyN: (c) => addInside(c),
    KeyO: (c) => click(c && c.querySelector(':scope > .comp-fields > [data-key="entry"]')),
    KeyZ: () => click(document.querySelector('#draft-form [data-key="Alt+Z"]')),
    KeyY: () => click(document.querySelector('#draft-form [data-key="Alt+Y"]')),
    KeyS: () => click(document.querySelector('#draft-form [data-key="Alt+S"]')),
    KeyV: () => click(document.querySelector('#draft-form [data-key="Alt+V"]')),
  };

  document.addEventListener("keydown", (event) => {
    if (!inEditor() || event.ctrlKey || event.metaKey) return;
    const target = event.target;
    if (event.altKey) {
      const action = ALT_KEYS[event.code] || ALT_KEYS[event.key];
      if (action && action(currentComponent())) event.preventDefault();
      return;
    }
    if (event.key === "?" && !isTyping(target)) {
      event.preventDefault();
      toggleShortcuts();
    } else if (event.key === "Escape" && isTyping(target) && currentComponent()) {
      title(currentComponent()).focus();
    } else if ((event.key === "ArrowDown" || event.key === "ArrowUp") && target.closest && target.closest(".comp-head")) {
      if (moveFocus(event.key === "ArrowDown" ? 1 : -1)) event.preventDefault();
    } else if (event.key === "Enter" && target.classList && target.classList.contains("comp-title")) {
      const first = currentComponent().querySelector(":scope > .comp-fields :is(input:not([type=hidden]), textarea, select)");
      if (first) {
        event.preventDefault();
        first.focus();
      }
    }
  });

  // Copy buttons exist only where this file runs; without it the text can still be selected by hand.
  document.querySelectorAll("[data-copy]").forEach((button) => {
    button.hidden = false;
    button.addEventListener("click", async () => {
      const source = document.getElementById(button.dataset.copy);
      if (!source || !navigator.clipboard) return;
      await navigator.clipboard.writeText(source.value.trim());
      button.textContent = "Copied";
    });
  });

  // A field edit answers with its component's fields: keep whatever was typed while the answer was on its way.
  // Only for those answers: after an action the same id may belong to another component.
  let typing = null;
  document.addEventListener("htmx:beforeSwap", (event) => {
    const active = document.activeElement;
    const block = event.detail.target;
    const inside = active && active.id && block && block.classList.contains("comp-fields") && block.contains(active);
    typing = inside && isTyping(active) && active.tagName !== "SELECT"
      ? { id: active.id, value: active.value, start: active.selectionStart, end: active.selectionEnd }
      : null;
  });

  // A check as the person types answers with the field's count and problems only: the field itself, still
  // being typed in, is not replaced, so its invalid state and descriptions follow the answer here.
  document.addEventListener("htmx:afterSwap", (event) => {
    const status = event.detail.target;
    if (!status.classList || !status.classList.contains("field-status")) return;
    const field = document.getElementById(status.dataset.field);
    if (!field) return;
    const invalid = status.querySelector(".problem-error") !== null;
    if (invalid) field.setAttribute("aria-invalid", "true");
    else field.removeAttribute("aria-invalid");
    const hints = (field.getAttribute("aria-describedby") || "").split(" ").filter((id) => id.endsWith("-hint"));
    const described = [...hints, ...Array.from(status.querySelectorAll("[id]"), (node) => node.id)];
    if (described.length) field.setAttribute("aria-describedby", described.join(" "));
    else field.removeAttribute("aria-describedby");
    const wrapper = status.closest(".field");
    wrapper.classList.toggle("field-invalid", invalid);
    wrapper.classList.toggle("field-warning", !invalid && status.querySelector(".problem") !== null);
  });

  document.addEventListener("htmx:afterSettle", () => {
    const kept = typing;
    typing = null;
    if (kept) {
      const field = document.getElementById(kept.id);
      if (field && field.value !== kept.value) {
        field.value = kept.value;
        field.focus();
        field.setSelectionRange(kept.start, kept.end);
        field.dispatchEvent(new Event("input", { bubbles: true }));
      }
    }
    // After an action the answer marks where focus belongs.
    const wanted = document.querySelector("#editor [data-autofocus]");
    if (wanted) {
      wanted.removeAttribute("data-autofocus");
      (wanted.disabled ? document.getElementById("components-title") : wanted).focus();
    }
  });
})();
