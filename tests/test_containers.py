import pytest

from intl_report.containers import WorkbookError
from intl_report.reading import read_workbook


def test_a_file_that_is_not_a_spreadsheet_gets_a_clear_message(tmp_path):
    path = tmp_path / "settore.xlsx"
    path.write_text("questo non è un foglio di calcolo")
    with pytest.raises(WorkbookError, match="danneggiato"):
        read_workbook(path)
