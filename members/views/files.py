from django.http import FileResponse, Http404


def attachment_response(document):
    """An application's document, always as a download with the type found on upload: never
    shown inline, so that nothing in it can run in the site's origin, and kept by no cache."""
    try:
        stored = document.file.open("rb")
    except OSError:
        raise Http404 from None
    response = FileResponse(
        stored, as_attachment=True, filename=document.name, content_type=document.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
