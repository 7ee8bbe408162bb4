// Nemo Studio: the page's state and wiring. Everything the page does goes through the
// backend that served it (same origin, session in an HttpOnly cookie).

import { Api, ApiError } from "./api.js";
import { Chat } from "./chat.js";
import { Deliver } from "./deliver.js";
import { $, el } from "./dom.js";
import { aspectOf, readSettings, track, TRACK_AUDIO, videoSegments } from "./draft.js";
import { applyEdit, loadWords } from "./edits.js";
import { applyStatic, label, lang, t } from "./i18n.js";
import { MediaPanel } from "./media.js";
import { SettingsRow } from "./settings.js";
import { renderTimeline, renderTracks } from "./timeline.js";

const api = new Api();
const state = {
  config: null,
  skill: null,
  sid: null,
  draft: null,
  media: [],
  version: 0,
  previousVersion: null, // what "undo" returns to (null: nothing to undo)
  redoVersion: null, // what "redo" brings back (null: nothing to redo; a new edit ends it)
  credits: null,
  pending: 0, // edits sent and not yet answered
};

const main = $("#studio");
const chat = new Chat($("#chat-log"), (text) => route(text));

// Edits run one after the other: the backend refuses an edit made while another one runs.
let queue = Promise.resolve();
function serial(task) {
  const run = queue.then(task, task);
  queue = run.catch(() => {});
  return run;
}

function setBusy(delta) {
  state.pending += delta;
  $("#status").textContent = state.pending > 0 ? t("working") : "";
  draw();
}

function showError(err) {
  if (err instanceof ApiError && err.code === 1002) {
    state.sid = null;
    chat.note(t("sessionLost"));
    return;
  }
  chat.error(err);
}

// Each state read signs fresh download links; keeping the first one per file lets the
// browser reuse the thumbnails it already has instead of fetching them again.
const mediaUrls = new Map();
function stableUrls(list) {
  for (const info of list) {
    if (mediaUrls.has(info.media_id)) info.url = mediaUrls.get(info.media_id);
    else mediaUrls.set(info.media_id, info.url);
  }
  return list;
}

async function ensureSession() {
  if (state.sid) return state.sid;
  const data = await api.createSession(lang);
  state.sid = data.session_id;
  main.dataset.sessionId = state.sid;
  return state.sid;
}

async function refresh() {
  if (!state.sid) {
    Object.assign(state, { draft: null, media: [], version: 0, previousVersion: null, redoVersion: null });
  } else {
    try {
      const [data, balance] = await Promise.all([api.state(state.sid), api.credits()]);
      state.credits = balance.available;
      state.draft = data.state.draft || null;
      state.media = stableUrls(data.state.video_infos || []);
      state.version = data.version || 0;
      state.previousVersion = data.previous_version ?? null;
      state.redoVersion = data.redo_version ?? null;
    } catch (err) {
      showError(err);
      if (err instanceof ApiError && err.code === 1002) return refresh();
    }
  }
  draw();
}

/**
 * Send a request whose answer streams into the chat: `shown` is what the log shows the
 * person asked, `events(sid)` starts the request. Then the state is read again.
 */
function talk(shown, events) {
  setBusy(+1);
  return serial(async () => {
    try {
      const sid = await ensureSession();
      const before = state.version;
      const reply = await chat.stream(shown, events(sid));
      await refresh();
      if (!reply.text && !reply.error) chat.add("bot", state.version !== before ? t("noWords") : t("noChange"));
    } catch (err) {
      showError(err);
    } finally {
      setBusy(-1);
    }
  });
}

/** Words as a chat message. */
function say(words) {
  return talk(words, (sid) => api.send(sid, words));
}

/** Typed edits (see edits.js), made against the version the page shows now. */
function send(edits, label) {
  const expected = state.version;
  return talk(label, (sid) => api.edits(sid, edits, expected));
}

