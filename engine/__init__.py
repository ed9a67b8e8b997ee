"""Pure-Python engines: they take plain frozen problems and return plain results. Nothing here
imports Django, so the engines are tested, benchmarked and run in bulk without a database."""
