"""PDF controlled copies (Typst): documents, forms and whole manuals from the shared copy jobs and body walk."""
