"""A file over its limit is refused whole, with its size and the limit in French."""

from __future__ import annotations

import pytest

from treso_app.domain.limits import MEGABYTE, FileLimit, FileTooLarge, check_size, megabytes


@pytest.mark.parametrize(
    ("size", "text"),
    [
        (20 * MEGABYTE, "20 Mo"),
        (21_999_124, "20,98 Mo"),  # 21 999 124 / 1 048 576 = 20,9800…
        (512 * 1024, "0,5 Mo"),
        (1536 * MEGABYTE, "1 536 Mo"),
    ],
)
def test_sizes_read_as_a_french_reader_writes_them(size, text):
    assert megabytes(size).replace("\u202f", " ") == text


def test_a_file_at_the_limit_passes_one_byte_more_is_refused_naming_both_sizes():
    check_size("factures.csv", FileLimit.SPREADSHEET, FileLimit.SPREADSHEET)
    with pytest.raises(FileTooLarge) as refused:
        check_size("factures.csv", 21_999_124, FileLimit.SPREADSHEET)
    assert refused.value.message.startswith(
        "« factures.csv » fait 20,98 Mo : la limite est de 20 Mo. Rien n'a été importé"
    )
