"""Issuing and revoking documents of the registry (implemented by the documents app)."""

from __future__ import annotations


def document_issue(
    *,
    actor,
    community,
    kind,
    title,
    content,
    recipient=None,
    recipient_name="",
    source=None,
    with_docx=True,
):
    """Take the next number, render PDF (+ DOCX), store both, return the Document.

    Runs inside the caller's transaction; the files are removed again if it rolls back."""
    raise NotImplementedError


def document_revoke(*, actor, document, reason):
    raise NotImplementedError
