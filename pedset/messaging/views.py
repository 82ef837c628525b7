"""Pages of private messages. Thin: policies decide, selectors read, services write.

Every address that names a conversation or a message answers 404 to anybody without a seat
that covers it — moderators and the platform administrator included — exactly as it answers
for an id that does not exist. Signed-out readers are sent to the login page first (for every
id alike), so the link in a notification e-mail works.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from pedset.accounts.policies import can_view_profile
from pedset.core.views import safe_next
from pedset.messaging import policies, selectors, services
from pedset.messaging.forms import CommunityChoiceForm, ConversationForm, PickerForm, ReplyForm
from pedset.messaging.models import MAX_PARTICIPANTS, Conversation, Message, Participant
from pedset.moderation.policies import can_flag_message

INBOX_PAGE_SIZE = 25
MESSAGES_PAGE_SIZE = 20
BLOCKS_PAGE_SIZE = 50
PICKER_RESULTS = 30
NAMES_IN_TITLE = 3


# --- Shared ------------------------------------------------------------------------------------


def _int_or_none(value) -> int | None:
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return number if selectors.valid_pk(number) else None


def conversation_title(conversation: Conversation, others: list[Participant]) -> str:
    """The subject, else the names of the others («Иванов И. И., Петрова А. С. и ещё 2»)."""
    if conversation.subject:
        return conversation.subject
    names = [p.user.get_short_name() for p in others[:NAMES_IN_TITLE]]
    if not names:
        return _("Conversation without other participants")
    title = ", ".join(names)
    if len(others) > NAMES_IN_TITLE:
        title = _("%(names)s and %(n)s more") % {
            "names": title,
            "n": len(others) - NAMES_IN_TITLE,
        }
    return title


@dataclass
class Readable:
    conversation: Conversation
    seat: Participant
    participants: list[Participant]

    @property
    def others(self) -> list[Participant]:
        return [p for p in self.participants if p.user_id != self.seat.user_id]

    @property
    def title(self) -> str:
        return conversation_title(self.conversation, [p for p in self.others if p.left_at is None])


def _readable_or_404(request, pk: int) -> Readable:
    """The conversation as the reader may see it, or 404 for anybody without a seat."""
    conversation = selectors.conversation_by_pk(pk)
    if conversation is None:
        raise Http404
    participants = selectors.conversation_participants(conversation)
    policies.note_seats(request.user, participants)
    if not policies.can_read_conversation(request.user, conversation):
        raise Http404
    seat = policies.seat(request.user, conversation)
    return Readable(conversation, seat, selectors.seen_participants(participants, seat))


def _flag_url(message: Message) -> str:
    """The moderation app's report form for a message, if that app provides it."""
    try:
        return reverse("moderation:flag_message", args=[message.pk])
    except NoReverseMatch:
        return ""


# --- Inbox -------------------------------------------------------------------------------------


@dataclass
class InboxRow:
    seat: Participant
    title: str
    others: list[Participant]

    @property
    def conversation(self) -> Conversation:
        return self.seat.conversation


