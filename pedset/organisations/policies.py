from pedset.core.policies import is_education_authority, is_platform_admin


def can_view_organisations(user) -> bool:
    """The registry of educational organisations is public information."""
    return True


def can_manage_organisations(user) -> bool:
    return is_platform_admin(user) or is_education_authority(user)
