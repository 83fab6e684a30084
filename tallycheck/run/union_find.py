"""Disjoint sets over hashable keys (union-find with path compression): how the plans of
``--jobs`` join lines, pieces and statements that mention the same names."""

from __future__ import annotations

from typing import Hashable


class UnionFind:
    """A key never joined to another is a set of its own."""

    __slots__ = ("parent",)

    def __init__(self) -> None:
        self.parent: dict = {}

    def find(self, x: Hashable) -> Hashable:
        """The representative of ``x``'s set."""
        parent = self.parent
        root = x
        while parent.get(root, root) != root:
            root = parent[root]
        while parent.get(x, x) != root:
            parent[x], x = root, parent[x]
        return root

    def union(self, a: Hashable, b: Hashable) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[ra] = rb
