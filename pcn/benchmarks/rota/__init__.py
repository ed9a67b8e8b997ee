"""How good and how fast the rota optimiser is, against what a manager does by hand today.

Four measures, each with its baseline in the same run (these machines are shared and noisy, so
figures are medians and ratios, never one-off times):

- the demo network, 4 weeks: the optimiser's rota at 10 seconds (and 60) against the baseline's
  equal split of each person's sessions over the practices that opted in (engine/rota/baseline.py);
- generated networks of 80 people and 8 practices, 4 weeks: the first rota, and the gap at 10
  and 60 seconds;
- every PCN in the NHS workforce file, one week each, solved as a batch by 1 and 2 task worker
  processes (pcn/benchmarks/rota/batch.py);
- a re-plan after one person's week of leave: how many published sessions it changes, against
  the fewest any rota must.
"""
