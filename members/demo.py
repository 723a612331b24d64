"""The registry's part of the demo content (``cms/demo/data/50-members.yaml``): reviewers'
districts, organisations with the story of their applications and seals, and ambassadors.

The generic demo loader calls these functions for the sections named after them. Every record
is made through the service functions, by the person who would take the step in real use, so
that the demo passes through the state machine and leaves the same audit trail. A record is
made once, with its whole story: a second run finds it under its key and leaves it, with its
applications and seals, as it is now.
"""

import inspect

from django.utils import translation

from cms.demo.loader import DemoDataError, Texts

from . import services
from .models import Ambassador, Organisation, ReviewerAssignment, SealStatus

APPLICATION_STEPS = {
    "update": services.application_update,
    "submit": services.application_submit,
    "start_review": services.application_start_review,
    "comment": services.application_comment,
    "recommend": services.application_recommend,
    "request_changes": services.application_request_changes,
    "answer": services.application_answer,
    "approve": services.application_approve,
    "reject": services.application_reject,
    "withdraw": services.application_withdraw,
}
# Taken by the organisation's owner unless the step names someone else.
APPLICANT_STEPS = {"update"} | {
    name
    for name, transition in services.APPLICATION_TRANSITIONS.items()
    if transition.actor == "applicant"
}
SEAL_STEPS = {
    "suspend": services.seal_suspend,
    "reinstate": services.seal_reinstate,
    "revoke": services.seal_revoke,
}


def reviewer_assignments(loader, entry):
    """``{key, reviewer, district or sector, by}``: the committee member ``by`` makes the
    reviewer responsible for the district's or sector's applications."""
    assignment = loader.loaded(entry["key"], ReviewerAssignment)
    created = assignment is None
    if created:
        values = values_of(loader, {name: entry[name] for name in entry if name != "key"})
        assignment = take(loader, "assign", services.reviewer_assign, values)
    loader.remember(entry["key"], assignment, created)
    loader.log(f"reviewer assignment “{assignment}”", created)


def organisations(loader, entry):
    """``{key, owner, fields, applications, seal}``: the organisation as its owner creates it,
    with its description in German and English, then its applications step by step and what
    the committee later did with its seal."""
    organisation = loader.loaded(entry["key"], Organisation)
    created = organisation is None
    if created:
        owner = values_of(loader, entry["owner"])
        fields = dict(entry["fields"])
        description = loader.in_both_languages(fields.pop("description"))
        values = values_of(loader, fields)
        organisation = take(
            loader,
            "create",
            services.organisation_create,
            {
                "by": owner,
                "sectors": values.pop("sectors", []),
                "description_de": description["de"],
                "description_en": description["en"],
                **values,
            },
        )
        for story in entry.get("applications", []):
            tell_application(loader, organisation, owner, story)
        for step in entry.get("seal", []):
            name, options = name_and_options(loader, step, SEAL_STEPS)
            seal = organisation.seals.exclude(status=SealStatus.REVOKED).first()
            if seal is None:
                raise DemoDataError(f"{loader.where}: {name}: the organisation holds no seal")
            take(loader, name, SEAL_STEPS[name], {"seal": seal, **values_of(loader, options)})
    loader.remember(entry["key"], organisation, created)
    loader.log(f"organisation “{organisation}”", created)


def tell_application(loader, organisation, owner, story):
    """An application from its draft on: ``{answers, steps}``, with ``renews_seal: true`` for
    the renewal of the seal the organisation holds."""
    renews = organisation.seals.exclude(status=SealStatus.REVOKED).first()
    if story.get("renews_seal") and renews is None:
        raise DemoDataError(f"{loader.where}: renews_seal: the organisation holds no seal")
    application = take(
        loader,
        "create",
        services.application_create,
        {
            "organisation": organisation,
            "by": owner,
            "renews": renews if story.get("renews_seal") else None,
            **values_of(loader, story["answers"]),
        },
    )
    for step in story.get("steps", []):
        name, options = name_and_options(loader, step, APPLICATION_STEPS)
        values = values_of(loader, options)
        if "by" not in values and name not in APPLICANT_STEPS:
            raise DemoDataError(f"{loader.where}: {name}: “by” is missing")
        values.setdefault("by", owner)
        if name == "update":
            values["version"] = application.version
        take(loader, name, APPLICATION_STEPS[name], {"application": application, **values})


def ambassadors(loader, entry):
    """``{key, by, fields}``: the committee member ``by`` names an organisation or a person
    ambassador for a sector or a district; the statement stands in German and English."""
    ambassador = loader.loaded(entry["key"], Ambassador)
    created = ambassador is None
    if created:
        fields = dict(entry["fields"])
        statement = loader.in_both_languages(fields.pop("statement"))
        ambassador = take(
            loader,
            "appoint",
            services.ambassador_appoint,
            {
                "by": values_of(loader, entry["by"]),
                "statement_de": statement["de"],
                "statement_en": statement["en"],
                **values_of(loader, fields),
            },
        )
    loader.remember(entry["key"], ambassador, created)
    loader.log(f"ambassador “{ambassador}”", created)


def values_of(loader, value):
    return loader.resolve(value, Texts(loader.where))


def name_and_options(loader, step, steps):
    """A step is written as its name (``submit``) or as its name with options
    (``{reject: {by: {ref: user-committee}, comment: …}}``)."""
    name, options = next(iter(step.items())) if isinstance(step, dict) else (step, {})
    if name not in steps:
        raise DemoDataError(f"{loader.where}: unknown step “{name}”; known are {', '.join(steps)}")
    return name, options or {}


def take(loader, name, function, arguments):
    """Call the service function as a screen would; a refusal stops the loader, naming the
    data file, the entry and the step."""
    parameters = inspect.signature(function).parameters
    takes_fields = any(parameter.kind is parameter.VAR_KEYWORD for parameter in parameters.values())
    unknown = set(arguments) - set(parameters)
    if unknown and not takes_fields:
        raise DemoDataError(f"{loader.where}: {name}: no option “{sorted(unknown)[0]}”")
    try:
        return function(**arguments)
    except (services.ActionNotAllowed, services.InvalidInput, services.EditConflict) as refusal:
        with translation.override("en"):
            raise DemoDataError(f"{loader.where}: {name}: {refusal.message}") from None
