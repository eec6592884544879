"""Findings about DMARC: whether the From domain was authenticated (an aligned DKIM or SPF pass),
what its policy asks receivers to do when it was not, and whether the policy record itself is
sound (syntax, duplicates, reporting, subdomain policy). The verdict comes from
``inspector.auth.dmarc``, which composes the DKIM and SPF results. Since February 2024 Gmail and
Yahoo require bulk senders to publish DMARC and to pass it with an aligned identity, so DMARC is
often what decides between inbox, spam folder and rejection. Importing the package registers
every submodule's rules."""

from __future__ import annotations

# Imported for their side effect: each submodule registers its findings and rules.
from inspector.rules.dmarc import alignment, lists, record, verdict  # noqa: F401
