"""The demo: a real PCN from the shipped NHS files with fictional people in every role and a
year of history, built by `manage.py demo` and by the tests alike. It sits above the apps,
whose own demo modules (e.g. pcn/workforce/demo.py) it calls in turn."""
