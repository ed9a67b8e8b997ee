"""Each role's home: what needs them now, each item linked to where it is done. One presenter
module a role; each reads through the apps' models and queries, in a number of queries that
does not grow with the network (every list is its first few items and a count)."""
