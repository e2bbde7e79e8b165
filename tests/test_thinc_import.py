"""detente's spaCy models load without torch, which is installed only for the accurate
tagger: thinc would otherwise import it in every process (about 130 MB each)."""

from __future__ import annotations

import subprocess
import sys

import pytest

pytest.importorskip("torch")

PROBE = """
import sys
import detente
from detente.nlp.model import load_model
load_model(attribution="fast")
print("torch" in sys.modules)
import torch  # still importable afterwards
print(torch.tensor([1, 2]).sum().item())
"""


def test_the_default_pipeline_does_not_load_torch_and_torch_still_imports() -> None:
    proc = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["False", "3"]
