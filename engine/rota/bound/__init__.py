"""A proven lower bound on a rota's objective: no rota can score below it."""
