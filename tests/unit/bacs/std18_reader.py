"""A second, minimal Standard 18 reader for the tests, written apart from batchline.bacs.

It imports nothing from the production code: its offsets are typed in again from the
published layouts, so a wrong offset in one reader and not the other shows up as a
failed reconciliation. It raises AssertionError on anything it does not recognise.
"""

from __future__ import annotations

from dataclasses import dataclass, field

DEBIT_CODES = {"01", "17", "18", "19"}
CREDIT_CODES = {"99"}
INSTRUCTION_CODES = {"0N", "0C", "0S"}


@dataclass
class Entry:
    dest_sort: str
    dest_account: str
    code: str
    orig_sort: str
    orig_account: str
    pence: int
    user_name: str
    reference: str
    dest_name: str
    is_contra: bool


@dataclass
class Submission:
    serial: str
    sun: str
    processing_yyddd: str
    entries: list[Entry] = field(default_factory=list)
    utl1: dict[str, int] = field(default_factory=dict)

    @property
    def contras(self) -> list[Entry]:
        return [e for e in self.entries if e.is_contra]

    @property
    def transactions(self) -> list[Entry]:
        return [e for e in self.entries if not e.is_contra]


def read_submission(raw: bytes) -> Submission:
    assert raw.endswith(b"\r\n"), "every record ends in CR LF"
    lines = raw.decode("ascii").split("\r\n")[:-1]
    assert [line[:4] for line in lines[:4]] == ["VOL1", "HDR1", "HDR2", "UHL1"]
    assert [line[:4] for line in lines[-3:]] == ["EOF1", "EOF2", "UTL1"]
    labels = lines[:4] + lines[-3:]
    assert all(len(line) == 80 for line in labels), [len(line) for line in labels]
    vol, hdr1, hdr2, uhl = lines[:4]
    eof1, eof2, utl = lines[-3:]
    assert vol[79] == "1" and vol[10] == " "
    assert hdr1[4] == "A" and hdr1[11] == "S" and hdr1[5:11] == vol[41:47], "HDR1 names the VOL1 user"
    assert hdr1[21:27] == vol[4:10], "HDR1 set identification is the VOL1 serial"
    assert eof1[4:] == hdr1[4:] and eof2[4:] == hdr2[4:]
    assert hdr2[4:15] == "F0200000100"
    assert uhl[10:16] == "999999" and uhl[28:37] == "1 DAILY  "
    submission = Submission(serial=vol[4:10], sun=vol[41:47], processing_yyddd=uhl[4:10])
    for line in lines[4:-3]:
        assert len(line) == 100, f"data records are 100 characters: {line!r}"
        assert line[14] == "0"
        submission.entries.append(
            Entry(
                dest_sort=line[0:6],
                dest_account=line[6:14],
                code=line[15:17],
                orig_sort=line[17:23],
                orig_account=line[23:31],
                pence=int(line[35:46]),
                user_name=line[46:64].rstrip(),
                reference=line[64:82].rstrip(),
                dest_name=line[82:100].rstrip(),
                is_contra=line[64:82] == "CONTRA            ",
            )
        )
    submission.utl1 = {
        "debit_total": int(utl[4:17]),
        "credit_total": int(utl[17:30]),
        "debit_count": int(utl[30:37]),
        "credit_count": int(utl[37:44]),
        "ddi_count": int(utl[54:61]) if utl[54:61].strip() else 0,
    }
    return submission


def reconcile(submission: Submission) -> dict[str, int]:
    """Recount the entries, check them against UTL1 and the contras; return the recount."""
    recount = {"debit_total": 0, "credit_total": 0, "debit_count": 0, "credit_count": 0, "ddi_count": 0}
    funded: dict[tuple[str, str], int] = {}
    for e in submission.entries:
        if e.code in INSTRUCTION_CODES:
            assert e.pence == 0
            recount["ddi_count"] += 1
            continue
        kind = "debit" if e.code in DEBIT_CODES else "credit"
        assert e.code in DEBIT_CODES | CREDIT_CODES, e.code
        recount[f"{kind}_total"] += e.pence
        recount[f"{kind}_count"] += 1
        owner = (e.orig_sort, e.orig_account)
        if e.is_contra:
            assert (e.dest_sort, e.dest_account) == owner, "a contra posts to its own originating account"
        # Credits out and contra debits in must cancel per originating account, and vice versa.
        signed = e.pence if kind == "credit" else -e.pence
        funded[owner] = funded.get(owner, 0) + signed
    assert all(v == 0 for v in funded.values()), f"contras do not balance: {funded}"
    assert recount == submission.utl1, f"UTL1 {submission.utl1} but the records add up to {recount}"
    assert recount["debit_total"] == recount["credit_total"]
    return recount
