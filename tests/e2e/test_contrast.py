"""Every text on the platform's pages against what is behind it meets WCAG 2.1 AA (4.5:1, large text 3:1),
measured in a real browser as each role sees the pages (tests/e2e/contrast.js)."""

from pathlib import Path

from tests.e2e.conftest import login

MEASURE = (Path(__file__).parent / "contrast.js").read_text(encoding="utf-8")
PAGES = {
    None: ["/", "/achievements", "/achievements/1", "/demands", "/demands/1", "/talent", "/instruments", "/policies",
           "/policies/1", "/challenges", "/login", "/register"],
    "zjk-wangshan-h2@demo.techbridge.cn": ["/workspace", "/demands/new", "/achievements/2"],
    "admin@demo.techbridge.cn": ["/review", "/dashboard", "/dashboard/targets", "/board", "/engagements/1",
                                 "/dashboard/funnel", "/dashboard/parks"],
}


def test_every_text_meets_wcag_aa_contrast_on_every_page(page):
    measured = []
    for who, paths in PAGES.items():
        if who:
            page.context.clear_cookies()
            login(page, who)
        for path in paths:
            page.goto(path)
            page.wait_for_load_state("networkidle")
            measured += [dict(m, page=path) for m in page.evaluate(MEASURE)]
    assert len(measured) > 500
    lowest = min(measured, key=lambda m: m["ratio"] / m["need"])
    print(f"\nlowest contrast: {lowest['ratio']:.2f}:1 (needs {lowest['need']}) — {lowest['where']} “{lowest['text']}” "
          f"{lowest['fg']} on {lowest['bg']} at {lowest['page']}; {len(measured)} text/background pairs")
    failing = sorted({(m["page"], m["where"], m["fg"], m["bg"], round(m["ratio"], 2), m["text"])
                      for m in measured if m["ratio"] < m["need"]})
    assert not failing, "\n".join(map(str, failing[:40]))
