"""Authentication checks: DKIM, SPF, DMARC, ARC and received Authentication-Results."""
