"""Pages of the forum. Thin: policies decide, selectors read, services write.

Whoever may not read a community's forum gets 404 for any of its sections, topics, posts and
files: their existence is the community's business."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from pedset.communities.models import Role
from pedset.forum import policies, selectors, services
from pedset.forum.forms import (
    EditForm,
    MoveForm,
    ReasonForm,
    RenameForm,
    ReplyForm,
    SectionForm,
    SplitForm,
    TopicForm,
)
from pedset.forum.models import Post, Section, Topic
from pedset.forum.services import ActionRefused
from pedset.moderation.policies import can_flag_post, can_moderate

# --- Loading with the reader's permission --------------------------------------------------


def _community_or_404(user, slug):
    community = selectors.community_by_slug(slug)
    if community is None or not policies.can_read_forum(user, community):
        raise Http404
    return community


def _section_or_404(user, pk) -> Section:
    section = selectors.section_for_page(pk)
    if section is None or not policies.can_read_forum(user, section.community):
        raise Http404
    return section


def _topic_or_404(user, pk) -> Topic:
    topic = selectors.topic_for_page(pk)
    if topic is None or not policies.can_read_forum(user, topic.section.community):
        raise Http404
    return topic


def _post_or_404(user, pk) -> Post:
    post = selectors.post_with_topic(pk)
    if post is None or not policies.can_read_forum(user, post.topic.section.community):
        raise Http404
    return post


def _bound(request):
    return request.POST if request.method == "POST" else None


def _files(request):
    return request.FILES if request.method == "POST" else None


def _flag_url_available() -> bool:
    """The moderation app's report form for a post, once it exists."""
    try:
        reverse("moderation:flag_post", args=[1])
    except NoReverseMatch:
        return False
    return True


# --- My forums, the index, sections --------------------------------------------------------


@login_required
def home(request):
    return render(request, "forum/home.html", {"communities": selectors.my_forums(request.user)})


@login_required
def index(request, slug):
    community = _community_or_404(request.user, slug)
    return render(
        request,
        "forum/index.html",
        {
            "community": community,
            "sections": selectors.forum_sections(community),
            "can_manage_sections": policies.can_manage_sections(request.user, community),
        },
    )


@login_required
def section_create(request, slug):
    community = _community_or_404(request.user, slug)
    if not policies.can_manage_sections(request.user, community):
        raise PermissionDenied
    form = SectionForm(_bound(request))
    if form.is_valid():
        try:
            section = services.section_create(
                actor=request.user,
                community=community,
                title=form.cleaned_data["title"],
                description=form.cleaned_data["description"],
                position=form.cleaned_data["position"],
            )
        except ActionRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("The section has been created."))
            return redirect("forum:section", section.pk)
    return render(
        request, "forum/section_form.html", {"form": form, "community": community, "section": None}
    )


@login_required
def section_edit(request, pk):
    section = _section_or_404(request.user, pk)
    community = section.community
    if not policies.can_manage_sections(request.user, community):
        raise PermissionDenied
    form = SectionForm(
        _bound(request),
        initial={
            "title": section.title,
            "description": section.description,
            "position": section.position,
        },
    )
    if form.is_valid():
        position = form.cleaned_data["position"]
        try:
            services.section_update(
                actor=request.user,
                section=section,
                title=form.cleaned_data["title"],
                description=form.cleaned_data["description"],
                position=section.position if position is None else position,
            )
        except ActionRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("The section has been saved."))
            return redirect("forum:section", section.pk)
    return render(
        request,
        "forum/section_form.html",
        {"form": form, "community": community, "section": section},
    )


@login_required
def section(request, pk):
    section = _section_or_404(request.user, pk)
    community = section.community
    user = request.user
    can_post = policies.can_post_topic(user, section)
    return render(
        request,
        "forum/section.html",
        {
            "community": community,
            "section": section,
            "page_obj": selectors.section_topics(section, user, request.GET.get("page")),
            "can_post": can_post,
            "obstacle": None if can_post else services.posting_obstacle(user, community),
            "following": selectors.follows_section(user, section),
            "can_manage_sections": policies.can_manage_sections(user, community),
        },
    )


@login_required
@require_POST
def section_follow(request, pk):
    section = _section_or_404(request.user, pk)
    follow = request.POST.get("follow") == "1"
    services.section_follow_set(actor=request.user, section=section, follow=follow)
    if follow:
        messages.success(request, _("You will be told of new topics in this section."))
    else:
        messages.success(request, _("You no longer follow this section."))
    return redirect("forum:section", section.pk)


# --- Topics --------------------------------------------------------------------------------


