"""Wagtail's own admin strings that its zh_Hans catalogue lacks and the college's
staff meet (empty lists, autosave, the help menu, the reports, the login page).

Marked here so that makemessages keeps them in the project's catalogue, where
they get their Chinese; the admin then shows no English among the Chinese.
"""

from django.utils.translation import gettext_noop

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
]
