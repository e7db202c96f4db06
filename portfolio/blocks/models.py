"""What is kept per block of projects: how many times the rows that one kind of sums reads have changed
in the block (written by the database's triggers, portfolio.blocks.triggers), and the block's sums under
a key (what else they depend on, e.g. the strategy period) with the counts they were summed at. Block
WHOLE counts the changes that may move any project in or out of the sums (a focus area's period)."""

from django.db import models

BLOCK_SIZE = 64
WHOLE = -1


def changes_key(kind: str, block: int | str) -> str:
    """BlockChanges' key of a block of a kind of sums: "kind:block" (block "": the prefix of them all)."""
    return f"{kind}:{block}"


class BlockChanges(models.Model):
    """How many times the rows read by one kind of sums have changed in one block. Written only by the
    database's triggers; a block never changed has no row. Keyed by changes_key(), not by a counter:
    a row that a test database restores (Django's serialized rollback) meets its own key, not a second
    row of the same block."""

    key = models.CharField(max_length=40, primary_key=True)
    changes = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = "ændringer i en blok af projekter"
        verbose_name_plural = "ændringer i blokke af projekter"

    def __str__(self):
        return f"{self.key}: {self.changes} ændringer"


class BlockSums(models.Model):
    """One kind of sums of one block's projects under `key`, as they were when the block's and WHOLE's
    change counts were `changes` and `whole_changes`."""

    kind = models.CharField(max_length=20)
    key = models.CharField(max_length=200)
    block = models.IntegerField()
    changes = models.BigIntegerField()
    whole_changes = models.BigIntegerField()
    sums = models.JSONField()

    class Meta:
        verbose_name = "summer for en blok af projekter"
        verbose_name_plural = "summer for blokke af projekter"
        constraints = [
            models.UniqueConstraint(fields=["kind", "key", "block"], name="blocksums_once_per_key"),
        ]

    def __str__(self):
        return f"{self.kind} ({self.key}), blok {self.block}"
