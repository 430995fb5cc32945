"""Domain signals of `dokument`, sent after commit (style.md §2: higher apps subscribe).

`dokumenttekst_lagret(sender=Dokumenttekst, dokumentbeskrivelse_id=int)`: a document's text
was extracted or replaced; `sok` re-indexes the document.
"""

from __future__ import annotations

import django.dispatch

dokumenttekst_lagret = django.dispatch.Signal()
