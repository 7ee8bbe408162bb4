// The timeline: one tile per video segment, reordered by drag and drop (dropping a tile on
// another puts it at that tile's place) or by its arrow buttons, removable with its ✕.

import { el, icon } from "./dom.js";
import { formatSeconds, label, t } from "./i18n.js";
import { segmentNumber, transitionFamily } from "./draft.js";
import { mediaVisual } from "./media.js";

let dragFrom = null;

function tileName(segments, index, kindOf) {
  const { kind, n } = segmentNumber(segments, index, kindOf);
  return t("itemName", { kind: kind === "video" ? t("clip") : t("photo"), n });
}

function thumb(info, alt) {
  return el("div", { class: "tile-thumb" }, info ? mediaVisual(info, alt) : null);
}

/**
 * Draw the tiles. `segments` is the video track's `sg`; `mediaById` maps src -> MediaInfo;
 * `locked` disables moving while an edit is on its way; `onMove(from, to)` and
 * `onRemove(index)` are 0-based.
 */
export function renderTimeline(list, { segments, mediaById, locked, onMove, onRemove }) {
  const kindOf = (src) => mediaById.get(src)?.file_type || "image";
  const last = segments.length - 1;
  const tiles = segments.map((segment, index) => {
    const name = tileName(segments, index, kindOf);
    const transition = index < last ? transitionFamily(segment.m?.tr?.name) : null;
    const button = (cls, iconName, label, disabled, action) =>
      el("button", { class: `icon-btn ${cls}`, type: "button", "aria-label": label, title: label, disabled: disabled || locked, onclick: action }, icon(iconName));
    const tile = el(
      "li",
      {
        class: "tile",
        "data-testid": "timeline-item",
        "data-index": String(index),
        "data-src": segment.src || "",
        draggable: locked ? "false" : "true",
        "aria-label": `${name}, ${formatSeconds(segment.d)}`,
      },
      thumb(mediaById.get(segment.src), name),
      el(
        "div",
        { class: "tile-meta", title: segment.m?.tr?.name || "" },
        transition ? `→ ${label("transitions", transition)}` : "",
      ),
      el(
        "div",
        { class: "tile-tools" },
        button("earlier", "left", t("moveEarlier", { name }), index === 0, () => onMove(index, index - 1)),
        button("remove", "close", t("removeItem", { name }), segments.length < 2, () => onRemove(index)),
        button("later", "right", t("moveLater", { name }), index === last, () => onMove(index, index + 1)),
      ),
    );
    tile.querySelector(".tile-thumb").append(
      el("span", { class: "tile-num", text: String(index + 1) }),
      el("span", { class: "tile-dur", text: formatSeconds(segment.d) }),
    );
    tile.addEventListener("dragstart", (event) => {
      dragFrom = index;
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", String(index));
      tile.classList.add("dragging");
    });
    tile.addEventListener("dragend", () => {
      dragFrom = null;
      for (const other of list.children) other.classList.remove("dragging", "drop-target");
    });
    tile.addEventListener("dragover", (event) => {
      if (dragFrom === null || locked) return;
      event.preventDefault();
      event.dataTransfer.dropEffect = "move";
      if (dragFrom !== index) tile.classList.add("drop-target");
    });
    tile.addEventListener("dragleave", () => tile.classList.remove("drop-target"));
    tile.addEventListener("drop", (event) => {
      event.preventDefault();
      tile.classList.remove("drop-target");
      const from = dragFrom ?? Number(event.dataTransfer.getData("text/plain"));
      dragFrom = null;
      if (!locked && Number.isInteger(from) && from !== index) onMove(from, index);
    });
    return tile;
  });
  list.replaceChildren(...tiles);
}

/** The whole-video chips under the tiles: music and title. */
export function renderTracks(list, { settings, mediaById, audioSrc }) {
  const chips = [];
  if (settings.mood === "none") {
    chips.push(el("li", { class: "track-chip" }, icon("note"), t("noMusicTrack")));
  } else {
    const name = settings.mood === "own" ? mediaById.get(audioSrc)?.filename || t("ownSong") : label("moods", settings.mood);
    chips.push(el("li", { class: "track-chip" }, icon("note"), t("musicTrack", { name, vol: settings.volume })));
  }
  if (settings.title) chips.push(el("li", { class: "track-chip" }, icon("text"), t("titleTrack", { text: settings.title })));
  list.replaceChildren(...chips);
}
