"""Imported by the fork server that starts detente's pool workers (see
:func:`detente.nlp.pipeline._pool_context`): it loads the pipeline once, so that every
worker forked from the server shares the model's memory, and freezes the garbage
collector's view of it, so that collections in the workers do not touch (and so copy)
the model's pages."""

from __future__ import annotations

import gc
import logging

from detente.nlp.pipeline import get_pipeline

try:
    get_pipeline()
except Exception:  # noqa: BLE001 - each worker then loads it and reports the error itself
    logging.getLogger(__name__).exception("the fork server could not load the pipeline")
gc.freeze()
