"""Visitors search posts, pages and member organisations; what they find follows every change,
and nothing they type breaks the results page."""

import io
import time
from collections import Counter
from contextlib import ExitStack
from dataclasses import replace
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.db import transaction
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query, QueryDailyHits
from wagtail.models import PageViewRestriction

from blog import findable as blog_findable
from cms.models import District
from members import services as members_services
from members.models import Ambassador
from search import maintenance, promotions, sync
from search.engines import elasticsearch
from search.entries import many_objects
from search.index_writers import DatabaseIndex, index_writers
from search.models import IndexChange, SearchEntry
from search.registry import key_of
from search.service import search
from tests.conftest import build_site_tree
from tests.factories.blog import BlogIndexPageFactory, BlogPostPageFactory
from tests.factories.members import (
    OrganisationFactory,
    UserFactory,
    committee_member,
    draft_application,
    owner_of,
)
from tests.helpers import parse

pytestmark = pytest.mark.django_db


def paragraph(text):
    return [("paragraph", f"<p>{text}</p>")]


@pytest.fixture(scope="module")
def region(engine, django_db_setup, django_db_blocker):
    """A site with a blog of a few posts and a seal holder, indexed once for the module by
    each engine."""
    with django_db_blocker.unblock(), transaction.atomic():
        tree = build_site_tree()
        blog = BlogIndexPageFactory(parent=tree.home)
        posts = SimpleNamespace(
            storage=BlogPostPageFactory(
                parent=blog,
                title="Energiespeicher für den Hof",
                date=date(2025, 5, 12),
                intro="Ein Landwirt in Uelzen speichert Sonnenstrom für die Nacht.",
                body=paragraph(
                    "Die Batterie im Stall versorgt Melkroboter und Kühlung. "
                    "Die Energiewirtschaft der Region lernt daraus."
                ),
                sectors=[tree.energy],
                districts=[tree.uelzen],
                tags=["Energie"],
            ),
            crafts=BlogPostPageFactory(
                parent=blog,
                title="Künstliche Intelligenz im Handwerk",
                date=date(2026, 2, 3),
                intro="Eine Tischlerei aus Lüneburg plant Aufträge mit einem KI-Werkzeug.",
                body=paragraph("Die Projekte der Werkstatt laufen seither pünktlicher."),
                sectors=[tree.food],
                districts=[tree.stade],
                tags=["KI", "Handwerk"],
            ),
            retail=BlogPostPageFactory(
                parent=blog,
                title="Virtuelle Realität im Einzelhandel",
                date=date(2024, 9, 1),
                intro="Ein Modehaus in Stade lässt Kundinnen Räume virtuell begehen.",
                body=paragraph("Erneuerbare Energie spielt hier keine Rolle."),
                districts=[tree.stade],
                tags=["Handel"],
            ),
        )
        committee = committee_member()
        application = draft_application()
        organisation = application.organisation
        members_services.application_submit(application=application, by=owner_of(organisation))
        members_services.application_start_review(application=application, by=committee)
        members_services.application_approve(application=application, by=committee)
        maintenance.rebuild()
        yield SimpleNamespace(
            tree=tree, blog=blog, posts=posts, organisation=organisation, engine=engine
        )
        transaction.set_rollback(True)


def urls(results):
    return [hit.url for hit in results.hits]


def found(query, **options):
    """The results, from the engine of the module's run: Elasticsearch must not have left
    the answer to the database."""
    results = search(query, language=options.pop("language", "de"), **options)
    assert results.engine == ("elasticsearch" if settings.ELASTICSEARCH_URL else "database")
    return results


def urls_found(query, **options):
    return {hit.url for hit in found(query, **options).hits}


@pytest.mark.parametrize(
    ("query", "post"),
    [
        ("Energiespeicher", "storage"),
        ("Lueneburg", "crafts"),
        ("Luneburg", "crafts"),
        ("Lüneburg", "crafts"),
        ("kuenstliche intelligenz", "crafts"),
        ("Projekt", "crafts"),
        ("Einzelhandels", "retail"),
        ("Energie", "storage"),
    ],
)
def test_words_find_their_other_forms_and_spellings(region, query, post):
    assert getattr(region.posts, post).url in urls_found(query)


