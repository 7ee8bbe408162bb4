"""Uploads from the wire to the media folder: streaming multipart, URL fetches, probing,
decoding budgets, the views the renderer and the interpreter read, and beats found at upload."""
