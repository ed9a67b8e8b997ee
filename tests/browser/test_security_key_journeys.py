"""Security keys in a real browser: Chromium's virtual authenticator (through the browser's
DevTools protocol) stands in for a key on a lanyard, with the same WebAuthn calls and answers
a real key gives. A newcomer adds one, signs in with it, is refused with a key that is not
theirs, and takes it off again."""

import re

from playwright.sync_api import expect

from .conftest import check_accessibility, create_account, sign_in, sign_out

EMAIL, PASSWORD = "ruth.okafor@example.nhs.uk", "a-key-on-my-lanyard-9"


def plug_in_key(page):
    """A fresh security key (no credentials on it) that answers when asked, as if touched."""
    devtools = page.context.new_cdp_session(page)
    devtools.send("WebAuthn.enable")
    added = devtools.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "usb",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
            }
        },
    )
    return devtools, added["authenticatorId"]


def sign_in_to_key(page):
    sign_in(page, EMAIL, PASSWORD)
    expect(page.get_by_role("heading", name="Use your security key")).to_be_visible()


def both_widths(page, name):
    check_accessibility(page, f"{name}-1280")
    page.set_viewport_size({"width": 375, "height": 800})
    check_accessibility(page, f"{name}-375")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.set_viewport_size({"width": 1280, "height": 900})


def test_a_newcomer_adds_a_security_key_signs_in_with_it_and_a_stranger_key_is_refused(
    new_page, server
):
    page = new_page(host="localhost")
    devtools, key = plug_in_key(page)
    create_account(page, server, "Ruth Okafor", EMAIL, PASSWORD)
    page.goto("/account/")
    assert page.url.startswith("http://localhost:"), page.url
    expect(page.get_by_test_id("two-factor-status")).to_contain_text("Off")
    page.get_by_role("button", name="Add a security key").click()
    both_widths(page, "security-key-add")

    # A key needs a name before the browser asks it: refused on the field, nothing asked.
    page.get_by_role("button", name="Add security key").click()
    expect(page.get_by_role("alert")).to_contain_text("Give the key a name")
    check_accessibility(page, "security-key-add-refused")
    assert devtools.send("WebAuthn.getCredentials", {"authenticatorId": key})["credentials"] == []

    page.get_by_label("Name this key").fill("Blue key on my lanyard")
    page.get_by_role("button", name="Add security key").click()
    # The first second factor: recovery codes, shown once.
    expect(page.get_by_role("heading", name="Two-factor sign-in is on")).to_be_visible()
    codes = re.findall(r"\S+", page.get_by_test_id("recovery-codes").inner_text())
    assert len(codes) == 10
    on_key = devtools.send("WebAuthn.getCredentials", {"authenticatorId": key})["credentials"]
    assert len(on_key) == 1 and on_key[0]["rpId"] == "localhost"
    page.goto("/account/")
    expect(page.get_by_test_id("two-factor-status")).to_contain_text("your security key")
    expect(page.get_by_test_id("security-keys")).to_contain_text("Blue key on my lanyard")
    expect(page.get_by_test_id("sign-ins")).to_contain_text("Two-factor sign-in turned on")
    both_widths(page, "account-with-security-key")
    sign_out(page)

    # Signing in: the right password, then the key.
    sign_in_to_key(page)
    both_widths(page, "sign-in-security-key")
    page.get_by_role("button", name="Use my security key").click()
    expect(page).not_to_have_url(re.compile(r"/sign-in/"), timeout=15_000)
    page.goto("/account/")
    expect(page.get_by_test_id("sign-ins")).to_contain_text("Signed in with a security key")
    expect(page.get_by_test_id("security-keys")).not_to_contain_text("Never")
    sign_out(page)

    # Someone with her password but another key: the browser asks only for her key's id, so
    # the other key never answers (a forged answer is refused by the server:
    # tests/core/test_security_keys.py).
    devtools.send("WebAuthn.removeVirtualAuthenticator", {"authenticatorId": key})
    _, stranger = plug_in_key(page)
    devtools.send(
        "WebAuthn.addCredential",
        {
            "authenticatorId": stranger,
            # Her key's private key under another credential id: nothing registered to her.
            "credential": {
                "credentialId": "c3RyYW5nZXI=",
                "isResidentCredential": False,
                "rpId": "localhost",
                "privateKey": on_key[0]["privateKey"],
                "signCount": 0,
            },
        },
    )
    sign_in_to_key(page)
    page.get_by_role("button", name="Use my security key").click()
    expect(page.get_by_role("alert")).to_contain_text("Your security key did not answer")
    check_accessibility(page, "sign-in-security-key-refused")
    # A recovery code still lets her in.
    page.get_by_label("Code").fill(codes[0])
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page.get_by_text("You used a recovery code: 9 left.")).to_be_visible()

    # Later in the day she would be asked for her password before changing how she signs in
    # (tests/core/test_recent_sign_in.py); the page itself, as she would meet it.
    page.goto("/account/confirm-password/?next=/account/")
    both_widths(page, "confirm-password")
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", name="Your account", level=1)).to_be_visible()

    # Taking the only key off turns two-factor off, and says so.
    page.goto("/account/")
    page.get_by_test_id("security-keys").get_by_role("button", name="Remove").click()
    expect(page.get_by_text("It was your last second factor")).to_be_visible()
    expect(page.get_by_test_id("two-factor-status")).to_contain_text("Off")
    expect(page.get_by_test_id("sign-ins")).to_contain_text("Security key removed: Blue key")
