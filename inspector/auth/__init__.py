"""Authentication: DKIM, SPF, DMARC and ARC checked by us through the session's DNS, and the
receivers' own Authentication-Results read and credited to the party that wrote them. Runs after
the route (SPF needs the boundary client IP) and before sender intelligence and the rules, which
read its typed results and never verify anything themselves."""
