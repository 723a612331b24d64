"""How the site names a document for download, wherever it lists one."""

from django.template.defaultfilters import filesizeformat


def document_label(document):
    """File type and size in the visitor's language: "PDF, 4,4 MB" in German, "PDF, 4.4 MB" in
    English, so that visitors know what they get before they download it."""
    file_type = document.file_extension.upper()
    # Wagtail stores the size on upload; only for a document stored before that does this read
    # the file, and it keeps the size it read.
    size = document.get_file_size()
    if size is None:
        return file_type
    return f"{file_type}, {filesizeformat(size)}"
