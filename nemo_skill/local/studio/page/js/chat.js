// The chat log: the person's messages, the replies streaming in, notes and errors.

import { el } from "./dom.js";
import { t } from "./i18n.js";

/** Words for a failure, with the registration link when credits ran out (2001). */
export function errorContent(err) {
  if (err?.code === 0) return [t("offline")];
  const message = err?.message || String(err);
  const parts = [message];
  const register = err?.data?.register_url;
  if (err?.code === 2001 && typeof register === "string" && /^https?:\/\//.test(register)) {
    parts.push(" ", el("a", { href: register, target: "_blank", rel: "noopener noreferrer", text: t("registerLink") }));
  }
  return parts;
}

export class Chat {
  constructor(log, onExample) {
    this.log = log;
    this.onExample = onExample;
  }

  clear() {
    this.log.replaceChildren();
    this.showIntro();
  }

  showIntro() {
    const examples = t("chatExamples").map((text) =>
      el("button", { class: "example", type: "button", text, onclick: () => this.onExample(text) }),
    );
    this.log.append(el("li", { class: "intro" }, el("p", { text: t("chatIntro") }), examples));
  }

  add(kind, ...content) {
    this.log.querySelector(".intro")?.remove();
    const item = el("li", { class: `msg ${kind}` }, ...content);
    this.log.append(item);
    this.log.scrollTop = this.log.scrollHeight;
    return item;
  }

  note(text) {
    return this.add("note", text);
  }

  error(err) {
    return this.add("error", ...errorContent(err));
  }

  /**
   * Show what the person asked (`shown`: their words, or a typed edit's label), then stream
   * the reply from `events` (an async iterator of SSE events) into a bubble; resolves {text, error}.
   */
  async stream(shown, events) {
    this.add("user", shown);
    const bubble = this.add("bot typing");
    let text = "";
    let failure = null;
    try {
      for await (const event of events) {
        if (event.type === "text" && event.content) {
          text += event.content;
          bubble.textContent = text;
          this.log.scrollTop = this.log.scrollHeight;
        } else if (event.type === "error") {
          failure = event;
        }
      }
    } catch (err) {
      failure = err;
    }
    bubble.classList.remove("typing");
    if (!text) bubble.remove();
    if (failure) this.error(failure);
    return { text, bubble: text ? bubble : null, error: failure };
  }
}
