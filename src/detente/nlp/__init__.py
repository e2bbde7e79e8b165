"""Article -> Analysis: actors, quotes (statements), events and times.

The stages, in order (see ``pipeline.py``):
``model.py`` loads spaCy; ``gazetteer.py`` + ``actors.py`` find and resolve actors;
``times.py`` finds and normalises time expressions; ``quotes.py`` attributes
statements; ``events.py`` codes PLOVER events.
"""
