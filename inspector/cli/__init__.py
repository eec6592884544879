"""The command-line front end: argument parsing and one function per subcommand, driving the
same pipeline and report writers as the GUI.
"""
