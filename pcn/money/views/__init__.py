"""The money pages: entitlements, rates and the forecast (overview), pay lines and ARRS
claims (pay), income, its sharing out and the practices' statements (income); their shared
frame in pages."""
