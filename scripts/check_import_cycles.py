"""Fail if any modules of mock_codeartifact import each other in a cycle.

import-linter checks the direction between layers, not cycles inside one
layer; this walks the whole module graph (every import statement, including
those inside functions and under ``TYPE_CHECKING``, as grimp reads them) and
prints each strongly connected group of modules. Run by .ci/run:

    python scripts/check_import_cycles.py
"""

from __future__ import annotations

import sys

import grimp


def import_cycles(package: str) -> list[list[str]]:
    """Each group of two or more modules that reach one another (Tarjan)."""
    graph = grimp.build_graph(package)
    edges = {module: sorted(graph.find_modules_directly_imported_by(module)) for module in graph.modules}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(root: str) -> None:
        # iterative Tarjan: deep import chains must not hit the recursion limit
        work = [(root, iter(edges.get(root, ())))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(edges.get(child, ()))))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    group = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        group.append(member)
                        if member == node:
                            break
                    if len(group) > 1:
                        groups.append(sorted(group))

    for module in sorted(edges):
        if module not in index:
            visit(module)
    return sorted(groups)


def main() -> int:
    groups = import_cycles("mock_codeartifact")
    for group in groups:
        print("import cycle among:", ", ".join(group))
    print(f"{len(groups)} import cycle(s)")
    return 1 if groups else 0


if __name__ == "__main__":
    sys.exit(main())
