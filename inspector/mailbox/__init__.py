"""Many messages at once: analysis in a separate process for the GUI, and the statistics
across a mailbox that the dashboard and the mailbox report show.
"""
