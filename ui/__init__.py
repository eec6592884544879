"""The PySide6 desktop application: a controller that owns the settings, the analysis session,
the task runner and the status line, views and dialogs that talk to it through signals, Qt
models over the core's result values, the theme and the PDF writer. It drives the same
``inspector`` pipeline as the command line and adds no analysis of its own."""
