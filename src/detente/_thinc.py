"""Import thinc (spaCy's layer library) without torch.

thinc imports torch at start-up whenever it is installed, to offer its PyTorch wrappers.
detente's spaCy models never use them, but torch is installed for the optional accurate
statement tagger (:mod:`detente.nlp.attribution_trf`, which imports torch itself when it
runs), and that import costs every process about 130 MB and a second or more of start-up.
So thinc is imported once here with torch hidden, and torch is importable again right
after: by the accurate tagger, and by anything else in the process.
"""

from __future__ import annotations

import sys


def import_thinc_without_torch() -> None:
    if "thinc.compat" in sys.modules or "torch" in sys.modules:
        return  # too late, or torch is already loaded (then thinc may as well use it)
    sys.modules["torch"] = None  # type: ignore[assignment]  # makes `import torch` raise ImportError
    try:
        import thinc.compat  # noqa: F401
    finally:
        del sys.modules["torch"]


import_thinc_without_torch()
