"""Where our sheets go in the sheet list: a replacement takes the old sheet's place; a new
sheet goes after the previous one of this build, else before the next one, else first."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SheetOrder:
    layout: list[tuple[str, int]]  # ("old", index in the old list) or ("new", index of the placement)
    active: int  # the new position of the active tab

    def position(self, item: tuple[str, int]) -> int:
        return self.layout.index(item)

    def old_to_new(self) -> dict[int, int]:
        """Old position → new one, for the sheets that stay."""
        return {i: position for position, (kind, i) in enumerate(self.layout) if kind == "old"}


def sheet_order(old_count: int, replaces: list[int | None], active_old: int) -> SheetOrder:
    """`replaces[i]`: the old position placement i replaces, or None for a new sheet."""
    layout: list[tuple[str, int]] = [("old", i) for i in range(old_count)]
    for i, old in enumerate(replaces):
        if old is not None:
            layout[layout.index(("old", old))] = ("new", i)
    for i, old in enumerate(replaces):
        if old is None:
            previous = [j for j, (kind, k) in enumerate(layout) if kind == "new" and k < i]
            following = [j for j, (kind, k) in enumerate(layout) if kind == "new" and k > i]
            layout.insert(previous[-1] + 1 if previous else following[0] if following else 0, ("new", i))
    if active_old in replaces:
        active = layout.index(("new", replaces.index(active_old)))
    else:
        active = next((p for p, item in enumerate(layout) if item == ("old", active_old)), 0)
    return SheetOrder(layout, active)
