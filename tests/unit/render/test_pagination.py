from __future__ import annotations

import pytest

from batchline.render import layout as L
from batchline.render.variable_layer import paginate


@pytest.mark.parametrize("count", [0, 1, 25])
def test_up_to_25_line_items_fit_on_one_page_with_the_coupon(count: int) -> None:
    assert paginate(count) == (count,)


@pytest.mark.parametrize("count", range(26, 400, 7))
def test_every_line_item_is_placed_once_and_the_coupon_page_is_never_empty(count: int) -> None:
    pages = paginate(count)

    assert sum(pages) == count
    assert pages[0] <= len(L.FIRST_ROWS)
    assert all(0 < rows <= len(L.CONT_ROWS) for rows in pages[1:-1])
    last_capacity = len(L.FIRST_ROWS_WITH_COUPON if len(pages) == 1 else L.CONT_ROWS_WITH_COUPON)
    assert 0 < pages[-1] <= last_capacity
