"""The kept sums of every block of projects for one kind and key: the blocks whose rows have changed
since their sums were kept (their change count, or WHOLE's, is not the one kept with them) are summed
again and kept; the others are read as kept. The caller adds the blocks' sums up.

The change counts are read before the rows: a change committed while a block is summed leaves a count
newer than the one kept with its sums, so the block is summed again at the next read (the kept sums may
have seen the change or not). Two readers that sum the same block at once both write it; either's
counts and sums are right."""

from django.db.models import Max, Q

from portfolio.blocks.models import BLOCK_SIZE, WHOLE, BlockChanges, BlockSums, changes_key
from portfolio.models import Project


def kept_sums(kind: str, key: str, sum_blocks) -> list:
    """[the sums of each block, in block order] of `kind` under `key`: kept, or summed again by
    `sum_blocks(blocks)` ({block: sums as JSON} of each of `blocks`: in_blocks() selects their rows).
    Three queries when no block has changed; one more write, and sum_blocks()'s, when some have."""
    prefix = changes_key(kind, "")
    changes = {
        int(key.removeprefix(prefix)): count
        for key, count in BlockChanges.objects.filter(key__startswith=prefix).values_list("key", "changes")
    }
    whole = changes.get(WHOLE, 0)
    kept = {
        block: (block_changes, whole_changes, sums)
        for block, block_changes, whole_changes, sums in BlockSums.objects.filter(
            kind=kind, key=key
        ).values_list("block", "changes", "whole_changes", "sums")
    }
    last = Project.objects.aggregate(last=Max("pk"))["last"]
    blocks = range(last // BLOCK_SIZE + 1) if last is not None else range(0)
    stale = [block for block in blocks if kept.get(block, (None, None))[:2] != (changes.get(block, 0), whole)]
    if stale:
        fresh = sum_blocks(stale)
        BlockSums.objects.bulk_create(
            [
                BlockSums(
                    kind=kind,
                    key=key,
                    block=block,
                    changes=changes.get(block, 0),
                    whole_changes=whole,
                    sums=fresh[block],
                )
                for block in stale
            ],
            update_conflicts=True,
            unique_fields=["kind", "key", "block"],
            update_fields=["changes", "whole_changes", "sums"],
        )
        kept.update((block, (None, None, fresh[block])) for block in stale)
    return [kept[block][2] for block in blocks]


def in_blocks(blocks: list, lookup: str = "project_id") -> Q:
    """The rows whose `lookup` (a project id) lies in one of `blocks` (sorted): a range per run of
    consecutive blocks."""
    runs: list = []
    for block in blocks:
        if runs and runs[-1][1] == block - 1:
            runs[-1] = (runs[-1][0], block)
        else:
            runs.append((block, block))
    condition = Q()
    for first, last in runs:
        condition |= Q(**{f"{lookup}__gte": first * BLOCK_SIZE, f"{lookup}__lt": (last + 1) * BLOCK_SIZE})
    return condition
