"""Imported by the fork server that starts detente's pool workers (see
:func:`detente.nlp.pipeline._pool_context`): it loads the pipeline once and runs it on one
short article (what a first call builds lazily is then built once, not in every worker,
and a worker that replaces a retired one starts warm), so that every worker forked from
the server shares the model's memory, and freezes the garbage collector's view of it, so
that collections in the workers do not touch (and so copy) the model's pages."""

from __future__ import annotations

import gc
import logging

from detente.models import Article
from detente.nlp.pipeline import get_pipeline

WARM_UP = "Foreign Minister Anna Kovacs said on Tuesday in Vienna that talks with Serbia would resume."

try:
    list(get_pipeline().pipe([Article(text=WARM_UP, published="2024-01-02")]))
except Exception:  # noqa: BLE001 - each worker then loads it and reports the error itself
    logging.getLogger(__name__).exception("the fork server could not load the pipeline")
gc.freeze()
