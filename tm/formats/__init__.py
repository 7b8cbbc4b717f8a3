"""Exchange formats: TMX for translation memories, TSV/CSV for spreadsheets."""
