from django.core.paginator import Paginator
from django.shortcuts import render

from cms.selectors import site_search


def search(request):
    query = request.GET.get("q", "")[:100]
    results = site_search(query=query)
    page = Paginator(results, 20).get_page(request.GET.get("page"))
    return render(request, "cms/search.html", {"query": query, "page_obj": page})
