"""How good and how fast the rota optimiser is, against what a manager does by hand today.

Three measures, each with its baselines in the same run (these machines are shared and noisy,
so figures are medians with CPU time and load beside, never one-off times):

- the frozen problems (benchmarks/rota/, frozen.py): the demo network's 4 weeks from 7 December
  2026 and generated networks of 80 people and 8 practices, each against the best rota known
  for it, at 10 and 60 seconds on 2 workers and at 10 on one worker (twice, for the same rota);
  beside them the manager's equal split (engine/rota/baseline.py) and CP-SAT on the
  straightforward model (straightforward.py);
- every PCN in the NHS workforce file, one week each, solved as a batch by 1 and 2 task worker
  processes (pcn/benchmarks/rota/batch.py);
- a re-plan after one person's week of leave: how many published sessions it changes, against
  the fewest any rota must.
"""
