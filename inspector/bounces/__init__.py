"""Bounces and feedback: RFC 3464 delivery reports, plain-text bounces, ARF feedback
reports, SMTP reply and enhanced status codes, and the reason each recipient failed.

Decoded after the message is parsed and before rules run, so the bounce rules only read
the typed result.
"""
