"""The studio web page: its routes, its cookie session, the page itself (``page/``, plain
HTML/CSS/JS shipped in the wheel), and how its browser tests drive a headless Chromium."""
