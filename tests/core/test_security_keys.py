"""Security keys as a second factor: adding one, signing in with one after a right password,
and every way a forged, replayed or misdirected answer is refused. The key is tests/soft_key.py,
answering as a browser passes a real key's answer on."""

import json

from axes.models import AccessAttempt
from django.test import Client

from pcn.core import security_keys, two_factor, two_factor_rule
from pcn.core.models import AuditEntry
from tests.conftest import signed_in, text
from tests.soft_key import SoftKey, b64url

PASSWORD = "a-long-enough-password-2026"
ORIGIN = "http://testserver"  # the test client's address: a name, as keys need


def with_password(demo, role="PCN manager"):
    user = demo.user(role)
    user.set_password(PASSWORD)
    user.save()
    return user


def options_to_add(client):
    response = client.post("/account/security-keys/options/")
    assert response.status_code == 200, response.content
    return response.json()


def add_key(client, key, name="Blue key", origin=ORIGIN):
    answer = key.create(options_to_add(client), origin)
    return client.post("/account/security-keys/add/", {"name": name, "answer": json.dumps(answer)})


def password_step(client, user):
    return client.post("/sign-in/", {"email": user.email, "password": PASSWORD})


def options_to_sign_in(client):
    return client.post("/sign-in/code/security-key-options/")


def answer_sign_in(client, answer):
    return client.post(
        "/sign-in/code/", {"with": "security-key", "answer": json.dumps(answer), "problem": ""}
    )


def signed_in_user(client):
    return client.get("/account/").wsgi_request.user


def test_the_first_key_turns_two_factor_on_with_ten_recovery_codes(demo):
    user = with_password(demo)
    client = signed_in(user)
    added = add_key(client, SoftKey(), name="Blue key on my lanyard")
    assert added.status_code == 200
    assert "Two-factor sign-in is on" in text(added)
    assert text(added).count("<li><code>") == 10
    assert two_factor.has_two_factor(user) and not two_factor.has_app(user)
    entry = AuditEntry.objects.get(action="core.add_two_factor", target_id=str(user.pk))
    # Where from, as for a sign-in: a key added by someone else shows their address.
    assert entry.after == {
        "method": "security key",
        "key": "Blue key on my lanyard",
        "address": "127.0.0.1",
    }
    account = text(client.get("/account/"))
    assert "After your password, we ask for your security key." in account
    assert "Blue key on my lanyard" in account


def test_a_second_key_keeps_the_recovery_codes_and_is_recorded_by_name(demo):
    user = with_password(demo)
    client = signed_in(user)
    add_key(client, SoftKey(), name="Blue key")
    second = add_key(client, SoftKey(), name="Spare key in the safe")
    assert second["Location"] == "/account/"
    assert two_factor.recovery_codes_left(user) == 10
    assert "Security key added: Spare key in the safe" in text(client.get("/account/"))


def test_a_key_needs_a_name_of_sixty_characters_or_fewer_and_not_one_already_used(demo):
    user = with_password(demo)
    client = signed_in(user)
    for name, refusal in [
        ("", "Give the key a name"),
        ("k" * 61, "60 characters or fewer"),
    ]:
        page = client.post("/account/security-keys/add/", {"name": name, "answer": "{}"})
        assert refusal in text(page)
    add_key(client, SoftKey(), name="Blue key")
    again = add_key(client, SoftKey(), name="blue KEY")
    assert "You already have a key with that name" in text(again)
    assert len(two_factor_keys(user)) == 1


def two_factor_keys(user):
    return security_keys.keys_of(user)


def test_an_answer_made_for_another_website_or_twice_or_garbled_is_not_added(demo):
    user = with_password(demo)
    client = signed_in(user)
    key = SoftKey()
    # A look-alike site relaying our options: the key signs the origin it was really on.
    phished = add_key(client, key, origin="https://pcn-commons.example.com")
    assert "could not be added" in text(phished)
    # For another relying party (the key scopes itself to the site's name).
    other_rp = key.create(options_to_add(client), ORIGIN, rp_id="example.com")
    refused = client.post(
        "/account/security-keys/add/", {"name": "Blue key", "answer": json.dumps(other_rp)}
    )
    assert "could not be added" in text(refused)
    # A good answer, sent twice: the challenge is used up by the first.
    answer = json.dumps(key.create(options_to_add(client), ORIGIN))
    assert client.post("/account/security-keys/add/", {"name": "A", "answer": answer})
    twice = client.post("/account/security-keys/add/", {"name": "B", "answer": answer})
    assert "Start adding your security key again" in text(twice)
    for garbled in ["not json", "[1, 2]", "x" * 20_001]:
        options_to_add(client)
        page = client.post("/account/security-keys/add/", {"name": "C", "answer": garbled})
        assert "did not arrive whole" in text(page)
    assert [k.name for k in two_factor_keys(user)] == ["A"]


