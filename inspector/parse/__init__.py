"""Bytes to a parsed message, bounded: sources (files, mbox, Maildir, MH, folders, stdin,
pastes), the quick index a mailbox list needs, the header block, charsets and the MIME walk.

The first stage of the flow. Everything after it reads one ``ParsedMessage`` and never the
raw bytes again; every cap on hostile input (sizes, depth, part count) is set here.
"""
