from django.urls import path

from . import views

app_name = "money"
urlpatterns = [
    path("money/", views.overview, name="overview"),
    path("money/rates/", views.rates, name="rates"),
    path("money/rates/enter/", views.set_rate, name="set_rate"),
    path("money/settings/", views.profile, name="profile"),
    path("money/pay/", views.salary_lines, name="salary_lines"),
    path("money/pay/csv/", views.salary_lines_csv, name="salary_lines_csv"),
    path("money/pay/import/", views.import_lines, name="import_lines"),
    path("money/pay/import/confirm/", views.confirm_import, name="confirm_import"),
    path("money/claims/", views.claims_page, name="claims"),
    path("money/claims/<int:claim_id>/", views.claim, name="claim"),
    path("money/claims/<int:claim_id>/submit/", views.submit_claim, name="submit_claim"),
    path("money/claims/<int:claim_id>/paid/", views.pay_claim, name="pay_claim"),
    path("money/claims/<int:claim_id>/csv/", views.claim_csv, name="claim_csv"),
    path("money/forecast/", views.forecast, name="forecast"),
    path("money/income/", views.income, name="income"),
    path("money/income/rule/", views.distribution_rule, name="rule"),
    path("money/ledger/", views.ledger, name="ledger"),
    path("money/statements/", views.statements_index, name="statements"),
    path("money/statements/<str:ods_code>/", views.statement, name="statement"),
    path("money/statements/<str:ods_code>/print/", views.statement_print, name="statement_print"),
    path("money/statements/<str:ods_code>/csv/", views.statement_csv, name="statement_csv"),
]
