"""Forum posts. The topic's title is indexed with the topic's first post (so renaming a topic
re-indexes one post, not all of them); every post is indexed by its text as readers see it
(Markdown rendered, then reduced to plain words).

Found only by those who may read the forum of the post's community (pedset.forum.policies
.can_read_forum: its active members and the platform administrator), and never when hidden or
deleted — such posts are not in the index, and the filter below checks it again.
"""

from __future__ import annotations

import html
import re

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext, pgettext_lazy

from pedset.communities.models import Membership, MembershipStatus
from pedset.core.markup import render_markdown
from pedset.core.policies import is_active_user, is_platform_admin
from pedset.forum.models import Post
from pedset.search.registry import Entry, Provider, Shown, register

TAG = re.compile(r"<[^>]*>")


def plain_text(markdown: str) -> str:
    """The words of a post as shown: Markdown marks gone, raw HTML kept as the text it shows."""
    return " ".join(html.unescape(TAG.sub(" ", str(render_markdown(markdown)))).split())


def readable_posts(viewer):
    """Posts the viewer may read the text of: not hidden, not deleted, in a community whose
    forum the viewer reads (the same rule as forum.policies.can_read_forum)."""
    posts = Post.objects.filter(hidden_at__isnull=True, deleted_at__isnull=True)
    if is_platform_admin(viewer):
        return posts
    if not is_active_user(viewer):
        return posts.none()
    communities = Membership.objects.filter(user=viewer, status=MembershipStatus.ACTIVE).values(
        "community_id"
    )
    return posts.filter(topic__section__community_id__in=communities)


class PostProvider(Provider):
    kind = "post"
    label = pgettext_lazy("search kinds", "Forum")
    item_label = pgettext_lazy("search result", "forum post")
    order = 20

    def searchable_ids(self):
        return (
            Post.objects.filter(hidden_at__isnull=True, deleted_at__isnull=True)
            .order_by("pk")
            .values_list("pk", flat=True)
        )

    def load(self, ids):
        posts = Post.objects.filter(pk__in=list(ids)).select_related("topic__section")
        return {p.pk: p for p in posts}

    def entry(self, post):
        if post.is_hidden or post.is_deleted:
            return None
        return Entry(
            title=post.topic.title if post.position == 1 else "",
            sections=[("body", plain_text(post.body))],
            date=post.created_at,
            community_id=post.topic.section.community_id,
        )

    def visible(self, viewer):
        if not (is_platform_admin(viewer) or is_active_user(viewer)):
            return Q(pk__in=[])
        return Q(object_id__in=readable_posts(viewer).values("pk"))

    def show(self, viewer, ids):
        posts = (
            readable_posts(viewer)
            .filter(pk__in=list(ids))
            .select_related("topic__section__community")
        )
        shown = {}
        for post in posts:
            topic = post.topic
            shown[post.pk] = Shown(
                url=reverse("forum:post", args=[post.pk]),
                title=topic.title,
                entry=self.entry(post),
                meta=[
                    topic.section.community.name,
                    topic.section.title,
                    gettext("post No. %(n)s") % {"n": post.position},
                ],
            )
        return shown


register(PostProvider())
