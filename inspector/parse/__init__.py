"""Bytes to a parsed message, bounded: sources (files, mbox, Maildir, MH, folders, stdin, pastes)
told apart by their content, the quick index a mailbox list needs, the header block, charsets,
the MIME walk and the facts of the body (the HTML scan the content rules judge). The first stage
of the flow. Everything after it reads one ``ParsedMessage`` and never the raw bytes again;
every cap on hostile input (sizes, depth, part count) is set here."""
