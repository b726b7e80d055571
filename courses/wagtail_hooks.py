from wagtail import hooks
from wagtail.permissions import register_permission_policy

from courses.models import Requirement
from courses.viewsets import TrainingViewSetGroup
from people.permissions import CongressWidePolicy

register_permission_policy(Requirement, CongressWidePolicy(Requirement))


@hooks.register("register_admin_viewset")
def register_training_viewsets():
    return TrainingViewSetGroup()
