import contextlib
import os
import tempfile


def write_private_file(path, text):
    """Write a secret readable by its owner only, from the first byte on."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as secret:
        secret.write(text)


def private_file_once(path, make_text):
    """The text of a private file, which the first of any number of processes starting at once
    creates: the file appears complete (linked into place) or not at all."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        descriptor, draft = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
        try:
            with os.fdopen(descriptor, "w") as secret:
                secret.write(make_text())
            with contextlib.suppress(FileExistsError):
                os.link(draft, path)
        finally:
            os.unlink(draft)
    return path.read_text().strip()
