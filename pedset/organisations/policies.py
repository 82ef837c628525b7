"""Who may do what with the registry of educational organisations."""

from pedset.core.policies import is_education_authority, is_platform_admin


def can_view_organisations(user) -> bool:
    """The registry of educational organisations is public information."""
    return True


def can_manage_organisations(user) -> bool:
    """Add, edit and import organisations: the platform's and the district's administration."""
    return is_platform_admin(user) or is_education_authority(user)


def can_designate_platform_operator(user) -> bool:
    """The platform operator is the operator of everybody's personal data (152-FZ): changing it
    is a decision of the platform's administrators only."""
    return is_platform_admin(user)
