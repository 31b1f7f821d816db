"""How many fuzz examples each operation got (reported by conftest.py at the
end of the run)."""

from __future__ import annotations

from collections import Counter

EXAMPLES: Counter[str] = Counter()
