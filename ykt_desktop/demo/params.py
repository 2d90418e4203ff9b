"""What demo county to build (the generator's input; read by its writers, below the generator)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class DemoParams:
    villages: int = 12
    households_per_village: int = 100
    seed: int = 1
    year: int = 2025
    townships: int | None = None
    county_code: str = "420999000000"
    county_name: str = "演示县"
    anomaly_rate: float = 0.002
    visited_share: float = 0.2
