from io import BytesIO
from unittest import TestCase

from openpyxl import load_workbook

from lindung.lib.xlsx import Sheet, sheet_title, write_workbook


class SheetTitleTest(TestCase):
    def test_titles_excel_refuses_are_made_safe(self) -> None:
        self.assertEqual(
            sheet_title("Aktifkan kembali / bayar tunggakan lama"), "Aktifkan kembali - bayar"
        )
        self.assertEqual(sheet_title("a[b]:c*d?e\\f"), "a-b--c-d-e-f")
        self.assertEqual(
            sheet_title("Aktifkan lagi / bayar tunggakan"), "Aktifkan lagi - bayar tunggakan"
        )
        self.assertEqual(sheet_title("x" * 40), "x" * 31)
        self.assertEqual(sheet_title(""), "Sheet")

    def test_workbook_with_such_a_title_opens(self) -> None:
        data = write_workbook([Sheet("Bayar / aktifkan", ["NIK"], [["3375010101900001"]], {0})])
        ws = load_workbook(BytesIO(data)).active
        self.assertEqual(ws.title, "Bayar - aktifkan")
        self.assertEqual(ws["A2"].value, "3375010101900001")


class FormulaTest(TestCase):
    def test_text_that_starts_like_a_formula_is_neutralised_and_stays_text(self) -> None:
        data = write_workbook(
            [Sheet("t", ["=H"], [["=1+1", "+a", "-5", "@b", "\tc", "\rd", -5, "x-1", 3]], {8})]
        )
        ws = load_workbook(BytesIO(data)).active
        header, row = list(ws.iter_rows())
        self.assertEqual(header[0].value, "'=H")
        self.assertEqual(
            [c.value for c in row],
            ["'=1+1", "'+a", "'-5", "'@b", "'\tc", "'\nd", -5, "x-1", "3"],
        )
        self.assertNotIn("f", {c.data_type for c in row})  # XML turns the CR into a LF
        self.assertEqual(row[6].data_type, "n")  # a computed negative number stays a number
