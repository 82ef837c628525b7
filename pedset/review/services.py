"""Every write of the expertise workflow (implemented by the review app)."""

from __future__ import annotations


def round_open(*, actor, material, authors_note=""):
    """Called by materials.services.material_submit inside its transaction after it set the
    material's status to SUBMITTED and round_number to the new round: creates the ReviewRound
    and tells the people who assign experts. Returns the ReviewRound."""
    raise NotImplementedError
