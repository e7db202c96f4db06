"""Addresses: one URL name reversed for many objects at the cost of one reverse()."""

from django.urls import reverse


class Addresses:
    """reverse() of one URL name for many objects: the address is reversed once with placeholder ids and
    each object's ids are put in their places. reverse() costs tens of microseconds a call, which tells on
    a page that links every row of a long list (the Project Board meeting's light changes, the roadmap).
    Should an id's placeholder not appear exactly once in the address, each call reverses it."""

    PLACEHOLDERS = (987654321, 876543219)

    def __init__(self, name: str, arity: int):
        self.name = name
        placeholders = self.PLACEHOLDERS[:arity]
        address = reverse(name, args=placeholders)
        marks = [str(placeholder) for placeholder in placeholders]
        self.parts = None
        if all(address.count(mark) == 1 for mark in marks):
            parts, rest = [], address
            for mark in marks:
                before, rest = rest.split(mark)
                parts.append(before)
            self.parts = [*parts, rest]

    def __call__(self, *ids) -> str:
        if self.parts is None:
            return reverse(self.name, args=ids)
        pieces = [self.parts[0]]
        for pk, part in zip(ids, self.parts[1:], strict=True):
            pieces += [str(int(pk)), part]
        return "".join(pieces)
