from django.urls import path

from . import nhs_views, security_key_views, two_factor_rule_views, two_factor_views, views

app_name = "core"
urlpatterns = [
    path("sign-in/", views.sign_in, name="sign_in"),
    path("sign-out/", views.sign_out, name="sign_out"),
    path("account/confirm-password/", views.confirm_password, name="confirm_password"),
    path("sign-in/code/", two_factor_views.sign_in_code, name="sign_in_code"),
    path("account/two-factor/", two_factor_views.set_up, name="two_factor_set_up"),
    path(
        "account/two-factor/recovery-codes/",
        two_factor_views.new_recovery_codes,
        name="two_factor_recovery_codes",
    ),
    path("account/two-factor/remove/", two_factor_views.remove, name="two_factor_remove"),
    path("account/security-keys/add/", security_key_views.add, name="security_key_add"),
    path(
        "account/security-keys/options/",
        security_key_views.options_to_add,
        name="security_key_options",
    ),
    path(
        "account/security-keys/<int:key_id>/remove/",
        security_key_views.remove,
        name="security_key_remove",
    ),
    path(
        "sign-in/code/security-key-options/",
        security_key_views.options_to_sign_in,
        name="sign_in_key_options",
    ),
    path(
        "account/two-factor/required/", two_factor_rule_views.required, name="two_factor_required"
    ),
    path("sign-in/nhs/<str:provider>/", nhs_views.start, name="nhs_start"),
    path("sign-in/nhs/<str:provider>/return/", nhs_views.finish, name="nhs_return"),
    path("account/nhs/<str:provider>/link/", nhs_views.start_link, name="nhs_link"),
    path("account/nhs/<int:identity_id>/unlink/", nhs_views.unlink, name="nhs_unlink"),
    path("create-account/", views.sign_up, name="sign_up"),
    path("create-account/sent/", views.sign_up_sent, name="sign_up_sent"),
    path("create-account/<str:token>/", views.finish_sign_up, name="finish_sign_up"),
    path("password-reset/", views.PasswordReset.as_view(), name="password_reset"),
    path("password-reset/sent/", views.PasswordResetSent.as_view(), name="password_reset_sent"),
    path(
        "password-reset/<uidb64>/<token>/",
        views.PasswordResetConfirm.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/complete/",
        views.PasswordResetComplete.as_view(),
        name="password_reset_complete",
    ),
    path("account/", views.account, name="account"),
    path("account/tokens/<int:token_id>/revoke/", views.revoke_token, name="revoke_token"),
    path("account/sessions/<int:session_id>/end/", views.end_session, name="end_session"),
    path("people/", views.members, name="members"),
    path("people/two-factor/", two_factor_rule_views.set_rule, name="two_factor_rule"),
    path("people/<int:membership_id>/remove/", views.remove_member, name="remove_member"),
    path(
        "invitations/<int:invitation_id>/withdraw/",
        views.revoke_invitation,
        name="revoke_invitation",
    ),
    path("invitations/<str:token>/", views.accept_invitation, name="accept_invitation"),
    path("history/", views.history, name="history"),
    path("history/<str:target_type>/<str:target_id>/", views.record_history, name="record_history"),
]