def test_with_no_answer_the_page_says_why_the_key_was_not_asked(demo):
    client = signed_in(with_password(demo))
    cancelled = client.post(
        "/account/security-keys/add/",
        {"name": "Blue key", "answer": "", "problem": "NotAllowedError"},
    )
    assert "Your security key did not answer" in text(cancelled)
    no_script = client.post("/account/security-keys/add/", {"name": "Blue key"})
    assert "Security keys need JavaScript" in text(no_script)


def test_keys_are_not_offered_at_an_address_that_is_a_number(demo):
    client = signed_in(with_password(demo))
    page = client.get("/account/security-keys/add/", HTTP_HOST="127.0.0.1")
    assert "Security keys can't be used at this address (127.0.0.1)" in text(page)
    assert 'data-security-key="add"' not in text(page)
    assert client.post("/account/security-keys/options/", HTTP_HOST="127.0.0.1").status_code == 400


def test_adding_a_key_needs_a_signed_in_person_and_a_post(demo, client):
    assert client.get("/account/security-keys/add/")["Location"].startswith("/sign-in/")
    assert client.post("/account/security-keys/options/")["Location"].startswith("/sign-in/")
    assert signed_in(with_password(demo)).get("/account/security-keys/options/").status_code == 405


def registered(demo, role="PCN manager"):
    user = with_password(demo, role)
    key = SoftKey()
    add_key(signed_in(user), key)
    return user, key


def test_after_a_right_password_the_key_signs_in(demo, client):
    user, key = registered(demo)
    assert password_step(client, user)["Location"] == "/sign-in/code/"
    page = text(client.get("/sign-in/code/"))
    assert "Use your security key" in page and "One of the recovery codes you kept" in page
    options = options_to_sign_in(client).json()
    assert [c["id"] for c in options["allowCredentials"]] == [b64url(key.credential_id)]
    done = answer_sign_in(client, key.get(options, ORIGIN))
    assert done["Location"] == "/"
    assert signed_in_user(client) == user
    assert "Signed in with a security key" in text(client.get("/account/"))
    assert two_factor_keys(user)[0].last_used_at is not None


def test_the_sign_in_options_are_only_for_a_session_whose_password_was_right(demo, client):
    registered(demo)
    assert options_to_sign_in(client).status_code == 400
    assert client.get("/sign-in/code/security-key-options/").status_code == 405


def test_a_key_that_is_not_theirs_or_an_altered_or_replayed_answer_is_a_failed_sign_in(
    demo, client
):
    user, key = registered(demo)
    _, someone_elses = registered(demo, "Clinical director")
    password_step(client, user)
    stranger = SoftKey()
    for forge in [
        lambda options: stranger.get(options, ORIGIN),  # a key never registered
        lambda options: someone_elses.get(options, ORIGIN),  # another person's key
        lambda options: key.get(options, "https://pcn-commons.example.com"),  # relayed
        lambda options: key.get({**options, "challenge": "b2xkLWNoYWxsZW5nZQ"}, ORIGIN),
    ]:
        refused = answer_sign_in(client, forge(options_to_sign_in(client).json()))
        assert "That security key is not one on your account" in text(refused)
    assert not signed_in_user(client).is_authenticated
    assert AccessAttempt.objects.get(username=user.email).failures_since_start == 4
    # Signed rightly, then one character of the signature changed: the fifth failure, which
    # locks the account out like five wrong passwords.
    tampered = key.get(options_to_sign_in(client).json(), ORIGIN)
    signature = tampered["response"]["signature"]
    changed = "A" if signature[10] != "A" else "B"
    tampered["response"]["signature"] = signature[:10] + changed + signature[11:]
    assert answer_sign_in(client, tampered).status_code == 429
    assert not signed_in_user(client).is_authenticated
    assert (
        AuditEntry.objects.filter(action="core.sign_in_failed", target_id=str(user.pk)).count() == 5
    )


