"""Member accounts as a member meets them: signing up and confirming the address by e-mail,
logging in and out, a new password, the preferred language, the download of their data and the
deletion of the account, in German and English, within the site's limits on guessing."""

import json
import re
from urllib.parse import urlsplit

import pytest
from allauth.account.models import EmailAddress
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.shortcuts import resolve_url
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from cms.models import OutgoingMail
from members import services
from members.models import Organisation, Profile
from tests.factories.members import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "Heidekraut-Lüneburg-2026"
FACTORY_PASSWORD = "Sehr-geheim-2026"
SITE_ADDRESS = "https://smart-region.example.org"


def url(name, language="de", *args):
    with translation.override(language):
        return reverse(name, args=args)


def verified_member(language=None, **fields):
    member = UserFactory(**fields)
    EmailAddress.objects.create(user=member, email=member.email, verified=True, primary=True)
    if language:
        services.profile_update(user=member, language=language)
    return member


def sign_up(client, capture, language="de", **fields):
    data = {
        "email": "anna.schulz@example.org",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "first_name": "Anna",
        "last_name": "Schulz",
        "language": language,
    } | fields
    with capture(execute=True):
        return client.post(url("account_signup", language), data)


def log_in(client, email, password, language="de"):
    return client.post(url("account_login", language), {"login": email, "password": password})


def logged_in_user_id(client):
    return client.session.get("_auth_user_id")


def link_in(message, start):
    """The link in a mail's text that starts with ``start``, and the same link in its HTML."""
    links = re.findall(rf"{re.escape(start)}\S*", message.body)
    assert len(links) == 1, message.body
    html = message.alternatives[0][0]
    assert f'href="{links[0]}"' in html
    return links[0]


def path_of(link):
    return urlsplit(link).path


@override_settings(WAGTAILADMIN_BASE_URL=SITE_ADDRESS)
def test_sign_up_mails_a_link_through_the_outbox_which_opens_the_account(
    client, django_capture_on_commit_callbacks
):
    response = sign_up(client, django_capture_on_commit_callbacks)

    assert response.status_code == 302
    assert response["Location"] == url("account_email_verification_sent")
    member = get_user_model().objects.get(email="anna.schulz@example.org")
    assert (member.first_name, member.last_name) == ("Anna", "Schulz")
    assert Profile.objects.get(user=member).language == "de"
    assert OutgoingMail.objects.filter(recipient=member.email, sent_at__isnull=False).count() == 1
    [message] = mail.outbox
    assert message.to == ["anna.schulz@example.org"]
    assert message.subject == "Bitte bestätigen Sie Ihre E-Mail-Adresse für die SMART REGION"
    assert "Guten Tag Anna Schulz," in message.body
    assert "E-Mail-Adresse bestätigen" in message.alternatives[0][0]
    # The link leads to the site's public address, whichever host the request came to.
    link = link_in(message, f"{SITE_ADDRESS}/de/konto/confirm-email/")

    # Until the address is confirmed, the password alone does not log in.
    response = log_in(client, member.email, PASSWORD)
    assert response["Location"] == url("account_email_verification_sent")
    assert logged_in_user_id(client) is None

    confirmation = client.get(path_of(link))
    assert "Bitte bestätigen Sie, dass anna.schulz@example.org Ihre E-Mail-Adresse ist." in (
        confirmation.content.decode()
    )
    response = client.post(path_of(link))
    assert response["Location"] == url("account_login")
    assert EmailAddress.objects.get(user=member).verified

    response = log_in(client, member.email, PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == resolve_url(settings.LOGIN_REDIRECT_URL)
    assert logged_in_user_id(client) == str(member.pk)


def test_sign_up_offers_the_language_of_the_page_and_writes_in_the_chosen_one(
    client, django_capture_on_commit_callbacks
):
    german = client.get(url("account_signup", "de")).content.decode()
    english = client.get(url("account_signup", "en")).content.decode()

    assert re.search(r'<input[^>]*value="de"[^>]*checked', german)
    assert re.search(r'<input[^>]*value="en"[^>]*checked', english)

    sign_up(client, django_capture_on_commit_callbacks, language="en")

    [message] = mail.outbox
    assert message.subject == "Please confirm your e-mail address for SMART REGION"
    link_in(message, "http://testserver/en/account/confirm-email/")


def test_sign_up_answers_mistakes_in_the_language_of_the_page(
    client, django_capture_on_commit_callbacks
):
    german = sign_up(client, django_capture_on_commit_callbacks, password2="Anders-2026-xyz")
    english = sign_up(
        client,
        django_capture_on_commit_callbacks,
        language="en",
        password1="kurz",
        password2="kurz",
    )

    assert german.status_code == 200
    assert "Bitte geben Sie zweimal dasselbe Passwort ein." in german.content.decode()
    assert english.status_code == 200
    assert "This password is too short." in english.content.decode()
    assert not get_user_model().objects.exists()
    assert mail.outbox == []


def test_a_second_sign_up_with_an_address_makes_no_second_account_and_tells_its_owner(
    client, django_capture_on_commit_callbacks
):
    member = verified_member(email="anna.schulz@example.org", language="de")

    response = sign_up(client, django_capture_on_commit_callbacks, language="en")

    # The page says the same as for a new address, so that no one learns who has an account.
    assert response["Location"] == url("account_email_verification_sent", "en")
    assert get_user_model().objects.filter(email__iexact=member.email).count() == 1
    [message] = mail.outbox
    assert message.subject == "Sie haben bereits ein Konto bei der SMART REGION"
    assert "Guten Tag Anna Schulz," in message.body
    link_in(message, "http://testserver/de/konto/password/reset/")


def test_a_wrong_password_is_refused_in_the_language_of_the_page(client):
    member = verified_member()

    german = log_in(client, member.email, "falsch-geraten-1")
    english = log_in(client, member.email, "falsch-geraten-2", language="en")

    assert german.status_code == 200
    assert "Die E-Mail-Adresse und/oder das Passwort sind leider falsch." in (
        german.content.decode()
    )
    assert "The email address and/or password you specified are not correct." in (
        english.content.decode()
    )
    assert logged_in_user_id(client) is None


def test_a_forgotten_password_is_replaced_through_the_mailed_link(
    client, django_capture_on_commit_callbacks
):
    member = verified_member(language="de")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("account_reset_password"), {"email": member.email})

    assert response["Location"] == url("account_reset_password_done")
    [message] = mail.outbox
    assert message.subject == "Ein neues Passwort für die SMART REGION"
    link = link_in(message, "http://testserver/de/konto/password/reset/key/")
    form_page = client.get(path_of(link), follow=True)
    assert "Neues Passwort wählen" in form_page.content.decode()
    response = client.post(
        form_page.redirect_chain[-1][0], {"password1": PASSWORD, "password2": PASSWORD}
    )
    assert response["Location"] == url("account_reset_password_from_key_done")

    assert log_in(client, member.email, FACTORY_PASSWORD).status_code == 200
    assert log_in(client, member.email, PASSWORD)["Location"] == resolve_url(
        settings.LOGIN_REDIRECT_URL
    )
    # The link works once.
    client.logout()
    used = client.get(path_of(link), follow=True)
    assert "Dieser Link ist ungültig" in used.content.decode()