def test_a_word_finds_the_compounds_it_begins(region):
    assert region.posts.storage.url in urls_found("Energie")


def test_quotes_find_a_phrase_as_it_stands(region):
    assert urls_found('"Erneuerbare Energie"') == {region.posts.retail.url}
    assert region.posts.retail.url not in urls_found('"Energie erneuerbare"')


def test_found_words_are_highlighted_and_the_kind_is_named(region, client):
    page = parse(client.get("/de/suche/", {"q": "Tischlerei"}))

    [hit] = page.select(".search-hit")
    assert hit.select_one(".search-hit__kind").get_text(strip=True) == "Gutes Beispiel"
    assert hit.select_one(".search-hit__title a")["href"] == region.posts.crafts.url
    assert [mark.get_text() for mark in hit.select(".search-hit__snippet mark")] == ["Tischlerei"]


def test_facets_count_the_results_and_filter_them_in_any_combination(region):
    stade = found("Stade")
    districts = {value.value: value.count for value in stade.facets["district"]}
    kinds = {value.value: value.count for value in stade.facets["type"]}
    assert districts["stade"] == 3
    assert kinds == {"post": 2, "lead_project": 1}
    only_retail = found("Stade", filters={"tag": "handel", "district": "stade"})
    assert urls(only_retail) == [region.posts.retail.url]
    assert only_retail.chosen == {"tag": ("handel", "Handel"), "district": ("stade", "Stade")}


def test_unknown_facet_values_are_ignored(region):
    plain = found("Stade")

    unknown = found(
        "Stade",
        filters={"tag": "gibt-es-nicht", "year": "abc", "type": "<b>", "district": "sta\x00de"},
    )

    assert unknown.total == plain.total
    assert unknown.chosen == {}


def test_results_sort_by_relevance_or_by_date(region):
    newest_first = found("Stade", sort="date")

    # The lead project has no date: it comes last.
    assert urls(newest_first) == [
        region.posts.crafts.url,
        region.posts.retail.url,
        region.tree.network.url,
    ]


def test_a_page_past_the_end_shows_the_last_page(region, client):
    results = found("Stade", page=99)

    assert results.page == 1
    assert client.get("/de/suche/", {"q": "Stade", "page": "abc"}).status_code == 404
    assert client.get("/de/suche/", {"q": "Stade", "page": "99"}).status_code == 200


def test_a_misspelled_query_is_offered_a_correction(region, client):
    page = parse(client.get("/de/suche/", {"q": "Einzelhandl"}))

    suggestion = page.select_one(".search-empty__suggestion a")
    assert suggestion.get_text() == "einzelhandel"
    assert parse(client.get("/de/suche/" + suggestion["href"])).select(".search-hit")


def test_elasticsearch_finds_a_word_typed_with_a_typo_and_both_offer_its_spelling(region):
    results = found("Einzelhandl")

    assert results.suggestion == "einzelhandel"
    typo_tolerant = region.engine == "elasticsearch"
    assert urls(results) == ([region.posts.retail.url] if typo_tolerant else [])


def test_english_pages_are_found_in_english(region):
    assert urls_found("Energy network", language="en") == {region.tree.en.network.url}
    assert region.tree.en.network.url not in urls_found("Energy network")


def test_a_seal_holder_is_found_until_its_seal_runs_out(region):
    organisation = region.organisation
    profile = f"/de/mitglieder/{organisation.slug}/"
    assert profile in urls_found(organisation.name)
    key = f"members.organisation:{organisation.pk}"
    kind, entries = sync.entries_now(key)
    assert {entry.visible_until for entry in entries} == {organisation.seals.get().valid_until}

    # Indexed while the seal was valid, found no longer from the day after its end.
    for entry in entries:
        entry.visible_until = timezone.localdate() - timedelta(days=1)
    for writer in index_writers():
        writer.write(key, kind, entries)

    assert profile not in urls_found(organisation.name)


