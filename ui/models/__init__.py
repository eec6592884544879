"""Qt item models over the core's result values (DESIGN habit 6)."""
