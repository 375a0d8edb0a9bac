"""PDF controlled copies (WeasyPrint): documents, forms and whole manuals from the shared copy jobs."""
