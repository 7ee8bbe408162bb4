// Reading the draft (docs/draft-format.md): the video track's segments and the values the
// settings row shows. The page never edits the draft itself; edits go to the backend.

export const TRACK_VIDEO = 0;
export const TRACK_AUDIO = 1;
export const TRACK_TEXT = 7;
export const ASPECTS = ["16:9", "9:16", "1:1", "4:5"];
export const TRANSITIONS = ["none", "fade", "dissolve", "fadeblack", "slide", "wipe", "zoom", "circle"];
const LIBRARY = "library:";

export function track(draft, tt) {
  return (draft?.t || []).find((item) => item.tt === tt) || null;
}

export function videoSegments(draft) {
  return track(draft, TRACK_VIDEO)?.sg || [];
}

function gcd(a, b) {
  return b ? gcd(b, a % b) : a;
}

export function aspectOf(draft) {
  const w = draft?.m?.w || 1920;
  const h = draft?.m?.h || 1080;
  const k = gcd(w, h) || 1;
  return `${w / k}:${h / k}`;
}

/** The settings row's name for a draft transition ("slideleft" is a "slide"). */
export function transitionFamily(name) {
  if (!name) return "none";
  if (name.startsWith("slide") || name.startsWith("smooth")) return "slide";
  if (name.startsWith("wipe")) return "wipe";
  if (name.startsWith("circle")) return "circle";
  if (name === "zoomin") return "zoom";
  return name;
}

function titleText(draft) {
  const text = track(draft, TRACK_TEXT);
  const seg = (text?.sg || []).find((s) => (s.m?.role || "title") === "title") || null;
  return seg?.m?.text || "";
}

/** What the settings row shows for this draft; media tells an uploaded song from library music. */
export function readSettings(draft) {
  const segments = videoSegments(draft);
  const audio = track(draft, TRACK_AUDIO);
  const song = audio?.sg?.[0];
  let mood = "none";
  if (song?.src) mood = song.src.startsWith(LIBRARY) ? song.src.slice(LIBRARY.length) : "own";
  const cut = segments.slice(0, -1).find((s) => s.m?.tr) || segments[0];
  return {
    aspect: aspectOf(draft),
    lengthS: Math.round((draft?.d || 0) / 1000),
    mood,
    volume: Math.round(((audio?.m?.vol ?? 0.35) * 100)),
    transition: segments.length > 1 ? transitionFamily(cut?.m?.tr?.name) : "none",
    filter: segments[0]?.m?.filter || "none",
    title: titleText(draft),
  };
}

/** How people number a segment: "photo 3" counts photos only, "clip 2" clips only. */
export function segmentNumber(segments, index, kindOf) {
  const kind = kindOf(segments[index]?.src);
  let n = 0;
  for (let i = 0; i <= index; i++) if (kindOf(segments[i]?.src) === kind) n++;
  return { kind, n };
}
