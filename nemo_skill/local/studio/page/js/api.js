// The protocol's endpoints, spoken from the page. No token here: the backend keeps it in
// an HttpOnly cookie (POST /studio/api/session) that same-origin requests carry.

export class ApiError extends Error {
  constructor(code, message, data = null, status = 0) {
    super(message || `error ${code}`);
    this.code = code;
    this.data = data;
    this.status = status;
  }
}

async function envelope(response) {
  let body;
  try {
    body = await response.json();
  } catch {
    throw new ApiError(response.status || 502, `the backend answered HTTP ${response.status} without JSON`, null, response.status);
  }
  if (!body || typeof body !== "object" || body.code !== 0) {
    throw new ApiError(body?.code ?? response.status, body?.message, body?.data ?? null, response.status);
  }
  return body.data;
}

/** Server-Sent Events from a fetch() body: yields each event's JSON object. */
async function* readEvents(response) {
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    buffer += decoder.decode(value || new Uint8Array(), { stream: !done });
    const blocks = buffer.split(/\r\n\r\n|\n\n|\r\r/);
    buffer = done ? "" : blocks.pop();
    for (const block of blocks) {
      const data = block
        .split(/\r\n|\n|\r/)
        .filter((line) => line.startsWith("data:"))
        .map((line) => line.slice(5).replace(/^ /, ""))
        .join("\n");
      if (!data.trim()) continue; // a comment line (": ping") or an empty data: still working
      try {
        yield JSON.parse(data);
      } catch {
        // A line that is not JSON carries nothing for the page.
      }
    }
    if (done) return;
  }
}

export class Api {
  constructor() {
    this.skill = null; // {name, version}: the attribution headers
  }

  headers(extra = {}) {
    const out = { ...extra };
    if (this.skill) {
      out["X-Skill-Source"] = this.skill.name;
      out["X-Skill-Version"] = this.skill.version;
      out["X-Skill-Platform"] = "unknown";
    }
    return out;
  }

  async json(method, path, body) {
    let response;
    try {
      response = await fetch(path, {
        method,
        credentials: "same-origin",
        headers: this.headers(body === undefined ? {} : { "Content-Type": "application/json" }),
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (err) {
      throw new ApiError(0, "offline");
    }
    return envelope(response);
  }

  config() {
    return this.json("GET", "/studio/api/config");
  }

  studioSession() {
    return this.json("POST", "/studio/api/session");
  }

  createSession(language) {
    return this.json("POST", "/api/tasks/me/with-session/nemo_agent", { task_name: "studio", language });
  }

  state(sid) {
    return this.json("GET", `/api/state/nemo_agent/me/${encodeURIComponent(sid)}/latest`);
  }

  credits() {
    return this.json("GET", "/api/credits/balance/simple");
  }

  startRender(sid, draft, quality) {
    const id = `${quality === "draft" ? "preview" : "render"}_${Date.now()}`;
    return this.json("POST", "/api/render/proxy/lambda", {
      id,
      sessionId: sid,
      draft,
      output: { format: "mp4", quality },
    });
  }

  render(id) {
    return this.json("GET", `/api/render/proxy/lambda/${encodeURIComponent(id)}`);
  }

  /** One file, one request, so each file gets its own progress and its own refusal. */
  upload(sid, file, onProgress) {
    return new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open("POST", `/api/upload-video/nemo_agent/me/${encodeURIComponent(sid)}`);
      xhr.withCredentials = true;
      for (const [name, value] of Object.entries(this.headers())) xhr.setRequestHeader(name, value);
      xhr.responseType = "json";
      xhr.upload.onprogress = (event) => {
        if (event.lengthComputable) onProgress(event.loaded / event.total);
      };
      xhr.upload.onload = () => onProgress(1);
      xhr.onload = () => {
        const body = xhr.response;
        if (body && body.code === 0) resolve(body.data);
        else reject(new ApiError(body?.code ?? xhr.status, body?.message || `HTTP ${xhr.status}`, body?.data, xhr.status));
      };
      xhr.onerror = () => reject(new ApiError(0, "offline"));
      const form = new FormData();
      form.append("files", file, file.name);
      xhr.send(form);
    });
  }

  /** POST `body` and yield the answer's events; an envelope instead is an error (2001, 1002, 400...). */
  async *events(path, body) {
    let response;
    try {
      response = await fetch(path, {
        method: "POST",
        credentials: "same-origin",
        headers: this.headers({ "Content-Type": "application/json", Accept: "text/event-stream" }),
        body: JSON.stringify(body),
      });
    } catch {
      throw new ApiError(0, "offline");
    }
    if (!(response.headers.get("content-type") || "").startsWith("text/event-stream")) {
      await envelope(response); // thrown as ApiError
      return;
    }
    yield* readEvents(response);
  }

  /** A message over /run_sse: yields the stream's events ({type, content, ...}). */
  send(sid, text) {
    return this.events("/run_sse", {
      app_name: "nemo_agent",
      user_id: "me",
      session_id: sid,
      new_message: { parts: [{ text }] },
    });
  }

  /**
   * Typed edits, all or none (the backend's structured-edits endpoint): the same events as a
   * message. `expectedVersion` is the version the page shows; another one is a 409.
   */
  edits(sid, edits, expectedVersion) {
    return this.events(`/api/local/v1/sessions/${encodeURIComponent(sid)}/edits`, {
      edits,
      expected_version: expectedVersion,
    });
  }
}
