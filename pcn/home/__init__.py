"""The pages that gather several apps for one reader: the networks a person belongs to, the
network overview and My work. They sit above the apps, so no app imports another's queries
to build a page."""
