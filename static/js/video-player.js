// Video blocks (templates/components/blocks/video_block.html) show a poster and a link to the
// video on its site: nothing comes from the video site until the visitor starts the video. This
// script makes the link a button that puts the site's privacy-enhanced player in the poster's
// place. The Content-Security-Policy's frame-src (cms/settings/base.py) allows these players.
const playerUrls = {
    youtube: (id) => `https://www.youtube-nocookie.com/embed/${encodeURIComponent(id)}?autoplay=1`,
    vimeo: (id) => `https://player.vimeo.com/video/${encodeURIComponent(id)}?dnt=1&autoplay=1`,
};

function startPlayer(player) {
    const frame = document.createElement("iframe");
    frame.className = "block-video__frame";
    frame.src = playerUrls[player.dataset.videoProvider](player.dataset.videoId);
    frame.title = player.dataset.videoTitle;
    frame.allow = "autoplay; fullscreen; picture-in-picture";
    frame.allowFullscreen = true;
    // The site sends other servers no referrer, but YouTube's player refuses to play without one.
    frame.referrerPolicy = "strict-origin-when-cross-origin";
    player.replaceChildren(frame);
    // The button is gone; keyboard users continue in the player.
    frame.focus();
}

for (const player of document.querySelectorAll(".block-video__player")) {
    const link = player.querySelector(".block-video__play");
    if (!link || !(player.dataset.videoProvider in playerUrls)) {
        continue;
    }
    const button = document.createElement("button");
    button.type = "button";
    button.className = link.className;
    button.replaceChildren(...link.childNodes);
    button.addEventListener("click", () => startPlayer(player));
    link.replaceWith(button);
}
