"""Who may see, download and revoke documents of the registry. The permission table in
pedset/core/permission_table.py declares the expected answer of each function for every role.

Checking a document by its code (/verify/<code>/) needs no permission: it is public by design and
shows only what the document printed, the holder as initials and surname."""

from pedset.communities.models import Community, Role
from pedset.core.policies import community_role, is_active_user, is_platform_admin
from pedset.documents.models import Document, DocumentKind
from pedset.moderation.policies import is_suspended

MANAGERS = {Role.ADMINISTRATOR, Role.COORDINATOR}


def can_view_registry(user, community: Community) -> bool:
    """The community's administrator and coordinators, and the platform administrator."""
    return is_platform_admin(user) or community_role(user, community) in MANAGERS


def can_download_document(user, document: Document) -> bool:
    """The holder; the community's administrator and coordinators; platform administrators;
    a community's orders also every active member (they are the community's own acts)."""
    if not is_active_user(user):
        return False
    if document.recipient_id is not None and document.recipient_id == user.pk:
        return True
    if is_platform_admin(user):
        return True
    if document.community_id is None:
        return False
    role = community_role(user, document.community)
    if role in MANAGERS:
        return True
    return document.kind == DocumentKind.ORDER and role is not None


def can_revoke_document(user, document: Document) -> bool:
    """Whoever keeps the registry (a platform document: the platform administrator), never twice,
    never while suspended in the community."""
    if document.is_revoked:
        return False
    if is_platform_admin(user):
        return True
    if document.community_id is None:
        return False
    community = document.community
    return community_role(user, community) in MANAGERS and not is_suspended(user, community)
