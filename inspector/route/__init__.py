"""The relay path: each Received header read into a hop, dates and TLS as MTAs write them, IP
address scopes, and the trust boundary where the recipient's organisation took the message from
outside. The second stage of the flow: authentication (the SPF client IP) and sender
intelligence (the connecting host) start from the boundary hop found here."""
