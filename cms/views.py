from django.shortcuts import render


def page_not_found(request, exception):
    """The 404 page, marked as an error page so the language switcher offers home pages."""
    return render(request, "404.html", {"error_page": True}, status=404)
