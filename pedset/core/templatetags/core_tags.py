from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def query_replace(context, **changes):
    """The current query string with some parameters replaced: keeps filters across pages."""
    query = context["request"].GET.copy()
    for key, value in changes.items():
        query[key] = value
    return query.urlencode()


@register.filter
def in_zone(value, zone_name):
    """A datetime shown in another zone (the community's), next to the reader's own."""
    import zoneinfo

    if value is None:
        return value
    try:
        return value.astimezone(zoneinfo.ZoneInfo(zone_name))
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return value


@register.filter
def zone_label(zone_name):
    """«Якутск (МСК+6, UTC+9)»."""
    from pedset.core.timezones import zone_label as label

    return label(zone_name)


@register.filter
def markdown(source):
    """User-written Markdown as sanitised HTML (pedset/core/markup.py)."""
    from pedset.core.markup import render_markdown

    return render_markdown(source)
