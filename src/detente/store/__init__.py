"""Storage: a DuckDB file of articles and analyses, and the questions analysts ask of it.

``Store`` (``store.py``) writes and queries; ``schema.py`` holds the recorded migrations;
``queries.py`` the typed rows; ``export.py`` writes tables out; ``ingest.py`` runs
files → analyses → store.
"""

from detente.store.queries import ActorRow, ArticleRow, DyadPeriod, EventRow, QueryError, Statement, Stats
from detente.store.store import Store, StoreError, StoreLocked, default_db

__all__ = [
    "ActorRow",
    "ArticleRow",
    "DyadPeriod",
    "EventRow",
    "QueryError",
    "Statement",
    "Stats",
    "Store",
    "StoreError",
    "StoreLocked",
    "default_db",
]
