"""Technology readiness levels (技术就绪水平) 1–9 as defined in GB/T 22900-2022.

Stage names are our concise wording of the standard's level definitions.
"""

from __future__ import annotations

from techbridge.kernel.errors import ValidationError

# GB/T 22900-2022 《科学技术研究项目评价通则》, technology readiness levels.
TRL_NAMES: dict[int, str] = {
    1: "发现基本原理或看到基本原理的报道",
    2: "形成技术概念或应用方案",
    3: "关键功能和特性在实验室得到验证",
    4: "研制出实验室样品，部件在实验室环境中验证",
    5: "形成模拟环境下的原理样机，在相关环境中验证",
    6: "形成中试样机，在相关环境中完成系统演示",
    7: "形成工程样机，在实际环境中完成演示验证",
    8: "形成定型产品，通过试验验证和鉴定",
    9: "产品批量生产，在实际应用中得到成功考验",
}

# Where each level sits on the 概念验证 → 中试熟化 → 批量生产 chain the 2025 measures name.
TRL_PHASES: dict[int, str] = {
    1: "基础研究",
    2: "基础研究",
    3: "应用研究",
    4: "概念验证",
    5: "概念验证",
    6: "中试熟化",
    7: "中试熟化",
    8: "产业化",
    9: "产业化",
}


def validate_trl(value: object, *, field: str = "trl") -> int:
    """Parse a TRL given as 7, "7", "7级", "TRL7" and check it lies in 1..9."""
    text = str(value if value is not None else "").strip().upper().removeprefix("TRL").removesuffix("级").strip()
    if not text:
        raise ValidationError("请选择技术成熟度（1至9级）", field=field, code="required")
    if not text.isdigit() or not 1 <= int(text) <= 9:
        raise ValidationError(f"技术成熟度应为1至9级的整数，收到“{value}”", field=field, code="trl_range")
    return int(text)


def trl_label(level: int) -> str:
    """E.g. "7级 · 中试熟化：形成工程样机，在实际环境中完成演示验证"."""
    return f"{level}级 · {TRL_PHASES[level]}：{TRL_NAMES[level]}"