def test_the_language_chosen_on_the_profile_is_the_language_of_the_next_mail(
    client, django_capture_on_commit_callbacks
):
    member = verified_member(language="de")
    client.force_login(member)

    response = client.post(url("members:account"), {"language": "en"}, follow=True)

    assert "Ihre bevorzugte Sprache ist gespeichert." in response.content.decode()
    assert services.profile_for(member).language == "en"
    client.logout()
    # Asked for on a German page, the mail still comes in the member's language.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("account_reset_password", "de"), {"email": member.email})
    [message] = mail.outbox
    assert message.subject == "A new password for SMART REGION"
    assert "Hello Anna Schulz," in message.body
    link_in(message, "http://testserver/en/account/password/reset/key/")


def test_an_added_address_is_confirmed_by_a_mail_in_the_members_language(
    client, django_capture_on_commit_callbacks
):
    member = verified_member(language="en")
    client.force_login(member)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("account_email"), {"action_add": "", "email": "anna@heidewerk.example"}
        )

    assert response.status_code == 302
    [message] = mail.outbox
    assert message.to == ["anna@heidewerk.example"]
    assert message.subject == "Please confirm your e-mail address for SMART REGION"
    link_in(message, "http://testserver/en/account/confirm-email/")
    assert not EmailAddress.objects.get(email="anna@heidewerk.example").verified


def test_the_profile_refuses_a_language_the_site_does_not_offer(client):
    member = verified_member(language="de")
    client.force_login(member)

    response = client.post(url("members:account"), {"language": "fr"})

    assert response.status_code == 200
    assert "Bitte eine gültige Auswahl treffen. fr ist keine gültige Auswahl." in (
        response.content.decode()
    )
    assert services.profile_for(member).language == "de"


