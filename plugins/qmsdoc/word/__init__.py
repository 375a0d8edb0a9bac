"""The Word adapter: controlled copies, blank forms and whole manuals as .docx, written as WordprocessingML
text on python-docx's template."""
