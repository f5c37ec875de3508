"""Fixtures for the matching unit tests: a deterministic embedder and listing factories."""

from __future__ import annotations

import pytest

from techbridge.matching.types import ACHIEVEMENT, DEMAND, Listing
from tests.support.embedders import HashingEmbedder


@pytest.fixture
def embedder() -> HashingEmbedder:
    return HashingEmbedder()


def achievement(id_: str, title: str, body: str, **fields: object) -> Listing:
    """An achievement listing whose text is title + body."""
    return Listing(id=id_, kind=ACHIEVEMENT, title=title, text=f"{title}。{body}", **fields)  # type: ignore[arg-type]


def demand(id_: str, title: str, body: str, **fields: object) -> Listing:
    """A demand listing whose text is title + body."""
    return Listing(id=id_, kind=DEMAND, title=title, text=f"{title}。{body}", **fields)  # type: ignore[arg-type]


ACHIEVEMENTS = [
    ("A1", "高压储氢气瓶碳纤维缠绕技术", "研制70MPa车载储氢气瓶，采用碳纤维复合材料缠绕内胆，爆破压力满足标准。"),
    ("A2", "玉米秸秆青贮饲料发酵工艺", "通过乳酸菌接种改善秸秆青贮品质，提高奶牛采食量和产奶量。"),
    ("A3", "城市道路交叉口信号优先控制", "针对公交车和应急车辆，提出多智能体信号优先控制方法，减少车辆延误。"),
    ("A4", "锂离子电池正极材料包覆改性", "采用氧化铝包覆提高高镍正极材料的循环稳定性和热稳定性。"),
    ("A5", "果蔬冷链保鲜技术", "综述了气调贮藏、冷藏和臭氧保鲜等果蔬保鲜方法的研究进展。"),
]


@pytest.fixture
def achievements() -> list[Listing]:
    return [achievement(i, t, b) for i, t, b in ACHIEVEMENTS]
