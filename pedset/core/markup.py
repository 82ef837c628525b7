"""User text → safe HTML: a Markdown subset rendered by markdown-it-py, sanitised by nh3.

Every place that shows text people wrote (forum posts, messages, announcements, chat) renders it
through render_markdown(); nothing else marks user text safe. Raw HTML in the source is shown as
text (markdown-it's html option is off), and nh3 then allows only the tags the subset produces,
only http(s)/mailto links (rel="nofollow noopener noreferrer ugc"), no images from anywhere (no
request may leave the site), no styles, no event handlers.
"""

from __future__ import annotations

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "del", "s", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "h3", "h4", "h5", "h6", "hr", "table", "thead", "tbody", "tr",
    "th", "td", "cite", "footer",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}, "th": {"align"}, "td": {"align"}}
URL_SCHEMES = {"http", "https", "mailto"}
MAX_SOURCE_LENGTH = 50_000


def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    # Headings inside a post must not outrank the page's own h1/h2.
    md.disable(["image"])
    return md


_MD = _parser()


def _demote_headings(html: str) -> str:
    for level in (2, 1):
        html = html.replace(f"<h{level}>", f"<h{level + 2}>").replace(
            f"</h{level}>", f"</h{level + 2}>"
        )
    return html


def render_markdown(source: str | None) -> SafeString:
    """Safe HTML for the Markdown subset. Never raises on any input."""
    if not source:
        return mark_safe("")  # noqa: S308 - empty string
    html = _demote_headings(_MD.render(source[:MAX_SOURCE_LENGTH]))
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow noopener noreferrer ugc",
        strip_comments=True,
    )
    return mark_safe(clean)  # noqa: S308 - sanitised by nh3 just above


_LABEL_SPECIALS = str.maketrans({c: f"\\{c}" for c in "\\[]*_`<>!"})


def quote_markdown(label: str, url: str, source: str) -> str:
    """The Markdown of a quotation of another post, to prefill a reply.

    The quotation names the quoted post by reference (``label`` linked to ``url``), never by
    its author: text copied into someone else's post outlives the quoted person's withdrawal of
    consent, while the linked post is signed live (and anonymised after withdrawal)."""
    lines = (source or "").strip().splitlines() or [""]
    quoted = "\n".join(f"> {line}" if line else ">" for line in lines)
    safe_label = " ".join((label or "").split()).translate(_LABEL_SPECIALS)
    safe_url = (url or "").replace(" ", "%20").replace("(", "%28").replace(")", "%29")
    return f"> [{safe_label}]({safe_url}):\n{quoted}\n\n"
