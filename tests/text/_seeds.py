"""Helpers to read the real press-release seeds the project grew from."""

from pathlib import Path

SEEDS_DIR = Path(__file__).resolve().parents[3] / "shared" / "seeds"


def seed_texts() -> dict[str, str]:
    if not SEEDS_DIR.is_dir():
        return {}
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(SEEDS_DIR.glob("*.txt"))}