@pytest.mark.parametrize(
    "query",
    [
        "",
        "x" * 10_000,
        "!!! ??? *** ((( ]]]",
        'title:(energie OR wind) AND _exists_:body^5 ~2 "',
        '"unbalanced quote',
        "Energie\x00\x1f\x7f speicher",
        "能源 储存",
        "<script>alert(1)</script>",
        "' OR 1=1 --",
        "energie* NEAR(a b) {x}",
    ],
)
def test_any_query_gives_a_results_page(region, client, query):
    response = client.get("/de/suche/", {"q": query})

    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_publishing_unpublishing_moving_and_deleting_update_the_index(
    region, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post = BlogPostPageFactory(parent=region.blog, title="Smarte Demografie im Dorf")
        post.save_revision().publish()
    assert urls_found("Demografie") == {post.url}

    with django_capture_on_commit_callbacks(execute=True):
        post.unpublish()
    assert urls_found("Demografie") == set()

    with django_capture_on_commit_callbacks(execute=True):
        post.save_revision().publish()
        post.move(region.tree.about, pos="last-child")
    post.refresh_from_db()
    assert urls_found("Demografie") == {post.url}
    assert post.url.startswith("/de/uber-uns/")

    with django_capture_on_commit_callbacks(execute=True):
        post.delete()
    assert urls_found("Demografie") == set()
    assert not IndexChange.objects.exists()


def test_a_hit_found_by_its_title_alone_shows_the_start_of_its_text_as_cut_short(
    region, django_capture_on_commit_callbacks
):
    years = " ".join(f"Im Jahr {year} kamen neue Betriebe dazu." for year in range(2000, 2030))
    with django_capture_on_commit_callbacks(execute=True):
        post = BlogPostPageFactory(
            parent=region.blog,
            title="Zukunftswerkstatt in Bleckede",
            intro="Ein Bericht aus dem Amt Neuhaus.",
            body=paragraph(years),
        )
        post.save_revision().publish()

    [hit] = found("Zukunftswerkstatt").hits
    assert hit.snippet.startswith("Ein Bericht aus dem Amt Neuhaus.")
    assert hit.snippet.endswith(" …")
    assert "<mark>" not in hit.snippet

    with django_capture_on_commit_callbacks(execute=True):
        post.delete()


def facet_names(results, facet):
    return {value.value: value.label for value in results.facets.get(facet, [])}


def renamed(django_capture_on_commit_callbacks, sector, district, tag, names):
    """Gives ``sector``, ``district`` and ``tag`` the ``names`` as an editor would; returns
    their names before."""
    before = (sector.title, district.name, tag.name)
    with django_capture_on_commit_callbacks(execute=True):
        sector.title = names[0]
        sector.save_revision().publish()
        district.name = names[1]
        district.save()
        tag.name = names[2]
        tag.save()
    return before


def test_a_renamed_sector_district_or_tag_is_named_anew_in_the_facets_of_what_it_files(
    region, django_capture_on_commit_callbacks
):
    sector, district = region.tree.energy, region.tree.stade
    tag = region.posts.retail.tags.get(slug="handel")
    names = ("Energie und Klima", "Hansestadt Stade", "Einzelhandel und Mode")
    before = renamed(django_capture_on_commit_callbacks, sector, district, tag, names)
    try:
        assert facet_names(found("Energiespeicher"), "sector") == {sector.slug: names[0]}
        retail = found("Modehaus")
        assert facet_names(retail, "district") == {"stade": names[1]}
        assert facet_names(retail, "tag") == {"handel": names[2]}
        filed = {
            key for source in (sector, district, tag) for key in sync.entries_filed_under(source)
        }
        assert key_of(region.posts.retail) in filed
        assert not filed & {key for report in maintenance.check() for key in report.objects()}
    finally:
        # Elasticsearch keeps what it was given when the test's transaction is rolled back.
        renamed(django_capture_on_commit_callbacks, sector, district, tag, before)


def test_check_finds_a_facet_named_as_it_was_and_repair_names_it_anew(region):
    # Renamed behind the signals' back, as a script with update() would.
    District.objects.filter(pk=region.tree.stade.pk).update(name="Landkreis Stade")
    try:
        reports = maintenance.check()
        stale = {key for report in reports for key in report.stale}
        assert key_of(region.posts.retail) in stale
        assert key_of(region.posts.storage) not in stale

        maintenance.repair(reports)
        assert facet_names(found("Modehaus"), "district") == {"stade": "Landkreis Stade"}
    finally:
        District.objects.filter(pk=region.tree.stade.pk).update(name="Stade")
        maintenance.repair(maintenance.check())


def test_a_refused_index_write_is_kept_and_retried(
    region, django_capture_on_commit_callbacks, monkeypatch
):
    def refuse(*_arguments):
        raise ConnectionError("index not reachable")

    with monkeypatch.context() as patched:
        patched.setattr(DatabaseIndex, "write", refuse)
        with django_capture_on_commit_callbacks(execute=True):
            post = BlogPostPageFactory(parent=region.blog, title="Dorfladen mit Regionalregal")
            post.save_revision().publish()

    change = IndexChange.objects.get()
    assert (change.attempts, change.last_error) == (1, "ConnectionError: index not reachable")
    assert urls_found("Regionalregal") == set()
    assert sync.apply_due_changes() == 0  # its wait is not over

    IndexChange.objects.update(next_attempt_at=timezone.now())
    assert sync.apply_due_changes() == 1
    assert urls_found("Regionalregal") == {post.url}
    assert not IndexChange.objects.exists()


def damage_the_index(engine, missing, stale):
    if engine == "elasticsearch":
        client = elasticsearch.client()
        client.delete(index=elasticsearch.alias(), id=f"{missing}|de", refresh=True)
        client.update(
            index=elasticsearch.alias(), id=f"{stale}|de", doc={"title": "Veraltet"}, refresh=True
        )
    else:
        SearchEntry.objects.filter(key=missing).delete()
        SearchEntry.objects.filter(key=stale).update(title="Veraltet")


def test_check_reports_missing_and_stale_entries_and_repair_fixes_them(region):
    missing, stale = f"page:{region.posts.storage.pk}", f"page:{region.posts.retail.pk}"
    damage_the_index(region.engine, missing, stale)

    reports = {report.engine: report for report in maintenance.check()}

    assert (reports[region.engine].missing, reports[region.engine].stale) == ([missing], [stale])
    assert not any(report for engine, report in reports.items() if engine != region.engine)
    maintenance.repair(reports.values())
    assert not any(maintenance.check())
    assert urls_found("Energiespeicher") == {region.posts.storage.url}


def test_a_rebuild_gives_each_object_the_entries_a_change_of_it_alone_gives(region):
    with many_objects():
        rebuilt = {key: entries for key, _kind, entries in maintenance.everything_findable()}

    assert rebuilt == {key: sync.entries_now(key)[1] for key in rebuilt}
    placed = [entry for entries in rebuilt.values() for entry in entries if entry.facets]
    assert {entry.language for entry in placed} == {"de", "en"}
    assert all(entry.facets["sector"] or entry.facets["district"] for entry in placed)


def test_a_page_behind_a_view_restriction_is_not_found(region):
    post = region.posts.storage
    restriction = PageViewRestriction.objects.create(
        page=region.blog, restriction_type=PageViewRestriction.LOGIN
    )
    try:
        assert sync.entries_now(f"page:{post.pk}") == ("post", [])
        maintenance.rebuild()
        assert not found("Energiespeicher").hits
    finally:
        restriction.delete()
        maintenance.rebuild()
    assert urls_found("Energiespeicher") == {post.url}


def test_the_suggestions_are_the_best_hits_for_what_was_typed(region, client):
    response = client.get("/de/suche/vorschlaege/", {"q": "Tischl"})

    assert response["Cache-Control"] == "public, max-age=60"
    assert response.json()["suggestions"] == [
        {
            "title": "Künstliche Intelligenz im Handwerk",
            "kind": "Gutes Beispiel",
            "url": region.posts.crafts.url,
        }
    ]
    assert client.get("/de/suche/vorschlaege/", {"q": "((("}).json() == {"suggestions": []}


def test_editors_promote_a_page_for_a_query_in_each_language(region, client):
    query = Query.get("förderung")
    query.editors_picks.create(page=region.tree.network, description="Unser Leitprojekt.")

    german = parse(client.get("/de/suche/", {"q": "Förderung"}))
    english = parse(client.get("/en/search/", {"q": "Förderung"}))

    assert german.select_one(".search-promotions a")["href"] == region.tree.network.url
    assert "Unser Leitprojekt." in german.select_one(".search-promotions").get_text()
    assert english.select_one(".search-promotions a")["href"] == region.tree.en.network.url


def test_popular_queries_are_counted_in_memory_and_written_a_minute_at_a_time(
    region, client, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr(promotions, "_counted", Counter())
    monkeypatch.setattr(promotions, "_last_flush", time.monotonic())
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):
            client.get("/de/suche/", {"q": "Stade"})
    assert not QueryDailyHits.objects.exists()

    monkeypatch.setattr(promotions, "_last_flush", time.monotonic() - 61)
    with django_capture_on_commit_callbacks(execute=True):
        client.get("/de/suche/", {"q": "  STADE "})

    assert Query.get("stade").hits == 4
    popular = parse(client.get("/de/suche/")).select(".search-popular a")
    assert [(link.get_text(), link["href"]) for link in popular] == [("stade", "?q=stade")]


def test_a_database_rebuild_keeps_what_a_change_wrote_meanwhile_and_drops_what_is_gone(region):
    crafts = key_of(region.posts.crafts)
    [entry] = blog_findable.entries_of(region.posts.crafts)
    rebuild = DatabaseIndex()
    with rebuild.rebuilding():
        rebuild.write(crafts, "post", [replace(entry, title="Was der Neuaufbau las")])
        # The post changes while the rebuild runs; its task writes what it is then.
        DatabaseIndex().write(crafts, "post", [replace(entry, title="Was die Änderung schrieb")])

    assert list(SearchEntry.objects.values_list("key", "title")) == [
        (crafts, "Was die Änderung schrieb")
    ]


def test_a_rebuild_while_another_runs_ends_right_or_gives_way(region):
    """On the database two rebuilds at once end right; on Elasticsearch the second is refused
    (the two would delete each other's new index), and forced when the first was killed."""
    writers = index_writers()
    with ExitStack() as first:
        for writer in writers:
            first.enter_context(writer.rebuilding())
        if region.engine == "elasticsearch":
            with pytest.raises(CommandError, match="another rebuild of the index is running"):
                call_command("search_index", "rebuild", stdout=io.StringIO())
        else:
            maintenance.rebuild()
        with many_objects():
            for key, kind, entries in maintenance.everything_findable():
                for writer in writers:
                    writer.write(key, kind, entries)
    assert not any(maintenance.check())

    if region.engine == "elasticsearch":
        # A rebuild whose process was killed leaves its new index behind.
        killed = elasticsearch.new_index_name()
        elasticsearch.create_index(killed)
        elasticsearch.ElasticsearchIndex().claim_rebuild(killed)
        with pytest.raises(elasticsearch.RebuildRunning):
            maintenance.rebuild()
        call_command("search_index", "rebuild", "--force", stdout=io.StringIO())
        assert not elasticsearch.client().indices.exists(index=killed)
        assert region.posts.storage.url in urls_found("Energiespeicher")


def test_the_search_index_command_checks_repairs_and_rebuilds(region):
    missing, stale = f"page:{region.posts.storage.pk}", f"page:{region.posts.retail.pk}"
    damage_the_index(region.engine, missing, stale)
    output = io.StringIO()

    call_command("search_index", "repair", stdout=output)
    call_command("search_index", "check", stdout=output)
    call_command("search_index", "rebuild", stdout=output)

    lines = output.getvalue().splitlines()
    assert f"{region.engine}: missing: 1 ({missing})" in lines
    assert f"{region.engine}: stale: 1 ({stale})" in lines
    assert "Repaired." in lines
    assert lines.count(f"{region.engine}: missing: 0") == 1
    assert lines[-1].startswith("Indexed ")
    assert urls_found("Energiespeicher") == {region.posts.storage.url}


def test_editors_may_promote_results_in_the_admin(client):
    editor = UserFactory(is_staff=True)
    editor.groups.add(Group.objects.get(name="Redaktion"))
    client.force_login(editor)

    response = client.get("/admin/searchpicks/add/")

    assert response.status_code == 200


def test_only_the_text_of_a_page_is_searched_not_the_names_of_block_options(region):
    post = BlogPostPageFactory(
        parent=region.blog,
        body=[("heading", {"text": "Was wir gelernt haben", "level": "h2"})],
    )

    [entry] = blog_findable.entries_of(post)

    assert "Was wir gelernt haben" in entry.body
    assert "H2" not in entry.body


def test_an_organisations_new_name_is_found_after_its_owner_saves_it(
    region, django_capture_on_commit_callbacks
):
    organisation = region.organisation
    with django_capture_on_commit_callbacks(execute=True):
        members_services.organisation_update(
            organisation=organisation,
            by=owner_of(organisation),
            version=organisation.version,
            name="Heidewerk Digital GmbH",
        )

    assert f"/de/mitglieder/{organisation.slug}/" in urls_found("Heidewerk")


@pytest.mark.parametrize(
    "params",
    [{"page": "²"}, {"page": "9" * 5000}, {"page": "-1"}],
)
def test_page_numbers_that_are_no_numbers_name_no_page(region, client, params):
    assert client.get("/de/suche/", {"q": "Stade", **params}).status_code == 404


def test_far_pages_and_odd_years_give_the_last_page_and_no_error(region, client):
    from search.engines import elasticsearch as engine

    deep = client.get("/de/suche/", {"q": "Stade", "page": "1001"})
    odd_year = client.get("/de/suche/", {"q": "Stade", "year": "²"})

    assert deep.status_code == odd_year.status_code == 200
    assert len(parse(deep).select(".search-hit")) == 3
    assert engine.breaker.allows()


def test_a_new_address_of_a_page_reaches_the_entries_below_it(
    region, django_capture_on_commit_callbacks
):
    blog, post = region.blog, region.posts.crafts

    def publish_with_slug(slug):
        blog.slug = slug
        with django_capture_on_commit_callbacks(execute=True):
            blog.save_revision().publish()
        post.refresh_from_db()

    publish_with_slug("beispiele")
    try:
        assert post.url.startswith("/de/beispiele/")
        assert urls_found("Tischlerei") == {post.url}
    finally:
        # The engine's index outlives the test's transaction: as it was for the others.
        publish_with_slug("blog")


def test_an_ambassador_appointed_for_later_is_found_from_the_first_day_of_the_term(region):
    organisation = OrganisationFactory(name="Elbe Daten eG")
    start = timezone.localdate() + timedelta(days=10)
    Ambassador.objects.create(
        organisation=organisation,
        sector=region.tree.energy,
        district=region.tree.stade,
        term_start=start,
        term_end=start + timedelta(days=365),
        statement_de="Daten für die Region.",
    )
    key = f"members.organisation:{organisation.pk}"
    kind, entries = sync.entries_now(key)
    for writer in index_writers():
        writer.write(key, kind, entries)

    assert {entry.visible_from for entry in entries} == {start}
    assert urls_found("Elbe Daten") == set()

    # As indexed then, on the first day of the term.
    for entry in entries:
        entry.visible_from = timezone.localdate()
    for writer in index_writers():
        writer.write(key, kind, entries)
    assert urls_found("Elbe Daten") == {f"/de/mitglieder/{organisation.slug}/"}
