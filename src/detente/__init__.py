"""detente: read international news as data.

    >>> import detente
    >>> analysis = detente.analyze("Russia said ...", published="2024-11-20")

``analyze`` and ``analyze_many`` are the Python API; the CLI, the store and the web
server all go through them.
"""

import detente._thinc  # noqa: F401  # first: thinc without torch (see its docstring)
from detente.models import Actor, Analysis, Article, Event, Quote, Span, Speaker, Time
from detente.nlp.pipeline import EXTRACTOR_VERSION, analyze, analyze_article, analyze_many

__all__ = [
    "EXTRACTOR_VERSION",
    "Actor",
    "Analysis",
    "Article",
    "Event",
    "Quote",
    "Span",
    "Speaker",
    "Time",
    "analyze",
    "analyze_article",
    "analyze_many",
]
__version__ = "0.1.0"
