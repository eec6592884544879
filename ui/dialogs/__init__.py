"""Dialogs of the main window (export, settings, paste, case notes, domain check, about):
each is given its starting values and hands back a value for the window to act on."""
