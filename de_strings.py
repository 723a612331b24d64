# German for the member accounts (helper "accounts"), for /work/fill_po_dict.py.
T = {
    ("URL", "account/"): "konto/",
    ("URL", "member-area/account/"): "mitgliederbereich/konto/",
    ("URL", "member-area/account/data/"): "mitgliederbereich/konto/daten/",
    ("URL", "member-area/account/delete/"): "mitgliederbereich/konto/loeschen/",
    # members/account_forms.py
    "Preferred language": "Bevorzugte Sprache",
    "E-mails from SMART REGION come in this language.": (
        "In dieser Sprache erhalten Sie E-Mails der SMART REGION."
    ),
    "First name": "Vorname",
    "Last name": "Nachname",
    "Your password": "Ihr Passwort",
    "The password is not correct.": "Das Passwort ist nicht richtig.",
    # members/services.py (shown by the account pages)
    "Please choose one of the offered languages.": (
        "Bitte wählen Sie eine der angebotenen Sprachen."
    ),
    "You are the last owner of %(organisations)s. Make another member an owner first, then "
    "delete your account.": (
        "Sie sind die letzte Inhaberin oder der letzte Inhaber von %(organisations)s. Machen Sie "
        "zuerst eine andere Person zur Inhaberin oder zum Inhaber und löschen Sie dann Ihr Konto."
    ),
    # members/views/account.py
    "Your preferred language is saved.": "Ihre bevorzugte Sprache ist gespeichert.",
    "Your account and your personal data are deleted. Goodbye, and thank you!": (
        "Ihr Konto und Ihre persönlichen Daten sind gelöscht. Auf Wiedersehen und vielen Dank!"
    ),
    # templates/account/*.html
    "E-mail addresses": "E-Mail-Adressen",
    "You can log in with each confirmed address. Mail from SMART REGION goes to the primary "
    "address.": (
        "Sie können sich mit jeder bestätigten Adresse anmelden. E-Mails der SMART REGION gehen "
        "an die primäre Adresse."
    ),
    "Your addresses": "Ihre Adressen",
    "not confirmed": "nicht bestätigt",
    "primary": "primär",
    "Make primary": "Zur primären Adresse machen",
    "Send confirmation again": "Bestätigung erneut senden",
    "Remove": "Entfernen",
    "Your account has no e-mail address. Please add one: without it, you cannot log in or "
    "choose a new password.": (
        "Ihr Konto hat keine E-Mail-Adresse. Bitte fügen Sie eine hinzu: Ohne sie können Sie sich "
        "nicht anmelden und kein neues Passwort wählen."
    ),
    "Add an e-mail address": "E-Mail-Adresse hinzufügen",
    "Add address": "Adresse hinzufügen",
    "Back to my account": "Zurück zu meinem Konto",
    "Do you really want to remove the selected e-mail address?": (
        "Möchten Sie die ausgewählte E-Mail-Adresse wirklich entfernen?"
    ),
    "Please confirm that %(email)s is your e-mail address.": (
        "Bitte bestätigen Sie, dass %(email)s Ihre E-Mail-Adresse ist."
    ),
    "Confirm": "Bestätigen",
    "%(email)s cannot be confirmed, because another account has confirmed it already.": (
        "%(email)s kann nicht bestätigt werden, weil ein anderes Konto sie bereits bestätigt hat."
    ),
    "This link has expired or is not valid. Please log in: if your address is not confirmed "
    "yet, we will send you a new link.": (
        "Dieser Link ist abgelaufen oder ungültig. Bitte melden Sie sich an: Ist Ihre Adresse "
        "noch nicht bestätigt, senden wir Ihnen einen neuen Link."
    ),
    "Log in": "Anmelden",
    "Members of the SMART REGION log in with their e-mail address.": (
        "Mitglieder der SMART REGION melden sich mit ihrer E-Mail-Adresse an."
    ),
    "No account yet?": "Noch kein Konto?",
    "Sign up": "Registrieren",
    "Log out": "Abmelden",
    "Do you want to log out of the member area?": (
        "Möchten Sie sich vom Mitgliederbereich abmelden?"
    ),
    "Change password": "Passwort ändern",
    "Forgot your password?": "Passwort vergessen?",
    "Enter the e-mail address of your account. We will send you a link with which you can "
    "choose a new password.": (
        "Geben Sie die E-Mail-Adresse Ihres Kontos ein. Wir senden Ihnen einen Link, mit dem Sie "
        "ein neues Passwort wählen können."
    ),
    "Send link": "Link senden",
    "Back to the login": "Zurück zur Anmeldung",
    "Please check your e-mail": "Bitte sehen Sie in Ihr Postfach",
    "We have sent an e-mail to the address you entered. Its link lets you choose a new password.": (
        "Wir haben eine E-Mail an die eingegebene Adresse gesendet. Mit ihrem Link können Sie ein "
        "neues Passwort wählen."
    ),
    "No e-mail after a few minutes? Please look in your spam folder and check that you entered "
    "the address of your account.": (
        "Nach einigen Minuten noch keine E-Mail? Bitte sehen Sie in Ihrem Spam-Ordner nach und "
        "prüfen Sie, ob Sie die Adresse Ihres Kontos eingegeben haben."
    ),
    "This link is not valid": "Dieser Link ist ungültig",
    "The link has expired or has been used already. Please ask for a new one.": (
        "Der Link ist abgelaufen oder wurde schon benutzt. Bitte fordern Sie einen neuen an."
    ),
    "Ask for a new link": "Neuen Link anfordern",
    "Choose a new password": "Neues Passwort wählen",
    "Save password": "Passwort speichern",
    "Password changed": "Passwort geändert",
    "Your new password is saved. You can log in with it now.": (
        "Ihr neues Passwort ist gespeichert. Sie können sich jetzt damit anmelden."
    ),
    "With an account, you can register your organisation in the member area and apply for the "
    "seal “Part of SMART REGION”.": (
        "Mit einem Konto können Sie Ihre Organisation im Mitgliederbereich eintragen und das "
        "Siegel „Part of SMART REGION“ beantragen."
    ),
    "Create account": "Konto anlegen",
    "We will send you an e-mail with a link. Your account can be used once you have confirmed "
    "your address with it.": (
        "Wir senden Ihnen eine E-Mail mit einem Link. Sobald Sie damit Ihre Adresse bestätigt "
        "haben, können Sie Ihr Konto nutzen."
    ),
    "Already have an account?": "Sie haben schon ein Konto?",
    "Please confirm your e-mail address": "Bitte bestätigen Sie Ihre E-Mail-Adresse",
    "We have sent you an e-mail with a link. Please open it to confirm your address; then you "
    "can log in.": (
        "Wir haben Ihnen eine E-Mail mit einem Link gesendet. Bitte öffnen Sie ihn, um Ihre "
        "Adresse zu bestätigen; danach können Sie sich anmelden."
    ),
    "No e-mail after a few minutes? Please look in your spam folder. If you signed up with this "
    "address before, the e-mail tells you how to log in.": (
        "Nach einigen Minuten noch keine E-Mail? Bitte sehen Sie in Ihrem Spam-Ordner nach. "
        "Haben Sie sich mit dieser Adresse schon früher registriert, steht in der E-Mail, wie Sie "
        "sich anmelden."
    ),
    # templates/account/email/*
    "Hello,": "Guten Tag,",
    "You receive this e-mail because this address was entered on the website of the SMART "
    "REGION.": (
        "Sie erhalten diese E-Mail, weil diese Adresse auf der Website der SMART REGION "
        "angegeben wurde."
    ),
    "Please confirm your e-mail address for SMART REGION": (
        "Bitte bestätigen Sie Ihre E-Mail-Adresse für die SMART REGION"
    ),
    "thank you for signing up for the member area of the SMART REGION. Please confirm your "
    "e-mail address with this link; then you can log in:": (
        "vielen Dank für Ihre Registrierung im Mitgliederbereich der SMART REGION. Bitte "
        "bestätigen Sie mit diesem Link Ihre E-Mail-Adresse; danach können Sie sich anmelden:"
    ),
    "Confirm e-mail address": "E-Mail-Adresse bestätigen",
    "If you did not sign up, please ignore this e-mail: without the confirmation, no one can "
    "use the account.": (
        "Wenn Sie sich nicht registriert haben, beachten Sie diese E-Mail bitte nicht: Ohne die "
        "Bestätigung kann niemand das Konto nutzen."
    ),
    "this address was added to an account in the member area of the SMART REGION. Please "
    "confirm with this link that it is yours:": (
        "diese Adresse wurde einem Konto im Mitgliederbereich der SMART REGION hinzugefügt. Bitte "
        "bestätigen Sie mit diesem Link, dass es Ihre ist:"
    ),
    "If you did not add it, please ignore this e-mail: the address stays unconfirmed.": (
        "Wenn Sie sie nicht hinzugefügt haben, beachten Sie diese E-Mail bitte nicht: Die Adresse "
        "bleibt unbestätigt."
    ),
    "A new password for SMART REGION": "Ein neues Passwort für die SMART REGION",
    "someone – probably you – asked for a new password for your account in the member area of "
    "the SMART REGION. With this link you can choose one:": (
        "jemand – wahrscheinlich Sie – hat ein neues Passwort für Ihr Konto im Mitgliederbereich "
        "der SMART REGION angefordert. Mit diesem Link können Sie eines wählen:"
    ),
    "If you did not ask for it, please ignore this e-mail: your password stays as it is.": (
        "Wenn Sie es nicht angefordert haben, beachten Sie diese E-Mail bitte nicht: Ihr Passwort "
        "bleibt, wie es ist."
    ),
    "No account with this address at SMART REGION": (
        "Kein Konto mit dieser Adresse bei der SMART REGION"
    ),
    "someone – probably you – asked for a new password for %(email)s in the member area of the "
    "SMART REGION. There is no account with this address. If you would like one, you can sign "
    "up here:": (
        "jemand – wahrscheinlich Sie – hat ein neues Passwort für %(email)s im Mitgliederbereich "
        "der SMART REGION angefordert. Mit dieser Adresse gibt es kein Konto. Wenn Sie eines "
        "möchten, können Sie sich hier registrieren:"
    ),
    "If you did not ask for it, please ignore this e-mail.": (
        "Wenn Sie es nicht angefordert haben, beachten Sie diese E-Mail bitte nicht."
    ),
    "You already have an account at SMART REGION": (
        "Sie haben bereits ein Konto bei der SMART REGION"
    ),
    "someone – probably you – tried to sign up for the member area of the SMART REGION with "
    "%(email)s. There already is an account with this address, so no second one was made. If "
    "you have forgotten your password, you can choose a new one here:": (
        "jemand – wahrscheinlich Sie – wollte sich mit %(email)s im Mitgliederbereich der SMART "
        "REGION registrieren. Mit dieser Adresse gibt es bereits ein Konto, daher wurde kein "
        "zweites angelegt. Wenn Sie Ihr Passwort vergessen haben, können Sie hier ein neues "
        "wählen:"
    ),
    "If you did not try to sign up, please ignore this e-mail: your account stays as it is.": (
        "Wenn Sie sich nicht registrieren wollten, beachten Sie diese E-Mail bitte nicht: Ihr "
        "Konto bleibt, wie es ist."
    ),
    # templates/errors/429.html
    "Too many requests": "Zu viele Anfragen",
    "You have sent this form too often in a short time. Please wait a few minutes and try again.": (
        "Sie haben dieses Formular in kurzer Zeit zu oft gesendet. Bitte warten Sie einige "
        "Minuten und versuchen Sie es dann noch einmal."
    ),
    # templates/members/account/*.html
    "My account": "Mein Konto",
    "Save language": "Sprache speichern",
    "Login": "Anmeldung",
    "Manage e-mail addresses": "E-Mail-Adressen verwalten",
    "Your data": "Ihre Daten",
    "Download everything the member area keeps about you: your account, your roles in "
    "organisations, the invitations you sent and what you did. The file is in JSON format.": (
        "Laden Sie alles herunter, was der Mitgliederbereich über Sie speichert: Ihr Konto, Ihre "
        "Rollen in Organisationen, die Einladungen, die Sie verschickt haben, und was Sie getan "
        "haben. Die Datei hat das JSON-Format."
    ),
    "Download my data": "Meine Daten herunterladen",
    "If you no longer need your account, you can delete it with all your personal data.": (
        "Wenn Sie Ihr Konto nicht mehr brauchen, können Sie es mit allen Ihren persönlichen Daten "
        "löschen."
    ),
    "Delete my account": "Mein Konto löschen",
    (
        "You are the last owner of %(organisations)s. Before you delete your account, please "
        "make another member an owner, so that someone answers for the organisation.",
        "You are the last owner of %(organisations)s. Before you delete your account, please "
        "make another member an owner of each, so that someone answers for them.",
    ): [
        "Sie sind die letzte Inhaberin oder der letzte Inhaber von %(organisations)s. Bevor Sie "
        "Ihr Konto löschen, machen Sie bitte eine andere Person zur Inhaberin oder zum Inhaber, "
        "damit jemand für die Organisation verantwortlich ist.",
        "Sie sind die letzte Inhaberin oder der letzte Inhaber von %(organisations)s. Bevor Sie "
        "Ihr Konto löschen, machen Sie bitte für jede eine andere Person zur Inhaberin oder zum "
        "Inhaber, damit jemand für sie verantwortlich ist.",
    ],
    "Deleting your account removes your login, your profile and your roles in organisations at "
    "once. It cannot be undone. The organisations themselves and their applications stay.": (
        "Das Löschen entfernt Ihre Anmeldung, Ihr Profil und Ihre Rollen in Organisationen sofort. "
        "Es kann nicht rückgängig gemacht werden. Die Organisationen selbst und ihre Anträge "
        "bleiben bestehen."
    ),
    "You may want to download your data first.": (
        "Vielleicht möchten Sie vorher Ihre Daten herunterladen."
    ),
    "Delete my account for good": "Mein Konto endgültig löschen",
    "Keep my account": "Mein Konto behalten",
}
