"""Checks to PDF: one letter page a check, the check on top, two stubs below, MICR at E-13B positions.

The furniture (labels, lines, the company and bank, the proof marking) is one Form XObject
drawn once per file; each page adds only its variable text as one pre-formatted content
stream (see ``pdftext``). The MICR line is drawn character by character at its field
positions (``payments.micr``) in the E-13B font given, or, without one, in Courier with
every check stamped as a proof that is not negotiable.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Any

from batchline.payments import micr as M
from batchline.payments.check_numbers import check_number_of, document_totals
from batchline.payments.errors import PaymentFileError
from batchline.payments.micr import MicrFont, micr_line
from batchline.payments.model import DisbursementAccount, PaidDocument, Payment
from batchline.payments.routing import check_routing_number
from batchline.payments.words import amount_in_words
from batchline.render.pdftext import Cells, Font, at, escape, money, number

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas

PAGE_WIDTH, PAGE_HEIGHT = 612.0, 792.0
LEFT, RIGHT = 36.0, 576.0
CHECK_BOTTOM = PAGE_HEIGHT - 252.0  # a 3.5-inch check on top; its bottom edge is the perforation
STUB_TOPS = (CHECK_BOTTOM, CHECK_BOTTOM / 2)
STUB_ROWS = 14
ROW_LEADING = 11.0
PROOF_MARK = "PROOF \u2014 NOT NEGOTIABLE"
PROOF_MICR_NOTE = "MICR line in Courier, not E-13B (A transit, C on-us, D dash): do not deposit or encode"
COURIER_MICR_SIZE = 15.0  # Courier's 0.6 em advance at 15 pt is exactly the E-13B pitch of 1/8 inch
# Stub columns: invoice and date left-aligned, amounts right-aligned.
_TITLES = ("Invoice No.", "Invoice Date", "Gross", "Discount", "Withholding", "Net Paid")
COLUMNS = tuple(zip(_TITLES, (LEFT, 170.0, 330.0, 410.0, 490.0, RIGHT), "LLRRRR", strict=True))
REGULAR, BOLD, MONO = "Helvetica", "Helvetica-Bold", "Courier"
_FORM = "check"
_LABELS = ((440, 716, "DATE"), (LEFT, 694, "PAY TO THE"), (LEFT, 686, "ORDER OF"), (LEFT, 604, "MEMO"))
# Payee, amount in words, memo and signature lines.
_RULES = ((92, 685, 440, 685), (LEFT, 664, 560, 664), (60, 601, 300, 601), (380, 606, RIGHT, 606))


@dataclass(frozen=True, slots=True)
class CheckRenderStats:
    path: Path
    checks: int
    check_numbers: tuple[int, ...]
    proof: bool  # True when no E-13B font was given: every check is marked not negotiable


def render_checks(
    payments: Iterable[Payment],
    account: DisbursementAccount,
    out_path: Path,
    *,
    micr_font: MicrFont | None = None,
    check_number_digits: int = 6,
    currency_name: str = "dollars",
    void_after_days: int | None = 90,
) -> CheckRenderStats:
    """Write one check a page for ``payments`` (check numbers already assigned) into ``out_path``."""
    out_path = Path(out_path)
    check_routing_number(account.routing_number, "Disbursement account routing number")
    document = _Document(out_path, account, micr_font, void_after_days)
    numbers: list[int] = []
    seen: set[int] = set()
    digits = check_number_digits
    for payment in payments:
        check_number = check_number_of(payment, account, seen)
        line = micr_line(
            account.routing_number, account.account_number, check_number, check_number_digits=digits
        )
        document.add(document.page(payment, f"{check_number:0{digits}d}", line.characters, currency_name))
        numbers.append(check_number)
    document.canvas.save()
    return CheckRenderStats(out_path, len(numbers), tuple(numbers), micr_font is None)


class _Document:
    """A canvas taking pre-built pages, with the two shortcuts ``bill_pdf._Document`` explains:
    every page shares one resource dictionary, and its ASCII stream is handed over as bytes."""

    def __init__(
        self, path: Path, account: DisbursementAccount, micr_font: MicrFont | None, void: int | None
    ) -> None:
        from reportlab.pdfbase.pdfdoc import PDFResourceDictionary
        from reportlab.pdfgen.canvas import Canvas

        self.canvas = canvas = Canvas(
            str(path), pagesize=(PAGE_WIDTH, PAGE_HEIGHT), pageCompression=0, invariant=True
        )
        canvas.setTitle(f"{account.company_name} checks on {account.account_name}")
        canvas.setAuthor(account.company_name)
        canvas.setCreator("Batchline")
        _draw_static_layer(canvas, account, proof=micr_font is None, void_after=void)
        doc: Any = canvas._doc
        regular = self.regular = Font(doc.getInternalFontName(REGULAR), REGULAR)
        bold = self.bold = Font(doc.getInternalFontName(BOLD), BOLD)
        self._micr_glyphs = _MicrGlyphs(canvas, micr_font)
        resources = PDFResourceDictionary()
        resources.basicFonts()
        resources.XObject = doc.xobjDict([_FORM])
        self._resources = doc.Reference(resources)
        self._written: list[Any] = doc.Pages.pages
        self._star = regular.units("*")
        self._dates = Cells(lambda day: f"{day.month:02d}/{day.day:02d}/{day.year}")
        self._amounts = Cells(lambda amount: regular.right(money(amount)))
        self._totals = Cells(lambda amount: bold.right(money(amount)))
        top = STUB_TOPS[0]
        self._rows_at = [at(LEFT, top - 76 - ROW_LEADING * i) for i in range(STUB_ROWS)]
        moves = [f"{number(b[1] - a[1])} 0 Td\n" for a, b in pairwise(COLUMNS)]
        self._to_date, self._to_gross, self._to_discount, self._to_withholding, self._to_net = moves
        # Text positioning prefixes, formatted once.
        self._number_at = bold.select(12) + at(RIGHT, 764)
        self._date_at = regular.select(10) + at(RIGHT, 716)
        self._payee_at = bold.select(11) + at(92, 690)
        self._figures_at = bold.select(12) + at(570, 688)
        self._words_at = at(LEFT, 668)
        self._address_at = regular.select(9) + "10.5 TL\n" + at(72, 646)
        self._memo_at = regular.select(8.5) + at(66, 604)
        self._stub_number_at = bold.select(10) + at(RIGHT, top - 22)
        self._stub_payee_at = bold.select(9.5) + at(LEFT, top - 38)
        self._stub_summary_at = regular.select(9) + at(RIGHT, top - 38)
        self._stub_rows = regular.select(8.5)
        self._stub_total_at = bold.select(8.5) + at(LEFT, top - 244)
        # The second stub is the first one moved down the page.
        self._second_stub = f"q 1 0 0 1 0 {number(STUB_TOPS[1] - top)} cm\nBT\n"

    def page(self, payment: Payment, check_no: str, micr: Sequence[tuple[int, str]], currency: str) -> str:
        regular, bold = self.regular, self.bold
        words = amount_in_words(payment.amount, currency_name=currency)
        words_size = min(9.5, (560.0 - LEFT) * 1000 / (regular.units(words) + 4 * self._star))
        stars = int(((560.0 - LEFT) * 1000 / words_size - regular.units(words + " ")) // self._star)
        address = payment.payee_address.lines[:4] if payment.payee_address else ()
        memo = payment.memo or f"Payment {payment.payment_id}"
        stub = self._stub(payment, check_no)
        return "".join(
            [
                "BT\n",
                self._number_at + bold.right(f"No. {check_no}"),
                self._date_at + regular.right(self._dates[payment.payment_date]),
                self._payee_at + f"({escape(bold.fitted(payment.payee_name, 11, 340))})Tj\n",
                self._figures_at + bold.right(f"{money(payment.amount):*>14}"),
                regular.select(words_size) + self._words_at + f"({escape(words + ' ' + '*' * stars)})Tj\n",
                self._address_at + f"({escape(payment.payee_name)})Tj\n",
                *(f"({escape(line)})'\n" for line in address),
                self._memo_at + f"({escape(regular.fitted(memo, 8.5, 230))})Tj\n",
                stub,
                "ET\n",
                self._second_stub,
                stub,
                "ET\nQ\n",
                self._micr_glyphs.line(micr),
            ]
        )

    def _stub(self, payment: Payment, check_no: str) -> str:
        """The text of the top stub; the page draws it a second time lower down."""
        regular, bold = self.regular, self.bold
        payee = f"{payment.payee_name} ({payment.payee_id})" if payment.payee_id else payment.payee_name
        summary = f"{self._dates[payment.payment_date]}   Payment {payment.payment_id}   Amount ${money(payment.amount)}"
        parts = [
            self._stub_number_at + bold.right(f"Check No. {check_no}"),
            self._stub_payee_at + f"({escape(bold.fitted(payee, 9.5, 330))})Tj\n",
            self._stub_summary_at + regular.right(summary),
            self._stub_rows,
        ]
        documents = payment.documents
        shown = documents if len(documents) <= STUB_ROWS else documents[: STUB_ROWS - 1]
        rows_at, dates, amounts = self._rows_at, self._dates, self._amounts
        for row_at, document in zip(rows_at, shown, strict=False):
            parts.append(row_at + self._row(document, amounts, dates[document.invoice_date]))
        if len(shown) < len(documents):
            more = f"... and {len(documents) - len(shown)} more documents, listed on the remittance advice"
            parts.append(rows_at[len(shown)] + f"({escape(more)})Tj\n")
        total = document_totals(payment)
        parts.append(self._stub_total_at + self._row(total, self._totals, ""))
        return "".join(parts)

    def _row(self, document: PaidDocument, amounts: Cells, day: str) -> str:
        """One stub row from its left anchor: relative moves between the columns' anchors."""
        invoice = escape(self.regular.fitted(document.invoice_number, 8.5, 125))
        return (
            f"({invoice})Tj\n{self._to_date}({day})Tj\n{self._to_gross}{amounts[document.gross_amount]}"
            f"{self._to_discount}{amounts[document.discount_taken]}{self._to_withholding}"
            f"{amounts[document.withholding]}{self._to_net}{amounts[document.net_paid]}"
        )

    def add(self, content: str) -> None:
        canvas = self.canvas
        canvas.doForm(_FORM)
        canvas.addLiteral(content)
        canvas.showPage()
        written = self._written[-1]
        written.Resources = self._resources
        if isinstance(written.stream, str):
            written.stream = written.stream.encode("ascii")


