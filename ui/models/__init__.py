"""Qt item models over the core's result values (DESIGN habit 6): the message list, its
filter and the detail tables, read-only views of immutable reports that sort and filter
without copying them."""
