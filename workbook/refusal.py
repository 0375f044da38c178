"""The one shape of every refusal a seller reads: what was refused and why, in Chinese and in English."""
from __future__ import annotations


class Refusal(Exception):
    """Base of the refusals (an unsafe package, a feature we cannot carry, a file we will not touch …)."""

    def __init__(self, zh: str, en: str):
        super().__init__(f"{zh} / {en}")
        self.zh, self.en = zh, en
