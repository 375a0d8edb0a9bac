"""Acts that edit sources: release, baseline, obsolete, review, new, revise, issue and recall.

They sit beside the core: each loads and checks the corpus, changes a few front-matter lines (or a
register line) atomically, re-checks, and undoes its edit if the result has errors. The core keeps the
model, loading, rules and the one render, and never writes a source."""
