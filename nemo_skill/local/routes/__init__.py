"""The protocol's endpoints, one module per area (account, upload, run, edits, state, render,
files, mcp), and what they share: the envelope and the request helpers (auth, bodies)."""
