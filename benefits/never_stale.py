"""A cache for figures the benefit pages read from many rows, which is never stale: installed at start-up
by governance, whose dashboard cache (governance.dashboard.cache.cached_value) keys every value by a token
that every write to the tables the dashboard shows replaces, in every process. `benefits` sits below
`governance`, so the cache is handed in rather than imported; without one, every read computes. A value
cached here must read only those tables (tests/benefits/test_totals_cache.py checks the totals')."""

_cached_value = None


def install(cached_value) -> None:
    """Use `cached_value(name=, key_parts=, compute=)` for cached()."""
    global _cached_value
    _cached_value = cached_value


def cached(*, name: str, key_parts, compute):
    """`compute()`, from the installed cache under `name` and `key_parts` when there is one."""
    if _cached_value is None:
        return compute()
    return _cached_value(name=name, key_parts=key_parts, compute=compute)
