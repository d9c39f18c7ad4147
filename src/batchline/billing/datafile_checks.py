"""The value rules of a billing data file, checked column-wise with pyarrow.compute.

Each check finds its bad rows as a mask over the whole column; Python only loops over
the rows it reports.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from batchline.billing.datafile_arrays import any_of, array, as_mask, cents, money_text
from batchline.billing.datafile_format import (
    DELIVERY_CHANNELS,
    DOCUMENT_COLUMNS,
    DOCUMENT_TYPES,
    KIND,
    PRINT_ADDRESS,
    REQUIRED,
)
from batchline.billing.datafile_load import Loaded
from batchline.billing.datafile_problems import Problem, Problems, shown

if TYPE_CHECKING:
    import numpy as np
    import pyarrow as pa

_EMAIL = r"^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$"


@dataclass(frozen=True)
class Documents:
    """Where each document's rows are: documents are runs of one document_number."""

    starts: np.ndarray  # int64, the first row of each document
    counts: np.ndarray  # int64, rows per document
    heads: pa.Table  # each document's first row, document-level columns only

    def stop(self, doc: int) -> int:
        return int(self.starts[doc] + self.counts[doc])


def find_documents(table: pa.Table) -> Documents:
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    numbers = table.column("document_number")
    changes = pc.not_equal(numbers[1:], numbers[:-1])
    starts = np.concatenate(([0], pc.indices_nonzero(changes).to_numpy() + 1)).astype(np.int64)
    counts = np.diff(np.append(starts, table.num_rows))
    heads = table.select(list(DOCUMENT_COLUMNS)).take(pa.array(starts)).combine_chunks()
    return Documents(starts, counts, heads)


def check_values(loaded: Loaded, documents: Documents, problems: Problems) -> None:
    _Checker(loaded, documents, problems).run()


