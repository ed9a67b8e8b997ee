"""Every write to the workforce, one module a subject: the register and people's records
(staff), the network's own role figures (catalogue), drafting the register from the NHS file
(nhs_import) and applying a register CSV (register_import). Keyword-only arguments, the acting
user as `by`, one transaction, an audit entry for each change."""
