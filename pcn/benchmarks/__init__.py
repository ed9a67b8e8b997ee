"""Benchmarks: commands that measure loading, pages, the allocation and rota engines and the
money pages, and print their figures into docs/benchmarks.md. Kept out of the product apps:
nothing a user meets imports them."""
