"""The pages people meet when something is refused, missing or broken: styled with the NHS
layout, saying what happened and where to go. The API documentation needs sign-in."""

from django.test import Client, RequestFactory
from django.urls import reverse

from pcn.core.errors import server_error
from tests.conftest import text


def test_a_refused_page_names_the_role_and_the_pcn_manager_to_ask(as_role):
    response = as_role("Observer").get("/people/")
    assert response.status_code == 403
    page = text(response)
    assert "You do not have access to this page" in page
    assert "Your role in Central Liverpool PCN is Observer (read-only)" in page
    assert "Priya Shah" in page and "mailto:pcn-manager.u35980@" in page
    assert 'class="nhsuk-header' in page  # the service's own layout, not a bare "Forbidden"


def test_a_missing_page_is_styled_and_offers_the_way_back(as_role):
    response = as_role("PCN manager").get("/no-such-page/")
    assert response.status_code == 404
    page = text(response)
    assert "Page not found" in page and "Your network's overview" in page
    assert 'class="nhsuk-header' in page


def test_a_missing_page_for_someone_signed_out_offers_sign_in(db):
    page = text(Client().get("/no-such-page/"))
    assert "Page not found" in page and "/sign-in/" in page


def test_a_form_sent_without_its_token_says_nothing_was_saved(db):
    response = Client(enforce_csrf_checks=True).post("/sign-in/", {"email": "a@b.c"})
    assert response.status_code == 403
    assert "Your form could not be sent" in text(response)
    assert "Nothing was saved" in text(response)


def test_a_server_error_page_renders_even_without_the_database(db):
    request = RequestFactory().get("/")  # no user, no session, no network
    response = server_error(request)
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.content.decode()


def test_the_api_documentation_needs_sign_in(db, as_role):
    response = Client().get("/api/docs")
    assert response.status_code == 302 and "/sign-in/" in response["Location"]
    docs = as_role("PCN manager").get("/api/docs")
    assert docs.status_code == 200
    assert "/static/ninja/swagger-ui-bundle" in docs.content.decode()
    assert "cdn." not in docs.content.decode()


def test_the_footer_links_to_the_api_documentation_only_for_people_signed_in(db, as_role):
    assert "/api/docs" not in Client().get(reverse("core:sign_in")).content.decode()
    assert "/api/docs" in as_role("PCN manager").get(reverse("home:overview")).content.decode()