def test_a_right_answer_replayed_in_a_later_sign_in_is_refused(demo):
    user, key = registered(demo)
    first = Client()
    password_step(first, user)
    answer = key.get(options_to_sign_in(first).json(), ORIGIN)
    assert answer_sign_in(first, answer)["Location"] == "/"
    later = Client()
    password_step(later, user)
    options_to_sign_in(later)
    assert "not one on your account" in text(answer_sign_in(later, answer))
    assert not signed_in_user(later).is_authenticated


def test_a_key_that_did_not_answer_is_not_counted_as_a_failed_sign_in(demo, client):
    user, _ = registered(demo)
    password_step(client, user)
    options_to_sign_in(client)
    page = client.post(
        "/sign-in/code/", {"with": "security-key", "answer": "", "problem": "NotAllowedError"}
    )
    assert "Your security key did not answer" in text(page)
    assert not AccessAttempt.objects.filter(username=user.email).exists()


def test_taking_off_the_only_key_turns_two_factor_off_and_the_recovery_codes_with_it(demo):
    user, _ = registered(demo)
    client = signed_in(user)
    (key,) = two_factor_keys(user)
    removed = client.post(f"/account/security-keys/{key.pk}/remove/", follow=True)
    assert "It was your last second factor" in text(removed)
    assert not two_factor.has_two_factor(user) and two_factor.recovery_codes_left(user) == 0
    actions = list(
        AuditEntry.objects.filter(target_id=str(user.pk)).values_list("action", flat=True)
    )
    assert "core.remove_security_key" in actions and "core.remove_two_factor" in actions


def test_a_key_is_taken_off_only_by_its_owner(demo):
    user, _ = registered(demo)
    (key,) = two_factor_keys(user)
    other = signed_in(with_password(demo, "Clinical director"))
    assert other.post(f"/account/security-keys/{key.pk}/remove/").status_code == 404
    assert two_factor_keys(user) == [key]


def test_turning_two_factor_off_takes_every_key_off_too(demo):
    user, _ = registered(demo)
    client = signed_in(user)
    client.post("/account/two-factor/remove/")
    assert two_factor_keys(user) == [] and not two_factor.has_two_factor(user)
    entry = AuditEntry.objects.filter(action="core.remove_two_factor").latest("at")
    assert entry.before == {"methods": ["a recovery code", "a security key"]}


def test_a_copied_key_whose_count_goes_backwards_is_refused(demo):
    user, key = registered(demo)
    first = Client()
    password_step(first, user)
    assert (
        answer_sign_in(first, key.get(options_to_sign_in(first).json(), ORIGIN))["Location"] == "/"
    )
    # A copy of the key made before that sign-in: its counter is behind the one we last saw.
    key.sign_count = 0
    copy = Client()
    password_step(copy, user)
    refused = answer_sign_in(copy, key.get(options_to_sign_in(copy).json(), ORIGIN))
    assert "not one on your account" in text(refused)
    assert not signed_in_user(copy).is_authenticated


def test_while_a_network_requires_two_factor_of_them_their_last_factor_stays(demo):
    user, _ = registered(demo)  # the PCN manager, whom the rule asks
    two_factor_rule.set_required(network=demo.network, required=True, by=user)
    client = signed_in(user)
    (key,) = two_factor_keys(user)
    for refused in (
        client.post(f"/account/security-keys/{key.pk}/remove/", follow=True),
        client.post("/account/two-factor/remove/", follow=True),
    ):
        assert "requires two-factor sign-in of you, so it stays on" in text(refused)
    assert two_factor_keys(user) == [key] and two_factor.recovery_codes_left(user) == 10
    # With another key added, the first may go.
    add_key(client, SoftKey(), name="Spare key")
    client.post(f"/account/security-keys/{key.pk}/remove/")
    assert [k.name for k in two_factor_keys(user)] == ["Spare key"]


def test_at_an_address_that_is_a_number_the_code_page_says_why_the_key_is_not_asked(demo):
    user, _ = registered(demo)
    client = Client(HTTP_HOST="127.0.0.1")
    password_step(client, user)
    page = text(client.get("/sign-in/code/"))
    assert "Your security key can't be used at this address (127.0.0.1)" in page
    assert "Enter one of your recovery codes" in page and "data-security-key" not in page