function editContext() {
  return {
    segments: videoSegments(state.draft),
    kindOf: (src) => state.media.find((m) => m.media_id === src)?.file_type || "image",
    hasTitle: Boolean(readSettings(state.draft).title),
    prompt: state.skill?.prompt || "",
  };
}

function edit(change) {
  return applyEdit(change, editContext(), { say, send });
}

// The chat routes like the runtime does: "export" and "credits" are actions, not edits.
const EXPORT = /^\s*(please\s+)?(export|download)(\s+(it|the video|my video))?(\s+please)?\s*[.!]*\s*$|^\s*(导出|下载)(视频)?\s*[。！!]*\s*$/i;
const CREDITS = /^\s*(credits|balance|how many credits( do i have)?)\s*[?？]*\s*$|^\s*(积分|余额|我还有多少积分)\s*[?？]*\s*$/i;

function route(text) {
  const words = text.trim();
  if (!words) return;
  if (EXPORT.test(words)) {
    chat.add("user", words);
    return startExport();
  }
  if (CREDITS.test(words)) {
    chat.add("user", words);
    chat.add("bot", t("creditsNow", { n: state.credits ?? "?" }));
    return;
  }
  return say(words);
}

const deliver = new Deliver(
  api,
  {
    video: $("#preview"),
    placeholder: $("#placeholder"),
    poster: $("#poster"),
    ready: $("#ready"),
    previewProgress: $("#preview-progress"),
    note: $("#preview-note"),
    previewButton: $("#preview-button"),
    exportButton: $("#export"),
    exportBar: $("#export-bar"),
    exportLabel: $("#export-label"),
    download: $("#download"),
    downloadInfo: $("#download-info"),
  },
  // The render starts after the edits already sent, so it shows what the person sees.
  (quality) => serial(() => api.startRender(state.sid, state.draft, quality)),
  (err) => showError(err),
);

function startPreview() {
  if (!state.draft) return chat.note(t("needVideo"));
  return deliver.preview(state.version).then(draw);
}

function startExport() {
  if (!state.draft) return chat.note(t("needVideo"));
  return deliver.export().then(refresh);
}

const media = new MediaPanel({
  input: $("#upload"),
  dropzone: $("#dropzone"),
  uploads: $("#uploads"),
  grid: $("#media-list"),
  empty: $("#media-empty"),
  upload: async (file, onProgress) => {
    const sid = await serial(ensureSession);
    const data = await api.upload(sid, file, onProgress);
    state.media.push(...stableUrls(data.files || []));
    draw();
    return data.files;
  },
  onDone: () => serial(refresh),
});

const settings = new SettingsRow($("#settings"), $("#settings-empty"), { moods: [], filters: [] }, (key, value) =>
  edit({ op: "set", key, value }),
);

function selectSkill(name) {
  const skills = state.config.skills;
  state.skill = skills.find((s) => s.name === name) || skills.find((s) => s.name === state.config.default_skill) || skills[0];
  api.skill = state.skill;
  $("#skill").value = state.skill.name;
  $("#drop-hint").textContent = t("dropHint", { mb: state.skill.max_file_mb });
}

function newVideo() {
  Object.assign(state, { sid: null, draft: null, media: [], version: 0, previousVersion: null, redoVersion: null });
  delete main.dataset.sessionId;
  media.clear();
  chat.clear();
  deliver.reset();
  draw();
  $("#upload").focus();
}

