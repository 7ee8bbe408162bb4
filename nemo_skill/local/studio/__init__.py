"""The studio web page: its routes, its cookie session, the browser it opens, and the page
itself (``page/``, plain HTML/CSS/JS shipped in the wheel)."""
