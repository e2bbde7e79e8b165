"""Pydantic models of the HTTP API's requests and responses (they make /openapi.json)."""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field

T = TypeVar("T")


class _Rows(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class Page(BaseModel, Generic[T]):
    limit: int
    offset: int
    count: int = Field(description="items on this page")
    items: list[T]


class ArticleOut(_Rows):
    id: str
    title: str | None
    source: str | None
    url: str | None
    published: str | None
    language: str | None
    status: str
    duplicate_of: str | None
    extractor: str | None
    actors: int
    quotes: int
    events: int


class StatementOut(_Rows):
    article_id: str
    ordinal: int
    title: str | None
    published: str | None
    date: str | None
    speaker: str | None
    speaker_name: str | None
    speaker_text: str | None
    cue: str | None
    content: str
    content_start: int
    content_end: int
    speaker_start: int | None
    speaker_end: int | None
    kind: str
    cue_type: str


class EventOut(_Rows):
    article_id: str
    ordinal: int
    title: str | None
    published: str | None
    date: str | None
    type: str
    mode: str | None
    quad: str | None
    source: str | None
    source_name: str | None
    source_country: str | None
    target: str | None
    target_name: str | None
    target_country: str | None
    intensity: float
    negated: bool
    hypothetical: bool
    future: bool
    said_by: str | None
    trigger: str
    trigger_start: int
    trigger_end: int
    evidence: str
    evidence_start: int
    evidence_end: int


class ActorOut(_Rows):
    id: str
    name: str
    type: str
    country: str | None
    sector: str | None
    articles: int
    mentions: int
    as_source: int
    as_target: int
    as_speaker: int


class Alias(BaseModel):
    text: str
    count: int


class ActorDetailOut(BaseModel):
    id: str
    name: str
    type: str
    country: str | None
    sector: str | None
    role: str | None
    roles: list[str]
    aliases: list[Alias]
    articles: int
    mentions: int
    statements: list[dict[str, Any]]
    events_as_source: list[EventOut]
    events_as_target: list[EventOut]


class DyadPeriodOut(_Rows):
    period: str
    direction: str
    source: str
    target: str
    events: int
    by_type: dict[str, int]
    by_quad: dict[str, int]
    intensity_sum: float
    intensity_mean: float


class DyadOut(BaseModel):
    a: str
    b: str
    by: str
    periods: list[DyadPeriodOut]


class StatsOut(_Rows):
    articles: int
    analysed: int
    duplicates: int
    unanalysed: int
    actors: int
    mentions: int
    quotes: int
    events: int
    times: int
    skipped: int
    runs: int
    first_published: str | None
    last_published: str | None
    extractors: dict[str, int]
    migrations: list[str]


class AnalyzeIn(BaseModel):
    text: str = Field(description="the article text (plain text)")
    published: str | None = Field(None, description="publication date YYYY-MM-DD")
    title: str | None = None


class IngestIn(BaseModel):
    urls: list[str] = Field(min_length=1, max_length=50, description="feed or page URLs (http/https)")
    published: str | None = Field(None, description="YYYY-MM-DD for documents without a date")


class IngestOut(BaseModel):
    fetched: list[str]
    refused: list[dict[str, str]]
    read: int
    stored: int
    already_stored: int
    skipped: list[dict[str, str]]
    article_ids: list[str]


class SpanOut(BaseModel):
    text: str
    start: int
    end: int


class AnalysisOut(BaseModel):
    """The analyze contract (``Analysis.to_dict()``, schema ``detente.analysis/1``)."""

    model_config = ConfigDict(extra="allow")
    schema_: str = Field(alias="schema")
    extractor: str
    article: dict[str, Any]
    actors: list[dict[str, Any]]
    quotes: list[dict[str, Any]]
    events: list[dict[str, Any]]
    times: list[dict[str, Any]]
    warnings: list[str] | None = None


class ErrorOut(BaseModel):
    detail: str
