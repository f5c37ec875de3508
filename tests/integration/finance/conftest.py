"""A small finance market: an investor with a fund, a bank with a product, firms with financing needs, admins."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest

from techbridge.accounts.model import User
from techbridge.accounts.repository import UserRepository
from techbridge.finance import service as finance
from techbridge.kernel.clock import beijing_today
from tests.support.factories import credit_code, make_org, make_user

HYDROGEN_FUND = {
    "name": "京冀氢能产业投资基金", "funder_type": "政府引导基金", "ticket_min": "500", "ticket_max": "3000",
    "stages": "天使轮、A轮", "industries": "氢能、新能源", "regions": "北京、河北", "exclusions": "类金融、房地产",
    "thesis": "重点投资氢能制储运加用全链条的早期项目：高压储氢瓶、加氢站装备、燃料电池电堆与膜电极，"
              "要求核心技术自主、已有中试样机和首批客户验证。",
    "contact_name": "周经理", "contact_phone": "010-82661234",
}
BIO_FUND = {**HYDROGEN_FUND, "name": "津门生物医药创投基金", "funder_type": "创投", "industries": "生物医药",
            "regions": "天津、河北", "stages": "A轮、B轮", "ticket_min": "1000", "ticket_max": "5000",
            "thesis": "投资创新药与高端制剂：小分子靶向药、抗体药物、缓控释制剂，关注临床前到II期的项目。"}
LOAN = {
    "name": "冀科贷", "kind": "科创贷", "limit_max": "1000", "rate_min": "3.2", "rate_max": "4.35", "term_months": "12",
    "regions": "河北", "min_sme_score": "60", "requires_pledge": "否",
    "description": "面向入库科技型中小企业的纯信用流动资金贷款，用于研发投入与中试生产，随借随还。",
}


def need_row(**overrides: str) -> dict[str, str]:
    row = {"title": "IV型储氢瓶中试线建设", "amount": "1500", "stage": "A轮", "industry": "氢能", "region": "唐山",
           "use_of_funds": "建设年产5000只70MPa储氢瓶中试线，购置缠绕设备", "kinds": "股权、债权",
           "description": "公司研制车载70MPa IV型储氢瓶，塑料内胆碳纤维缠绕，已完成样机爆破与疲劳试验，获两家重卡厂试用。",
           "deadline": (beijing_today() + timedelta(days=120)).isoformat()}
    row.update(overrides)
    return row


@dataclass
class Market:
    investor: User
    bank: User
    firm: User
    other_firm: User
    admin_hebei: User
    admin_beijing: User


def _admin(platform, scope: str | None) -> User:
    user = make_user(platform, role="admin")
    with platform.uow() as uow:
        stored = uow.repo(UserRepository).get(user.id)
        stored.region_scope = scope
        uow.commit()
        return stored


@pytest.fixture
def market(platform) -> Market:
    investor = make_user(platform, role="seeker", org_id=make_org(platform, name="中关村氢能投资管理有限公司",
                                                                org_type="企业", code=credit_code("91", "110108")))
    bank = make_user(platform, role="seeker", org_id=make_org(platform, name="河北测试银行唐山分行", org_type="企业",
                                                            code=credit_code("91", "130203"), region="唐山路北区"))
    firm = make_user(platform, role="seeker", org_id=make_org(platform, name="唐山测试氢能装备有限公司", org_type="企业",
                                                            code=credit_code("91", "130203"), region="唐山路北区"))
    other = make_user(platform, role="seeker", org_id=make_org(platform, name="天津测试药业有限公司", org_type="企业",
                                                             code=credit_code("91", "120116"), region="滨海新区"))
    return Market(investor, bank, firm, other, _admin(platform, "130000"), _admin(platform, "110000"))


def publish(platform, admin: User, kind: str, record_id: int) -> None:
    finance.review(platform.uow(), actor=admin, kind=kind, record_id=record_id, approve=True)
