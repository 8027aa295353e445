"""Short wordings the report's sections share: a function's stage name, how many items were
rated, an answer as a stage or as not applicable / don't know / not rated. Kept apart from
`content` so the sections import it, not the module that assembles them."""

from __future__ import annotations

from maturity_workbook.core.framework import Framework
from maturity_workbook.core.scoring import DimensionResult
from maturity_workbook.core.workbook import UNKNOWN, UNRATED
from maturity_workbook.report import i18n
from maturity_workbook.report.i18n import SnapshotReport, arg, translate


def stage_name(result: DimensionResult) -> str:
    return result.stage.name if result.stage is not None else translate(
        "SnapshotReport", "insufficient data")


def coverage_text(result) -> str:
    """'5 of 7' (+ '(1 n/a)', '(1 don't know)'): items rated of all items, from a
    DimensionResult or the advice's FunctionStatus (both carry rated, not_applicable, unknown
    and total). Not applicable is left out of the score; don't know is a gap to find out."""
    text = arg(translate("SnapshotReport", "%1 of %2", "items rated of all items"),
               i18n.integer(result.rated), i18n.integer(result.total))
    if result.not_applicable:
        text += " " + SnapshotReport.tr("(%n n/a)", "items not applicable",
                                        result.not_applicable)
    if getattr(result, "unknown", 0):
        text += " " + SnapshotReport.tr("(%n don't know)", "items nobody knew",
                                        result.unknown)
    return text


def level_text(framework: Framework, level: object) -> str:
    """'3 Scaling', 'not applicable' or 'not rated'."""
    if level is UNRATED:
        return translate("SnapshotReport", "not rated")
    if level is None:
        return translate("SnapshotReport", "not applicable")
    if level is UNKNOWN:
        return translate("SnapshotReport", "don't know")
    return arg("%1 %2", i18n.integer(level), framework.stage(level).name)
