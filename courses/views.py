from django.core.paginator import Paginator
from django.shortcuts import render

from courses.forms import CatalogueFilterForm
from courses.selectors import catalogue_years, course_catalogue


def catalogue(request):
    form = CatalogueFilterForm(request.GET or None, years=catalogue_years())
    filters = form.cleaned_data if form.is_valid() else {}
    courses = course_catalogue(
        year=filters.get("year"),
        category=filters.get("category", ""),
        mode=filters.get("mode", ""),
        required=filters.get("required", ""),
    )
    page = Paginator(courses, 24).get_page(request.GET.get("page"))
    return render(request, "courses/catalogue.html", {"form": form, "page_obj": page})