@login_required
def topic_create(request, pk):
    section = _section_or_404(request.user, pk)
    community = section.community
    if not policies.can_post_topic(request.user, section):
        messages.error(
            request,
            services.posting_obstacle(request.user, community) or _("You cannot post here."),
        )
        return redirect("forum:section", section.pk)
    form = TopicForm(_bound(request), _files(request))
    preview = None
    if form.is_valid():
        if "preview" in request.POST:
            preview = form.cleaned_data["body"]
        else:
            try:
                topic = services.topic_create(
                    actor=request.user,
                    section=section,
                    title=form.cleaned_data["title"],
                    body=form.cleaned_data["body"],
                    files=form.cleaned_data["attachments"],
                )
            except ActionRefused as refusal:
                form.add_error(None, refusal.message)
            else:
                messages.success(request, _("The topic has been created."))
                return redirect(reverse("forum:topic", args=[topic.pk]) + "?page=1")
    return render(
        request,
        "forum/topic_form.html",
        {"form": form, "community": community, "section": section, "preview": preview},
    )


@dataclass
class PostRow:
    """A post as this reader sees it."""

    post: Post
    is_new: bool
    shows_body: bool
    role: str | None
    role_label: str = ""
    can_edit: bool = False
    can_quote: bool = False
    can_view_revisions: bool = False
    can_flag: bool = False
    attachments: list = field(default_factory=list)


def _role_label(role: str | None) -> str:
    """Shown next to the author's name for the roles that speak for the community."""
    if role is None or role == Role.MEMBER:
        return ""
    return str(Role(role).label)


def _post_rows(user, topic, posts, *, read_position, can_reply, flag_available):
    community = topic.section.community
    roles = selectors.author_roles(community, [p.author_id for p in posts])
    rows = []
    for post in posts:
        shows_body = policies.can_view_post_body(user, post)
        visible_to_all = not (post.is_hidden or post.is_deleted)
        rows.append(
            PostRow(
                post=post,
                is_new=read_position is not None and post.position > read_position,
                shows_body=shows_body,
                role=roles.get(post.author_id),
                role_label=_role_label(roles.get(post.author_id)),
                can_edit=policies.can_edit_post(user, post),
                can_quote=can_reply and visible_to_all,
                can_view_revisions=bool(post.revisions_count)
                and policies.can_view_revisions(user, post),
                can_flag=flag_available and can_flag_post(user, post),
                attachments=list(post.attachments.all()) if shows_body else [],
            )
        )
    return rows


@login_required
def topic(request, pk):
    topic = _topic_or_404(request.user, pk)
    user = request.user
    community = topic.section.community
    read_position = selectors.read_position(user, topic)
    if "page" not in request.GET and read_position is not None:
        first_unread = read_position + 1
        if first_unread <= topic.posts_count:
            # The topic opens at the first post the reader has not seen.
            post_id = selectors.post_id_at(topic, first_unread)
            if post_id is not None:
                page = selectors.page_of_position(first_unread)
                url = reverse("forum:topic", args=[topic.pk])
                return redirect(f"{url}?page={page}#post-{post_id}")
    page_obj, posts = selectors.topic_page(topic, request.GET.get("page"))
    can_reply = policies.can_reply(user, topic)
    moderating = can_moderate(user, community)
    rows = _post_rows(
        user,
        topic,
        posts,
        read_position=read_position,
        can_reply=can_reply,
        flag_available=_flag_url_available(),
    )
    if posts:
        services.topic_mark_read(
            user=user, topic=topic, position=posts[-1].position, known=read_position
        )
    return render(
        request,
        "forum/topic.html",
        {
            "community": community,
            "section": topic.section,
            "topic": topic,
            "page_obj": page_obj,
            "rows": rows,
            "can_reply": can_reply,
            "obstacle": None if can_reply else services.posting_obstacle(user, community, topic),
            "moderating": moderating,
            "following": selectors.follows_topic(user, topic),
            "reply_form": ReplyForm() if can_reply else None,
        },
    )


@login_required
def topic_last(request, pk):
    topic = _topic_or_404(request.user, pk)
    post_id = selectors.post_id_at(topic, topic.posts_count)
    url = reverse("forum:topic", args=[topic.pk])
    page = selectors.page_of_position(topic.posts_count)
    return redirect(f"{url}?page={page}" + (f"#post-{post_id}" if post_id else ""))


@login_required
def post(request, pk):
    """A permanent link to a post: the page of the topic it is on, at its anchor."""
    post = _post_or_404(request.user, pk)
    return redirect(services.post_url(post))