def test_a_member_downloads_their_data_with_their_memberships(client):
    member = verified_member(language="en")
    OrganisationFactory(owner=member, name="Heidewerk Digital GmbH")
    client.force_login(member)

    response = client.get(url("members:account_export"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    data = json.loads(response.content)
    assert data["account"]["email"] == member.email
    assert data["account"]["preferred_language"] == "en"
    assert data["email_addresses"] == [{"email": member.email, "verified": True, "primary": True}]
    assert [(entry["organisation"], entry["role"]) for entry in data["memberships"]] == [
        ("Heidewerk Digital GmbH", "owner")
    ]


@pytest.mark.parametrize("name", ["members:account", "members:account_export"])
def test_the_account_pages_ask_for_a_login(client, name):
    response = client.get(url(name))

    assert response.status_code == 302
    assert response["Location"].startswith(url("account_login"))


def test_a_member_deletes_their_account_after_giving_the_password_again(client):
    member = verified_member()
    client.force_login(member)

    wrong = client.post(url("members:account_delete"), {"password": "falsch-geraten-1"})
    assert "Das Passwort ist nicht richtig." in wrong.content.decode()
    assert get_user_model().objects.filter(pk=member.pk).exists()

    response = client.post(url("members:account_delete"), {"password": FACTORY_PASSWORD})

    assert response.status_code == 302
    assert not get_user_model().objects.filter(pk=member.pk).exists()
    assert not EmailAddress.objects.filter(email=member.email).exists()
    assert logged_in_user_id(client) is None
    # The goodbye shows on the next page.
    next_page = client.get(url("account_login")).content.decode()
    assert "Ihr Konto und Ihre persönlichen Daten sind gelöscht." in next_page


def test_the_last_owner_of_an_organisation_is_told_to_hand_it_over_first(client):
    member = verified_member()
    OrganisationFactory(owner=member, name="Heidewerk Digital GmbH")
    shared = OrganisationFactory(name="Elbe Daten eG")
    services.grant_role(member, shared, "owner")
    shared.memberships.create(user=member, role="owner")
    client.force_login(member)

    warning = client.get(url("members:account_delete")).content.decode()
    response = client.post(url("members:account_delete"), {"password": FACTORY_PASSWORD})

    assert "Sie sind die letzte Inhaberin oder der letzte Inhaber von Heidewerk Digital GmbH." in (
        warning
    )
    assert "Elbe Daten eG" not in warning
    assert response.status_code == 200
    assert "Heidewerk Digital GmbH" in response.content.decode()
    assert get_user_model().objects.filter(pk=member.pk).exists()
    assert Organisation.objects.filter(name="Heidewerk Digital GmbH").exists()
    assert logged_in_user_id(client) == str(member.pk)


PUBLIC_PAGES = [
    ("account_login", "Anmelden", "Log in"),
    ("account_signup", "Registrieren", "Sign up"),
    ("account_reset_password", "Passwort vergessen?", "Forgot your password?"),
]
MEMBER_PAGES = [
    ("members:account", "Mein Konto", "My account"),
    ("members:account_delete", "Mein Konto löschen", "Delete my account"),
    ("account_change_password", "Passwort ändern", "Change password"),
    ("account_email", "E-Mail-Adressen", "E-mail addresses"),
    ("account_logout", "Abmelden", "Log out"),
]


@pytest.mark.parametrize(("name", "german", "english"), PUBLIC_PAGES + MEMBER_PAGES)
def test_the_pages_are_the_sites_own_in_german_and_english(client, name, german, english):
    if (name, german, english) in MEMBER_PAGES:
        client.force_login(verified_member())

    for language, heading in (("de", german), ("en", english)):
        response = client.get(url(name, language))
        content = response.content.decode()

        assert response.status_code == 200
        assert f'<html lang="{language}">' in content
        assert 'class="site-header"' in content
        assert 'class="account-page"' in content
        assert f"<h1>{heading}</h1>" in content
        assert '<meta name="robots" content="noindex">' in content


def test_too_many_password_resets_for_one_address_get_a_clear_answer(
    client, django_capture_on_commit_callbacks
):
    member = verified_member()

    with django_capture_on_commit_callbacks(execute=True):
        answers = [
            client.post(url("account_reset_password"), {"email": member.email}) for _ in range(6)
        ]

    assert [answer.status_code for answer in answers] == [302] * 5 + [429]
    content = answers[-1].content.decode()
    assert "<h1>Zu viele Anfragen</h1>" in content
    assert 'class="site-header"' in content
    assert len(mail.outbox) == 5


@override_settings(AXES_FAILURE_LIMIT=3)
def test_failed_member_logins_lock_the_account_with_the_sites_lockout_page(client):
    member = verified_member(email="anna.schulz@example.org")

    answers = [
        log_in(client, email, "falsch-geraten")
        for email in (
            "anna.schulz@example.org",
            "Anna.Schulz@example.org",
            "ANNA.SCHULZ@example.org",
        )
    ]
    locked = log_in(client, member.email, FACTORY_PASSWORD)

    assert [answer.status_code for answer in answers] == [200, 200, 429]
    # However the address is written, it is one account to django-axes.
    assert set(AccessAttempt.objects.values_list("username", flat=True)) == {member.email}
    assert locked.status_code == 429
    assert "Zu viele fehlgeschlagene Anmeldungen" in locked.content.decode()
    assert logged_in_user_id(client) is None


def test_the_admin_login_by_user_name_still_works(client, admin_user):
    response = client.post(
        "/admin/login/", {"username": "redaktion", "password": "sicheres-passwort-42"}
    )

    assert response.status_code == 302
    assert logged_in_user_id(client) == str(admin_user.pk)
