"""The workforce pages, one module a subject: the staff register and a person's record
(staff), belonging, the role catalogue, the NHS import, the pulse, register files and
retention."""
