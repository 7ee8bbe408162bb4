"""The protocol client: how the runtime talks to a NemoVideo backend.

One job per module:

* ``_http``      the httpx client: base URL, headers, timeouts, lazy tokens
* ``_errors``    the one mapping from an answer (envelope code, then HTTP status) to an exception
* ``_retry``     the retry policy (1001 / 429 / missing client id), in one function
* ``auth``       tokens: ``NEMO_TOKEN``, the private ``token.json``, a redacted ``Token``
* ``sessions``   one session per skill and backend, remembered in ``sessions.json``
* ``sse``        the Server-Sent Events decoder; ``stream`` the typed ``Stream``
* ``messages``   one message to the editor -> a reply in words; ``gestures`` translates editor talk
* ``upload``     local checks, then streamed multipart uploads; ``state`` / ``diff`` say things in words
* ``export``     render, poll, download atomically; ``storyboard`` fetches media for the contact sheet
* ``base_url``   ``NEMO_API_BASE``: local (embedded backend), cloud, or a URL

Most callers want :class:`nemo_skill.runtime.Runtime` instead of these pieces.
Nothing is imported here, so importing a submodule stays cheap.
"""

__all__: list[str] = []
