from django.urls import path

from .views import income, maxima, overview, pay, statements

app_name = "money"
urlpatterns = [
    path("money/", overview.overview, name="overview"),
    path("money/rates/", overview.rates, name="rates"),
    path("money/rates/enter/", overview.set_rate, name="set_rate"),
    path("money/settings/", overview.profile, name="profile"),
    path("money/maxima/", maxima.maxima_page, name="maxima"),
    path("money/maxima/enter/", maxima.enter_maximum, name="enter_maximum"),
    path("money/pay/", pay.salary_lines, name="salary_lines"),
    path("money/pay/csv/", pay.salary_lines_csv, name="salary_lines_csv"),
    path("money/pay/import/", pay.import_lines, name="import_lines"),
    path("money/pay/import/confirm/", pay.confirm_import, name="confirm_import"),
    path("money/claims/", pay.claims_page, name="claims"),
    path("money/claims/<int:claim_id>/", pay.claim, name="claim"),
    path("money/claims/<int:claim_id>/submit/", pay.submit_claim, name="submit_claim"),
    path("money/claims/<int:claim_id>/paid/", pay.pay_claim, name="pay_claim"),
    path("money/claims/<int:claim_id>/dates/", pay.correct_dates, name="correct_claim_dates"),
    path("money/claims/<int:claim_id>/csv/", pay.claim_csv, name="claim_csv"),
    path("money/claims/<int:claim_id>/arrears/", pay.add_arrears, name="add_arrears"),
    path("money/forecast/", overview.forecast, name="forecast"),
    path(
        "money/planned/<int:planned_post_id>/remove/",
        overview.remove_planned_post,
        name="remove_planned_post",
    ),
    path("money/income/", income.income, name="income"),
    path("money/income/rule/", income.distribution_rule, name="rule"),
    path("money/income/first-calls/new/", income.add_first_call, name="add_first_call"),
    path("money/ledger/", income.ledger, name="ledger"),
    path("money/statements/", statements.statements_index, name="statements"),
    path("money/statements/<str:ods_code>/", statements.statement, name="statement"),
    path(
        "money/statements/<str:ods_code>/print/",
        statements.statement_print,
        name="statement_print",
    ),
    path("money/statements/<str:ods_code>/csv/", statements.statement_csv, name="statement_csv"),
]
