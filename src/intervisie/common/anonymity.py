"""The anonymity floor of the whole platform: no aggregate (an average, a count of answers, a chart,
a cell of a report or an export) is shown over fewer people than this, so no answer can be traced to
one person. One constant for evaluations, reflections, reports and research (DESIGN.md)."""

MIN_GROUP_SIZE = 5


def enough_people(count: int) -> bool:
    return count >= MIN_GROUP_SIZE
