"""Cases: an engagement's messages, results, recorded answers and notes in one file."""
