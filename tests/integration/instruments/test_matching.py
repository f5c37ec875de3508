"""Matching a need written in words ("需要做XX检测") or a demand to instruments, on SQLite and PostgreSQL."""

from techbridge.instruments import service as instruments
from techbridge.matching.documents import embed_documents
from tests.integration.instruments.conftest import FATIGUE_TESTER

EMC = {**FATIGUE_TESTER, "name": "3米法电波暗室", "category": "电磁兼容与电学测试",
       "capabilities": "车载电子零部件与工业设备电磁兼容（EMC）辐射发射和辐射抗扰度测试、预测试与整改", "specs": ""}
ICPMS = {**FATIGUE_TESTER, "name": "电感耦合等离子体质谱仪", "category": "质谱仪器", "voucher_eligible": "否",
         "capabilities": "中药材、食品、土壤和水中铅、镉、砷、汞等重金属及微量元素测定", "specs": ""}


def catalogue(platform, lab):
    for record in (EMC, ICPMS):
        instruments.save_instrument(platform.uow(), actor=lab.owner, raw=record)
    with platform.uow() as uow:
        embed_documents(uow, platform.embedder, instruments.KIND, instruments.instrument_documents(platform.uow()))
        uow.commit()


def test_a_need_in_words_finds_the_instrument_that_can_do_it(platform, lab):
    catalogue(platform, lab)
    for need, name in (("需要做焊缝疲劳寿命测试", "电液伺服疲劳试验机"), ("药材进厂要测重金属", "电感耦合等离子体质谱仪"),
                       ("车载控制器EMC摸底测试", "3米法电波暗室")):
        page = instruments.search(platform.uow(), platform.embedder, instruments.InstrumentQuery(q=need))
        assert page.items[0].instrument.name == name, need
        assert page.items[0].relevance == 1.0 and page.items[0].hit.summary


def test_filters_apply_before_ranking(platform, lab):
    catalogue(platform, lab)
    page = instruments.search(platform.uow(), platform.embedder,
                              instruments.InstrumentQuery(q="重金属检测", voucher=True))
    assert "电感耦合等离子体质谱仪" not in [c.instrument.name for c in page.items]
    assert dict(instruments.search(platform.uow(), None, instruments.InstrumentQuery()).facets["category"]) == {
        "力学性能测试": 1, "电磁兼容与电学测试": 1, "质谱仪器": 1}
