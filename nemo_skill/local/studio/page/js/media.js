// Uploads (one request per file: its own progress bar, its own refusal) and the media grid.

import { el, icon, setProgress } from "./dom.js";
import { formatSeconds, t } from "./i18n.js";
import { errorContent } from "./chat.js";

const IMAGE_TYPES = /^image\/(jpeg|png|gif|webp)$/;

/** A thumbnail of an uploaded photo or clip (a clip shows a frame half a second in). */
export function mediaVisual(info, alt) {
  return info.file_type === "video"
    ? el("video", { src: `${info.url}#t=0.5`, muted: true, preload: "metadata", "aria-label": alt })
    : el("img", { src: info.url, alt, loading: "lazy", draggable: "false" });
}

function kindLabel(info) {
  return info.file_type === "video" ? t("clip") : info.file_type === "audio" ? t("song") : t("photo");
}

export class MediaPanel {
  /**
   * `upload(file, onProgress)` sends one file and resolves its MediaInfo list;
   * `onDone()` runs after each batch of files.
   */
  constructor({ input, dropzone, uploads, grid, empty, upload, onDone }) {
    this.uploads = uploads;
    this.grid = grid;
    this.empty = empty;
    this.upload = upload;
    this.onDone = onDone;
    this.dropzone = dropzone;
    this.choose = dropzone.querySelector(".drop-choose");
    this.queue = Promise.resolve();
    input.addEventListener("change", () => {
      this.add([...input.files]);
      input.value = "";
    });
    for (const name of ["dragenter", "dragover"]) {
      dropzone.addEventListener(name, (event) => {
        if (!event.dataTransfer?.types?.includes("Files")) return;
        event.preventDefault();
        dropzone.classList.add("over");
      });
    }
    for (const name of ["dragleave", "drop"]) dropzone.addEventListener(name, () => dropzone.classList.remove("over"));
    dropzone.addEventListener("drop", (event) => {
      if (!event.dataTransfer?.files?.length) return;
      event.preventDefault();
      this.add([...event.dataTransfer.files]);
    });
  }

  add(files) {
    if (!files.length) return;
    const rows = files.map((file) => this.row(file));
    // Files go one after the other: each gets the whole link, and their order is kept.
    this.queue = this.queue.then(async () => {
      for (const [index, file] of files.entries()) await this.send(file, rows[index]);
      await this.onDone();
    });
    return this.queue;
  }

  row(file) {
    const preview = IMAGE_TYPES.test(file.type) ? URL.createObjectURL(file) : null;
    const thumb = preview
      ? el("img", { class: "thumb", src: preview, alt: "" })
      : el("span", { class: "thumb" }, icon(file.type.startsWith("audio") ? "note" : "film"));
    const bar = el("div", { class: "bar", role: "progressbar", "aria-valuemin": "0", "aria-valuemax": "100", "aria-valuenow": "0" }, el("span"));
    const detail = el("div", { class: "detail", text: t("waiting") });
    const item = el("li", { class: "upload-row" }, thumb, el("div", {}, el("div", { class: "name", text: file.name, title: file.name }), detail, bar), el("span"));
    this.uploads.append(item);
    return { item, bar, detail, preview };
  }

  async send(file, row) {
    row.detail.textContent = t("uploading", { pct: 0 });
    try {
      await this.upload(file, (fraction) => {
        setProgress(row.bar, fraction);
        row.detail.textContent = fraction >= 1 ? t("checking") : t("uploading", { pct: Math.round(fraction * 100) });
      });
      row.item.remove();
    } catch (err) {
      this.refuse(row, file, err);
    } finally {
      if (row.preview) URL.revokeObjectURL(row.preview);
    }
  }

  refuse(row, file, err) {
    const { item, bar, detail } = row;
    item.classList.add("refused");
    item.dataset.testid = "media-refused";
    bar.remove();
    detail.setAttribute("role", "alert");
    detail.replaceChildren(`${t("refused")}: `, ...errorContent(err));
    const close = el("button", { class: "close", type: "button", "aria-label": `${t("dismiss")}: ${file.name}`, onclick: () => item.remove() }, icon("close"));
    item.lastElementChild.replaceWith(close);
    const img = item.querySelector("img.thumb");
    if (img) img.replaceWith(el("span", { class: "thumb" }, icon("image")));
  }

  clear() {
    this.uploads.replaceChildren();
    this.render([], new Set());
  }

  /** The session's files; `used` holds the media ids the draft plays. */
  render(media, used) {
    this.empty.hidden = media.length > 0 || this.uploads.children.length > 0;
    this.dropzone.classList.toggle("compact", media.length > 0);
    this.choose.textContent = t(media.length > 0 ? "addMore" : "dropChoose");
    const items = media.map((info) => {
      const label = `${kindLabel(info)}: ${info.filename}`;
      if (info.file_type === "audio") {
        return el(
          "li",
          { class: "media-item audio", "data-testid": "media-item", "data-kind": "audio", title: info.filename },
          el("span", { class: "note" }, icon("note")),
          el("div", { class: "text" }, el("div", { class: "name", text: info.filename }), el("div", { class: "detail", text: `${t("song")} · ${formatSeconds(info.duration * 1000)}` })),
        );
      }
      const visual = mediaVisual(info, label);
      return el(
        "li",
        { class: "media-item", "data-testid": "media-item", "data-kind": info.file_type, title: info.filename },
        visual,
        info.file_type === "video" ? el("span", { class: "badge", text: formatSeconds(info.duration * 1000) }) : null,
        used.has(info.media_id) ? el("span", { class: "used", title: t("inVideo") }, icon("check")) : null,
      );
    });
    this.grid.replaceChildren(...items);
  }
}