@never_cache
@login_required
def inbox(request):
    left = request.GET.get("left") == "1"
    page = Paginator(selectors.inbox(request.user, left=left), INBOX_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = []
    for seat in page.object_list:
        everyone = selectors.seen_participants(list(seat.conversation.participants.all()), seat)
        others = [p for p in everyone if p.user_id != request.user.pk]
        still_in = [p for p in others if p.left_at is None]
        rows.append(InboxRow(seat, conversation_title(seat.conversation, still_in), still_in))
    return render(
        request,
        "messaging/inbox.html",
        {
            "page_obj": page,
            "rows": rows,
            "left": left,
            "unread_total": selectors.unread_total(request.user) if not left else 0,
        },
    )


# --- One conversation --------------------------------------------------------------------------


@dataclass
class MessageRow:
    message: Message
    collapsed: bool
    flag_url: str


def _render_conversation(request, readable: Readable, form=None, status: int = 200):
    conversation, seat = readable.conversation, readable.seat
    user = request.user
    # Pages count back from the newest: page 1 holds the latest messages, always a full page;
    # each page is shown oldest first.
    paginator = Paginator(
        selectors.visible_messages(seat).order_by("-created_at", "-id"), MESSAGES_PAGE_SIZE
    )
    page = paginator.get_page(request.GET.get("page"))
    blocked = selectors.blocked_since(user)
    rows = []
    for message in reversed(page.object_list):
        message.conversation = conversation  # one object for all: no query per message
        since = blocked.get(message.author_id)
        collapsed = message.is_text and since is not None and message.created_at >= since
        # The moderation app's rule (memoised role, seat and suspension: no query per message).
        reportable = can_flag_message(user, message)
        rows.append(MessageRow(message, collapsed, _flag_url(message) if reportable else ""))
    if request.method == "GET" and seat.left_at is None and rows:
        services.conversation_mark_read(
            actor=user, conversation=conversation, up_to=rows[-1].message.created_at
        )
    obstacle = services.send_obstacle_message(
        policies.send_obstacle(user, conversation), conversation
    )
    current = [p for p in readable.participants if p.left_at is None]
    return render(
        request,
        "messaging/conversation.html",
        {
            "conversation": conversation,
            "title": readable.title,
            "seat": seat,
            "participants": readable.participants,
            "blocked_ids": set(blocked),
            "page_obj": page,
            "first_number": paginator.count - page.end_index() + 1,
            "rows": rows,
            "form": form if form is not None else ReplyForm(),
            "can_send": obstacle is None,
            "send_obstacle": obstacle,
            "can_leave": policies.can_leave_conversation(user, conversation),
            "can_add": obstacle is None and len(current) < MAX_PARTICIPANTS,
        },
        status=status,
    )


@never_cache
@login_required
def conversation(request, pk: int):
    return _render_conversation(request, _readable_or_404(request, pk))


@never_cache
@login_required
@require_POST
def reply(request, pk: int):
    readable = _readable_or_404(request, pk)
    form = ReplyForm(request.POST)
    if form.is_valid():
        try:
            message = services.message_send(
                actor=request.user,
                conversation=readable.conversation,
                body=form.cleaned_data["body"],
                request=request,
            )
        except services.ActionRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            return redirect(f"{services.conversation_url(readable.conversation)}#m-{message.pk}")
    return _render_conversation(request, readable, form=form)


@never_cache
@login_required
def message_anchor(request, pk: int):
    """A message's own address: the page of the conversation that shows it."""
    message = selectors.message_by_pk(pk)
    if message is None or not policies.can_read_message(request.user, message):
        raise Http404
    seat = policies.seat(request.user, message.conversation)
    position = selectors.message_position_from_newest(seat, message)
    page = (position - 1) // MESSAGES_PAGE_SIZE + 1
    return redirect(f"{services.conversation_url(message.conversation)}?page={page}#m-{message.pk}")


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def leave(request, pk: int):
    readable = _readable_or_404(request, pk)
    if not policies.can_leave_conversation(request.user, readable.conversation):
        messages.info(request, _("You have already left this conversation."))
        return redirect("messaging:conversation", readable.conversation.pk)
    if request.method == "POST":
        try:
            services.conversation_leave(
                actor=request.user, conversation=readable.conversation, request=request
            )
        except services.ActionRefused as refusal:
            messages.error(request, refusal.message)
            return redirect("messaging:conversation", readable.conversation.pk)
        messages.success(request, _("You have left the conversation."))
        return redirect("messaging:inbox")
    return render(
        request,
        "messaging/leave.html",
        {"conversation": readable.conversation, "title": readable.title},
    )


# --- Choosing people ---------------------------------------------------------------------------


def _picker_context(
    form: PickerForm, *, searching: bool, validated: bool, chosen_ids=None, exclude_ids=()
):
    """The ticked people and the search results to draw; errors only after «Send»/«Add»."""
    if chosen_ids is None:
        chosen_ids = form.ticked_ids()
    chosen = [
        person
        for person in selectors.active_members(form.community, chosen_ids)
        if person.pk != form.actor.pk
    ]
    search = form.search_text()
    results = []
    if searching or not chosen:
        results = selectors.community_members_for_picker(
            form.community,
            viewer=form.actor,
            search=search,
            exclude_ids=[p.pk for p in chosen] + list(exclude_ids),
            limit=PICKER_RESULTS + 1,
        )
    return {
        "picker": form,
        "participant_errors": form.errors.get("participants", []) if validated else [],
        "picker_errors": list(form.non_field_errors()) + list(form.errors.get("q", []))
        if validated
        else [],
        "chosen": chosen,
        "results": results[:PICKER_RESULTS],
        "more_results": len(results) > PICKER_RESULTS,
        "search": search,
        "searched": searching,
        "max_participants": MAX_PARTICIPANTS,
    }


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def conversation_new(request):
    """Write to colleagues: choose the community, then people among its active members."""
    user = request.user
    person = None
    to = _int_or_none(request.GET.get("to"))
    if "to" in request.GET:
        candidate = selectors.person_by_pk(to) if to is not None else None
        if candidate is not None and policies.can_write_to(user, candidate):
            person = candidate
        elif request.method == "GET":
            # The same words for a person who does not exist: nothing about others leaks.
            messages.info(request, _("You cannot write to this person; choose whom to write to."))
    communities = policies.startable_communities(user, with_person=person)
    source = request.POST if request.method == "POST" else request.GET
    community_id = source.get("community")
    if community_id is None:
        options = list(communities)
        if len(options) != 1:
            choice = CommunityChoiceForm(communities=communities)
            return render(
                request,
                "messaging/choose_community.html",
                {"choice": choice, "options": options, "person": person},
            )
        community = options[0]
    else:
        pk = _int_or_none(community_id)
        community = communities.filter(pk=pk).first() if pk is not None else None
        if community is None:
            raise Http404

    action = request.POST.get("action", "send")
    if request.method == "POST" and action == "search":
        picker = PickerForm(request.POST, actor=user, community=community)
        form = ConversationForm(
            initial={
                "subject": request.POST.get("subject", ""),
                "body": request.POST.get("body", ""),
            }
        )
        context = _picker_context(picker, searching=True, validated=False)
    elif request.method == "POST":
        picker = PickerForm(request.POST, actor=user, community=community)
        form = ConversationForm(request.POST)
        picker_ok, form_ok = picker.is_valid(), form.is_valid()
        if picker_ok and form_ok:
            try:
                conversation = services.conversation_start(
                    actor=user,
                    community=community,
                    participants=picker.people,
                    subject=form.cleaned_data["subject"],
                    body=form.cleaned_data["body"],
                    request=request,
                )
            except services.ActionRefused as refusal:
                form.add_error(None, refusal.message)
            else:
                messages.success(request, _("The message has been sent."))
                return redirect("messaging:conversation", conversation.pk)
        context = _picker_context(picker, searching=False, validated=True)
    else:
        picker = PickerForm(actor=user, community=community, initial={})
        form = ConversationForm()
        context = _picker_context(
            picker,
            searching=False,
            validated=False,
            chosen_ids=[person.pk] if person is not None else [],
        )
    context.update(
        {
            "community": community,
            "form": form,
            "other_communities": communities.count() > 1,
            "person": person,
        }
    )
    return render(request, "messaging/new.html", context)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def add_participants(request, pk: int):
    readable = _readable_or_404(request, pk)
    conversation = readable.conversation
    refusal = services.send_obstacle_message(
        policies.send_obstacle(request.user, conversation), conversation
    )
    if refusal:
        messages.error(request, refusal)
        return redirect("messaging:conversation", conversation.pk)
    picker = PickerForm(
        request.POST if request.method == "POST" else None,
        actor=request.user,
        community=conversation.community,
        already=readable.participants,
    )
    searching = request.POST.get("action") == "search" or request.method == "GET"
    if request.method == "POST" and not searching and picker.is_valid():
        try:
            added = services.participants_add(
                actor=request.user, conversation=conversation, people=picker.people
            )
        except services.ActionRefused as refusal:
            picker.add_error(None, refusal.message)
        else:
            messages.success(
                request,
                _("Added to the conversation: %(names)s.")
                % {"names": ", ".join(p.get_full_name() for p in added)},
            )
            return redirect("messaging:conversation", conversation.pk)
    context = _picker_context(
        picker,
        searching=searching,
        validated=request.method == "POST" and not searching,
        chosen_ids=None if request.method == "POST" else [],
        exclude_ids=[p.user_id for p in readable.participants],
    )
    context.update({"conversation": conversation, "title": readable.title})
    return render(request, "messaging/add.html", context)


# --- Blocking ----------------------------------------------------------------------------------


def _blockable_or_404(request, pk: int):
    """A person the user knows: one whose profile they may see or who shared a conversation."""
    person = selectors.person_by_pk(pk)
    if person is None:
        raise Http404
    if not (
        can_view_profile(request.user, person)
        or selectors.shares_conversation(request.user, person)
    ):
        raise Http404
    return person


@never_cache
@login_required
@require_POST
def block(request, pk: int):
    person = _blockable_or_404(request, pk)
    try:
        _block, created = services.person_block(actor=request.user, person=person, request=request)
    except services.ActionRefused as refusal:
        messages.error(request, refusal.message)
    else:
        if created:
            messages.success(
                request,
                _(
                    "%(name)s is blocked: they cannot start a conversation with you, and you "
                    "will not be notified of their messages."
                )
                % {"name": person.get_full_name()},
            )
        else:
            messages.info(
                request, _("%(name)s is already blocked.") % {"name": person.get_full_name()}
            )
    return redirect(safe_next(request, fallback=reverse("messaging:settings")))


@never_cache
@login_required
@require_POST
def unblock(request, pk: int):
    """Answers alike for any id the person has not blocked: nothing about others leaks."""
    block = selectors.block_of(request.user, pk)
    if block is not None and services.person_unblock(
        actor=request.user, person=block.blocked, request=request
    ):
        messages.success(
            request, _("%(name)s is unblocked.") % {"name": block.blocked.get_full_name()}
        )
    else:
        messages.info(request, _("This person is not blocked."))
    return redirect(safe_next(request, fallback=reverse("messaging:settings")))


@never_cache
@login_required
def messaging_settings(request):
    page = Paginator(selectors.blocks_made(request.user), BLOCKS_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "messaging/settings.html", {"page_obj": page})
