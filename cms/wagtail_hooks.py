from wagtail import hooks

from cms.services import plan_editors_grant


@hooks.register("after_create_page")
def grant_editors_on_new_plan(request, page):
    if page.specific_class.__name__ == "TrainingPlanPage":
        plan_editors_grant(plan=page)
