"""The sample's plan: a goal that changed once, whose current metrics have values at the three
question bank 1.0 assessments (not yet at the autumn 2026 reassessment: its review asks for them),
and an action plan with done, dropped, open and overdue actions in three phases."""

from datetime import date

import pytest

from maturity_workbook.core import action_plan, plan
from maturity_workbook.store import WorkbookStore
from tests.store.helpers import SAMPLE

AFTER_THE_LAST = date(2026, 12, 1)  # the day these tests read the sample as of


@pytest.fixture(scope="module")
def sample():
    return WorkbookStore.open(SAMPLE, read_only=True).workbook


def test_the_goal_changed_once_and_history_keeps_both(sample):
    first, second, third, fourth = sample.ordered_assessments()
    versions = plan.goal_versions(sample)
    assert [g.priority for g in versions] == ["onboarding", "product-usage"]
    assert plan.goal_at(sample, first) == plan.goal_at(sample, second) == versions[0]
    assert plan.goal_at(sample, third) == plan.goal_at(sample, fourth) == versions[1] \
        == plan.current_goal(sample)


def test_the_current_metrics_are_measured_over_the_three_1_0_assessments(sample):
    assessments = sample.ordered_assessments()[:3]  # autumn 2026's values are not recorded yet
    metrics = plan.metrics_of(sample, plan.current_goal(sample))
    assert 1 <= len(metrics) <= plan.MAX_METRICS
    for metric in metrics:
        trend = plan.metric_trend(sample, metric)
        assert [p.assessment_id for p in trend] == [a.id for a in assessments], metric.name
        assert plan.direction(metric) != 0 and metric.source and metric.unit
        assert 0 < plan.progress(metric, trend[-1].value) < 1  # moving, not there yet
    assert any(plan.direction(m) < 0 for m in metrics)  # one where lower is better
    assert any(m.continues for m in metrics)  # one carried over from the earlier goal


def test_the_action_plan_has_done_dropped_open_and_overdue(sample):
    actions = action_plan.actions(sample)
    statuses = {a.status for a in actions}
    assert statuses == set(plan.STATUSES)
    overdue = action_plan.overdue_actions(sample, AFTER_THE_LAST)
    assert 1 <= len(overdue) < len(action_plan.open_actions(sample))
    assert all(a.owner and a.due and a.status_changed and a.created for a in actions)
    phases = action_plan.ordered_phases(sample, AFTER_THE_LAST)
    assert {p.horizon for p in phases} == set(plan.HORIZONS)
    assert all(p.targets for p in phases)
    assert {a.dimension_id for a in action_plan.open_actions(sample)} >= {"technology",
                                                                          "content"}


def test_each_reassessment_reviews_what_was_done_since_the_one_before(sample):
    _first, second, third, fourth = sample.ordered_assessments()
    for assessment, before in ((third, second), (fourth, third)):
        review = action_plan.review_since_last(sample, assessment, AFTER_THE_LAST)
        assert review.previous.id == before.id
        assert review.done and review.dropped and review.carried, assessment.title
    spring = action_plan.review_since_last(sample, third, AFTER_THE_LAST)
    assert all(r.before is not None and r.now is not None for r in spring.metrics)
    # autumn 2026: the metrics were measured in spring, and are still to record now
    autumn = action_plan.review_since_last(sample, fourth, AFTER_THE_LAST)
    assert autumn.metrics and all(r.before is not None and r.now is None
                                  for r in autumn.metrics)
