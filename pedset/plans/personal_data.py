"""Personal-data hooks of the work plan: the items a person is responsible for.

Found by pedset.privacy.registry. Only ``export``: on withdrawal the link stays — the plan is the
community's record of who answered for what — and the name is shown as «Бывший участник» by
User.get_full_name once the account is anonymised. Names typed into ``responsible_text`` (by an
import, of people who are not members) are not tied to any account.
"""

from pedset.plans.models import PlanItem


def export(user) -> dict:
    items = (
        PlanItem.objects.filter(responsible=user)
        .select_related("plan__community")
        .order_by("plan__year", "starts_on", "id")
    )
    return {
        "work_plan_items": [
            {
                "id": item.pk,
                "community": item.plan.community.name,
                "year": item.plan.year,
                "form": item.form,
                "topic": item.topic,
                "starts_on": item.starts_on.isoformat(),
                "ends_on": item.ends_on.isoformat(),
                "status": item.status,
            }
            for item in items
        ]
    }
