from django.urls import path

from . import income_views, pay_views, views

app_name = "money"
urlpatterns = [
    path("money/", views.overview, name="overview"),
    path("money/rates/", views.rates, name="rates"),
    path("money/rates/enter/", views.set_rate, name="set_rate"),
    path("money/settings/", views.profile, name="profile"),
    path("money/pay/", pay_views.salary_lines, name="salary_lines"),
    path("money/pay/csv/", pay_views.salary_lines_csv, name="salary_lines_csv"),
    path("money/pay/import/", pay_views.import_lines, name="import_lines"),
    path("money/pay/import/confirm/", pay_views.confirm_import, name="confirm_import"),
    path("money/claims/", pay_views.claims_page, name="claims"),
    path("money/claims/<int:claim_id>/", pay_views.claim, name="claim"),
    path("money/claims/<int:claim_id>/submit/", pay_views.submit_claim, name="submit_claim"),
    path("money/claims/<int:claim_id>/paid/", pay_views.pay_claim, name="pay_claim"),
    path("money/claims/<int:claim_id>/csv/", pay_views.claim_csv, name="claim_csv"),
    path("money/forecast/", views.forecast, name="forecast"),
    path("money/income/", income_views.income, name="income"),
    path("money/income/rule/", income_views.distribution_rule, name="rule"),
    path("money/ledger/", income_views.ledger, name="ledger"),
    path("money/statements/", income_views.statements_index, name="statements"),
    path("money/statements/<str:ods_code>/", income_views.statement, name="statement"),
    path(
        "money/statements/<str:ods_code>/print/",
        income_views.statement_print,
        name="statement_print",
    ),
    path("money/statements/<str:ods_code>/csv/", income_views.statement_csv, name="statement_csv"),
]
