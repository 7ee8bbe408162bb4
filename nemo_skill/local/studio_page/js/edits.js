// Every edit the page makes (reorder, remove, a setting, undo) goes through applyEdit().
// Today an edit becomes the words a person could type (words.json, checked against the
// interpreter by the tests) and is sent as a chat message over /run_sse, so the chat and
// the controls never disagree. When the backend has a structured-edits endpoint, only
// applyEdit() changes: the callers already hand it structured edits.

import { lang } from "./i18n.js";
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
 * The words for one edit. `ctx` = {segments, kindOf(src) -> "image"|"video", hasTitle, prompt}.
 * Edits: {op: "make"} · {op: "move", from, to} (0-based) · {op: "remove", index} ·
 * {op: "set", key: aspect|length|volume|mood|transition|filter|title, value} · {op: "append"} · {op: "undo"}.
 */
export function editWords(edit, ctx) {
  switch (edit.op) {
    case "make":
      return fill(words.make, { prompt: ctx.prompt });
    case "move": {
      const { kind, n } = segmentNumber(ctx.segments, edit.from, ctx.kindOf);
      return fill(words.move, { noun: words.noun[kind] || words.noun.image, n, to: edit.to + 1 });
    }
    case "remove": {
      const { kind, n } = segmentNumber(ctx.segments, edit.index, ctx.kindOf);
      return fill(words.remove, { noun: words.noun[kind] || words.noun.image, n });
    }
    case "append":
      return words.append;
    case "undo":
      return words.undo;
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

/** Apply one edit. `say(words)` sends a chat message and resolves when the reply has streamed. */
export function applyEdit(edit, ctx, say) {
  return say(editWords(edit, ctx), edit);
}
