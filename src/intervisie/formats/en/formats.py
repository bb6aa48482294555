# English pages accept the same day-month-year dates as Dutch ones (our users type 1-9-2026).
from django.conf.locale.en.formats import *  # noqa: F403
from django.conf.locale.en.formats import DATE_INPUT_FORMATS as _EN_DATE_INPUT_FORMATS

DATE_INPUT_FORMATS = ["%d-%m-%Y", "%d-%m-%y", "%d/%m/%Y", *_EN_DATE_INPUT_FORMATS]
