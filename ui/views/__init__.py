"""Widgets of the main window: the message list, the message view and its tabs, the
dashboard and the DMARC view; they show what the controller hands them and say what the user
asked for through signals."""