class _Checker:
    def __init__(self, loaded: Loaded, documents: Documents, problems: Problems) -> None:
        import numpy as np

        self.table = loaded.table
        self.rows = loaded.rows
        self.unreadable = loaded.unreadable
        self.docs = documents
        self.head = {name: array(documents.heads.column(name)) for name in DOCUMENT_COLUMNS}
        self.col = {name: loaded.table.column(name) for name in loaded.table.column_names}
        self.numbers: list[str] = self.head["document_number"].to_pylist()
        self.problems = problems
        self.repeated = np.zeros(len(documents.starts), dtype=bool)  # documents split or repeated

    def run(self) -> None:
        self.duplicate_documents()
        self.fields_differ_within_documents()
        self.required_values()
        self.vocabularies()
        self.dates()
        self.contacts()
        self.line_numbers()
        self.amounts()

    # -- reporting -------------------------------------------------------------------------

    def head_where(self, doc: int, column: str) -> str:
        return f"{self.rows.at(int(self.docs.starts[doc]))}, column {column} (document {self.numbers[doc]})"

    def report(
        self, mask: pa.Array | pa.ChunkedArray | np.ndarray, describe: Callable[[int], Problem]
    ) -> None:
        import numpy as np

        hits = np.flatnonzero(as_mask(mask))
        self.problems.add_each(len(hits), (int(i) for i in hits), describe)

    def report_heads(
        self, mask: pa.Array | pa.ChunkedArray | np.ndarray, column: str, what: str, expected: str
    ) -> None:
        values = self.head[column]
        self.report(
            mask,
            lambda doc: Problem(what, self.head_where(doc, column), expected, shown(values[doc].as_py())),
        )

    # -- the rules -------------------------------------------------------------------------

    def duplicate_documents(self) -> None:
        import pyarrow.compute as pc

        numbers = self.head["document_number"]
        if pc.count_distinct(numbers).as_py() == len(numbers):
            return
        counts = pc.value_counts(numbers)
        repeated = [v["values"] for v in counts.to_pylist() if v["counts"] > 1]
        where_of: dict[str, list[int]] = {number: [] for number in repeated}
        for doc, number in enumerate(self.numbers):
            if number in where_of:
                where_of[number].append(doc)
        for number, docs in where_of.items():
            self.repeated[docs] = True
            spans = [self.rows.span(int(self.docs.starts[d]), self.docs.stop(d)) for d in docs]
            self.problems.add(
                "duplicate document number",
                " and ".join(spans),
                "each document number once, with all of its rows together",
                f"document {number} in {len(docs)} places",
            )

    def fields_differ_within_documents(self) -> None:
        import pyarrow as pa
        import pyarrow.compute as pc

        if self.table.num_rows < 2:
            return
        numbers = self.col["document_number"]
        same_document = pc.equal(numbers[1:], numbers[:-1])
        for column in DOCUMENT_COLUMNS[1:]:
            values = self.col[column]
            later, earlier = values[1:], values[:-1]
            differ = pc.not_equal(later, earlier)
            if later.null_count or earlier.null_count:
                differ = pc.or_(differ.fill_null(False), pc.xor(later.is_null(), earlier.is_null()))
            differ = pc.and_(differ, same_document)
            unreadable = self.unreadable.get(column)
            if unreadable is not None:
                differ = pc.and_(differ, pa.array(~(unreadable[1:] | unreadable[:-1])))
            self.report(differ, partial(self._differs, column, values))

    def _differs(self, column: str, values: pa.ChunkedArray, i: int) -> Problem:
        """Row i + 1 differs from row i of the same document."""
        return Problem(
            "document fields differ between rows",
            f"{self.rows.at(i + 1)}, column {column} (document {self.col['document_number'][i].as_py()})",
            f"the same value on every row of the document: {shown(values[i].as_py())}"
            f" as on {self.rows.at(i)}",
            shown(values[i + 1].as_py()),
        )

    def required_values(self) -> None:
        import pyarrow as pa
        import pyarrow.compute as pc

        for column in REQUIRED:
            on_heads = column in DOCUMENT_COLUMNS
            values = self.head[column] if on_heads else self.col[column]
            if KIND[column] == "str":
                empty = pc.equal(values, "")
            else:
                empty = values.is_null()
                known = self.unreadable.get(column)
                if known is not None:
                    empty = pc.and_(empty, pa.array(~(known[self.docs.starts] if on_heads else known)))
            self.report(empty, partial(self._empty, column, on_heads))

    def _empty(self, column: str, on_heads: bool, index: int) -> Problem:
        where = self.head_where(index, column) if on_heads else f"{self.rows.at(index)}, column {column}"
        return Problem("empty required value", where, "a value (this column is required)", "an empty value")

    def vocabularies(self) -> None:
        import pyarrow as pa
        import pyarrow.compute as pc

        for column, allowed, expected in (
            ("document_type", DOCUMENT_TYPES, " or ".join(DOCUMENT_TYPES)),
            ("delivery_channel", ("", *DELIVERY_CHANNELS),
             ", ".join(DELIVERY_CHANNELS) + ", or empty to use the customer routing setup"),
        ):  # fmt: skip
            values = self.head[column]
            bad = pc.invert(pc.is_in(values, value_set=pa.array(allowed)))
            if column == "document_type":
                bad = pc.and_(bad, pc.not_equal(values, ""))  # empty: reported as required
            self.report_heads(bad, column, f"unknown {column.replace('_', ' ')}", expected)

    def dates(self) -> None:
        import pyarrow.compute as pc

        issued, due = self.head["document_date"], self.head["due_date"]
        early = pc.less(due, issued).fill_null(False)
        self.report(
            early,
            lambda doc: Problem(
                "due date before document date",
                self.head_where(doc, "due_date"),
                f"a date on or after the document date, {issued[doc].as_py()}",
                str(due[doc].as_py()),
            ),
        )

    def contacts(self) -> None:
        import pyarrow.compute as pc

        channel, email = self.head["delivery_channel"], self.head["email"]
        bad_email = pc.and_(pc.equal(channel, "EMAIL"), pc.invert(pc.match_substring_regex(email, _EMAIL)))
        self.report_heads(
            bad_email, "email", "email address not usable",
            "an email address with one @ and a dot in the domain, as delivery_channel is EMAIL",
        )  # fmt: skip
        digits = pc.replace_substring_regex(self.head["fax_number"], r"\D", "")
        fax_ok = pc.or_(
            pc.equal(pc.utf8_length(digits), 10),
            pc.and_(pc.equal(pc.utf8_length(digits), 11), pc.starts_with(digits, "1")),
        )
        self.report_heads(
            pc.and_(pc.equal(channel, "FAX"), pc.invert(fax_ok)), "fax_number", "fax number not usable",
            "a 10-digit fax number (punctuation and a leading 1 allowed), as delivery_channel is FAX",
        )  # fmt: skip
        printed = pc.equal(channel, "PRINT")
        empties = [pc.equal(self.head[c], "") for c in PRINT_ADDRESS]
        incomplete = pc.and_(printed, any_of(empties))
        self.report(
            incomplete,
            lambda doc: Problem(
                "print address incomplete",
                self.head_where(doc, "address_line1"),
                "address_line1, city, state and zip, as delivery_channel is PRINT",
                "no " + ", ".join(c for c, e in zip(PRINT_ADDRESS, empties, strict=True) if e[doc].as_py()),
            ),
        )

    def line_numbers(self) -> None:
        import numpy as np
        import pyarrow.compute as pc

        numbers = self.col["line_number"]
        self.report(
            pc.less(numbers, 1).fill_null(False),
            lambda row: Problem(
                "line number below 1",
                f"{self.rows.at(row)}, column line_number",
                "a whole number of 1 or more",
                str(numbers[row].as_py()),
            ),
        )
        values = np.clip(numbers.fill_null(0).to_numpy(), 0, None)
        first_row = np.zeros(len(values), dtype=bool)
        first_row[self.docs.starts] = True
        if (first_row[1:] | (values[1:] > values[:-1])).all():
            return  # strictly increasing within every document: no repeats
        doc_of_row = np.repeat(np.arange(len(self.docs.starts), dtype=np.int64), self.docs.counts)
        keys = (doc_of_row << 32) | values.astype(np.int64)
        order = np.argsort(keys, kind="stable")
        repeat = (keys[order][1:] == keys[order][:-1]) & (values[order][1:] > 0)
        pairs = sorted((int(order[i + 1]), int(order[i])) for i in np.flatnonzero(repeat))
        self.problems.add_each(
            len(pairs),
            iter(range(len(pairs))),
            lambda k: Problem(
                "duplicate line number",
                f"{self.rows.at(pairs[k][0])}, column line_number (document {self._number_of(pairs[k][0])})",
                "each line_number once within a document",
                f"{values[pairs[k][0]]} again (already on {self.rows.at(pairs[k][1])})",
            ),
        )

    def _number_of(self, row: int) -> str:
        import numpy as np

        return self.numbers[int(np.searchsorted(self.docs.starts, row, side="right")) - 1]

    def amounts(self) -> None:
        import numpy as np

        lines, due = self.col["line_amount"], self.head["amount_due"]
        line_cents, line_missing = (
            np.concatenate(part) for part in zip(*map(cents, lines.chunks), strict=True)
        )
        sums = np.add.reduceat(line_cents, self.docs.starts)
        incomplete = np.add.reduceat(line_missing.astype(np.int64), self.docs.starts) > 0
        due_cents, due_missing = cents(due)
        wrong = (sums != due_cents) & ~incomplete & ~due_missing & ~self.repeated
        self.report(
            wrong,
            lambda doc: Problem(
                "amount due does not match line items",
                f"{self.rows.span(int(self.docs.starts[doc]), self.docs.stop(doc))}, column amount_due "
                f"(document {self.numbers[doc]})",
                f"{money_text(int(sums[doc]))}, the sum of the document's line_amount values",
                str(due[doc].as_py()),
            ),
        )