function draw() {
  const draft = state.draft;
  const mediaById = new Map(state.media.map((m) => [m.media_id, m]));
  const segments = videoSegments(draft);
  const used = new Set(segments.map((s) => s.src));
  const visual = state.media.filter((m) => m.file_type !== "audio");
  const unused = visual.filter((m) => !used.has(m.media_id));
  const hasSong = state.media.some((m) => m.file_type === "audio");
  const locked = state.pending > 0;

  $("#credits").textContent = state.credits == null ? "" : t("credits", { n: state.credits });
  $("#skill").disabled = Boolean(state.sid && (state.media.length || draft));
  media.render(state.media, used);
  $("#make").hidden = $("#make-hint").hidden = Boolean(draft) || visual.length === 0;
  $("#make").disabled = locked;
  $("#add-new").hidden = !draft || unused.length === 0;
  $("#add-new").textContent = t("addNew", { n: unused.length });
  $("#add-new").disabled = locked;

  const current = draft ? readSettings(draft) : null;
  settings.show(current, hasSong);
  $("#timeline-empty").hidden = segments.length > 0;
  $("#timeline-help").hidden = segments.length < 2;
  $("#timeline-total").textContent = draft ? t("total", { n: segments.length, s: Math.round(draft.d / 100) / 10 }) : "";
  renderTimeline($("#timeline"), {
    segments,
    mediaById,
    locked,
    onMove: (from, to) => edit({ op: "move", from, to }),
    onRemove: (index) => edit({ op: "remove", index }),
  });
  if (current) renderTracks($("#tracks"), { settings: current, mediaById, audioSrc: track(draft, TRACK_AUDIO)?.sg?.[0]?.src });
  else $("#tracks").replaceChildren();

  $("#undo").disabled = state.previousVersion == null || locked;
  $("#redo").disabled = state.redoVersion == null || locked;
  const [w, h] = aspectOf(draft).split(":").map(Number);
  $("#screen").style.setProperty("--ar", String(draft ? w / h : 16 / 9));
  const first = mediaById.get(segments[0]?.src);
  deliver.update(state.version, Boolean(draft), first?.file_type === "image" ? first.url : null);
}

async function start() {
  applyStatic();
  $("#placeholder-steps").replaceChildren(...t("placeholderSteps").map((text) => el("li", { text })));
  chat.showIntro();
  $("#chat-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const input = $("#chat-input");
    const text = input.value;
    input.value = "";
    route(text);
  });
  $("#undo").addEventListener("click", () => edit({ op: "undo" }));
  $("#redo").addEventListener("click", () => edit({ op: "redo" }));
  $("#make").addEventListener("click", () => edit({ op: "make" }));
  $("#add-new").addEventListener("click", () => edit({ op: "append" }));
  $("#preview-button").addEventListener("click", startPreview);
  $("#play").addEventListener("click", startPreview);
  $("#export").addEventListener("click", startExport);
  $("#new-video").addEventListener("click", newVideo);
  $("#skill").addEventListener("change", (event) => {
    selectSkill(event.target.value);
    state.sid = null; // the next upload or message opens a session as this skill
    draw();
  });
  try {
    // Three independent reads at once: the page is ready after the slowest, not their sum.
    const [config, me] = await Promise.all([api.config(), api.studioSession(), loadWords()]);
    state.config = config;
    settings.config = state.config;
    $("#skill").replaceChildren(
      ...state.config.skills.map((s) => el("option", { value: s.name, text: label("skills", s.name, s.display_name) })),
    );
    state.credits = me.credits;
    selectSkill(me.skill || state.config.default_skill);
    state.sid = me.session_id || null;
    if (state.sid) main.dataset.sessionId = state.sid;
    await refresh();
  } catch (err) {
    showError(err);
    draw();
  } finally {
    main.setAttribute("aria-busy", "false");
  }
}

// The embedded backend stops after NEMO_LOCAL_IDLE seconds without requests (15 minutes by
// default). An open studio page is someone at work, so it checks in every few minutes; the
// answer keeps the credits shown up to date. A failed check stays quiet: the next real
// request reports the problem where the person is looking.
const KEEP_ALIVE_MS = 4 * 60 * 1000;

async function keepAlive() {
  try {
    state.credits = (await api.credits()).available;
    $("#credits").textContent = t("credits", { n: state.credits });
  } catch {
    // nothing to show
  }
}

start();
setInterval(keepAlive, KEEP_ALIVE_MS);
