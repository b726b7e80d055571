"""The coverage bulletin (通报) as PDF and XLSX, drawn from its frozen figures."""

from django.utils import translation
from django.utils.translation import gettext as _

from infrastructure.exports import tables_to_xlsx
from infrastructure.pdf import pdf_render

RANKING_HEADER = ["名次", "代表团", "应学人数", "已完成人数", "未完成人数", "覆盖率"]
SUMMARY_HEADER = ["项目", "数值"]


def bulletin_title(figures: dict) -> str:
    return _("Bulletin on the coverage of “%(requirement)s”") % {
        "requirement": figures["requirement"]
    }


def bulletin_issuer() -> str:
    return _("Shanghai People's Congress Online College")


def bulletin_pdf(*, figures: dict) -> bytes:
    """The bulletin in the college's document style, in Chinese whoever issues it."""
    with translation.override("zh-hans"):
        title = bulletin_title(figures)
        issuer = bulletin_issuer()
        return pdf_render(
            template="coverage/pdf/bulletin.html",
            context={
                "figures": figures,
                "title": title,
                "issuer": issuer,
                "percent": round(figures["coverage"] * 100, 1),
                "ranking": [
                    {**row, "percent": round(row["coverage"] * 100, 1)}
                    for row in figures["ranking"]
                ],
            },
            title=title,
            author=issuer,
            subject=f"{figures['scope']} · {figures['issued_on']}",
        )


def bulletin_xlsx(*, figures: dict) -> bytes:
    """The bulletin's figures: a summary sheet and the ranking of delegations."""
    with translation.override("zh-hans"):
        title, issuer = bulletin_title(figures), bulletin_issuer()
    summary = [
        ["标题", title],
        ["发布单位", issuer],
        ["日期", figures["issued_on"]],
        ["范围", figures["scope"]],
        ["截止日期", figures["deadline"]],
        ["应学人数", figures["cohort_size"]],
        ["已完成人数", figures["covered"]],
        ["未完成人数", figures["uncovered"]],
        ["覆盖率", figures["coverage"]],
    ]
    ranking = [
        [
            row["rank"],
            row["delegation"],
            row["cohort_size"],
            row["covered"],
            row["uncovered"],
            row["coverage"],
        ]
        for row in figures["ranking"]
    ]
    return tables_to_xlsx(
        [("通报", SUMMARY_HEADER, summary), ("各代表团排名", RANKING_HEADER, ranking)]
    )
