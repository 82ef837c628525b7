"""``{% load gallery_tags %}{% albums_block owner %}`` — the albums of a community, a group or
an event, as the reader may see them, with a link to create one for those who may."""

from django import template

register = template.Library()


@register.inclusion_tag("gallery/_albums_block.html", takes_context=True)
def albums_block(context, owner):
    return {"owner": owner, "request": context.get("request")}
