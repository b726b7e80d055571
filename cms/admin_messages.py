"""Wagtail's own admin strings that its zh_Hans catalogue lacks and the college's
staff meet (empty lists, autosave, the help menu, the reports, the login page).

Marked here so that makemessages keeps them in the project's catalogue, where
they get their Chinese; the admin then shows no English among the Chinese.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

WAGTAIL_ADMIN_MESSAGES = [
    gettext_noop(
        'There are no %(model_name)s to display. Why not <a href="%(add_url)s">'
        "add one</a>?"
    ),
    gettext_noop("No results across entire site."),
    gettext_noop("No results in '<span class=\"w-title-ellipsis\">%(title)s</span>'."),
    gettext_noop("Autosave is paused"),
    gettext_noop("Autosave is <span>paused</span>"),
    gettext_noop(
        "JavaScript is required to use Wagtail, but it is currently disabled.<br /> "
        'Here are the <a href="https://www.enable-javascript.com/" target="_blank" '
        'rel="noreferrer">instructions how to enable JavaScript in your web '
        "browser</a>."
    ),
    gettext_noop("New: %(model_name)s"),
    gettext_noop("Page types usage"),
    gettext_noop("Shortcuts"),
    gettext_noop("Locking: "),
    gettext_noop("Actions (footer)"),
    gettext_noop("Wagtail %(current_version)s editor guide"),
    gettext_noop("Saved"),
    gettext_noop("Edit account avatar"),
    gettext_noop("Show issue"),
    gettext_noop("Content metrics"),
    gettext_noop("Words"),
    gettext_noop("Reading time"),
    gettext_noop("Readability"),
    gettext_noop("This data explained"),
    gettext_noop(
        "Anyone can edit this %(model_name)s – lock it to prevent others from editing"
    ),
    gettext_noop("Anyone can edit this %(model_name)s"),
    gettext_noop(
        "Correct the validation errors to resume preview (saving will highlight errors)"
    ),
    gettext_noop("Checks"),
    gettext_noop("Toggle checks"),
    gettext_noop("Sort by '%(label)s' in ascending order."),
    gettext_noop("Sort by '%(label)s' in descending order."),
    gettext_noop("Search all pages…"),
    gettext_noop("Date updated"),
    gettext_noop("Edited by"),
    gettext_noop("Has child pages"),
    gettext_noop("Page type"),
    gettext_noop("Grid layout"),
    gettext_noop("List layout"),
    gettext_noop("Oldest"),
    gettext_noop("Usage count: (low to high)"),
    gettext_noop("Usage count: (high to low)"),
    # The page explorer's heading and the account's preferences.
    gettext_noop("Exploring"),
    gettext_noop("Theme preferences"),
    gettext_noop("admin theme"),
    gettext_noop("contrast"),
    gettext_noop("More contrast"),
    gettext_noop("density"),
    gettext_noop("Snug"),
    gettext_noop("Use server language: %(language_name)s"),
    gettext_noop("Enable custom keyboard shortcuts specific to Wagtail."),
]

# The dashboard's counts ("114 Pages", "1 Media file") are plural messages.
WAGTAIL_ADMIN_PLURALS = [
    ngettext_lazy(
        '%(total)s Page <span class="w-sr-only">created in %(site_name)s</span>',
        '%(total)s Pages <span class="w-sr-only">created in %(site_name)s</span>',
        "total",
    ),
    ngettext_lazy(
        '%(total)s Image <span class="w-sr-only">created in %(site_name)s</span>',
        '%(total)s Images <span class="w-sr-only">created in %(site_name)s</span>',
        "total",
    ),
    ngettext_lazy(
        '%(total)s Document <span class="w-sr-only">created in %(site_name)s</span>',
        '%(total)s Documents <span class="w-sr-only">created in %(site_name)s</span>',
        "total",
    ),
    ngettext_lazy(
        '<span>%(total)s</span> Media file <span class="visuallyhidden w-sr-only">'
        "created in %(site_name)s</span>",
        '<span>%(total)s</span> Media files <span class="visuallyhidden w-sr-only">'
        "created in %(site_name)s</span>",
        "total",
    ),
]
