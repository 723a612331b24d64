// The search box offers the best hits while a visitor types (templates/search/results.html).
// Without this script the box is a plain form. With it, the box is an ARIA 1.2 combobox with a
// list: arrow keys move through the suggestions, Enter opens the chosen one, Escape closes the
// list, and a screen reader hears how many suggestions there are.
const DELAY_MS = 150;
const SHORTEST_QUERY = 2;

function setUpSuggestions(form) {
    const input = form.querySelector("input[type=search]");
    const list = form.querySelector(".search-suggestions");
    const status = form.querySelector(".search-suggestions__status");
    if (!input || !list || !status) {
        return;
    }
    let options = [];
    let active = -1;
    let timer = null;
    let asked = 0;

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);

    function close() {
        list.hidden = true;
        list.replaceChildren();
        options = [];
        active = -1;
        input.setAttribute("aria-expanded", "false");
        input.removeAttribute("aria-activedescendant");
    }

    function highlight(index) {
        options.forEach((option, position) => {
            option.setAttribute("aria-selected", position === index ? "true" : "false");
        });
        active = index;
        if (index >= 0) {
            input.setAttribute("aria-activedescendant", options[index].id);
        } else {
            input.removeAttribute("aria-activedescendant");
        }
    }

    function show(suggestions) {
        list.replaceChildren();
        options = suggestions.map((suggestion, position) => {
            const option = document.createElement("li");
            option.id = `${list.id}-${position}`;
            option.setAttribute("role", "option");
            option.setAttribute("aria-selected", "false");
            option.dataset.url = suggestion.url;
            const title = document.createElement("span");
            title.className = "search-suggestions__title";
            title.textContent = suggestion.title;
            const kind = document.createElement("span");
            kind.className = "search-suggestions__kind";
            kind.textContent = suggestion.kind;
            option.append(title, kind);
            option.addEventListener("mousedown", (event) => {
                event.preventDefault();
                window.location.assign(suggestion.url);
            });
            list.append(option);
            return option;
        });
        active = -1;
        list.hidden = options.length === 0;
        input.setAttribute("aria-expanded", options.length ? "true" : "false");
        if (options.length === 1) {
            status.textContent = status.dataset.foundOne;
        } else {
            status.textContent = options.length
                ? status.dataset.found.replace("{count}", options.length)
                : "";
        }
    }

    async function ask(query) {
        const number = ++asked;
        const address = `${form.dataset.suggestionsUrl}?q=${encodeURIComponent(query)}`;
        try {
            const response = await fetch(address, { headers: { Accept: "application/json" } });
            if (!response.ok || number !== asked) {
                return;
            }
            const answer = await response.json();
            if (number === asked && input.value.trim() === query) {
                show(answer.suggestions);
            }
        } catch {
            // No suggestions; the form still searches.
        }
    }

    input.addEventListener("input", () => {
        clearTimeout(timer);
        const query = input.value.trim();
        if (query.length < SHORTEST_QUERY) {
            asked++;
            close();
            return;
        }
        timer = setTimeout(() => ask(query), DELAY_MS);
    });

    input.addEventListener("keydown", (event) => {
        if (event.key === "ArrowDown" && options.length) {
            event.preventDefault();
            highlight((active + 1) % options.length);
        } else if (event.key === "ArrowUp" && options.length) {
            event.preventDefault();
            highlight(active <= 0 ? options.length - 1 : active - 1);
        } else if (event.key === "Enter" && active >= 0) {
            event.preventDefault();
            window.location.assign(options[active].dataset.url);
        } else if (event.key === "Escape" && !list.hidden) {
            event.preventDefault();
            close();
        }
    });

    input.addEventListener("blur", close);
}

for (const form of document.querySelectorAll("form[data-suggestions-url]")) {
    setUpSuggestions(form);
}
