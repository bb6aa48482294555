"""The form kit (common/forms.py): fields, widgets and messages every app's forms share."""

from datetime import date, time

import pytest
from django import forms
from django.core.exceptions import ValidationError

from intervisie.common.bsn import BSN_MESSAGE
from intervisie.common.dates import local_datetime
from intervisie.common.forms import (
    TOO_LONG,
    ClockInput,
    add_problems,
    date_field,
    datetime_field,
    number_field,
    parse_clock,
    text_field,
    time_field,
)


class KitForm(forms.Form):
    day = date_field("Datum")
    start = time_field("Begintijd", required_message="Vul de begintijd in.")
    deadline = datetime_field("Tot", required=False)
    size = number_field("Aantal", min_value=2, max_value=20)
    note = forms.CharField(max_length=5, required=False, error_messages={"max_length": TOO_LONG})


VALID = {"day": "2025-10-14", "start": "19:30", "deadline": "", "size": "8", "note": ""}


def test_kit_fields_read_what_the_pickers_send():
    form = KitForm({**VALID, "deadline": "2025-10-14T12:00"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["day"] == date(2025, 10, 14)
    assert form.cleaned_data["start"] == time(19, 30)
    assert form.cleaned_data["deadline"] == local_datetime(date(2025, 10, 14), time(12, 0))
    assert form.cleaned_data["size"] == 8


def test_kit_datetime_field_accepts_a_dutch_date_and_time():
    form = KitForm({**VALID, "deadline": "14-10-2025 12:00"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["deadline"] == local_datetime(date(2025, 10, 14), time(12, 0))


def test_kit_fields_say_in_dutch_what_a_good_value_looks_like():
    form = KitForm(
        {"day": "morgen", "start": "half acht", "deadline": "ooit", "size": "acht", "note": "x" * 6}
    )
    assert form.errors == {
        "day": ["Vul een geldige datum in, bijvoorbeeld 14-10-2025."],
        "start": ["Vul een geldige tijd in, bijvoorbeeld 19:30."],
        "deadline": ["Vul een geldige datum en tijd in, bijvoorbeeld 14-10-2025 12:00."],
        "size": ["Vul een heel getal in, zonder letters."],
        "note": ["Je tekst is te lang. Gebruik maximaal 5 tekens (nu 6)."],
    }


def test_kit_fields_missing_and_out_of_range():
    assert KitForm({"size": ""}).errors == {
        "day": ["Kies een datum."],
        "start": ["Vul de begintijd in."],
        "size": ["Vul een getal in."],
    }
    assert KitForm({**VALID, "size": "1"}).errors == {"size": ["Kies minstens 2."]}
    assert KitForm({**VALID, "size": "21"}).errors == {"size": ["Kies hoogstens 20."]}


def test_kit_widgets_render_the_browser_pickers_with_the_value_kept():
    form = KitForm({**VALID, "deadline": "2025-10-14T12:00"})
    html = str(form["day"]) + str(form["start"]) + str(form["deadline"])
    assert 'type="date" name="day" value="2025-10-14"' in html
    assert 'type="time" name="start" value="19:30"' in html
    assert 'type="datetime-local" name="deadline" value="2025-10-14T12:00"' in html


def test_clock_input_is_a_plain_text_box():
    html = ClockInput().render("arrived_at", "19.30")
    assert (
        html
        == '<input type="text" name="arrived_at" value="19.30" autocomplete="off" size="6" class="clock-input">'
    )


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("19:30", time(19, 30)),
        ("19.30", time(19, 30)),
        ("19,30", time(19, 30)),
        (" 9:05 ", time(9, 5)),
        ("1930", time(19, 30)),
    ],
)
def test_parse_clock_reads_what_people_type(typed, expected):
    assert parse_clock(typed) == expected


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("half acht", "Vul de tijd in als uu:mm, bijvoorbeeld 19:30."),
        ("19:3", "Vul de tijd in als uu:mm, bijvoorbeeld 19:30."),
        ("24:00", "Die tijd bestaat niet. Vul de tijd in als uu:mm, bijvoorbeeld 19:30."),
        ("19:60", "Die tijd bestaat niet. Vul de tijd in als uu:mm, bijvoorbeeld 19:30."),
    ],
)
def test_parse_clock_refuses_anything_else_in_dutch(typed, message):
    with pytest.raises(ValidationError) as raised:
        parse_clock(typed)
    assert raised.value.messages == [message]
    assert raised.value.code == "invalid"


def test_add_problems_puts_each_message_at_its_field_once():
    form = KitForm({**VALID, "start": "nu"})
    assert not form.is_valid()
    add_problems(
        form,
        {"starts_at": "Dit is in het verleden.", "start": "Te vroeg.", "size": "Te veel."},
        {"starts_at": "day"},
    )
    assert form.errors["day"] == ["Dit is in het verleden."]
    assert form.errors["start"] == [
        "Vul een geldige tijd in, bijvoorbeeld 19:30."
    ]  # its first error stays alone
    assert form.errors["size"] == ["Te veel."]


class TextForm(forms.Form):
    reason = text_field("Reden", max_length=20, rows=3, required_message="Geef een reden.")
    note = text_field("Notitie", max_length=20, required=False)


def test_text_field_is_a_text_area_or_a_line_with_its_limit():
    form = TextForm()
    assert (
        str(form["reason"])
        == '<textarea name="reason" cols="40" rows="3" maxlength="20" required id="id_reason">\n</textarea>'
    )
    assert str(form["note"]) == '<input type="text" name="note" maxlength="20" id="id_note">'


def test_text_field_refuses_a_bsn_and_too_much_and_says_what_is_missing():
    assert TextForm({"reason": "", "note": ""}).errors == {"reason": ["Geef een reden."]}
    assert TextForm({"reason": "x" * 21, "note": "BSN 111222333"}).errors == {
        "reason": ["Je tekst is te lang. Gebruik maximaal 20 tekens (nu 21)."],
        "note": [str(BSN_MESSAGE)],
    }
    form = TextForm({"reason": "Ziek", "note": ""})
    assert form.is_valid()
    assert form.cleaned_data == {"reason": "Ziek", "note": ""}
