from django.http import FileResponse, Http404

from cms.storage import MediaStoreUnavailable


def attachment_response(document):
    """An application's document, always as a download with the type found on upload: never
    shown inline, so that nothing in it can run in the site's origin, and kept by no cache."""
    try:
        stored = document.file.open("rb")
    except MediaStoreUnavailable:
        # Not a missing file: the error page asks to try again.
        raise
    except OSError:
        raise Http404 from None
    response = FileResponse(
        stored, as_attachment=True, filename=document.name, content_type=document.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
