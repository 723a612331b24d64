"""The video sites whose videos the video block can show, and how to read a video's ID from what
an editor pastes: the ID itself or any address of the video that the site hands out.

The players themselves are started by static/js/video-player.js, which knows their addresses;
the Content-Security-Policy's frame-src (cms/settings/base.py) allows exactly those.
"""

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit


@dataclass(frozen=True)
class VideoProvider:
    name: str
    id_pattern: str
    # Where a visitor without JavaScript watches the video.
    watch_url: str
    # Host names without "www." and the path before the ID, or None where the ID is the query's
    # "v" parameter (youtube.com/watch?v=...).
    address_forms: tuple[tuple[str, str | None], ...]

    def video_id(self, text):
        """The video's ID in ``text`` (an ID or an address of the video), else None."""
        text = text.strip()
        if re.fullmatch(self.id_pattern, text):
            return text
        address = urlsplit(text if "//" in text else f"https://{text}")
        host = address.netloc.lower().removeprefix("www.").removeprefix("m.")
        for form_host, path_prefix in self.address_forms:
            if host != form_host:
                continue
            if path_prefix is None:
                candidate = parse_qs(address.query).get("v", [""])[0]
            elif address.path.startswith(path_prefix):
                candidate = address.path.removeprefix(path_prefix).split("/")[0]
            else:
                continue
            if re.fullmatch(self.id_pattern, candidate):
                return candidate
        return None

    def page_url(self, video_id):
        return self.watch_url.format(id=video_id)


VIDEO_PROVIDERS = {
    "youtube": VideoProvider(
        name="YouTube",
        id_pattern=r"[A-Za-z0-9_-]{11}",
        watch_url="https://www.youtube.com/watch?v={id}",
        address_forms=(
            ("youtube.com", None),
            ("youtube.com", "/embed/"),
            ("youtube.com", "/shorts/"),
            ("youtube.com", "/live/"),
            ("youtu.be", "/"),
            ("youtube-nocookie.com", "/embed/"),
        ),
    ),
    "vimeo": VideoProvider(
        name="Vimeo",
        id_pattern=r"[0-9]+",
        watch_url="https://vimeo.com/{id}",
        address_forms=(("vimeo.com", "/"), ("player.vimeo.com", "/video/")),
    ),
}