class _MicrGlyphs:
    """Text operators drawing one MICR character at one position, cached for the file."""

    def __init__(self, canvas: Canvas, font: MicrFont | None) -> None:
        from reportlab.pdfbase.pdfmetrics import registerFont
        from reportlab.pdfbase.ttfonts import TTFont

        self._canvas, self._font = canvas, font
        self._cache: dict[tuple[int, str], str] = {}
        self._y = CHECK_BOTTOM + M.BASELINE_HEIGHT
        if font is None:
            self._select = Font(canvas._doc.getInternalFontName(MONO), MONO).select(COURIER_MICR_SIZE)
            return
        path = Path(font.path)
        if not path.is_file():
            raise PaymentFileError("E-13B MICR font", "a TrueType font file", f"no file at {path}")
        self._ttf = TTFont(f"BatchlineMICR-{path.stem}", str(path))
        registerFont(self._ttf)
        self._select = ""

    def _glyph(self, character: str) -> str:
        if self._font is None:
            return f"({escape(M.DEFAULT_GLYPHS.get(character, character))})Tj\n"
        doc: Any = self._canvas._doc
        (subset, code), *_ = self._ttf.splitString(self._font.glyph(character), doc)
        name = self._ttf.getSubsetInternalName(subset, doc)
        return f"{name} {self._font.size:g} Tf ({self._canvas._escape(code)})Tj\n"

    def line(self, characters: Sequence[tuple[int, str]]) -> str:
        cache = self._cache
        parts = ["BT\n", self._select]
        for key in characters:
            fragment = cache.get(key)
            if fragment is None:
                position, character = key
                fragment = cache[key] = at(M.position_x(position, PAGE_WIDTH), self._y) + self._glyph(
                    character
                )
            parts.append(fragment)
        parts.append("ET\n")
        return "".join(parts)


