"""Cases: an engagement's messages, recorded DNS and RDAP answers, report settings and notes
in one ``.dicase`` file, and their re-analysis offline from those answers, so a case reopens
with the same findings on any machine."""
