// The editor's keyboard shortcuts, focus after each swap, and live edits that never touch the field being typed in.
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

  // A closed component shows no buttons: its shortcut presses the button the open one would have.
  const VERBS = {
    "Alt+ArrowUp": "up", "Alt+ArrowDown": "down", "Alt+ArrowRight": "into", "Alt+ArrowLeft": "out",
    "Alt+D": "duplicate", "Alt+Delete": "remove",
  };

  function ownButton(component, key) {
    if (!component) return null;
    const shown = component.querySelector(`:scope > .comp-head [data-key="${key}"]`);
    if (shown || component.classList.contains("comp-open") || !VERBS[key]) return shown;
    const button = document.createElement("button");
    Object.assign(button, { type: "submit", name: "do", value: `${VERBS[key]} ${component.dataset.path}`, hidden: true });
    component.querySelector(":scope > .comp-head").append(button);
    return button;
  }

  // Where focus goes in an open component: its first field, or its list of what can be added inside.
  const INSIDE = {
    first: (component) => component.querySelector(":scope > .comp-fields :is(input:not([type=hidden]), textarea, select)"),
    add: (component) => component.querySelector(":scope > .slot > .add select"),
    insert: (component) => {
      const details = component.querySelector(":scope > details[data-insert]");
      if (details) details.open = true;
      return details && details.querySelector("select");
    },
    title: () => null,
  };

  // Opening a component of the outline asks the server for it (saving what was typed); focus goes inside it
  // once it is there.
  let opening = null;

  function open(component, place) {
    const inside = component.classList.contains("comp-open") && INSIDE[place](component);
    if (inside) {
      inside.focus();
      return true;
    }
    opening = { path: component.dataset.path, place };
    title(component).click();
    return true;
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
    return Boolean(component) && open(component, "insert");
  }

  function addInside(component) {
    if (component && component.querySelector(":scope > .slot")) return open(component, "add");
    const target = document.querySelector("#editor .tree > .slot > .add select");
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
      event.preventDefault();
      open(currentComponent(), "first");
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

  // A live edit sends the one field that changed, with the draft's revision (and the theme of the preview it
  // asks for): the server applies it to the stored draft. Without this, htmx would post the whole form.
  const LIVE_KEEP = ["revision", "theme"];

  // What each field's latest live edit sent. An answer that comes back for an older value than the field now
  // holds keeps its counts and problems to itself: the edit of the newer value is on its way and will say.
  const sent = new WeakMap();
  let stale = null;

  function isLiveEdit(detail) {
    const field = detail.elt;
    return detail.verb === "post" && field && field.form && field.form.id === "draft-form" &&
      /^(f|meta):/.test(field.name || "") && field.type !== "submit";
  }

  document.addEventListener("htmx:configRequest", (event) => {
    if (!isLiveEdit(event.detail)) return;
    const field = event.detail.elt;
    const params = event.detail.parameters;
    const kept = Object.fromEntries(LIVE_KEEP.map((name) => [name, params[name]]));
    for (const name of Object.keys(params)) delete params[name];
    Object.assign(params, kept);
    params[field.name] = field.type === "checkbox" ? (field.checked ? "1" : "0") : field.value;
    sent.set(event.detail.elt, params[field.name]);
  });

  document.addEventListener("htmx:beforeSwap", (event) => {
    const field = event.detail.requestConfig && event.detail.requestConfig.elt;
    stale = field && sent.has(field) && sent.get(field) !== field.value ? field : null;
  });

  document.addEventListener("htmx:oobBeforeSwap", (event) => {
    const target = event.detail.target;
    if (stale && target && target.id === `s-${stale.id}`) event.preventDefault();
  });

  // A field's status box (its count and problems) was replaced, by a check as the person types or out of band
  // by a live edit: the field itself is never replaced while typed in, so its invalid state and descriptions
  // follow the box here.
  function followStatus(status) {
    if (!status || !status.classList || !status.classList.contains("field-status")) return;
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
  }

  document.addEventListener("htmx:afterSwap", (event) => followStatus(event.detail.target));
  document.addEventListener("htmx:oobAfterSwap", (event) => followStatus(event.detail.target));

  // The title of a component already open asks nothing of the server: replacing the editor would replace the
  // fields someone is about to type in.
  document.addEventListener("click", (event) => {
    const title = event.target.closest && event.target.closest("#editor .comp-open > .comp-head .comp-title");
    if (!title) return;
    event.preventDefault();
    open(title.closest(".comp"), "first");
  });

  // Drag and drop: a drop presses a "move" button that names the position it lands at, in its own list or in
  // another (into a container, out of one, from row to row). A list takes the types its slot's data-fits names
  // (the server's placement rules); elsewhere nothing is marked and the drop is not taken. The keyboard does the
  // same with Alt+Arrows, and the Up, Down, Into and Out buttons without this file.
  function press(component, value) {
    const button = Object.assign(document.createElement("button"), { type: "submit", name: "do", value, hidden: true });
    component.querySelector(":scope > .comp-head").append(button);
    button.click();
  }

  const COMP = "#editor .outline > .comp";
  let dragged = null;

  function typeOf(component) {
    const found = /(?:^|\s)comp-t(\d+)(?:\s|$)/.exec(component.className);
    return found ? found[1] : "";
  }

  const ownSlot = (component) => component.parentElement.closest(".slot");
  const itemsOf = (slot) => Array.from(slot.querySelectorAll(":scope > .outline > .comp"));

  // A list slot is the `components` of the component holding it, or of the message at the top level.
  function slotPath(slot) {
    const holder = slot.parentElement.closest("#editor .comp");
    return holder ? `${holder.dataset.path}.components` : "components";
  }

  function takes(slot) {
    if (!dragged || dragged.contains(slot)) return false;
    if (slot === ownSlot(dragged)) return true;
    return (slot.dataset.fits || "").split(" ").includes(typeOf(dragged));
  }

  // Where a drop at the pointer lands: the innermost slot under it that takes the dragged type, at the gap of
  // its list nearest the pointer; null where it would change nothing or cannot go.
  function dropPlace(event) {
    let slot = event.target.closest && event.target.closest("#editor .slot");
    while (slot && !takes(slot)) slot = slot.parentElement.closest("#editor .slot");
    if (!slot) return null;
    const items = itemsOf(slot);
    const gap = items.filter((item) => {
      const box = item.getBoundingClientRect();
      return box.top + box.height / 2 < event.clientY;
    }).length;
    const at = items.indexOf(dragged);
    if (at >= 0 && (gap === at || gap === at + 1)) return null;
    return { slot, items, gap, at };
  }

  const MARKS = ["drop-before", "drop-after", "drop-into"];

  function unmark() {
    document.querySelectorAll(".drop-before, .drop-after, .drop-into").forEach((node) => node.classList.remove(...MARKS));
  }

  function mark(place) {
    unmark();
    if (!place) return;
    if (!place.items.length) place.slot.classList.add("drop-into");
    else if (place.gap < place.items.length) place.items[place.gap].classList.add("drop-before");
    else place.items[place.items.length - 1].classList.add("drop-after");
  }

  // Empty lists that would take the dragged component open up enough to be dropped on.
  function roomFor(on) {
    document.querySelectorAll("#editor .slot[data-fits]").forEach((slot) => {
      slot.classList.toggle("drop-room", on && !itemsOf(slot).length && takes(slot));
    });
  }

  function endDrag() {
    unmark();
    roomFor(false);
    dragged = null;
  }

  document.addEventListener("dragstart", (event) => {
    dragged = event.target.closest && event.target.closest(COMP);
    if (!dragged) return;
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", dragged.dataset.path);
    setTimeout(() => roomFor(true), 0);  // after the browser has taken its picture of what is dragged
  });
  // Entering an element and hovering over it both say whether a drop is taken there (a cancelled event) and
  // where it would land.
  function over(event) {
    if (!dragged) return;
    const place = dropPlace(event);
    mark(place);
    if (!place) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "move";
  }
  document.addEventListener("dragenter", over);
  document.addEventListener("dragover", over);
  document.addEventListener("drop", (event) => {
    const place = dragged && dropPlace(event);
    if (!place) return;
    event.preventDefault();
    const component = dragged;
    endDrag();
    // In its own list, the position once it has left its old one.
    const index = place.at >= 0 && place.gap > place.at ? place.gap - 1 : place.gap;
    press(component, `move ${component.dataset.path} ${slotPath(place.slot)}[${index}]`);
  });
  document.addEventListener("dragend", endDrag);

  function draggable() {
    document.querySelectorAll(COMP).forEach((component) => { component.draggable = true; });
  }
  draggable();
  document.addEventListener("htmx:afterSettle", draggable);

  // On narrow screens the Preview tab shows the preview in place of the tree, and back (without this file the
  // tab is a link down to the preview).
  document.addEventListener("click", (event) => {
    const tab = event.target.closest && event.target.closest("[data-preview-tab]");
    const editor = tab && document.getElementById("editor");
    if (!editor) return;
    event.preventDefault();
    const showing = editor.classList.toggle("previewing");
    document.getElementById("preview-panel").classList.add("tabbed");
    tab.setAttribute("aria-expanded", String(showing));
    tab.textContent = showing ? "Back to the components" : "Preview";
    if (showing) document.getElementById("preview-title").scrollIntoView();
  });

  // A component drawn in the preview opens in the editor when clicked.
  document.addEventListener("click", (event) => {
    const drawn = event.target.closest && event.target.closest("#preview [data-path]");
    const component = drawn && document.querySelector(`#editor .comp[data-path="${CSS.escape(drawn.dataset.path)}"]`);
    if (!component) return;
    event.preventDefault();
    document.getElementById("editor").classList.remove("previewing");
    open(component, "title");
  });

  // A whole page placed its focus itself (the autofocus attribute): the marks are only for answers swapped in
  // later, and one left behind would pull focus away from whoever is typing when a live edit settles.
  document.querySelectorAll("#editor [data-autofocus]").forEach((mark) => mark.removeAttribute("data-autofocus"));

  document.addEventListener("htmx:afterSettle", () => {
    // Other answers (a live edit's) may settle before the one that opens the component: wait for that one.
    const opened = opening && document.querySelector(`#editor .comp-open[data-path="${CSS.escape(opening.path)}"]`);
    const first = opened && INSIDE[opening.place](opened);
    if (opened) opening = null;
    // After an action the answer marks where focus belongs; after Enter on a title, its first field.
    const wanted = document.querySelector("#editor [data-autofocus]");
    if (wanted) wanted.removeAttribute("data-autofocus");
    if (first) first.focus();
    else if (wanted) (wanted.disabled ? document.getElementById("components-title") : wanted).focus();
  });
})();
