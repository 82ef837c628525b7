"""Every write of the virtual methodical cabinet (implemented by the cabinet app)."""

from __future__ import annotations


def material_include(*, actor, decision):
    """Called by review.services when a decision to include is recorded, in its transaction:
    issues the numbered order (documents registry), creates the CabinetEntry with the authorship
    fixed, issues a publication certificate to each author, sets decision.order and the
    material's status INCLUDED, tells the authors. Returns the CabinetEntry."""
    raise NotImplementedError