def _quote_source(request, topic) -> str:
    """The Markdown of the quoted post (?quote=<post id>); a post of another topic is 404."""
    value = request.GET.get("quote")
    if value is None:
        return ""
    # Only plain ASCII digits of a sane length: «²» or a number beyond the column is no post.
    if not (value.isascii() and value.isdigit() and len(value) < 10):
        raise Http404
    quoted = Post.objects.filter(pk=int(value), topic=topic).first()
    if quoted is None or quoted.is_hidden or quoted.is_deleted:
        raise Http404
    return services.post_quote(quoted)


@login_required
def reply(request, pk):
    topic = _topic_or_404(request.user, pk)
    community = topic.section.community
    if not policies.can_reply(request.user, topic):
        messages.error(
            request,
            services.posting_obstacle(request.user, community, topic) or _("You cannot post here."),
        )
        return redirect("forum:topic", topic.pk)
    initial = {"body": _quote_source(request, topic)} if request.method == "GET" else None
    form = ReplyForm(_bound(request), _files(request), initial=initial)
    preview = None
    if form.is_valid():
        if "preview" in request.POST:
            preview = form.cleaned_data["body"]
        else:
            try:
                new_post = services.post_create(
                    actor=request.user,
                    topic=topic,
                    body=form.cleaned_data["body"],
                    files=form.cleaned_data["attachments"],
                )
            except ActionRefused as refusal:
                form.add_error(None, refusal.message)
            else:
                messages.success(request, _("Your reply has been published."))
                return redirect(services.post_url(new_post))
    return render(
        request,
        "forum/reply.html",
        {
            "community": community,
            "section": topic.section,
            "topic": topic,
            "form": form,
            "preview": preview,
        },
    )


@login_required
@require_POST
def topic_follow(request, pk):
    topic = _topic_or_404(request.user, pk)
    follow = request.POST.get("follow") == "1"
    services.topic_follow_set(actor=request.user, topic=topic, follow=follow)
    if follow:
        messages.success(request, _("You will be told of new replies in this topic."))
    else:
        messages.success(request, _("You no longer follow this topic."))
    return redirect(reverse("forum:topic", args=[topic.pk]) + "?page=1")


# --- Editing and history -------------------------------------------------------------------


@login_required
def post_edit(request, pk):
    post = _post_or_404(request.user, pk)
    topic = post.topic
    if not policies.can_edit_post(request.user, post):
        raise PermissionDenied
    as_moderator = post.author_id != request.user.pk
    form = EditForm(_bound(request), initial={"body": post.body}, reason_required=as_moderator)
    preview = None
    if form.is_valid():
        if "preview" in request.POST:
            preview = form.cleaned_data["body"]
        else:
            try:
                services.post_edit(
                    actor=request.user,
                    post=post,
                    body=form.cleaned_data["body"],
                    reason=form.cleaned_data["reason"],
                )
            except ActionRefused as refusal:
                form.add_error(None, refusal.message)
            else:
                messages.success(request, _("The post has been saved."))
                return redirect(services.post_url(post))
    return render(
        request,
        "forum/post_edit.html",
        {
            "community": topic.section.community,
            "section": topic.section,
            "topic": topic,
            "post": post,
            "form": form,
            "preview": preview,
            "as_moderator": as_moderator,
        },
    )


@login_required
def post_revisions(request, pk):
    post = _post_or_404(request.user, pk)
    if not policies.can_view_revisions(request.user, post):
        raise Http404
    topic = post.topic
    return render(
        request,
        "forum/revisions.html",
        {
            "community": topic.section.community,
            "section": topic.section,
            "topic": topic,
            "post": post,
            "revisions": selectors.post_revisions(post),
            "shows_body": policies.can_view_post_body(request.user, post),
        },
    )


@login_required
def attachment(request, pk):
    attachment = selectors.attachment_with_post(pk)
    if attachment is None or not policies.can_download_attachment(request.user, attachment):
        raise Http404
    try:
        handle = attachment.file.open("rb")
    except (OSError, ValueError):
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- Moderation ----------------------------------------------------------------------------

POST_ACTIONS = {
    "hide": services.post_hide,
    "restore": services.post_restore,
    "delete": services.post_delete,
}
TOPIC_ACTIONS = {
    "lock": services.topic_lock,
    "unlock": services.topic_unlock,
    "pin": services.topic_pin,
    "unpin": services.topic_unpin,
}


def _success_text(key: str) -> str:
    texts = {
        "hide": _("The post has been hidden."),
        "restore": _("The post has been restored."),
        "delete": _("The post has been deleted."),
        "lock": _("The topic has been locked."),
        "unlock": _("The topic has been unlocked."),
        "pin": _("The topic has been pinned."),
        "unpin": _("The topic has been unpinned."),
        "move": _("The topic has been moved."),
        "rename": _("The topic has been renamed."),
        "split": _("The posts have been moved to a new topic."),
    }
    return texts[key]


