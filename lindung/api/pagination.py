"""The API's one pagination: page numbers, API_PAGE_SIZE rows a page, one envelope.

Every list that can grow with the data is paginated by `@paginate(PageNumbers)`: the view
returns a Listing (its ordered queryset and the row conversion), ninja adds the `page`
query parameter and documents the envelope `{count, page, pages, results}`. A page past
the last is a 422 in the one error shape, not a silent repeat of the last page: a client
looping until an empty page stops.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest
from ninja import Field, Schema
from ninja.pagination import PaginationBase

from lindung.api.errors import FormInvalid


class Listing(NamedTuple):
    """Rows to paginate, how to turn one into its output, and extra envelope fields.

    `convert` runs on the rows of the page only, never on the whole queryset.
    """

    rows: Any
    convert: Callable[[Any], Any]
    fields: dict[str, Any] = {}  # noqa: RUF012 - never mutated


class PageNumbers(PaginationBase):
    class Input(Schema):
        page: int = Field(1, ge=1)

    class Output(Schema):
        count: int
        page: int
        pages: int
        results: list[Any]

    items_attribute = "results"

    def paginate_queryset(
        self, queryset: Any, pagination: Input, request: HttpRequest, **params: Any
    ) -> dict[str, Any]:
        # ninja passes whatever the view returned: the views return a Listing.
        listing: Listing = queryset
        paginator = Paginator(listing.rows, settings.API_PAGE_SIZE)
        if pagination.page > paginator.num_pages:
            raise FormInvalid({"page": [f"Halaman terakhir adalah {paginator.num_pages}."]})
        current = paginator.page(pagination.page)
        return {
            "count": paginator.count,
            "page": current.number,
            "pages": paginator.num_pages,
            "results": [listing.convert(r) for r in current],
            **listing.fields,
        }
