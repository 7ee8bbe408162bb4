// The settings row: shows the draft's aspect, length, music, volume, transition, look and
// title, and turns a change into an edit (words, through edits.js) so chat and row agree.

import { el } from "./dom.js";
import { label, t } from "./i18n.js";
import { ASPECTS, TRANSITIONS } from "./draft.js";

function options(select, values, current, name) {
  const list = values.includes(current) || current == null ? values : [...values, current];
  select.replaceChildren(
    ...list.map((value) =>
      el("option", { value, text: values.includes(value) ? name(value) : t("other", { name: value }) }),
    ),
  );
  if (current != null) select.value = current;
}

/** The form's controls by name (a proxy: `elements.length` would be the count, not the field). */
function named(form) {
  return new Proxy({}, { get: (_, name) => form.elements.namedItem(String(name)) });
}

export class SettingsRow {
  /** `onChange(key, value)` sends the edit; `config` has moods and filters; `empty` shows instead, before a draft. */
  constructor(form, empty, config, onChange) {
    this.form = form;
    this.empty = empty;
    this.config = config;
    this.onChange = onChange;
    this.shown = null;
    const f = named(form);
    for (const key of ["aspect", "mood", "transition", "filter"]) {
      f[key].addEventListener("change", () => this.changed(key, f[key].value));
    }
    f.seconds.addEventListener("change", () => {
      const seconds = Math.round(Number(f.seconds.value));
      if (!Number.isFinite(seconds) || seconds < 3 || seconds > 600) {
        f.seconds.value = this.shown?.lengthS ?? "";
        return;
      }
      this.changed("length", seconds);
    });
    f.volume.addEventListener("input", () => (f["volume-out"].value = `${f.volume.value}%`));
    f.volume.addEventListener("change", () => this.changed("volume", Number(f.volume.value)));
    const title = () => {
      const value = f.title.value.trim();
      if (this.shown && value !== this.shown.title) this.changed("title", value);
    };
    f.title.addEventListener("keydown", (event) => {
      if (event.key === "Enter") {
        event.preventDefault();
        title();
      }
    });
    f.title.addEventListener("blur", title);
    form.addEventListener("submit", (event) => event.preventDefault());
  }

  changed(key, value) {
    const before = this.shown?.[key === "length" ? "lengthS" : key];
    if (this.shown && String(before) !== String(value)) {
      this.shown = { ...this.shown, [key === "length" ? "lengthS" : key]: value };
      this.onChange(key, value);
    }
  }

  /** Show `settings` (from readSettings); with no draft (null) there is nothing to set yet. */
  show(settings, hasOwnSong) {
    this.shown = settings;
    this.form.hidden = settings == null;
    this.empty.hidden = settings != null;
    if (settings == null) return;
    const f = named(this.form);
    const s = settings;
    options(f.aspect, ASPECTS, s.aspect, (v) => label("shapes", v));
    const moods = [...(hasOwnSong || s.mood === "own" ? ["own"] : []), ...this.config.moods, "none"];
    options(f.mood, moods, s.mood, (v) => (v === "own" ? t("ownSong") : v === "none" ? t("noMusic") : label("moods", v)));
    options(f.transition, TRANSITIONS, s.transition, (v) => label("transitions", v));
    options(f.filter, this.config.filters, s.filter, (v) => label("filters", v));
    f.seconds.value = s.lengthS;
    f.volume.value = s.volume;
    f["volume-out"].value = `${s.volume}%`;
    f.volume.disabled = s.mood === "none";
    if (document.activeElement !== f.title) f.title.value = s.title;
  }
}
