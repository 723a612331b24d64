// wagtail-localize's translation editor writes two labels in English whatever the admin language
// ("Deutsch to English translation", "More actions"); they are put into the editor's language
// here, as the editor renders them, from strings the page template translated.
{
  const labels = document.currentScript.dataset;

  const relabel = () => {
    document.querySelectorAll(".js-translation-editor section h3").forEach((heading) => {
      if (/^.+ to .+ translation$/.test(heading.textContent)) {
        heading.textContent = labels.sectionTitle;
      }
    });
    document.querySelectorAll(".w-dropdown__toggle .w-sr-only").forEach((label) => {
      if (label.textContent === "More actions") {
        label.textContent = labels.moreActions;
      }
    });
  };

  // The admin loads this in the document head, before the editor exists.
  document.addEventListener("DOMContentLoaded", () => {
    new MutationObserver(relabel).observe(document.body, { childList: true, subtree: true });
    relabel();
  });
}
