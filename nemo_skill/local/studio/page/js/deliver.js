// Preview (a draft-quality render played in the <video>) and export (full quality, then a
// download link). Both are one render job polled until it is done.

import { setProgress } from "./dom.js";
import { formatSeconds, formatSize, t } from "./i18n.js";

const POLL_MS = 600;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Queue a render of `draft` and poll it; resolves the finished job, throws on failure. */
export async function renderJob(api, start, onProgress) {
  const { id } = await start();
  for (;;) {
    const job = await api.render(id);
    if (job.status === "completed") return job;
    if (job.status === "failed") throw new Error(t("renderFailed", { error: job.error || "?" }));
    onProgress((job.progress || 0) / 100);
    await sleep(POLL_MS);
  }
}

export class Deliver {
  /** `start(quality)` queues a render of the current draft (after edits in flight) and returns {id}. */
  constructor(api, els, start, onError) {
    this.api = api;
    this.els = els;
    this.start = start;
    this.onError = onError;
    this.previewVersion = null;
    this.busy = { draft: false, high: false };
  }

  reset() {
    const { video, placeholder, poster, ready, previewProgress, download, downloadInfo, exportBar, exportLabel, note } =
      this.els;
    video.removeAttribute("src");
    video.hidden = true;
    video.load();
    placeholder.hidden = false;
    poster.hidden = ready.hidden = true;
    previewProgress.hidden = true;
    download.hidden = true;
    download.removeAttribute("href");
    downloadInfo.textContent = "";
    exportBar.hidden = true;
    exportLabel.textContent = "";
    note.textContent = "";
    this.previewVersion = null;
  }

  /**
   * The screen shows the preview once there is one; before that, the first photo of the
   * draft with a play button (or the getting-started steps when there is no draft yet).
   * The note under it says whether the preview still shows the latest version.
   */
  update(version, hasDraft, posterUrl) {
    const { previewButton, exportButton, note, placeholder, poster, ready, video } = this.els;
    previewButton.disabled = !hasDraft || this.busy.draft;
    exportButton.disabled = !hasDraft || this.busy.high;
    if (this.previewVersion === null) {
      video.hidden = true;
      placeholder.hidden = hasDraft;
      ready.hidden = !hasDraft || this.busy.draft;
      poster.hidden = !hasDraft || !posterUrl;
      if (posterUrl && poster.getAttribute("src") !== posterUrl) poster.src = posterUrl;
      return;
    }
    const stale = this.previewVersion !== version;
    note.textContent = stale ? t("previewStale") : t("previewReady");
    previewButton.textContent = t(stale ? "previewAgain" : "preview");
  }

  async preview(version) {
    const { video, placeholder, poster, ready, previewProgress, note } = this.els;
    const bar = previewProgress.querySelector(".bar");
    const text = previewProgress.querySelector(".bar-label");
    this.busy.draft = true;
    this.els.previewButton.disabled = true;
    previewProgress.hidden = false;
    ready.hidden = true;
    setProgress(bar, 0);
    text.textContent = t("previewing", { pct: 0 });
    note.textContent = "";
    try {
      const job = await renderJob(this.api, () => this.start("draft"), (fraction) => {
        setProgress(bar, fraction);
        text.textContent = t("previewing", { pct: Math.round(fraction * 100) });
      });
      placeholder.hidden = poster.hidden = ready.hidden = true;
      video.hidden = false;
      video.src = job.output.url;
      this.previewVersion = version;
      note.textContent = t("previewReady");
    } catch (err) {
      this.onError(err);
    } finally {
      previewProgress.hidden = true;
      this.busy.draft = false;
      this.els.previewButton.disabled = false;
    }
  }

  async export() {
    const { exportButton, exportBar, exportLabel, download, downloadInfo } = this.els;
    this.busy.high = true;
    exportButton.disabled = true;
    download.hidden = true;
    downloadInfo.textContent = "";
    exportBar.hidden = false;
    setProgress(exportBar, 0);
    exportLabel.textContent = t("exporting", { pct: 0 });
    try {
      const job = await renderJob(this.api, () => this.start("high"), (fraction) => {
        setProgress(exportBar, fraction);
        exportLabel.textContent = t("exporting", { pct: Math.round(fraction * 100) });
      });
      download.href = job.output.url;
      download.download = ""; // a download, not a page: the backend names the file
      download.hidden = false;
      const duration = job.output.duration ? formatSeconds(job.output.duration * 1000) : "";
      downloadInfo.textContent = [duration, formatSize(job.output.size)].filter(Boolean).join(" · ");
      exportLabel.textContent = "";
      download.focus();
    } catch (err) {
      exportLabel.textContent = "";
      this.onError(err);
    } finally {
      exportBar.hidden = true;
      this.busy.high = false;
      exportButton.disabled = false;
    }
  }
}
