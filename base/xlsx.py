"""An XLSX workbook of one sheet, written as its rows are read.

openpyxl (even in write-only mode) must finish the whole file before the first byte can
be sent: on a list of 30,000 people that is a long wait for nothing on screen. An XLSX
file is a ZIP of a few XML parts; Python's zipfile writes a ZIP to a stream that cannot
seek (each member followed by its sizes), so the sheet's XML can be compressed and sent
row by row. Text is written inline (no shared-strings table to build first); the first
row is the header: bold, frozen, with an autofilter.

The result opens in Excel and LibreOffice and reads back with openpyxl (the tests do).
"""

import datetime
import re
import zipfile
from xml.sax.saxutils import escape, quoteattr

CHUNK_BYTES = 64 * 1024  # compressed bytes gathered before they are handed on

# Characters XML 1.0 cannot hold (control characters but tab, newline, return).
ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/styles.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    "</Types>"
)
PACKAGE_RELATIONSHIPS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/>'
    "</Relationships>"
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name={name} sheetId="1" r:id="rId1"/></sheets>'
    "<definedNames>{filter_name}</definedNames>"
    "</workbook>"
)
WORKBOOK_RELATIONSHIPS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" '
    'Target="styles.xml"/>'
    "</Relationships>"
)
# Cell styles, by index: 0 plain, 1 header (bold), 2 date, 3 date and time.
STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd hh:mm"/></numFmts>'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)
SHEET_START = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<sheetViews><sheetView workbookViewId="0">'
    '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
    "</sheetView></sheetViews>"
    '<sheetFormatPr defaultRowHeight="15"/>'
    '<cols><col min="1" max="{columns}" width="22" customWidth="1"/></cols>'
    "<sheetData>"
)
EXCEL_EPOCH = datetime.datetime(1899, 12, 30)
HEADER, DATE, DATE_TIME = 1, 2, 3


def column_letters(index):
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _cell(reference, value, style):
    styled = f' s="{style}"' if style else ""
    if value is None or value == "":
        # An empty cell, written all the same: every row keeps the header's width.
        return f'<c r="{reference}"{styled}/>'
    if isinstance(value, bool):
        return f'<c r="{reference}" t="b"{styled}><v>{int(value)}</v></c>'
    if isinstance(value, int | float):
        return f'<c r="{reference}"{styled}><v>{value!r}</v></c>'
    if isinstance(value, datetime.datetime):
        serial = (value.replace(tzinfo=None) - EXCEL_EPOCH).total_seconds() / 86400
        return f'<c r="{reference}" s="{style or DATE_TIME}"><v>{serial!r}</v></c>'
    if isinstance(value, datetime.date):
        serial = (value - EXCEL_EPOCH.date()).days
        return f'<c r="{reference}" s="{style or DATE}"><v>{serial}</v></c>'
    text = ILLEGAL_XML.sub("", str(value))
    return f'<c r="{reference}" t="inlineStr"{styled}><is><t xml:space="preserve">{escape(text)}</t></is></c>'


def _row(number, values, style=0):
    cells = "".join(
        _cell(f"{column_letters(index)}{number}", value, style) for index, value in enumerate(values)
    )
    return f'<row r="{number}">{cells}</row>'.encode()


class _Collector:
    """The stream zipfile writes to: it keeps the bytes until they are taken."""

    def __init__(self):
        self.parts, self.size = [], 0

    def write(self, data):
        self.parts.append(bytes(data))
        self.size += len(data)
        return len(data)

    def flush(self):
        pass

    def take(self):
        data, self.parts, self.size = b"".join(self.parts), [], 0
        return data


def xlsx_chunks(rows, title):
    """The bytes of a workbook of one sheet named `title` holding `rows` (the first is
    the header), in chunks, each handed on as soon as it is compressed."""
    rows = iter(rows)
    header = list(next(rows, []))
    columns = max(len(header), 1)
    sheet_name = ILLEGAL_XML.sub("", title)[:31] or "Sheet1"
    for character in "[]:*?/\\":
        sheet_name = sheet_name.replace(character, " ")
    stream = _Collector()
    with zipfile.ZipFile(stream, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", PACKAGE_RELATIONSHIPS)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELATIONSHIPS)
        archive.writestr("xl/styles.xml", STYLES)
        yield stream.take()  # the first bytes at once: the download starts
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(SHEET_START.format(columns=columns).encode())
            sheet.write(_row(1, header, HEADER))
            last = 1
            for last, values in enumerate(rows, 2):
                sheet.write(_row(last, values))
                if stream.size >= CHUNK_BYTES:
                    yield stream.take()
            area = f"A1:{column_letters(columns - 1)}{last}"
            sheet.write(f'</sheetData><autoFilter ref="{area}"/></worksheet>'.encode())
        quoted = "'" + sheet_name.replace("'", "''") + "'"
        filter_name = (
            '<definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">'
            f"{escape(quoted)}!$A$1:${column_letters(columns - 1)}${last}</definedName>"
        )
        workbook = WORKBOOK.format(name=quoteattr(sheet_name), filter_name=filter_name)
        archive.writestr("xl/workbook.xml", workbook)
    yield stream.take()
