"""Sums over the whole portfolio kept per block of projects (BLOCK_SIZE consecutive project ids), so
that a change is summed again only in its own block: the dashboard's benefit totals and its lights.

- models: how many times each block's rows have changed, per kind of sums, and the kept sums with the
  count they were summed at;
- triggers: the database triggers that count those changes, whichever way a row is written;
- kept: the sums of every block, those whose count has moved summed again first.
"""
