"""The fonts text is drawn with: Noto Sans CJK, shipped as wheels (cvttf-NotoSansCJK-*).

One family covers Latin and Chinese/Japanese/Korean, so "我们结婚啦" and "Just married"
render with the same look and no tofu boxes. Three weights: light (titles and end
cards, set large and spaced), regular (subtitles, captions), bold (the storyboard's
headings, and titles a draft asks to be bold). Nothing is downloaded: the fonts are
found inside the installed packages.
"""

from __future__ import annotations

import importlib.util
from functools import lru_cache
from pathlib import Path

from .._exceptions import ConfigError

WEIGHTS = ("light", "regular", "bold")
_PACKAGES = {
    "light": ("cvttf_NotoSansCJK_Light", "Light"),
    "regular": ("cvttf_NotoSansCJK_Regular", "Regular"),
    "bold": ("cvttf_NotoSansCJK_Bold", "Bold"),
}


@lru_cache(maxsize=4)
def font_path(weight: bool | str = False, *, bold: bool | None = None) -> Path:
    """The OpenType file of a weight: "light", "regular" or "bold" (True or ``bold=True``:
    bold, False: regular)."""
    if bold is not None:
        weight = bold
    name = weight if isinstance(weight, str) else ("bold" if weight else "regular")
    package, label = _PACKAGES[name]
    spec = importlib.util.find_spec(package)
    if spec is not None and spec.submodule_search_locations:
        for folder in spec.submodule_search_locations:
            candidates = sorted(Path(folder).glob(f"NotoSansCJK*-{label}.otf"))
            if candidates:
                return candidates[0]
    raise ConfigError(
        f"the {name} text font is not installed (package {package.replace('_', '-')})",
        hint="install the renderer's extra: pip install 'nemo-skill[local]'",
    )
