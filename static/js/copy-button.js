// Copy buttons: a button with data-copy="ID" copies the value of the field with that id and
// says so in the live region beside it. Without script (or clipboard access) the button stays
// hidden and the field can still be selected and copied by hand.
if (navigator.clipboard && window.isSecureContext) {
    document.querySelectorAll("button[data-copy]").forEach((button) => {
        const field = document.getElementById(button.dataset.copy);
        const status = button.parentElement.querySelector("[role=status]");
        if (!field || !status) {
            return;
        }
        button.hidden = false;
        button.addEventListener("click", async () => {
            // Emptied first, so that a second copy is announced again.
            status.textContent = "";
            try {
                await navigator.clipboard.writeText(field.value);
                status.textContent = button.dataset.copied;
            } catch {
                field.select();
                status.textContent = button.dataset.copyFailed;
            }
        });
    });
}
