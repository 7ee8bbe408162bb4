"""The fonts text is drawn with: Noto Sans CJK, shipped as wheels (cvttf-NotoSansCJK-*).

One family covers Latin and Chinese/Japanese/Korean, so "我们结婚啦" and "Just married"
render with the same look and no tofu boxes. Nothing is downloaded: the fonts are
found inside the installed packages.
"""

from __future__ import annotations

import importlib.util
from functools import lru_cache
from pathlib import Path

from .._exceptions import ConfigError

_PACKAGES = {False: ("cvttf_NotoSansCJK_Regular", "Regular"), True: ("cvttf_NotoSansCJK_Bold", "Bold")}


@lru_cache(maxsize=2)
def font_path(bold: bool = False) -> Path:
    """The OpenType file of the regular or bold weight."""
    package, weight = _PACKAGES[bool(bold)]
    spec = importlib.util.find_spec(package)
    if spec is not None and spec.submodule_search_locations:
        for folder in spec.submodule_search_locations:
            candidates = sorted(Path(folder).glob(f"NotoSansCJK*-{weight}.otf"))
            if candidates:
                return candidates[0]
    raise ConfigError(
        f"the {weight.lower()} text font is not installed (package {package.replace('_', '-')})",
        hint="install the renderer's extra: pip install 'nemo-skill[local]'",
    )
