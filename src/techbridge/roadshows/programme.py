"""The printable programme (节目单) of a roadshow: HTML rendered to PDF with the platform's CJK fonts."""

from __future__ import annotations

from datetime import datetime, timedelta
from importlib.resources import files

from techbridge.kernel.industries import industry_name
from techbridge.kernel.money import format_wan
from techbridge.roadshows import rules
from techbridge.roadshows.service import RoadshowView

START = "09:30"  # the programme's first slot when the organiser gives no time


def timetable(view: RoadshowView, start: str = START) -> list[tuple[str, str]]:
    """(from, to) clock times of each slot in programme order, one after another."""
    at = datetime.strptime(start, "%H:%M")
    out = []
    for slot in view.slots:
        end = at + timedelta(minutes=slot.slot.minutes)
        out.append((at.strftime("%H:%M"), end.strftime("%H:%M")))
        at = end
    return out


def render_html(view: RoadshowView, organiser: str) -> str:
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    folder = files("techbridge.roadshows").joinpath("report_templates")
    env = Environment(loader=FileSystemLoader(str(folder)), autoescape=select_autoescape(["html"]))
    env.filters.update(wan=format_wan, industry=industry_name)
    return env.get_template("programme.html").render(v=view, organiser=organiser, times=timetable(view),
                                                     criteria=rules.CRITERIA)


def render_pdf(view: RoadshowView, organiser: str) -> bytes:
    """The programme as a PDF document."""
    from weasyprint import HTML

    return bytes(HTML(string=render_html(view, organiser)).write_pdf())
