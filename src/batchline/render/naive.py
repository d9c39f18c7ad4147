"""The baseline: one bill per file with reportlab platypus, written the usual way.

Same content as the fast renderer. Used by the benchmark (and a test) to keep the fast
renderer's speed-up honest; production code renders with ``bill_pdf``.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

from batchline.billing.model import Bill, Biller
from batchline.render.scanline import scan_line


def _money(amount: Any) -> str:
    return f"${amount:,.2f}"


def render_bill_naive(bill: Bill, biller: Biller, out_path: Path) -> Path:
    from reportlab.graphics.barcode.usps4s import USPS_4State
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_RIGHT
    from reportlab.lib.pagesizes import letter
    from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
    from reportlab.lib.units import inch
    from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    styles = getSampleStyleSheet()
    normal = ParagraphStyle("small", parent=styles["Normal"], fontSize=9, leading=11)
    right = ParagraphStyle("right", parent=normal, alignment=TA_RIGHT)
    title = ParagraphStyle("title", parent=styles["Title"], alignment=TA_RIGHT, fontSize=20)
    mono = ParagraphStyle("scan", parent=normal, fontName="Courier", fontSize=10, alignment=TA_RIGHT)
    remit = "<br/>".join(escape(line) for line in biller.remit_to)

    story: list[Any] = []
    header = Table(
        [
            [
                Paragraph(f"<b>{escape(biller.name)}</b><br/>{remit}", normal),
                Paragraph(escape(bill.document_type), title),
            ]
        ],
        colWidths=[3.5 * inch, 3.5 * inch],
    )
    story += [header, Paragraph(f"Questions? Call {escape(biller.phone)} | {escape(biller.email)}", normal)]
    story.append(Spacer(1, 0.3 * inch))

    address: list[Any] = []
    if bill.imb_digits is not None:
        address.append(USPS_4State(value=bill.imb_digits[:20], routing=bill.imb_digits[20:]))
    address.append(Paragraph("<br/>".join(escape(line) for line in bill.bill_to), normal))
    facts = [
        ["Document No.", bill.document_number],
        ["Document Date", bill.document_date.strftime("%b %d, %Y")],
        ["Due Date", bill.due_date.strftime("%b %d, %Y")],
        ["Account No.", bill.account_number],
        ["Branch", bill.branch],
        ["Amount Due", _money(bill.amount_due)],
    ]
    facts_table = Table(facts, colWidths=[1.2 * inch, 1.6 * inch])
    facts_table.setStyle(TableStyle([("ALIGN", (1, 0), (1, -1), "RIGHT"), ("FONTSIZE", (0, 0), (-1, -1), 9)]))
    story.append(Table([[address, facts_table]], colWidths=[4 * inch, 3 * inch]))
    story.append(Paragraph(f"<b>Please remit payment to</b><br/>{remit}", right))
    story.append(Spacer(1, 0.2 * inch))

    rows: list[list[Any]] = [["Line", "Description", "Qty", "Unit Price", "Amount"]]
    for item in bill.lines:
        rows.append(
            [
                str(item.line_number),
                item.description,
                f"{item.quantity.normalize():f}",
                f"{item.unit_price:,.2f}",
                f"{item.amount:,.2f}",
            ]
        )
    rows.append(["", "", "", "Total Amount Due", _money(bill.amount_due)])
    table = Table(rows, colWidths=[0.5 * inch, 3.4 * inch, 0.7 * inch, 1.2 * inch, 1.2 * inch], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), colors.lightgrey),
                ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
                ("FONTNAME", (0, -1), (-1, -1), "Helvetica-Bold"),
                ("FONTSIZE", (0, 0), (-1, -1), 8.5),
                ("ALIGN", (2, 0), (-1, -1), "RIGHT"),
                ("LINEABOVE", (3, -1), (-1, -1), 0.75, colors.black),
            ]
        )
    )
    story += [table, Spacer(1, 0.3 * inch)]

    coupon = Table(
        [
            [
                Paragraph(f"<b>{escape(biller.name)}</b>", normal),
                Paragraph(f"<b>Remit to</b><br/>{remit}", normal),
            ],
            [
                Table(
                    [
                        ["Account Number", bill.account_number],
                        ["Document Number", bill.document_number],
                        ["Due Date", bill.due_date.strftime("%b %d, %Y")],
                        ["Amount Due", _money(bill.amount_due)],
                        ["Amount Enclosed", "$"],
                    ],
                    style=TableStyle(
                        [("BOX", (1, 4), (1, 4), 1, colors.black), ("FONTSIZE", (0, 0), (-1, -1), 9)]
                    ),
                ),
                "",
            ],
            [Paragraph(escape(scan_line(bill)), mono), ""],
        ],
        colWidths=[3.5 * inch, 3.5 * inch],
        style=TableStyle(
            [("LINEABOVE", (0, 0), (-1, 0), 0.5, colors.black, None, (4, 3)), ("SPAN", (0, 2), (1, 2))]
        ),
    )
    story.append(
        KeepTogether([Paragraph("Please detach and return this portion with your payment.", normal), coupon])
    )

    def page_number(canvas: Any, doc: Any) -> None:
        canvas.setFont("Helvetica", 8)
        canvas.drawRightString(7.75 * inch, 0.5 * inch, f"{bill.document_number}  Page {doc.page}")

    doc = SimpleDocTemplate(str(out_path), pagesize=letter, leftMargin=0.75 * inch, rightMargin=0.75 * inch)
    doc.build(story, onFirstPage=page_number, onLaterPages=page_number)
    return out_path
