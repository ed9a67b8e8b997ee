"""Two-factor sign-in in a real browser: a newcomer sets up an authenticator app (the test
works out its codes from the key on the page, as a phone would), signs in with a code, and
then with a recovery code."""

import re

from playwright.sync_api import expect

from tests import clock, totp

from .conftest import check_accessibility, create_account, sign_in, sign_out

EMAIL, PASSWORD = "kit.moran@example.nhs.uk", "two-steps-to-sign-in-7"


def server_time(server, ahead=0):
    """Now on the server's clock (its code checks read that), `ahead` seconds on."""
    since = clock.real_time() - float(server["env"][clock.EPOCH])
    return clock.NOW.timestamp() + since + ahead


def sign_in_to_code(page):
    sign_in(page, EMAIL, PASSWORD)
    expect(page.get_by_role("heading", name="Enter your code")).to_be_visible()


def test_a_newcomer_turns_on_two_factor_and_signs_in_with_a_code_and_a_recovery_code(
    new_page, server
):
    page = new_page()
    create_account(page, server, "Kit Moran", EMAIL, PASSWORD)
    page.goto("/account/")
    expect(page.get_by_test_id("two-factor-status")).to_contain_text("Off")
    page.get_by_role("button", name="Set up an authenticator app").click()
    check_accessibility(page, "two-factor-set-up")
    page.set_viewport_size({"width": 375, "height": 800})
    check_accessibility(page, "two-factor-set-up-375")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.set_viewport_size({"width": 1280, "height": 900})
    secret = page.get_by_test_id("totp-secret").inner_text()

    page.get_by_label("Code").fill("000000")
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    expect(page.get_by_text("That code is not right").first).to_be_visible()
    set_up_at = server_time(server)
    page.get_by_label("Code").fill(totp.code(secret, at=set_up_at))
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    expect(page.get_by_role("heading", name="Two-factor sign-in is on")).to_be_visible()
    codes = re.findall(r"\S+", page.get_by_test_id("recovery-codes").inner_text())
    assert len(codes) == 10
    check_accessibility(page, "two-factor-recovery-codes")
    page.goto("/account/")
    expect(page.get_by_test_id("two-factor-status")).to_contain_text("10 recovery codes left")
    check_accessibility(page, "account-with-two-factor")
    sign_out(page)

    sign_in_to_code(page)
    check_accessibility(page, "sign-in-code")
    # The code set-up used works only once: wait for the app's next code, as a person would.
    # (A code from the future can be refused: a set-up checked just after its 30 seconds
    # turned leaves the device's drift a step behind.)
    while server_time(server) // 30 <= set_up_at // 30:
        page.wait_for_timeout(1000)
    page.get_by_label("Code").fill(totp.code(secret, at=server_time(server)))
    page.get_by_role("button", name="Sign in", exact=True).click()
    # Signed in once the code page has gone (going on before then would cut the sign-in short).
    expect(page).not_to_have_url(re.compile(r"/sign-in/code/"), timeout=15_000)
    page.goto("/account/")
    expect(page.get_by_test_id("sign-ins")).to_contain_text("Signed in with an authenticator app")
    sign_out(page)

    sign_in_to_code(page)
    page.get_by_label("Code").fill(codes[0])
    page.get_by_role("button", name="Sign in", exact=True).click()
    expect(page.get_by_text("You used a recovery code: 9 left.")).to_be_visible()
    page.goto("/account/")
    expect(page.get_by_test_id("sign-ins")).to_contain_text("Signed in with a recovery code")
