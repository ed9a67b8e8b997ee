"""Signing in with an NHS identity, in a real browser, through a real OpenID Connect provider
on the loopback (tests/identity_provider): joining by an invitation, a refusal for someone with
no account, ID tokens that can't be trusted, and linking and unlinking an identity."""

import re

from playwright.sync_api import expect

from .conftest import check_accessibility, demo_email, sign_in


def test_an_invited_nurse_joins_by_signing_in_with_nhsmail(new_page, server):
    manager = new_page()
    sign_in(manager, demo_email("pcn-manager"))
    manager.goto("/people/")
    manager.get_by_label("Full name").fill("Ade Okafor")
    manager.get_by_label("Email address").fill("ade.okafor@nhs.net")
    manager.get_by_label("Staff member", exact=True).check()
    manager.get_by_role("button", name="Send invitation").click()
    expect(
        manager.get_by_text("We have emailed an invitation to ade.okafor@nhs.net")
    ).to_be_visible()

    server["identity_provider"].will_sign_in(
        sub="entra-ade", email="ade.okafor@nhs.net", name="Ade Okafor"
    )
    page = new_page()
    page.goto("/sign-in/")
    check_accessibility(page, "sign-in-with-nhs-buttons")
    page.get_by_role("button", name="Sign in with NHSmail").click()
    expect(
        page.get_by_text("Welcome to Central Liverpool PCN. You signed in with NHSmail.")
    ).to_be_visible()
    page.goto("/account/")
    identities = page.get_by_test_id("nhs-identities")
    expect(
        identities.get_by_role("row", name=re.compile("^NHSmail ade.okafor@nhs.net"))
    ).to_be_visible()
    expect(page.get_by_test_id("sign-ins")).to_contain_text("Signed in with NHSmail")
    check_accessibility(page, "account-signed-in-with-nhsmail")
    page.set_viewport_size({"width": 375, "height": 800})
    check_accessibility(page, "account-signed-in-with-nhsmail-375")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375


def test_someone_with_no_account_is_refused_with_a_clear_page(new_page, server):
    server["identity_provider"].will_sign_in(sub="cis2-stranger", email="stranger@nhs.net")
    page = new_page()
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto("/sign-in/")
    check_accessibility(page, "sign-in-with-nhs-buttons-375")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.get_by_role("button", name="Sign in with NHS Care Identity").click()
    expect(page.get_by_role("heading", name="No account for this NHS identity")).to_be_visible()
    expect(
        page.get_by_text("There is no PCN Commons account or invitation for stranger@nhs.net")
    ).to_be_visible()
    check_accessibility(page, "nhs-sign-in-no-account")
    page.goto("/account/")
    expect(page.get_by_role("heading", name="Sign in to PCN Commons")).to_be_visible()


def test_a_tampered_an_expired_and_another_sign_ins_id_token_are_refused(new_page, server):
    page = new_page()
    for fault in ("tampered", "expired", "wrong_nonce"):
        server["identity_provider"].will_sign_in(
            sub="entra-pm", email=demo_email("pcn-manager"), fault=fault
        )
        page.goto("/sign-in/")
        page.get_by_role("button", name="Sign in with NHSmail").click()
        expect(
            page.get_by_role("heading", name="We couldn't sign you in with NHSmail")
        ).to_be_visible()
        expect(page.get_by_test_id("nhs-refusal")).to_contain_text(
            "We couldn't confirm your NHSmail sign-in"
        )
        if fault == "tampered":
            check_accessibility(page, "nhs-sign-in-refused")
        page.goto("/account/")
        expect(page.get_by_role("heading", name="Sign in to PCN Commons")).to_be_visible()


def test_a_pharmacist_links_nhs_care_identity_signs_in_with_it_and_unlinks_it(new_page, server):
    page = new_page()
    sign_in(page, demo_email("pharmacist"))
    page.goto("/account/")
    server["identity_provider"].will_sign_in(sub="cis2-sam", email="sam.clarke@nhs.net")
    page.get_by_role("button", name="Link NHS Care Identity").click()
    expect(page.get_by_text("You can now sign in with NHS Care Identity.")).to_be_visible()
    check_accessibility(page, "account-identity-linked")

    page.goto("/sign-out/")
    page.get_by_role("main").get_by_role("button", name="Sign out").click()
    expect(page.get_by_text("You have signed out.")).to_be_visible()
    page.goto("/sign-in/")
    page.get_by_role("button", name="Sign in with NHS Care Identity").click()
    page.goto("/account/")
    expect(page.get_by_test_id("sign-ins")).to_contain_text("Signed in with NHS Care Identity")

    page.get_by_role("button", name="Unlink NHS Care Identity").click()
    expect(page.get_by_text("Your NHS Care Identity identity is unlinked.")).to_be_visible()
    expect(page.get_by_test_id("sign-ins")).to_contain_text("NHS identity unlinked")
