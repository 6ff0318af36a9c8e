"""Casa Alitas Welcome Center (Tucson) shelter intake data, de-identified and published."""
