import datetime as dt

from defusedxml import ElementTree as ET

from intervisie.programmes.charts import Bar, bar_chart, cumulative_chart

SVG = "{http://www.w3.org/2000/svg}"


def texts(svg: str) -> list[str]:
    return [element.text for element in ET.fromstring(svg).iter(f"{SVG}text")]


def of(bar):
    return f"{bar.value} van {bar.target}"


def test_a_bar_chart_is_an_image_with_a_title_and_description_for_screen_readers():
    svg = bar_chart(
        chart_id="mix",
        title="Aanmeldingen per categorie",
        description="Studenten: 3 van 4.",
        bars=[Bar("Studenten", 3, 4)],
        value_label=of,
    )
    root = ET.fromstring(svg)
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "mix-title mix-desc"
    assert root.find(f"{SVG}title").text == "Aanmeldingen per categorie"
    assert root.find(f"{SVG}title").get("id") == "mix-title"
    assert root.find(f"{SVG}desc").text == "Studenten: 3 van 4."
    # No style attributes: the Content-Security-Policy allows no inline styles.
    assert "style=" not in svg


def test_a_bar_chart_writes_every_number_and_draws_the_targets():
    bars = [Bar("Studenten", 3, 4), Bar("Professionals", 5, 4), Bar("Ouders", 0, 2)]
    svg = bar_chart(chart_id="mix", title="T", description="D", bars=bars, value_label=of)
    assert texts(svg) == ["Studenten", "3 van 4", "Professionals", "5 van 4", "Ouders", "0 van 2"]
    root = ET.fromstring(svg)
    # A background and a filled bar per row with people (none for 0), a target marker per row.
    assert len(root.findall(f"{SVG}rect")) == 3 + 2
    assert len(root.findall(f"{SVG}line")) == 3
    # The longest bar (5 of a scale of 5) fills the whole width; 3 fills three fifths.
    widths = [float(rect.get("width")) for rect in root.findall(f"{SVG}rect")]
    assert widths == [220, 132, 220, 220, 220]


def test_a_bar_chart_escapes_what_people_typed():
    svg = bar_chart(
        chart_id="p", title="<b>", description="a & b", bars=[Bar("<script>x</script>", 1)], value_label=str
    )
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert texts(svg)[0] == "<script>x</script>"


def test_the_cumulative_chart_shows_each_weeks_total_and_the_weeks():
    points = [(dt.date(2027, 4, 5), 2), (dt.date(2027, 4, 12), 2), (dt.date(2027, 4, 19), 7)]
    svg = cumulative_chart(
        chart_id="weeks",
        title="Aanmeldingen per week, opgeteld",
        description="Na week 3: 7.",
        points=points,
        date_format=lambda day: day.strftime("%d-%m"),
    )
    root = ET.fromstring(svg)
    assert root.find(f"{SVG}title").text == "Aanmeldingen per week, opgeteld"
    assert len(root.findall(f"{SVG}circle")) == 3
    labels = texts(svg)
    # Gridline values 0, 2, 4, 6, 8; then per point its total and its week.
    assert labels == ["0", "2", "4", "6", "8", "2", "05-04", "2", "12-04", "7", "19-04"]
    assert "style=" not in svg


def test_the_cumulative_chart_of_no_sign_ups_is_empty():
    assert cumulative_chart(chart_id="w", title="T", description="D", points=[], date_format=str) == ""


def test_a_single_week_is_drawn_in_the_middle():
    svg = cumulative_chart(
        chart_id="w", title="T", description="D", points=[(dt.date(2027, 4, 5), 1)], date_format=str
    )
    circle = ET.fromstring(svg).find(f"{SVG}circle")
    assert float(circle.get("cx")) == 44 + 400 / 2
