"""Bounces and feedback: RFC 3464 delivery reports, plain-text bounces, ARF feedback reports,
provider notices and automatic replies, SMTP reply and enhanced status codes, and the reason
each recipient failed in Sisimai's vocabulary (decided from the server's words first, then the
enhanced status code, then the reply code). Decoded after the message is parsed and before rules
run, so the bounce rules only read the typed result."""
