"""The money pages: entitlements, rates and the forecast (overview), pay lines and ARRS claims
(pay), income, its sharing out and the ledger (income), each practice's statement
(statements); their shared frame in pages."""
