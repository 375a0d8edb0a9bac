"""The Word adapter: controlled copies, blank forms and whole manuals as .docx (python-docx)."""
