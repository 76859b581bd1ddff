"""What the tests share: running the command line and MkDocs (``commands``), reading a built site as a
browser does (``site_html``) and the readers' search index (``pagefind_index``)."""