def _action_title(key: str) -> str:
    titles = {
        "hide": _("Hide the post"),
        "restore": _("Restore the post"),
        "delete": _("Delete the post"),
        "lock": _("Lock the topic"),
        "unlock": _("Unlock the topic"),
        "pin": _("Pin the topic"),
        "unpin": _("Unpin the topic"),
    }
    return titles[key]


@login_required
def post_moderate(request, pk, action):
    post = _post_or_404(request.user, pk)
    topic = post.topic
    community = topic.section.community
    if not can_moderate(request.user, community):
        raise PermissionDenied
    service = POST_ACTIONS[action]
    form = ReasonForm(_bound(request))
    if form.is_valid():
        try:
            service(actor=request.user, post=post, reason=form.cleaned_data["reason"])
        except ActionRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _success_text(action))
            return redirect(services.post_url(post))
    return render(
        request,
        "forum/moderate.html",
        {
            "community": community,
            "section": topic.section,
            "topic": topic,
            "post": post,
            "form": form,
            "action": action,
            "title": _action_title(action),
            "cancel_url": services.post_url(post),
        },
    )


@login_required
def topic_moderate(request, pk, action):
    topic = _topic_or_404(request.user, pk)
    community = topic.section.community
    if not can_moderate(request.user, community):
        raise PermissionDenied
    service = TOPIC_ACTIONS[action]
    form = ReasonForm(_bound(request))
    if form.is_valid():
        try:
            service(actor=request.user, topic=topic, reason=form.cleaned_data["reason"])
        except ActionRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _success_text(action))
            return redirect(reverse("forum:topic", args=[topic.pk]) + "?page=1")
    return render(
        request,
        "forum/moderate.html",
        {
            "community": community,
            "section": topic.section,
            "topic": topic,
            "post": None,
            "form": form,
            "action": action,
            "title": _action_title(action),
            "cancel_url": reverse("forum:topic", args=[topic.pk]) + "?page=1",
        },
    )


def _topic_moderation(request, pk, *, make_form, perform, action: str, template: str):
    """The shape every topic moderation page shares: the topic, the moderator check, the form,
    the service (its refusal shown on the form), the message and the way back to a topic."""
    topic = _topic_or_404(request.user, pk)
    community = topic.section.community
    if not can_moderate(request.user, community):
        raise PermissionDenied
    form = make_form(topic)
    if form.is_valid():
        try:
            shown_topic = perform(topic, form.cleaned_data) or topic
        except ActionRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _success_text(action))
            return redirect(reverse("forum:topic", args=[shown_topic.pk]) + "?page=1")
    return render(
        request,
        template,
        {"community": community, "section": topic.section, "topic": topic, "form": form},
    )


@login_required
def topic_move(request, pk):
    def perform(topic, data):
        services.topic_move(
            actor=request.user, topic=topic, section=data["section"], reason=data["reason"]
        )

    return _topic_moderation(
        request,
        pk,
        make_form=lambda topic: MoveForm(_bound(request), topic=topic),
        perform=perform,
        action="move",
        template="forum/topic_move.html",
    )


@login_required
def topic_rename(request, pk):
    def perform(topic, data):
        services.topic_rename(
            actor=request.user, topic=topic, title=data["title"], reason=data["reason"]
        )

    return _topic_moderation(
        request,
        pk,
        make_form=lambda topic: RenameForm(_bound(request), initial={"title": topic.title}),
        perform=perform,
        action="rename",
        template="forum/topic_rename.html",
    )


def _split_initial(request, topic) -> dict:
    initial = {"section": topic.section_id}
    start = request.GET.get("from", "")
    # isdigit() alone accepts «²» and other digits int() refuses; a huge number is no post either.
    if start.isascii() and start.isdigit() and len(start) < 10:
        initial["first_position"] = int(start)
    return initial


@login_required
def topic_split(request, pk):
    def perform(topic, data):
        # the new topic is where the moderator goes next
        return services.topic_split(
            actor=request.user,
            topic=topic,
            first_position=data["first_position"],
            title=data["title"],
            section=data["section"],
            reason=data["reason"],
        )

    return _topic_moderation(
        request,
        pk,
        make_form=lambda topic: SplitForm(
            _bound(request), topic=topic, initial=_split_initial(request, topic)
        ),
        perform=perform,
        action="split",
        template="forum/topic_split.html",
    )
