// Every edit the page makes (reorder, remove, a setting, undo, redo) goes through applyEdit().
// The timeline's moves and removals and the history buttons are typed edits, sent to the
// backend's structured-edits endpoint (docs/local-backend.md): exact positions, nothing to
// interpret. The settings row and "make" send the words a person could type (words.json,
// checked against the interpreter by the tests), so the chat shows what a setting said.

import { lang, t } from "./i18n.js";
import { segmentNumber } from "./draft.js";

let words = null;

export async function loadWords() {
  const response = await fetch("/studio/static/words.json", { credentials: "same-origin" });
  words = (await response.json())[lang];
}

function fill(template, vars) {
  return template.replace(/\{(\w+)\}/g, (whole, name) => (name in vars ? String(vars[name]) : whole));
}

/** A title inside quotes must not carry quotes of its own. */
function quotable(text) {
  return text.replace(/["“”「」]/g, "'").replace(/\s+/g, " ").trim().slice(0, 120);
}

/**
 * The typed edits for the page's exact edits, or null for those sent as words.
 * Positions count every tile from 1, as the backend's `move_photo`/`remove_photo` do.
 */
export function typedEdits(edit) {
  switch (edit.op) {
    case "move":
      return [{ op: "move_photo", from: edit.from + 1, to: edit.to + 1 }];
    case "remove":
      return [{ op: "remove_photo", photo: edit.index + 1 }];
    case "undo":
    case "redo":
      return [{ op: edit.op }];
    default:
      return null;
  }
}

/** What the chat shows for a typed edit, in the page's language. */
export function editLabel(edit, ctx) {
  const name = (index) => {
    const { kind, n } = segmentNumber(ctx.segments, index, ctx.kindOf);
    return t("itemName", { kind: kind === "video" ? t("clip") : t("photo"), n });
  };
  switch (edit.op) {
    case "move":
      return t("moveLabel", { name: name(edit.from), to: edit.to + 1 });
    case "remove":
      return t("removeLabel", { name: name(edit.index) });
    default:
      return t(edit.op);
  }
}

/**
 * The words for an edit sent as a message. `ctx` = {segments, kindOf(src) -> "image"|"video", hasTitle, prompt}.
 * Edits: {op: "make"} · {op: "set", key: aspect|length|volume|mood|transition|filter|title, value} · {op: "append"}.
 */
export function editWords(edit, ctx) {
  switch (edit.op) {
    case "make":
      return fill(words.make, { prompt: ctx.prompt });
    case "append":
      return words.append;
    case "set":
      return settingWords(edit.key, edit.value, ctx);
    default:
      throw new Error(`unknown edit ${edit.op}`);
  }
}

function settingWords(key, value, ctx) {
  switch (key) {
    case "aspect":
    case "length":
    case "volume":
      return fill(words[key], { value });
    case "mood":
      if (value === "own") return words.mood_own;
      if (value === "none") return words.mood_none;
      return fill(words.mood, { value: words.mood_names[value] || value });
    case "transition":
    case "filter":
      return words[key][value];
    case "title": {
      const text = quotable(value);
      if (!text) return words.title_none;
      return fill(ctx.hasTitle ? words.title_change : words.title_add, { value: text });
    }
    default:
      throw new Error(`unknown setting ${key}`);
  }
}

/**
 * Apply one edit: `send(edits, label, edit)` posts typed edits, `say(words, edit)` a chat
 * message; both resolve when the reply has streamed. Edits: {op: "move", from, to} and
 * {op: "remove", index} (0-based tiles), {op: "undo"}, {op: "redo"}, and the words' edits above.
 */
export function applyEdit(edit, ctx, { say, send }) {
  const typed = typedEdits(edit);
  return typed ? send(typed, editLabel(edit, ctx), edit) : say(editWords(edit, ctx), edit);
}
