"""Pages of the consultation lines. Thin: policies decide, selectors read, services write.

A question or a line the reader may not see answers 404 (an anonymous visitor is sent to log
in instead); every write is POST-only except asking, whose page also shows the form."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pedset.consultations import policies, selectors, services
from pedset.consultations.display import question_row, question_rows
from pedset.consultations.forms import AnswerForm, QuestionForm, ReasonForm
from pedset.consultations.services import ActionRefused
from pedset.events import policies as event_policies

PAGE_SIZE = 20


def _line_or_404(request, pk: int):
    event = selectors.line_for_page(pk)
    if event is None or not event_policies.can_view_event(request.user, event):
        raise Http404
    return event


def _question_or_404(request, pk: int):
    question = selectors.question_for_page(pk)
    if question is None or not policies.can_view_question(request.user, question):
        raise Http404
    return question


def _page(request, queryset, event):
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = selectors.attach_event(page.object_list, event)
    return page


# --- The line ----------------------------------------------------------------------------------


@require_GET
def line(request, pk):
    """The line's published questions and answers; the reader's own questions; the way to ask."""
    event = _line_or_404(request, pk)
    user = request.user
    page = _page(request, selectors.published_questions(event), event)
    mine = []
    if user.is_authenticated:
        mine = question_rows(
            user, selectors.attach_event(selectors.my_questions(user, event), event)
        )
    return render(
        request,
        "consultations/line.html",
        {
            "event": event,
            "community": event.community,
            "page_obj": page,
            "rows": question_rows(user, page.object_list),
            "mine": mine,
            "can_ask": policies.can_ask_question(user, event),
            "ask_obstacle": services.ask_obstacle(user, event),
            "can_view_queue": policies.can_view_question_queue(user, event),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def ask(request, pk):
    event = _line_or_404(request, pk)
    form = QuestionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            question = services.question_ask(
                actor=request.user,
                event=event,
                text=form.cleaned_data["text"],
                show_author_name=form.cleaned_data["show_author_name"],
            )
        except ActionRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(
                request,
                _("Your question is sent. You will be told when an expert answers it."),
            )
            return redirect(services.question_url(question))
    return render(
        request,
        "consultations/ask.html",
        {
            "event": event,
            "community": event.community,
            "form": form,
            "ask_obstacle": services.ask_obstacle(request.user, event),
        },
    )


# --- The answerers' queue ----------------------------------------------------------------------


@require_GET
@login_required
def queue(request, pk):
    event = _line_or_404(request, pk)
    if not policies.can_view_question_queue(request.user, event):
        raise Http404
    sees_hidden = policies.sees_hidden_questions(request.user, event)
    view = request.GET.get("show", "open")
    if view not in selectors.QUEUE_VIEWS or (view == "hidden" and not sees_hidden):
        view = "open"
    counts = selectors.queue_counts(event)
    if not sees_hidden:
        counts["hidden"] = 0
    page = _page(request, selectors.queue(event, view), event)
    return render(
        request,
        "consultations/queue.html",
        {
            "event": event,
            "community": event.community,
            "view": view,
            "counts": counts,
            "page_obj": page,
            "rows": question_rows(request.user, page.object_list),
            "is_answerer": policies.is_answerer(request.user, event),
            "answer_max": services.ANSWER_MAX,
        },
    )


# --- One question ------------------------------------------------------------------------------


def _render_question(request, question, *, answer_form=None):
    user = request.user
    row = question_row(user, question)
    initial = {"text": question.answer} if question.answer else None
    return render(
        request,
        "consultations/question.html",
        {
            "event": question.event,
            "community": question.event.community,
            "row": row,
            "question": question,
            "answer_form": answer_form or AnswerForm(initial=initial),
            "reason_form": ReasonForm(),
            "can_view_queue": policies.can_view_question_queue(user, question.event),
        },
    )


@require_GET
def question(request, pk):
    found = selectors.question_for_page(pk)
    if found is None or not policies.can_view_question(request.user, found):
        if found is not None and not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise Http404
    return _render_question(request, found)


def _back(request, question):
    """Back to the queue when the action came from there, else to the question."""
    if request.POST.get("return_to") == "queue" and policies.can_view_question_queue(
        request.user, question.event
    ):
        show = request.POST.get("show")
        tab = f"?show={show}" if show in selectors.QUEUE_VIEWS and show != "open" else ""
        return redirect(services.queue_url(question.event) + tab)
    return redirect(services.question_url(question))


@require_POST
@login_required
def answer(request, pk):
    question = _question_or_404(request, pk)
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            services.question_answer(
                actor=request.user, question=question, text=form.cleaned_data["text"]
            )
        except ActionRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(request, _("The answer is saved."))
            return _back(request, question)
    return _render_question(request, question, answer_form=form)


def _act(request, pk, write, done: str):
    question = _question_or_404(request, pk)
    try:
        write(actor=request.user, question=question)
    except ActionRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, done)
    return _back(request, question)


@require_POST
@login_required
def publish(request, pk):
    return _act(
        request, pk, services.question_publish, _("The question and the answer are published.")
    )


@require_POST
@login_required
def unpublish(request, pk):
    return _act(
        request, pk, services.question_unpublish, _("The question is taken off publication.")
    )


def _moderate(request, pk, write, done: str):
    question = _question_or_404(request, pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors.get("reason", [])))
        return redirect(services.question_url(question))
    try:
        write(actor=request.user, question=question, reason=form.cleaned_data["reason"])
    except ActionRefused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, done)
    return redirect(services.question_url(question))


@require_POST
@login_required
def hide(request, pk):
    return _moderate(request, pk, services.question_hide, _("The question is hidden."))


@require_POST
@login_required
def restore(request, pk):
    return _moderate(request, pk, services.question_restore, _("The question is shown again."))


@require_POST
@login_required
def withdraw(request, pk):
    question = _question_or_404(request, pk)
    event = question.event
    try:
        services.question_withdraw(actor=request.user, question=question)
    except ActionRefused as refusal:
        messages.error(request, refusal.message)
        return redirect(services.question_url(question))
    messages.success(request, _("Your question is withdrawn."))
    return redirect(services.line_url(event))