def _draw_static_layer(
    canvas: Canvas, account: DisbursementAccount, *, proof: bool, void_after: int | None
) -> None:
    canvas.beginForm(_FORM)
    canvas.setFont(BOLD, 11)
    canvas.drawString(LEFT, 764, account.company_name)
    canvas.setFont(REGULAR, 8)
    for i, line in enumerate(account.company_address[:3]):
        canvas.drawString(LEFT, 752 - 9 * i, line)
    canvas.setFont(BOLD, 9)
    canvas.drawCentredString(PAGE_WIDTH / 2, 764, account.bank_name)
    canvas.setFont(REGULAR, 7.5)
    for i, line in enumerate(account.bank_address[:2]):
        canvas.drawCentredString(PAGE_WIDTH / 2, 754 - 8.5 * i, line)
    canvas.setFont(REGULAR, 7)
    for x, y, label in _LABELS:
        canvas.drawString(x, y, label)
    canvas.drawCentredString(478, 597, "AUTHORIZED SIGNATURE")
    if void_after:
        canvas.drawRightString(RIGHT, 616, f"VOID AFTER {void_after} DAYS")
    canvas.setLineWidth(0.6)
    canvas.lines(_RULES)
    canvas.rect(446, 682, 130, 20)
    canvas.setFont(BOLD, 12)
    canvas.drawString(450, 688, "$")
    for top in STUB_TOPS:
        canvas.setDash(2, 2)
        canvas.setStrokeGray(0.6)
        canvas.line(0, top, PAGE_WIDTH, top)  # perforation
        canvas.setDash()
        canvas.setStrokeGray(0)
        canvas.setFont(BOLD, 10)
        canvas.drawString(LEFT, top - 22, account.company_name)
        canvas.setFillGray(0.9)
        canvas.rect(LEFT - 4, top - 66, RIGHT - LEFT + 8, 14, stroke=0, fill=1)
        canvas.setFillGray(0)
        canvas.setFont(BOLD, 8)
        for title, x, align in COLUMNS:
            (canvas.drawString if align == "L" else canvas.drawRightString)(x, top - 62, title)
        canvas.line(LEFT, top - 232, RIGHT, top - 232)
    if proof:
        canvas.setFont(BOLD, 9)
        canvas.setFillColorRGB(0.75, 0, 0)
        canvas.drawString(LEFT, CHECK_BOTTOM + M.CLEAR_BAND_HEIGHT - 14, f"{PROOF_MARK}: {PROOF_MICR_NOTE}")
        canvas.saveState()
        canvas.setFillColorRGB(0.95, 0.75, 0.75)
        canvas.setFont(BOLD, 28)
        canvas.translate(270, 640)
        canvas.rotate(12)
        canvas.drawCentredString(0, 0, PROOF_MARK)
        canvas.restoreState()
    canvas.endForm()
