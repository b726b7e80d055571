"""Login by username (staff), deputy number, mobile phone or roster e-mail.

Whether or not the identifier names an account, exactly one password hash is
computed, so response times tell nothing about who has an account. A deputy who
has left office cannot log in by any identifier, and an open session of theirs
ends at the next request.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission

from people.selectors import account_for_identifier, deputy_has_left_office

# Set on the request when the password was right but the deputy has left office,
# so that the login form can say why instead of "wrong password".
LEFT_OFFICE = "deputy_left_office"


class CollegeLoginBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(get_user_model().USERNAME_FIELD)
        if not username or password is None:
            return None
        user = account_for_identifier(username)
        if user is None:
            # The same work as checking a real password.
            get_user_model()().set_password(password)
            return None
        if not user.check_password(password):
            return None
        if self.user_can_authenticate(user):
            return user
        if request is not None and deputy_has_left_office(user):
            setattr(request, LEFT_OFFICE, True)
        return None

    def user_can_authenticate(self, user):
        if not super().user_can_authenticate(user):
            return False
        return not deputy_has_left_office(user)

    def get_all_permissions(self, user_obj, obj=None):
        """The user's own and their groups' permissions in one query, not two.

        Every page asks at least once (the header's admin link); Django's backend
        reads the user's permissions and the groups' apart.
        """
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            if user_obj.is_superuser:
                rows = Permission.objects.values_list(
                    "content_type__app_label", "codename"
                ).order_by()
            else:
                fields = ("content_type__app_label", "codename")
                own = Permission.objects.filter(user=user_obj).values_list(*fields)
                of_groups = Permission.objects.filter(group__user=user_obj)
                rows = own.order_by().union(of_groups.values_list(*fields).order_by())
            user_obj._perm_cache = {f"{app}.{codename}" for app, codename in rows}
        return user_obj._perm_cache

    def get_user(self, user_id):
        # Every request: the deputy comes with the user, for this check and for the
        # pages that ask which deputy is logged in, with the delegation and term the
        # learner's pages print beside the name (two joins, not two queries).
        users = get_user_model()._default_manager.select_related(
            "deputy__delegation", "deputy__term"
        )
        user = users.filter(pk=user_id).first()
        if user is None or not ModelBackend.user_can_authenticate(self, user):
            return None
        deputy = getattr(user, "deputy", None)
        return None if deputy is not None and not deputy.is_active else user
